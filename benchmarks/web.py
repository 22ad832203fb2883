"""Web server throughput and latency (issue 8): the story page and the JSON API over a 10k-article store.

Synthesizes articles and briefs directly through `Store` (no NLP pipeline): 10,000 articles in stories of
1 to 40 articles, every brief section filled. Starts `uvicorn` (one process, one worker) on 127.0.0.1 in a
subprocess, then loads each endpoint with 10 concurrent connections for a fixed time, each request
picking a random story (or page), and prints requests/s and p50/p99 latency.

The load generator is `wrk` (Debian package `wrk`) when it is installed, else an asyncio + httpx client
in this file (`--client httpx` forces it). Targets: story page p99 < 100 ms, API p99 < 50 ms.

    .venv/bin/python benchmarks/web.py [--articles 10000] [--seconds 10] [--connections 10] [--client wrk]

Figures depend on the machine and on what else runs on it (the load generator shares the cores with
the server here); say so when quoting them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from storyweave.model import (
    Article,
    Brief,
    BriefArticle,
    Claim,
    Conflict,
    ConflictValue,
    Coverage,
    Descriptor,
    Entity,
    Quote,
    Sentence,
    SharedPassage,
    StoryHeader,
    SummarySentence,
    Support,
    TimelineEvent,
)
from storyweave.store import Store

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "river accord summit minister talks border trade port strike ferry council election vote court "
    "ruling budget tax energy grid storm flood rescue hospital school bridge rail airport police report"
).split()
NAMES = ["Ivan Korsak", "Maria Olen", "Tomas Reyk", "Anna Vell", "Piotr Dals", "Lena Moor", "Sami Kett"]
PLACES = ["Lakeside", "Portville", "Millbrook", "Eastgate", "Northam", "Riverton", "Westfold"]
OUTLETS = [f"Outlet {n}" for n in range(40)]


def sentence(rng: random.Random, story: int, n: int) -> str:
    words = rng.sample(WORDS, 9)
    name, place = NAMES[story % len(NAMES)], PLACES[(story // 7) % len(PLACES)]
    return f"{name} said in {place} that the {' '.join(words)} matter {story}-{n} was settled."


def synthesize(count: int, seed: int = 8) -> tuple[list[Article], list[Brief]]:
    rng = random.Random(seed)
    articles: list[Article] = []
    briefs: list[Brief] = []
    start = datetime(2023, 1, 1)
    story = 0
    while len(articles) < count:
        size = min(count - len(articles), rng.choice([1, 1, 2, 3, 5, 8, 13, 21, 40]))
        day = start + timedelta(days=rng.randrange(300))
        members: list[Article] = []
        for k in range(size):
            sents = [sentence(rng, story, n) for n in range(6)]
            text = " ".join(sents)
            offsets, pos = [], 0
            for s in sents:
                offsets.append(Sentence(start=pos, end=pos + len(s), text=s))
                pos += len(s) + 1
            members.append(
                Article(
                    id=f"a{story:05d}-{k:02d}",
                    text=text,
                    title=f"Story {story}: {' '.join(rng.sample(WORDS, 5))}",
                    outlet=OUTLETS[rng.randrange(len(OUTLETS))],
                    url=f"https://news.example/{story}/{k}",
                    published=day + timedelta(hours=k),
                    language="en",
                    sentences=offsets,
                )
            )
        articles += members
        briefs.append(brief_for(f"s-{story:05d}", members, rng))
        story += 1
    return articles, briefs


def brief_for(story_id: str, members: list[Article], rng: random.Random) -> Brief:
    first, last = members[0], members[-1]
    summary = []
    for n in range(min(4, len(first.sentences))):
        cited = members[:3]
        support = [
            Support(a.id, a.sentences[n].start, a.sentences[n].end, a.sentences[n].text) for a in cited
        ]
        summary.append(SummarySentence(first.sentences[n].text, [a.id for a in cited], support))
    ids = [a.id for a in members]
    statuses = ["corroborated", "single_source", "conflicting"]
    claims = [
        Claim(f"c{n}", members[0].sentences[n].text, rng.choice(statuses), ids[: 1 + n % 3]) for n in range(5)
    ]
    conflicts = (
        [
            Conflict(
                "figure", [ConflictValue("15", ids[:1], "15 documents"), ConflictValue("20", ids[1:2], "20")]
            )
        ]
        if len(members) > 1 and rng.random() < 0.3
        else []
    )
    return Brief(
        story=StoryHeader(
            id=story_id,
            title=first.title,
            first_published=first.published.isoformat() if first.published else None,
            last_published=last.published.isoformat() if last.published else None,
            article_count=len(members),
            outlet_count=len({a.outlet for a in members}),
        ),
        articles=[
            BriefArticle(
                a.id, a.outlet, a.title, a.url, a.published.isoformat() if a.published else None, "en"
            )
            for a in members
        ],
        summary=summary,
        claims=claims,
        conflicts=conflicts,
        quotes=[Quote(NAMES[0], "e0", "We will see.", ids[:2])],
        entities=[
            Entity(f"e{n}", name, "PERSON", [name, name + "s"], ids[:3], [Descriptor(ids[0], "the minister")])
            for n, name in enumerate(NAMES[:4])
        ],
        timeline=[TimelineEvent("2023-05-01", "day", "Talks began.", ids[:2])],
        shared_passages=(
            [SharedPassage(ids[:2], members[0].sentences[1].text, 0.9)] if len(members) > 1 else []
        ),
        coverage=[Coverage(a, ["c1"], ["c2"]) for a in ids[:10]],
    )


def build_store(path: Path, count: int) -> list[str]:
    started = time.perf_counter()
    articles, briefs = synthesize(count)
    with Store(path) as store:
        store.add_articles(articles)
        store.replace_stories(briefs)
    print(f"store: {len(articles)} articles, {len(briefs)} stories in {time.perf_counter() - started:.1f} s")
    return [b.story.id for b in briefs]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER = """
