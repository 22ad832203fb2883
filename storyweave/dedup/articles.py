"""Duplicate articles: two articles whose text is mostly one copy (a re-post, a second URL, a trim).

Decided from the verified sentence links of a pair: the shorter article is a duplicate of the longer when
most of its signable text is linked to the other and a good share of the other's is linked back (a
one-sentence brief quoted inside a long article shares a passage; it is not a duplicate). Duplicate pairs are
grouped (union-find) and each group keeps one original: the earliest published, else the most complete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from storyweave.dedup.clock import timestamp
from storyweave.dedup.config import DedupSettings
from storyweave.dedup.passages import Link
from storyweave.dedup.shingles import fold
from storyweave.model import Article


def signable_lengths(article: Article, settings: DedupSettings) -> list[int]:
    """Folded length of each sentence, 0 for sentences too short to be signed (they cannot be linked)."""
    lengths = [len(fold(s.text)) for s in article.sentences]
    return [n if n >= settings.min_chars else 0 for n in lengths]


def find_duplicates(
    articles: Sequence[Article], links: Sequence[Link], settings: DedupSettings
) -> dict[str, str]:
    """article id -> id of the original it duplicates, for every duplicate (originals are absent)."""
    lengths = [signable_lengths(a, settings) for a in articles]
    totals = [sum(x) for x in lengths]
    covered: dict[tuple[int, int], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for link in links:
        key = (min(link.a, link.b), max(link.a, link.b))
        a_side, b_side = covered[key] if link.a < link.b else covered[key][::-1]
        a_side.update(range(link.a_first, link.a_last + 1))
        b_side.update(range(link.b_first, link.b_last + 1))
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), (si, sj) in covered.items():
        if _is_duplicate(i, j, si, sj, lengths, totals, settings):
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[root(i)].append(i)
    duplicate_of: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = _pick_original(articles, members, totals)
        for i in members:
            if i != original and articles[i].id != articles[original].id:
                duplicate_of[articles[i].id] = articles[original].id
    return duplicate_of


def _is_duplicate(
    i: int,
    j: int,
    si: set[int],
    sj: set[int],
    lengths: list[list[int]],
    totals: list[int],
    settings: DedupSettings,
) -> bool:
    if totals[i] == 0 or totals[j] == 0:
        return False
    short, long_ = (i, j) if totals[i] <= totals[j] else (j, i)
    short_cover, long_cover = (si, sj) if short == i else (sj, si)
    short_share = sum(lengths[short][s] for s in short_cover) / totals[short]
    long_share = sum(lengths[long_][s] for s in long_cover) / totals[long_]
    return short_share >= settings.duplicate_coverage and long_share >= settings.duplicate_min_share


def _pick_original(articles: Sequence[Article], members: list[int], totals: list[int]) -> int:
    """The earliest published, else the most complete. Many sources give only a date (read as midnight),
    so times decide only between articles of the earliest day that all carry one: a re-post dated
    "2025-04-08" must not beat the wire story stamped 16:40 that day. Otherwise, within that day (or with
    no dates at all), the fuller text is the better guess for the original."""

    def fullest(candidates: list[int]) -> int:
        return min(candidates, key=lambda i: (-totals[i], i))

    dated = [i for i in members if articles[i].published is not None]
    if not dated:
        return fullest(members)
    stamps = {i: timestamp(articles[i].published, 0.0) for i in dated}
    first_day = min(stamp // 86_400 for stamp in stamps.values())
    same_day = [i for i in dated if stamps[i] // 86_400 == first_day]
    if all(stamps[i] % 86_400 for i in same_day):
        return min(same_day, key=lambda i: (stamps[i], -totals[i], i))
    return fullest(same_day)
