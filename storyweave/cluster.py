"""Story clustering, first version: single-pass TF-IDF centroid assignment.

Each article, in arrival order, joins the most similar existing story when the cosine similarity
between its TF-IDF vector and the story's centroid reaches `ClusterSettings.threshold`, and starts a
new story otherwise. Stories whose articles lie further apart in time than `window_days` are not
candidates (blocking by time), so the cost of one article grows with the number of *recent* stories,
not with the archive. The threshold was chosen on ECB+ (docs/clustering.md).

Pure algorithm: no I/O. The vocabulary is fitted on the batch being clustered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyweave.model import Article, Story
from storyweave.settings import ClusterSettings


def story_id_for(first_article_id: str) -> str:
    """A story is named after the first article that started it, so ids are stable across runs."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


def article_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalized TF-IDF rows; empty or stop-word-only texts give zero rows instead of failing."""
    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words="english",
        min_df=1,
        strip_accents="unicode",
        token_pattern=r"(?u)\b\w\w+\b",
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty after stop words: nothing to compare
        return sparse.csr_matrix((len(texts), 1), dtype=np.float64)


@dataclass(slots=True)
class _Open:
    """A story being built: the running sum of its members' vectors and its time span."""

    index: int
    total: np.ndarray
    first: datetime | None
    last: datetime | None


def assign_stories(
    vectors: sparse.csr_matrix, published: Sequence[datetime | None], settings: ClusterSettings
) -> list[int]:
    """Story index for each row, in arrival order. Rows with no vocabulary start their own story."""
    labels: list[int] = []
    stories: list[_Open] = []
    # Centroids live in one preallocated matrix grown by doubling: appending a story stays O(1).
    centroids = np.zeros((16, vectors.shape[1]), dtype=np.float64)
    window = settings.window_days * 86400.0
    for row in range(vectors.shape[0]):
        vec = vectors.getrow(row)
        when = published[row]
        best = -1
        if stories and vec.nnz:
            active = centroids[: len(stories)]
            sims = active[:, vec.indices] @ vec.data
            above = np.flatnonzero(sims >= settings.threshold)
            for idx in above[np.argsort(-sims[above])]:
                if _within_window(stories[idx], when, window):
                    best = int(idx)
                    break
        dense = np.zeros(vectors.shape[1], dtype=np.float64)
        dense[vec.indices] = vec.data
        if best < 0:
            best = len(stories)
            if best == centroids.shape[0]:
                centroids = np.vstack([centroids, np.zeros_like(centroids)])
            stories.append(_Open(best, dense, when, when))
        else:
            story = stories[best]
            story.total += dense
            if when is not None:
                story.first = when if story.first is None else min(story.first, when)
                story.last = when if story.last is None else max(story.last, when)
        centroids[best] = _unit(stories[best].total)
        labels.append(best)
    return labels


def _within_window(story: _Open, when: datetime | None, window_seconds: float) -> bool:
    # Undated articles, or undated stories, are compared on text alone (documented rule).
    if when is None or story.first is None or story.last is None:
        return True
    start = _timestamp(story.first) - window_seconds
    end = _timestamp(story.last) + window_seconds
    return start <= _timestamp(when) <= end


def _timestamp(value: datetime) -> float:
    return value.timestamp() if value.tzinfo else value.replace(tzinfo=None).timestamp()


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def cluster_texts(
    texts: Sequence[str], published: Sequence[datetime | None], settings: ClusterSettings
) -> list[int]:
    """Convenience for evaluation: cluster raw texts, return a story label per text."""
    return assign_stories(article_vectors(texts), published, settings)


def cluster_articles(articles: Sequence[Article], settings: ClusterSettings) -> list[Story]:
    """Group articles into stories, in input order; each story lists its articles in input order."""
    if not articles:
        return []
    texts = [_article_text(a) for a in articles]
    labels = cluster_texts(texts, [a.published for a in articles], settings)
    members: dict[int, list[str]] = {}
    for article, label in zip(articles, labels, strict=True):
        members.setdefault(label, []).append(article.id)
    return [Story(id=story_id_for(ids[0]), article_ids=ids) for ids in members.values()]


def _article_text(article: Article) -> str:
    # The headline says what the story is about; counting it twice gives it the weight editors do.
    title = article.title or ""
    return f"{title}\n{title}\n{article.text}" if title else article.text
