"""LSH band table: band keys -> unit ids, stored as a few sorted numpy runs.

Every unit contributes one 32-bit key per band. An entry is one uint64, key << 32 | unit id, in sorted
arrays (8 bytes per entry) rather than Python dicts (~100 bytes per entry), which is what keeps 100k
articles x 26 units x 10 bands in memory. Sorting the packed entries sorts by key and, within a key, by
unit id (arrival order). New entries arrive as a run; runs of similar size are merged (a stable sort of
the two runs side by side, which numpy's timsort does as one linear merge), so a table of n entries holds
O(log n) runs. A batch query searches each run (through its fence: see `_search`) only for the needles a
Bloom filter over the whole table has not already turned away (most keys looked up are absent); a batch
is matched against itself from its own sorted keys before it is inserted.
"""

from __future__ import annotations

import numpy as np

_BAND_MUL = np.uint64(0x9E3779B97F4A7C15)
_ROW_MUL = np.uint64(0x100000001B3)
# A run is merged into the one before it while that one is at most this many times larger. Higher keeps
# fewer runs for each lookup to search, at the price of more copying in merges.
_MERGE_RATIO = 4
_LOW = np.uint64(0xFFFFFFFF)
_HIGH = np.uint64(32)
# Runs of at least _FENCE_MIN entries keep the key of every _FENCE-th entry aside (see _search).
_FENCE = 16
_FENCE_MIN = 1 << 16
# Filter bits per stored entry, at least (up to twice this after a rebuild).
_FILTER_SLOTS = 8
_BIT = np.left_shift(np.uint64(1), np.arange(64, dtype=np.uint64))


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