import sys, uvicorn
from storyweave.settings import Settings
from storyweave.web import WebSettings, create_app
app = create_app(Settings().with_db(sys.argv[1]), WebSettings())
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("server exited") from None
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
math.randomseed(%d)
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def run_wrk(base: str, paths: list[str], seconds: int, connections: int) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "paths.lua"
        script.write_text(LUA % (listing, 8))
        out = subprocess.run(
            [
                "wrk",
                "-t",
                "1",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # The distribution's rows are "   50%    1.74ms" on lines of their own.
    p50 = _ms(re.search(r"^\s+50%[ \t]+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%[ \t]+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if p50 != p50 or p99 != p99:  # NaN: show what wrk said
        print(out, file=sys.stderr)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:  # wrk prints "-nan" and the like when it measured nothing
        return float("nan")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_httpx(base: str, paths: list[str], seconds: int, connections: int) -> tuple[float, float, float, int]:
    import httpx

    async def main() -> tuple[list[float], int]:
        latencies: list[float] = []
        errors = 0
        stop = time.perf_counter() + seconds
        rng = random.Random(8)
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < stop:
                    began = time.perf_counter()
                    response = await client.get(rng.choice(paths))
                    latencies.append((time.perf_counter() - began) * 1000)
                    errors += response.status_code >= 400

            await asyncio.gather(*(worker() for _ in range(connections)))
        return latencies, errors

    began = time.perf_counter()
    latencies, errors = asyncio.run(main())
    elapsed = time.perf_counter() - began
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return len(latencies) / elapsed, pick(0.5), pick(0.99), errors


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument(
        "--client", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx"
    )
    parser.add_argument("--db", help="keep the synthesized store here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "web-bench.db"
        if db.exists():
            os.remove(db)
        story_ids = build_store(db, args.articles)
        rng = random.Random(8)
        sample = rng.sample(story_ids, min(500, len(story_ids)))
        pages = max(1, len(story_ids) // 20)
        targets = [
            ("story page  /stories/{id}", [f"/stories/{s}" for s in sample], 100.0),
            ("front page  /", [f"/?page={rng.randrange(1, 50)}" for _ in range(200)], None),
            ("API  /api/stories/{id}", [f"/api/stories/{s}" for s in sample], 50.0),
            (
                "API  /api/stories?page=",
                [f"/api/stories?page={rng.randrange(1, pages)}" for _ in range(200)],
                50.0,
            ),
            ("API  /api/articles/{id}", [f"/api/articles/{s.replace('s-', 'a')}-00" for s in sample], 50.0),
        ]
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        runner = run_wrk if args.client == "wrk" else run_httpx
        print(f"load: {args.client}, {args.connections} connections, {args.seconds} s per endpoint, "
              f"one uvicorn worker; {os.cpu_count()} CPUs shared by server and client")  # fmt: skip
        print(f"{'endpoint':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  target")
        failed = False
        try:
            for name, paths, target in targets:
                runner(base, paths[:20], 1, args.connections)  # warm-up
                rps, p50, p99, errors = runner(base, paths, args.seconds, args.connections)
                verdict = (
                    "" if target is None else ("ok" if p99 < target else "MISSED") + f" (p99 < {target:g})"
                )
                failed |= target is not None and p99 >= target
                note = f"  {errors} errors" if errors else ""
                print(f"{name:32} {rps:8.0f} {p50:8.1f} {p99:8.1f}  {verdict}{note}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
