"""`storyweave eval TASK …`: the quality benchmarks, each a thin wrapper over a pure scoring function."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyweave.settings import Settings

DEFAULT_DATA = Path("../shared/data")


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(title="tasks", metavar="TASK")

    p = sub.add_parser("clustering", help="B-cubed, NMI and ARI of story clustering on a labelled JSONL set")
    p.add_argument("dataset", type=Path, help="JSONL with a gold label per record (ECB+, stream)")
    p.add_argument("--label", default="story", help="record key holding the gold cluster (default: story)")
    p.add_argument(
        "--order",
        choices=["input", "shuffled", "both"],
        default="both",
        help="stream the records as given, shuffled with --seed, or both (default: both)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--seeds", type=int, default=1, help="shuffles to average for --order shuffled")
    p.add_argument("--threshold", type=float, help="override the join threshold (a probability)")
    p.add_argument("--no-embeddings", action="store_true", help="cluster on TF-IDF, names, years, numbers")
    p.add_argument("--limit", type=int, help="use only the first N records (quick looks at big sets)")
    p.add_argument(
        "--cv",
        type=int,
        metavar="FOLDS",
        help="cross-validate by the records' `topic`: fit and tune on the other folds, score held-out ones",
    )
    p.add_argument("--fit", action="store_true", help="fit the scorer and threshold on the whole set")
    p.set_defaults(handler=eval_clustering)


def eval_clustering(args: argparse.Namespace, settings: Settings) -> int:
    from storyweave.eval.cluster_runs import run_clustering_eval

    report = run_clustering_eval(
        args.dataset,
        label=args.label,
        order=args.order,
        seed=args.seed,
        seeds=args.seeds,
        threshold=args.threshold,
        embeddings=not args.no_embeddings,
        limit=args.limit,
        cv_folds=args.cv,
        fit=args.fit,
        window_days=settings.cluster.window_days,
    )
    print(json.dumps(report, indent=2))
    return 0
