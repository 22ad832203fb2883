"""Signing in worker processes while the index works: the two halves of `PassageIndex.add` overlap.

Signing (folding, shingling, MinHash) is per article and parallel by nature; the index (band lookups,
verification, inserts) is one sequential structure. With `workers` processes signing the next batches,
the index thread only waits when it is faster than they are. Workers receive only what signing reads
(sentence texts and paragraph numbers) and return only what the index stores (no shingles).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime

import numpy as np

from storyweave.dedup.config import DedupSettings
from storyweave.dedup.index import PassageIndex, UnitMatch
from storyweave.dedup.units import Signed, sentence_lists, sign_sentences
from storyweave.model import Article

_Payload = tuple[list[int], list[str], list[int]]


def _sign(payload: _Payload, settings: DedupSettings) -> Signed:
    signed = sign_sentences(*payload, settings)
    # The index keeps digests and spans only; shipping the shingles back would cost more than signing.
    signed.hashes, signed.offsets = np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.uint64)
    return signed


def add_batches(
    index: PassageIndex, batches: Iterable[Sequence[Article]], workers: int = 2, at: datetime | None = None
) -> Iterator[list[UnitMatch]]:
    """`index.add(batch)` for each batch in order, yielding its matches, with signing done by `workers`
    processes ahead of the index. workers <= 1 signs in this process (no pool)."""
    if workers <= 1:
        for batch in batches:
            yield index.add(batch, at)
        return
    pending: deque[tuple[list[Article], Future[Signed]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in batches:
            # Ids are filtered against the index when the batch is indexed, not here: an id may arrive
            # twice in batches signed at the same time.
            articles = list(batch)
            pending.append((articles, pool.submit(_sign, sentence_lists(articles), index.settings)))
            if len(pending) > workers:
                yield _index(index, *pending.popleft(), at)
        while pending:
            yield _index(index, *pending.popleft(), at)


def _index(
    index: PassageIndex, articles: list[Article], future: Future[Signed], at: datetime | None
) -> list[UnitMatch]:
    signed = future.result()
    fresh = index.fresh(articles)
    if len(fresh) != len(articles):
        # Rare: some ids were known already. Re-sign the rest here rather than slice a signed batch.
        return index.add(fresh, at)
    return index.add_signed(fresh, signed, at)
