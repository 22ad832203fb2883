"""The statement-identity benchmark: loader, scorer, and one end-to-end run on two stories of the set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.claims.config import ClaimSettings
from storyweave.errors import InputError
from storyweave.eval.statements import (
    default_gold,
    evaluate_statements,
    load_statement_gold,
    score_pairs,
    status_accuracy,
)


def article(aid: str, outlet: str, *sentences: tuple[str, str | None]) -> dict[str, object]:
    return {"id": aid, "outlet": outlet, "published": "2024-03-11", "title": aid,
            "sentences": [{"text": t, "statement": s} for t, s in sentences]}  # fmt: skip


STORY = {
    "story": "tiny",
    "articles": [
        article("a", "Outlet A", ("Seven people were killed in the crash.", "dead"),
                ("The road was closed for hours.", "closed"), ("It rained all day.", None)),
        article("b", "Outlet B", ("The crash killed eight people.", "dead"),
                ("Police arrested the driver.", "arrest")),
        article("c", "Outlet C", ("Seven people died in the accident.", "dead"),
                ("Traffic stopped for several hours.", "closed")),
    ],
}  # fmt: skip


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_loader_reads_labels_and_articles(tmp_path: Path) -> None:
    [story] = load_statement_gold(write(tmp_path / "g.jsonl", json.dumps(STORY), ""))
    assert [a.outlet for a in story.articles] == ["Outlet A", "Outlet B", "Outlet C"]
    assert story.labels[("a", 0)] == "dead" and story.labels[("a", 2)] is None
    assert story.articles[1].sentences[1].text == "Police arrested the driver."
    assert story.articles[0].published is not None and story.articles[0].title == "a"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"story": "x", "articles": [article("a", "A", ("One.", None))]}), "at least two"),
        (json.dumps({**STORY, "articles": [article("a", "A", ("One.", 3)), article("b", "B", ("T.", None))]}),
         "statement"),
        (json.dumps({**STORY, "articles": [{"id": "a", "sentences": []}, article("b", "B", ("T.", None))]}),
         "outlet"),
    ],
)  # fmt: skip
def test_loader_rejects_a_malformed_line_naming_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path / "gold.jsonl", json.dumps(STORY), "", line)
    with pytest.raises(InputError) as err:
        load_statement_gold(path)
    assert err.value.source == f"{path}:3"
    assert reason in err.value.reason


def test_scorer_on_a_hand_built_prediction(tmp_path: Path) -> None:
    [story] = load_statement_gold(write(tmp_path / "g.jsonl", json.dumps(STORY)))
    # Gold pairs: dead a0-b0, a0-c0, b0-c0; closed a1-c1 -> 4. Predicted: {a0, b0} (right), {a1, c1}
    # (right), {a2, b1} (wrong); c0 alone (two misses). TP 2, FP 1, FN 2.
    groups = {("a", 0): {0}, ("b", 0): {0}, ("a", 1): {1}, ("c", 1): {1}, ("a", 2): {2}, ("b", 1): {2}}
    report = score_pairs([story], [groups])
    assert report["gold_pairs"] == 4 and report["pairs"] == 3 * 2 + 3 * 2 + 2 * 2
    assert (report["precision"], report["recall"]) == (round(2 / 3, 4), 0.5)
    assert score_pairs([story], [{k: {0} for k in story.labels}])["recall"] == 1.0
    assert score_pairs([story], [{}])["f1"] == 0.0


def test_status_accuracy(tmp_path: Path) -> None:
    [story] = load_statement_gold(write(tmp_path / "g.jsonl", json.dumps(STORY)))
    claims = [("conflicting", {("a", 0), ("b", 0)}), ("single_source", {("c", 0)}),
              ("single_source", {("a", 1)}), ("single_source", {("c", 1)}),
              ("corroborated", {("a", 2), ("b", 1)})]  # fmt: skip
    report = status_accuracy([story], [claims])
    assert report["multi_outlet_statements"] == 2 and report["marked_multi_source"] == 0.5
    assert report["by_status"] == {"conflicting": 1, "single_source": 1}
    assert report["single_outlet_sentences"] == 2 and report["marked_single_source"] == 0.0


def test_end_to_end_on_two_stories_of_the_set(tmp_path: Path) -> None:
    lines = default_gold().read_text(encoding="utf-8").splitlines()
    pick = [line for line in lines if json.loads(line)["story"] in ("s02-train-derailment", "s19-rate-rise")]
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.settings import EmbeddingSettings

    embedder = load_embedder(EmbeddingSettings())  # the real one; spaCy is left out to keep this fast
    report = evaluate_statements(write(tmp_path / "two.jsonl", *pick), None, embedder, sweep=(0.3, 0.45))
    assert (
        report["stories"] == 2
        and report["threshold"] == ClaimSettings().align_threshold
        and report["embeddings"]
    )
    assert report["gold_pairs"] > 0 and 0.0 <= report["f1"] <= 1.0
    assert report["baseline_one_group"]["recall"] == 1.0 and report["baseline_singletons"]["f1"] == 0.0
    assert set(report["sweep"]) == {"0.30", "0.45"} and report["status"]["multi_outlet_statements"] > 0
    assert all(e.startswith(("s02", "s19")) for e in report["errors"])


def test_the_shipped_set_loads() -> None:
    stories = load_statement_gold(default_gold())
    assert len(stories) >= 20 and sum(len(s.labels) for s in stories) >= 350
    for story in stories:  # one outlet an article: statement identity across outlets is the point
        assert len({a.outlet for a in story.articles}) == len(story.articles)


def test_the_cli_runs_the_statements_part_and_names_a_missing_gold_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyweave.cli import EXIT_OK, main

    gold = tmp_path / "gold.jsonl"
    gold.write_text(Path(default_gold()).read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    args = ["eval", "claims", "statements", "--gold", str(gold), "--no-embeddings", "--no-ner"]
    assert main(args) == EXIT_OK
    report = json.loads(capsys.readouterr().out)["statements"]
    assert report["stories"] == 1 and report["embeddings"] is False
    assert main(["eval", "claims", "statements", "--gold", str(tmp_path / "none.jsonl")]) != EXIT_OK
    assert f"{tmp_path / 'none.jsonl'}: no such file" in capsys.readouterr().err


def test_a_missing_data_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storyweave.cli import EXIT_OK, main

    assert main(["eval", "claims", "align", "--data", str(tmp_path), "--no-embeddings"]) != EXIT_OK
    assert f"{tmp_path / 'ecbplus'}: no such folder" in capsys.readouterr().err


def test_a_group_of_two_outlets_left_single_source_is_not_marked(tmp_path: Path) -> None:
    # One outlet copied the other (dedup), so the group holding both is single-source: not marked.
    [story] = load_statement_gold(write(tmp_path / "g.jsonl", json.dumps(STORY)))
    claims = [("single_source", {("a", 1), ("c", 1)}), ("corroborated", {("a", 0), ("c", 0)})]
    report = status_accuracy([story], [claims])
    assert report["marked_multi_source"] == 0.5
    assert report["by_status"] == {"corroborated": 1, "single_source": 1}
