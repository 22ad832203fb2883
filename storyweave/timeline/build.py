"""The story's timeline: every dated sentence of its articles, resolved, merged across articles, in order.

1. Each article gets a reference date: its publication date; for an undated article, the latest full date
   its text gives, else the median publication date of the story's dated articles ("neighbours"); see
   `reference_dates`, which also says which of the three each article used.
2. In each sentence the date expressions are found: spaCy DATE mentions on `article.mentions` (resolved by
   `resolve_expression`) together with the rule-based scanner over the sentence (`find_dates`), so that
   an unanalysed article, or a DATE spaCy missed, still counts. The sentence's event date is its most
   precise resolved expression (the first on ties).
3. Events with compatible dates (equal, or one period containing the other) and overlapping content words
   are one event: its articles are the union, its date the most precise, its text the sentence of the
   earliest article that gave that date.
4. The `max_events` events carried by most articles are kept and sorted by date (a period sorts at its
   first day; coarser before finer on the same first day).

Pure functions over articles; no I/O.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from storyweave.analyze.sentences import split_sentences
from storyweave.model import Article, Sentence, TimelineEvent
from storyweave.timeline.config import TimelineSettings
from storyweave.timeline.resolve import (
    CALENDAR_RULES,
    PRECISION_RANK,
    DateMatch,
    find_dates,
    period_bounds,
    resolve_expression,
    speaks_of_future,
)

# An undated article's own calendar dates count only within this many days of its neighbours' date:
# a story spans days, and a date far from them is history or plans, not the day of writing.
NEAR_NEIGHBOURS_DAYS = 14
ReferenceSource = str  # "published" | "text" | "neighbours" | "none"

_RANGE_END = re.compile(r"[-–]\s*(\d{1,2})$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(
    "a an the and or but of to in on at by for from with as is are was were be been being has have had it "
    "its this that these those he she they his her their them him who which what when where said says say "
    "will would could should may might not no than then there also after before over under into about up out "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month year last "
    "next early late earlier later january february march april june july august september october "
    "november december quarter ago".split()
)


@dataclass(frozen=True, slots=True)
class ReferenceDate:
    """The date an article's relative expressions are resolved against, and where it came from."""

    article: str
    date: date | None
    source: ReferenceSource

    @property
    def note(self) -> str:
        if self.source == "published":
            return ""
        if self.date is None:
            return "no publication date and none found in the text or the story; relative dates skipped"
        origin = "the latest full date in its text" if self.source == "text" else "its dated neighbours"
        return f"no publication date; dates resolved against {self.date.isoformat()}, from {origin}"


@dataclass(slots=True)
class _Event:
    match: DateMatch
    text: str
    order: int  # the first article's rank in the story
    articles: list[str] = field(default_factory=list)
    words: frozenset[str] = frozenset()


def build_timeline(
    members: Sequence[Article], settings: TimelineSettings | None = None
) -> list[TimelineEvent]:
    """Dated events of one story, sorted by date; see the module docstring."""
    settings = settings or TimelineSettings()
    references = reference_dates(members, settings)
    events: list[_Event] = []
    for rank, article in enumerate(members):
        anchor = references[article.id].date
        for sentence in _sentences(article):
            if len(sentence.text.split()) > settings.max_sentence_words:
                continue
            best = _sentence_date(article, sentence, anchor)
            if best is None:
                continue
            event = _Event(best, sentence.text, rank, [article.id], _content_words(sentence.text))
            _merge_into(events, event, settings.merge_similarity)
    kept = sorted(events, key=lambda e: (-len(e.articles), e.match.first_day, e.order))[: settings.max_events]
    kept.sort(key=lambda e: (e.match.first_day, PRECISION_RANK[e.match.precision], e.order))
    order = {a.id: i for i, a in enumerate(members)}
    return [
        TimelineEvent(
            date=e.match.value,
            precision=e.match.precision,
            text=e.text,
            articles=sorted(e.articles, key=lambda a: order.get(a, 0)),
        )
        for e in kept
    ]


