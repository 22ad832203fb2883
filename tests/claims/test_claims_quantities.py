"""Figures: numbers in words, ranges, percentages, currencies, hedges — and when two figures conflict."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.claims.quantities import compatible, find_quantities, same_measure, words_to_number


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("words", "value"),
    [("fifteen", 15), ("twenty-one", 21), ("two hundred and five", 205), ("three thousand", 3000),
     ("2,300", 2300), ("1.5", 1.5), ("half", 0.5), ("a dozen", 12)],
)  # fmt: skip
def test_words_to_number(words: str, value: float) -> None:
    assert words_to_number(words) == value


def test_number_in_words_is_read() -> None:
    q = one("Police said fifteen protesters were detained.")
    assert (q.low, q.unit, q.kind) == (15, "protes", "number")


def test_ranges() -> None:
    assert (one("15-20 trucks were stuck").low, one("15-20 trucks were stuck").high) == (15, 20)
    q = one("between 15 and 20 trucks were stuck")
    assert (q.low, q.high) == (15, 20)
    q = one("fifteen to twenty trucks were stuck")
    assert (q.low, q.high) == (15, 20)


def test_percentages() -> None:
    assert one("a 9% pay rise").kind == "percent"
    q = one("wages rose 14 per cent last year")
    assert (q.low, q.kind) == (14, "percent")
    assert one("turnout was 61.5 percent").low == 61.5


def test_currencies() -> None:
    q = one("The bank lent $3.5 billion to the port.")
    assert (q.low, q.kind, q.unit) == (3.5e9, "money", "USD")
    q = one("a fine of 5 million euros")
    assert (q.low, q.unit) == (5e6, "EUR")
    assert one("tickets cost £40 each").unit == "GBP"


def test_hedges_are_kept() -> None:
    assert one("about 2,300 dockworkers").hedge == "about"
    assert one("more than 30 people died").hedge == "more than"
    q = one("nearly half of the workers")
    assert (q.hedge, q.low, q.kind) == ("nearly", 0.5, "fraction")


def test_years_times_and_pronoun_one_are_not_figures() -> None:
    assert find_quantities("In 2024 the port was sold.") == []
    assert find_quantities("No one came, and one of them left.") == []
    assert find_quantities("It began at 10:30 in the morning.") == []
    assert find_quantities("the 3rd day of talks") == []


def test_ages_and_durations_are_figures() -> None:
    age = one("The 33-year-old actress")
    assert (age.low, age.unit) == (33, "year")
    assert one("an eight-year offer").low == 8


def test_hedge_rules_for_conflicts() -> None:
    about_20, twenty, fifteen = one("about 20 ships"), one("20 ships"), one("15 ships")
    assert compatible(about_20, twenty, 0.1)
    assert not compatible(fifteen, about_20, 0.1)
    assert compatible(one("more than 30 ships"), one("45 ships"), 0.1)
    assert not compatible(one("more than 30 ships"), one("25 ships"), 0.1)
    assert compatible(one("between 15 and 20 ships"), one("18 ships"), 0.1)
    assert compatible(one("nearly 20 ships"), one("19 ships"), 0.1)
    assert not compatible(one("nearly 20 ships"), one("25 ships"), 0.1)


def test_same_measure_needs_the_same_unit() -> None:
    assert same_measure(one("17 ships waited"), one("29 ships waited"))
    assert not same_measure(one("17 ships waited"), one("29 trucks waited"))
    assert not same_measure(one("17 ships"), one("17% of ships"))


def test_position_figures() -> None:
    assert one("the ministry offered a 9% rise").position
    assert not one("an eight-year offer to the player").position


@given(st.floats(min_value=1, max_value=1e6), st.floats(min_value=0.01, max_value=0.5))
def test_intervals_contain_the_stated_value(value: float, tolerance: float) -> None:
    for hedge in ("", "about", "nearly", "more than", "up to"):
        text = f"{hedge} {value:.2f} ships".strip()
        q = find_quantities(text)[0]
        low, high = q.interval(tolerance)
        assert low <= q.low <= high or math.isclose(q.low, high)
        assert compatible(q, q, tolerance)
