"""Cost of keeping a store's stories up to date: one more article into an archive of N.

`storyweave ingest` adds articles, then brings the store's stories up to date. This script builds a store
of N real articles (ECB+ from ../shared/data, one publication day per topic so the time window matters
as in a live archive), then ingests one new article at a time (`--new`, each a rewrite of a stored
article, so it joins an existing story) and times each of those ingests. Printed as JSON:

- `initial_s`: ingesting the N articles into an empty store (analysis, clustering, every brief);
- `one_more_s`: median seconds to ingest one more article (what a live feed pays per item);
- `briefed_per_ingest`: how many stories each of those ingests briefed again (the rest kept theirs).

    .venv/bin/python benchmarks/ingest.py [--articles 400] [--new 3]

Figures depend on the machine and on what else runs on it; say so when quoting them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from storyweave import api
from storyweave.model import Article
from storyweave.pipeline import Models
from storyweave.settings import Settings
from storyweave.store import Store

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT / ".." / "shared" / "data" / "ecbplus" / "ecbplus_topics_1-35.jsonl"
START = datetime(2025, 3, 3, 8, 0)


def ecb_articles(limit: int) -> list[Article]:
    articles = []
    with ECB.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            topic = int(record["topic"])
            published = START + timedelta(days=topic, hours=len(articles) % 12)
            articles.append(
                Article(
                    id=record["id"],
                    text=record["text"],
                    outlet=f"outlet-{len(articles) % 9}",
                    published=published,
                )
            )
    return articles[:limit]


def rewrite(article: Article, n: int) -> Article:
    """A later, shorter telling of a stored article by another outlet (its first sentences dropped)."""
    lines = [line for line in article.text.split("\n") if line.strip()]
    text = "\n".join(lines[1:] or lines)
    published = (article.published or START) + timedelta(hours=6)
    return Article(id=f"new-{n}-{article.id}", text=text, outlet="late outlet", published=published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--new", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    models = Models(settings)
    articles = ecb_articles(args.articles)
    report: dict[str, object] = {"articles": len(articles)}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        api.ingest_articles(api.ReadResult(articles=articles), store, settings, models)
        report["initial_s"] = round(time.perf_counter() - started, 2)
        report["stories"] = store.story_count()
        times, briefed = [], []
        for n in range(args.new):
            source = articles[(n * 97) % len(articles)]
            started = time.perf_counter()
            result = api.ingest_articles(
                api.ReadResult(articles=[rewrite(source, n)]), store, settings, models
            )
            times.append(time.perf_counter() - started)
            briefed.append(result.briefed)
        report["one_more_s"] = round(statistics.median(times), 3)
        report["one_more_each_s"] = [round(t, 3) for t in times]
        report["briefed_per_ingest"] = briefed
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
