"""What one article brings to the story comparison, read from its text: words, names, years, numbers.

Pure functions, no I/O. Named entities come from `Article.mentions` when NER has run; otherwise they
are approximated by runs of capitalized words ("Betty Ford Center", "Lindsay Lohan"), which is enough to
tell two events of the same kind apart by who and where. `entity_keys` is the one place that choice is
made, so the clustering switches to real NER by itself once mentions are filled in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyweave.model import Article

# Entity labels that name who/where/what; DATE, CARDINAL and the like are handled as years and numbers.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)
_CAP_RUN = re.compile(r"\b(?:[A-Z][\w'’-]*\w|[A-Z])(?:\s+(?:of|de|the|van|von|al|bin|[A-Z][\w'’-]*\w))*")
_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?!\d|[.,]\d)")
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_ABBR = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(_MONTHS + sorted(_MONTH_ABBR)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE
)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
# "May" alone is too often the verb to count as a month; it still counts in "May 3".
_DATE_WORD = re.compile(
    r"\b(" + "|".join([m for m in _MONTHS if m != "may"] + _WEEKDAYS) + r")\b", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Capitalized words that start sentences or fill datelines, not names.
_CAP_STOP = frozenset(
    """a an the this that these those he she it they we i you his her its their our my your there here
    but and or if when while after before as at in on of for to by from with without about over under
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct
    nov dec today yesterday tomorrow update updated breaking photo video read see also related""".split()
)


@dataclass(frozen=True, slots=True)
class ArticleSignals:
    """The comparable parts of one article, ready for vectorizing."""

    words: Counter[str]  # content words, lowercased, stop words removed
    entities: Counter[str]  # normalized names
    years: Counter[str]  # when: years, months, weekdays and month-day dates the text mentions
    numbers: Counter[str]  # numbers other than years ("6.1", "90", "1,500" -> "1500")
    embed_text: str  # what the sentence-embedding model reads
    language: str

    @property
    def empty(self) -> bool:
        return not self.words and not self.entities


def content_words(text: str) -> list[str]:
    return [w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if w not in ENGLISH_STOP_WORDS]


def capitalized_names(text: str) -> list[str]:
    """Runs of capitalized words, minus sentence-initial function words; lowercased for matching."""
    names: list[str] = []
    for match in _CAP_RUN.finditer(text):
        tokens = match.group(0).split()
        while tokens and tokens[0].casefold() in _CAP_STOP:
            tokens = tokens[1:]
        while tokens and tokens[-1].casefold() in {"of", "de", "the", "van", "von", "al", "bin"}:
            tokens = tokens[:-1]
        if tokens and not (len(tokens) == 1 and len(tokens[0]) < 2):
            names.append(" ".join(tokens).casefold())
    return names


def entity_keys(article: Article, text: str) -> list[str]:
    """Normalized names in `text`: NER mentions when the article has them, capitalized runs otherwise."""
    names = [m.text.casefold() for m in article.mentions if m.label in NAME_LABELS]
    if names:
        return [" ".join(n.split()) for n in names]
    return capitalized_names(text)


def embed_text(title: str | None, text: str, sentences: int) -> str:
    """Title plus the first `sentences` sentences: the lead says which event an article is about."""
    lead = " ".join(_SENTENCE_END.split(text.strip(), maxsplit=sentences)[:sentences]) if sentences else text
    return f"{title}. {lead}" if title else lead


def _month(name: str) -> str:
    key = name.casefold().rstrip(".")
    return key if key in _MONTHS else _MONTH_ABBR.get(key, key)


def date_terms(text: str) -> list[str]:
    """When the text says things happened: "2013", "may", "tuesday", "may 3" (normalized).
    Two events of the same kind are told apart by their dates as much as by their names."""
    terms = _YEAR.findall(text)
    terms += [w.casefold() for w in _DATE_WORD.findall(text)]
    for month, day in _MONTH_DAY.findall(text):
        terms.append(f"{_month(month)} {int(day)}")
    for day, month in _DAY_MONTH.findall(text):
        terms.append(f"{month.casefold()} {int(day)}")
    return terms


def article_signals(article: Article, lead_sentences: int, default_language: str = "en") -> ArticleSignals:
    title = article.title or ""
    full = f"{title}\n{article.text}" if title else article.text
    years = _YEAR.findall(full)
    numbers = [n.replace(",", "") for n in _NUMBER.findall(full) if n not in years]
    return ArticleSignals(
        # The headline says what the story is about; counting it twice gives it the weight editors do.
        words=Counter(content_words(f"{title}\n{full}" if title else full)),
        entities=Counter(entity_keys(article, full)),
        years=Counter(date_terms(full)),
        numbers=Counter(numbers),
        embed_text=embed_text(article.title, article.text, lead_sentences),
        language=(article.language or default_language).split("-")[0].casefold() or default_language,
    )
