"""`storyweave eval TASK …`: the quality benchmarks, each a thin wrapper over a pure scoring function."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyweave.errors import InputError
from storyweave.eval.claims import add_claims_subcommand
from storyweave.eval.summaries import add_summaries_subcommand
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
    p.add_argument(
        "--method",
        choices=["auto", "news", "short"],
        default="auto",
        help="clusterer: news (learned event model), short (MStream, for tweets/headlines), or auto: short "
        "when the median record has at most cluster.short_max_words words (default: auto)",
    )
    p.set_defaults(handler=eval_clustering)

    p = sub.add_parser("extraction", help="main-text extraction F1 on the Zyte article-extraction benchmark")
    p.add_argument(
        "data_dir", type=Path, nargs="?", default=DEFAULT_DATA / "zyte_extraction",
        help="folder with ground-truth.json and html/ (default: ../shared/data/zyte_extraction)",
    )  # fmt: skip
    p.set_defaults(handler=eval_extraction)

    p = sub.add_parser("sentences", help="sentence-boundary precision/recall/F1 and speed on ECB+")
    p.add_argument(
        "dataset", type=Path, nargs="?", default=DEFAULT_DATA / "ecbplus" / "ecbplus_topics_1-35.jsonl",
        help="ECB+ JSONL, one gold sentence per line of each record's text",
    )  # fmt: skip
    p.add_argument("--limit", type=int, help="use only the first N articles")
    p.set_defaults(handler=eval_sentences)

    p = sub.add_parser("dedup", help="shared-passage precision/recall on syndication generated from ECB+")
    p.add_argument(
        "ecb_path", type=Path, nargs="?", default=DEFAULT_DATA / "ecbplus",
        help="ECB+ folder or its JSONL (default: ../shared/data/ecbplus)",
    )  # fmt: skip
    p.add_argument("--seed", type=int, default=13, help="seed of the generated set (default: 13)")
    p.set_defaults(handler=eval_dedup)

    p = sub.add_parser("aliases", help="entity resolution: ECB+ cross-document coreference, transliteration")
    p.add_argument("part", choices=["ecb", "translit", "both"], nargs="?", default="both")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    p.add_argument("--split", choices=["train", "dev"], default="dev", help="ECB+ split (default: dev)")
    p.set_defaults(handler=eval_aliases)

    add_summaries_subcommand(sub)
    add_claims_subcommand(sub)


def _existing(path: Path) -> Path:
    if not path.exists():
        raise InputError(str(path), "no such file or folder (pass the data path explicitly)")
    return path


def eval_extraction(args: argparse.Namespace, settings: Settings) -> int:
    from storyweave.eval.extraction import evaluate_extraction
    from storyweave.ingest.html import html_main_text

    print(json.dumps(evaluate_extraction(_existing(args.data_dir), html_main_text), indent=2))
    return 0


def eval_sentences(args: argparse.Namespace, settings: Settings) -> int:
    from itertools import islice

    from storyweave.analyze.sentences import split_sentences
    from storyweave.eval.sentences import evaluate_splitter, read_ecb_texts

    records = list(islice(read_ecb_texts(_existing(args.dataset)), args.limit))
    print(json.dumps(evaluate_splitter(records, split_sentences), indent=2))
    return 0


def eval_dedup(args: argparse.Namespace, settings: Settings) -> int:
    from storyweave.eval.dedup import evaluate_dedup

    print(json.dumps(evaluate_dedup(_existing(args.ecb_path), args.seed, settings.dedup), indent=2))
    return 0


def eval_aliases(args: argparse.Namespace, settings: Settings) -> int:
    from storyweave.eval.aliases import evaluate_ecb_entities, evaluate_translit

    report: dict[str, object] = {}
    if args.part in ("ecb", "both"):
        ecb = _existing(args.data / "ecbplus")
        report["ecb_by_topic"] = evaluate_ecb_entities(ecb, args.split, settings.resolve, by_topic=True)
        report["ecb_by_story"] = evaluate_ecb_entities(ecb, args.split, settings.resolve, by_topic=False)
    if args.part in ("translit", "both"):
        report["translit"] = evaluate_translit(_existing(args.data / "translit" / "wd_russian_dev"))
    print(json.dumps(report, indent=2))
    return 0


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
        method=args.method,
        short_settings=settings.cluster,
    )
    print(json.dumps(report, indent=2))
    return 0
