"""Extractive multi-document summary in which every sentence cites the passages it rests on.

First version (issue 2): sentences are scored by centrality (TF-IDF cosine to the story centroid) and by
how many other articles carry the same content; a greedy pass picks the best-scoring sentences that are
not redundant with those already picked, within a word budget; the result is put in story order
(publication date, then position in the article). Each picked sentence cites its own article and every
other article holding a sentence similar enough to it, with exact character offsets, so a reader can
check each line against its sources.

Pure algorithm: no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyweave.model import Article, SummarySentence, Support
from storyweave.settings import SummarySettings

_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence that opens on a pronoun or connective leans on a sentence the reader may not see.
_DANGLING_OPENERS = frozenset(
    "he she it they this that these those his her its their him them but and also however meanwhile "
    "additionally moreover still yet so".split()
)
MIN_WORDS = 6
MAX_WORDS = 60
CANDIDATE_POOL = 60
CORROBORATION_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sentence of one article, addressed by its offsets."""

    article_index: int
    article_id: str
    start: int
    end: int
    text: str
    position: int  # the sentence's index inside its article


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def summarize(
    articles: Sequence[Article],
    settings: SummarySettings,
    words: int | None = None,
    exclude: frozenset[str] = frozenset(),
) -> list[SummarySentence]:
    """Summary of one story. `articles` must carry sentences; ids in `exclude` (e.g. duplicates of
    another article) are cited as support but never chosen as the sentence shown."""
    budget = settings.words if words is None else words
    units = _units(articles)
    if not units or budget <= 0:
        return []
    matrix = _sentence_vectors([u.text for u in units])
    scores = _scores(units, matrix, articles, exclude)
    pool = _ranked_candidates(scores, units, exclude)
    support = {idx: _supporters(idx, units, matrix, settings.support_similarity) for idx in pool}
    # Content that several articles carry is what the story is about: weight it up, gently.
    boosted = {
        idx: scores[idx] * (1.0 + CORROBORATION_WEIGHT * math.log1p(len(support[idx]) - 1)) for idx in pool
    }
    chosen: list[tuple[int, list[int]]] = []
    used_words = 0
    for idx in sorted(pool, key=lambda i: -boosted[i]):
        length = word_count(units[idx].text)
        if used_words + length > budget and chosen:
            continue
        if any(_cosine(matrix, idx, other) >= settings.redundancy for other, _ in chosen):
            continue
        if any(idx in group for _, group in chosen):
            continue
        chosen.append((idx, support[idx]))
        used_words += length
        if used_words >= budget:
            break
    order = _story_order(articles)
    chosen.sort(key=lambda pick: (order[units[pick[0]].article_index], units[pick[0]].position))
    return [_summary_sentence(units, idx, supporters) for idx, supporters in chosen]


def _units(articles: Sequence[Article]) -> list[_Unit]:
    units: list[_Unit] = []
    for a_index, article in enumerate(articles):
        for position, sentence in enumerate(article.sentences):
            units.append(_Unit(a_index, article.id, sentence.start, sentence.end, sentence.text, position))
    return units


def _sentence_vectors(texts: list[str]) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", strip_accents="unicode")
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:
        return sparse.csr_matrix((len(texts), 1), dtype=np.float64)


def _scores(
    units: list[_Unit], matrix: sparse.csr_matrix, articles: Sequence[Article], exclude: frozenset[str]
) -> np.ndarray:
    counted = [i for i, u in enumerate(units) if u.article_id not in exclude] or list(range(len(units)))
    centroid = np.asarray(matrix[counted].mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm:
        centroid /= norm
    centrality = matrix @ centroid
    sizes = [max(len(a.sentences), 1) for a in articles]
    scores = np.zeros(len(units))
    for i, unit in enumerate(units):
        n_words = word_count(unit.text)
        if n_words < MIN_WORDS or n_words > MAX_WORDS or unit.text.rstrip().endswith("?"):
            scores[i] = -1.0
            continue
        # Early sentences of a news article carry its news (the inverted pyramid).
        lead = 1.0 - 0.3 * (unit.position / sizes[unit.article_index])
        opener = _first_word(unit.text)
        penalty = 0.6 if opener in _DANGLING_OPENERS else 1.0
        scores[i] = float(centrality[i]) * lead * penalty
    return scores


def _ranked_candidates(scores: np.ndarray, units: list[_Unit], exclude: frozenset[str]) -> list[int]:
    ranked = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > 0]
    preferred = [i for i in ranked if units[i].article_id not in exclude]
    return (preferred or ranked)[:CANDIDATE_POOL]


def _supporters(idx: int, units: list[_Unit], matrix: sparse.csr_matrix, threshold: float) -> list[int]:
    """The chosen sentence plus, per other article, its most similar sentence above `threshold`."""
    sims = np.asarray((matrix @ matrix[idx].T).todense()).ravel()
    best: dict[int, tuple[float, int]] = {}
    for j in np.flatnonzero(sims >= threshold):
        art = units[j].article_index
        if art == units[idx].article_index:
            continue
        if art not in best or sims[j] > best[art][0]:
            best[art] = (float(sims[j]), int(j))
    return [idx] + [j for _, j in sorted(best.values(), key=lambda pair: units[pair[1]].article_index)]


def _cosine(matrix: sparse.csr_matrix, a: int, b: int) -> float:
    return float(matrix[a].multiply(matrix[b]).sum())


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group(0).casefold() if match else ""


def _story_order(articles: Sequence[Article]) -> list[int]:
    """Rank of each article in story order: dated articles by date, undated ones keep input order."""
    far = datetime.max
    keyed = sorted(
        range(len(articles)),
        key=lambda i: (_naive(articles[i].published) if articles[i].published else far, i),
    )
    rank = [0] * len(articles)
    for position, i in enumerate(keyed):
        rank[i] = position
    return rank


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo else value


def _summary_sentence(units: list[_Unit], idx: int, supporters: list[int]) -> SummarySentence:
    support = [
        Support(article=units[j].article_id, start=units[j].start, end=units[j].end, text=units[j].text)
        for j in supporters
    ]
    sources = list(dict.fromkeys(s.article for s in support))
    return SummarySentence(text=units[idx].text, sources=sources, support=support)


def summary_word_count(summary: Sequence[SummarySentence]) -> int:
    return sum(word_count(s.text) for s in summary)


__all__ = ["summarize", "summary_word_count", "word_count"]
