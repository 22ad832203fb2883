"""Coreference metrics on textbook examples, and the two evaluations on tiny hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyweave.eval.aliases import (
    b_cubed,
    best_threshold,
    ceaf_e,
    coref_scores,
    evaluate_ecb_entities,
    evaluate_translit,
    is_named,
    muc,
)
from storyweave.resolve.entities import TRANSLIT_THRESHOLD

# Pradhan et al. (2014), "Scoring coreference partitions", the worked example:
# key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
KEY = {m: k for k, ms in enumerate(["abc", "defg"]) for m in ms}
RESPONSE = {m: k for k, ms in enumerate(["ab", "cd", "fghi"]) for m in ms}


def test_muc_textbook_example() -> None:
    # Key {abc}: response splits it in 2 (1 link kept of 2); {defg}: d, e (missing), fg -> 1 of 3.
    p, r, _ = muc(KEY, RESPONSE)
    assert r == pytest.approx(2 / 5)
    assert p == pytest.approx(2 / 5)


def test_b_cubed_textbook_example() -> None:
    p, r, _ = b_cubed(KEY, RESPONSE)
    # Recall over key mentions a..g (e is missing from the response, so scores 0).
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 4 + 0 + 2 / 4 + 2 / 4) / 7)
    # Precision over response mentions a, b, c, d, f, g, h, i (h and i are not in the key).
    assert p == pytest.approx((1 + 1 + 1 / 2 + 1 / 2 + 2 / 4 + 2 / 4 + 0 + 0) / 8)


def test_ceaf_e_textbook_example() -> None:
    p, r, _ = ceaf_e(KEY, RESPONSE)
    # Best alignment: {abc}-{ab} phi4 = 4/5, {defg}-{fghi} phi4 = 4/8.
    assert r == pytest.approx((4 / 5 + 1 / 2) / 2)
    assert p == pytest.approx((4 / 5 + 1 / 2) / 3)


def test_perfect_and_all_singletons() -> None:
    assert coref_scores(KEY, KEY)["conll_f1"] == 1.0
    singletons = {m: m for m in KEY}
    assert muc(KEY, singletons)[1] == 0.0
    assert b_cubed(KEY, singletons)[0] == 1.0


def test_is_named() -> None:
    assert is_named("Lindsay Lohan", "HUM") and is_named("Bank of America", "HUM")
    assert not is_named("the actress", "HUM") and not is_named("She", "HUM")
    assert not is_named("Friday", "TIM") and not is_named("CNN 's management", "HUM")


def test_evaluate_ecb_entities_on_a_tiny_file(tmp_path: Path) -> None:
    rows = [
        ("1_1ecb", "Lindsay Lohan", "HUM", "A"), ("1_1ecb", "actress", "HUM", "A"),
        ("1_2ecb", "Lohan", "HUM", "A"), ("1_2ecb", "Betty Ford Center", "LOC", "B"),
        ("1_3ecbplus", "Betty Ford Clinic", "LOC", "B"), ("1_3ecbplus", "Tara Reid", "HUM", "C"),
    ]  # fmt: skip
    records = [
        {
            "doc_id": d,
            "sent_id": 0,
            "tokens_number": [k],
            "tokens_str": t,
            "mention_type": ty,
            "coref_chain": c,
        }
        for k, (d, t, ty, c) in enumerate(rows)
    ]
    (tmp_path / "ECB_Dev_Entity_gold_mentions.json").write_text(json.dumps(records))
    scores = evaluate_ecb_entities(tmp_path, "dev")
    assert scores["mentions"] == 5  # "actress" is not a name
    assert scores["muc_precision"] == 1.0 and scores["muc_recall"] == 0.5  # Ford Center/Clinic not merged


def test_evaluate_translit_on_a_tiny_file(tmp_path: Path) -> None:
    lines = ["lukashenko\tл у к а ш е н к о\t3", "peskov\tп е с к о в\t1", "shchukin\tщ у к и н\t1",
             "tsygankov\tц ы г а н к о в\t1"]  # fmt: skip
    path = tmp_path / "pairs"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = evaluate_translit(path)
    assert scores["top1_accuracy"] == 1.0 and scores["rule_top1_accuracy"] == 1.0
    assert scores["folds"] == 4  # one name per fold, each linked by a model trained on the other three
    assert scores["merge_precision"] == 1.0 and scores["merge_recall"] == 1.0
    # Resolution's cross-script decision, held out the same way: 4 gold pairs, and each name's best wrong
    # candidate (one of the other three) as a hard negative.
    assert scores["resolution_pairs"] == 4 and scores["resolution_hard_negatives"] == 4
    assert scores["resolution_threshold"] == TRANSLIT_THRESHOLD
    assert 0.0 <= scores["resolution_recall"] <= 1.0 and 0.0 <= scores["resolution_precision"] <= 1.0
    assert len(scores["translit_thresholds"]) == 4


def test_best_threshold_maximises_f1() -> None:
    positive = np.array([-0.2, -0.4, -0.6, -1.5])
    negative = np.array([-0.9, -1.0, -2.0])
    assert best_threshold(positive, negative) == -0.6  # 3 of 4 kept, no negative (F1 0.86; at -1.5, 0.80)
