"""Direct quotes in one article's text, and who said them.

Quote marks: curly (“ ”), low-high („ “), guillemets (« »), straight (") — single marks (‘ ’ ') are
nested quotes inside a double-quoted one and stay part of its text. Two news conventions are followed:
a quote that runs over several paragraphs has no closing mark at the end of each paragraph and a new
opening mark at the start of the next; an opening mark never closed (a scraping slip) ends at its
paragraph's end. Pure functions over the text and its NER mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.claims.config import ClaimSettings
from storyweave.model import Mention

_OPEN = "“„«"
_CLOSE = "”»"
_STRAIGHT = '"'
_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|declared|explained|explains|insisted|insists|"
    r"warned|warns|argued|argues|noted|notes|wrote|writes|asked|asks|replied|recalled|continued|claimed|"
    r"claims|announced|acknowledged|admitted|tweeted|posted|remarked|stressed|conceded|urged|predicted|"
    r"promised|vowed|cautioned|complained|shouted|called|calls|described|describes|dubbed|branded|"
    r"criticized|criticised|accused|condemned|denounced|"
    r"told\s+reporters|according\s+to|"
    # "he expressed hope that "…"", "the Belarusian leader expressed a hope to see "…"", "voiced hope"
    r"(?:expressed|expressing|voiced)(?:\s+(?:a|the|his|her|their))?\s+hope|hoped"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_PRONOUN_RE = re.compile(r"\b(he|she)\b", re.IGNORECASE)
# A capitalised name when NER gave none: "Maria Santos", "O'Neill", "van der Berg" inside.
_NAME_RE = re.compile(
    r"\b[A-Z][\w’'.-]*[a-z][\w’'-]*(?:\s+(?:(?:van|von|de|der|da|del|al|bin|le)\s+)?[A-Z][\w’'-]+)*"
)
_NOT_NAMES = frozenset(
    "The A An He She It They We I This That But And In On At As According Mr Mrs Ms Dr Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday His Her Their Its Our My Your".split()
)
_SPEAKER_LABELS = ("PERSON",)
_GROUP_LABELS = ("ORG", "NORP", "GPE")


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A quote in one article: `text` is the quoted words (paragraph pieces joined by a space)."""

    text: str
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (or the paragraph end when unclosed)
    speaker: str | None  # name as written
    speaker_start: int | None  # offsets of the speaker's mention, to resolve its entity
    speaker_end: int | None


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # opening mark
    end: int  # past the closing mark
    pieces: tuple[tuple[int, int], ...]  # inner text spans (several when spanning paragraphs)


def quote_spans(text: str) -> list[_Span]:
    """Where the double-quoted passages are, with nesting, unbalanced marks and paragraphs handled."""
    spans: list[_Span] = []
    open_at: int | None = None
    piece_start = 0
    pieces: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at is not None:
                # Paragraph ends inside a quote: carry on if the next paragraph opens with a quote mark.
                j = i
                while j < n and text[j] in "\n \t":
                    j += 1
                if i > piece_start:
                    pieces.append((piece_start, i))
                if j < n and (text[j] in _OPEN or text[j] == _STRAIGHT):
                    piece_start, i = j + 1, j + 1
                    continue
                spans.append(_Span(open_at, i, tuple(pieces)))
                open_at, pieces = None, []
        elif ch in _OPEN or (ch == _STRAIGHT and open_at is None):
            if open_at is not None:
                # An opening mark inside an open quote: the first one was never closed.
                pieces.append((piece_start, i))
                spans.append(_Span(open_at, i, tuple(pieces)))
                pieces = []
            open_at, piece_start = i, i + 1
        elif (ch in _CLOSE or ch == _STRAIGHT) and open_at is not None:
            pieces.append((piece_start, i))
            spans.append(_Span(open_at, i + 1, tuple(pieces)))
            open_at, pieces = None, []
        i += 1
    if open_at is not None:
        pieces.append((piece_start, n))
        spans.append(_Span(open_at, n, tuple(pieces)))
    return spans


def _quote_text(text: str, span: _Span) -> str:
    return " ".join(text[a:b].strip() for a, b in span.pieces if text[a:b].strip())


def _is_title(words: list[str]) -> bool:
    """ "American Pie", "Operation Sea Shield": every word capitalised, a name not a quote."""
    return len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "a") for w in words)


