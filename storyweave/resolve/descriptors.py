"""Descriptors: the words each outlet attaches to an entity, and which of them judge rather than inform.

NER (analyze/entities.py) marks descriptor spans as `DESCRIPTOR` mentions touching the name they
describe. Here they are paired with that name's mention (`descriptor_targets`), and a descriptor's
evaluative words are found (`evaluative_spans`) so the framing table can mark them: "authoritarian"
in "authoritarian Belarusian leader" judges; "Belarusian" and "leader" inform.

Evaluative words come from a small lexicon of loaded political vocabulary in news copy (regime
labels, strongman terms, praise and blame adjectives). It is a lexicon on purpose: a reader must be able
to see why a word was marked, and the list is short enough to review (docs/entities.md).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from storyweave.model import Mention

# Head nouns of roles and offices: what a title-only mention ("the president") is headed by.
ROLE_NOUNS = frozenset(
    """
    president vice-president premier minister chancellor leader ruler king queen prince princess emperor
    monarch sultan emir sheikh pope patriarch cardinal bishop archbishop spokesman spokeswoman spokesperson
    secretary secretary-general ambassador envoy diplomat governor mayor senator congressman congresswoman
    lawmaker legislator speaker chairman chairwoman chair chief director commander general admiral colonel
    marshal officer prosecutor judge justice attorney ceo founder owner head dictator strongman autocrat
    coach captain star actor actress singer
    """.split()
)

# Loaded words that judge the person or body they describe. Neutral offices, nationalities and
# "former"/"acting"/"deputy" are deliberately absent.
EVALUATIVE_WORDS = frozenset(
    """
    authoritarian autocratic autocrat dictator dictatorial despot despotic tyrant tyrannical strongman
    hardline hard-line hardliner radical extremist militant fanatical notorious infamous disgraced
    embattled controversial corrupt discredited illegitimate self-proclaimed self-styled so-called puppet
    regime junta warlord thug brutal ruthless repressive oppressive totalitarian rogue pariah firebrand
    populist demagogue far-right far-left ultranationalist nationalist maverick outspoken combative
    beleaguered scandal-hit scandal-plagued veteran respected renowned celebrated revered beloved
    legendary visionary pro-democracy reformist moderate liberal conservative pro-kremlin pro-western
    pro-russian anti-western kremlin-backed kremlin-friendly russian-backed western-backed iran-backed
    longtime long-serving unelected ousted deposed exiled jailed imprisoned
    """.split()
)

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_TOUCHING = re.compile(r"\s*,?\s*")


def evaluative_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of evaluative words in a descriptor: the framing table marks exactly these."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if m.group().lower() in EVALUATIVE_WORDS]


def evaluative_words(text: str) -> list[str]:
    return [text[s:e] for s, e in evaluative_spans(text)]


def head_noun(text: str) -> str | None:
    """The last role noun in a descriptor or title: "the Belarusian leader" -> "leader"."""
    words = [w.lower() for w in _WORD.findall(text)]
    for word in reversed(words):
        if word in ROLE_NOUNS:
            return word
    return None


def descriptor_targets(text: str, mentions: Sequence[Mention], named: Sequence[int]) -> dict[int, int]:
    """Pair each DESCRIPTOR mention (by index) with the named mention (index) it touches.

    A premodifier ends where its name starts, spaces between; an appositive is separated from its name
    by a comma. A descriptor that touches no named mention (a parse the NER spans disagree with) is left
    out rather than guessed.
    """
    by_start = {mentions[i].start: i for i in named}
    by_end = {mentions[i].end: i for i in named}
    starts = sorted(by_start)
    ends = sorted(by_end)
    pairs: dict[int, int] = {}
    for index, m in enumerate(mentions):
        if m.label != "DESCRIPTOR":
            continue
        target = _after(text, m.end, starts, by_start)
        if target is not None and _object_then_subject(text, m.start, mentions[target].end):
            target = None
        if target is None:
            target = _before(text, m.start, ends, by_end)
        if target is not None:
            pairs[index] = target
    return pairs


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:at|to|with|against|on|for|from|about|toward|towards)\s+(?:(?:the|a|an|its|their)\s+)?$", re.I
)
_SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|told|tells|added|stated|declared|argued|warned|insisted|noted|replied|claimed)\b"
)


def _object_then_subject(text: str, start: int, name_end: int) -> bool:
    """ "In a jibe at the Armenian leader Lukashenka said …": the descriptor ends a prepositional phrase
    and the name opens a new clause (it is followed by a speech verb), so the descriptor is someone
    else's (the parse made one noun phrase of the two)."""
    return bool(_PREPOSITION_BEFORE.search(text[max(0, start - 20) : start])) and bool(
        _SPEECH_AFTER.match(text[name_end : name_end + 20])
    )


def _after(text: str, end: int, starts: list[int], by_start: dict[int, int]) -> int | None:
    k = bisect.bisect_left(starts, end)
    if k < len(starts) and _TOUCHING.fullmatch(text[end : starts[k]]):
        return by_start[starts[k]]
    return None


def _before(text: str, start: int, ends: list[int], by_end: dict[int, int]) -> int | None:
    k = bisect.bisect_right(ends, start) - 1
    if k >= 0 and _TOUCHING.fullmatch(text[ends[k] : start]):
        return by_end[ends[k]]
    return None
