"""Shingle scoring of extracted text, and the dataset runner on a small hand-made dataset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyweave.eval.extraction import evaluate_extraction, score_page, shingles


def test_shingles_are_four_word_multisets() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("one, two!") == {("one", "two"): 1}
    assert shingles("") == {}


def test_score_page() -> None:
    gold = "the quick brown fox jumps over the lazy dog"
    assert score_page(gold, gold).f1 == 1.0
    half = score_page("the quick brown fox jumps", gold)  # 2 of 6 gold shingles, all correct
    assert half.precision == 1.0 and half.recall == pytest.approx(2 / 6)
    assert half.f1 == pytest.approx(2 * (2 / 6) / (1 + 2 / 6))
    noisy = score_page(gold + " buy now limited offer today", gold)
    assert noisy.recall == 1.0 and noisy.precision == pytest.approx(6 / 11)
    assert score_page("", gold).f1 == 0.0
    assert score_page("", "").f1 == 1.0


def test_evaluate_extraction_on_a_tiny_dataset(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    pages = {
        "p1": ("<p>alpha beta gamma delta epsilon</p>", "alpha beta gamma delta epsilon"),
        "p2": ("<p>one two three four five six</p>", "one two three four five six seven eight"),
    }
    truth = {}
    for page_id, (html, gold) in pages.items():
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"articleBody": gold, "url": f"https://x.example/{page_id}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))

    def strip_tags(html: str) -> str:
        return html.replace("<p>", " ").replace("</p>", " ")

    result = evaluate_extraction(tmp_path, strip_tags)
    assert result["pages"] == 2
    assert result["per_page_f1"]["p1"] == 1.0
    assert result["precision"] == 1.0
    assert result["recall"] == pytest.approx((1 + 3 / 5) / 2)
