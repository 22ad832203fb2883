"""What each date, place and figure of an article attaches to, read off spaCy's dependency parse.

The claims stage compares two dates (or places, or figures) of two outlets only when they belong to one
happening: "work stopped on Monday" and "ships were waiting on Tuesday" are two moments, "died on
Monday" and "died Tuesday" one moment told two ways. Word windows guess that; the parse says it: the
date hangs on its verb ("died"), or on an event noun ("Friday night's fire", "the shooting on
Saturday"). The parser already runs at analysis time (`extract_mentions`), so this costs a walk up the
tree per entity, and the claims stage stays free of models: it reads `Article.attachments`.

For each DATE, TIME, GPE, LOC, FAC, CARDINAL, MONEY, PERCENT and QUANTITY entity, and each number the
tagger did not put in an entity, one `Attachment`: the nearest governing verb, the nearest noun on the
way up to it (for a figure, the noun it counts: "23 Somali pirates" -> "pirates"), and the preposition
it hangs from, and that verb's subject and object (the passive turned round: "the boss was arrested"
has the object "boss"). Words are as written, lower-cased except names: the pipeline runs without a
lemmatizer, and the claims stage folds inflections itself (claims/anchors.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyweave.model import Attachment

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ATTACHED_LABELS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_NOUNS = frozenset({"NOUN"})  # a name is not a happening: "signed Dan Ortiz on Tuesday" hangs on "signed"
_VERBS = frozenset({"VERB", "AUX"})
# How far up the tree to look: a date inside a long prepositional chain belongs to nothing nearby.
_MAX_STEPS = 6


def attachments_of(doc: Doc) -> list[Attachment]:
    """One `Attachment` per date, place and figure entity (and per untagged number) of a parsed text."""
    out = [_attach(ent, ent.label_) for ent in doc.ents if ent.label_ in ATTACHED_LABELS]
    out.extend(_attach(doc[t.i : t.i + 1], "NUM") for t in _loose_numbers(doc))
    out.extend(_attach(doc[t.i : t.i + 1], "DATE") for t in _loose_days(doc))
    out.sort(key=lambda a: (a.start, a.end))
    return out


def _loose_numbers(doc: Doc) -> Iterable[Token]:
    """Numbers outside any entity ("Eleven container ships" parsed as an adjective, not a CARDINAL)."""
    return (t for t in doc if t.like_num and not t.ent_type_)


def _loose_days(doc: Doc) -> Iterable[Token]:
    """Weekdays and months outside any DATE entity ("early Monday morning" tagged TIME as "morning");
    capitalised only, so that a protest "march" is not a month."""
    return (t for t in doc if t.lower_ in _CALENDAR and t.text[:1].isupper() and t.ent_type_ != "DATE")


_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december""".split()
)


def _attach(span: Span, label: str) -> Attachment:
    inside = range(span.start, span.end)
    tok = span.root
    verb = noun = prep = subject = obj = ""
    also: tuple[str, ...] = ()
    timed = label in ("DATE", "TIME")
    for _ in range(_MAX_STEPS):
        head = tok.head
        if head.i == tok.i:  # the root of the sentence: the span itself is the predicate's word
            break
        if head.i in inside:
            tok = head
            continue
        if head.pos_ == "ADP" or head.dep_ in ("prep", "agent"):
            prep = prep or head.lower_
        elif head.pos_ in _VERBS:
            verb = _verb(head)
            subject, obj = _participants(head)
            also = _same_moment(head)
            break
        elif head.pos_ in _NOUNS and not noun and not (timed and head.ent_type_ in ("DATE", "TIME")):
            noun = head.lower_  # "Friday night's fire": "night" is more of the date, "fire" its noun
        tok = head
    return Attachment(
        span.start_char,
        span.end_char,
        label,
        verb=verb,
        noun=noun,
        prep=prep,
        subject=subject,
        object=obj,
        also=also,
    )


def _same_moment(verb: Token) -> tuple[str, ...]:
    """Verbs that share `verb`'s time: verbs coordinated with it under one subject ("on Tuesday foiled a
    hijack attempt and arrested 23 pirates"). Two clauses with subjects of their own ("he died on Friday
    and police said ...") are two moments. Participle clauses ("opened fire on Friday, killing one
    man") would belong here too, but the small parser hangs them on the wrong verb too often ("charged
    on Saturday after opening fire, killing one man" -> "charged ... killing"): false date conflicts."""
    linked = [c for c in verb.children if c.dep_ == "conj" and not _has_subject(c)]
    if verb.dep_ == "conj" and not _has_subject(verb):
        linked.append(verb.head)
    return tuple(dict.fromkeys(_verb(v) for v in linked if v.pos_ == "VERB"))


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


_RELATIVE = frozenset({"who", "which", "that", "whom"})


def _participants(verb: Token) -> tuple[str, str]:
    """(subject, object) of a verb, passive turned round: "police arrested the boss" and "the boss,
    arrested on Monday" both have the object "boss". A relative pronoun stands for the noun the clause
    hangs on; a personal pronoun says nothing."""
    subject = obj = ""
    for child in verb.children:
        if child.dep_ == "nsubj" and not subject:
            subject = _word(child, verb)
        elif child.dep_ in ("nsubjpass", "dobj") and not obj:
            obj = _word(child, verb)
        elif child.dep_ == "agent" and not subject:
            subject = next((_word(g, verb) for g in child.children if g.dep_ == "pobj"), "")
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not obj:  # "the boss arrested on Monday"
        obj = _word(verb.head, verb)
    elif verb.dep_ in ("conj", "xcomp") and not subject and verb.head.pos_ in _VERBS:
        subject = _participants(verb.head)[0]  # "he was shot and died": one subject
    return subject, obj


def _word(tok: Token, verb: Token) -> str:
    """A participant: its head with the compound words before it ("Joique Bell", "Interior Department",
    "harbour master"), as written for a name, lower-cased otherwise, so that the claims stage can tell
    names from common nouns."""
    if tok.lower_ in _RELATIVE and verb.dep_ == "relcl":
        tok = verb.head
    if tok.pos_ == "PRON" or tok.lower_ in _RELATIVE:
        return ""
    doc, first = tok.doc, tok.i
    while first > 0 and doc[first - 1].dep_ == "compound" and first - 1 < doc[first - 1].head.i <= tok.i:
        first -= 1
    phrase = doc[first : tok.i + 1].text
    return phrase if tok.pos_ == "PROPN" else phrase.lower()  # "Police arrested": not a name


def _verb(tok: Token) -> str:
    """A verb as written, with its particle: "passed away", "pulled off", "checked in"."""
    prt = next(
        (c for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)), None
    )
    return f"{tok.lower_} {prt.lower_}" if prt is not None and prt.i == tok.i + 1 else tok.lower_


_PARTICLES = frozenset({"away", "off", "out", "up", "down", "in"})
