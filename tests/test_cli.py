"""End to end through `storyweave.cli.main`: real files, the real models, a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.cli import EXIT_NOT_FOUND, EXIT_NOTHING_READ, EXIT_OK, main
from storyweave.store import Store

FLOOD_WIRE = """ title: River Oska floods the old town of Brenmark
 outlet: Northern Wire
 date: 2025-06-02

BRENMARK, June 2 (Northern Wire) - The river Oska burst its banks in Brenmark on Sunday night, flooding the old town and forcing about 1,200 residents from their homes, the regional fire service said.

Mayor Dragana Vukelic said on Monday that the water had reached the first floor of the town hall and that the main bridge over the Oska would stay closed until engineers had inspected it.

"We have never seen the river rise this fast," Vukelic told reporters at an evacuation centre in the Brenmark sports hall.

The fire service said 14 people had been rescued by boat and that nobody had been reported missing.
"""

# A re-post of the wire story under a new headline, trimmed, with the mayor's name re-spelled.
FLOOD_REPOST = """ title: Brenmark old town under water after Oska bursts banks
 outlet: Valley Daily
 date: 2025-06-02

BRENMARK, June 2 (Northern Wire) - The river Oska burst its banks in Brenmark on Sunday night, flooding the old town and forcing about 1,200 residents from their homes, the regional fire service said.

Mayor Dragana Vukelić said on Monday that the water had reached the first floor of the town hall and that the main bridge over the Oska would stay closed until engineers had inspected it.

"We have never seen the river rise this fast," Vukelić told reporters at an evacuation centre in the Brenmark sports hall.
"""

FLOOD_LOCAL = """ title: Brenmark counts the cost as Oska flood waters recede
 outlet: Brenmark Herald
 date: 2025-06-04

Flood water began to recede from Brenmark's old town on Tuesday, two days after the river Oska burst its banks and forced about 1,200 people from their homes.

Shopkeepers on the market square said the flood had destroyed stock worth thousands of euros. Mayor Dragana Vukelic said the town would ask the national government for emergency funds to repair the damage.

Engineers inspected the main bridge over the Oska on Tuesday morning and said it could reopen to pedestrians by the weekend.
"""

ELECTION = """ title: Talvia's Green Union wins Korvan city council vote
 outlet: Capital Times
 date: 2025-06-03

The Green Union won 21 of the 45 seats on the Korvan city council in Sunday's election, its best result since the party was founded, the electoral commission said on Tuesday.

Party leader Ilse Marrow said the result was a mandate to build the new tram line to the airport. The ruling Civic Bloc, which had led the council for twelve years, fell to 13 seats.