def pairs_within(sorted_keys: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), j < i, of positions in an ascending key array that hold equal keys: each position with
    the (at most `cap`) positions just before it in its key's group. For a batch's keys against each
    other, without searching: equal keys are neighbours once sorted."""
    n = len(sorted_keys)
    empty = np.zeros(0, dtype=np.intp)
    if n < 2:
        return empty, empty
    change = np.ones(n, dtype=bool)
    change[1:] = sorted_keys[1:] != sorted_keys[:-1]
    later = np.flatnonzero(~change)  # positions with an equal key before them
    if len(later) == 0:
        return empty, empty
    start = np.maximum.accumulate(np.where(change, np.arange(n), 0))
    rank = later - start[later]
    queries, hits = [], []
    for back in range(1, min(cap, int(rank.max())) + 1):
        i = later[rank >= back]
        queries.append(i)
        hits.append(i - back)
    return np.concatenate(queries), np.concatenate(hits)


def _fence(entries: np.ndarray) -> np.ndarray:
    """The key of every _FENCE-th entry of a sorted run (4 bytes per _FENCE entries): stays in cache."""
    if len(entries) < _FENCE_MIN:
        return np.zeros(0, dtype=np.uint32)
    return (entries[::_FENCE] >> _HIGH).astype(np.uint32)


def _search(entries: np.ndarray, fence: np.ndarray, keys: np.ndarray, side: str) -> np.ndarray:
    """Where the entries of each uint32 key begin ("left") or end ("right") in a sorted run: what
    np.searchsorted would give for keys << 32 ("left") and keys << 32 | 0xFFFFFFFF ("right"). A binary
    search over a run of many megabytes costs a cache and TLB miss at each of its ~25 steps (0.3-3 us a
    needle, measured); here the fence, which stays in cache, names the block of _FENCE entries that holds
    the answer, and one vectorised comparison over that block (two cache lines) finishes the job."""
    needles = keys.astype(np.uint64) << _HIGH
    if side == "right":
        needles |= _LOW
    if len(fence) == 0:
        return np.searchsorted(entries, needles, side=side)
    # left: entries[(block - 1) * _FENCE] < needle <= entries[block * _FENCE]; right: the same with <=, <.
    block = np.searchsorted(fence, keys, side=side)
    start = np.maximum(block - 1, 0) * _FENCE + (block > 0)
    window = entries[np.minimum(start[:, None] + np.arange(_FENCE), len(entries) - 1)]
    below = window < needles[:, None] if side == "left" else window <= needles[:, None]
    return np.minimum(start + np.count_nonzero(below, axis=1), len(entries))


class _Filter:
    """A blocked Bloom filter over the whole table's keys: the key's top bits pick a 64-bit word, two bits
    of it chosen from a multiplicative hash of the key are set. A clear bit means "surely not stored".
    With 8 to 16 bits per entry a random absent key passes with probability 2-6 %, so most needles skip
    the searches altogether. Bits are only ever added (a batch's keys on insert); the filter is rebuilt,
    twice as large, when the table has doubled, and after eviction."""

    def __init__(self, entries: int) -> None:
        bits = min(max((max(entries, 1) * _FILTER_SLOTS - 1).bit_length(), 12), 38)
        self.word_bits = bits - 6  # at most 2^32 words: the key's bits pick one
        self.capacity = (1 << bits) // _FILTER_SLOTS
        self.words = np.zeros(1 << self.word_bits, dtype=np.uint64)

    def locate(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each uint32 key's word and its two-bit mask (valid until the filter is rebuilt)."""
        word = keys >> np.uint32(32 - self.word_bits) if self.word_bits else np.zeros(len(keys), np.uint32)
        with np.errstate(over="ignore"):
            h = keys * np.uint32(0x9E3779B1)
        return word, _BIT[h >> np.uint32(26)] | _BIT[(h >> np.uint32(20)) & np.uint32(63)]

    def add(self, sorted_keys: np.ndarray, where: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Set the bits of ascending uint32 keys (`where`: their `locate`, if known)."""
        word, mask = where or self.locate(sorted_keys)
        starts = np.flatnonzero(np.concatenate([[True], word[1:] != word[:-1]]))
        self.words[word[starts]] |= np.bitwise_or.reduceat(mask, starts)

    def candidates(self, keys: np.ndarray, where: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Indices of the uint32 `keys` that may be stored (`where`: their `locate`, if known)."""
        word, mask = where or self.locate(keys)
        return np.flatnonzero((self.words[word] & mask) == mask)


class BandTable:
    """A multimap from uint32 band keys to uint32 unit ids, built for batch inserts and batch lookups."""

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []  # sorted entries (key << 32 | id), fence
        self._filter = _Filter(0)

    def __len__(self) -> int:
        return sum(len(entries) for entries, _ in self._runs)

    @property
    def nbytes(self) -> int:
        return sum(e.nbytes + f.nbytes for e, f in self._runs) + self._filter.words.nbytes

    def add(self, keys: np.ndarray, ids: np.ndarray, presorted: bool = False) -> None:
        """Insert keys[i] -> ids[i]. Ids must be larger than every id already present (arrival order).
        `presorted`: already in ascending (key, id) order."""
        if len(keys) == 0:
            return
        entries = (keys.astype(np.uint64) << _HIGH) | ids.astype(np.uint64)
        if not presorted:
            entries.sort()
        self._append(entries, None)

    def _append(self, entries: np.ndarray, where: tuple[np.ndarray, np.ndarray] | None) -> None:
        runs = self._runs
        runs.append((entries, _fence(entries)))
        if len(self) > self._filter.capacity:
            self._rebuild_filter()
        else:
            self._filter.add((entries >> _HIGH).astype(np.uint32), where)
        while len(runs) >= 2 and len(runs[-2][0]) <= _MERGE_RATIO * len(runs[-1][0]):
            (newer, _), (older, _) = runs.pop(), runs.pop()
            merged = np.concatenate([older, newer])
            del newer, older
            # Two sorted runs side by side: timsort finds them and merges them in one linear pass.
            merged.sort(kind="stable")
            runs.append((merged, _fence(merged)))

    def _rebuild_filter(self) -> None:
        self._filter = _Filter(len(self))
        for run, _ in self._runs:
            for at in range(0, len(run), 1 << 22):  # in chunks: no full-length temporaries
                self._filter.add((run[at : at + (1 << 22)] >> _HIGH).astype(np.uint32))

    def lookup(
        self, keys: np.ndarray, cap: int, order: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i, id): keys[i] is stored under id. At most `cap` most recent ids per key and run.
        `order`, when given, is an argsort of `keys` the caller already has."""
        if order is None:
            order = np.argsort(keys)
        at, hits = self._lookup_sorted(keys[order], cap, None)
        return order[at], hits

    def insert_batch(
        self, sorted_keys: np.ndarray, ids: np.ndarray, cap: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Look up a batch, then insert it: sorted_keys[i] -> ids[i], in ascending (key, id) order, ids
        above every stored one. Returns pairs (i, id): an earlier id stored under sorted_keys[i], from
        the table (at most `cap` most recent per run) or from the batch itself (at most the `cap` just
        before i)."""
        if len(sorted_keys) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        where = self._filter.locate(sorted_keys)
        at, hits = self._lookup_sorted(sorted_keys, cap, where)
        later, before = pairs_within(sorted_keys, cap)
        self._append((sorted_keys.astype(np.uint64) << _HIGH) | ids.astype(np.uint64), where)
        earlier = np.concatenate([hits.astype(np.int64), ids[before].astype(np.int64)])
        return np.concatenate([at, later]), earlier

    def _lookup_sorted(
        self, sorted_keys: np.ndarray, cap: int, where: tuple[np.ndarray, np.ndarray] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        # Sorted needles make neighbouring searches touch neighbouring memory, and most keys are absent:
        # the filter turns most of them away, and the right end of a range is searched only for keys
        # that are present.
        maybe = self._filter.candidates(sorted_keys, where)
        wanted = sorted_keys[maybe]
        qs: list[np.ndarray] = []
        hits: list[np.ndarray] = []
        for entries, fence in self._runs if len(wanted) else []:
            lo = _search(entries, fence, wanted, "left")
            found = entries[np.minimum(lo, len(entries) - 1)] >> _HIGH
            present = np.flatnonzero(found == wanted)
            if len(present) == 0:
                continue
            lo = lo[present]
            hi = _search(entries, fence, wanted[present], "right")
            lo = np.maximum(lo, hi - cap)
            counts = hi - lo
            total = int(counts.sum())
            q = np.repeat(maybe[present], counts)
            # Position of each hit: its range start plus its rank inside the range.
            starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
            qs.append(q)
            hits.append(entries[starts + np.arange(total)] & _LOW)
        if not qs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(qs), np.concatenate(hits)

    def keep(self, alive: np.ndarray, remap: np.ndarray) -> None:
        """Drop entries whose id is not alive (a bool array indexed by id); renumber the rest by remap
        (increasing, so every run stays sorted)."""
        runs = []
        for run, _ in self._runs:
            ids = (run & _LOW).astype(np.intp)
            mask = alive[ids]
            if mask.any():
                kept = (run[mask] & ~_LOW) | remap[ids[mask]].astype(np.uint64)
                runs.append((kept, _fence(kept)))
        self._runs = runs
        self._rebuild_filter()
