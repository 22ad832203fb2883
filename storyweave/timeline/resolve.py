"""Rule-based resolution of English date expressions against a reference (publication) date.

`find_dates(text, anchor)` finds every expression it understands in `text` and resolves each to a period:
a day ("2025-03-06"), a month ("2025-03"), a quarter ("2024-Q4") or a year ("2024"). Expressions that name
no point in time ("three years", "daily", "for a week") are not matched. Rules, in the order they are
tried (a longer match wins over a shorter overlapping one):

- absolute days: "2023-11-24", "2023/11/24", "March 3, 2025", "3 March 2025", "Dec. 5 2024";
- days without a year: "March 3", "on 3 March", "from January 1" -> the year that puts the day nearest
  the reference date (so "January 1" written on December 20 is the coming one);
- quarters: "the fourth quarter of 2024", "Q4 2024", "2024 Q4", "the third quarter" (the latest such quarter
  not after the reference), "last/this/next quarter";
- months: "March 2025", "mid-March 2025", "in March", "early March", "last March", "November last
  year", "this month",
  "earlier this month", "last month", "next month", "two months ago";
- weeks: "last week", "this week", "next week", "two weeks ago" -> the month holding that week's
  reference day (the model has no week precision);
- days relative to the reference: "today", "tonight", "this morning", "yesterday", "tomorrow",
  "three days ago", and weekdays: "Thursday", "late on Thursday", "Thursday night" -> the latest such
  day on or before the reference, or the next one on or after it when one of the eight words before it
  speaks of the future ("will", "is due to", "is expected to", "scheduled", "plans to");
  "last Thursday" strictly before, "next Thursday" strictly after;
- years: "in 2024", "since 2019", "last year", "this year", "earlier this year", "next year",
  "two years ago"; a bare "2024" only when it is the whole of a DATE mention.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyweave.model import DatePrecision

# Rules that read a calendar date (not one relative to the reference).
CALENDAR_RULES = frozenset({"iso", "mdy", "dmy", "md", "dm"})
PRECISION_RANK: dict[str, int] = {"year": 0, "quarter": 1, "month": 2, "day": 3}

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Full month names, and abbreviations only with a trailing period or before a digit ("Mar 3"), so that
# "may", "march" as verbs and "Jan" as a name are not read as months without support.
_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?(?=\s*\d))"
)
_MONTH_FULL = (
    r"(?P<month>january|february|march|april|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.)"
)  # no "may" here: "in May" is kept via _MONTH_PREP, bare "may" is a verb
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20|21)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MODIFIER = r"(?:(?P<mod>early|mid|late|mid-|end of|the end of|the beginning of|beginning of)\s*-?\s*)?"

_F = re.IGNORECASE
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})[-/](?P<mon>[01]\d)[-/](?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", _F)),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}\b", _F)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*(?P<until>[0-3]?\d))?\b(?!\s*(?:,\s*)?\d)", _F)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH_FULL}\b", _F)),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)(?:\s*-\s*|\s+)quarter"
            r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b",
            _F,
        ),
    ),
    ("qy", re.compile(r"\bQ(?P<q>[1-4])\s*(?:of\s+|'|-|/)?\s*(?P<year>(?:19|20)\d\d)\b", _F)),
    ("yq", re.compile(r"\b(?P<year>(?:19|20)\d\d)\s*[-/]?\s*Q(?P<q>[1-4])\b", _F)),
    ("rel_quarter", re.compile(r"\b(?P<rel>last|this|next|previous|the current)\s+quarter\b", _F)),
    ("my", re.compile(rf"\b{_MODIFIER}{_MONTH}\.?,?\s+(?:of\s+)?{_YEAR}\b", _F)),
    (
        "month_prep",
        re.compile(
            r"\b(?P<prep>in|since|until|till|by|from|during|through|throughout|before|after|last|this|next|"
            r"early|mid|late|mid-|end of|beginning of|start of)\s*-?\s*"
            r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)"
            r"\b(?!\s+\d)",
            _F,
        ),
    ),
    (
        "month_rel_year",
        re.compile(
            r"\b(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)"
            r"\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
            _F,
        ),
    ),
    ("today", re.compile(r"\b(?P<word>today|tonight|this (?:morning|afternoon|evening))\b", _F)),
    ("yesterday", re.compile(r"\b(?P<word>yesterday|tomorrow)\b", _F)),
    ("ago", re.compile(rf"\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)\b", _F)),
    (
        "rel_unit",
        re.compile(
            r"\b(?P<rel>last|this|next|previous|earlier this|later this|early this|late last|early last|"
            r"earlier last|late this|the previous|the following|the next)\s+(?P<unit>week|month|year)\b",
            _F,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|next|this|coming|this coming|past|previous)\s+)?{_WEEKDAY}"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b",
            _F,
        ),
    ),
    (
        "year_prep",
        re.compile(
            rf"\b(?:in|since|until|by|from|during|of|for|early|late|mid-?|before|after)\s+{_YEAR}\b",
            _F,
        ),
    ),
    ("bare_year", re.compile(rf"^\s*(?:the\s+year\s+)?{_YEAR}\s*$", _F)),
]
_FUTURE = re.compile(
    r"\b(?:will|shall|is due|are due|is expected|are expected|scheduled|plans? to|planned|is set to|"
    r"are set to|next|upcoming|would take place)\b",
    _F,
)
# "past" in "the past week" is a duration ("over the past week"): not a point in time.
_DURATION_BEFORE = re.compile(r"\b(?:for|over|within|in)\s+the\s*$", _F)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One resolved expression: `text[start:end]` is the expression; `value` the ISO-like period."""

    start: int
    end: int
    text: str
    value: str
    precision: DatePrecision
    first_day: date  # the period's first day, for ordering and comparison
    absolute: bool  # True when the expression names its year itself (needs no reference date)
    rule: str = ""  # which rule matched: "iso", "mdy", "md", "weekday", "rel_unit", ... (see _RULES)


