"""Main-text extraction on the Zyte article-extraction pages: our HTML reader vs plain trafilatura.

    .venv/bin/python benchmarks/extraction.py [DATA_DIR] [--sweep]

DATA_DIR defaults to ../shared/data/zyte_extraction relative to the repository root. Prints mean
per-page 4-gram shingle F1, precision and recall, and pages per second, for each extractor. `--sweep`
also scores the trafilatura option combinations the reader's options were chosen from.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

from storyweave.eval.extraction import evaluate_pages, load_pages
from storyweave.ingest import html as html_reader

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "zyte_extraction"

SWEEP: dict[str, dict[str, Any]] = {
    "favor_recall": {"favor_recall": True},
    "favor_precision": {"favor_precision": True},
    "no_comments": {"include_comments": False},
    "no_comments+recall": {"include_comments": False, "favor_recall": True},
    "no_comments+precision": {"include_comments": False, "favor_precision": True},
    "no_comments+precision-tables": {
        "include_comments": False,
        "favor_precision": True,
        "include_tables": False,
    },
    "no_comments+precision+fast": {"include_comments": False, "favor_precision": True, "fast": True},
}


def _plain(options: dict[str, Any]) -> Callable[[str], str]:
    return lambda page: trafilatura.extract(page, **options) or ""


def _ours_without_cleaning(page: str) -> str:
    result = html_reader.extract(page)
    return (result.text or "") if result is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sweep", action="store_true", help="also score trafilatura option combinations")
    args = parser.parse_args(argv)
    pages = load_pages(args.data_dir)
    extractors: dict[str, Callable[[str], str]] = {
        "trafilatura.extract (defaults)": _plain({}),
        "storyweave HTML reader": html_reader.html_main_text,
    }
    if args.sweep:
        extractors["storyweave reader, no clean.py"] = _ours_without_cleaning
        extractors.update({f"trafilatura {name}": _plain(opts) for name, opts in SWEEP.items()})
    print(f"{len(pages)} pages from {args.data_dir}")
    print(f"{'extractor':40s} {'F1':>7s} {'prec':>7s} {'recall':>7s} {'pages/s':>8s}")
    for name, extractor in extractors.items():
        r = evaluate_pages(pages, extractor)
        scores = f"{r['f1']:7.4f} {r['precision']:7.4f} {r['recall']:7.4f}"
        print(f"{name:40s} {scores} {r['pages_per_second']:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
