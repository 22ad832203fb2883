"""`storyweave eval dedup`: passage-pair precision/recall (and duplicate-article precision/recall) of the
dedup stage on the syndication set generated from ECB+ (storyweave/eval/syndication.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyweave.dedup import DedupResult, DedupSettings, find_shared_passages
from storyweave.eval.syndication import GoldPassage, SyndicationSet, generate
from storyweave.model import Article, SharedPassage

ECB_FILE = "ecbplus_topics_1-35.jsonl"


def read_records(ecb_path: Path) -> list[dict[str, Any]]:
    """ECB+ records from the JSONL file, or from the file of that name inside a directory."""
    path = ecb_path / ECB_FILE if ecb_path.is_dir() else ecb_path
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def score_passages(
    articles: Sequence[Article], predicted: Sequence[SharedPassage], gold: Sequence[GoldPassage]
) -> dict[str, Any]:
    """A predicted passage is right when it joins a gold (source, target) pair in that order and its span
    in the target overlaps the gold span; a gold passage is found when some prediction overlaps it."""
    texts = {a.id: a.text for a in articles}
    found: set[int] = set()
    true_positives = 0
    by_pair: dict[tuple[str, str], list[tuple[int, GoldPassage]]] = {}
    for n, g in enumerate(gold):
        by_pair.setdefault((g.source, g.target), []).append((n, g))
    wrong: list[dict[str, Any]] = []
    for p in predicted:
        source, target = p.articles
        start = texts[target].find(p.text)
        end = start + len(p.text)
        hits = [n for n, g in by_pair.get((source, target), []) if start < g.end and g.start < end]
        found.update(hits)
        if hits:
            true_positives += 1
        elif len(wrong) < 20:
            wrong.append({"articles": p.articles, "text": p.text[:200], "similarity": p.similarity})
    precision, recall = _ratio(true_positives, len(predicted)), _ratio(len(found), len(gold))
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "predicted": len(predicted),
        "true_positives": true_positives,
        "gold": len(gold),
        "gold_found": len(found),
        "false_positive_examples": wrong,
    }


def score_duplicates(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    """Pair precision/recall of duplicate -> original decisions."""
    right = sum(1 for dup, original in predicted.items() if gold.get(dup) == original)
    precision, recall = _ratio(right, len(predicted)), _ratio(right, len(gold))
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "predicted": len(predicted),
        "gold": len(gold),
    }


def run(dataset: SyndicationSet, settings: DedupSettings | None = None) -> dict[str, Any]:
    dup_ids = set(dataset.duplicates)
    passage_articles = [a for a in dataset.articles if a.id not in dup_ids]
    started = time.perf_counter()
    result: DedupResult = find_shared_passages(passage_articles, settings)
    seconds = time.perf_counter() - started
    report = {"passages": score_passages(passage_articles, result.passages, dataset.passages)}
    # Duplicates are judged in their own run: a re-post shares every sentence with its original, and
    # those passages have no place in the passage gold.
    with_dups = find_shared_passages(dataset.articles, settings)
    report["duplicates"] = score_duplicates(with_dups.duplicate_of, dataset.duplicates)
    # No article of the first run is a duplicate: every decision there is a false one.
    report["duplicates"]["false_duplicates_without_reposts"] = len(result.duplicate_of)
    report["counts"] = {
        "articles": len(passage_articles),
        "articles_with_reposts": len(dataset.articles),
        "gold_passages": len(dataset.passages),
        "hard_negative_same_topic_pairs": dataset.hard_negative_pairs,
        "seconds": round(seconds, 3),
    }
    return report


def evaluate_dedup(ecb_path: Path, seed: int = 13, settings: DedupSettings | None = None) -> dict[str, Any]:
    """Generate the syndication set from ECB+ at `ecb_path` with `seed` and score the dedup stage on it."""
    report = run(generate(read_records(ecb_path), seed), settings)
    report["seed"] = seed
    return report


def main(argv: list[str] | None = None) -> int:
    """`python -m storyweave.eval.dedup [ECB_PATH] [--seed N]` until `storyweave eval dedup` is wired."""
    import argparse

    parser = argparse.ArgumentParser(description="Score shared-passage detection on generated syndication")
    parser.add_argument("ecb_path", type=Path, nargs="?", default=Path("../shared/data/ecbplus"))
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_dedup(args.ecb_path, args.seed), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