def find_dates(
    text: str, anchor: date | None, future: bool | None = None, whole: bool = False
) -> list[DateMatch]:
    """Every date expression in `text` resolved against `anchor`, non-overlapping, in text order.

    With `anchor` None only absolute expressions resolve. `future` forces the reading of bare weekdays;
    None decides per expression from the eight words before it ("will", "is due to" ...). `whole` allows
    a bare year ("2024") when the text is nothing but that year (a DATE mention)."""
    found: list[DateMatch] = []
    for rule, pattern in _RULES:
        if rule == "bare_year" and not whole:
            continue
        for match in pattern.finditer(text):
            if _DURATION_BEFORE.search(text, 0, match.start()) and rule in ("rel_unit", "weekday"):
                continue
            ahead = _speaks_of_future(text, match.start()) if future is None else future
            resolved = _resolve(rule, match, anchor, ahead)
            if resolved is None:
                continue
            value, precision, first, absolute = resolved
            found.append(
                DateMatch(match.start(), match.end(), match.group(0), value, precision, first, absolute, rule)
            )
    # Longest first, then earlier; drop anything overlapping a kept match.
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[DateMatch] = []
    for m in found:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def speaks_of_future(text: str) -> bool:
    """Whether `text` holds a future marker anywhere ("will", "is due to", "scheduled" ...)."""
    return bool(_FUTURE.search(text))


def _speaks_of_future(text: str, start: int) -> bool:
    """A future marker in the clause before the expression, at most 14 words back ("will meet on
    Monday", "will decide on further action after a meeting of its executive on Wednesday"); a marker
    after it ("announced Tuesday that they will not attend") or past a comma does not count."""
    clause = re.split(r"[,;:]", text[:start])[-1]
    return bool(_FUTURE.search(" ".join(clause.split()[-14:])))


def resolve_expression(expression: str, anchor: date | None, future: bool | None = None) -> DateMatch | None:
    """The finest-precision date in one expression (e.g. a spaCy DATE mention), or None."""
    matches = find_dates(expression, anchor, future=future, whole=True)
    if not matches:
        return None
    return max(matches, key=lambda m: (PRECISION_RANK[m.precision], -m.start))


def period(value: date, precision: DatePrecision) -> str:
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if precision == "quarter":
        return f"{value.year:04d}-Q{(value.month - 1) // 3 + 1}"
    return f"{value.year:04d}"


def period_bounds(value: str) -> tuple[date, date]:
    """First and last day of a period string made by `period`."""
    if len(value) == 10:
        d = date.fromisoformat(value)
        return d, d
    year = int(value[:4])
    if len(value) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if value[5] == "Q":
        q = int(value[6])
        first = date(year, 3 * q - 2, 1)
        return first, _month_end(year, 3 * q)
    month = int(value[5:7])
    return date(year, month, 1), _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


_Resolved = tuple[str, DatePrecision, date, bool]


