from __future__ import annotations

import math
from collections import Counter

import pytest

from storyweave.cluster.vectors import DocumentFrequencies, SparseSum, dot


def test_idf_matches_smoothed_formula() -> None:
    df = DocumentFrequencies()
    df.add(["quake", "town"])
    df.add(["quake"])
    assert df.idf("quake") == pytest.approx(math.log(3 / 3) + 1)
    assert df.idf("town") == pytest.approx(math.log(3 / 2) + 1)
    assert df.idf("unseen") == pytest.approx(math.log(3 / 1) + 1)


def test_weigh_gives_unit_vectors_and_empty_for_no_terms() -> None:
    df = DocumentFrequencies()
    df.add(["a", "b"])
    vec = df.weigh(Counter({"a": 3, "b": 1}))
    assert sum(v * v for v in vec.values()) == pytest.approx(1.0)
    assert vec["a"] > vec["b"]
    assert df.weigh(Counter()) == {}


def test_running_sum_keeps_its_norm_exact() -> None:
    total = SparseSum()
    vectors = [{"a": 0.6, "b": 0.8}, {"b": 1.0}, {"c": 0.28, "a": 0.96}]
    for v in vectors:
        total.add(v)
    assert total.norm2 == pytest.approx(sum(x * x for x in total.total.values()))
    probe = {"b": 1.0}
    assert total.cosine(probe) == pytest.approx(dot(probe, total.total) / math.sqrt(total.norm2))
    assert 0.0 < total.covered_by(probe) < 1.0 and total.covers(probe) == pytest.approx(1.0)


def test_empty_sum_compares_as_zero() -> None:
    assert SparseSum().cosine({"a": 1.0}) == 0.0 and SparseSum().covered_by({"a": 1.0}) == 0.0
