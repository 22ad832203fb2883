"""How likely an article belongs to a story: several signals combined by a learned logistic model.

Signals (FEATURES, in order): sentence-embedding cosine to the story centroid, TF-IDF cosine, cosine of
the idf-weighted names, of the years and of the other numbers the texts mention, flags for "one side
names no one / mentions no date" (a missing signal is not evidence against), and the best embedding
and TF-IDF cosine to any one recent member. The story's size is deliberately not a feature: fitted on
ECB+ (stories of up to 22 articles) it learned "big stories take no one", which breaks on real streams.
The weights were fitted by `storyweave.cluster.learn` on ECB+ topics 1-35 (logistic regression on
article-story pairs from simulated streams) and are checked by cross-validation by topic; docs/clustering.md
has the figures. Publication dates act as a hard window (`ClusterConfig.window_days`) rather than a
weight, because the training set carries no publication dates to learn a weight from.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import numpy as np

from storyweave.cluster.profile import ArticleVectors, StoryProfile
from storyweave.cluster.vectors import dot

NEAREST_MEMBERS = 16  # most recent members compared one by one (bounds the cost of big stories)
NEAREST_BY_WORDS = 3  # of those, the closest by embedding also compared by TF-IDF

FEATURES = (
    "embedding",
    "words",
    "entities",
    "years",
    "numbers",
    "nearest_embedding",
    "nearest_words",
    "story_names_in_article",
    "article_names_in_story",
    "no_entities",
    "no_years",
)


@dataclass(frozen=True, slots=True)
class Scorer:
    """A logistic model over FEATURES; `weights` are in FEATURES order."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def without_embedding(self) -> Scorer:
        """For runs without embeddings: a fixed cosine stands in so the bias keeps its meaning."""
        weights = list(self.weights)
        bias = self.bias + weights[0] * 0.5
        weights[0] = 0.0
        return Scorer(tuple(weights), bias)


# Fitted on ECB+ topics 1-35 (all folds) with `storyweave eval clustering --fit`; see docs/clustering.md.
DEFAULT_SCORER = Scorer(
    weights=(3.353, 1.534, 1.913, 5.319, 3.946, 2.082, 5.183, 0.686, 1.439, 1.406, 2.136),
    bias=-9.653,
)


def pair_features(article: ArticleVectors, story: StoryProfile, centroid: np.ndarray | None) -> np.ndarray:
    """One row of FEATURES for (article, story); `centroid` is the story's unit embedding, if any."""
    emb = 0.0
    if article.embedding is not None and centroid is not None:
        emb = float(article.embedding @ centroid)
    nearest_emb, nearest_words = _nearest_member(article, story)
    no_entities = not article.entities or not story.entities
    no_years = not article.years or not story.years
    return np.array(
        [
            emb,
            story.words.cosine(article.words),
            story.entities.cosine(article.entities),
            story.years.cosine(article.years),
            story.numbers.cosine(article.numbers),
            nearest_emb,
            nearest_words,
            story.entities.covered_by(article.entities),
            story.entities.covers(article.entities),
            1.0 if no_entities else 0.0,
            1.0 if no_years else 0.0,
        ],
        dtype=np.float64,
    )


def _nearest_member(article: ArticleVectors, story: StoryProfile) -> tuple[float, float]:
    """Best embedding and TF-IDF cosine to any of the most recent members: a story of many voices has a
    blurred centroid, but a new report of the same event usually has one close sibling (often a copy).
    The TF-IDF cosine is taken over the NEAREST_BY_WORDS members closest by embedding only (one matrix
    product instead of a dictionary walk per member; that walk was most of the clustering's time)."""
    recent = list(islice(reversed(story.members), NEAREST_MEMBERS))
    if not recent:
        return 0.0, 0.0
    embedded = [m for m in recent if m.embedding is not None]
    if article.embedding is None or not embedded:
        return 0.0, max(dot(article.words, m.words) for m in recent)
    sims = np.stack([m.embedding for m in embedded]) @ article.embedding  # type: ignore[misc]
    order = np.argsort(-sims)[:NEAREST_BY_WORDS]
    return float(sims[order[0]]), max(dot(article.words, embedded[int(i)].words) for i in order)