def _make(first: date, precision: DatePrecision, absolute: bool) -> _Resolved:
    if precision == "month":
        first = first.replace(day=1)
    elif precision == "quarter":
        first = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    elif precision == "year":
        first = date(first.year, 1, 1)
    return period(first, precision), precision, first, absolute


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _nearest_year(anchor: date, month: int, day: int) -> date | None:
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _shift_months(anchor: date, months: int) -> date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _resolve(rule: str, m: re.Match[str], anchor: date | None, future: bool) -> _Resolved | None:
    g = m.groupdict()
    if rule == "iso":
        d = _safe_date(int(g["year"]), int(g["mon"]), int(g["day"]))
        return _make(d, "day", True) if d else None
    if rule in ("mdy", "dmy"):
        d = _safe_date(int(g["year"]), _month_number(g["month"]), int(g["day"]))
        return _make(d, "day", True) if d else None
    if rule == "qy" or rule == "yq":
        q = int(g["q"])
        return _make(date(int(g["year"]), 3 * q - 2, 1), "quarter", True)
    if rule == "quarter":
        q = _ORDINAL_QUARTER[g["ord"].lower()]
        if g.get("year"):
            return _make(date(int(g["year"]), 3 * q - 2, 1), "quarter", True)
        if anchor is None:
            return None
        current = (anchor.month - 1) // 3 + 1
        year = anchor.year if q <= current or future else anchor.year - 1
        return _make(date(year, 3 * q - 2, 1), "quarter", False)
    if rule == "my":
        return _make(date(int(g["year"]), _month_number(g["month"]), 1), "month", True)
    if rule == "bare_year" or rule == "year_prep":
        return _make(date(int(g["year"]), 1, 1), "year", True)
    if anchor is None:
        return None
    if rule in ("md", "dm"):
        d = _nearest_year(anchor, _month_number(g["month"]), int(g["day"]))
        return _make(d, "day", False) if d else None
    if rule == "rel_quarter":
        rel = g["rel"].lower()
        shift = {"last": -3, "previous": -3, "next": 3}.get(rel, 0)
        return _make(_shift_months(anchor, shift), "quarter", False)
    if rule == "month_prep":
        month = _month_number(g["month"])
        prep = g["prep"].lower()
        if prep == "last":
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif prep == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif prep == "this":
            year = anchor.year
        else:
            year = _nearest_year(anchor, month, 1 if month != anchor.month else anchor.day).year  # type: ignore[union-attr]
        return _make(date(year, month, 1), "month", False)
    if rule == "month_rel_year":
        step = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return _make(date(anchor.year + step, _month_number(g["month"]), 1), "month", False)
    if rule == "today":
        return _make(anchor, "day", False)
    if rule == "yesterday":
        step = -1 if g["word"].lower() == "yesterday" else 1
        return _make(anchor + timedelta(days=step), "day", False)
    if rule == "ago":
        n = _count(g["count"])
        unit = g["unit"].lower()
        if unit == "day":
            return _make(anchor - timedelta(days=n), "day", False)
        if unit == "week":
            return _make(anchor - timedelta(days=7 * n), "month", False)
        if unit == "month":
            return _make(_shift_months(anchor, -n), "month", False)
        return _make(date(anchor.year - n, 1, 1), "year", False)
    if rule == "rel_unit":
        rel = g["rel"].lower()
        unit = g["unit"].lower()
        backward = ("last", "previous", "the previous", "late last", "early last", "earlier last")
        step = -1 if rel in backward else 0
        if rel in ("next", "the following", "the next"):
            step = 1
        if unit == "week":
            return _make(anchor + timedelta(days=7 * step), "month", False)
        if unit == "month":
            return _make(_shift_months(anchor, step), "month", False)
        return _make(date(anchor.year + step, 1, 1), "year", False)
    if rule == "weekday":
        target = _WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        back = (anchor.weekday() - target) % 7
        ahead = (target - anchor.weekday()) % 7
        if rel in ("last", "past", "previous"):
            d = anchor - timedelta(days=back or 7)
        elif rel in ("next", "coming", "this coming"):
            d = anchor + timedelta(days=ahead or 7)
        elif future:
            d = anchor + timedelta(days=ahead)
        else:
            d = anchor - timedelta(days=back)
        return _make(d, "day", False)
    return None


__all__ = [
    "CALENDAR_RULES",
    "PRECISION_RANK",
    "DateMatch",
    "find_dates",
    "period",
    "period_bounds",
    "resolve_expression",
    "speaks_of_future",
]
