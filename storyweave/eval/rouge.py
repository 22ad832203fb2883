"""ROUGE-1/2 as ROUGE-1.5.5 computes them (`-n 2 -m -l WORDS -f A`), with its Porter stemmer.

Pure functions, no I/O; `storyweave eval summaries` (summaries.py) says exactly what is computed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# --- Porter stemmer (Porter 1980, as in the reference implementation at tartarus.org/martin) ---

_VOWELS = frozenset("aeiou")


_STEP2: dict[str, tuple[tuple[str, str], ...]] = {
    "a": (("ational", "ate"), ("tional", "tion")),
    "c": (("enci", "ence"), ("anci", "ance")),
    "e": (("izer", "ize"),),
    "l": (("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")),
    "o": (("ization", "ize"), ("ation", "ate"), ("ator", "ate")),
    "s": (("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")),
    "t": (("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")),
    "g": (("logi", "log"),),
}
_STEP3: dict[str, tuple[tuple[str, str], ...]] = {
    "e": (("icate", "ic"), ("ative", ""), ("alize", "al")),
    "i": (("iciti", "ic"),),
    "l": (("ical", "ic"), ("ful", "")),
    "s": (("ness", ""),),
}
_STEP4: dict[str, tuple[str, ...]] = {
    "a": ("al",), "c": ("ance", "ence"), "e": ("er",), "i": ("ic",), "l": ("able", "ible"),
    "n": ("ant", "ement", "ment", "ent"), "o": ("ion", "ou"), "s": ("ism",), "t": ("ate", "iti"),
    "u": ("ous",), "v": ("ive",), "z": ("ize",),
}  # fmt: skip


class _Porter:
    def __init__(self, word: str) -> None:
        self.b = list(word)
        self.k = len(word) - 1
        self.j = 0

    def cons(self, i: int) -> bool:
        ch = self.b[i]
        if ch in _VOWELS:
            return False
        if ch == "y":
            return True if i == 0 else not self.cons(i - 1)
        return True

    def m(self) -> int:
        n = 0
        i = 0
        j = self.j
        while True:
            if i > j:
                return n
            if not self.cons(i):
                break
            i += 1
        i += 1
        while True:
            while True:
                if i > j:
                    return n
                if self.cons(i):
                    break
                i += 1
            i += 1
            n += 1
            while True:
                if i > j:
                    return n
                if not self.cons(i):
                    break
                i += 1
            i += 1

    def vowel_in_stem(self) -> bool:
        return any(not self.cons(i) for i in range(self.j + 1))

    def doublec(self, j: int) -> bool:
        return j >= 1 and self.b[j] == self.b[j - 1] and self.cons(j)

    def cvc(self, i: int) -> bool:
        if i < 2 or not self.cons(i) or self.cons(i - 1) or not self.cons(i - 2):
            return False
        return self.b[i] not in "wxy"

    def ends(self, s: str) -> bool:
        length = len(s)
        if length > self.k + 1:
            return False
        if "".join(self.b[self.k - length + 1 : self.k + 1]) != s:
            return False
        self.j = self.k - length
        return True

    def setto(self, s: str) -> None:
        self.b[self.j + 1 : self.k + 1] = list(s)
        self.k = self.j + len(s)

    def r(self, s: str) -> None:
        if self.m() > 0:
            self.setto(s)

    def step1ab(self) -> None:
        if self.b[self.k] == "s":
            if self.ends("sses"):
                self.k -= 2
            elif self.ends("ies"):
                self.setto("i")
            elif self.k >= 1 and self.b[self.k - 1] != "s":
                self.k -= 1
        if self.ends("eed"):
            if self.m() > 0:
                self.k -= 1
        elif (self.ends("ed") or self.ends("ing")) and self.vowel_in_stem():
            self.k = self.j
            if self.ends("at"):
                self.setto("ate")
            elif self.ends("bl"):
                self.setto("ble")
            elif self.ends("iz"):
                self.setto("ize")
            elif self.doublec(self.k):
                self.k -= 1
                if self.b[self.k] in "lsz":
                    self.k += 1
            elif self.m() == 1 and self.cvc(self.k):
                self.setto("e")

    def step1c(self) -> None:
        if self.ends("y") and self.vowel_in_stem():
            self.b[self.k] = "i"

    def _replace(self, table: dict[str, tuple[tuple[str, str], ...]], key: str) -> None:
        for suffix, replacement in table.get(key, ()):
            if self.ends(suffix):
                self.r(replacement)
                return

    def step2(self) -> None:
        if self.k >= 1:
            self._replace(_STEP2, self.b[self.k - 1])

    def step3(self) -> None:
        self._replace(_STEP3, self.b[self.k])

    def step4(self) -> None:
        if self.k < 1:
            return
        for suffix in _STEP4.get(self.b[self.k - 1], ()):
            if self.ends(suffix):
                if suffix == "ion" and not (self.j >= 0 and self.b[self.j] in "st"):
                    continue
                break
        else:
            return
        if self.m() > 1:
            self.k = self.j

    def step5(self) -> None:
        self.j = self.k
        if self.b[self.k] == "e":
            a = self.m()
            if a > 1 or (a == 1 and not self.cvc(self.k - 1)):
                self.k -= 1
        if self.b[self.k] == "l" and self.doublec(self.k) and self.m() > 1:
            self.k -= 1

    def stem(self) -> str:
        if self.k <= 1:
            return "".join(self.b)
        self.step1ab()
        if self.k > 0:
            self.step1c()
            self.step2()
            self.step3()
            self.step4()
            self.step5()
        return "".join(self.b[: self.k + 1])


_STEM_CACHE: dict[str, str] = {}


def porter_stem(word: str) -> str:
    """The Porter (1980) stem of a lower-case word."""
    stem = _STEM_CACHE.get(word)
    if stem is None:
        stem = _Porter(word).stem()
        if len(_STEM_CACHE) < 200_000:
            _STEM_CACHE[word] = stem
    return stem


# --- ROUGE ---

_TOKEN = re.compile(r"[a-z0-9]+")


def truncate_words(text: str, words: int | None) -> str:
    return text if words is None else " ".join(text.split()[:words])


def rouge_tokens(text: str, stem: bool = True) -> list[str]:
    tokens = _TOKEN.findall(text.lower())
    return [porter_stem(t) if stem and len(t) > 3 else t for t in tokens]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(
    summary: str, references: Sequence[str], n: int, words: int | None = 100, stem: bool = True
) -> dict[str, float]:
    """ROUGE-n recall, precision and F (fractions) of `summary` against pooled `references`."""
    peer = _ngrams(rouge_tokens(truncate_words(summary, words), stem), n)
    peer_total = sum(peer.values())
    hits = 0
    ref_total = 0
    for reference in references:
        model = _ngrams(rouge_tokens(truncate_words(reference, words), stem), n)
        hits += sum(min(count, peer[gram]) for gram, count in model.items())
        ref_total += sum(model.values())
    recall = hits / ref_total if ref_total else 0.0
    precision = hits / (peer_total * len(references)) if peer_total and references else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"recall": recall, "precision": precision, "f": f}
