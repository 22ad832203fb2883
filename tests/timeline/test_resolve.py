from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.timeline.resolve import find_dates, period_bounds, resolve_expression

THURSDAY = date(2025, 3, 6)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Thursday", "2025-03-06", "day"),
        ("late on Thursday", "2025-03-06", "day"),
        ("on Tuesday night", "2025-03-04", "day"),
        ("last Thursday", "2025-02-27", "day"),
        ("next Monday", "2025-03-10", "day"),
        ("yesterday", "2025-03-05", "day"),
        ("three days ago", "2025-03-03", "day"),
        ("last year", "2024", "year"),
        ("earlier this year", "2025", "year"),
        ("earlier this month", "2025-03", "month"),
        ("last month", "2025-02", "month"),
        ("last week", "2025-02", "month"),
        ("in the fourth quarter of 2024", "2024-Q4", "quarter"),
        ("Q2 2023", "2023-Q2", "quarter"),
        ("the third quarter", "2024-Q3", "quarter"),
        ("from January 1", "2025-01-01", "day"),
        ("on March 3", "2025-03-03", "day"),
        ("on 3 March", "2025-03-03", "day"),
        ("2023-11-24", "2023-11-24", "day"),
        ("March 3, 2024", "2024-03-03", "day"),
        ("Dec. 5", "2024-12-05", "day"),
        ("in May", "2025-05", "month"),
        ("last March", "2024-03", "month"),
        ("in November last year", "2024-11", "month"),
        ("mid-January 2025", "2025-01", "month"),
        ("since 2019", "2019", "year"),
    ],
)
def test_expressions_resolve_against_the_publication_date(text: str, value: str, precision: str) -> None:
    matches = find_dates(text, THURSDAY)
    assert [(m.value, m.precision) for m in matches] == [(value, precision)]


def test_future_sentences_read_weekdays_forward() -> None:
    [match] = find_dates("The ministers will meet again on Monday.", THURSDAY)
    assert match.value == "2025-03-10"


def test_a_day_without_year_takes_the_nearest_year() -> None:
    [match] = find_dates("The new rules apply from January 1.", date(2024, 12, 20))
    assert match.value == "2025-01-01"


def test_non_dates_and_durations_are_not_matched() -> None:
    for text in (
        "He may resign.",
        "Talks lasted three years.",
        "for the past week",
        "The march began.",
        "Jan said.",
    ):
        assert find_dates(text, THURSDAY) == [], text


def test_relative_expressions_need_a_reference_date() -> None:
    assert find_dates("late on Thursday", None) == []
    [match] = find_dates("on March 3, 2025", None)
    assert match.absolute and match.value == "2025-03-03"


def test_a_bare_year_counts_only_as_a_whole_mention() -> None:
    assert find_dates("2024 people came", THURSDAY) == []
    match = resolve_expression("2024", THURSDAY)
    assert match is not None and match.value == "2024" and match.precision == "year"


def test_period_bounds() -> None:
    assert period_bounds("2024-Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    assert period_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("2024") == (date(2024, 1, 1), date(2024, 12, 31))


anchors = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
PAST = [
    "yesterday", "last Thursday", "last Sunday", "two days ago", "a week ago", "three months ago",
    "last week", "last month", "last year", "earlier this month", "earlier this year", "last quarter",
    "Monday", "Friday",
    "late on Saturday", "last March", "last December",
]  # fmt: skip


@given(anchors, st.sampled_from(PAST))
def test_past_expressions_never_resolve_after_the_reference(anchor: date, text: str) -> None:
    [match] = find_dates(f"It happened {text}.", anchor)
    assert match.first_day <= anchor
    first, last = period_bounds(match.value)
    assert first == match.first_day <= last


@given(anchors, st.sampled_from(["Monday", "Wednesday", "Sunday"]))
def test_weekdays_resolve_within_a_week(anchor: date, day: str) -> None:
    [past] = find_dates(f"They met on {day}.", anchor)
    [future] = find_dates(f"They will meet on {day}.", anchor)
    assert timedelta(0) <= anchor - past.first_day < timedelta(days=7)
    assert timedelta(0) <= future.first_day - anchor < timedelta(days=7)


@given(anchors, st.integers(1, 12), st.integers(1, 28))
def test_days_without_year_land_within_half_a_year(anchor: date, month: int, day: int) -> None:
    name = date(2000, month, day).strftime("%B")
    [match] = find_dates(f"on {name} {day}", anchor)
    assert abs((match.first_day - anchor).days) <= 184


def test_only_a_nearby_future_marker_reads_a_weekday_forward() -> None:
    [match] = find_dates("The ministers announced Tuesday that they will not attend.", THURSDAY)
    assert match.value == "2025-03-04"
