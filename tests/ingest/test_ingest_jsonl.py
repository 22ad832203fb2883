"""JSONL and JSON records: good records become articles, each bad line or record one Rejected."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.model import Article
from storyweave.settings import IngestSettings


def _read(path: Path) -> list[Article | Rejected]:
    return list(iter_inputs([str(path)], IngestSettings()))


def test_records_bad_lines_and_missing_fields(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "First story text.",
                "title": "One",
                "outlet": "Daily Example",
                "published": "2025-03-14T09:30:00+00:00",
                "language": "fr",
                "extra": [1, 2],
            }
        ),
        "",
        "{not json",
        json.dumps({"id": "a3"}),
        json.dumps({"text": "no id"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": "Numeric id story.", "published": "last week"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines))
    items = _read(path)
    first, bad_json, no_text, no_id, not_object, numeric = items
    assert isinstance(first, Article)
    assert (first.id, first.title, first.outlet, first.language) == ("a1", "One", "Daily Example", "fr")
    assert first.published == datetime.fromisoformat("2025-03-14T09:30:00+00:00")
    assert first.source == f"{path}:1"
    assert isinstance(bad_json, Rejected) and bad_json.source == f"{path}:3"
    assert bad_json.reason.startswith("line is not valid JSON: ")
    assert no_text == Rejected(f"{path}:4", "record has no 'text'")
    assert no_id == Rejected(f"{path}:5", "record has no 'id'")
    assert isinstance(not_object, Rejected) and "not a JSON object" in not_object.reason
    assert isinstance(numeric, Article) and numeric.id == "7" and numeric.published is None
    assert any("published" in w for w in numeric.warnings)


def test_record_text_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    text = "The port reopened on Monday after the strike ended.\nPlease log in to comment"
    path.write_text(json.dumps({"id": "p", "text": text}) + "\n")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.text == "The port reopened on Monday after the strike ended."
    assert [r.kind for r in article.removed] == ["login_prompt"]


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "x", "text": "Ex."}, {"id": "y", "text": ""}]))
    article, rejected = _read(path)
    assert isinstance(article, Article) and article.id == "x"
    assert rejected == Rejected(f"{path}[2]", "record 'text' is empty or not a string")
