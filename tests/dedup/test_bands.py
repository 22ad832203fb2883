from __future__ import annotations

from collections import defaultdict

import numpy as np

from storyweave.dedup.bands import BandTable, pairs_within


def brute_lookup(stored: dict[int, list[int]], keys: np.ndarray, cap: int) -> set[tuple[int, int]]:
    return {(i, v) for i, k in enumerate(keys.tolist()) for v in stored.get(k, [])[-cap:]}


def test_lookup_matches_a_dict_across_runs_filter_and_fences() -> None:
    rng = np.random.default_rng(3)
    table, stored = BandTable(), defaultdict(list)
    popular = np.uint32(123456789)
    next_id = 0
    # Batches large enough for fenced runs, merges and filter rebuilds; a popular key spans many blocks;
    # the smallest and largest keys sit at the ends of every run.
    for size in (70_000, 70_000, 200_000, 30_000, 90_000):
        keys = rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32)
        keys[: size // 50] = popular
        keys[-3:] = [0, 0xFFFFFFFF, 0xFFFFFFFF]
        ids = np.arange(next_id, next_id + size, dtype=np.uint32)
        next_id += size
        table.add(keys, ids)
        for k, v in zip(keys.tolist(), ids.tolist(), strict=True):
            stored[k].append(v)
    stored_keys = np.fromiter(stored, dtype=np.uint32)
    needles = np.concatenate(
        [
            rng.choice(stored_keys, 5000),
            rng.integers(0, 2**32, 5000, dtype=np.uint64).astype(np.uint32),
            np.array([popular, 0, 0xFFFFFFFF, 1, 0xFFFFFFFE], dtype=np.uint32),
        ]
    )
    for cap in (1, 32):
        q, hit = table.lookup(needles, cap)
        got = set(zip(q.tolist(), hit.tolist(), strict=True))
        # The cap applies per run: a key stored in several runs may return up to cap from each.
        want = brute_lookup(stored, needles, cap)
        assert want <= got
        assert all(hit_id in stored[int(needles[i])] for i, hit_id in got)
    q, hit = table.lookup(needles, 10**9)
    assert set(zip(q.tolist(), hit.tolist(), strict=True)) == brute_lookup(stored, needles, 10**9)
    assert len(table) == next_id


def test_keep_drops_and_renumbers() -> None:
    rng = np.random.default_rng(4)
    table = BandTable()
    keys = rng.integers(0, 2**20, 100_000, dtype=np.uint64).astype(np.uint32)  # many repeated keys
    table.add(keys, np.arange(len(keys), dtype=np.uint32))
    alive = np.arange(len(keys)) % 3 != 0
    remap = np.cumsum(alive) - 1
    table.keep(alive, remap)
    assert len(table) == alive.sum()
    stored = defaultdict(list)
    for old in np.flatnonzero(alive).tolist():
        stored[int(keys[old])].append(int(remap[old]))
    needles = keys[::97]
    q, hit = table.lookup(needles, 10**9)
    assert set(zip(q.tolist(), hit.tolist(), strict=True)) == brute_lookup(stored, needles, 10**9)


def test_pairs_within_gives_each_position_its_earlier_equals_up_to_the_cap() -> None:
    keys = np.array([1, 1, 1, 2, 3, 3, 7], dtype=np.uint32)
    later, before = pairs_within(keys, cap=1)
    assert sorted(zip(later.tolist(), before.tolist(), strict=True)) == [(1, 0), (2, 1), (5, 4)]
    later, before = pairs_within(keys, cap=5)
    assert sorted(zip(later.tolist(), before.tolist(), strict=True)) == [(1, 0), (2, 0), (2, 1), (5, 4)]
    assert len(pairs_within(np.array([5], dtype=np.uint32), 3)[0]) == 0
