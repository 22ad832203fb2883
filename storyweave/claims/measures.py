"""What a figure measures, beyond its unit word: whether two same-unit figures count the same thing.

`same_measure` (quantities.py) pairs figures by their unit word ("3 people" / "5 people"). On real
coverage of one event that is far too loose: a story states many counts that share a unit word —
people killed and people injured, a team's games won and games left, two people's ages, one
operation's haul and the running total. `Frame` reads, from the words right around a figure, what it is
attached to, and `different_things` says when two same-unit figures cannot be two reports of one count:

- **scores and records** ("a 9-14 record", "88-72 loss", "2009-10 season") are not counts at all;
- **clock times and models** ("at 1100 hours", "10 p.m.", "AK-47") are not counts;
- **windows, parts, margins** ("their last 10 games", "two other rifles", "one of four men", "won by a
  combined 24 points") are not counts of the whole;
- **distances** from different places ("150 nautical miles off Aden" / "13 nautical miles from the
  Mysore") are two distances;
- **compound modifiers** ("a five-year deal", "a three-game losing streak") measure the noun they
  modify: "five-year deal" and "three years at the helm" are different things;
- **head noun**: "23 Somali and Yemeni pirates" counts pirates, "12 Somalis" (or "12 Somali and 11
  Yemeni") counts Somalis;
- **ages** belong to a person: "a 47-year-old man" and "a 63-year-old woman", or "their 8-year-old son"
  and "the 40-year-old Jackman", are two people; a sentence giving several ages is never compared;
- **rates** ("15.5 points per game") are not totals ("1,098 yards");
- **roles**: killed / injured / arrested / missing / rescued / evacuated are different measures of one
  event ("killed five people" / "three people were shot");
- **running totals** ("so far", "to date"; "a total of" / "in all" beside a span: "since May") are
  not one episode's count — unless both sentences pin the figure to the same day ("a total of 17 ships
  … on Thursday" / "29 ships … on Thursday" is a real disagreement);
- **periods**: a figure of "last year" is not this year's.
- **people**: figures in two sentences that name people, but no person in common, belong to
  different people ("Miller is averaging 15.5 points" / "Brand's 15.9 points").

`is_update` says when a larger figure in a later article is a rising toll, not a contradiction. Pure
functions over the unit text and the figure's offsets; no parser (the stage must stay fast). Method,
figures and what is left: docs/claims.md.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from storyweave.claims.quantities import Quantity
from storyweave.claims.text import stem

# Words after a hyphenated score that make it a result or a record ("a 9-14 record", "an 88-72 loss").
SCORE_WORDS = frozenset(
    stem(w)
    for w in "record start win wins victory loss defeat lead score season run finish mark decision".split()
)
# Roles of the people or things counted: two figures with roles, none shared, count different things.
ROLES: dict[str, re.Pattern[str]] = {
    "dead": re.compile(r"\b(?:kill\w*|dead|die[sd]?|dying|deaths?|fatal\w*|lives)\b", re.I),
    "hurt": re.compile(r"\b(?:injur\w*|wound\w*|hurt|hospitali[sz]\w*|shot|shooting)\b", re.I),
    "held": re.compile(
        r"\b(?:arrest\w*|detain\w*|captur\w*|apprehend\w*|nab\w*|custody|held|charged|jailed)\b", re.I
    ),
    "missing": re.compile(r"\b(?:missing|unaccounted)\b", re.I),
    "rescued": re.compile(r"\b(?:rescu\w*|saved)\b", re.I),
    "evacuated": re.compile(r"\b(?:evacuat\w*|displaced|homeless)\b", re.I),
}
# Words of a running count: a larger figure in a later article is an update, not a contradiction.
RUNNING = re.compile(r"\b(?:waiting|stranded|queu\w*|toll|so far|to date|rose|risen|climbed)\b", re.I)
CUMULATIVE = re.compile(r"\b(?:so far|thus far|to date|cumulative\w*|since the start)\b", re.I)
# A figure of an earlier period ("last year's ceremony drew 32 million") is not this one's.
EARLIER = re.compile(
    r"\b(?:last year|last season|a year (?:earlier|ago|before)|the previous year|the year before)\b", re.I
)
# "a total of 15 documents were submitted" is the whole of one event as often as a running total: these
# words make a running total only beside a span of time ("a total of 30 people have died since May").
TOTAL = re.compile(r"\b(?:in all|altogether|in total|a total of)\b", re.I)
SPAN = re.compile(
    r"\b(?:since|this year|this month|this week|over the (?:past|last)|in the (?:past|last))\b", re.I
)
RELATIONS = frozenset(
    "son daughter wife husband mother father brother sister child children baby grandson granddaughter "
    "grandmother grandfather nephew niece cousin boyfriend girlfriend fiancee fiance".split()
)
MALE = frozenset("man men boy son father husband brother grandfather nephew boyfriend fiance".split())
FEMALE = frozenset(
    "woman women girl daughter mother wife sister grandmother niece girlfriend fiancee".split()
)
_AGE_AFTER = re.compile(r"^\s*-?\s*years?\s*-?\s*old\b\s*(?P<rest>.{0,40})", re.I | re.S)
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?)\s*$", re.I)
_SCORE = re.compile(r"^(?P<a>\d+)\s*-\s*(?P<b>\d+)$")
_COMPOUND = re.compile(
    r"^\s*-\s*(?P<unit>[A-Za-z]+)(?:\s*-\s*|\s+)(?:[a-z]+\s+){0,1}?(?P<noun>[A-Za-z]{3,})\b"
)
# Part of a whole: "two other rifles", "the other three men", "two of the three victims", "the remaining
# three skiffs": a subset is not a count of the whole.
_PART_AFTER = re.compile(r"^\s*(?:other\b|of\s+(?:the|them|these|those|its|their|his|her)\b)", re.I)
# "one of four men", "two of the three victims", "Of the 23 pirates arrested, 12 ...": the whole a part is
# taken from ("a total of 17" is not one).
_WHOLE_BEFORE = re.compile(
    r"(?:\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|some|many|most|all|several|none|each|both)"
    r"\s+of\s+(?:the\s+)?|^\s*of\s+the\s+)$",
    re.I,
)
# A margin of a result: "won the set by a combined 24 points".
_MARGIN_BEFORE = re.compile(
    r"\b(?:won|lost|led|beat|trailed|wins|loses|leads|win|lose|lead|margin)\b[^.]{0,30}?\bby\s+"
    r"(?:a\s+combined\s+|just\s+|only\s+)?$",
    re.I,
)
_PART_BEFORE = re.compile(r"\b(?:other|remaining|another)\s*$", re.I)
# A nationality used as a noun ("12 Somalis", "12 Somali and 11 Yemeni"), not as an adjective ("23 Somali
# pirates", "23 Somali and Yemeni pirates"): the first counts Somalis, the second pirates.
_NATIONALITY_NOUN = re.compile(r"^\s+[A-Z][a-z]+(?:s\b|\s*(?:[,.;)]|and\s+(?:\d|[a-z])|$))")
_RATE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}(?:per|a|an|each)\s+(?:game|contest|match|day|week|month|year|capita)\b", re.I
)
# "his last 10 games", "18 of its next 23": a window of games or days, not a count of something.
_WINDOW = re.compile(r"\b(?:last|next|first|past|previous|final|opening)\s*$", re.I)
# What a distance is measured from: "150 nautical miles off Aden" / "13 nautical miles from the Mysore".
_REFERENCE = re.compile(
    r"^\s*[\w-]*(?:\s+miles?)?\s*(?:\([^)]{0,30}\)\s*)?"
    r"(?:(?:north|south|east|west)\w*\s+of|off|of|(?:away\s+)?from|away)\b"
    r"(?:\s+(?:the|a|an|its|his|her|their)\b)?\s*(?P<ref>[A-Za-z]+)?",
    re.I,
)
# Nationality adjectives ("Australian", "British", "Somali"): not names.
_ADJECTIVE = re.compile(r"(?:an|ish|ese|ic|ch|i)$")
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight january february march "
    "april may june july august september october november december".split()
)
# Units of distance: only these are measured from somewhere ("150 nautical miles off Aden").
DISTANCE_UNITS = frozenset(
    stem(w) for w in "mile miles kilometres kilometers km metres meters feet yards nautical".split()
)
_MODIFIERS = frozenset(stem(w) for w in "former other more new additional further extra young".split())
_NOT_NOUNS = frozenset("has had have is was were who which said says and of from in at on".split())
AGENTS = frozenset("driver suspect gunman shooter attacker killer accused defendant assailant".split())
_CLOCK = re.compile(r"^\s*(?:hrs|hours)\b", re.I)
_ARTICLE_WORDS = frozenset("a an the his her their its our my your this that".split())


@dataclass(frozen=True, slots=True)
class Frame:
    """What one figure in one unit is attached to."""

    head: str  # stem of the noun counted ("pirat"), "" when unknown
    kind: str  # "count", "age", "score", "clock", "rate", "window" ("last 10 games"), "part" ("two other")
    person: str  # for ages: the noun after "-year-old" ("man", "son"), or the name's surname ("rait")
    roles: frozenset[str]  # keys of ROLES found around the figure
    cumulative: bool  # a running total ("so far"; "a total of" beside a span: "since May")
    reference: str = ""  # what a distance is measured from ("aden", "mysore", "away"), lower-cased
    earlier: bool = False  # the sentence tells an earlier period ("last year", "a year earlier")
    gender: str = ""  # for ages: "m" or "f" when the sentence speaks of one sex only (he/man, she/woman)


def _roles(before: str, after: str) -> frozenset[str]:
    """The role of the counted people or things: the nearest role word before the figure ("killing one",
    "wounds 2"), else the nearest after it ("three climbers ... were rescued")."""
    best: tuple[int, str] | None = None
    for key, pattern in ROLES.items():
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    own = re.match(r"\s*(\w+)", after)  # the counted word itself: "5 Dead, 2 Injured"
    for key, pattern in ROLES.items():
        if own and pattern.fullmatch(own.group(1)):
            return frozenset({key})
    if best:
        return frozenset({best[1]})
    hits = [(m.start(), key) for key, pattern in ROLES.items() if (m := pattern.search(after))]
    return frozenset({min(hits)[1]}) if hits else frozenset()


def same_people(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of person names share a person, by surname (a name's last word): equal, or one the
    start of the other ("Duncan Raite" / "Duncan Rait", "Kirkpatrick" / "Eric Allen Kirkpatrick");
    "Andre Miller" and "Andre Iguodala" are two people."""
    if a & b:  # an entity id (or a name) in common
        return True
    sa = {w[-1] for name in a if not name.startswith("ent-") and (w := re.findall(r"[a-z]{2,}", name))}
    sb = {w[-1] for name in b if not name.startswith("ent-") and (w := re.findall(r"[a-z]{2,}", name))}
    return any(
        x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))) for x in sa for y in sb
    )


