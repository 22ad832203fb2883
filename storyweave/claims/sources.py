"""Independent sources: how many outlets really confirm a claim.

Articles are merged into one source when they come from the same outlet, when one is a duplicate of
the other (dedup's `duplicate_of`), or when the claim's text in one sits inside a passage copied from
the other (dedup's shared passages): a copy is not a confirmation. An article with no outlet counts as
its own source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from storyweave.claims.text import fold
from storyweave.model import SharedPassage


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def independent_sources(
    variants: Sequence[tuple[str, str]],
    outlet_of: Mapping[str, str | None],
    duplicate_of: Mapping[str, str],
    passages: Sequence[SharedPassage],
) -> list[list[str]]:
    """Groups of article ids that count as one source, for `variants` = [(article_id, unit text)]."""
    union = _Union()
    articles = list(dict.fromkeys(a for a, _ in variants))
    for a in articles:
        union.find(a)
        original = duplicate_of.get(a)
        if original is not None:
            union.union(a, original)
    by_outlet: dict[str, str] = {}
    for a in articles:
        outlet = outlet_of.get(a)
        if outlet:
            key = fold(outlet)
            if key in by_outlet:
                union.union(a, by_outlet[key])
            else:
                by_outlet[key] = a
    texts: dict[str, list[str]] = {}
    for a, text in variants:
        texts.setdefault(a, []).append(fold(text))
    present = set(articles)
    for p in passages:
        if len(p.articles) < 2 or not set(p.articles[:2]) <= present:
            continue
        shared = fold(p.text)
        earlier, later = p.articles[0], p.articles[1]
        if any(fuzz.partial_ratio(t, shared) >= 90 for t in texts.get(later, []) + texts.get(earlier, [])):
            union.union(earlier, later)
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(union.find(a), []).append(a)
    return list(groups.values())
