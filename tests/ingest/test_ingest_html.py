"""HTML pages through trafilatura: main text without page furniture, metadata, broken pages rejected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.ingest.html import html_main_text, page_language
from storyweave.model import Article
from storyweave.settings import IngestSettings

PARAGRAPHS = [
    "The regional water board voted on Wednesday to build a second reservoir north of the valley.",
    "Board chair Imogen Fairweather said the project would secure supplies for the next thirty years.",
    "Construction is expected to begin next spring and to take about four years to complete.",
    "Farmers in the area welcomed the decision but asked for compensation for flooded fields.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Board approves second reservoir | Valley Courier</title>
<meta property="og:title" content="Board approves second reservoir">
<meta property="og:site_name" content="Valley Courier">
<meta name="author" content="Tomas Reyes">
<meta property="article:published_time" content="2025-04-02T07:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
<article><h1>Board approves second reservoir</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Cat rescued from tree</a></li>
<li><a href="/b">Pub quiz results</a></li></ul></aside>
<footer><p>© 2025 Valley Courier. All rights reserved.</p></footer>
</body></html>
"""


def test_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "reservoir.html"
    path.write_text(PAGE)
    [article] = list(iter_inputs([str(path)], IngestSettings()))
    assert isinstance(article, Article)
    assert article.id == "reservoir"
    assert article.text == "\n".join(PARAGRAPHS)
    assert article.title == "Board approves second reservoir"
    assert article.outlet == "Valley Courier"
    assert article.author == "Tomas Reyes"
    assert article.published == datetime(2025, 4, 2)
    assert article.language == "en"


def test_broken_html_is_rejected(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><div><span></span></div></body></html>")
    garbage = tmp_path / "garbage.htm"
    garbage.write_text("<<<>>><</><!-- unterminated")
    items = list(iter_inputs([str(broken), str(garbage)], IngestSettings()))
    assert [type(i) for i in items] == [Rejected, Rejected]
    assert all("HTML" in i.reason for i in items if isinstance(i, Rejected))


def test_html_main_text_matches_the_reader() -> None:
    assert html_main_text(PAGE) == "\n".join(PARAGRAPHS)
    assert html_main_text("<html></html>") == ""


def test_page_language() -> None:
    assert page_language('<html class="x" lang="pt-BR">') == "pt"
    assert page_language("<html>") is None
