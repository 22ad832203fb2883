"""Claim units: each sentence, or each clause of a compound sentence, with what it states.

A unit keeps its text as written (for citation) and a `content` text with the attribution taken off
("X said Y" -> "Y"), so that a claim attributed in one outlet aligns with the bare claim in another.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyweave.claims.anchors import Anchor, anchor_of, attachment_at, dates_a_statement
from storyweave.claims.config import ClaimSettings
from storyweave.claims.quantities import Quantity, find_quantities
from storyweave.claims.text import content_words, fold, stem
from storyweave.model import Article, Mention

_NAMED = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
_PLACES = ("GPE", "LOC", "FAC")
_DATE_LABELS = frozenset({"DATE", "TIME"})
_PLACE_LABELS = frozenset(_PLACES)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_DATE_RE = re.compile(
    r"\b(?:(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
    r"|(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>" + "|".join(_MONTHS) + r")"
    r"|(?P<year>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
# Attribution to take off a claim: "X said (that)", "according to X", ", X said." at the end.
_ATTR_HEAD = re.compile(
    r"^(?:(?:meanwhile|however|separately|also|earlier|later),\s+)?"  # "Meanwhile, Belarus.by reports that"
    r"(?:[^,.;\"“”]|\.(?=\w)){0,80}?\b(?:said|says|told [^,.;]{0,40}?|announced|stated|reported|reports|added"
    r"|confirmed|writes|wrote)"
    r"(?:\s+(?:on|late|early)\s+\w+)?\s+(?:that\s+)?",
    re.IGNORECASE,
)
_ATTR_TAIL = re.compile(
    r"[,;]\s*(?:according to [^.;]{1,80}|[^,.;\"“”]{1,80}?\s(?:said|says|reported|told [^.;]{1,40})"
    r"|(?:said|says)\s[^.;]{1,80})\s*[.!?]?\s*$",
    re.IGNORECASE,
)
_ACCORDING_HEAD = re.compile(r"^according to [^,]{1,80},\s*", re.IGNORECASE)
# A wire dateline ("KALVESK, Dravia, March 6 (Meridian Wire) - ") says where and when the story was filed,
# not what happened: its place and date must not take part in conflicts.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40},[\w .,'’-]{0,60}?(?:\([^)]{1,40}\))?\s*[-–—]+\s+")
_CLAUSE_CUT = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+but\s+")


@dataclass(slots=True)
class ClaimUnit:
    """One sentence or clause of one article, with the facts it states."""

    article: str
    outlet: str | None
    index: int  # position among the article's units
    start: int  # offsets into the article text
    end: int
    text: str  # as written
    content: str  # attribution removed
    source: str  # the attribution removed ("", "the port authority said")
    words: frozenset[str]  # content-word stems of `content`
    entities: frozenset[str]  # entity ids (or folded names) of named mentions inside
    places: frozenset[str]
    quantities: list[Quantity] = field(default_factory=list)
    published: date | None = None  # the article's publication day: running counts change with it
    dates: frozenset[tuple[str, str]] = frozenset()  # ("weekday", "thursday"), ("day", "march 6"), ...
    # Content words within a few words of each date: which happening the date is attached to.
    date_context: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # Entity ids and folded names of the PERSON mentions inside: an id in common is one person even when
    # the names differ ("Hlibovets" / "Glibovets"); without one, surnames are compared.
    people: frozenset[str] = frozenset()
    source_people: frozenset[str] = frozenset()  # those of `people` named in the attribution (`source`)
    # From the parse (`Article.attachments`, when the article has them): the happening each date hangs
    # on (anchors.py: "arrested on Monday" -> arrest, with its subject and object). A date the parse gives
    # nothing for (no parse, a reporting verb: "police said on Friday") is absent: the word-window rules
    # decide for it.
    date_anchors: dict[tuple[str, str], Anchor] = field(default_factory=dict)
    # The same for each place (`place_key`): "killed in Queens" -> kill, with its subject and object.
    place_anchors: dict[str, Anchor] = field(default_factory=dict)
    # Dates the parse hangs on a verb that only reports ("officials confirmed Tuesday"): when something
    # was said, which is no date of the happening to contradict.
    statement_dates: frozenset[tuple[str, str]] = frozenset()


def split_clauses(text: str, min_words: int) -> list[tuple[int, int]]:
    """Spans of the clauses of one sentence: cut at ';' and ', and/but/while' when both sides are long
    enough to be claims on their own, never inside a quote."""
    cuts: list[tuple[int, int]] = []
    depth_spans = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"”]*[\"”]?", text)]
    start = 0
    for m in _CLAUSE_CUT.finditer(text):
        if any(a <= m.start() < b for a, b in depth_spans):
            continue
        left, right = text[start : m.start()], text[m.end() :]
        if re.fullmatch(r",\s+and\s+", m.group()) and _ends_a_list(left):
            continue  # "leaders of Belarus, Russia, Kazakhstan, and Tajikistan gathered ...": a list
        if len(left.split()) >= min_words and len(right.split()) >= min_words:
            cuts.append((start, m.start()))
            start = m.end()
    cuts.append((start, len(text)))
    return cuts


def _ends_a_list(left: str) -> bool:
    """Whether the text before ", and" ends with the names of a list ("of Belarus, Russia, Kazakhstan"):
    an item before it set off by a comma (not a thousands separator) and made of one to three
    capitalised words."""
    items = re.split(r"(?<!\d),|,(?!\d)", left)
    if len(items) < 2:
        return False
    last = items[-1].split()
    return 1 <= len(last) <= 3 and all(w[:1].isupper() for w in last)


def strip_attribution(text: str) -> tuple[str, str]:
    """("Y", "X said") for "X said Y", "Y, X said.", "according to X, Y"; the text itself otherwise."""
    t = text.strip()
    for pattern in (_ACCORDING_HEAD, _ATTR_HEAD):
        m = pattern.match(t)
        if m and len(t[m.end() :].split()) >= 4 and not re.search(r"[\"“”]", t[: m.end()]):
            return t[m.end() :], m.group(0).strip(" ,")
    m = _ATTR_TAIL.search(t)
    if m and len(t[: m.start()].split()) >= 4:
        return t[: m.start()], m.group(0).strip(" ,.")
    return t, ""


def find_dates(text: str, published: date | None = None) -> list[tuple[int, int, tuple[str, str]]]:
    """Explicit calendar references: weekday, month + day, year — each with a comparable key.

    With the publication date known, a weekday is the last such day on or before it ("Monday" in a
    Tuesday paper is yesterday), so two outlets' "Monday" and "Tuesday" for one day compare equal."""
    out = []
    for m in _DATE_RE.finditer(text):
        if m.group("weekday") and _RECURRING.search(text[max(0, m.start() - 12) : m.end() + 18]):
            continue  # "on the second Tuesday of each month", "every Friday": a schedule, not a day
        if m.group("weekday"):
            day = m.group("weekday").lower()
            if published is not None:
                back = (published.weekday() - _WEEKDAYS.index(day)) % 7
                when = published - timedelta(days=back)
                key = ("day", f"{_MONTHS[when.month - 1]} {when.day}")
            else:
                key = ("weekday", day)
        elif m.group("month"):
            key = ("day", f"{m.group('month').lower()} {int(m.group('day'))}")
        elif m.group("month2"):
            key = ("day", f"{m.group('month2').lower()} {int(m.group('day2'))}")
        else:
            key = ("year", m.group("year"))
        out.append((m.start(), m.end(), key))
    return out


