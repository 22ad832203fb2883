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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

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


Method = Literal["greedy", "mmr", "submodular"]
METHODS: tuple[str, ...] = ("greedy", "mmr", "submodular")
# Chosen by `storyweave eval summaries --ecb` (ECB+ central-event coverage; see docs/summary.md).
DEFAULT_METHOD: Method = "mmr"
MMR_LAMBDA = 0.7  # relevance vs novelty in MMR (Carbonell & Goldstein 1998); 0.7 is the usual setting
COVERAGE_ALPHA = 0.25  # a sentence's coverage saturates at this share of what the whole pool covers
DIVERSITY_WEIGHT = 1.0  # weight of the diversity reward against coverage (both normalised to about 1)
COST_EXPONENT = 0.3  # gain per word^0.3 in budgeted greedy (Lin & Bilmes 2010: r = 0.3)


def summarize(
    articles: Sequence[Article],
    settings: SummarySettings,
    words: int | None = None,
    exclude: frozenset[str] = frozenset(),
    sentences: int | None = None,
    method: Method = DEFAULT_METHOD,
    compress: bool = False,
    sources: Callable[[Sequence[tuple[str, str]]], int] | None = None,
) -> list[SummarySentence]:
    """Summary of one story. `articles` must carry sentences; ids in `exclude` (e.g. duplicates of
    another article) are cited as support but never chosen as the sentence shown.

    Budgets: `words` (None: `settings.words`) and `sentences` (None: no limit). When `sentences` is given
    and `words` is not, only the sentence budget applies. `method` picks the selection: "mmr" (default,
    measured best), "submodular" (coverage + diversity, budgeted greedy) or "greedy" (the first version).
    `compress` drops leading connectives, parentheticals and trailing attributions from the sentences
    shown (see `compress_spans`); the shown text is then the concatenation of its article's support
    spans, each an exact slice.

    `sources` counts the independent sources among (article id, sentence) pairs (the brief passes one
    that counts copies and duplicates once, claims/sources.py); without it every supporting article
    counts. A sentence several outlets carry is weighted up; one copied from article to article is not."""
    if method not in METHODS:
        raise ValueError(f"unknown summary method {method!r}; expected one of {', '.join(METHODS)}")
    budget: float = (
        settings.words if words is None and sentences is None else (words if words is not None else math.inf)
    )
    max_sentences = math.inf if sentences is None else sentences
    units = _units(articles)
    if not units or budget <= 0 or max_sentences <= 0:
        return []
    matrix = _sentence_vectors([u.text for u in units])
    scores = _scores(units, matrix, articles, exclude)
    pool = _ranked_candidates(scores, units, exclude)
    if not pool:
        return []
    sims = np.asarray((matrix[pool] @ matrix.T).todense())  # pool x units cosine
    support = {
        idx: _supporters(row, idx, units, sims[row], settings.support_similarity)
        for row, idx in enumerate(pool)
    }

    # Content that several articles carry is what the story is about: weight it up, gently.
    def independent(idx: int) -> int:
        if sources is None:
            return len(support[idx])
        return max(1, sources([(units[j].article_id, units[j].text) for j in support[idx]]))

    relevance = np.array(
        [scores[idx] * (1.0 + CORROBORATION_WEIGHT * math.log1p(independent(idx) - 1)) for idx in pool]
    )
    limits = _Limits(budget, max_sentences, settings.redundancy)
    if method == "greedy":
        rows = _select_greedy(pool, units, sims, relevance, support, limits)
    elif method == "mmr":
        rows = _select_mmr(pool, units, sims, relevance, support, limits)
    else:
        rows = _select_submodular(pool, units, sims, relevance, support, limits)
    chosen = [(pool[row], support[pool[row]]) for row in rows]
    keys = _chronology(articles, units, [idx for idx, _ in chosen])
    chosen.sort(key=lambda pick: keys[pick[0]])
    return [_summary_sentence(units, idx, supporters, compress) for idx, supporters in chosen]


@dataclass(frozen=True, slots=True)
class _Limits:
    words: float
    sentences: float
    redundancy: float


def _admissible(
    row: int,
    picked: list[int],
    pool: list[int],
    units: list[_Unit],
    sims: np.ndarray,
    support: dict[int, list[int]],
    limits: _Limits,
    used_words: int,
) -> bool:
    """Fits the word budget (the first sentence always fits), is not a repeat of a picked sentence, and
    is not one of the passages already cited for a picked sentence."""
    idx = pool[row]
    if picked and used_words + word_count(units[idx].text) > limits.words:
        return False
    if any(sims[other, idx] >= limits.redundancy for other in picked):
        return False
    return not any(idx in support[pool[other]] for other in picked)


