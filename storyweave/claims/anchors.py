"""Which happening a date belongs to, from the dependency parse made at analysis time.

`Article.attachments` (storyweave/analyze/attachments.py) says, for each date (and place and figure),
the verb and the noun it hangs on and that verb's subject and object: "police arrested the boss on
Monday" -> verb "arrested", subject "police", object "boss"; "Friday night's fire" -> noun "fire". Here
the verb and noun become *anchor keys*: inflections folded ("died", "dies", "death" -> die; "stopped",
"stops" -> stop), a few strict synonyms joined ("detained", "captured" -> arrest; "passed away" -> die),
and words that name no happening dropped: reporting verbs ("police said on Friday" dates the statement,
not the event), light verbs (be, have, take), time nouns. Two dates hang on one happening when their
anchor keys meet and no participant disagrees ("the Saints signed Wynn on Tuesday" / "... signed Bell
on Wednesday" are two signings). English only; pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.model import Attachment


def _phrases(words: str) -> list[str]:
    """ "resign quit step down" -> ["resign", "quit", "step down"]: a particle joins the word before it."""
    out: list[str] = []
    for w in words.split():
        if w in _PARTICLES and out:
            out[-1] += " " + w
        else:
            out.append(w)
    return out


_PARTICLES = frozenset({"away", "off", "out", "up", "down", "in"})
# Irregular forms and nominalisations a suffix rule cannot fold.
_IRREGULAR = {
    word: base
    for base, forms in {
        "die": "die died dies dying dead death deaths",
        "shoot": "shot shoots shooting shootings",
        "hold": "held holds holding",
        "begin": "began begun begins beginning",
        "find": "found finds finding",
        "leave": "left leaves leaving",
        "flee": "fled flees fleeing",
        "strike": "struck strikes striking",
        "steal": "stole stolen steals stealing theft thefts",
        "sell": "sold sells selling sale",
        "buy": "bought buys buying purchase purchased",
        "win": "won wins winning victory",
        "lose": "lost loses losing loss",
        "fall": "fell fallen falls falling",
        "break": "broke broken breaks breaking",
        "rise": "rose risen rises rising",
        "sink": "sank sunk sinks sinking",
        "shake": "shook shaken shakes",
        "give": "gave given gives giving",
        "come": "came comes coming",
        "go": "went gone goes going",
        "run": "ran runs running",
        "send": "sent sends sending",
        "meet": "met meets meeting",
        "lead": "led leads leading",
        "fly": "flew flown flies flight",
        "drive": "drove driven drives",
        "hang": "hung hanged hangs hanging",
        "hide": "hid hidden hides",
        "fight": "fought fights fighting",
        "seek": "sought seeks",
        "be": "is was were been being am are",
        "have": "has had having",
        "do": "did does done doing",
        "get": "got gotten gets",
        "make": "made makes making",
        "take": "took taken takes taking",
        "say": "said says saying",
        "tell": "told tells telling",
        "bring": "brought brings",
        "keep": "kept keeps",
        "pay": "paid pays paying payment",
        "lay": "laid lays",
        "become": "became becomes",
        "blow": "blew blown blows",
        "throw": "threw thrown throws",
        "freeze": "froze frozen",
        "bear": "bore born",
        "swear": "swore sworn",
        "withdraw": "withdrew withdrawn withdrawal",
        "slay": "slew slain slaying",
        "choose": "chose chosen",
        "wake": "woke woken",
        "build": "built builds",
        "spend": "spent spends",
        "bite": "bit bitten",
        "write": "wrote written",
    }.items()
    for word in forms.split()
}
# Strict synonyms of news happenings: one outlet's "detained" is another's "arrested".
_SYNONYMS = {
    word: base
    for base, words in {
        "arrest": "arrest detain apprehend nab custody capture",
        "kill": "kill murder slay homicide gun down",
        "foil": "foil thwart repel repulse avert",
        "fire": "fire blaze",
        "quake": "quake earthquake tremor",
        "steal": "steal rob robbery heist loot",
        "resign": "resign quit resignation step down",
        "die": "pass away",
        "win": "win beat defeat",
        "strike": "strike hit",
        "crash": "crash collide collision",
        "release": "release free",
        "find": "find discover",
        "enter": "enter check admit check in",
        "rescue": "rescue save",
    }.items()
    for word in _phrases(words)
}
# Verbs that date or place a statement, not the happening ("police said on Friday"), and words that name
# no happening at all.
REPORTING = frozenset(
    """say tell report announce state add confirm claim note reveal disclose write quote declare
    comment explain insist deny testify""".split()
)
EMPTY = frozenset(
    """be have do get make take put set go come seem appear become remain keep let give
    day night morning afternoon evening week weekend month year time hour minute today yesterday
    tonight date period""".split()
)


def fold_inflection(word: str) -> str:
    """A matching key for the forms of one word: irregular forms mapped, a suffix (-ing, -ed, -es, -s)
    taken off, a doubled final consonant and a final e dropped ("stopped" / "stop", "charged" /
    "charge" / "charges" -> "stop", "charg")."""
    w = _IRREGULAR.get(word, word)
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and not w.endswith("ss") and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return (w[:-1] if len(w) > 3 and w.endswith("e") else w)[:8]


def _fold(phrase: str) -> str:
    """`fold_inflection` of a word, or of the verb of a phrasal verb ("passed away" -> "pass away")."""
    verb, _, particle = phrase.partition(" ")
    return f"{fold_inflection(verb)} {particle}" if particle else fold_inflection(verb)


_SYNONYM_OF = {_fold(w): base for w, base in _SYNONYMS.items()}
# Keys of nouns that name a happening of their own ("murder", "shooting", "blaze", "death"): a date on
# such a noun dates it, whatever verb the noun phrase hangs on.
_EVENT_NOUN_KEYS = frozenset(
    {*_SYNONYM_OF.values(), "shoot", "die", *(_fold(w) for w in ("attack", "explosion", "bombing", "blast"))}
)
_DROPPED = frozenset(fold_inflection(w) for w in REPORTING | EMPTY)


# Verbs that only report ("CNN officials confirmed Tuesday", "the navy said Saturday it had captured"):
# a date on one of them dates a statement, and outlets report on different days. Narrower than
# REPORTING: an announcement is often the news itself ("the Academy announced Sunday that Jackman will
# host" against "named Jackman on Friday" is a disagreement).
_STATEMENT_KEYS = frozenset(
    fold_inflection(w)
    for w in "say tell report confirm add state note quote comment explain insist claim write".split()
)


# Prepositions that put the date's noun at another moment than the verb above it.
_ORDERING = frozenset({"after", "before", "following", "since", "until", "ahead", "prior"})


def dates_a_statement(attachment: Attachment) -> bool:
    """The date hangs on a verb that only reports, and on no event noun: it says when something was
    said, not when it happened."""
    verb = attachment.verb.split(" ")[0]
    return fold_inflection(verb) in _STATEMENT_KEYS and not anchor_key(attachment.noun)


def anchor_key(word: str) -> str:
    """The matching key of a governing verb or noun ("" when it names no happening). A phrasal verb
    counts as itself when it is a known synonym ("passed away" -> die), else as its verb."""
    w = word.lower().replace("’", "'").removeprefix("re-")
    key = _fold(w)
    if key in _SYNONYM_OF:
        return _SYNONYM_OF[key]
    key = fold_inflection(w.split(" ")[0]) if w else ""
    if key in _DROPPED:
        return ""
    return _SYNONYM_OF.get(key, key)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The happening one date hangs on: anchor keys of its verb and noun, and the word keys of the verb's
    subject and object (empty when the parse gives none, or only a pronoun)."""

    keys: frozenset[str]
    subject: frozenset[str] = frozenset()  # word keys of the subject as written
    object: frozenset[str] = frozenset()
    subject_named: bool = False  # the subject is a name (capitalised head), not a common noun
    object_named: bool = False


