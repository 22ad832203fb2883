"""`storyweave eval TASK …`: the quality benchmarks, each a thin wrapper over a pure scoring function."""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from storyweave.settings import ClusterSettings, Settings

DEFAULT_DATA = Path("../shared/data")


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(title="tasks", metavar="TASK")

    p = sub.add_parser("clustering", help="B-cubed, NMI and ARI of story clustering on a labelled JSONL set")
    p.add_argument("dataset", type=Path, help="JSONL with a gold label per record (ECB+, stream)")
    p.add_argument("--label", default="story", help="record key holding the gold cluster (default: story)")
    p.add_argument(
        "--order",
        choices=["input", "shuffled"],
        default="shuffled",
        help="stream the records as given, or shuffled with --seed (default: shuffled)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threshold", type=float, help="override cluster.threshold")
    p.add_argument(
        "--sweep",
        type=float,
        nargs="+",
        metavar="T",
        help="score each threshold T (mean over --seeds shuffles) instead of one run",
    )
    p.add_argument("--seeds", type=int, default=5, help="shuffles per threshold with --sweep")
    p.set_defaults(handler=eval_clustering)


def eval_clustering(args: argparse.Namespace, settings: Settings) -> int:
    from storyweave.cluster import article_vectors, assign_stories
    from storyweave.eval.clustering import clustering_scores, read_labelled_jsonl

    rows = list(read_labelled_jsonl(args.dataset, args.label))
    cluster_settings = settings.cluster
    if args.threshold is not None:
        cluster_settings = ClusterSettings(threshold=args.threshold, window_days=cluster_settings.window_days)
    thresholds = args.sweep or [cluster_settings.threshold]
    seeds = range(args.seeds) if args.sweep else [args.seed]
    report = []
    for threshold in thresholds:
        runs = []
        for seed in seeds:
            ordered = rows[:]
            if args.order == "shuffled":
                random.Random(seed).shuffle(ordered)
            started = time.perf_counter()
            vectors = article_vectors([_with_title(r.title, r.text) for r in ordered])
            labels = assign_stories(
                vectors,
                [None] * len(ordered),
                ClusterSettings(threshold=threshold, window_days=cluster_settings.window_days),
            )
            elapsed = time.perf_counter() - started
            scores = clustering_scores([r.label for r in ordered], labels)
            scores["articles_per_second"] = round(len(ordered) / elapsed, 1) if elapsed else 0.0
            runs.append(scores)
        report.append({"threshold": threshold, "order": args.order, "runs": len(runs), **_mean(runs)})
    print(json.dumps(report if args.sweep else report[0], indent=2))
    return 0


def _with_title(title: str | None, text: str) -> str:
    return f"{title}\n{title}\n{text}" if title else text


def _mean(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in runs) / len(runs), 4) for key in runs[0]}
