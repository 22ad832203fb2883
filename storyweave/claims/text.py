"""Small text helpers shared by the claims modules: content words and a crude stem.

A stem here is only a matching key ("strikes", "striking" -> "strik"): alignment needs recall on
inflected forms, not linguistics, and a full lemmatizer would need spaCy at this stage.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours said says
    say told tells according added reported reports stated would could may might must shall also
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday yesterday today week""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Case-, accent- and script-folded text (for matching only)."""
    return anyascii(unicodedata.normalize("NFKC", text)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A matching key for inflected forms: suffix stripped, then cut to 6 letters."""
    w = word.replace("’", "'").split("'")[0]
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:6]


def content_surface(text: str) -> list[str]:
    """The words that carry content (no stopwords, no bare digits), folded but not stemmed."""
    return [w for w in words(text) if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def content_words(text: str) -> list[str]:
    """Stems of the words that carry content (no stopwords, no bare digits)."""
    return [stem(w) for w in content_surface(text)]
