"""Main-text extraction quality: per-page 4-gram shingle precision / recall / F1, mean over pages.

The scoring follows the article-extraction benchmark (Zyte / Scrapinghub, MIT): a page's text is split
into word tokens (`\\w+`), every run of 4 consecutive tokens is a shingle, and shingles are compared as
multisets (a shingle that appears twice in the gold text must be extracted twice to count twice).
The scoring functions are pure; `evaluate_extraction` reads the dataset folder:

    data_dir/ground-truth.json   {page_id: {"articleBody": str, "url": str, ...}}
    data_dir/html/<page_id>.html.gz
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of the n-token shingles of `text`; a text shorter than n tokens is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    precision: float
    recall: float
    f1: float


def score_page(predicted: str, gold: str, n: int = SHINGLE_SIZE) -> PageScore:
    """Shingle precision/recall/F1 of one page. Empty vs empty is perfect; empty vs non-empty scores 0."""
    pred, true = shingles(predicted, n), shingles(gold, n)
    if not pred and not true:
        return PageScore(1.0, 1.0, 1.0)
    overlap = sum((pred & true).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(true.values()) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PageScore(precision, recall, f1)


def mean_scores(scores: list[PageScore]) -> dict[str, float]:
    if not scores:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {
        "precision": sum(s.precision for s in scores) / len(scores),
        "recall": sum(s.recall for s in scores) / len(scores),
        "f1": sum(s.f1 for s in scores) / len(scores),
    }


def load_pages(data_dir: Path) -> list[tuple[str, str, str]]:
    """(page_id, html, gold_text) for every page with both a ground-truth entry and an HTML file."""
    truth: dict[str, dict[str, Any]] = json.loads((data_dir / "ground-truth.json").read_text("utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = data_dir / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            continue
        raw = gzip.decompress(path.read_bytes())
        # The benchmark pages are UTF-8; a stray bad byte must not abort the whole run.
        pages.append(
            (page_id, raw.decode("utf-8", errors="replace"), truth[page_id].get("articleBody") or "")
        )
    return pages


def evaluate_pages(pages: list[tuple[str, str, str]], extractor: Callable[[str], str]) -> dict[str, Any]:
    """Score `extractor` (HTML -> main text) on already loaded pages; adds pages/s of the extractor alone."""
    scores: list[PageScore] = []
    per_page: dict[str, float] = {}
    elapsed = 0.0
    for page_id, html, gold in pages:
        started = time.perf_counter()
        predicted = extractor(html) or ""
        elapsed += time.perf_counter() - started
        score = score_page(predicted, gold)
        scores.append(score)
        per_page[page_id] = score.f1
    result: dict[str, Any] = mean_scores(scores)
    result["pages"] = len(pages)
    result["seconds"] = elapsed
    result["pages_per_second"] = len(pages) / elapsed if elapsed > 0 else 0.0
    result["per_page_f1"] = per_page
    return result


def evaluate_extraction(data_dir: Path, extractor: Callable[[str], str]) -> dict[str, Any]:
    """Mean per-page shingle precision, recall and F1 of `extractor` on the dataset at `data_dir`."""
    return evaluate_pages(load_pages(Path(data_dir)), extractor)
