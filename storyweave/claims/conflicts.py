"""Conflicts: the same quantity, date or place given differently by two aligned claim units.

Figures are compared as intervals (quantities.py), so hedges are respected: "about 20" and "20" agree,
"15" and "about 20" do not. A date conflicts only with a date of the same kind (weekday with weekday,
"March 6" with "March 7"), and only when the two dates belong to one happening: the parse says so
(anchors.py: "died on Monday" / "died Tuesday") or, without a parse, the words around them do; a place
only when the gazetteer (places.py) puts the two apart and neither article names the other's place at
all (a city and its country are not a contradiction). Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyweave.claims.anchors import same_happening
from storyweave.claims.config import ClaimSettings
from storyweave.claims.measures import different_things, frame, is_update, same_people
from storyweave.claims.places import relation, resolve
from storyweave.claims.quantities import Quantity, compatible, same_measure
from storyweave.claims.text import stem
from storyweave.claims.units import ClaimUnit

# Units (stems) of spans of time: "five days" on Friday and "nine days" on Sunday can both be right.
TIME_UNITS = frozenset({"day", "days", "week", "month", "hour", "minut", "year"})
# Least Dice of the words next to two dates of near-paraphrases (see `date_context_min` for the others);
# 0 still asks that both dates have content words next to them.
CLOSE_CONTEXT_MIN = 0.0
# Words (stems) of the phase of a happening: "the strike began on Monday" and "the strike ended on
# Wednesday" are two moments of one story, not two dates for one moment, however alike the sentences.
PHASE_WORDS = frozenset(
    stem(w)
    for w in """begin began begun start started starts end ended ends ending stop stopped halt halted
    resume resumed return returned reopen reopened close closed shut suspend suspended extend extended
    lift lifted launch launched finish finished cancel cancelled canceled postpone postponed delay
    delayed expire expired""".split()
)


# Places (claims/places.py, an offline gazetteer). A place conflict needs two places the gazetteer puts
# "apart" (every reading of the one away from every reading of the other: two countries, two cities far
# apart); a city and its country, two names of one place, two towns of one area never conflict, nor does
# a name the gazetteer does not know (mostly people, teams and buildings spaCy tags as places: "Mo
# Cheeks", "Rose Garden"; on ECB+ train real coverage these gave 4 of the 10 place conflicts, all false,
# for one perturbed case). Each side's known places must be one place (one city, or a city and its state:
# "Biloxi, Miss."): a list of countries is not a location to contradict. Two such places are compared
# from pair score `ClaimSettings.place_apart_min_score`, or from `place_anchored_min_score` when the parse
# hangs both on one happening (anchors.py: "killed in Queens" / "killed in Detroit"); settings.py says
# how both were chosen.
_NOT_APART = frozenset({"same", "within", "near"})


def same_place(a: str, b: str) -> bool:
    """One place written two ways: word by word, one word starts or contracts the other ("117th St." /
    "117th Street", "Mt Cook" / "Mount Cook", "Mich." / "Michigan"), possessive dropped. Errs towards
    "same" ("Niger" / "Nigeria"): a missed place conflict is cheaper than a false one. The stage now
    asks the gazetteer instead (`places.relation`: "Mt Cook" and "Mount Cook" are one place there too,
    and names it does not know never conflict); kept for callers without one."""
    if re.sub(r"[^a-z0-9]", "", a) == re.sub(r"[^a-z0-9]", "", b):  # "U.S." / "US"
        return True
    wa = [w.removesuffix("'s") for w in re.findall(r"[a-z0-9']+", a)]
    wb = [w.removesuffix("'s") for w in re.findall(r"[a-z0-9']+", b)]
    if not wa or len(wa) != len(wb):
        return False
    return all(x.startswith(y) or y.startswith(x) or _contraction(x, y) for x, y in zip(wa, wb, strict=True))


def _contraction(x: str, y: str) -> bool:
    """ "mt" for "mount", "st" for "street": the short word's letters in order, first and last kept."""
    short, long_ = sorted((x, y), key=len)
    if len(short) < 2 or short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    rest = iter(long_)
    return all(ch in rest for ch in short)


