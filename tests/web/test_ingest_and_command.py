"""Ingest over HTTP with the real pipeline (JSON records and file uploads), and the `serve` command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_fixtures import TOKEN, WEB

from storyweave.settings import Settings
from storyweave.web import command, create_app

RECORDS = [
    {
        "id": "r1",
        "title": "Port workers strike in Eastgate",
        "outlet": "Eastgate Daily",
        "published": "2024-03-02",
        "text": "Port workers in Eastgate went on strike on Monday over pay. "
        "The union leader Maria Olen said the strike would last a week.",
    },
    {
        "id": "r2",
        "title": "Eastgate port strike enters second day",
        "outlet": "Coast Wire",
        "published": "2024-03-03",
        "text": "The strike by port workers in Eastgate entered its second day on Tuesday. "
        "Union leader Maria Olen said talks with the port authority had failed.",
    },
]


@pytest.fixture(scope="module")
def ingest_client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    settings = Settings().with_db(str(tmp_path_factory.mktemp("ingest") / "store.db"))
    with TestClient(create_app(settings, WEB)) as client:
        yield client


def test_ingest_json_records_then_files(ingest_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    first = ingest_client.post("/api/articles", json={"articles": RECORDS}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["added"] == ["r1", "r2"] and first.json()["stories"] >= 1
    again = ingest_client.post("/api/articles", json=RECORDS, headers={"X-Storyweave-Token": TOKEN})
    assert again.json()["added"] == [] and [d["id"] for d in again.json()["duplicates"]] == ["r1", "r2"]
    files = [
        (
            "files",
            ("eastgate-3.txt", b"The Eastgate port strike ended on Friday with a pay deal.", "text/plain"),
        ),
        ("files", ("empty.txt", b"   ", "text/plain")),
    ]
    uploaded = ingest_client.post("/api/articles", files=files, headers=headers)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["added"] == ["eastgate-3"]
    assert uploaded.json()["rejected"][0]["source"] == "empty.txt"
    stories = ingest_client.get("/api/stories").json()["stories"]
    assert stories and ingest_client.get(f"/stories/{stories[0]['id']}").status_code == 200
    assert ingest_client.get("/api/articles/eastgate-3").json()["stories"]


def test_bad_record_is_rejected_not_fatal(ingest_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = ingest_client.post(
        "/api/articles", json={"articles": [{"title": "no id or text"}]}, headers=headers
    )
    assert response.status_code == 200 and response.json()["added"] == []
    assert response.json()["rejected"]


def test_serve_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    command.add_serve_command(parser.add_subparsers())
    args = parser.parse_args(["serve", "--db", str(tmp_path / "s.db"), "--port", "8123"])
    seen = {}

    def fake_run(app, host, port, **kwargs):  # type: ignore[no-untyped-def]
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.setenv("STORYWEAVE_TOKEN", "abc")
    assert args.handler(args, Settings()) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.settings.store.path == str(tmp_path / "s.db")
    assert seen["app"].state.web.token == "abc"