def _select_greedy(pool, units, sims, relevance, support, limits) -> list[int]:  # type: ignore[no-untyped-def]
    picked: list[int] = []
    used = 0
    for row in np.argsort(-relevance, kind="stable"):
        if len(picked) >= limits.sentences or used >= limits.words:
            break
        if _admissible(int(row), picked, pool, units, sims, support, limits, used):
            picked.append(int(row))
            used += word_count(units[pool[row]].text)
    return picked


def _select_mmr(pool, units, sims, relevance, support, limits) -> list[int]:  # type: ignore[no-untyped-def]
    """Maximal marginal relevance: relevance (scaled to [0, 1]) against the nearest picked sentence."""
    rel = relevance / (relevance.max() or 1.0)
    picked: list[int] = []
    used = 0
    left = set(range(len(pool)))
    while left and len(picked) < limits.sentences and used < limits.words:
        best, best_value = -1, -math.inf
        for row in sorted(left):
            novelty = max((sims[row, pool[o]] for o in picked), default=0.0)
            value = MMR_LAMBDA * rel[row] - (1 - MMR_LAMBDA) * novelty
            if value > best_value:
                best, best_value = row, value
        left.discard(best)
        if _admissible(best, picked, pool, units, sims, support, limits, used):
            picked.append(best)
            used += word_count(units[pool[best]].text)
    return picked


def _select_submodular(pool, units, sims, relevance, support, limits) -> list[int]:  # type: ignore[no-untyped-def]
    """Budgeted greedy on F(S) = coverage(S) + w * diversity(S) (Lin & Bilmes 2011).

    coverage(S) = sum over all story sentences j of min(sum_{i in S} sim(i, j), alpha * sum_{i in pool}
    sim(i, j)), normalised by its maximum: each sentence of each article is covered by picks similar to
    it, so content many articles carry counts many times, and piling on one topic saturates.
    diversity(S) = sum over clusters k of the pool of sqrt(sum of relevance of S in k), normalised:
    a second pick from a topic already covered earns less than a first pick from a new one."""
    weights = np.clip(sims, 0.0, None)  # pool x units
    caps = COVERAGE_ALPHA * weights.sum(axis=0)
    scale = float(caps.sum()) or 1.0
    rel = relevance / (relevance.sum() or 1.0)
    clusters = _partition(sims[:, pool])
    n_clusters = int(clusters.max()) + 1
    cost = np.array([max(word_count(units[idx].text), 1) for idx in pool], dtype=float)
    if not math.isfinite(limits.words):
        cost = np.ones(len(pool))
    covered = np.zeros(weights.shape[1])
    mass = np.zeros(n_clusters)
    picked: list[int] = []
    used = 0
    left = set(range(len(pool)))

    def value(cov: np.ndarray, cluster_mass: np.ndarray) -> float:
        return float(np.minimum(cov, caps).sum()) / scale + DIVERSITY_WEIGHT * float(
            np.sqrt(cluster_mass).sum()
        ) / math.sqrt(n_clusters)

    current = value(covered, mass)
    while left and len(picked) < limits.sentences and used < limits.words:
        best, best_gain, best_state = -1, -math.inf, None
        for row in sorted(left):
            cov = covered + weights[row]
            cluster_mass = mass.copy()
            cluster_mass[clusters[row]] += rel[row]
            gain = (value(cov, cluster_mass) - current) / cost[row] ** COST_EXPONENT
            if gain > best_gain:
                best, best_gain, best_state = row, gain, (cov, cluster_mass)
        left.discard(best)
        if best_gain <= 0 or best_state is None:
            break
        if _admissible(best, picked, pool, units, sims, support, limits, used):
            picked.append(best)
            used += word_count(units[pool[best]].text)
            covered, mass = best_state
            current = value(covered, mass)
    return picked


def _partition(pool_sims: np.ndarray, threshold: float = 0.3) -> np.ndarray:
    """Clusters of the candidate pool: single-link components at cosine >= threshold (cheap, no k)."""
    n = pool_sims.shape[0]
    label = np.arange(n)

    def find(i: int) -> int:
        while label[i] != i:
            label[i] = label[label[i]]
            i = int(label[i])
        return i

    for a, b in zip(*np.nonzero(np.triu(pool_sims >= threshold, 1)), strict=True):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            label[max(ra, rb)] = min(ra, rb)
    roots = [find(i) for i in range(n)]
    renumber = {r: k for k, r in enumerate(dict.fromkeys(roots))}
    return np.array([renumber[r] for r in roots])


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


