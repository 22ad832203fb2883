"""Sparse term vectors with document frequencies that grow as articles arrive (online TF-IDF).

A vector is a plain `dict[term, weight]`; a story keeps the running sum of its members' vectors and
that sum's squared norm, updated in O(terms of the new article), so comparing an article to a story
costs O(terms of the article) however big the story is. Pure code, no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

SparseVector = dict[str, float]


class DocumentFrequencies:
    """How many documents hold each term; IDF is smoothed as in scikit-learn (`smooth_idf=True`)."""

    __slots__ = ("df", "docs")

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.docs = 0

    def add(self, terms: Iterable[str]) -> None:
        self.docs += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0

    def weigh(self, counts: Counter[str]) -> SparseVector:
        """Sublinear tf x idf, scaled to unit length; no terms gives an empty vector."""
        vec = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def dot(a: SparseVector, b: SparseVector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


class SparseSum:
    """The running sum of unit vectors, with its squared norm kept current for O(1) cosine scaling."""

    __slots__ = ("norm2", "total")

    def __init__(self) -> None:
        self.total: SparseVector = {}
        self.norm2 = 0.0

    def __bool__(self) -> bool:
        return bool(self.total)

    def add(self, vec: SparseVector) -> None:
        self.norm2 += 2.0 * dot(vec, self.total) + sum(v * v for v in vec.values())
        for t, v in vec.items():
            self.total[t] = self.total.get(t, 0.0) + v

    def merge(self, other: SparseSum) -> None:
        self.add(other.total)

    def cosine(self, vec: SparseVector) -> float:
        if not vec or self.norm2 <= 0.0:
            return 0.0
        return dot(vec, self.total) / math.sqrt(self.norm2)

    def covered_by(self, vec: SparseVector) -> float:
        """Share of this sum's squared mass on terms that `vec` also has: how much of a story's
        vocabulary (or cast of names) one article mentions."""
        if not vec or self.norm2 <= 0.0:
            return 0.0
        total = self.total
        return sum(total[t] * total[t] for t in vec if t in total) / self.norm2

    def covers(self, vec: SparseVector) -> float:
        """Share of the unit vector `vec`'s squared mass on terms this sum has."""
        total = self.total
        return sum(v * v for t, v in vec.items() if t in total)

    def unit(self) -> SparseVector:
        norm = math.sqrt(self.norm2) if self.norm2 > 0 else 0.0
        return {t: v / norm for t, v in self.total.items()} if norm else {}