def find_quotes(
    text: str, mentions: Sequence[Mention], settings: ClaimSettings | None = None
) -> list[FoundQuote]:
    """Every direct quote in `text` with its speaker (None when no attribution is found).

    The attribution is looked for after the quote ("…," said X / X said / he told reporters), then
    before it (X said: "…"; according to X, "…"; X told parliament the port was "…"). A pronoun is
    the person most recently named as a subject; a quote with no attribution of its own that follows
    an attributed one in the same paragraph is the same speaker's (quotes split around "he said")."""
    s = settings or ClaimSettings()
    spans = [sp for sp in quote_spans(text) if len(_quote_text(text, sp).split()) >= s.min_quote_words]
    spans = [sp for sp in spans if not _is_title(_quote_text(text, sp).split())]
    people = [m for m in mentions if m.label in _SPEAKER_LABELS]
    inside = [(sp.start, sp.end) for sp in spans]
    found: list[FoundQuote] = []
    last: tuple[str, int, int, int] | None = None  # speaker, start, end, paragraph end of previous quote
    for sp in spans:
        para_start = text.rfind("\n", 0, sp.start) + 1
        para_end = text.find("\n", sp.end)
        para_end = len(text) if para_end < 0 else para_end
        who = _attribution(text, sp, para_start, para_end, mentions, inside, s)
        if who is None and last is not None and last[3] >= sp.start - 1 and sp.start - last[2] < 400:
            who = (last[0], last[1], last[2])  # continues the previous quote's speaker
        if who is not None and who[0].lower() in ("he", "she"):
            who = _resolve_pronoun(text, sp.start, people, inside, found)
        quote = FoundQuote(
            _quote_text(text, sp), sp.start, sp.end, who[0] if who else None,
            who[1] if who else None, who[2] if who else None,
        )  # fmt: skip
        found.append(quote)
        if who is not None:
            last = (who[0], who[1], who[2], para_end)
    return found


_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|St|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Jr|Sr|Capt|Maj|Rev)|\b[A-Z])$"
)


def _sentence_stop(tail: str) -> re.Match[str] | None:
    """The first sentence end in `tail`, skipping the dots of "Dr." and initials."""
    for m in re.finditer(r"[.!?](?:\s|$)", tail):
        if not (tail[m.start()] == "." and _ABBREVIATION.search(tail[: m.start()])):
            return m
    return None


def _outside(a: int, b: int, inside: list[tuple[int, int]]) -> bool:
    return not any(s <= a and b <= e for s, e in inside)


def _names_in(
    text: str, lo: int, hi: int, mentions: Sequence[Mention], inside: list[tuple[int, int]]
) -> list[tuple[str, int, int, str]]:
    """Candidate speakers in text[lo:hi]: NER mentions (people first), else capitalised names."""
    named = [
        (m.text, m.start, m.end, m.label)
        for m in mentions
        if lo <= m.start
        and m.end <= hi
        and (m.label in _SPEAKER_LABELS or m.label in _GROUP_LABELS)
        and _outside(m.start, m.end, inside)
    ]
    for p in _PRONOUN_RE.finditer(text, lo, hi):
        if _outside(p.start(), p.end(), inside):
            named.append((p.group(0), p.start(), p.end(), "PRON"))
    if not any(label == "PERSON" for *_, label in named):
        tagged = [(a, b) for _, a, b, label in named if label != "PRON"]
        for m in _NAME_RE.finditer(text, lo, hi):
            word = m.group(0).split()[0]
            if word in _NOT_NAMES or not _outside(m.start(), m.end(), inside):
                continue
            if any(a < m.end() and m.start() < b for a, b in tagged):
                continue  # NER already says what this is ("Belarusian": a nationality, not a name)
            named.append((m.group(0), m.start(), m.end(), "NAME"))
    return sorted(named, key=lambda x: x[1])


def _attribution(
    text: str, sp: _Span, para_start: int, para_end: int, mentions: Sequence[Mention],
    inside: list[tuple[int, int]], s: ClaimSettings,
) -> tuple[str, int, int] | None:  # fmt: skip
    # After the quote: up to the next quote or the end of the sentence that the attribution sits in.
    next_quote = min((a for a, _ in inside if a >= sp.end), default=para_end)
    hi = min(para_end, next_quote, sp.end + s.attribution_window)
    tail = text[sp.end : hi]
    stop = _sentence_stop(tail)
    if stop and not re.match(r"\s*$", tail[: stop.start()]):
        hi = sp.end + stop.end()
    verb = _VERB_RE.search(text, sp.end, hi)
    if verb and verb.group(0).startswith("According") and re.search(r"[.!?][\"”’»]\s*$", text[: sp.end]):
        # '"…documents." According to officials in Yerevan, …': the quote ended its sentence, and
        # "according to" opens the next one, whose attribution it is.
        verb = None
    if verb and re.match(r"[\s,;:—–-]*(?:\w+\s+){0,6}?$", text[sp.end : verb.start()] + " "):
        who = _speaker_near(text, verb, sp.end, hi, mentions, inside)
        if who is not None:
            return who
    # Before the quote: the sentence it sits in, back to the previous quote or sentence end.
    prev_quote = max((e for _, e in inside if e <= sp.start), default=para_start)
    lo = max(para_start, prev_quote, sp.start - 3 * s.attribution_window)
    head = text[lo : sp.start]
    cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind(".\n"))
    if cut >= 0:
        lo += cut + 2
    verbs = list(_VERB_RE.finditer(text, lo, sp.start))
    if verbs:
        return _speaker_near(text, verbs[-1], lo, sp.start, mentions, inside)
    if re.search(r":\s*$", text[lo : sp.start]):
        # "X read the letter aloud: "…"": a colon introducing the quote makes the sentence's subject the
        # speaker even without a speech verb.
        people = [c for c in _names_in(text, lo, sp.start, mentions, inside) if c[3] in ("PERSON", "NAME")]
        if people:
            return people[0][0], people[0][1], people[0][2]
    # A verb after the quote but further away ("…," the minister, who spoke after the vote, said).
    if verb:
        return _speaker_near(text, verb, sp.end, hi, mentions, inside)
    return None


