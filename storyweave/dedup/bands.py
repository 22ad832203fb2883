"""LSH band table: band keys -> unit ids, stored as a few sorted numpy runs.

Every unit contributes one 32-bit key per band. Keys live in sorted arrays (8 bytes per entry with the
unit id) rather than Python dicts (~100 bytes per entry), which is what keeps 100k articles x 26 units x
16 bands in memory. New keys arrive as a run; runs of similar size are merged, so a table of n entries holds
O(log n) runs and a batch query is one vectorised `searchsorted` per run.
"""

from __future__ import annotations

import numpy as np

_BAND_MUL = np.uint64(0x9E3779B97F4A7C15)
_ROW_MUL = np.uint64(0x100000001B3)
# A run is merged into the one before it while that one is at most this many times larger. Higher keeps
# fewer runs for each lookup to search, at the price of more copying in merges; 4 measured best of 1-8.
_MERGE_RATIO = 4


def band_keys(digests: np.ndarray, rows: int) -> np.ndarray:
    """(n x bands) uint32 keys; a key mixes the band's digest values with the band's number, so one table
    holds every band without two bands' keys meeting. 32 bits halve the table's memory; the chance
    collisions they add (about entries / 2^32 per lookup) are dropped by verification downstream."""
    n, perms = digests.shape
    bands = perms // rows
    d = digests[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        key = np.broadcast_to((np.arange(bands, dtype=np.uint64) + np.uint64(1)) * _BAND_MUL, (n, bands))
        key = key.copy()
        for j in range(rows):
            key = (key ^ d[:, :, j]) * _ROW_MUL
            key ^= key >> np.uint64(29)
    return (key ^ (key >> np.uint64(32))).astype(np.uint32)


class BandTable:
    """A multimap from uint32 band keys to uint32 unit ids, built for batch inserts and batch lookups."""

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self._runs)

    @property
    def nbytes(self) -> int:
        return sum(k.nbytes + v.nbytes for k, v in self._runs)

    def add(self, keys: np.ndarray, ids: np.ndarray, presorted: bool = False) -> None:
        """Insert keys[i] -> ids[i]. Ids must be larger than every id already present (arrival order)."""
        if len(keys) == 0:
            return
        if not presorted:
            order = np.argsort(keys, kind="stable")
            keys, ids = keys[order], ids[order]
        self._runs.append((keys, ids))
        while len(self._runs) >= 2 and len(self._runs[-2][0]) <= _MERGE_RATIO * len(self._runs[-1][0]):
            newer = self._runs.pop()
            self._runs[-1] = _merge(self._runs[-1], newer)

    def lookup(
        self, keys: np.ndarray, cap: int, order: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i, id): keys[i] is stored under id. At most `cap` most recent ids per key and run.
        `order`, when given, is an argsort of `keys` the caller already has."""
        # Sorted needles make each binary search start near the previous one (cache-friendly), and most
        # keys are absent, so the right end of a range is searched only for keys that are present.
        if order is None:
            order = np.argsort(keys)
        needles = keys[order]
        qs: list[np.ndarray] = []
        hits: list[np.ndarray] = []
        for run_keys, run_ids in self._runs:
            lo = np.searchsorted(run_keys, needles, side="left")
            present = np.flatnonzero(run_keys[np.minimum(lo, len(run_keys) - 1)] == needles)
            if len(present) == 0:
                continue
            lo = lo[present]
            hi = np.searchsorted(run_keys, needles[present], side="right")
            lo = np.maximum(lo, hi - cap)
            counts = hi - lo
            total = int(counts.sum())
            q = np.repeat(order[present], counts)
            # Position of each hit: its range start plus its rank inside the range.
            starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
            qs.append(q)
            hits.append(run_ids[starts + np.arange(total)])
        if not qs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(qs), np.concatenate(hits)

    def keep(self, alive: np.ndarray, remap: np.ndarray) -> None:
        """Drop entries whose id is not alive (a bool array indexed by id); renumber the rest by remap."""
        runs = []
        for k, v in self._runs:
            mask = alive[v]
            if mask.any():
                runs.append((k[mask], remap[v[mask]].astype(np.uint32)))
        self._runs = runs


def _merge(
    older: tuple[np.ndarray, np.ndarray], newer: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Merge two sorted runs in linear time; on equal keys the older entries come first (ids ascend)."""
    (k1, v1), (k2, v2) = older, newer
    at = np.searchsorted(k1, k2, side="right") + np.arange(len(k2))
    keys = np.empty(len(k1) + len(k2), dtype=k1.dtype)
    ids = np.empty(len(keys), dtype=v1.dtype)
    from_older = np.ones(len(keys), dtype=bool)
    from_older[at] = False
    keys[at], ids[at] = k2, v2
    keys[from_older], ids[from_older] = k1, v1
    return keys, ids
