"""Claims across outlets: corroborated, single-source, conflicting — and who said what.

`find_claims` is the stage: claim units (units.py) -> alignment into claim groups (align.py) ->
independent sources per group (sources.py) -> conflicts between aligned units (conflicts.py) ->
direct quotes with speakers, matched across outlets (quotes.py, quote_groups.py). Method and figures:
docs/claims.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from storyweave.claims.align import alignment_scores, group_units, threshold
from storyweave.claims.config import ClaimSettings
from storyweave.claims.conflicts import about_key, compare_units
from storyweave.claims.quote_groups import article_quotes, group_quotes
from storyweave.claims.sources import independent_sources
from storyweave.claims.text import fold
from storyweave.claims.units import ClaimUnit, story_units
from storyweave.model import (
    Article,
    Claim,
    ClaimStatus,
    ClaimVariant,
    Conflict,
    ConflictValue,
    Entity,
    Quote,
    normalize_for_identity,
)

if TYPE_CHECKING:
    from storyweave.analyze.embeddings import Embedder
    from storyweave.dedup import DedupResult

__all__ = ["ClaimSettings", "ClaimsResult", "claim_id", "find_claims", "merge_repeats"]


@dataclass(slots=True)
class ClaimsResult:
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def claim_id(text: str) -> str:
    """Stable id of a claim: a hash of its canonical text, case and punctuation ignored."""
    return "c-" + hashlib.sha256(normalize_for_identity(text).encode("utf-8")).hexdigest()[:12]


def find_claims(
    members: Sequence[Article],
    entities: Sequence[Entity],
    copies: DedupResult,
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
) -> ClaimsResult:
    """Claims of one story with their status, the conflicts between outlets, and the quotes."""
    s = settings or ClaimSettings()
    units = story_units(members, s)
    vectors: np.ndarray | None = embedder.embed([u.content for u in units]) if embedder and units else None
    scores, grouping = alignment_scores(units, vectors, s)
    groups = group_units(grouping, threshold(s, vectors is not None))
    group_of = {i: g for g, members_ in enumerate(groups) for i in members_}
    folded = {a.id: fold(a.text) for a in members}
    conflicts_by_group = _conflicts(units, scores, group_of, folded, s, vectors)
    outlet_of = {a.id: a.outlet for a in members}
    claims: list[tuple[int, int, Claim]] = []
    for g, idx in enumerate(groups):
        variants = [(units[i].article, units[i].text) for i in idx]
        sources = independent_sources(variants, outlet_of, copies.duplicate_of, copies.passages)
        status: ClaimStatus = "single_source"
        if g in conflicts_by_group:
            status = "conflicting"
        elif len(sources) >= 2:
            status = "corroborated"
        text = units[_medoid(idx, scores)].text
        claim = Claim(
            id=claim_id(text),
            text=text,
            status=status,
            sources=list(dict.fromkeys(units[i].article for i in idx)),
            variants=[ClaimVariant(article=a, text=t) for a, t in variants],
        )
        claims.append((-len(sources), min(idx), claim))
    claims.sort(key=lambda c: (c[0], c[1]))
    conflicts = merge_repeats([c for g in sorted(conflicts_by_group) for c in conflicts_by_group[g]])
    quotes = group_quotes([q for a in members for q in article_quotes(a, entities, s)], s)
    return ClaimsResult([c for *_, c in claims], conflicts, quotes)


def _value_key(value: str) -> str:
    return normalize_for_identity(value)


def merge_repeats(conflicts: list[Conflict]) -> list[Conflict]:
    """One disagreement once: conflicts about the same thing (`about`) that share two values as written
    ("36" vs "32 years" found from several claim groups) are merged, their articles joined. The claim
    groups keep their `conflicting` status; only the list a reader sees loses the repeats."""
    merged: list[Conflict] = []
    for c in conflicts:
        keys = {_value_key(v.value) for v in c.values}
        target = next(
            (
                m
                for m in merged
                if about_key(m.about) == about_key(c.about)
                and len(keys & {_value_key(v.value) for v in m.values}) >= 2
            ),
            None,
        )
        if target is None:
            merged.append(
                Conflict(
                    about=c.about, values=[ConflictValue(v.value, list(v.articles), v.text) for v in c.values]
                )
            )
            continue
        for v in c.values:
            same = next((w for w in target.values if _value_key(w.value) == _value_key(v.value)), None)
            if same is None:
                target.values.append(ConflictValue(v.value, list(v.articles), v.text))
            else:
                same.articles.extend(a for a in v.articles if a not in same.articles)
    return merged


def _medoid(idx: list[int], scores: np.ndarray) -> int:
    """The variant closest to all others (ties: the first seen): the claim's canonical wording."""
    if len(idx) <= 2:
        return idx[0]
    sub = scores[idx][:, idx]
    return idx[int(sub.sum(axis=1).argmax())]


def _conflicts(
    units: Sequence[ClaimUnit],
    scores: np.ndarray,
    group_of: dict[int, int],
    folded: dict[str, str],
    s: ClaimSettings,
    vectors: np.ndarray | None = None,
) -> dict[int, list[Conflict]]:
    """Conflicts per claim group. Two units are compared when they are in one group, or score at least
    `conflict_min_score`; units of one article are compared only when they cite different sources.
    Two units whose content embeddings (`vectors`, unit-length) have a cosine of at least `fact_match_min`
    are near-paraphrases: their dates and places are compared even below `fact_conflict_min_score`; two
    dates the parse hangs on one happening are compared from `anchored_min_score`; two places the
    gazetteer puts apart from `place_apart_min_score`."""
    found: dict[tuple[int, str], dict[str, tuple[list[str], str]]] = {}
    label: dict[tuple[int, str], str] = {}  # what each is about, as first shown ("number of ships")
    # Only units that state a figure, a date or a place can conflict; candidate pairs are picked with
    # numpy so a long story does not cost a Python loop over all pairs.
    factual = np.array([bool(u.quantities or u.dates or u.places) for u in units], dtype=bool)
    groups = np.array([group_of[i] for i in range(len(units))])
    near = (scores >= s.conflict_min_score) | (groups[:, None] == groups[None, :])
    near &= factual[:, None] & factual[None, :]
    match_min = s.fact_match_min
    for i, j in np.argwhere(np.triu(near, 1)).tolist():
        u, v = units[i], units[j]
        if u.article == v.article and u.source == v.source:
            continue
        facts = bool(scores[i, j] >= s.fact_conflict_min_score)
        close = vectors is not None and float(vectors[i] @ vectors[j]) >= match_min
        anchored = bool(scores[i, j] >= s.anchored_min_score)
        score = float(scores[i, j])
        found_here = compare_units(
            u, v, s, folded[u.article], folded[v.article], facts, close, anchored, score
        )
        for f in found_here:
            key = (group_of[i], f.key or f.about)
            label.setdefault(key, f.about)
            values = found.setdefault(key, {})
            for value, unit in ((f.value_a, u), (f.value_b, v)):
                articles, _ = values.setdefault(value, ([], unit.text))
                if unit.article not in articles:
                    articles.append(unit.article)
    by_group: dict[int, list[Conflict]] = {}
    for (g, key), values in found.items():
        by_group.setdefault(g, []).append(
            Conflict(
                about=label[(g, key)], values=[ConflictValue(v, arts, t) for v, (arts, t) in values.items()]
            )
        )
    return by_group