def _supporters(row: int, idx: int, units: list[_Unit], sims: np.ndarray, threshold: float) -> list[int]:
    """The chosen sentence plus, per other article, its most similar sentence above `threshold`."""
    best: dict[int, tuple[float, int]] = {}
    for j in np.flatnonzero(sims >= threshold):
        art = units[j].article_index
        if art == units[idx].article_index:
            continue
        if art not in best or sims[j] > best[art][0]:
            best[art] = (float(sims[j]), int(j))
    return [idx] + [j for _, j in sorted(best.values(), key=lambda pair: units[pair[1]].article_index)]


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


def _chronology(
    articles: Sequence[Article], units: list[_Unit], picked: list[int]
) -> dict[int, tuple[date, int, int]]:
    """Sort key per sentence: the day it reports when it names one (a day-precision date resolved against
    its article's publication date, never after it), else its article's publication date; then story
    order and position. Undated articles sort after dated ones, in input order."""
    from storyweave.timeline.resolve import find_dates

    order = _story_order(articles)
    keys: dict[int, tuple[date, int, int]] = {}
    for i in picked:
        unit = units[i]
        published = articles[unit.article_index].published
        day = _naive(published).date() if published else date.max
        if published:
            reported = [m.first_day for m in find_dates(unit.text, day) if m.precision == "day"]
            if reported and min(reported) <= day:
                day = min(reported)
        keys[i] = (day, order[unit.article_index], unit.position)
    return keys


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo else value


def _summary_sentence(
    units: list[_Unit], idx: int, supporters: list[int], compress: bool = False
) -> SummarySentence:
    shown = units[idx]
    spans = compress_spans(shown.text) if compress else [(0, len(shown.text))]
    support = [Support(shown.article_id, shown.start + a, shown.start + b, shown.text[a:b]) for a, b in spans]
    support += [
        Support(article=units[j].article_id, start=units[j].start, end=units[j].end, text=units[j].text)
        for j in supporters[1:]
    ]
    sources = list(dict.fromkeys(s.article for s in support))
    return SummarySentence(text="".join(shown.text[a:b] for a, b in spans), sources=sources, support=support)


_LEADING_CONNECTIVE = re.compile(
    r"^(?:However|Meanwhile|Moreover|Additionally|Furthermore|Also|Still|In addition|At the same time|"
    r"Separately|Earlier|Later),\s+(?=[A-Z])"
)
_PARENTHETICAL = re.compile(r" \([^()]{1,80}\)(?=[\s,.;:])")
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:[\w.'’-]+\s+){0,6}?(?:said|says|reported|added|told reporters)(?:\s+on\s+\w+)?(?=\.$)"
)
_QUOTES = frozenset('"“”«»')


def compress_spans(text: str) -> list[tuple[int, int]]:
    """The parts of `text` kept by light compression, as (start, end) offsets into it, in order.

    Dropped: a leading connective before a capitalised word ("Meanwhile, Kyiv ..." -> "Kyiv ..."),
    parentheticals of up to 80 characters with the space before them, and a trailing attribution after a
    comma (", officials said." -> "."). Sentences with quotation marks are left whole: cutting around a
    quote can change who says what. Joined, the kept parts read as a sentence."""
    if any(ch in _QUOTES for ch in text):
        return [(0, len(text))]
    cuts: list[tuple[int, int]] = []
    lead = _LEADING_CONNECTIVE.match(text)
    if lead:
        cuts.append((0, lead.end()))
    cuts += [(m.start(), m.end()) for m in _PARENTHETICAL.finditer(text)]
    tail = _TRAILING_ATTRIBUTION.search(text)
    if tail:
        cuts.append((tail.start(), tail.end()))
    spans: list[tuple[int, int]] = []
    at = 0
    for start, end in sorted(cuts):
        if start > at:
            spans.append((at, start))
        at = max(at, end)
    if at < len(text):
        spans.append((at, len(text)))
    kept = sum(b - a for a, b in spans)
    # Too little left to stand alone: show the sentence whole.
    return (
        spans
        if spans and word_count("".join(text[a:b] for a, b in spans)) >= MIN_WORDS and kept
        else [(0, len(text))]
    )


def summary_word_count(summary: Sequence[SummarySentence]) -> int:
    return sum(word_count(s.text) for s in summary)


__all__ = ["DEFAULT_METHOD", "METHODS", "compress_spans", "summarize", "summary_word_count", "word_count"]
