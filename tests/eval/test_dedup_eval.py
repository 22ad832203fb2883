from __future__ import annotations

import json
import random
from pathlib import Path

from storyweave.eval.dedup import evaluate_dedup, score_duplicates, score_passages
from storyweave.eval.syndication import GoldPassage, generate, lines_article
from storyweave.model import SharedPassage

WORDS = (
    "police arrested man suspicion arson early morning fire destroyed warehouse owned family chief inspector "
    "said nobody injured residents evacuated nearby streets precaution investigators blaze started shortly "
    "after midnight loading bay building suspect expected appear magistrates later week added neighbours "
    "described hearing series loud explosions before roof collapsed entirely council mayor river bridge"
).split()
NAMES = ["Kowalczyk", "Aleynyk", "Henderson", "Okonkwo", "Marchetti", "Lindqvist", "Tanaka", "Moreau"]


def records() -> list[dict[str, str]]:
    """Sixteen hand-made articles on two topics; sentences are word draws, so no two share a phrase."""
    rng = random.Random(1)
    out = []
    for topic in ("1", "2"):
        for n in range(8):
            lines = [
                f"{rng.choice(NAMES)} " + " ".join(rng.choices(WORDS, k=rng.randint(10, 18))) + "."
                for _ in range(6)
            ]
            out.append({"id": f"{topic}_{n}ecb", "topic": topic, "text": "\n".join(lines)})
    return out


def test_generation_is_reproducible_and_gold_spans_are_inserted_text() -> None:
    first, second = generate(records(), seed=3), generate(records(), seed=3)
    assert [a.text for a in first.articles] == [a.text for a in second.articles]
    assert first.passages == second.passages
    by_id = {a.id: a for a in first.articles}
    for gold in first.passages:
        target = by_id[gold.target]
        assert target.published > by_id[gold.source].published
        assert target.text[gold.start : gold.end].strip()


def test_scores_count_overlap_with_the_right_pair_only() -> None:
    article = lines_article("t", ["One line here.", "Copied line here.", "Last line."], None)
    gold = [GoldPassage("s", "t", 15, 32)]
    right = SharedPassage(["s", "t"], "Copied line here.", 0.9)
    wrong_pair = SharedPassage(["x", "t"], "Copied line here.", 0.9)
    report = score_passages([article], [right, wrong_pair], gold)
    assert (report["precision"], report["recall"], report["true_positives"]) == (0.5, 1.0, 1)
    assert score_duplicates({"a": "b", "c": "d"}, {"a": "b"})["precision"] == 0.5


def test_evaluate_dedup_on_a_small_hand_made_set(tmp_path: Path) -> None:
    path = tmp_path / "ecb.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records()), encoding="utf-8")
    report = evaluate_dedup(path, seed=5)
    assert report["counts"]["gold_passages"] > 0
    assert report["passages"]["recall"] >= 0.5
    assert 0.0 <= report["passages"]["precision"] <= 1.0
    assert set(report["duplicates"]) >= {"precision", "recall", "f1"}
