"""Units: the sentences and multi-sentence paragraphs of articles that get signed, and their MinHash.

A unit covers a contiguous range of an article's sentences (one sentence, or a whole paragraph of two or
more), so a match between units always maps back to sentences and from them to exact character spans.
Paragraph units catch copies whose sentence boundaries were changed (two sentences joined by ", and").

Only sentences are shingled and sketched (one-permutation MinHash in numpy, sketch.py). A paragraph's
shingle set is the union of its sentences' sets, so its raw sketch is the element-wise minimum of theirs:
paragraphs cost no extra hashing. Everything is vectorised over a whole batch of articles, because
per-unit Python work would dominate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from storyweave.dedup.config import DedupSettings
from storyweave.dedup.shingles import fold_joined, joined_lengths, shingle_joined
from storyweave.dedup.sketch import densify, raw_sketches
from storyweave.model import Article

_TEXT, _PARAGRAPH = attrgetter("text"), attrgetter("paragraph")


@dataclass(slots=True)
class Signed:
    """The units of a batch of articles, grouped by article in input order, with their signatures."""

    unit_article: np.ndarray  # int64: index of the unit's article in the batch
    spans: np.ndarray  # int32, n x 2: first and last sentence (indices into article.sentences)
    rows: np.ndarray  # int64, n x 2: first and last sentence row in `offsets`
    hashes: np.ndarray  # uint64: shingles of every sentence of the batch, flat
    offsets: np.ndarray  # uint64: sentence row i's shingles are hashes[offsets[i]:offsets[i + 1]]
    digests: np.ndarray  # uint32, n x num_perm (densified one-permutation MinHash)

    def __len__(self) -> int:
        return len(self.unit_article)

    def shingles(self, unit: int) -> np.ndarray:
        first, last = self.rows[unit]
        return self.hashes[int(self.offsets[first]) : int(self.offsets[last + 1])]


def sign_articles(articles: Sequence[Article], settings: DedupSettings) -> Signed:
    """Units of every article (sentences and paragraphs long enough to sign) and their MinHash."""
    return sign_sentences(*sentence_lists(articles), settings)


def sentence_lists(articles: Sequence[Article]) -> tuple[list[int], list[str], list[int]]:
    """What signing reads from a batch: sentences per article, every sentence's text and paragraph."""
    counts = [len(a.sentences) for a in articles]
    sentences = list(chain.from_iterable(a.sentences for a in articles))
    return counts, list(map(_TEXT, sentences)), list(map(_PARAGRAPH, sentences))


def sign_sentences(
    counts: Sequence[int], texts: Sequence[str], paragraphs: Sequence[int], settings: DedupSettings
) -> Signed:
    """`sign_articles` over the flat lists of `sentence_lists` (cheap to send to a worker process)."""
    signed = shingle_sentences(counts, texts, paragraphs, settings)
    signed.digests = unit_digests(signed.hashes, signed.offsets, signed.rows, settings.num_perm)
    return signed


def unit_digests(hashes: np.ndarray, offsets: np.ndarray, rows: np.ndarray, num_perm: int) -> np.ndarray:
    """(units x num_perm) uint32 signatures of units spanning sentence rows rows[u, 0]..rows[u, 1]."""
    if len(rows) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    sentences = raw_sketches(hashes, offsets, num_perm)
    first, last = rows[:, 0], rows[:, 1]
    out = sentences[first]  # a sentence unit's sketch is its sentence's
    multi = np.flatnonzero(last > first)
    if len(multi):
        # Paragraph units (disjoint, ascending): min over their rows with one reduceat over (first,
        # last + 1) pairs, keeping every other result (the others span the gaps between paragraphs).
        bounds = np.stack([first[multi], last[multi] + 1], 1).ravel()
        if bounds[-1] == len(sentences):  # the last segment runs to the end anyway
            bounds = bounds[:-1]
        out[multi] = np.minimum.reduceat(sentences, bounds, axis=0)[::2]
    return densify(out)


def shingle_articles(articles: Sequence[Article], settings: DedupSettings) -> Signed:
    """Units of every article and their sentences' shingles; digests left empty (n x 0)."""
    return shingle_sentences(*sentence_lists(articles), settings)


def shingle_sentences(
    counts_: Sequence[int], texts: Sequence[str], paragraphs: Sequence[int], settings: DedupSettings
) -> Signed:
    """`shingle_articles` over the flat lists of `sentence_lists`."""
    counts = np.asarray(counts_, dtype=np.int64)
    n = int(counts.sum())
    joined = fold_joined(texts) if n else b""
    article_of = np.repeat(np.arange(len(counts)), counts)
    sentence_of = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    paragraph = np.asarray(paragraphs, dtype=np.int64)
    length = joined_lengths(joined) if n else np.zeros(0, dtype=np.int64)
    shortest = max(settings.min_chars, settings.shingle_size)

    sentence_rows = np.flatnonzero(length >= shortest)
    # Paragraphs: maximal runs of rows with the same article and paragraph number.
    change = np.ones(n, dtype=bool)
    if n:
        change[1:] = (article_of[1:] != article_of[:-1]) | (paragraph[1:] != paragraph[:-1])
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], n) - 1
    run_length = np.add.reduceat(length, starts) if n else np.zeros(0, dtype=np.int64)
    multi = (ends > starts) & (run_length >= shortest)
    p_first, p_last = starts[multi], ends[multi]

    rows = np.concatenate([np.stack([sentence_rows, sentence_rows], 1), np.stack([p_first, p_last], 1)])
    order = np.lexsort((rows[:, 0], article_of[rows[:, 0]])) if len(rows) else np.zeros(0, dtype=np.int64)
    rows = rows[order].astype(np.int64).reshape(-1, 2)
    spans = sentence_of[rows].astype(np.int32).reshape(-1, 2)

    if n:
        hashes, offsets = shingle_joined(joined, settings.shingle_size)
    else:
        hashes, offsets = np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.uint64)
    return Signed(article_of[rows[:, 0]], spans, rows, hashes, offsets, np.zeros((len(rows), 0), np.uint32))


def jaccard_and_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact Jaccard of two shingle multisets, and the share of the smaller set found in the larger."""
    sa, sb = np.unique(a), np.unique(b)
    if len(sa) == 0 or len(sb) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(sa, sb, assume_unique=True))
    return inter / (len(sa) + len(sb) - inter), inter / min(len(sa), len(sb))


def is_copy(jaccard: float, containment: float, settings: DedupSettings) -> bool:
    return jaccard >= settings.threshold or (
        containment >= settings.containment and jaccard >= settings.containment_floor
    )
