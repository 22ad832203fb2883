"""`storyweave eval clustering`: run the story clusterer over a labelled set and score it.

Three modes: plain runs (stream order and/or shuffled batch), `--cv FOLDS` (fit the scorer and choose
the threshold on the other topics, score each held-out fold; the honest figure), and `--fit` (fit on the
whole set: the weights and threshold that go into `storyweave.cluster.similarity.DEFAULT_SCORER`).
Plain runs use `--method` (auto, news, short; `cluster_articles`' rule for auto) and report the method
that ran; `--cv` and `--fit` fit the news clusterer's scorers, so they always run news.
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
from storyweave.cluster.batch import choose_method
from storyweave.cluster.learn import Example, choose_threshold, cross_validate, fit_scorers
from storyweave.cluster.shorttext import ShortTextClusterer
from storyweave.errors import InputError
from storyweave.eval.clustering import LabelledText, clustering_scores, read_labelled_jsonl

# Join thresholds tried on the training folds. The low end matters for coarse labels (ECB+ `topic`, two
# events per label): there 0.1, then the lowest value, was chosen on every fold, and then 0.02.
THRESHOLDS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5)


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
    method: str = "auto",
    short_settings: ClusterConfig | None = None,
) -> dict[str, Any]:
    """`short_settings` supplies the short-text model's `short_*` fields (the CLI passes the loaded
    settings, so `--config` can change them); everything else starts from the defaults."""
    rows = list(read_labelled_jsonl(dataset, label))[:limit]
    short = short_settings or ClusterConfig()
    config = ClusterConfig(
        window_days=window_days,
        use_embeddings=embeddings,
        method=method,
        short_alpha=short.short_alpha,
        short_beta=short.short_beta,
        short_batch=short.short_batch,
        short_iterations=short.short_iterations,
        short_keep_batches=short.short_keep_batches,
        short_max_words=short.short_max_words,
    )
    if threshold is not None:
        config = replace(config, threshold=threshold)
    if cv_folds or fit:
        if method == "short":
            raise InputError(
                "--method short", "--cv and --fit fit the news clusterer; use --method news or auto"
            )
        ran = "news"
    else:  # the median length is the same in any order, so one decision serves every run
        ran = choose_method([r.to_article() for r in rows], config)
    needs_embedder = embeddings and ran == "news"
    embedder: Embedder | None = CachingEmbedder(load_embedder(config.embedding)) if needs_embedder else None
    report: dict[str, Any] = {
        "dataset": str(dataset),
        "label": label,
        "items": len(rows),
        "method_requested": method,
        "method": ran,
    }
    if cv_folds or fit:
        examples = [Example(r.to_article(), r.label, r.group or r.label) for r in rows]
        if cv_folds:
            report["cv"] = _cv_report(examples, rows, config, embedder, cv_folds)
        if fit:
            report["fit"] = _fit_report(examples, config, embedder)
        return report
    config = replace(config, method=ran)
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
    """One run of `config.method` ("news" or "short", already decided) over `rows` in the given order."""
    articles = [r.to_article() for r in rows]
    started = time.perf_counter()
    clusterer: StoryClusterer | ShortTextClusterer
    if config.method == "short":
        clusterer = ShortTextClusterer(config)
        clusterer.add_many(articles)
        settings: dict[str, Any] = {
            "short_alpha": config.short_alpha,
            "short_beta": config.short_beta,
            "short_batch": config.short_batch,
            "short_iterations": config.short_iterations,
            "short_keep_batches": config.short_keep_batches,
        }
    else:
        clusterer = StoryClusterer(config, embedder=embedder)
        clusterer.observe(articles)
        clusterer.add_many(articles)
        clusterer.maintain()
        settings = {"threshold": config.threshold}
    elapsed = time.perf_counter() - started
    predicted = [clusterer.story_of(a.id) for a in articles]
    out: dict[str, Any] = {
        "method": config.method,
        **settings,
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
