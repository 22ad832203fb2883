"""Sentence splitting with exact character offsets into the article's cleaned text.

The text is first cut into paragraphs at line breaks (news text here is one paragraph per line), so no
sentence ever crosses a newline. Each paragraph is handed to a splitting backend that only proposes
*cut points*; the spans between consecutive cut points, stripped of whitespace, are the sentences. Because
sentences are built from cut points in the original string, the offsets are exact by construction and
no character can be lost, whatever the backend does to its own copy of the text.

The default backend is blingfire's rule-and-model splitter (fast, linear, offsets in characters),
followed by a few repairs for the errors it makes on news text (a title abbreviation such as "Gen."
ending a sentence, a quote followed by a lowercase "he said"). docs/sentences.md gives the measurements
behind that choice; the pysbd backend stays here (and spaCy's in benchmarks/) so the benchmark can
compare them through the same offset code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from storyweave.model import Sentence

# A backend takes one paragraph (no line breaks) and returns the offsets where sentences end, ascending.
Backend = Callable[[str], list[int]]

# Every character str.splitlines() treats as a line boundary: a paragraph never contains one.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PARAGRAPH = re.compile(f"[^{_LINE_BREAKS}]+")
_NON_SPACE = re.compile(r"\S")

# Past this many characters a paragraph is handed to the backend in pieces cut at whitespace, which
# keeps memory and time linear on pathological input (a megabyte without a line break).
MAX_CHUNK = 1_000_000

# Titles that precede a name and practically never end a sentence: a cut right after one is undone.
_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt cmdr adm gov sen rep rev fr pres supt insp "
    "messrs mme mlle hon amb atty brig cpl pvt const det msgr".split()
)
# Month abbreviations are followed by a day number ("Jan. 5"); a cut between the two is undone.
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_LAST_WORD = re.compile(r"(\w+)\.\W*$")
_INITIAL = re.compile(r"(?:^|[\s(])\w\.$")
_STARTS_LOWER = re.compile(r"^[\"'“”‘’(\[]*[a-z]")
_STARTS_DIGIT = re.compile(r"^\d")
_BEFORE_NUMBER = _MONTHS | {"no", "nos", "vol", "art", "fig", "p", "pp"}
_CLOSING_QUOTES = "”»’"
_BEFORE_TITLE = re.compile(
    r"\b[a-z]{2,}[.!?][\"'”’)]*(?=\s+(?:"
    + "|".join(sorted((t.capitalize() for t in _TITLES), key=len, reverse=True))
    + r")\.\s+[A-Z])"
)
_ENDED_BEFORE_TITLE = re.compile(r"[.!?][\"'”’)]*\s+(\w+\.)$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def split_sentences(text: str, backend: Backend | None = None, *, repair: bool = True) -> list[Sentence]:
    """Sentences of `text` in order, with `text[s.start:s.end] == s.text`, stripped, never crossing a
    line break, together covering every non-whitespace character. `paragraph` counts non-blank lines.
    `backend` and `repair` exist for the benchmark; callers leave them alone."""
    split = backend or blingfire_cuts
    sentences: list[Sentence] = []
    for paragraph, (start, end) in enumerate(paragraph_spans(text)):
        line = text[start:end]
        for s, e in _spans(line, _cuts(line, split, repair)):
            sentences.append(Sentence(start + s, start + e, text[start + s : start + e], paragraph))
    return sentences


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line holding any non-whitespace character, stripped."""
    for match in _PARAGRAPH.finditer(text):
        span = _strip(text, match.start(), match.end())
        if span is not None:
            yield span


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return None
    stop = end
    while text[stop - 1].isspace():
        stop -= 1
    return first.start(), stop


def _spans(line: str, cuts: Sequence[int]) -> Iterator[tuple[int, int]]:
    previous = 0
    for cut in [*cuts, len(line)]:
        span = _strip(line, previous, cut) if cut > previous else None
        if span is not None:
            yield span
        previous = max(previous, cut)


def _cuts(line: str, split: Backend, repair: bool) -> list[int]:
    cuts: list[int] = []
    start = 0
    while start < len(line):
        end = min(start + MAX_CHUNK, len(line))
        if end < len(line):
            # Cut at the last whitespace of the window so no word is split; a window of one unbroken
            # token is cut where it is.
            space = max(line.rfind(" ", start, end), line.rfind("\t", start, end))
            end = space if space > start else end
        chunk = line[start:end]
        found = _clean_cuts(split(chunk), len(chunk))
        if repair:
            found = sorted({*found, *_cuts_before_titles(chunk)})
        if repair:
            found = repair_cuts(chunk, found)
        cuts.extend(start + c for c in found)
        cuts.append(end)
        start = end
    return cuts


