"""Batch clustering for the CLI and the pipeline: the online clusterer run over a known list."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from storyweave.analyze.embeddings import Embedder
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.online import StoryClusterer
from storyweave.cluster.shorttext import ShortTextClusterer
from storyweave.cluster.similarity import DEFAULT_SCORER, Scorer
from storyweave.model import Article, Story

# Values of `ClusterSettings.method` (settings.py validates the same three).
CLUSTER_METHODS = ("auto", "news", "short")


def as_config(settings: ClusterConfig | None) -> ClusterConfig:
    return settings if settings is not None else ClusterConfig()


def median_words(articles: Sequence[Article]) -> float:
    """Median length of title + text in whitespace-separated words (0 for no articles)."""
    lengths = [len(f"{a.title or ''} {a.text}".split()) for a in articles]
    return float(statistics.median(lengths)) if lengths else 0.0


def choose_method(articles: Sequence[Article], settings: ClusterConfig | None = None) -> str:
    """The clusterer to run, "news" or "short": the configured one, or for "auto" the short-text model
    when the batch's median article has at most `short_max_words` words (tweets, headline-only feeds)."""
    config = as_config(settings)
    if config.method != "auto":
        return config.method
    return "short" if median_words(articles) <= config.short_max_words else "news"


def build_clusterer(
    articles: Sequence[Article],
    settings: ClusterConfig | None = None,
    embedder: Embedder | None = None,
    scorer: Scorer = DEFAULT_SCORER,
) -> StoryClusterer | ShortTextClusterer:
    """The clusterer `settings.method` picks (see `choose_method`), fed every article in order and
    maintained: ready for `stories()`, or for more articles later (a store keeps it between ingests)."""
    config = as_config(settings)
    if choose_method(articles, config) == "short":
        short = ShortTextClusterer(config)
        short.add_many(articles)
        return short
    clusterer = StoryClusterer(config, embedder=embedder, scorer=scorer)
    clusterer.observe(articles)
    clusterer.add_many(articles)
    clusterer.maintain()
    return clusterer


def cluster_articles(
    articles: Sequence[Article],
    settings: ClusterConfig | None = None,
    embedder: Embedder | None = None,
    scorer: Scorer = DEFAULT_SCORER,
) -> list[Story]:
    """Group articles into stories, streaming them in input order; stories come in order of their first
    article and list their articles in input order. `settings.method` picks the clusterer (see
    `choose_method`); for news, document frequencies come from the whole batch."""
    if not articles:
        return []
    found = build_clusterer(articles, settings, embedder, scorer).stories()
    position = {a.id: n for n, a in enumerate(articles)}
    stories = [
        Story(id=s.id, article_ids=sorted(dict.fromkeys(s.article_ids), key=position.__getitem__))
        for s in found
    ]
    return sorted(stories, key=lambda s: position[s.article_ids[0]])
