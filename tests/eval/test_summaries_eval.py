"""ROUGE and the summary baselines of `storyweave eval summaries`, on tiny hand-written examples whose
scores are worked out by hand in the comments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from storyweave.eval.rouge import porter_stem, rouge_n, rouge_tokens
from storyweave.eval.summaries import add_summaries_subcommand, lexrank_scores, read_clusters


def test_porter_stemmer_matches_the_papers_examples() -> None:
    examples = {
        "caresses": "caress", "ponies": "poni", "cats": "cat", "agreed": "agre", "plastered": "plaster",
        "motoring": "motor", "sing": "sing", "hopping": "hop", "falling": "fall", "filing": "file",
        "happy": "happi", "relational": "relat", "conditional": "condit", "digitizer": "digit",
        "vietnamization": "vietnam", "hopefulness": "hope", "sensibiliti": "sensibl", "triplicate": "triplic",
        "electrical": "electr", "revival": "reviv", "adjustment": "adjust", "adoption": "adopt",
        "bowdlerize": "bowdler", "probate": "probat", "rate": "rate", "controll": "control",
        "generalizations": "gener", "oscillators": "oscil",
    }  # fmt: skip
    assert {w: porter_stem(w) for w in examples} == examples


def test_tokens_are_lowercased_alphanumerics_stemmed_above_three_letters() -> None:
    assert rouge_tokens("Running CATS ran, 2024!") == ["run", "cat", "ran", "2024"]
    assert rouge_tokens("Running cats", stem=False) == ["running", "cats"]


def test_rouge_against_one_reference() -> None:
    summary = "the cat sat on the mat"
    reference = "the cat lay on the mat"
    # unigrams: the x2, cat, on, mat match -> 5 of 6 on both sides
    one = rouge_n(summary, [reference], 1)
    assert one["recall"] == pytest.approx(5 / 6) and one["precision"] == pytest.approx(5 / 6)
    assert one["f"] == pytest.approx(5 / 6)
    # bigrams: "the cat", "on the", "the mat" match -> 3 of 5
    assert rouge_n(summary, [reference], 2)["recall"] == pytest.approx(3 / 5)


def test_several_references_are_pooled() -> None:
    summary = "the cat sat on the mat"
    refs = ["the cat lay on the mat", "a dog sat"]
    # hits 5 + 1 over 6 + 3 reference unigrams; precision 6 / (6 words x 2 references)
    score = rouge_n(summary, refs, 1)
    assert score["recall"] == pytest.approx(6 / 9)
    assert score["precision"] == pytest.approx(6 / 12)
    assert score["f"] == pytest.approx(4 / 7)


def test_stemming_and_the_word_cut() -> None:
    assert rouge_n("running cats", ["runs cat"], 1)["recall"] == pytest.approx(1.0)
    assert rouge_n("running cats", ["runs cat"], 1, stem=False)["recall"] == 0.0
    # cut at 2 words: "alpha beta" against "alpha beta" (the reference is cut too)
    assert rouge_n("alpha beta gamma", ["alpha beta delta"], 1, words=2)["recall"] == 1.0
    assert rouge_n("", ["alpha"], 1) == {"recall": 0.0, "precision": 0.0, "f": 0.0}
    assert rouge_n("alpha", [], 2)["recall"] == 0.0


def test_lexrank_puts_the_hub_first() -> None:
    # sentence 0 shares a word with each of 1..3, which share nothing with each other
    m = np.array([[1, 1, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], dtype=float)
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    scores = lexrank_scores(m)
    assert int(np.argmax(scores)) == 0 and scores.sum() == pytest.approx(1.0)


DOC_A = (
    "Flood waters rose in the town of Pellow on Monday, forcing hundreds of families from their homes.\n"
    "Rescue teams used boats to reach residents trapped on rooftops in the old quarter.\n"
    "The mayor of Pellow said the river had never been so high."
)
DOC_B = (
    "Hundreds of families left their homes in Pellow as flood waters rose on Monday.\n"
    "Boats carried rescue teams to residents trapped on rooftops.\n"
    "Forecasters expect more rain later in the week."
)


def _layout(tmp_path: Path) -> tuple[Path, Path]:
    docs, refs = tmp_path / "docs", tmp_path / "refs"
    for cluster in ("d001t", "flood2", "norefs"):
        (docs / cluster).mkdir(parents=True)
        (docs / cluster / "APW20250303.0001").write_text(f"<DOC><TEXT>\n{DOC_A}\n</TEXT></DOC>", "utf-8")
        (docs / cluster / "NYT20250304.0002.txt").write_text(DOC_B, "utf-8")
    refs.mkdir()
    (refs / "D001.M.100.T.A").write_text(
        "Floods in Pellow forced hundreds of families from their homes.", "utf-8"
    )
    (refs / "D001.M.100.T.B").write_text(
        "Rescue teams in boats reached residents trapped on rooftops.", "utf-8"
    )
    (refs / "flood2").mkdir()
    (refs / "flood2" / "one.txt").write_text("Flood waters rose in Pellow on Monday.", "utf-8")
    return docs, refs


def test_layouts_are_read(tmp_path: Path) -> None:
    docs, refs = _layout(tmp_path)
    clusters, missing = read_clusters(docs, refs)
    assert [c[0] for c in clusters] == ["d001t", "flood2"] and missing == ["norefs"]
    _, articles, references = clusters[0]
    assert len(references) == 2 and articles[0].text.startswith("Flood waters rose")
    assert "<" not in articles[0].text and articles[0].published is not None


def test_command_scores_every_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, refs = _layout(tmp_path)
    parser = argparse.ArgumentParser()
    add_summaries_subcommand(parser.add_subparsers())
    args = parser.parse_args(["summaries", "--docs", str(docs), "--refs", str(refs), "--words", "40"])
    assert args.handler(args, None) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["clusters"] == 2 and report["skipped_without_references"] == ["norefs"]
    assert set(report["systems"]) == {"storyweave", "lead", "centroid", "lexrank"}
    for scores in report["systems"].values():
        assert set(scores) == {"rouge1_recall", "rouge1_f", "rouge2_recall", "rouge2_f"}
        assert all(0 <= v <= 100 for v in scores.values())
        assert scores["rouge1_recall"] > 20  # every system picks flood sentences here


def test_rouge_agrees_with_the_rouge_score_package() -> None:
    """Google's rouge-score (a reimplementation of ROUGE-1.5.5) is the peer: same tokens, same stemming."""
    from rouge_score import rouge_scorer

    pairs = [
        (
            "Dockworkers at Kalvesk walked out on Monday, halting container traffic at the port.",
            "The port of Kalvesk stopped handling containers on Monday as dockworkers walked out over pay.",
        ),
        (
            "The river Oska flooded the old town; about 1,200 residents were evacuated by firefighters.",
            "Firefighters evacuated roughly 1,200 residents after the Oska burst its banks in the old town.",
        ),
        ("Talks collapsed.", "Negotiations between the union and the ministry collapsed late on Sunday."),
    ]
    peer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    for summary, reference in pairs:
        theirs = peer.score(reference, summary)
        for n, key in ((1, "rouge1"), (2, "rouge2")):
            ours = rouge_n(summary, [reference], n, words=100)
            assert abs(ours["recall"] - theirs[key].recall) < 0.02, (n, summary)
            assert abs(ours["f"] - theirs[key].fmeasure) < 0.02, (n, summary)
