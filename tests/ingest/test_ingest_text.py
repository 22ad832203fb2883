"""Plain-text and Markdown files as articles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.model import Article
from storyweave.settings import IngestSettings

BLOCK = """ title: Bridge reopens after repairs
 outlet: Riverside Courier
 date: 2025-03-14
 url: https://courier.example/bridge
 language: en
 author: Dana Park

The old bridge reopened on Friday after six months of repairs.

Traffic was light in the morning, officials said.
"""


def _read(path: Path) -> list[Article | Rejected]:
    return list(iter_inputs([str(path)], IngestSettings()))


def test_block_header_fills_the_article(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(BLOCK)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.id == "bridge"
    assert article.title == "Bridge reopens after repairs"
    assert article.outlet == "Riverside Courier"
    assert article.published == datetime(2025, 3, 14)
    assert article.url == "https://courier.example/bridge"
    assert article.author == "Dana Park"
    assert article.text == (
        "The old bridge reopened on Friday after six months of repairs.\n"
        "Traffic was light in the morning, officials said."
    )


def test_inline_header_like_scraped_files(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(" date 2024-02-01 HARBOUR CITY — Ferries resumed on Monday.\n\nNo delays were reported.")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.published == datetime(2024, 2, 1)
    assert article.text == "HARBOUR CITY — Ferries resumed on Monday.\nNo delays were reported."


def test_markdown_heading_becomes_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Storm closes schools\n\nSchools closed on Tuesday as the storm arrived.\n")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Storm closes schools"
    assert article.text == "Schools closed on Tuesday as the storm arrived."


def test_header_only_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "hollow.txt"
    path.write_text(" title: Nothing below\n\n")
    [rejected] = _read(path)
    assert isinstance(rejected, Rejected) and rejected.reason == "no article text"


def test_bad_header_date_warns(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(" title: T\n date: 14 March\n\nBody text.")
    [article] = _read(path)
    assert isinstance(article, Article) and article.published is None
    assert any("date" in w for w in article.warnings)
