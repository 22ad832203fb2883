"""`storyweave eval clustering`: run the story clusterer over a labelled set and score it.

Three modes: plain runs (stream order and/or shuffled batch), `--cv FOLDS` (fit the scorer and choose
the threshold on the other topics, score each held-out fold; the honest figure), and `--fit` (fit on the
whole set: the weights and threshold that go into `storyweave.cluster.similarity.DEFAULT_SCORER`).
When records carry a `topic`, the predicted stories are also scored against topics ("topic-level").
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from storyweave.analyze.embeddings import CachingEmbedder, Embedder, load_embedder
from storyweave.cluster import ClusterConfig, StoryClusterer
from storyweave.cluster.learn import Example, choose_threshold, cross_validate, fit_scorers
from storyweave.eval.clustering import LabelledText, clustering_scores, read_labelled_jsonl

THRESHOLDS = (0.1, 0.2, 0.35, 0.5)


def run_clustering_eval(
    dataset: Path,
    label: str = "story",
    order: str = "both",
    seed: int = 0,
    seeds: int = 1,
    threshold: float | None = None,
    embeddings: bool = True,
    limit: int | None = None,
    cv_folds: int | None = None,
    fit: bool = False,
    window_days: int = 30,
) -> dict[str, Any]:
    rows = list(read_labelled_jsonl(dataset, label))[:limit]
    config = ClusterConfig(window_days=window_days, use_embeddings=embeddings)
    if threshold is not None:
        config = replace(config, threshold=threshold)
    embedder: Embedder | None = CachingEmbedder(load_embedder(config.embedding)) if embeddings else None
    report: dict[str, Any] = {"dataset": str(dataset), "label": label, "items": len(rows)}
    if cv_folds or fit:
        examples = [Example(r.to_article(), r.label, r.group or r.label) for r in rows]
        if cv_folds:
            report["cv"] = _cv_report(examples, rows, config, embedder, cv_folds)
        if fit:
            report["fit"] = _fit_report(examples, config, embedder)
        return report
    if order in ("input", "both"):
        report["input_order"] = _run(rows, config, embedder)
    if order in ("shuffled", "both"):
        runs = []
        for s in range(seed, seed + max(1, seeds)):
            shuffled = rows[:]
            random.Random(s).shuffle(shuffled)
            runs.append(_run(shuffled, config, embedder))
        report["shuffled"] = _mean(runs) | {"seeds": list(range(seed, seed + max(1, seeds)))}
    return report


def _run(rows: Sequence[LabelledText], config: ClusterConfig, embedder: Embedder | None) -> dict[str, Any]:
    articles = [r.to_article() for r in rows]
    started = time.perf_counter()
    clusterer = StoryClusterer(config, embedder=embedder)
    clusterer.observe(articles)
    clusterer.add_many(articles)
    clusterer.maintain()
    elapsed = time.perf_counter() - started
    predicted = [clusterer.story_of(a.id) for a in articles]
    out: dict[str, Any] = {
        "threshold": config.threshold,
        **clustering_scores([r.label for r in rows], predicted),
    }
    if all(r.group is not None for r in rows):
        topic = clustering_scores([r.group for r in rows], predicted)
        out["topic_level"] = {k: topic[k] for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi")}
    out["articles_per_second"] = round(len(rows) / elapsed, 1) if elapsed else 0.0
    return out


def _cv_report(
    examples: list[Example],
    rows: Sequence[LabelledText],
    config: ClusterConfig,
    embedder: Embedder | None,
    folds: int,
) -> dict[str, Any]:
    results = cross_validate(examples, config, embedder, THRESHOLDS, folds=folds)
    gold = [g for r in results for g in r.gold]
    predicted = [p for r in results for p in r.predicted]
    # Held-out folds are clustered separately; their story ids are fold-prefixed, so pooling is exact.
    group_of = {e.label: e.group for e in examples}
    pooled = clustering_scores(gold, predicted)
    topic = clustering_scores([group_of[g] for g in gold], predicted)
    return {
        "folds": folds,
        "pooled": pooled,
        "topic_level": {k: topic[k] for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi")},
        "per_fold": [
            {
                "topics": list(r.groups),
                "thresholds": {"join": r.thresholds[0], "split": r.thresholds[1], "merge": r.thresholds[2]},
                "bcubed_f1": clustering_scores(r.gold, r.predicted)["bcubed_f1"],
            }
            for r in results
        ],
    }


def _fit_report(examples: list[Example], config: ClusterConfig, embedder: Embedder | None) -> dict[str, Any]:
    scorers = fit_scorers(examples, config, embedder, (0, 1, 2))
    chosen, by_thresholds = choose_threshold(examples, config, embedder, scorers, THRESHOLDS, (0, 1))
    return {
        "article_scorer": {
            "weights": [round(w, 3) for w in scorers.article.weights],
            "bias": round(scorers.article.bias, 3),
        },
        "story_scorer": None
        if scorers.story is None
        else {
            "weights": [round(w, 3) for w in scorers.story.weights],
            "bias": round(scorers.story.bias, 3),
        },
        "threshold": chosen[0],
        "split_threshold": chosen[1],
        "merge_threshold": chosen[2],
        "f1_in_sample": {",".join(map(str, t)): round(f, 4) for t, f in by_thresholds.items()},
    }


def _mean(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in runs[0].items():
        if isinstance(value, dict):
            out[key] = _mean([r[key] for r in runs])
        elif isinstance(value, int | float):
            out[key] = round(float(np.mean([r[key] for r in runs])), 4)
    return out
