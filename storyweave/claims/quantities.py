"""Quantities in text: value interval, unit, hedge, as written.

A quantity is read as an interval of the values it allows, so that comparing two figures is one
interval test: "about 20" allows 18..22 and agrees with "20"; "15" does not meet "about 20";
"more than 30" allows 30..inf. Numbers in digits ("2,300", "1.5"), in words ("fifteen", "twenty-one",
"a dozen"), with scale words ("1.2 million", "$3bn"), ranges ("15-20", "between 15 and 20"),
percentages ("14%", "14 per cent"), currencies ("$5", "5 euros") and fractions ("nearly half") are read.
Pure functions, no I/O.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from storyweave.claims.text import content_surface, stem

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}  # fmt: skip
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
                 "b": 1_000_000_000, "tn": 1_000_000_000_000}  # fmt: skip
_FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
              "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25,
              "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2}  # fmt: skip
_DOZEN = {"a dozen": 12, "dozen": 12, "a dozen or so": 12}

# Hedges, by how they widen the interval: around (both ways), below (value is an upper bound, the
# truth is a little under), above (lower bound), at_most (upper bound).
_HEDGES: dict[str, str] = {
    "about": "around", "around": "around", "roughly": "around", "approximately": "around",
    "approx.": "around", "some": "around", "an estimated": "around", "estimated": "around",
    "close to": "below", "nearly": "below", "almost": "below", "just under": "below",
    "more than": "above", "over": "above", "at least": "above", "upwards of": "above", "just over": "above",
    "well over": "above", "as many as": "at_most", "up to": "at_most", "fewer than": "at_most",
    "less than": "at_most", "under": "at_most", "at most": "at_most", "no more than": "at_most",
    "not more than": "at_most", "below": "at_most", "above": "above", "in excess of": "above",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
_CURRENCY_CODES = {"usd", "eur", "gbp", "jpy", "uah", "rub", "chf", "cny"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "hryvnia": "UAH", "hryvnias": "UAH", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "yuan": "CNY", "francs": "CHF",
}  # fmt: skip

_WORD_ATOM = "|".join(sorted((*_SMALL, *_SCALES), key=len, reverse=True))
_FRACTION_ATOM = "|".join(re.escape(f) for f in sorted(_FRACTIONS, key=len, reverse=True))
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|(?:{_WORD_ATOM})(?:(?:-|\s+|\s+and\s+)(?:{_WORD_ATOM}))*"
    rf"|{_FRACTION_ATOM}|a\s+dozen|dozens)"
)
_HEDGE_RE = "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))
_SCALE_RE = r"(?:\s*(?:million|billion|trillion|thousand|mln|mn|bn|tn|[kmb])\b)"
_PCT_RE = r"(?:\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))"
_QUANTITY = re.compile(
    rf"(?<![\w.,:/])(?:(?P<hedge>{_HEDGE_RE})\s+)?(?:(?P<between>between)\s+)?"
    r"(?P<cur>US\$|[$€£¥₴₽]|(?:USD|EUR|GBP)\s?)?"
    rf"(?P<low>{_NUMBER})(?P<lscale>{_SCALE_RE})?(?P<lpct>{_PCT_RE})?"
    rf"(?:\s*(?:-|–|—|to|and)\s*(?P<cur2>[$€£¥])?(?P<high>{_NUMBER})(?P<hscale>{_SCALE_RE})?)?"
    rf"(?P<pct>{_PCT_RE})?(?![\w])",
    re.IGNORECASE,
)
# Stems (text.stem) of words that make a figure a position rather than a fact.
POSITION_STEMS = frozenset(
    "demand offer offere propos seek sought want ask call hold expect foreca target plan hope aim predic "
    "bid pledge promis threat request insist".split()
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_ONE_PRONOUN = re.compile(r"(?:\b(?:no|the|any|every|each|this|that|which)\s+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure as written, with the interval of values it allows and what it counts."""

    text: str  # as written, hedge included: "about 2,300"
    start: int  # offsets into the text it was read from
    end: int
    low: float  # the stated value(s): low == high unless a range
    high: float
    hedge: str  # "" or the hedge word(s) as written, lower-cased
    kind: str  # "number", "percent", "money", "fraction"
    unit: str  # first content word after the figure ("ships"), currency code for money, "%" for percent
    context: tuple[str, ...]  # content words around the figure: decides "the same quantity"
    before: int = 0  # how many of `context` come before the figure ("offered ... 9%": a position)
    unit_word: str = ""  # the unit word as written, folded ("ships" for the unit "ship"): for labels

    @property
    def position(self) -> bool:
        """A figure stated as a position ("offered a 9% rise", "a demand of 14%"), not as a fact: two
        sides' different positions are a negotiation, not a contradiction. Only words before the figure
        count: in "an eight-year offer" the figure is a term of the offer, and two terms do conflict."""
        return bool(POSITION_STEMS.intersection(self.context[: self.before]))

    def interval(self, tolerance: float) -> tuple[float, float]:
        """The values this figure is compatible with, given how it is hedged."""
        how = _HEDGES.get(self.hedge, "")
        low, high = self.low, self.high
        if how == "around":
            return low * (1 - tolerance), high * (1 + tolerance)
        if how == "below":
            return low * (1 - tolerance), high
        if how == "above":
            return low, math.inf
        if how == "at_most":
            return 0.0, high
        return low, high