Turnout was 58 percent, up from 49 percent four years ago, the commission said.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in {
        "flood-wire.txt": FLOOD_WIRE,
        "flood-repost.txt": FLOOD_REPOST,
        "flood-local.txt": FLOOD_LOCAL,
        "election.txt": ELECTION,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _brief_json(paths: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["brief", *paths, "--format", "json"]) == EXIT_OK
    return json.loads(capsys.readouterr().out)


def _texts(paths: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["extract", *paths, "--json"]) == EXIT_OK
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {r["id"]: r["text"] for r in records}


def test_brief_groups_stories_cites_exact_passages_and_marks_the_repost(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = _texts([str(corpus)], capsys)
    briefs = _brief_json([str(corpus)], capsys)["stories"]
    groups = sorted(sorted(a["id"] for a in b["articles"]) for b in briefs)
    assert groups == [["election"], ["flood-local", "flood-repost", "flood-wire"]]
    flood = next(b for b in briefs if b["story"]["article_count"] == 3)
    # The re-post is marked, the wire story (earliest, fullest) is the original.
    duplicates = {a["id"]: a["duplicate_of"] for a in flood["articles"]}
    assert duplicates == {"flood-wire": None, "flood-repost": "flood-wire", "flood-local": None}
    assert any(set(p["articles"]) == {"flood-wire", "flood-repost"} for p in flood["shared_passages"])
    # Every summary sentence cites exact slices of the articles that carry it.
    assert flood["summary"]
    for sentence in flood["summary"]:
        assert sentence["sources"]
        for support in sentence["support"]:
            assert texts[support["article"]][support["start"] : support["end"]] == support["text"]
            assert support["article"] in sentence["sources"]
    # One mayor across the two spellings, named by the most common full form.
    mayor = [e for e in flood["entities"] if "Vukelic" in e["name"] or "Vukelić" in e["name"]]
    assert len(mayor) == 1
    assert {"Dragana Vukelic", "Dragana Vukelić"} <= {mayor[0]["name"], *mayor[0]["aliases"]}


def test_brief_writes_standalone_html(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["brief", str(corpus), "--format", "html", "-o", str(out)]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Brenmark" in page and "Who is who" in page


def test_ingest_twice_stores_each_article_once_and_keeps_story_ids(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store.db")
    assert main(["ingest", str(corpus), "--db", db]) == EXIT_OK
    assert "ingested 4, duplicates 0, rejected 0" in capsys.readouterr().err
    with Store(db) as store:
        first_digest, first_stories = store.content_digest(), [s.id for s in store.list_stories()]
    assert main(["ingest", str(corpus), "--db", db]) == EXIT_OK
    assert "ingested 0, duplicates 4, rejected 0" in capsys.readouterr().err
    with Store(db) as store:
        assert store.content_digest() == first_digest
        assert [s.id for s in store.list_stories()] == first_stories
    assert len(first_stories) == 2

    assert main(["stories", "--db", db, "--json"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)["stories"]
    assert {s["id"] for s in listed} == set(first_stories)
    assert main(["show", first_stories[0], "--db", db, "--format", "json"]) == EXIT_OK
    shown = json.loads(capsys.readouterr().out)["stories"][0]
    assert shown["story"]["id"] == first_stories[0]
    assert main(["show", "s-does-not-exist", "--db", db]) == EXIT_NOT_FOUND
    assert "s-does-not-exist" in capsys.readouterr().err


def test_bad_inputs_each_get_one_line_and_the_rest_is_processed(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "broken.jsonl").write_text('{"id": "ok-1", "text": "A short record that parses."}\n{not json\n')
    db = str(tmp_path / "store.db")
    assert main(["ingest", str(corpus), "--db", db]) == EXIT_OK
    err = capsys.readouterr().err
    rejected = [line for line in err.splitlines() if "rejected" in line and "empty" in line.lower()]
    assert rejected, err
    assert "binary.txt" in err and "empty.txt" in err and "broken.jsonl" in err
    assert "ingested 5," in err  # four articles and the one good JSONL record
    with Store(db) as store:
        assert store.get_article("flood-wire").title == "River Oska floods the old town of Brenmark"


def test_nothing_readable_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["brief", str(empty)]) == EXIT_NOTHING_READ
    assert str(empty) in capsys.readouterr().err


def test_cluster_prints_the_stream_grouping(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cluster", str(corpus), "--json"]) == EXIT_OK
    stories = json.loads(capsys.readouterr().out)["stories"]
    assert sorted(len(s["articles"]) for s in stories) == [1, 3]
    assert all(set(s) == {"id", "articles"} for s in stories)


def test_demo_briefs_the_bundled_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "ingested 12, duplicates 0, rejected 0" in captured.err
    briefs = json.loads(captured.out)["stories"]
    sizes = sorted((b["story"]["article_count"] for b in briefs), reverse=True)
    assert sum(sizes) == 12
    assert sizes == [7, 5]  # both strikes whole, including the early opinion-led report of A
    quoted = [
        e for b in briefs for e in b["entities"] if "Glibovets" in e["name"] or "Hlibovets" in e["name"]
    ]
    assert any({"Konstantin Glibovets", "Kostiantyn Hlibovets"} <= {e["name"], *e["aliases"]} for e in quoted)