def reference_dates(
    members: Sequence[Article], settings: TimelineSettings | None = None
) -> dict[str, ReferenceDate]:
    """Per article id, the date its relative expressions are resolved against, and its origin."""
    settings = settings or TimelineSettings()
    out: dict[str, ReferenceDate] = {}
    dated = sorted(a.published.date() for a in members if a.published)
    neighbours = _median_date(dated) if dated else None
    for article in members:
        if article.published:
            out[article.id] = ReferenceDate(article.id, article.published.date(), "published")
            continue
        if not settings.infer_undated:
            out[article.id] = ReferenceDate(article.id, None, "none")
            continue
        in_text = _reported_days(article, neighbours)
        if neighbours is not None:
            near = [d for d in in_text if abs((d - neighbours).days) <= NEAR_NEIGHBOURS_DAYS]
            if near:
                out[article.id] = ReferenceDate(article.id, max(near), "text")
            else:
                out[article.id] = ReferenceDate(article.id, neighbours, "neighbours")
        elif in_text:
            out[article.id] = ReferenceDate(article.id, max(in_text), "text")
        else:
            out[article.id] = ReferenceDate(article.id, None, "none")
    return out


def _reported_days(article: Article, neighbours: date | None) -> list[date]:
    """Days an article gives as calendar dates ("March 3, 2025", "2025-03-03", and with the neighbours'
    date "November 23"), from sentences that do not speak of the future ("will take effect from
    January 1, 2024" says nothing about when the article was written). Relative days are left out: they
    would be resolved against the very date being sought."""
    days = []
    for sentence in _sentences(article):
        if speaks_of_future(sentence.text):
            continue
        for match in find_dates(sentence.text, neighbours, future=False):
            if match.precision == "day" and match.rule in CALENDAR_RULES:
                days.append(_range_end(match))
    return days


def _range_end(match: DateMatch) -> date:
    """The last day of "November 22-23"; the day itself otherwise."""
    until = _RANGE_END.search(match.text)
    if until:
        try:
            return match.first_day.replace(day=int(until.group(1)))
        except ValueError:
            pass
    return match.first_day


def date_notes(members: Sequence[Article], settings: TimelineSettings | None = None) -> dict[str, str]:
    """For each undated article, a sentence saying what its dates were resolved against (for display)."""
    return {a: r.note for a, r in reference_dates(members, settings).items() if r.source != "published"}


def _median_date(days: list[date]) -> date:
    return date.fromordinal(int(statistics.median_low([d.toordinal() for d in days])))


def _sentences(article: Article) -> list[Sentence]:
    return article.sentences or (split_sentences(article.text) if article.text else [])


def _sentence_date(article: Article, sentence: Sentence, anchor: date | None) -> DateMatch | None:
    future = None
    candidates = list(find_dates(sentence.text, anchor))
    for mention in article.mentions:
        if mention.label != "DATE" or mention.start < sentence.start or mention.end > sentence.end:
            continue
        if any(m.start <= mention.start - sentence.start < m.end for m in candidates):
            continue  # the scanner already read this expression
        resolved = resolve_expression(mention.text, anchor, future=future)
        if resolved is not None:
            candidates.append(resolved)
    if not candidates:
        return None
    return max(candidates, key=lambda m: (PRECISION_RANK[m.precision], -m.start))


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (t.casefold() for t in _WORD.findall(text)) if len(w) > 2 and w not in _STOP)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _compatible(a: DateMatch, b: DateMatch) -> bool:
    if a.value == b.value:
        return True
    a_first, a_last = period_bounds(a.value)
    b_first, b_last = period_bounds(b.value)
    return (a_first <= b_first and b_last <= a_last) or (b_first <= a_first and a_last <= b_last)


def _merge_into(events: list[_Event], new: _Event, threshold: float) -> None:
    best: _Event | None = None
    best_score = threshold
    for event in events:
        if not _compatible(event.match, new.match):
            continue
        score = _similarity(event.words, new.words)
        if score >= best_score and (best is None or score > _similarity(best.words, new.words)):
            best, best_score = event, score
    if best is None:
        events.append(new)
        return
    for article in new.articles:
        if article not in best.articles:
            best.articles.append(article)
    if PRECISION_RANK[new.match.precision] > PRECISION_RANK[best.match.precision]:
        best.match, best.text, best.order = new.match, new.text, new.order
    best.words = best.words | new.words


__all__ = ["ReferenceDate", "build_timeline", "date_notes", "reference_dates"]
