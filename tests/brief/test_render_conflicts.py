"""A conflict whose values all come from one article is labelled so in every rendering."""

from __future__ import annotations

from storyweave.brief.render import WITHIN_ONE_ARTICLE, render_html, render_markdown, within_one_article
from storyweave.model import Brief, BriefArticle, Conflict, ConflictValue, StoryHeader


def brief_with(conflict: Conflict) -> Brief:
    articles = [
        BriefArticle("a", "Orlav Courier", "A", None, "2024-05-02", "en"),
        BriefArticle("b", "Tarn Post", "B", None, "2024-05-02", "en"),
    ]
    header = StoryHeader("s", "Summit", "2024-05-02", "2024-05-02", 2, 2)
    return Brief(story=header, articles=articles, conflicts=[conflict])


def conflict(*articles: str) -> Conflict:
    pairs = zip(("about 20", "15"), articles, strict=True)
    values = [ConflictValue(v, [a], f"… {v} agreements …") for v, a in pairs]
    return Conflict("number of agreements", values)


def test_a_conflict_inside_one_article_is_labelled() -> None:
    one, two = conflict("a", "a"), conflict("a", "b")
    assert within_one_article(one) and not within_one_article(two)
    assert WITHIN_ONE_ARTICLE in render_markdown([brief_with(one)])
    assert WITHIN_ONE_ARTICLE in render_html([brief_with(one)])
    assert WITHIN_ONE_ARTICLE not in render_markdown([brief_with(two)])
    assert WITHIN_ONE_ARTICLE not in render_html([brief_with(two)])