def phase_clash(u: ClaimUnit, v: ClaimUnit) -> bool:
    """The two units tell different phases ("began" / "ended", "stopped" / "waiting"): their dates belong
    to different moments."""
    return (u.words & PHASE_WORDS) != (v.words & PHASE_WORDS)


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement between two units: what it is about (as shown: "number of ships") and the two
    values as written. `key` says what it is about for grouping ("number of ship": "29 ships" and "1
    ship" are one measure); "" means `about`."""

    about: str
    value_a: str
    value_b: str
    key: str = ""


def _about(q: Quantity) -> str:
    if q.kind == "percent":
        return "percentage" + (f" ({' '.join(q.context[-2:])})" if q.context else "")
    if q.kind == "money":
        return f"amount ({q.unit})"
    return f"number of {q.unit_word or q.unit}" if q.unit else "figure"


def about_key(about: str) -> str:
    """What a conflict is about, for grouping: its words stemmed ("number of ships" -> "number of ship")."""
    return " ".join(stem(w) for w in about.split())


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
    close: bool = False,
    anchored: bool = False,
    score: float | None = None,
) -> list[Finding]:
    """Disagreements between two units already judged to state the same thing.

    `text_u` / `text_v` are the folded texts of the units' whole articles: a place is contradicted only
    when the other article never names it. `facts=False` compares figures only (dates and places need a
    closer match, see ClaimSettings.fact_conflict_min_score); `close=True` says the two contents are
    near-paraphrases (embedding cosine >= `fact_match_min`), enough to compare dates and places without
    the date-context test. `anchored=True` says the pair score reaches `anchored_min_score`: enough to
    compare two weekdays or days that the parse hangs on one happening (same verb or event noun, no
    participant in disagreement), whatever the words around them. Otherwise dates are never compared
    between units that tell different phases. `score` is the pair score, which decides for places
    (`place_findings`); without it, `facts=True` lets places be compared."""
    s = settings or ClaimSettings()
    found: list[Finding] = []
    later = u.published is not None and v.published is not None and u.published != v.published
    # Both figures pinned to one calendar day ("… on Thursday"): a running total and a count agree or not.
    days_u = {d for d in u.dates if d[0] in ("day", "weekday")}
    same_day = bool(days_u) and days_u == {d for d in v.dates if d[0] in ("day", "weekday")}
    same_person = other_people = None
    for a in u.quantities:
        if a.position or (later and a.unit in TIME_UNITS and "old" not in a.context):
            # A running count ("on strike for five days") grows between two days' reports.
            continue
        candidates = [b for b in v.quantities if same_measure(a, b) and not b.position]
        if not candidates:
            continue
        if same_person is None:
            people_u, people_v = u.people, v.people
            if u.article == v.article and u.source and v.source:
                # One article citing two sources ("BelTA says 15", "Belarus.by reports about 20"): the
                # sources are who gave the figures, not whose figures they are.
                people_u, people_v = people_u - u.source_people, people_v - v.source_people
            same_person = same_people(people_u, people_v)
            # Figures in two sentences that name people, none in common, belong to different people.
            other_people = bool(people_u and people_v and not same_person)
        fa = frame(u.text, a)
        if other_people or (
            fa.kind == "age" and sum(frame(u.text, q).kind == "age" for q in u.quantities) > 1
        ):
            continue
        # Figures of the same unit word that count the same thing (measures.py: not two people's ages,
        # not killed vs injured, not a running total vs one episode, ...).
        same = [
            (b, fb)
            for b in candidates
            if not different_things(fa, fb := frame(v.text, b), same_day, bool(same_person))
        ]
        # A figure that agrees with any same-measure figure on the other side is not contradicted.
        if not same or any(compatible(a, b, s.hedge_tolerance) for b, _ in same):
            continue
        b, fb = min(same, key=lambda p: abs(p[0].low - a.low))
        if _plain(a) == _plain(b) or any(_plain(a) == _plain(x) for x in v.quantities):
            continue
        if fb.kind == "age" and sum(frame(v.text, q).kind == "age" for q in v.quantities) > 1:
            continue  # the ages of several people: which goes with whom is beyond a word window
        if later and not same_day and is_update(a, b, u.text, v.text, u.published < v.published):  # type: ignore[operator]
            continue  # a rising toll reported on a later day is an update
        found.append(Finding(_about(a), a.text, b.text, about_key(_about(a))))
    if facts or close or anchored:
        found.extend(date_findings(u, v, s, facts, close, anchored))
    if score is not None or facts:
        found.extend(place_findings(u, v, text_u, text_v, 1.0 if score is None else score, s))
    return found


