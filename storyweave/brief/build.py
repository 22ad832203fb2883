"""Assemble one Brief per story from the outputs of the earlier stages.

Each part of the Brief is filled by the stage that owns it; a part whose stage does not exist yet is an
empty list, so the JSON always carries every key of the contract in DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyweave.brief.summary import summarize
from storyweave.claims.sources import independent_sources
from storyweave.model import (
    Article,
    Brief,
    BriefArticle,
    Claim,
    Conflict,
    Coverage,
    Entity,
    Quote,
    SharedPassage,
    Story,
    StoryHeader,
    SummarySentence,
    TimelineEvent,
    format_published,
)
from storyweave.settings import Settings

TITLE_MAX_CHARS = 120


@dataclass(slots=True)
class StoryContext:
    """What the cross-article stages found for one story, handed to `build_brief`."""

    duplicate_of: Mapping[str, str] = field(default_factory=dict)
    shared_passages: Sequence[SharedPassage] = ()
    entities: Sequence[Entity] = ()
    timeline: Sequence[TimelineEvent] = ()
    claims: Sequence[Claim] = ()
    conflicts: Sequence[Conflict] = ()
    quotes: Sequence[Quote] = ()
    coverage: Sequence[Coverage] = ()
    # article id -> how an undated article's dates were read ("dated from its text: 2023-11-23")
    date_notes: Mapping[str, str] = field(default_factory=dict)


def build_brief(
    story: Story,
    articles: Sequence[Article],
    settings: Settings,
    context: StoryContext | None = None,
    words: int | None = None,
    sentences: int | None = None,
) -> Brief:
    """The brief of one story. `articles` are the story's members, analysed, in story input order."""
    context = context or StoryContext()
    ordered = _chronological(articles)
    duplicates = frozenset(a.id for a in ordered if a.id in context.duplicate_of)
    outlet_of = {a.id: a.outlet for a in ordered}
    summary = summarize(
        ordered,
        settings.summary,
        words=words,
        exclude=duplicates,
        sentences=sentences,
        method=settings.summary.method,  # type: ignore[arg-type]  # validated by SummarySettings
        compress=settings.summary.compress,
        sources=lambda variants: len(
            independent_sources(variants, outlet_of, context.duplicate_of, context.shared_passages)
        ),
    )
    dates = sorted(format_published(a.published) or "" for a in ordered if a.published)
    outlets = {a.outlet or _host(a.url) or a.id for a in ordered}
    header = StoryHeader(
        id=story.id,
        title=story.title or _story_title(ordered, summary),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        article_count=len(ordered),
        outlet_count=len(outlets),
    )
    return Brief(
        story=header,
        articles=[
            BriefArticle(
                id=a.id,
                outlet=a.outlet,
                title=a.title,
                url=a.url,
                published=format_published(a.published),
                language=a.language,
                duplicate_of=context.duplicate_of.get(a.id),
                date_note=context.date_notes.get(a.id),
            )
            for a in ordered
        ],
        summary=summary,
        claims=list(context.claims),
        conflicts=list(context.conflicts),
        quotes=list(context.quotes),
        entities=list(context.entities),
        timeline=list(context.timeline),
        coverage=list(context.coverage),
        shared_passages=list(context.shared_passages),
    )


def _chronological(articles: Sequence[Article]) -> list[Article]:
    # Undated articles keep their input position relative to each other, after the dated ones.
    indexed = list(enumerate(articles))
    dated = sorted((p for p in indexed if p[1].published), key=lambda p: (_sort_key(p[1]), p[0]))
    undated = [p for p in indexed if not p[1].published]
    return [a for _, a in dated + undated]


def _sort_key(article: Article) -> str:
    return format_published(article.published) or ""


def _story_title(articles: Sequence[Article], summary: Sequence[SummarySentence]) -> str:
    """The earliest headline; failing that, the summary's first sentence (the most central statement),
    then the opening of the first article."""
    for article in articles:
        if article.title:
            return article.title
    if summary:
        return _shorten(summary[0].text)
    for article in articles:
        if article.sentences:
            return _shorten(article.sentences[0].text)
    return _shorten(articles[0].text) if articles else ""


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _host(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    return url.split("://", 1)[1].split("/", 1)[0].removeprefix("www.") or None
