"""MinHash signatures in numpy: one-permutation hashing (OPH) with optimal densification.

Classic MinHash applies k hash functions to every shingle and keeps k minima: k multiply-adds per shingle.
OPH (Li, Owen and Zhang 2012) hashes each shingle once: the hash's top bits pick one of k bins, its low
32 bits are the value, and each bin keeps its minimum. Two sets agree in a bin with probability equal to
their Jaccard similarity, as with k permutations, and at one pass over the shingles the whole batch is a
few numpy calls (`np.minimum.at`), with no per-unit Python and no copying out of an extension.

A bin no shingle of a unit falls into is empty. Empty bins are filled by optimal densification
(Shrivastava 2017): bin j borrows the value of the first non-empty bin along a probe sequence that depends
on j only (random probes from a fixed seed, then a circular scan), the same for every unit, which keeps
P(two units agree in a bin) = Jaccard exactly. Densification comes last: raw sketches (empty bins kept
at EMPTY) are mergeable, so a paragraph's sketch is the element-wise minimum of its sentences' (the sketch
of the union), and only then densified.

The shingle hashes are already mixed 64-bit values (shingles.py): bins and values use disjoint bits.
"""

from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)
_LITTLE = sys.byteorder == "little"
_SEED = 1729
_RANDOM_PROBES = 8


def raw_sketches(hashes: np.ndarray, offsets: np.ndarray, k: int) -> np.ndarray:
    """(rows x k) uint32 OPH sketches, not densified: row i's shingles are hashes[offsets[i]:offsets[i+1]];
    a bin none of them falls into holds EMPTY. The high 32 bits of a hash pick its bin, the low 32 bits
    are its value (a shingle whose value is EMPTY itself, p = 2^-32, is as if absent)."""
    rows = len(offsets) - 1
    out = np.full(max(rows, 0) * k, EMPTY, dtype=np.uint32)
    if rows <= 0 or len(hashes) == 0:
        return out.reshape(max(rows, 0), k)
    # Views, not arithmetic: the two 32-bit halves of each hash.
    halves = np.ascontiguousarray(hashes, dtype=np.uint64).view(np.uint32)
    low, high = (halves[0::2], halves[1::2]) if _LITTLE else (halves[1::2], halves[0::2])
    counts = np.diff(offsets.astype(np.int64))
    cell = np.repeat(np.arange(0, rows * k, k, dtype=np.intp), counts)
    if k == 1:
        pass
    elif k & (k - 1) == 0:
        cell += high >> np.uint32(32 - (k.bit_length() - 1))
    else:  # multiply-high: a uniform bin for any k
        cell += ((high.astype(np.uint64) * np.uint64(k)) >> np.uint64(32)).astype(np.intp)
    np.minimum.at(out, cell, low)
    return out.reshape(rows, k)


@lru_cache(maxsize=16)
def _probes(k: int) -> np.ndarray:
    """Probe sequence of every bin, (steps x k): a few random bins, then every other bin in turn. It depends
    on the bin only, never on the data, which is what keeps densified bins unbiased."""
    rng = np.random.default_rng(_SEED)
    random = rng.integers(0, k, size=(_RANDOM_PROBES, k))
    circular = (np.arange(k)[None, :] + np.arange(1, k)[:, None]) % k
    return np.vstack([random, circular]).astype(np.intp)


def densify(raw: np.ndarray) -> np.ndarray:
    """Fill the empty bins of raw OPH sketches (rows x k) from their probe sequences. A row with no
    non-empty bin (no shingles) stays EMPTY."""
    out = raw.copy()
    if raw.size == 0:
        return out
    occupied = raw != EMPTY
    # Work only on the empty cells of rows that have something to borrow: most units have none or few.
    rows, bins = np.nonzero(~occupied & occupied.any(1)[:, None])
    for probe in _probes(raw.shape[1]):
        if len(rows) == 0:
            break
        source = probe[bins]
        found = occupied[rows, source]
        out[rows[found], bins[found]] = raw[rows[found], source[found]]
        rows, bins = rows[~found], bins[~found]
    return out
