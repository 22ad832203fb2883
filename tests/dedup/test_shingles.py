from __future__ import annotations

import numpy as np

from storyweave.dedup.shingles import fold, fold_many, shingle_rows, shingle_set


def test_fold_makes_quote_punctuation_and_case_changes_vanish() -> None:
    assert fold('He said "no" -- twice.') == fold("he said “no” — twice")


def test_fold_merges_transliteration_variants() -> None:
    assert fold("Aleynyk") == fold("Aleinik")
    assert fold("organisation") == fold("organization")


def test_fold_transliterates_other_scripts() -> None:
    assert fold("Лукашенко") == fold("Lukashenko")
    assert fold("café") == fold("cafe")


def test_fold_many_equals_fold_of_each() -> None:
    texts = ["Hello “World”", "Минск", "", "a\x00b", "北京"]
    assert fold_many(texts) == [fold(t.replace("\x00", " ")) for t in texts]


def test_shingle_rows_never_span_two_texts() -> None:
    hashes, offsets = shingle_rows(["abcdef", "xy", "ghijk"], 5)
    assert offsets.tolist() == [0, 2, 2, 3]
    assert len(hashes) == 3
    # The same k-gram gets the same hash wherever it occurs.
    again, _ = shingle_rows(["zzghijk"], 5)
    assert hashes[2] == again[2]


def test_one_changed_letter_changes_few_shingles() -> None:
    a = shingle_set(fold("The minister Kowalczyk met reporters in the capital on Monday"), 5)
    b = shingle_set(fold("The minister Kovalczik met reporters in the capital on Monday"), 5)
    inter = len(np.intersect1d(a, b))
    assert inter / (len(a) + len(b) - inter) > 0.75


def test_empty_input() -> None:
    hashes, offsets = shingle_rows([], 5)
    assert len(hashes) == 0 and offsets.tolist() == [0]