def _headline(text: str) -> bool:
    """Title case ("Three People Shot in Office Shooting"): capitals say nothing about nationalities."""
    words = re.findall(r"[A-Za-z]{4,}", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > len(words) / 2


@functools.lru_cache(maxsize=1 << 16)
def frame(text: str, q: Quantity) -> Frame:
    """Read what `q` (a figure found in `text`, offsets into it) counts from the words around it."""
    before, after = text[max(0, q.start - 50) : q.start], text[q.end : q.end + 60]
    roles = _roles(before[-30:], after[:50])
    cumulative = bool(CUMULATIVE.search(text) or (TOTAL.search(text) and SPAN.search(text)))
    head, kind, person = q.unit, "count", ""
    if q.unit in _MODIFIERS:  # "three former co-workers" counts co-workers, "two former bosses" bosses
        nxt = re.match(r"\s*[A-Za-z]+\s+([A-Za-z]+)", after)
        head = f"{q.unit} {stem(nxt.group(1).lower())}" if nxt else head
    core = q.text[len(q.hedge) :].strip() if q.hedge else q.text
    score = _SCORE.match(core)
    if score:
        nxt = re.match(r"\s*([A-Za-z]+)", after)
        word = nxt.group(1) if nxt else ""
        if (
            int(score.group("a")) > int(score.group("b"))
            or not word
            or word.lower() in _ARTICLE_WORDS
            or stem(word.lower()) in SCORE_WORDS
        ):
            return Frame("", "score", "", roles, cumulative)
    if re.match(r"\s*[ap]\.?\s?m\b", after, re.I) or re.search(r"\b[A-Z]{1,4}\s*-\s*$", before):
        return Frame("", "clock", "", roles, cumulative)  # "10 p.m.", or a model: "AK-47", "F-16"
    if (_CLOCK.match(after) and re.fullmatch(r"\d{3,4}", core) and int(core) % 100 < 60) or re.fullmatch(
        r"0\d+", core
    ):  # "at 1100 hours", "11:04" read as "04"
        return Frame("", "clock", "", roles, cumulative)
    age = _AGE_AFTER.match(after)
    if age or (_AGE_BEFORE.search(before) and q.kind == "number"):
        person = _age_person(age.group("rest") if age else "", before)
        # "Raj Chohan, a 59-year-old": a full name in apposition ("On Friday, 36-year-old" is not one).
        named = re.search(r"\b[A-Z][a-z]+\s+([A-Z][a-z]+)\s*,\s*(?:a|an|the)?\s*$", before)
        if named and not person.startswith("NAME") and named.group(1).lower() not in _TIME_WORDS:
            person = "NAME " + named.group(1).lower()
        return Frame("year-old", "age", person, roles, cumulative, gender=_gender(text))
    if _WINDOW.search(before):
        return Frame(head, "window", "", roles, cumulative)
    if _PART_AFTER.match(after) or _PART_BEFORE.search(before) or _WHOLE_BEFORE.search(before):
        return Frame(head, "part", "", roles, cumulative)  # "two other rifles", "one of four men"
    if _MARGIN_BEFORE.search(before):
        return Frame(head, "margin", "", roles, cumulative)  # "won by a combined 24 points"
    if _RATE.match(after):
        kind = "rate"
    compound = _COMPOUND.match(after)
    if compound and not compound.group("unit").lower().endswith(("s", "old")):
        head = f"{q.unit} {stem(compound.group('noun').lower())}"
    elif q.kind == "number" and not _headline(text) and _NATIONALITY_NOUN.match(after):
        head = f"{q.unit} (people)"
    ref = _REFERENCE.match(after) if q.unit in DISTANCE_UNITS else None
    reference = (ref.group("ref") or "away").lower() if ref else ""
    return Frame(head, kind, person, roles, cumulative, reference, earlier=bool(EARLIER.search(text)))


_MALE_WORDS = re.compile(r"\b(?:he|his|him|man|men|boy|father|son|husband|brother)\b", re.I)
_FEMALE_WORDS = re.compile(
    r"\b(?:she|her|hers|woman|women|girl|mother|daughter|wife|sister|grandmother)\b", re.I
)


def _gender(text: str) -> str:
    male, female = bool(_MALE_WORDS.search(text)), bool(_FEMALE_WORDS.search(text))
    return "m" if male and not female else "f" if female and not male else ""


def _age_person(rest: str, before: str) -> str:
    """Who an age belongs to: the noun after "-year-old" ("man", "driver"; a capitalised adjective is
    skipped: "Australian climber"), or the surname of the name after it ("Englishman Robert Buckley")."""
    words = re.findall(r"[A-Za-z]+", rest)[:4]
    origin = ""
    for n, word in enumerate(words):
        low = word.lower()
        if low in _ARTICLE_WORDS or len(word) < 3:
            continue
        following = words[n + 1] if n + 1 < len(words) else ""
        adjective = _ADJECTIVE.search(low) and following.islower() and following not in _NOT_NOUNS
        if word[0].isupper() and low not in MALE | FEMALE:
            if adjective or following.lower() in MALE | FEMALE:
                # "Australian climber", "a Troy man": the noun comes next; keep where the person is from.
                origin = low
                continue
            name = list(itertools.takewhile(lambda w: w[0].isupper(), words[n:]))
            return "NAME " + name[-1].lower()
        if low in RELATIONS and not re.search(r"(?:\b(?:his|her|their|its|our)|'s)\s*$", before):
            # "a 59-year-old mother of two" is a woman; "their 8-year-old son" is someone's relative.
            low = "woman" if low in FEMALE else "man" if low in MALE else ""
        return f"{low}/{origin}" if origin and low else low
    return ""


def _different_people(a: str, b: str) -> bool:
    """Whether two age owners (see `_age_person`: "man", "climber/british", "NAME rait") are two people."""
    (a, _, origin_a), (b, _, origin_b) = a.partition("/"), b.partition("/")
    if origin_a and origin_b and origin_a != origin_b:
        return True  # "a 32-year-old British climber" / "a 36-year-old Australian climber"
    if not a or not b or a == b:
        return False
    if a.startswith("NAME ") and b.startswith("NAME "):
        x, y = a[5:], b[5:]
        return not (x.startswith(y) or y.startswith(x))
    if (a in MALE and b in FEMALE) or (a in FEMALE and b in MALE):
        return True
    if (a in AGENTS) != (b in AGENTS) and not (a.startswith("NAME") or b.startswith("NAME")):
        return True  # "the 36-year-old driver" is not "a 66-year-old woman"
    # "their 8-year-old son" is not "the 40-year-old Jackman"; "mother" and "woman" may be one person.
    return (a in RELATIONS and b.startswith("NAME")) or (b in RELATIONS and a.startswith("NAME"))


def different_things(fa: Frame, fb: Frame, same_day: bool, same_person: bool = True) -> str:
    """Why two same-unit figures cannot be two reports of one count ("" when they may be): see the module
    doc. `same_day` says both units pin their figure to one calendar day; `same_person` that both name a
    person in common."""
    if {"score", "clock", "window"} & {fa.kind, fb.kind}:
        return "not a count"
    if fa.head == fb.head == "time" and not same_person:
        return "how often, of different people"  # "Crystal did it eight times" / "He hosted it five times"
    if fa.kind != fb.kind:
        return "different kinds (age, rate, count)"
    if fa.head and fb.head and fa.head != fb.head:
        return "different head nouns"
    if fa.kind == "age" and (
        _different_people(fa.person, fb.person) or (fa.gender and fb.gender and fa.gender != fb.gender)
    ):
        return "ages of different people"
    if fa.reference != fb.reference and (fa.reference or fb.reference):
        return "distances from different places"  # or one from a place, one a distance travelled
    if fa.roles and fb.roles and not fa.roles & fb.roles:
        return "different roles"
    if fa.cumulative != fb.cumulative and not same_day:
        return "running total vs one episode"
    if fa.earlier != fb.earlier:
        return "another period"  # "last year's Oscars drew about 32 million" / "55.3 million tuned in"
    return ""


def is_update(a: Quantity, b: Quantity, text_a: str, text_b: str, a_first: bool) -> bool:
    """The later article's figure is larger and the words suggest a running count ("killed", "waiting",
    "toll", "so far"): an update of a toll, not a contradiction. `a_first`: `a`'s article is the earlier."""
    earlier, later = (a, b) if a_first else (b, a)
    later_text = text_b if a_first else text_a
    if later.low <= earlier.high:
        return False
    window = later_text[max(0, later.start - 50) : later.end + 50]
    return bool(RUNNING.search(window) or any(p.search(window) for p in ROLES.values()))
