"""The incremental passage index: add articles as they arrive, get their copied sentences back, evict
old ones by age so a monitor running for months stays bounded.

Each signed unit (sentence or paragraph, see units.py) keeps its MinHash only as 16-bit values (b-bit
MinHash: 2 bytes per permutation instead of 4; two different values agree by chance with probability
2^-16, which the estimate corrects for), plus its LSH band keys in a BandTable. A query is: band-key
lookup -> candidates -> estimated Jaccard from the stored bits -> matches above the candidate threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from storyweave.dedup.bands import BandTable, band_keys
from storyweave.dedup.clock import timestamp
from storyweave.dedup.config import DedupSettings
from storyweave.dedup.units import Signed, sign_articles
from storyweave.model import Article

_CHANCE = 2.0**-16


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """Sentences first..last of `article` look copied from/to sentences other_first..other_last of
    `other`, an article added earlier (or earlier in the same batch)."""

    article: str
    first: int
    last: int
    other: str
    other_first: int
    other_last: int
    similarity: float  # estimated Jaccard


class _Column:
    """A growable numpy array (amortised doubling), so appends stay cheap and reads stay contiguous."""

    def __init__(self, dtype: type, width: int = 0) -> None:
        self._shape = (width,) if width else ()
        self._data = np.zeros((16, *self._shape), dtype=dtype)
        self.size = 0

    @property
    def values(self) -> np.ndarray:
        return self._data[: self.size]

    def extend(self, rows: np.ndarray) -> None:
        need = self.size + len(rows)
        if need > len(self._data):
            grown = np.zeros((max(need, 2 * len(self._data)), *self._shape), dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : need] = rows
        self.size = need

    def compact(self, keep: np.ndarray) -> None:
        kept = self.values[keep]
        self._data = np.zeros((max(16, len(kept)), *self._shape), dtype=self._data.dtype)
        self._data[: len(kept)] = kept
        self.size = len(kept)


class PassageIndex:
    """MinHash LSH over every sentence and paragraph of every article added, evictable by age."""

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.settings = settings or DedupSettings()
        if self.settings.num_perm // self.settings.band_rows < 1:
            raise ValueError("num_perm must be at least band_rows")
        self._table = BandTable()
        self._ids: list[str] = []  # article slot -> id
        self._slots: dict[str, int] = {}
        self._time = _Column(np.float64)  # per article slot
        self._unit_article = _Column(np.int32)
        self._unit_span = _Column(np.int32, 2)
        self._bits = _Column(np.uint16, self.settings.num_perm)

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._slots

    @property
    def units(self) -> int:
        return self._unit_article.size

    @property
    def nbytes(self) -> int:
        """Bytes held in numpy arrays (band table, stored bits, unit spans); excludes the id strings."""
        columns = (self._time, self._unit_article, self._unit_span, self._bits)
        return self._table.nbytes + sum(c.values.nbytes for c in columns)

    def add(self, articles: Sequence[Article], at: datetime | None = None) -> list[UnitMatch]:
        """Query, then insert, each article (in order); return the matches with earlier articles.

        Articles already in the index (by id) are skipped, so re-adding is harmless. An article's age for
        eviction is its `published` time, else `at`, else now. Batching many articles per call is much
        faster than one at a time; the result is the same.
        """
        fresh = self.fresh(articles)
        return self.add_signed(fresh, sign_articles(fresh, self.settings), at)

    def fresh(self, articles: Sequence[Article]) -> list[Article]:
        """The articles not in the index yet, first occurrence of each id only."""
        ids = [a.id for a in articles]
        if len(set(ids)) == len(ids) and self._slots.keys().isdisjoint(ids):  # the usual case, in C
            return list(articles)
        out, seen = [], set()
        for a in articles:
            if a.id not in self._slots and a.id not in seen:
                out.append(a)
                seen.add(a.id)
        return out

    def add_signed(
        self, fresh: Sequence[Article], signed: Signed, at: datetime | None = None
    ) -> list[UnitMatch]:
        """`add` for articles signed elsewhere (`sign_articles`, e.g. in a worker process)."""
        now = timestamp(at or datetime.now(UTC), 0.0)
        times = [timestamp(a.published, now) for a in fresh]
        query, hit, estimate = self.insert_signed([a.id for a in fresh], times, signed)
        articles, spans, names = self._unit_article.values, self._unit_span.values, self._ids
        rows = zip(
            articles[query].tolist(), spans[query].tolist(), articles[hit].tolist(), spans[hit].tolist(),
            estimate.tolist(), strict=True,
        )  # fmt: skip
        return [UnitMatch(names[a], f, t, names[b], g, u, e) for a, (f, t), b, (g, u), e in rows]

    def insert_signed(
        self, ids: Sequence[str], times: Sequence[float], signed: Signed
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Insert pre-signed articles; return (unit, earlier unit, estimated Jaccard) for every candidate
        pair above the candidate threshold, as global unit ids (see `describe`)."""
        s = self.settings
        first_unit = self.units
        first_slot = len(self._ids)
        for offset, article_id in enumerate(ids):
            self._slots[article_id] = first_slot + offset
        self._ids.extend(ids)
        self._time.extend(np.asarray(times, dtype=np.float64))
        self._unit_article.extend(signed.unit_article + first_slot)
        self._unit_span.extend(signed.spans)
        self._bits.extend(signed.digests.astype(np.uint16))
        n = len(signed)
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        keys = band_keys(signed.digests, s.band_rows)
        bands = keys.shape[1]
        flat = keys.ravel()
        # One sort serves the lookup (sorted needles), the batch's pairs with itself (equal keys become
        # neighbours) and the insert (a sorted run): keys packed with their position sort by key, then by
        # position, so equal keys keep their units in order.
        packed = (flat.astype(np.uint64) << np.uint64(32)) | np.arange(len(flat), dtype=np.uint64)
        packed.sort()
        order = (packed & np.uint64(0xFFFFFFFF)).astype(np.intp)
        sorted_keys = (packed >> np.uint64(32)).astype(np.uint32)
        del packed
        unit_of = order // bands + first_unit  # unit id of each sorted key
        # Earlier batches (in the table), then this batch against itself; then it is inserted.
        at, hit = self._table.insert_batch(sorted_keys, unit_of.astype(np.uint32), s.max_bucket)
        query = unit_of[at]
        articles = self._unit_article.values
        # Only earlier units of other articles: each pair is reported once, by the later unit.
        keep = (hit < query) & (articles[hit] != articles[query])
        query, hit = query[keep], hit[keep]
        bits = self._bits.values
        # Most candidates are chance band collisions met once; verifying before de-duplicating pairs
        # (a true copy meets in many bands) leaves only the few survivors to sort.
        agree = np.count_nonzero(bits[query] == bits[hit], axis=1) / bits.shape[1]
        good = agree >= s.candidate_threshold
        pair, first = np.unique(query[good] * (first_unit + n) + hit[good], return_index=True)
        estimate = np.clip((agree[good][first] - _CHANCE) / (1 - _CHANCE), 0.0, 1.0)
        return pair // (first_unit + n), pair % (first_unit + n), estimate

    def describe(self, unit: int, earlier: int, similarity: float) -> UnitMatch:
        articles, spans = self._unit_article.values, self._unit_span.values
        return UnitMatch(
            article=self._ids[int(articles[unit])],
            first=int(spans[unit, 0]),
            last=int(spans[unit, 1]),
            other=self._ids[int(articles[earlier])],
            other_first=int(spans[earlier, 0]),
            other_last=int(spans[earlier, 1]),
            similarity=similarity,
        )

    def evict(self, before: datetime) -> int:
        """Forget every article older than `before`; return how many were dropped. Memory is released."""
        cutoff = timestamp(before, 0.0)
        old = self._time.values < cutoff
        old_slots = np.flatnonzero(old)
        if len(old_slots) == 0:
            return 0
        unit_alive = ~old[self._unit_article.values]
        unit_remap = np.cumsum(unit_alive) - 1
        slot_remap = np.cumsum(~old) - 1
        self._table.keep(unit_alive, unit_remap)
        remapped = slot_remap[self._unit_article.values[unit_alive]]
        self._unit_article.compact(unit_alive)
        self._unit_article.values[:] = remapped
        self._unit_span.compact(unit_alive)
        self._bits.compact(unit_alive)
        self._time.compact(~old)
        self._ids = [i for i, dead in zip(self._ids, old, strict=True) if not dead]
        self._slots = {article_id: slot for slot, article_id in enumerate(self._ids)}
        return len(old_slots)
