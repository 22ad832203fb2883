"""How alike two names are, on their phonetic keys (names.py), scored with rapidfuzz.

`token_similarity` scores one word against another: the normalised Levenshtein similarity of the
phonetic keys, blended with that of their vowel-free skeletons (vowels are what romanisations disagree
on most: "Lukashenka"/"Lukashenko"). Scripts without short vowels (Arabic, Hebrew) are compared on
consonants only. `NameForm` carries the pre-computed keys of one surface form so a story's mentions are
keyed once, not once per comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from storyweave.resolve.names import acronym, is_acronym, name_tokens, phonetic_key, phonetic_keys, skeleton

_ABJAD = re.compile(r"[\u0590-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_CONSONANTS_ONLY = re.compile(r"[aeiouJ]+")

# Weight of the full key against the vowel skeleton in `token_similarity`.
_KEY_WEIGHT = 0.7


@dataclass(frozen=True, slots=True)
class NameForm:
    """One surface form of a name with everything matching needs, computed once."""

    text: str
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    abjad: bool = False
    # Other readings of the last word (see names.phonetic_keys); the first is `keys[-1]`.
    surnames: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str) -> NameForm:
        tokens = tuple(name_tokens(text))
        keys = tuple(phonetic_key(t) for t in tokens)
        surnames = phonetic_keys(tokens[-1]) if tokens else ()
        return cls(text, tokens, keys, bool(_ABJAD.search(text)), surnames)

    @property
    def readings(self) -> tuple[str, ...]:
        """The whole name's key run together, once per reading of its last word."""
        head = "".join(self.keys[:-1])
        return tuple(head + s for s in self.surnames)

    @property
    def key(self) -> str:
        """The whole name's key, words joined by spaces: what exact grouping uses."""
        return " ".join(self.keys)

    @property
    def initials(self) -> str:
        return acronym(list(self.tokens))

    @property
    def is_acronym(self) -> bool:
        return is_acronym(self.text.strip())


def key_similarity(a: str, b: str, consonants_only: bool = False) -> float:
    """Similarity in [0, 1] of two phonetic keys."""
    if a == b:
        return 1.0
    if consonants_only:
        return Levenshtein.normalized_similarity(_CONSONANTS_ONLY.sub("", a), _CONSONANTS_ONLY.sub("", b))
    full = Levenshtein.normalized_similarity(a, b)
    bare = Levenshtein.normalized_similarity(skeleton(a), skeleton(b))
    return _KEY_WEIGHT * full + (1 - _KEY_WEIGHT) * bare


def token_similarity(a: str, b: str) -> float:
    """Similarity of two words in any script: "Лукашенко" vs "Lukashenka" is about 0.93."""
    fa, fb = NameForm.of(a), NameForm.of(b)
    return key_similarity("".join(fa.keys), "".join(fb.keys), fa.abjad or fb.abjad)


def given_names_compatible(a: str, b: str, threshold: float) -> bool:
    """Two given-name keys that may belong to one person: similar, or one is the other's initial."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return key_similarity(a, b) >= threshold


def givens_compatible(a: tuple[str, ...], b: tuple[str, ...], threshold: float) -> bool:
    """Given-name sequences of one person: the first names agree, or a full (not initial) name of one
    is a full name of the other ("W. Mark Felt" / "Mark Felt")."""
    if not a or not b or given_names_compatible(a[0], b[0], threshold):
        return True
    return any(len(x) > 1 and len(y) > 1 and key_similarity(x, y) >= threshold for x in a for y in b)


def person_similarity(a: NameForm, b: NameForm, given_threshold: float) -> float:
    """Surname similarity when the given names allow one person, else 0.

    Surnames are the last words; given names the ones before. A name with one word has no given name,
    so only its surname speaks. Different given names ("Sadyr Japarov" vs "Akylbek Japarov") keep two
    people apart however alike the surnames are.
    """
    if not a.keys or not b.keys:
        return 0.0
    abjad = a.abjad or b.abjad
    surname = surname_similarity(a, b)
    if abjad and len(a.keys) > 1 and len(b.keys) > 1:
        if key_similarity(a.keys[0], b.keys[0], True) < given_threshold:
            return 0.0
    elif not givens_compatible(a.keys[:-1], b.keys[:-1], given_threshold):
        return 0.0
    return surname


def surname_similarity(a: NameForm, b: NameForm) -> float:
    """Best similarity of the two last words over their readings."""
    if not a.surnames or not b.surnames:
        return 0.0
    abjad = a.abjad or b.abjad
    return max(key_similarity(x, y, abjad) for x in a.surnames for y in b.surnames)


def name_similarity(a: NameForm, b: NameForm) -> float:
    """Whole-name similarity for organisations and places: the keys joined, compared as one string."""
    if not a.keys or not b.keys:
        return 0.0
    return key_similarity("".join(a.keys), "".join(b.keys), a.abjad or b.abjad)


def acronym_of(short: NameForm, full: NameForm) -> bool:
    """True when `short` is an acronym ("CSTO") of `full` ("Collective Security Treaty Organization")."""
    if not short.is_acronym or len(full.tokens) < 2:
        return False
    letters = "".join(short.tokens).lower()
    return letters == full.initials or letters == "".join(t[0] for t in full.tokens)
