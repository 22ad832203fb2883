"""Batch clustering for the CLI and the pipeline: the online clusterer run over a known list."""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.analyze.embeddings import Embedder
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.online import StoryClusterer
from storyweave.cluster.similarity import DEFAULT_SCORER, Scorer
from storyweave.model import Article, Story


def as_config(settings: ClusterConfig | None) -> ClusterConfig:
    return settings if settings is not None else ClusterConfig()


def cluster_articles(
    articles: Sequence[Article],
    settings: ClusterConfig | None = None,
    embedder: Embedder | None = None,
    scorer: Scorer = DEFAULT_SCORER,
) -> list[Story]:
    """Group articles into stories, streaming them in input order; stories come in order of their first
    article and list their articles in input order. Document frequencies come from the whole batch."""
    if not articles:
        return []
    clusterer = StoryClusterer(as_config(settings), embedder=embedder, scorer=scorer)
    clusterer.observe(articles)
    clusterer.add_many(articles)
    clusterer.maintain()
    position = {a.id: n for n, a in enumerate(articles)}
    stories = [
        Story(id=s.id, article_ids=sorted(dict.fromkeys(s.article_ids), key=position.__getitem__))
        for s in clusterer.stories()
    ]
    return sorted(stories, key=lambda s: position[s.article_ids[0]])