_RECURRING = re.compile(
    r"\b(?:every|each|first|second|third|fourth)\s+\w+day\b|\b\w+days\b|\bof\s+(?:each|every|the)\s+month",
    re.IGNORECASE,
)
_DURATION = re.compile(r"\b(?:years?|days?|weeks?|months?|hours?|minutes?)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:ago|last|next|this|since|until|later|earlier)\b", re.IGNORECASE)


def is_duration(text: str) -> bool:
    """An age or a length of time ("16-year-old", "a 90-day stint", "eight-year deal"): spaCy tags these
    DATE, but they are figures that can contradict each other, not calendar dates."""
    return bool(
        _DURATION.search(text) and not _RELATIVE.search(text) and not _DATE_RE.search(text)
        and find_quantities(text)
    )  # fmt: skip


def _around(text: str, start: int, end: int, span: int = 40) -> frozenset[str]:
    """Content words within `span` characters either side of text[start:end]."""
    return frozenset(
        content_words(text[max(0, start - span) : start]) + content_words(text[end : end + span])
    )


def _key(m: Mention) -> str:
    return m.entity_id or fold(m.text)


# After a place name, what makes it part of another name or a person's description rather than where
# something happened: a capitalised word or a number-word ("Philadelphia 76ers", "Vancouver Police"),
# or a word for a person ("a Vancouver man", "the Oklahoma City native").
_NAME_AFTER = re.compile(r"[ \t]+(?:[A-Z][\w'’.&-]*|[0-9]+[a-z]+)")
_PERSON_AFTER = re.compile(
    r"[ \t-]+(?:man|woman|men|women|resident|residents|native|natives|couple|teen|teenager|boy|girl|mother"
    r"|father|family|student|driver|businessman|police officer)\b",
    re.IGNORECASE,
)
_CALENDAR_WORD = re.compile(
    r"[ \t]+(?:"
    + "|".join(w.title() for w in (*_WEEKDAYS, *_MONTHS, *(m[:3] for m in _MONTHS), "sept"))
    + r")\b"
)


def modifies_a_name(text: str, end: int) -> bool:
    """The place name ending at `end` is part of a team's or an organisation's name, or says where a
    person is from ("a Vancouver man"): no place of the happening, so no place to contradict. A
    weekday or month after it ("in Queens Friday night") is the happening's date, not a name."""
    rest = text[end : end + 40]
    if _PERSON_AFTER.match(rest):
        return True
    return bool(_NAME_AFTER.match(rest)) and not _CALENDAR_WORD.match(rest)


def place_key(text: str) -> str:
    """Places compare by folded name ("PORTO VALLENA" = "Porto Vallena"), not entity id: a dateline in
    capitals may resolve to its own entity."""
    return fold(text).removeprefix("the ")


