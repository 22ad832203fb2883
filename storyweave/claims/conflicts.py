"""Conflicts: the same quantity, date or place given differently by two aligned claim units.

Figures are compared as intervals (quantities.py), so hedges are respected: "about 20" and "20" agree,
"15" and "about 20" do not. A date conflicts only with a date of the same kind (weekday with weekday,
"March 6" with "March 7"); a place only when neither article names the other's place at all (a city
and its country are not a contradiction). Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyweave.claims.config import ClaimSettings
from storyweave.claims.quantities import Quantity, compatible, same_measure
from storyweave.claims.units import ClaimUnit

# Units (stems) of spans of time: "five days" on Friday and "nine days" on Sunday can both be right.
TIME_UNITS = frozenset({"day", "days", "week", "month", "hour", "minut", "year"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement between two units: what it is about and the two values as written."""

    about: str
    value_a: str
    value_b: str


def _about(q: Quantity) -> str:
    if q.kind == "percent":
        return "percentage" + (f" ({' '.join(q.context[-2:])})" if q.context else "")
    if q.kind == "money":
        return f"amount ({q.unit})"
    return f"number of {q.unit}" if q.unit else "figure"


def _plain(q: Quantity) -> str:
    return q.text[len(q.hedge) :].strip() if q.hedge and q.text.lower().startswith(q.hedge) else q.text


def _same_happening(u: ClaimUnit, v: ClaimUnit, kind: str, least: float) -> bool:
    """Two dates are compared only when the words around them agree (Dice >= least): "stopped on Monday"
    and "waiting on Tuesday, the second day" are two moments, not two dates for one."""
    cu = next((c for (k, _), c in u.date_context.items() if k == kind), frozenset())
    cv = next((c for (k, _), c in v.date_context.items() if k == kind), frozenset())
    return bool(cu and cv) and 2 * len(cu & cv) / (len(cu) + len(cv)) >= least


def compare_units(
    u: ClaimUnit,
    v: ClaimUnit,
    settings: ClaimSettings | None = None,
    text_u: str = "",
    text_v: str = "",
    facts: bool = True,
) -> list[Finding]:
    """Disagreements between two units already judged to state the same thing.

    `text_u` / `text_v` are the folded texts of the units' whole articles: a place is contradicted only
    when the other article never names it. `facts=False` compares figures only (dates and places need a
    closer match, see ClaimSettings.fact_conflict_min_score)."""
    s = settings or ClaimSettings()
    found: list[Finding] = []
    later = u.published is not None and v.published is not None and u.published != v.published
    for a in u.quantities:
        if a.position or (later and a.unit in TIME_UNITS and "old" not in a.context):
            # A running count ("on strike for five days") grows between two days' reports.
            continue
        same = [b for b in v.quantities if same_measure(a, b) and not b.position]
        # A figure that agrees with any same-measure figure on the other side is not contradicted.
        if same and not any(compatible(a, b, s.hedge_tolerance) for b in same):
            b = min(same, key=lambda b: abs(b.low - a.low))
            if _plain(a) != _plain(b) and not any(_plain(a) == _plain(x) for x in v.quantities):
                found.append(Finding(_about(a), a.text, b.text))
    if not facts:
        return found
    for kind in ("weekday", "day", "year"):
        da = {value for k, value in u.dates if k == kind}
        db = {value for k, value in v.dates if k == kind}
        if len(da) == 1 and len(db) == 1 and da != db and _same_happening(u, v, kind, s.date_context_min):
            found.append(Finding("date", next(iter(da)).title(), next(iter(db)).title()))
    pu, pv = u.places - v.places, v.places - u.places
    if len(pu) == 1 and len(pv) == 1 and not (u.places & v.places):
        a, b = next(iter(pu)), next(iter(pv))
        if (not text_v or a not in text_v) and (not text_u or b not in text_u):
            found.append(Finding("place", a.title(), b.title()))
    return found