def date_findings(
    u: ClaimUnit, v: ClaimUnit, s: ClaimSettings, facts: bool, close: bool, anchored: bool
) -> list[Finding]:
    """Dates of two units that contradict each other (the gates as in `compare_units`)."""
    found: list[Finding] = []
    clash = phase_clash(u, v)
    for kind in ("weekday", "day", "year"):
        da = {value for k, value in u.dates if k == kind}
        db = {value for k, value in v.dates if k == kind}
        if len(da) != 1 or len(db) != 1 or da == db:
            continue
        va, vb = next(iter(da)), next(iter(db))
        if (kind, va) in u.statement_dates or (kind, vb) in v.statement_dates:
            continue  # when someone said it, not when it happened: outlets report on different days
        au, av = u.date_anchors.get((kind, va)), v.date_anchors.get((kind, vb))
        # The parse hangs both dates on one happening ("died on Friday" / "died Thursday"): a disagreement,
        # whatever else the sentences tell (a phase word elsewhere in them is not the dates' phase). Years
        # are left out, as below.
        if anchored and kind != "year" and au and av and same_happening(au, av):
            found.append(Finding("date", va.title(), vb.title()))
            continue
        if clash:
            continue
        aligned = facts and _same_happening(u, v, kind, s.date_context_min)
        # Near-paraphrases need less agreement next to the dates, but some: "charged on Saturday" and
        # "a shooting at an office party on Friday" are two happenings however alike the sentences. Years
        # are left out here: a profile's "in 1990" and "in 1998" are two episodes of one life.
        if aligned or (close and kind != "year" and _same_happening(u, v, kind, CLOSE_CONTEXT_MIN)):
            found.append(Finding("date", va.title(), vb.title()))
    return found


def _named_in(place: str, text: str) -> bool:
    return bool(text) and place.removesuffix("'s").removesuffix("’s") in text


def one_place(places: frozenset[str]) -> bool:
    """The places of one unit that the gazetteer knows are one location: one name, or names that contain
    each other or lie near each other ("Biloxi" and "Miss."; not "Italy" and "Egypt")."""
    known = sorted(p for p in places if resolve(p))
    if len(known) <= 1:
        return True
    linked, rest = [known[0]], known[1:]
    while rest:
        nxt = [p for p in rest if any(relation(p, q) in _NOT_APART for q in linked)]
        if not nxt:
            return False
        linked += nxt
        rest = [p for p in rest if p not in nxt]
    return True


def place_findings(
    u: ClaimUnit,
    v: ClaimUnit,
    text_u: str = "",
    text_v: str = "",
    score: float = 1.0,
    settings: ClaimSettings | None = None,
) -> list[Finding]:
    """Places of two units that contradict each other: a place of the one that the gazetteer puts apart
    from a place of the other, when no place of the other contains it, is inside it, names it or lies
    near it ("Biloxi, Miss." / "New Orleans, La."), each side's known places are one location, neither
    article names the other's place anywhere (a city and its country, told in another sentence), and the
    pair score reaches `place_apart_min_score` (`place_anchored_min_score` when the parse hangs both
    places on one happening)."""
    s = settings or ClaimSettings()
    pu, pv = u.places - v.places, v.places - u.places
    found: list[Finding] = []
    if not pu or not pv or score < min(s.place_apart_min_score, s.place_anchored_min_score):
        return found
    if not (one_place(u.places) and one_place(v.places)):
        return found
    for a in sorted(pu):
        for b in sorted(pv):
            if _named_in(a, text_v) or _named_in(b, text_u) or relation(a, b) != "apart":
                continue
            if score < s.place_apart_min_score:
                au, av = u.place_anchors.get(a), v.place_anchors.get(b)
                if not (au and av and same_happening(au, av)):
                    continue
            if any(relation(a, p) in _NOT_APART for p in v.places) or any(
                relation(p, b) in _NOT_APART for p in u.places
            ):
                continue
            found.append(Finding("place", a.title(), b.title()))
    return found
