"""Alignment: which claim units across articles state the same thing.

Pair score = `embedding_weight` x cosine of sentence embeddings (when an embedder is given) + the rest
x an overlap score: Dice of content-word stems (the event words), Dice of named entities, and whether
the two share a figure of the same measure. That score gates the conflict tests (conflicts.py).

Claim groups are cut on a score of their own (`grouping_scores`): the same parts with the embedding
weighted `align_embedding_weight`, and nothing between two units of one article, since one report
seldom states one thing twice and a group is read as "these outlets say this". Units are grouped by
average linkage on 1 - score, cut at `align_threshold`: average (not single) linkage, so one loose link
cannot chain two groups.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

from storyweave.claims.config import ClaimSettings
from storyweave.claims.quantities import same_measure
from storyweave.claims.units import ClaimUnit


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def overlap_score(u: ClaimUnit, v: ClaimUnit, tolerance: float = 0.1) -> float:
    """Lexical agreement of two units in [0, 1]: words 0.6, entities 0.25, figures 0.15; a part that
    neither unit has (no names, no figures) gives its weight to the words."""
    del tolerance  # kept in the signature for callers that compare values; sharing a measure is enough
    weights = {"words": 0.6, "entities": 0.25, "numbers": 0.15}
    parts = {"words": _dice(u.words, v.words)}
    if u.entities or v.entities:
        parts["entities"] = _dice(u.entities, v.entities)
    if u.quantities and v.quantities:
        # Sharing a measure ("ships waiting") is evidence of the same claim even when the figures differ:
        # a contradiction is still about the same thing, and conflicts.py judges the values.
        shared = parts["words"] > 0 and any(same_measure(a, b) for a in u.quantities for b in v.quantities)
        parts["numbers"] = float(shared)
    total = sum(weights[k] for k in parts)
    return sum(weights[k] * parts[k] for k in parts) / total


def _dice_matrix(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise Dice of many sets at once (sparse incidence products), and whether both are non-empty."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, items in enumerate(sets):
        for item in items:
            rows.append(i)
            cols.append(vocab.setdefault(item, len(vocab)))
    n = len(sets)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(vocab))))
    inter = (matrix @ matrix.T).toarray()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    total = sizes[:, None] + sizes[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(total > 0, 2 * inter / np.maximum(total, 1), 0.0)
    nonempty = sizes > 0
    return dice, nonempty[:, None] & nonempty[None, :]


def lexical_scores(units: Sequence[ClaimUnit]) -> np.ndarray:
    """`overlap_score` for every pair at once (the same formula, vectorised)."""
    n = len(units)
    words, _ = _dice_matrix([u.words for u in units])
    entities, _ = _dice_matrix([u.entities for u in units])
    has_entities = np.array([bool(u.entities) for u in units])
    any_entities = has_entities[:, None] | has_entities[None, :]
    numbers = np.zeros((n, n))
    with_q = np.array([bool(u.quantities) for u in units], dtype=bool)
    has_numbers = with_q[:, None] & with_q[None, :]
    np.fill_diagonal(has_numbers, False)
    # Measures are compared (in Python) only where the words overlap at all: elsewhere the pair is far
    # below any cut whatever its figures, so a long story does not pay for every pair of figures.
    for i, j in np.argwhere(np.triu(has_numbers & (words > 0), 1)).tolist():
        shared = any(same_measure(a, b) for a in units[i].quantities for b in units[j].quantities)
        numbers[i, j] = numbers[j, i] = float(shared)
    weight = 0.6 + 0.25 * any_entities + 0.15 * has_numbers
    score = (0.6 * words + 0.25 * entities * any_entities + 0.15 * numbers * has_numbers) / weight
    np.fill_diagonal(score, 1.0)
    return score


def alignment_scores(
    units: Sequence[ClaimUnit], embeddings: np.ndarray | None, settings: ClaimSettings | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(pair scores, grouping scores) of every pair, from one lexical matrix and one cosine matrix."""
    s = settings or ClaimSettings()
    if not units:
        return np.zeros((0, 0)), np.zeros((0, 0))
    lexical = lexical_scores(units)
    cos = None if embeddings is None else np.clip(embeddings @ embeddings.T, 0.0, 1.0).astype(np.float64)
    grouping = _blend(lexical, cos, s.align_embedding_weight)
    articles = np.array([u.article for u in units], dtype=object)
    same_article = articles[:, None] == articles[None, :]
    np.fill_diagonal(same_article, False)
    grouping[same_article] = 0.0
    return _blend(lexical, cos, s.embedding_weight), grouping


def pair_scores(
    units: Sequence[ClaimUnit], embeddings: np.ndarray | None, settings: ClaimSettings | None = None
) -> np.ndarray:
    """Symmetric matrix of pair scores in [0, 1] (diagonal 1): what the conflict tests are gated on."""
    return alignment_scores(units, embeddings, settings)[0]


def grouping_scores(
    units: Sequence[ClaimUnit], embeddings: np.ndarray | None, settings: ClaimSettings | None = None
) -> np.ndarray:
    """The scores claim groups are cut on: the pair score's parts with the embedding weighted
    `align_embedding_weight`, and 0 between two units of one article (see the module doc)."""
    return alignment_scores(units, embeddings, settings)[1]


def _blend(lexical: np.ndarray, cos: np.ndarray | None, weight: float) -> np.ndarray:
    return lexical.copy() if cos is None else weight * cos + (1 - weight) * lexical


def threshold(settings: ClaimSettings, with_embeddings: bool) -> float:
    return settings.align_threshold if with_embeddings else settings.align_threshold_lexical


def group_units(scores: np.ndarray, cut: float, method: str = "average") -> list[list[int]]:
    """Average-linkage groups of unit indices whose mean pair score is at least `cut`, in first-seen order."""
    n = scores.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    dist = 1.0 - scores
    np.fill_diagonal(dist, 0.0)
    dist = np.clip((dist + dist.T) / 2, 0.0, None)
    labels = fcluster(
        linkage(squareform(dist, checks=False), method=method), t=1.0 - cut, criterion="distance"
    )
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return list(groups.values())