def article_units(article: Article, settings: ClaimSettings | None = None) -> list[ClaimUnit]:
    """The claim units of one analysed article (sentences, or clauses of compound sentences)."""
    s = settings or ClaimSettings()
    units: list[ClaimUnit] = []
    mentions = sorted(article.mentions, key=lambda m: m.start)
    attachments = sorted(article.attachments or [], key=lambda x: x.start)
    starts = [x.start for x in attachments]
    for sentence in article.sentences:
        for a, b in split_clauses(sentence.text, s.min_clause_words):
            raw = sentence.text[a:b]
            lead = len(raw) - len(raw.lstrip())
            raw = raw.strip()
            if not raw:
                continue
            dateline = _DATELINE.match(raw) if a == 0 else None
            if dateline:
                lead += dateline.end()
                raw = raw[dateline.end() :]
            start = sentence.start + a + lead
            end = start + len(raw)
            content, source = strip_attribution(raw)
            inside = [m for m in mentions if start <= m.start and m.end <= end]
            dates = find_dates(raw, article.published.date() if article.published else None)
            skip = [(d0, d1) for d0, d1, _ in dates] + [
                (m.start - start, m.end - start)
                for m in inside
                if m.label in ("DATE", "TIME", "ORDINAL") and not is_duration(m.text)
            ]
            date_anchors: dict[tuple[str, str], Anchor] = {}
            place_anchors: dict[str, Anchor] = {}
            statement_dates: set[tuple[str, str]] = set()
            if article.attachments is not None:
                here = attachments[bisect_left(starts, start) : bisect_right(starts, end)]
                for d0, d1, k in dates:
                    found = attachment_at(here, start + d0, start + d1, _DATE_LABELS)
                    if found is not None and (anchor := anchor_of(found)):
                        date_anchors.setdefault(k, anchor)
                    elif found is not None and dates_a_statement(found):
                        statement_dates.add(k)
                for m in inside:
                    if m.label in _PLACES:
                        found = attachment_at(here, m.start, m.end, _PLACE_LABELS)
                        if found is not None and (anchor := anchor_of(found, coordinated=False)):
                            place_anchors.setdefault(place_key(m.text), anchor)
            units.append(
                ClaimUnit(
                    article=article.id,
                    outlet=article.outlet,
                    index=len(units),
                    start=start,
                    end=end,
                    text=raw,
                    content=content,
                    source=source,
                    words=frozenset(content_words(content)),
                    entities=frozenset(_key(m) for m in inside if m.label in _NAMED),
                    places=frozenset(
                        place_key(m.text)
                        for m in inside
                        if m.label in _PLACES and not modifies_a_name(article.text, m.end)
                    ),
                    quantities=find_quantities(raw, skip),
                    published=article.published.date() if article.published else None,
                    dates=frozenset(k for *_, k in dates),
                    date_context={k: _around(raw, d0, d1) for d0, d1, k in dates},
                    people=frozenset(
                        k for m in inside if m.label == "PERSON" for k in (_key(m), fold(m.text))
                    ),
                    source_people=frozenset(
                        k
                        for m in inside
                        if m.label == "PERSON" and source and m.text in source
                        for k in (_key(m), fold(m.text))
                    ),
                    date_anchors=date_anchors,
                    place_anchors=place_anchors,
                    statement_dates=frozenset(statement_dates),
                )
            )
    return units


# Words of datelines and time stamps ("Updated: May 24, 2005, 3:23 PM ET", "Published April 11, 2007"):
# not counted as content in a unit that starts like a stamp, so such a line is never a claim (two of
# them would "disagree" on a date). Other units keep them ("Thousands marched.").
_STAMP_WORDS = frozenset(
    stem(w)
    for w in """published updated posted modified edited last am pm et est edt gmt utc bst cet pt pst pdt
    ct cst cdt january february march april june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun""".split()
)


def story_units(members: Sequence[Article], settings: ClaimSettings | None = None) -> list[ClaimUnit]:
    """Units of every article with enough content to be a claim: at least `min_content_words` content
    words, besides those of a dateline or time stamp in a unit that starts like one."""
    s = settings or ClaimSettings()
    return [u for a in members for u in article_units(a, s) if _content_count(u) >= s.min_content_words]


def _content_count(unit: ClaimUnit) -> int:
    return len(unit.words - _STAMP_WORDS if _STAMP_START.match(unit.text) else unit.words)


# How a time stamp starts: "Updated:", "Published", "Last modified", "on April 30, 2008 at 4:31 AM",
# "SATURDAY, SEPTEMBER 14", "Sun, 15 Sep 2013", "September 15, 2013 11:26 pm", "8:44AM BST 16 Sep 2013".
_STAMP_START = re.compile(
    r"\W*(?:on\s+)?(?:(?:last\s+)?(?:updated|published|posted|modified|edited)\b"
    r"|(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b[.,]?\s*(?:\d|[a-z]+\s+\d)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\d{1,2}[:.]\s?\d{2}\s*(?:am|pm)?\b)",
    re.IGNORECASE,
)
