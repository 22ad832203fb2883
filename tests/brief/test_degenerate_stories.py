"""Whole briefs (pipeline.brief_story + timeline + coverage, rendered) for awkward stories: one article,
two hundred, no dates, every article a copy of one. Articles are invented here."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from storyweave.analyze.sentences import split_sentences
from storyweave.brief.coverage import coverage
from storyweave.brief.render import render_html, render_json, render_markdown
from storyweave.model import Article, Brief, Claim, Story
from storyweave.pipeline import brief_story
from storyweave.settings import Settings
from storyweave.timeline import build_timeline

BODIES = [
    "Workers at the Osterby paper mill walked out on Tuesday after the owners cut night-shift pay.\n"
    "The Osterby Mill Union said about 300 workers joined the strike.\n"
    "Managers will meet union leaders on Friday, the company said.",
    "About 300 workers at Osterby's paper mill went on strike on Tuesday over cuts to night-shift pay.\n"
    "The mill produced record volumes in the third quarter of 2024, its annual report shows.\n"
    "Residents of Osterby said the town depends on the mill.",
    "The strike at the Osterby paper mill entered its second day on Wednesday.\n"
    "Union leader Henrik Dahl said the workers would stay out until the pay cut was withdrawn.",
]


def _article(ident: str, text: str, when: datetime | None, outlet: str | None = None) -> Article:
    article = Article(id=ident, text=text, published=when, outlet=outlet or f"outlet-{ident}")
    article.sentences = split_sentences(text)
    return article


def _full_brief(members: list[Article], claims: list[Claim] | None = None) -> Brief:
    settings = Settings()
    brief = brief_story(Story(id="s-test", article_ids=[a.id for a in members]), members, settings)
    brief.timeline = build_timeline(members)
    duplicate_of = {a.id: a.duplicate_of for a in brief.articles if a.duplicate_of}
    brief.coverage = coverage(members, claims or [], duplicate_of)
    return brief


def _check(brief: Brief, members: list[Article]) -> None:
    by_id = {a.id: a for a in members}
    for sentence in brief.summary:
        for support in sentence.support:
            assert by_id[support.article].text[support.start : support.end] == support.text
    assert Brief.from_dict(json.loads(render_json([brief]))["stories"][0]) == brief
    page = render_html([brief])
    assert page.count("<article") == 1
    assert render_markdown([brief]).startswith("# ")


DAY = datetime(2025, 3, 4, 9, 0)  # a Tuesday


def test_one_article() -> None:
    members = [_article("solo", BODIES[0], DAY)]
    brief = _full_brief(members)
    _check(brief, members)
    assert brief.summary and all(s.sources == ["solo"] for s in brief.summary)
    assert {e.date for e in brief.timeline} == {"2025-03-04", "2025-03-07"}


def test_two_hundred_articles() -> None:
    members = [
        _article(f"a{i}", BODIES[i % 3], DAY + timedelta(hours=i), outlet=f"outlet-{i % 40}")
        for i in range(200)
    ]
    brief = _full_brief(members)
    _check(brief, members)
    assert brief.story.article_count == 200
    assert len(brief.timeline) <= 40 and max(len(e.articles) for e in brief.timeline) >= 60


def test_no_dates_at_all() -> None:
    text = "Nobody said when. The mill owners declined to comment on the walkout."
    members = [_article(f"n{i}", text, None) for i in range(3)]
    brief = _full_brief(members)
    _check(brief, members)
    assert brief.timeline == [] and brief.story.first_published is None
    assert "Timeline" not in render_markdown([brief])


@pytest.mark.parametrize("count", [2, 6])
def test_all_articles_copies_of_one(count: int) -> None:
    members = [_article(f"c{i}", BODIES[0], DAY + timedelta(hours=i)) for i in range(count)]
    claims = [Claim("k1", "Workers walked out.", "corroborated", [a.id for a in members])]
    brief = _full_brief(members, claims)
    _check(brief, members)
    assert brief.summary and all(len(s.sources) == count for s in brief.summary)
    assert all(len(e.articles) == count for e in brief.timeline)
    assert all(row.missing_claims == [] for row in brief.coverage)
