"""From verified sentence links to passages: orient each pair (earlier publisher first), attribute a copied
sentence to the earliest article it appears in, and merge adjacent copied sentences into one passage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cmp_to_key

import numpy as np

from storyweave.dedup.clock import timestamp
from storyweave.dedup.config import DedupSettings
from storyweave.dedup.shingles import fold, shingle_set
from storyweave.model import Article, SharedPassage


@dataclass(frozen=True, slots=True)
class Link:
    """Sentences a_first..a_last of article a (input index) are a verified copy of b_first..b_last of b."""

    a: int
    a_first: int
    a_last: int
    b: int
    b_first: int
    b_last: int
    similarity: float


def earlier(articles: Sequence[Article], i: int, j: int) -> bool:
    """Is article i earlier than j? By `published` when both have one and they differ, else input order."""
    pi, pj = articles[i].published, articles[j].published
    if pi is not None and pj is not None:
        ti, tj = timestamp(pi, 0.0), timestamp(pj, 0.0)
        if ti != tj:
            return ti < tj
    return i < j


def orient(articles: Sequence[Article], link: Link) -> Link:
    """The same link with the earlier article as `b` (the source) and the later one as `a`."""
    if earlier(articles, link.a, link.b):
        return Link(link.b, link.b_first, link.b_last, link.a, link.a_first, link.a_last, link.similarity)
    return link


def build_passages(
    articles: Sequence[Article], links: Sequence[Link], settings: DedupSettings
) -> list[SharedPassage]:
    """One SharedPassage per run of adjacent copied sentences of a later article from one earlier one."""
    order = cmp_to_key(lambda i, j: -1 if earlier(articles, i, j) else (1 if i != j else 0))
    # (later article, later sentence) -> earlier article -> earlier sentences it matched
    sources: dict[tuple[int, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for link in map(lambda x: orient(articles, x), links):
        for s in range(link.a_first, link.a_last + 1):
            sources[(link.a, s)][link.b].update(range(link.b_first, link.b_last + 1))
    runs: dict[tuple[int, int], dict[int, set[int]]] = defaultdict(dict)
    for (later, sentence), by_source in sources.items():
        chosen = [min(by_source, key=order)] if settings.attribute_to_earliest else list(by_source)
        for source in chosen:
            runs[(source, later)][sentence] = by_source[source]
    passages: list[tuple[int, int, SharedPassage]] = []
    for (source, later), matched in runs.items():
        for run in _consecutive(sorted(matched)):
            passage = _passage(articles[source], articles[later], run, matched, settings)
            passages.append((later, run[0], passage))
    passages.sort(key=lambda p: (p[0], p[1], p[2].articles[0]))
    return [p for _, _, p in passages]


def _consecutive(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _passage(
    source: Article, later: Article, run: list[int], matched: dict[int, set[int]], settings: DedupSettings
) -> SharedPassage:
    first, last = later.sentences[run[0]], later.sentences[run[-1]]
    source_sentences = sorted(set().union(*(matched[i] for i in run)))
    k = settings.shingle_size
    mine = shingle_set("".join(fold(later.sentences[i].text) for i in run), k)
    theirs = shingle_set("".join(fold(source.sentences[i].text) for i in source_sentences), k)
    inter = len(np.intersect1d(mine, theirs, assume_unique=True))
    union = len(mine) + len(theirs) - inter
    return SharedPassage(
        articles=[source.id, later.id],
        text=later.text[first.start : last.end],
        similarity=round(inter / union, 3) if union else 0.0,
    )
