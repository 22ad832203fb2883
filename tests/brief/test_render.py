from __future__ import annotations

import json

import pytest

from storyweave.brief.render import render, render_html, render_json, render_markdown
from storyweave.model import Brief, BriefArticle, StoryHeader, SummarySentence, Support

STORY_KEYS = {"id", "title", "first_published", "last_published", "article_count", "outlet_count"}
# DESIGN.md's keys plus those added since (keys may be added, never renamed).
ARTICLE_KEYS = {"id", "outlet", "title", "url", "published", "language", "duplicate_of", "date_note"}
BRIEF_KEYS = {
    "story", "articles", "summary", "claims", "conflicts", "quotes",
    "entities", "timeline", "shared_passages", "coverage",
}  # fmt: skip


def _brief(text: str = "Dockers struck on Monday.", url: str | None = "https://a.example/x") -> Brief:
    return Brief(
        story=StoryHeader("s-1", "Dock strike", "2025-03-03", "2025-03-04", 2, 2),
        articles=[
            BriefArticle("a", "Outlet A", "Strike", url, "2025-03-03", "en"),
            BriefArticle("b", "Outlet B", None, None, "2025-03-04", "en", duplicate_of="a"),
        ],
        summary=[
            SummarySentence(
                text=text,
                sources=["a", "b"],
                support=[Support("a", 0, len(text), text), Support("b", 10, 10 + len(text), text)],
            )
        ],
    )


def test_json_has_every_contract_key() -> None:
    payload = json.loads(render_json([_brief()]))
    assert list(payload) == ["stories"]
    brief = payload["stories"][0]
    assert set(brief) == BRIEF_KEYS
    assert set(brief["story"]) == STORY_KEYS
    assert all(set(a) == ARTICLE_KEYS for a in brief["articles"])
    assert set(brief["summary"][0]) == {"text", "sources", "support"}
    assert set(brief["summary"][0]["support"][0]) == {"article", "start", "end", "text"}
    for empty in ("claims", "conflicts", "quotes", "entities", "timeline", "shared_passages", "coverage"):
        assert brief[empty] == []


def test_json_round_trips_through_the_model() -> None:
    brief = _brief()
    again = Brief.from_dict(json.loads(render_json([brief]))["stories"][0])
    assert again == brief


def test_markdown_cites_by_number_and_marks_duplicates() -> None:
    text = render_markdown([_brief()])
    assert "# Dock strike" in text
    assert "Dockers struck on Monday. [1][2]" in text
    assert "duplicate of [1]" in text


def test_markdown_neutralises_article_markup() -> None:
    text = render_markdown([_brief("A *bold* <script>x</script> [link](y) claim here.")])
    assert "<script>" not in text
    assert "\\*bold\\*" in text


def test_html_escapes_article_content_and_unsafe_links() -> None:
    hostile = '<img src=x onerror="alert(1)"> and <script>alert(2)</script> said'
    page = render_html([_brief(hostile, url="javascript:alert(3)")])
    assert "<script>alert(2)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_html_shows_each_supporting_passage() -> None:
    page = render_html([_brief()])
    assert page.count('class="cite"') == 2
    assert 'data-article="b"' in page and 'data-start="10"' in page


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render([], "pdf")
    assert "No stories" in render([], "md")
