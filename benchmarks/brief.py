"""Time to brief one story of N articles, after analysis (issue 7: a 50-article story in under 3 s).

The story: the articles of the biggest ECB+ story (../shared/data/ecbplus, real news text), topped up to N
with rewrites of them (a sentence dropped, the body after the lead shuffled, another outlet, a later day)
the way syndicated copies look; without ECB+ it is built from invented template sentences. Articles get
publication dates spread over five days. Analysis (sentences, spaCy NER) runs first and is not timed;
then, each timed separately, best and median of `--repeat` runs:

- `brief_story`: storyweave.pipeline.brief_story (shared passages, entities, cited summary, assembly);
- `timeline`: storyweave.timeline.build_timeline;
- `coverage`: storyweave.brief.coverage.coverage (with one claim per summary sentence, hand-made);
- `render`: Markdown + HTML of the brief;
- `total`: the sum, what issue 7's 3-second target is about.

    .venv/bin/python benchmarks/brief.py [--articles 50] [--repeat 3]

Figures depend on the machine and on what else runs on it; say so when quoting them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from storyweave.brief.coverage import coverage
from storyweave.brief.render import render_html, render_markdown
from storyweave.model import Article, Claim, Story
from storyweave.pipeline import Models, analyze, brief_story
from storyweave.settings import Settings
from storyweave.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT / ".." / "shared" / "data" / "ecbplus" / "ecbplus_topics_1-35.jsonl"
START = datetime(2025, 3, 3, 8, 0)


def ecb_story(n: int, seed: int = 7) -> list[Article]:
    records = [json.loads(line) for line in ECB.open(encoding="utf-8")]
    biggest, _ = Counter(r["story"] for r in records).most_common(1)[0]
    originals = [r for r in records if r["story"] == biggest]
    return _top_up([(r["id"], r["text"]) for r in originals], n, seed)


def synthetic_story(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    facts = [
        "Dock workers in the port of Velmora walked off the job on Monday over pay.",
        "The Velmora Dockers Union called the strike after wage talks collapsed late on Sunday.",
        "Union leader Mira Castell said the walkout would last until pay was raised.",
        "Port officials said twelve ships were waiting at anchor by Monday evening.",
        "The port authority reported record cargo volumes in the fourth quarter of 2024.",
        "Shipping agents expect delays to spread to nearby ports within days.",
        "Mediators will meet both sides on Thursday, the labour ministry said.",
        "The last strike at the port, in 2019, lasted three weeks.",
    ]
    texts = [(f"v{i}", "\n".join(rng.sample(facts, 6))) for i in range(max(n // 3, 1))]
    return _top_up(texts, n, seed)


def _top_up(texts: list[tuple[str, str]], n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    articles: list[Article] = []
    for i in range(n):
        ident, text = texts[i % len(texts)]
        lines = [line for line in text.split("\n") if line.strip()]
        if i >= len(texts) and len(lines) > 3:
            lines.pop(rng.randrange(1, len(lines)))
            body = lines[1:]
            rng.shuffle(body)
            lines = lines[:1] + body
        articles.append(
            Article(
                id=f"{ident}-{i}",
                text="\n".join(lines),
                outlet=f"outlet-{i % 17}",
                published=START + timedelta(hours=2 * i % 120),
            )
        )
    return articles


def _time(fn, repeat: int) -> tuple[object, list[float]]:  # type: ignore[no-untyped-def]
    result, times = None, []
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    articles = ecb_story(args.articles) if ECB.exists() else synthetic_story(args.articles)
    began = time.perf_counter()
    analyze(articles, Models(settings))
    analysis_s = time.perf_counter() - began
    story = Story(id="s-bench", article_ids=[a.id for a in articles])
    brief, t_brief = _time(lambda: brief_story(story, articles, settings), args.repeat)
    timeline, t_timeline = _time(lambda: build_timeline(articles), args.repeat)
    claims = [
        Claim(f"k{i}", s.text, "corroborated" if len(s.sources) > 1 else "single_source", list(s.sources))
        for i, s in enumerate(brief.summary)  # type: ignore[attr-defined]
    ]
    _, t_coverage = _time(lambda: coverage(articles, claims, {}), args.repeat)
    brief.timeline = timeline  # type: ignore[attr-defined]
    _, t_render = _time(lambda: (render_markdown([brief]), render_html([brief])), args.repeat)  # type: ignore[list-item]
    parts = {"brief_story": t_brief, "timeline": t_timeline, "coverage": t_coverage, "render": t_render}
    totals = [sum(run) for run in zip(*parts.values(), strict=True)]
    report = {
        "articles": len(articles),
        "source": "ecb+" if ECB.exists() else "synthetic",
        "sentences": sum(len(a.sentences) for a in articles),
        "analysis_s_untimed_stage": round(analysis_s, 2),
        "seconds": {
            name: {"best": round(min(t), 3), "median": round(statistics.median(t), 3)}
            for name, t in {**parts, "total": totals}.items()
        },
        "summary_sentences": len(brief.summary),  # type: ignore[attr-defined]
        "timeline_events": len(timeline),  # type: ignore[arg-type]
        "target_s": 3.0,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