def _speaker_near(
    text: str, verb: re.Match[str], lo: int, hi: int, mentions: Sequence[Mention],
    inside: list[tuple[int, int]],
) -> tuple[str, int, int] | None:  # fmt: skip
    """The name next to the attribution verb: just after it ("said X"), else just before ("X said")."""
    candidates = _names_in(text, lo, hi, mentions, inside)
    if not candidates:
        return None
    after = [c for c in candidates if c[1] >= verb.end() and c[1] - verb.end() <= 45]
    # Before the verb: the whole clause, so "X, the union's secretary, who ... at Levante, said" still
    # reaches X (people are preferred to places and organisations below).
    before = [c for c in candidates if c[2] <= verb.start()]
    v = verb.group(0).lower()
    # "according to X" and "said X" name the speaker after the verb; "told X" names the listener.
    if v.startswith("told") or v.startswith("tell") or v.startswith("ask"):
        order = [before, after]
    else:
        order = [after, before] if after and after[0][1] - verb.end() <= 3 else [before, after]
    for group in order:
        if not group:
            continue
        pick = group[0] if group is after else group[-1]
        people = [c for c in group if c[3] in ("PERSON", "PRON", "NAME")]
        if people and pick[3] not in ("PERSON", "PRON", "NAME"):
            pick = people[0] if group is after else people[-1]
        if pick[3] in ("NORP", "GPE"):
            return _speaking_phrase(text, pick, verb, group is after)
        return pick[0], pick[1], pick[2]
    return None


def _speaking_phrase(
    text: str, pick: tuple[str, int, int, str], verb: re.Match[str], after: bool
) -> tuple[str, int, int] | None:
    """A nationality or a place does not speak: "the Belarusian president's office said", "said the
    Estonian prime minister", "according to officials in Yerevan", "officials in Tallinn said". The
    speaker is the noun phrase around the name: from the verb (or, before the verb, from the words just
    before the name) to the end of the words after it, stopping at punctuation or a linking word. A bare
    place stands for its government ("Yerevan said"); a bare nationality is no speaker."""
    if after:
        lo = verb.end()
    else:
        lead = _PHRASE_LEAD.search(text, 0, pick[1])
        lo = lead.start(1) if lead else pick[1]
    tail = _PHRASE_TAIL.match(text, pick[2], verb.start() if not after else len(text))
    hi = tail.end() if tail else pick[2]
    phrase = _ARTICLE.sub("", text[lo:hi].strip(" ,—–-"))
    if phrase and phrase != pick[0] and len(phrase.split()) <= 6:
        start = text.index(phrase, lo)
        return phrase, start, start + len(phrase)
    return None if pick[3] == "NORP" else (pick[0], pick[1], pick[2])


# Up to three words right before a name, back to punctuation: "officials in" Tallinn, "the" Belarusian.
_PHRASE_LEAD = re.compile(r"(?:^|[,;:.!?\"“”(]\s*)((?:[\w’'-]+\s+){1,3})$")
# Words after a name that still belong to its noun phrase: not punctuation, not a linking word.
_PHRASE_TAIL = re.compile(
    r"(?:\s+(?!(?:and|or|but|who|which|that|on|in|at|after|before|when|while|as|to|for|with|by|said|says|"
    r"told|added)\b)[\w’'-]+){0,4}",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _resolve_pronoun(
    text: str, at: int, people: Sequence[Mention], inside: list[tuple[int, int]], found: list[FoundQuote]
) -> tuple[str, int, int] | None:
    """ "he said": the last quoted named speaker in view, else the first person named in the nearest
    sentence before that names one (the subject, usually)."""
    named_before = [m for m in people if m.end <= at and _outside(m.start, m.end, inside)]
    recent = [q for q in found if q.speaker and q.speaker.lower() not in ("he", "she") and at - q.end < 600]
    if recent and (not named_before or (recent[-1].speaker_start is not None
                   and recent[-1].speaker_start >= named_before[-1].start - 200)):  # fmt: skip
        q = recent[-1]
        return q.speaker, q.speaker_start, q.speaker_end  # type: ignore[return-value]
    if not named_before:
        names = [
            m
            for m in _NAME_RE.finditer(text, max(0, at - 400), at)
            if m.group(0).split()[0] not in _NOT_NAMES and _outside(m.start(), m.end(), inside)
        ]
        if not names:
            return None
        last_sentence = max(text.rfind(". ", 0, names[-1].start()), 0)
        first = next(m for m in names if m.start() >= last_sentence)
        return first.group(0), first.start(), first.end()
    last = named_before[-1]
    sentence_start = max(text.rfind(". ", 0, last.start), text.rfind("\n", 0, last.start), 0)
    first = next(m for m in named_before if m.start >= sentence_start)
    return first.text, first.start, first.end
