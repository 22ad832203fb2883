"""A story as the clustering sees it: summed vectors of its members, its time span, its members.

An `ArticleVectors` is one article after weighting (the same channels as a story); a `StoryProfile`
accumulates them. Comparing an article with a story and two stories with each other uses the same
channels (similarity.py), which is what lets the merge pass reuse the article scorer.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from storyweave.cluster.vectors import SparseSum, SparseVector

CHANNELS = ("words", "entities", "years", "numbers")
# Members remembered per story (the most recent): for nearest-member similarity and for the split pass,
# which only splits stories it remembers whole. Bounds memory per story.
MEMBER_CAP = 256


@dataclass(slots=True)
class ArticleVectors:
    id: str
    seq: int  # arrival number: the clock for articles without a date
    words: SparseVector
    entities: SparseVector
    years: SparseVector
    numbers: SparseVector
    embedding: np.ndarray | None  # unit float32 row, or None when embeddings are off
    published: datetime | None
    language: str

    @property
    def empty(self) -> bool:
        return not self.words and not self.entities


@dataclass(slots=True)
class StoryProfile:
    id: str
    slot: int  # row of this story in the clusterer's centroid matrix
    language: str
    article_ids: list[str] = field(default_factory=list)
    words: SparseSum = field(default_factory=SparseSum)
    entities: SparseSum = field(default_factory=SparseSum)
    years: SparseSum = field(default_factory=SparseSum)
    numbers: SparseSum = field(default_factory=SparseSum)
    embedding_sum: np.ndarray | None = None
    first: datetime | None = None
    last: datetime | None = None
    first_seq: int = 0
    last_seq: int = 0
    members: deque[ArticleVectors] = field(default_factory=lambda: deque(maxlen=MEMBER_CAP))
    closed: bool = False  # an article with no comparable content: its story takes no one else
    checked_size: int = 0  # size when the split pass last looked at this story

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def add(self, article: ArticleVectors) -> None:
        self.first_seq = min(self.first_seq, article.seq) if self.article_ids else article.seq
        self.article_ids.append(article.id)
        self.members.append(article)
        for name in CHANNELS:
            getattr(self, name).add(getattr(article, name))
        if article.embedding is not None:
            if self.embedding_sum is None:
                self.embedding_sum = article.embedding.astype(np.float32).copy()
            else:
                self.embedding_sum += article.embedding
        self._extend_time(article.published, article.published, article.seq)

    def absorb(self, other: StoryProfile) -> None:
        """Take in every member of `other` (the merge pass); `self` keeps its id."""
        self.article_ids.extend(other.article_ids)
        self.members.extend(other.members)
        for name in CHANNELS:
            getattr(self, name).merge(getattr(other, name))
        if other.embedding_sum is not None:
            if self.embedding_sum is None:
                self.embedding_sum = other.embedding_sum.copy()
            else:
                self.embedding_sum += other.embedding_sum
        self.first_seq = min(self.first_seq, other.first_seq)
        self._extend_time(other.first, other.last, other.last_seq)

    def archive(self) -> None:
        """Drop what only matters while the story can still grow (vectors, members): a retired story
        keeps its id, members' ids and time span, so memory per old story is a few ids."""
        self.members = deque(maxlen=0)
        for name in CHANNELS:
            setattr(self, name, SparseSum())
        self.embedding_sum = None
        self.closed = True

    def centroid(self) -> np.ndarray | None:
        if self.embedding_sum is None:
            return None
        norm = float(np.linalg.norm(self.embedding_sum))
        return self.embedding_sum / norm if norm else self.embedding_sum

    def as_article(self) -> ArticleVectors:
        """The story seen as one (long) article, for story-to-story comparison."""
        return ArticleVectors(
            id=self.id,
            seq=self.last_seq,
            words=self.words.unit(),
            entities=self.entities.unit(),
            years=self.years.unit(),
            numbers=self.numbers.unit(),
            embedding=self.centroid(),
            published=self.last,
            language=self.language,
        )

    def _extend_time(self, first: datetime | None, last: datetime | None, seq: int) -> None:
        self.last_seq = max(self.last_seq, seq)
        if first is not None:
            self.first = first if self.first is None else min(self.first, first, key=timestamp)
        if last is not None:
            self.last = last if self.last is None else max(self.last, last, key=timestamp)


def timestamp(value: datetime) -> float:
    # Naive datetimes are read as UTC so that naive and aware dates can be compared.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def days_apart(when: datetime | None, story: StoryProfile) -> float | None:
    """Days between `when` and the nearest end of the story's span; None when either is undated."""
    if when is None or story.first is None or story.last is None:
        return None
    t = timestamp(when)
    lo, hi = timestamp(story.first), timestamp(story.last)
    return 0.0 if lo <= t <= hi else min(abs(t - lo), abs(t - hi)) / 86400.0


def spans_apart(a: StoryProfile, b: StoryProfile) -> float | None:
    """Days between two stories' spans (0 when they overlap); None when either is undated."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return None
    gap = max(timestamp(a.first), timestamp(b.first)) - min(timestamp(a.last), timestamp(b.last))
    return max(0.0, gap / 86400.0)
