"""The flow of data, as plain functions: analyze each article, find stories, then brief each story.

    articles --analyze--> sentences + mentions --find_stories--> stories
             --per story: shared passages (dedup), entities (resolve), summary--> briefs

The CLI, the web app and batch jobs call these; they hold no logic of their own. Models (the spaCy
pipeline, the sentence-embedding model) are loaded once, by `Models`, and passed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyweave.analyze.sentences import split_sentences
from storyweave.brief.build import StoryContext, build_brief
from storyweave.brief.coverage import coverage
from storyweave.claims import find_claims
from storyweave.cluster import cluster_articles
from storyweave.dedup import find_shared_passages
from storyweave.model import Article, Brief, Story
from storyweave.resolve import resolve_entities
from storyweave.settings import Settings
from storyweave.timeline import build_timeline, date_notes

if TYPE_CHECKING:
    from spacy.language import Language

    from storyweave.analyze.embeddings import Embedder


@dataclass(slots=True)
class Models:
    """The models one run needs, each loaded on first use and then kept (loading spaCy takes ~1 s)."""

    settings: Settings
    _ner: Language | None = field(default=None, repr=False)
    _embedder: Embedder | None = field(default=None, repr=False)

    @property
    def ner(self) -> Language:
        if self._ner is None:
            from storyweave.analyze.entities import load_ner

            self._ner = load_ner()
        return self._ner

    @property
    def embedder(self) -> Embedder | None:
        """None when clustering is set not to use embeddings."""
        if self._embedder is None and self.settings.cluster.use_embeddings:
            from storyweave.analyze.embeddings import load_embedder

            self._embedder = load_embedder(self.settings.cluster.embedding)
        return self._embedder

    def with_embedder(self, embedder: Embedder | None) -> Models:
        """The same models (NER already loaded stays loaded) with another embedder, e.g. a cached one."""
        return Models(self.settings, self._ner, embedder)


def analyze(articles: Sequence[Article], models: Models) -> list[Article]:
    """Per-article analysis (a map): sentences with offsets, then named-entity mentions and the parse
    attachments of dates, places and figures.

    Articles already analysed (sentences present; mentions present) are left alone, so analysing an
    article read back from the store costs nothing. An article whose text has no names is parsed again
    each time; that is cheap and keeps the model free of an "analysed" flag."""
    for article in articles:
        if not article.sentences and article.text:
            article.sentences = split_sentences(article.text)
    unparsed = [a for a in articles if a.text and not a.mentions]
    if unparsed:
        from storyweave.analyze.entities import extract_mentions

        # The parse also says what each date, place and figure hangs on (claims compare dates of one
        # happening with it). Articles stored before it existed keep `attachments=None` and the claims
        # stage's word-window rules; they are not parsed again.
        extract_mentions(unparsed, models.ner, attachments=True)
    return list(articles)


def find_stories(articles: Sequence[Article], settings: Settings, models: Models) -> list[Story]:
    return cluster_articles(articles, settings.cluster, embedder=models.embedder)


def brief_story(
    story: Story,
    members: Sequence[Article],
    settings: Settings,
    words: int | None = None,
    sentences: int | None = None,
    embedder: Embedder | None = None,
) -> Brief:
    """The brief of one story: shared passages and duplicates, entities, claims (conflicts, quotes),
    timeline, coverage, then the summary. `embedder` helps align claims; without it they align on words,
    names and numbers."""
    copies = find_shared_passages(members, settings.dedup)
    entities = resolve_entities(members, settings.resolve)
    found = find_claims(members, entities, copies, settings.claims, embedder=embedder)
    context = StoryContext(
        duplicate_of=copies.duplicate_of,
        shared_passages=copies.passages,
        entities=entities,
        claims=found.claims,
        conflicts=found.conflicts,
        quotes=found.quotes,
        coverage=coverage(members, found.claims, copies.duplicate_of),
        timeline=build_timeline(members, settings.timeline),
        date_notes=date_notes(members, settings.timeline),
    )
    return build_brief(story, members, settings, context, words=words, sentences=sentences)


def brief_fingerprint(settings: Settings) -> str:
    """A digest of what decides a story's brief besides its members: the storyweave version and the
    settings of every briefing stage (and the embedder, which aligns claims). Two briefs of the same
    members with the same fingerprint are the same brief, so a stored one can be kept."""
    from storyweave import __version__

    shaping = {
        name: section
        for name, section in settings.to_dict().items()
        if name in ("dedup", "resolve", "claims", "summary", "timeline")
    }
    cluster = settings.to_dict()["cluster"]
    shaping["embedding"] = [cluster["use_embeddings"], cluster["embedding"]]
    text = json.dumps([__version__, shaping], sort_keys=True, separators=(",", ":"))
    return "b1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_briefs(
    articles: Iterable[Article],
    settings: Settings,
    models: Models | None = None,
    words: int | None = None,
    sentences: int | None = None,
) -> list[Brief]:
    """Every story in `articles`, briefed; biggest stories first, ties in order of first appearance."""
    models = models or Models(settings)
    analyzed = analyze(list(articles), models)
    by_id = {a.id: a for a in analyzed}
    stories = find_stories(analyzed, settings, models)
    briefs = [
        brief_story(
            story,
            [by_id[i] for i in story.article_ids],
            settings,
            words=words,
            sentences=sentences,
            embedder=models.embedder,
        )
        for story in stories
    ]
    order = {story.id: n for n, story in enumerate(stories)}
    return sorted(briefs, key=lambda b: (-b.story.article_count, order[b.story.id]))