def anchor_of(attachment: Attachment, coordinated: bool = True) -> Anchor | None:
    """The anchor of one attachment; None when its verb and noun name no happening ("said on Friday").
    `coordinated` adds the verbs coordinated with its verb (`Attachment.also`): they share a date ("on
    Tuesday foiled an attack and arrested 23 pirates"), not always a place ("was born again, moved to
    California" is no birth in California), so place anchors leave them out."""
    words = (attachment.verb, attachment.noun, *(attachment.also if coordinated else ()))
    noun_key = anchor_key(attachment.noun)
    if noun_key and (attachment.prep in _ORDERING or noun_key in _EVENT_NOUN_KEYS):
        # "charged after a shooting on Friday": Friday is the shooting's, the charge came later;
        # "convicted of the June 20 attempted murder": June 20 is the murder's, not the conviction's.
        words = (attachment.noun,)
    keys = frozenset(k for k in map(anchor_key, words) if k)
    if anchor_key(attachment.verb) == "open" and attachment.object.lower() in ("fire", "gunfire"):
        keys |= {"shoot"}  # "opened fire on Friday" / "shot a man on Friday"
    if not keys:
        return None
    subject, obj = attachment.subject, attachment.object
    if coordinated and attachment.also:
        obj = ""  # "stopped a boat and arrested nine men": each verb its own object, the date theirs
    return Anchor(keys, _participant(subject), _participant(obj), _named(subject), _named(obj))


def _participant(phrase: str) -> frozenset[str]:
    keys = (fold_inflection(w) for w in re.findall(r"[a-z0-9]+", phrase.lower()))
    return frozenset(_SYNONYM_OF.get(k, k) for k in keys if len(k) > 1)


def _named(phrase: str) -> bool:
    head = phrase.split(" ")[-1] if phrase else ""
    return head[:1].isupper()


def attachment_at(
    attachments: Sequence[Attachment], start: int, end: int, labels: frozenset[str]
) -> Attachment | None:
    """The attachment of one of `labels` overlapping article offsets [start, end), if any."""
    for a in attachments:
        if a.start < end and start < a.end and a.label in labels:
            return a
    return None


def same_happening(a: Anchor, b: Anchor) -> bool:
    """Two dates hang on one happening: their anchor keys meet, and the participants the parse gives on
    both sides agree ("the Saints signed Wynn" is not "the Saints signed Bell")."""
    if not a.keys & b.keys:
        return False
    pairs = ((a.subject, b.subject, a.subject_named, b.subject_named),
             (a.object, b.object, a.object_named, b.object_named))  # fmt: skip
    # Two names, or two common nouns, with no word in common are two participants; a name and a common
    # noun ("Bettie Page" / "the icon") may be one.
    return not any(x and y and nx == ny and not x & y for x, y, nx, ny in pairs)