def words_to_number(text: str) -> float | None:
    """'twenty-one' -> 21, 'two hundred and five' -> 205, '2,300' -> 2300, 'half' -> 0.5."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in _FRACTIONS:
        return _FRACTIONS[t]
    if t in _DOZEN:
        return float(_DOZEN[t])
    if t == "dozens":
        return 24.0
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", t):
        if word == "and":
            continue
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0.0
        else:
            return None
    return total + current


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.strip().lower()
    return float(_SCALES.get(w) or _SHORT_SCALES.get(w) or 1)


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every figure in `text` outside the `skip` spans (dates and times found by NER).

    Years standing alone ("in 2024") are dates, not quantities; the pronoun "one" ("no one", "the one
    who") is not a figure."""
    skip = skip or []
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in skip):
            continue
        low_text = m.group("low")
        if (
            low_text.lower() in ("one", "dozens")
            and not m.group("hedge")
            and (_ONE_PRONOUN.search(text[:start]) or re.match(r"\s+(?:of|another|day)\b", text[end:]))
        ):
            continue
        if m.group("high") is None and _YEAR.match(low_text) and not m.group("cur"):
            continue
        if re.match(r"\s*(?::\d|(?:st|nd|rd|th)\b)", text[end:]) or (
            text[end : end + 1] and text[end] in "/:"
        ):
            continue
        low = words_to_number(low_text)
        if low is None:
            continue
        low *= _scale(m.group("lscale"))
        high = low
        if m.group("high"):
            value = words_to_number(m.group("high"))
            joiner = text[m.end("low") : m.start("high")].strip().lower()
            if value is None or (joiner == "and" and not m.group("between")):
                # "5 and 6 ships" without "between" is a list, not a range: keep the first figure only.
                end = (
                    m.end("lpct")
                    if m.group("lpct")
                    else m.end("lscale")
                    if m.group("lscale")
                    else m.end("low")
                )
            else:
                high = value * _scale(m.group("hscale") or m.group("lscale"))
                if not m.group("lscale") and m.group("hscale"):
                    low *= _scale(m.group("hscale"))
                if high < low:
                    low, high = high, low
        pct = bool(m.group("pct") or m.group("lpct"))
        currency = _currency(m.group("cur") or m.group("cur2"), text[end:])
        hedge = re.sub(r"\s+", " ", (m.group("hedge") or "").lower())
        # Hyphens split ("33-year-old" counts years, as "36 - year - old" does).
        surface = content_surface(text[end : end + 60].replace("-", " "))[:3]
        after = [stem(w) for w in surface]
        before = [stem(w) for w in content_surface(text[max(0, start - 60) : start].replace("-", " "))[-5:]]
        low_kind = low_text.lower()
        if pct:
            kind, unit = "percent", "%"
        elif currency:
            kind, unit = "money", currency
        elif low_kind in _FRACTIONS:
            kind, unit = "fraction", after[0] if after else ""
        else:
            kind, unit = "number", after[0] if after else ""
        word = surface[0] if kind in ("number", "fraction") and surface else ""
        found.append(
            Quantity(
                text=text[start:end].strip(),
                start=start,
                end=end,
                low=low,
                high=high,
                hedge=hedge,
                kind=kind,
                unit=unit,
                context=tuple(before + after),
                before=len(before),
                unit_word=word,
            )
        )
    return found


def _currency(sign: str | None, after: str) -> str:
    if sign:
        s = sign.strip().lower()
        return _CURRENCY_SIGNS.get(s) or s.upper()
    word = re.match(r"\s*([A-Za-z]+)", after)
    if word:
        w = word.group(1).lower()
        if w in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[w]
        if w in _CURRENCY_CODES:
            return w.upper()
    return ""


def compatible(a: Quantity, b: Quantity, tolerance: float) -> bool:
    """Whether two figures for the same thing can both be true (their intervals meet)."""
    a_low, a_high = a.interval(tolerance)
    b_low, b_high = b.interval(tolerance)
    eps = 1e-9 * max(1.0, abs(a_high), abs(b_high)) if math.isfinite(a_high + b_high) else 1e-9
    return a_low <= b_high + eps and b_low <= a_high + eps


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether two figures measure the same thing: same kind and unit, or shared words around them."""
    if a.kind != b.kind:
        return False
    if a.kind in ("number", "fraction"):
        return bool(a.unit) and (a.unit == b.unit or (a.unit in b.context and b.unit in a.context))
    if a.kind == "money" and a.unit != b.unit:
        return False
    return bool(set(a.context) & set(b.context))
