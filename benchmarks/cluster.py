"""Story clustering throughput and memory as the archive grows (issue 4).

Two measurements:

1. `real`: the whole clustering stage with the packaged all-MiniLM-L6-v2 model (embedding included),
   articles/s on real news text: ECB+ articles from ../shared/data when present, else synthetic ones.
   `--compare-graphs` also runs the packaged float graph (`quantize=False`) in the same process, for
   the ratio of the int8-matmul graph the defaults use (storyweave/analyze/quantize.py).
2. `scale`: 1k, 10k and 100k synthetic dated articles (a stream of stories of several kinds, each with
   its own names, place, date and figures), each size in a fresh process for a clean peak RSS, reporting
   ms per article for every tenth of the stream, which must stay flat as the archive grows. The
   embedding here is a random projection of the bag of words (hashed, fixed seed), not the neural model:
   it isolates the cost of the clustering itself, which is what depends on the archive size.

    .venv/bin/python benchmarks/cluster.py real [--articles 1000] [--compare-graphs]
    .venv/bin/python benchmarks/cluster.py scale [--sizes 1000 10000 100000]

Throughput depends on the machine and on what else runs on it; say so when quoting the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from storyweave.analyze.embeddings import load_embedder
from storyweave.cluster import ClusterConfig, StoryClusterer
from storyweave.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data"
KINDS = "earthquake flood election strike merger recall verdict wildfire protest summit".split()


class RandomProjection:
    """Bag of words -> fixed random vectors (seeded by a hash of each word), summed and normalized."""

    name = "random-projection-384"
    dim = 384

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row] += self._vector(word)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def _vector(self, word: str) -> np.ndarray:
        vec = self._vectors.get(word)
        if vec is None:
            rng = np.random.default_rng(zlib.crc32(word.encode()))
            vec = self._vectors[word] = rng.standard_normal(self.dim).astype(np.float32)
        return vec


def synthetic_stream(count: int, seed: int = 0) -> list[Article]:
    """Stories arrive over time: about 8 articles each, several stories of each kind open at once."""
    rng = random.Random(seed)
    syllables = "ka lo mi ra ten vor sa du bel an ko rin tas ul me".split()
    # ~4,000 filler words, drawn with a Zipf-like skew as real text is.
    background = [f"{a}{b}{c}{d}" for a in "bcdfgk" for b in "aeiou" for c in "lmnrst" for d in "aeiouy"][
        :4000
    ]
    weights = [1.0 / (rank + 10) for rank in range(len(background))]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()

    start = datetime(2020, 1, 1)
    articles: list[Article] = []
    stories: list[dict[str, object]] = []
    n = 0
    while len(articles) < count:
        if not stories or rng.random() < 0.14:
            stories.append(
                {
                    "kind": rng.choice(KINDS),
                    "names": [f"{name()} {name()}" for _ in range(3)],
                    "place": name(),
                    "figure": str(rng.randint(2, 900)),
                    "day": start + timedelta(days=n / 40),
                }
            )
            stories = stories[-60:]
        story = rng.choice(stories[-20:])
        names: list[str] = story["names"]  # type: ignore[assignment]
        words = " ".join(rng.choices(background, weights, k=40))
        when: datetime = story["day"] + timedelta(hours=rng.randint(0, 60))  # type: ignore[operator]
        text = (
            f"{rng.choice(names)} said the {story['kind']} in {story['place']} left {story['figure']} "
            f"people affected on {when:%B} {when.day}. {words}. {rng.choice(names)} met officials."
        )
        articles.append(
            Article(id=f"a{n}", text=text, published=when, title=f"{story['kind']} in {story['place']}")
        )
        n += 1
    return articles


def run_scale(size: int) -> dict[str, object]:
    articles = synthetic_stream(size)
    clusterer = StoryClusterer(ClusterConfig(), embedder=RandomProjection())
    tenth = max(1, size // 10)
    per_article_ms: list[float] = []
    started = time.perf_counter()
    for at in range(0, size, tenth):
        t0 = time.perf_counter()
        clusterer.add_many(articles[at : at + tenth])
        per_article_ms.append(round(1000 * (time.perf_counter() - t0) / len(articles[at : at + tenth]), 3))
    elapsed = time.perf_counter() - started
    return {
        "articles": size,
        "stories": len(clusterer.stories()),
        "articles_per_second": round(size / elapsed, 1),
        "ms_per_article_by_tenth": per_article_ms,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "embedder": RandomProjection.name,
    }


def run_real(count: int, data: Path, quantize: bool = True) -> dict[str, object]:
    source = data / "ecbplus" / "ecbplus_topics_1-35.jsonl"
    if source.is_file():
        rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        articles = [Article(id=f"{r['id']}#{n}", text=r["text"]) for n, r in enumerate(rows * 2)][:count]
        corpus = "ecbplus"
    else:
        articles, corpus = synthetic_stream(count), "synthetic"
    config = ClusterConfig()
    config = replace(config, embedding=replace(config.embedding, quantize=quantize))
    embedder = load_embedder(config.embedding)
    embedder.embed(["warm up"])
    started = time.perf_counter()
    clusterer = StoryClusterer(config, embedder=embedder)
    clusterer.observe(articles)
    clusterer.add_many(articles)
    clusterer.maintain()
    elapsed = time.perf_counter() - started
    return {
        "corpus": corpus,
        "articles": len(articles),
        "articles_per_second": round(len(articles) / elapsed, 1),
        "embedder": embedder.name,
        "lead_sentences": config.lead_sentences,
        "max_tokens": config.embedding.max_tokens,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    real = sub.add_parser("real")
    real.add_argument("--articles", type=int, default=1000)
    real.add_argument("--data", type=Path, default=DEFAULT_DATA)
    real.add_argument("--compare-graphs", action="store_true", help="also time the packaged float graph")
    scale = sub.add_parser("scale")
    scale.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    scale.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process
    args = parser.parse_args(argv)
    if args.what == "real":
        runs = [run_real(args.articles, args.data)]
        if args.compare_graphs:
            runs.append(run_real(args.articles, args.data, quantize=False))
        print(json.dumps(runs if args.compare_graphs else runs[0], indent=2))
    elif args.one:
        print(json.dumps(run_scale(args.sizes[0])))
    else:
        for size in args.sizes:
            child = [sys.executable, __file__, "scale", "--one", "--sizes", str(size)]
            print(
                subprocess.run(child, check=True, capture_output=True, text=True).stdout.strip(), flush=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
