from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.eval.clustering import bcubed, clustering_scores, read_labelled_jsonl


def test_bcubed_perfect_and_all_in_one() -> None:
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, [1, 1, 2, 2]) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(gold, [0, 0, 0, 0])
    assert precision == pytest.approx(0.5) and recall == 1.0


def test_bcubed_known_value() -> None:
    # gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}
    p, r, f = bcubed(["x", "x", "x", "y", "y"], [1, 1, 2, 2, 2])
    assert p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_scores_include_nmi_and_ari() -> None:
    scores = clustering_scores(["a", "a", "b"], [0, 0, 1])
    assert scores["nmi"] == 1.0 and scores["ari"] == 1.0 and scores["clusters"] == 2


def test_reader_handles_both_layouts(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    rows = [{"id": "1", "text": "t", "story": "s1"}, {"Id": "2", "textCleaned": "u", "story": "s2"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    read = list(read_labelled_jsonl(path, "story"))
    assert [(r.id, r.text, r.label) for r in read] == [("1", "t", "s1"), ("2", "u", "s2")]
    with pytest.raises(KeyError):
        list(read_labelled_jsonl(path, "topic"))


def test_reader_keeps_topic_date_and_language_for_articles(tmp_path: Path) -> None:
    path = tmp_path / "ecb.jsonl"
    record = {"id": "1_1ecb", "topic": 1, "story": "1ecb", "text": "Quake.", "published": "2025-05-01"}
    path.write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    (row,) = read_labelled_jsonl(path, "story")
    assert row.group == "1" and row.label == "1ecb"
    article = row.to_article()
    assert article.id == "1_1ecb" and article.published is not None and article.published.day == 1


def test_bcubed_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        bcubed(["a"], [1, 2])