def _clean_cuts(cuts: Sequence[int], length: int) -> list[int]:
    """Cut points a backend returned, made strictly increasing and kept inside the paragraph."""
    clean: list[int] = []
    for cut in cuts:
        if 0 < cut < length and (not clean or cut > clean[-1]):
            clean.append(cut)
    return clean


def _cuts_before_titles(line: str) -> list[int]:
    """Ends of sentences that the next one's title hides from the backend ("at dawn. Gen. Marlow"):
    a lowercase word with a full stop, then a title, then a capitalised name."""
    return [m.end() for m in _BEFORE_TITLE.finditer(line)]


def repair_cuts(line: str, cuts: Sequence[int]) -> list[int]:
    """Fix the cuts that news text shows to be wrong. A cut just before a closing quote moves past it
    (`over. " Then`). A cut is dropped after a title ("Gen. Lee"), an initial ("J. R. R. Tolkien"), a
    month or "No." before a number ("Jan. 5"), and before a lowercase continuation ("'Over.' he said")."""
    moved: list[int] = []
    quotes = 0
    counted = 0
    for cut in cuts:
        quotes += line.count('"', counted, cut)
        counted = cut
        cut = _past_closing_quote(line, cut, quotes % 2 == 1)
        if not moved or cut > moved[-1]:
            moved.append(cut)
    kept: list[int] = []
    previous = 0
    for i, cut in enumerate(moved):
        following = moved[i + 1] if i + 1 < len(moved) else len(line)
        before = line[previous:cut].rstrip()
        after = line[cut:following].lstrip()
        if before and after and _is_false_cut(before, after):
            # "... at dawn. Gen. Marlow": the sentence really ended before the title.
            lead = _ENDED_BEFORE_TITLE.search(before) if not _STARTS_LOWER.match(after) else None
            if lead is not None and previous + lead.start(1) > previous:
                kept.append(previous + lead.start(1))
                previous = kept[-1]
            continue
        kept.append(cut)
        previous = cut
    return kept


def _past_closing_quote(line: str, cut: int, inside_quote: bool) -> int:
    """`cut`, or the offset just past a closing quote that stands, spaced, right after it: ECB+-style
    tokenized text and careless typing both leave `said so. " Next` where the quote closes."""
    position = cut
    while position < len(line) and line[position] == " ":
        position += 1
    if position == cut or position >= len(line):
        return cut
    char = line[position]
    closing = char in _CLOSING_QUOTES or (char == '"' and inside_quote)
    if closing and (position + 1 == len(line) or line[position + 1].isspace()):
        return position + 1
    return cut


def _is_false_cut(before: str, after: str) -> bool:
    if _STARTS_LOWER.match(after):
        return True
    word = _LAST_WORD.search(before[-40:])
    if word is None or not before.endswith("."):
        return False
    last = word.group(1).lower()
    if last in _TITLES:
        return True
    if last in _BEFORE_NUMBER and _STARTS_DIGIT.match(after):
        return True
    # A lone capital initial: "J. R. R. Tolkien", "George W. Bush". "U.S." is left to the backend,
    # since "in the U.S. The next day" really does end there.
    return bool(_INITIAL.search(before[-3:]) and before[-2].isupper() and before[-3:-2] != ".")


def blingfire_cuts(line: str) -> list[int]:
    """Sentence ends proposed by blingfire; its offsets are character offsets into `line`."""
    import blingfire

    try:
        _, offsets = blingfire.text_to_sentences_and_offsets(line)
    except UnicodeEncodeError:
        # Lone surrogates cannot go to UTF-8; a same-length stand-in keeps every offset in place.
        _, offsets = blingfire.text_to_sentences_and_offsets(_SURROGATE.sub("\ufffd", line))
    return [end for _, end in offsets]


_pysbd_segmenter = None


def pysbd_cuts(line: str) -> list[int]:
    """Sentence ends proposed by pysbd. Its `char_span` mode is slow and misplaces offsets, so the
    plain segments are mapped back here: with clean=False they concatenate to the input."""
    global _pysbd_segmenter
    if _pysbd_segmenter is None:
        import pysbd

        _pysbd_segmenter = pysbd.Segmenter(language="en", clean=False)
    return _map_segments(line, _pysbd_segmenter.segment(line))


def _map_segments(line: str, segments: Sequence[str]) -> list[int]:
    """End offsets of `segments` in `line`, found left to right; robust to segments that dropped or
    changed whitespace (a segment not found verbatim is placed by counting non-space characters)."""
    cuts: list[int] = []
    cursor = 0
    for segment in segments:
        piece = segment.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found >= 0 and not line[cursor:found].strip():
            cursor = found + len(piece)
        else:
            cursor = _advance_non_space(line, cursor, sum(1 for c in piece if not c.isspace()))
        cuts.append(cursor)
    return cuts


def _advance_non_space(line: str, cursor: int, count: int) -> int:
    while cursor < len(line) and count > 0:
        if not line[cursor].isspace():
            count -= 1
        cursor += 1
    return cursor
