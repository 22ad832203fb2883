"""The claims benchmark on a tiny ECB+-shaped folder written here (the real data is never needed)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from storyweave.eval.claim_conflicts import build_conflict_set, real_coverage_conflicts, run_conflict_cases
from storyweave.eval.claims import (
    AlignStory,
    add_claims_subcommand,
    ecb_article,
    evaluate_alignment,
    load_alignment_stories,
    score_alignment,
    speaker_matches,
)
from storyweave.settings import Settings

DOCS = {
    "1_1ecb": "Quake kills 12 in the mountain town of Arvo\n"
    "A strong earthquake killed 12 people in Arvo on Tuesday, officials said.\n"
    "Rescue teams searched the rubble through the night.",
    "1_2ecb": "Twelve dead as earthquake hits Arvo\n"
    "The earthquake killed 12 people in the town of Arvo on Tuesday.\n"
    "Aid agencies sent tents and blankets to the region.",
    "1_3ecbplus": "Floods cut off villages in the valley of Bren\n"
    "Heavy rain flooded the valley of Bren on Sunday, cutting off 40 villages.",
}


def mention(doc: str, sent: int, chain: str, token: str = "x") -> dict[str, object]:
    return {"coref_chain": chain, "doc_id": doc, "sent_id": sent, "is_singleton": chain.startswith("Single"),
            "tokens_number": [0], "tokens_str": token, "mention_type": "ACT"}  # fmt: skip


@pytest.fixture
def ecb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ecbplus"
    folder.mkdir()
    with (folder / "ecbplus_topics_1-35.jsonl").open("w") as f:
        for doc, text in DOCS.items():
            f.write(json.dumps({"id": doc, "text": text}) + "\n")
    gold = [
        mention("1_1ecb", 1, "QUAKE"), mention("1_2ecb", 1, "QUAKE"), mention("1_1ecb", 2, "SEARCH"),
        mention("1_2ecb", 2, "AID"), mention("1_3ecbplus", 1, "FLOOD"),
        mention("1_3ecbplus", 0, "Singleton_1"),
    ]  # fmt: skip
    (folder / "ECB_Dev_Event_gold_mentions.json").write_text(json.dumps(gold))
    return folder


def test_load_stories_by_topic_and_by_story(ecb_dir: Path) -> None:
    [topic] = load_alignment_stories(ecb_dir, "dev")
    assert [a.id for a in topic.articles] == ["1_1ecb", "1_2ecb", "1_3ecbplus"]
    assert ("1_3ecbplus", 0) not in topic.chains  # singletons do not align anything
    assert topic.articles[0].sentences[1].text.startswith("A strong earthquake")
    assert len(load_alignment_stories(ecb_dir, "dev", by_topic=False)) == 2


def test_score_alignment_counts_cross_document_pairs() -> None:
    story = AlignStory(
        "1",
        [ecb_article("a", "x\ny"), ecb_article("b", "x\ny")],
        {("a", 0): frozenset({"E1"}), ("b", 0): frozenset({"E1"}), ("a", 1): frozenset({"E2"}),
         ("b", 1): frozenset({"E3"})},
    )  # fmt: skip
    perfect = score_alignment([story], [{("a", 0): 0, ("b", 0): 0, ("a", 1): 1, ("b", 1): 2}])
    assert (perfect["pairs"], perfect["gold_aligned_pairs"], perfect["f1"]) == (4, 1, 1.0)
    merged = score_alignment([story], [{("a", 0): 0, ("b", 0): 0, ("a", 1): 0, ("b", 1): 0}])
    assert merged["precision"] == 0.25 and merged["recall"] == 1.0
    assert merged["baseline_one_group"]["precision"] == 0.25


def test_evaluate_alignment_on_the_tiny_set(ecb_dir: Path) -> None:
    report = evaluate_alignment(ecb_dir, "dev", sweep=[0.2, 0.4])
    assert report["pairs"] == 8
    assert report["recall"] == 1.0  # the two "killed 12 people in Arvo" sentences align
    assert set(report["sweep_f1"]) == {"0.20", "0.40"}


def test_conflict_set_is_reproducible_and_scored(ecb_dir: Path) -> None:
    stories = load_alignment_stories(ecb_dir, "dev")
    cases = build_conflict_set(stories, ["Lisbon", "Oslo"], seed=3)
    assert cases == build_conflict_set(stories, ["Lisbon", "Oslo"], seed=3)
    kinds = {c.kind for c in cases}
    assert {"number", "hedge", "hedged_number", "same"} <= kinds
    assert all(c.conflict == (c.kind in ("number", "hedged_number", "date", "place")) for c in cases)
    report = run_conflict_cases(cases)
    assert report["cases"] == len(cases)
    assert report["precision"] == 1.0


def test_speaker_matches_by_surname() -> None:
    assert speaker_matches("Santos", "Maria Santos")
    assert speaker_matches("Mayor Maria Santos", "Maria Santos")
    assert not speaker_matches("Maria Lopez", "Maria Santos")
    assert not speaker_matches(None, "Maria Santos")


def test_subcommand_registers_and_runs(ecb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_claims_subcommand(parser.add_subparsers())
    args = parser.parse_args(
        ["claims", "align", "--data", str(ecb_dir.parent), "--no-embeddings", "--no-ner"]
    )
    assert args.data == ecb_dir.parent and args.split == "dev"
    assert args.handler(args, Settings()) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["alignment"]["pairs"] == 8
    defaults = parser.parse_args(["claims"])
    assert defaults.data == Path("../shared/data") and defaults.part == "all"


def test_real_coverage_counts_conflicts_on_unperturbed_stories() -> None:
    story = AlignStory(
        "1ecb",
        [
            ecb_article("1_1ecb", "The ferry carried 120 passengers when it sank off Arvo on Tuesday."),
            ecb_article("1_2ecb", "The ferry carried 300 passengers when it sank off Arvo on Tuesday."),
        ],
    )
    report = real_coverage_conflicts([story])
    assert report["stories"] == 1
    assert report["conflicts"] == {"figure": 1}
    assert report["examples"]["figure"] == [["1ecb: 120", "1ecb: 300"]]
    figure = report["figure_conflicts"][0]
    assert figure["story"] == "1ecb" and figure["about"] == "number of passengers"
    assert [v["sentence"][:17] for v in figure["values"]] == ["The ferry carried"] * 2


def test_real_coverage_different_counts_of_one_event_are_not_conflicts() -> None:
    story = AlignStory(
        "2ecb",
        [
            ecb_article("2_1ecb", "The gunman killed three people at the office in Troy on Monday."),
            ecb_article("2_2ecb", "Five people were injured when the gunman fired at the office in Troy."),
            ecb_article("2_3ecb", "The 38-year-old gunman shot a 63-year-old woman at the office in Troy."),
        ],
    )
    report = real_coverage_conflicts([story])
    assert report["conflicts"] == {} and report["figure_conflicts"] == []


@pytest.mark.slow
def test_conflicts_subcommand_with_and_without_the_parse(
    ecb_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    add_claims_subcommand(parser.add_subparsers())
    for extra, parsed in (([], True), (["--no-parse"], False)):
        args = parser.parse_args(
            ["claims", "conflicts", "--data", str(ecb_dir.parent), "--no-embeddings", *extra]
        )
        assert args.handler(args, Settings()) == 0
        report = json.loads(capsys.readouterr().out)["conflicts"]
        assert report["parse"] is parsed
        assert report["precision"] in (0.0, 1.0) and report["real_coverage"]["stories"] == 2


def test_reader_checked_scores_the_reader_verdicts_and_counts_the_ones_that_still_match(
    tmp_path: Path,
) -> None:
    from storyweave.eval.claim_conflicts import ConflictCase, case_key, reader_checked

    cases = [
        ConflictCase("a", "b", True, "date", "Friday"),
        ConflictCase("a", "c", True, "date", "Monday"),
        ConflictCase("a", "d", True, "date", "Sunday"),
        ConflictCase("a", "e", True, "place", "Oslo"),
    ]
    verdicts = [
        {"key": case_key(cases[0]), "kind": "date", "contradiction": True},
        {"key": case_key(cases[1]), "kind": "date", "contradiction": True},
        {"key": case_key(cases[2]), "kind": "date", "contradiction": False},
        {"key": case_key(cases[3]), "kind": "place", "contradiction": False},
        {"key": "0000000000000000", "kind": "place", "contradiction": True},  # a case the set lost
    ]
    path = tmp_path / "checks.json"
    path.write_text(json.dumps({"split": "dev", "seed": 7, "cases": verdicts}))
    report = reader_checked(cases, [True, False, True, False], "dev", 7, path)
    assert report is not None
    assert (report["verdicts"], report["verdicts_matched"]) == (5, 4)
    assert report["date"] == {
        "cases": 3,
        "contradictions": 2,
        "found": 1,
        "recall": 0.5,
        "rejected": 1,
        "rejected_but_flagged": 1,
        "precision": 0.5,
    }
    assert report["place"]["rejected_but_flagged"] == 0
    assert reader_checked(cases, [True] * 4, "dev", 8, path) is None  # verdicts for another seed
    # Order does not matter; a sentence changed by the builder does.
    again = reader_checked(cases[::-1], [False, True, False, True], "dev", 7, path)
    assert again is not None and again["date"]["found"] == 1
    changed = [ConflictCase("a", "b ", True, "date", "Friday"), *cases[1:]]
    moved = reader_checked(changed, [True] * 4, "dev", 7, path)
    assert moved is not None and moved["verdicts_matched"] == 3


def test_the_shipped_reader_verdicts_cover_the_dev_date_and_place_cases() -> None:
    from storyweave.eval.claim_conflicts import CHECKS

    data = json.loads(CHECKS.read_text(encoding="utf-8"))
    assert (data["split"], data["seed"]) == ("dev", 7)
    kinds = [c["kind"] for c in data["cases"]]
    assert kinds.count("date") == 150 and kinds.count("place") == 150
    assert len({c["key"] for c in data["cases"]}) == 300
    assert all(isinstance(c["contradiction"], bool) and c["note"] for c in data["cases"])
