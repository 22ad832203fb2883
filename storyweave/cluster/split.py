"""Telling apart two events of the same kind inside one story: bisect on what is *specific* to each report.

Two earthquakes, or two celebrities entering rehab, share most of their vocabulary and land close
together in embedding space, so the online pass often puts them in one story. What separates them is
what remains after the shared "kind of event" is taken out: each member's embedding and TF-IDF vector
minus the story's mean (the residual). `bisect` splits a story in two by average-linkage clustering of
those residuals; the halves are then compared with the story-to-story scorer (`STORY_SCORER`, fitted on
ECB+ halves: bisected topics, which hold two events, against bisected single stories), and the story is
split only when the halves look like different events. The merge pass uses the same scorer, with a
higher bar, so a split is never undone by the next merge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from storyweave.cluster.profile import ArticleVectors, StoryProfile
from storyweave.cluster.similarity import Scorer, pair_features

# Fitted on ECB+ topics 1-35 with `storyweave eval clustering --fit`; see docs/clustering.md.
STORY_SCORER = Scorer(
    weights=(0.19, -0.779, 1.372, 3.565, 1.806, 0.367, 1.294, 0.671, 0.862, 0.0, 1.805),
    bias=-3.286,
)


def residual_matrix(members: Sequence[ArticleVectors]) -> np.ndarray:
    """Rows: each member's embedding and word vector minus the members' mean, each part unit length."""
    parts: list[np.ndarray] = []
    embedded = [m.embedding for m in members]
    if all(e is not None for e in embedded):
        parts.append(_unit_rows(_centered(np.stack(embedded))))  # type: ignore[arg-type]
    vocab: dict[str, int] = {}
    for member in members:
        for term in member.words:
            vocab.setdefault(term, len(vocab))
    if vocab:
        words = np.zeros((len(members), len(vocab)), dtype=np.float32)
        for row, member in enumerate(members):
            for term, weight in member.words.items():
                words[row, vocab[term]] = weight
        parts.append(_unit_rows(_centered(words)))
    if not parts:
        return np.zeros((len(members), 1), dtype=np.float32)
    return np.hstack(parts)


def bisect(members: Sequence[ArticleVectors]) -> tuple[list[int], list[int]] | None:
    """Member indices of the two halves (first half holds member 0), or None when it cannot split."""
    if len(members) < 2:
        return None
    matrix = residual_matrix(members)
    if not np.any(matrix):
        return None
    # Cosine on zero rows is undefined; a tiny constant column keeps them comparable (and together).
    matrix = np.hstack([matrix, np.full((len(members), 1), 1e-6, dtype=np.float32)])
    labels = fcluster(linkage(matrix, method="average", metric="cosine"), t=2, criterion="maxclust")
    first = [i for i, lab in enumerate(labels) if lab == labels[0]]
    second = [i for i, lab in enumerate(labels) if lab != labels[0]]
    return (first, second) if second else None


def profile_of(story_id: str, members: Sequence[ArticleVectors], language: str) -> StoryProfile:
    """A throwaway story built from `members` (for comparing candidate halves)."""
    profile = StoryProfile(id=story_id, slot=-1, language=language)
    for member in members:
        profile.add(member)
    return profile


def same_story_probability(a: StoryProfile, b: StoryProfile, scorer: Scorer) -> float:
    """How likely two stories are one: the smaller is compared, as one long article, with the larger."""
    small, large = (a, b) if a.size <= b.size else (b, a)
    row = pair_features(small.as_article(), large, large.centroid())[None, :]
    return float(scorer.probability(row)[0])


def halves_features(members: Sequence[ArticleVectors], language: str) -> np.ndarray | None:
    """Story-to-story features of the two halves `bisect` proposes (training and splitting share it)."""
    halves = bisect(members)
    if halves is None:
        return None
    a = profile_of("a", [members[i] for i in halves[0]], language)
    b = profile_of("b", [members[i] for i in halves[1]], language)
    small, large = (a, b) if a.size <= b.size else (b, a)
    return pair_features(small.as_article(), large, large.centroid())


def _centered(matrix: np.ndarray) -> np.ndarray:
    return matrix - matrix.mean(axis=0, keepdims=True)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
