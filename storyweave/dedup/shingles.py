"""Normalization and character shingling: what makes a copy look like a copy after light editing.

A copied sentence survives re-spelled transliterated names ("Aleynyk" -> "Aleinik"), a change of quote
style, different punctuation and spacing. So text is folded to ASCII (every script, through anyascii),
lower-cased, stripped of everything but letters and digits, and a few letters that transliterations swap
freely are merged (y/j -> i, q/c -> k, w -> v, z -> s). Shingles are overlapping character k-grams of that
folded string: one changed letter touches only k shingles out of the sentence's ~100, where word
shingles would lose every shingle holding the word.

The stage signs every sentence of every article, so both steps work on a whole batch at once: texts are
joined with NUL separators, folded with one `bytes.translate`, and shingled with numpy over the joined
bytes. Each k-gram is encoded exactly (base 37, fits 64 bits for k <= 12) and then mixed, so distinct
shingles never collide before MinHash sees them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from anyascii import anyascii

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ALNUM = b"abcdefghijklmnopqrstuvwxyz0123456789"
# Letters that transliterations and regional spellings swap: Aleynyk/Aleinik, Toqaev/Tokayev,
# organisation/organization. Merging them costs little distinctiveness in 5-grams.
_PHONETIC = (b"yjqcwz", b"iikkvs")


def _tables(phonetic: bool) -> tuple[bytes, bytes]:
    table = bytearray(range(256))
    if phonetic:
        for src, dst in zip(*_PHONETIC, strict=True):
            table[src] = dst
    for upper, lower in zip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz", strict=True):
        table[upper] = table[lower]
    # Everything that is not a letter, a digit or the NUL separator is deleted (after mapping).
    delete = bytes(b for b in range(256) if b not in _ALNUM and b not in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\x00")
    return bytes(table), delete


_TABLES = {True: _tables(True), False: _tables(False)}
_MAX_K = 12


@lru_cache(maxsize=65536)
def _fold_chars(run: str) -> str:
    # Runs of non-ASCII characters repeat a lot (curly quotes, dashes, one script's letters): caching
    # them keeps anyascii, a per-character Python loop, off the hot path.
    return anyascii(run)


def fold_joined(texts: Sequence[str], phonetic: bool = True) -> bytes:
    """Every text folded (see module doc), joined by NUL bytes: len(texts) - 1 separators."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # rare: a text holds NUL itself
        joined = "\x00".join(t.replace("\x00", " ") for t in texts)
    if not joined.isascii():
        joined = _NON_ASCII.sub(lambda m: _fold_chars(m.group()), joined)
    table, delete = _TABLES[phonetic]
    # anyascii output is ASCII, so this encode cannot fail.
    return joined.encode("ascii").translate(table, delete)


def fold(text: str, phonetic: bool = True) -> str:
    """`text` as lower-case ASCII letters and digits only, with transliteration-prone letters merged."""
    return fold_joined([text], phonetic).decode("ascii")


def fold_many(texts: Sequence[str], phonetic: bool = True) -> list[str]:
    """`fold` of every text, in one pass."""
    if not texts:
        return []
    return fold_joined(texts, phonetic).decode("ascii").split("\x00")


def _code_table(dtype: type) -> np.ndarray:
    table = np.zeros(256, dtype=dtype)
    for i, ch in enumerate(_ALNUM):
        table[ch] = i + 1
    return table


_CODES = {np.uint32: _code_table(np.uint32), np.uint64: _code_table(np.uint64)}
# k-grams up to this size fit 32 bits exactly (37^6 < 2^32), half the memory traffic of 64.
_MAX_K32 = 6
# Offsets the mix, so the MinHash bins and values are one fixed random function of the shingle.
_SEED = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser of x ^ seed, in place (x must be a uint64 array this function may own):
    spreads the structured base-37 codes over all 64 bits."""
    x ^= _SEED
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def joined_lengths(joined: bytes) -> np.ndarray:
    """Length of each NUL-separated text in `joined` (int64)."""
    data = np.frombuffer(joined, dtype=np.uint8)
    bounds = np.concatenate([[-1], np.flatnonzero(data == 0), [len(data)]])
    return np.diff(bounds) - 1


def shingle_joined(joined: bytes, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of each NUL-separated folded text, flattened: (hashes uint64, offsets uint64).

    Row i's shingles are hashes[offsets[i]:offsets[i+1]], in text order, duplicates kept (MinHash ignores
    them; callers wanting sets use np.unique). A text shorter than k has no shingles.
    """
    if not 1 <= k <= _MAX_K:
        raise ValueError(f"shingle size must be 1..{_MAX_K}, got {k}")
    lengths = joined_lengths(joined)
    counts = np.maximum(lengths - k + 1, 0)
    offsets = np.zeros(len(lengths) + 1, dtype=np.uint64)
    np.cumsum(counts, out=offsets[1:])
    data = np.frombuffer(joined, dtype=np.uint8)
    windows = len(data) - k + 1
    if windows <= 0 or offsets[-1] == 0:
        return np.zeros(0, dtype=np.uint64), offsets
    dtype = np.uint32 if k <= _MAX_K32 else np.uint64
    codes = _CODES[dtype][data]
    gram = codes[:windows].copy()
    base = dtype(37)
    with np.errstate(over="ignore"):
        for j in range(1, k):
            gram *= base
            gram += codes[j : j + windows]
    # A window is invalid when it holds a separator: the k windows starting at or before each one.
    valid = np.ones(windows, dtype=bool)
    separators = np.flatnonzero(data == 0)
    for j in range(k):
        at = separators - j
        valid[at[(at >= 0) & (at < windows)]] = False
    return _mix(gram[valid].astype(np.uint64, copy=False)), offsets


def shingle_rows(folded: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """`shingle_joined` of already folded texts."""
    if not folded:
        return np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.uint64)
    return shingle_joined("\x00".join(folded).encode("ascii"), k)


def shingle_set(folded: str, k: int) -> np.ndarray:
    """Sorted unique shingle hashes of one folded text (for exact Jaccard)."""
    hashes, _ = shingle_rows([folded], k)
    return np.unique(hashes)
