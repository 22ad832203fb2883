"""Cleaning of article text that arrives already flattened from a scraped page (pure functions).

Scraped text carries page furniture: log-in / subscribe / cookie prompts, "SEE ALSO:" links whose
headline is glued onto the next sentence, a trailing block of unrelated headlines, a last sentence cut
off mid-word. Each is taken out and recorded as a `Removed(kind, text, reason)`, never dropped silently.
The rules are deliberately conservative: when in doubt, text stays.

Output layout: one paragraph per line, separated by a single "\\n"; blank lines are dropped, lines are
stripped of surrounding spaces, and hard-wrapped lines (a line without sentence-final punctuation
followed by one starting in lower case, in text that separates paragraphs with blank lines) are joined
with one space. Nothing else is changed, so every non-space character of the input is either in the
cleaned text or in one of the `Removed` records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyweave.model import Removed

# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_TERMINATED = re.compile(r"[.!?…]['\"”’»)\]]*$|[)\]]$")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*\s+")
_LIST_MARKER = re.compile(r"^(?:[-*•–]\s|\d{1,3}[.)]\s)")
_WORD = re.compile(r"\w+", re.UNICODE)
_FIELD_SEPARATOR = re.compile(r" (?:[-–—|@:]|--) |\t")

# Prompts that start a line, in several languages; `\b` keeps "Registered voters ..." out.
_PROMPT_START = re.compile(
    r"^(?:please[,!]?\s+|пожалуйста,?\s+|bitte\s+)?(?:"
    r"log\s?in|sign\s?in|sign\s?up|subscribe|register|create (?:an|a free) account|"
    r"already (?:a subscriber|a member|have an account)|you must be (?:logged|signed) in|"
    r"to (?:continue|keep) reading|"
    r"авторизуйтесь|войдите|зарегистрируйтесь|подпишитесь|оформите подписку|"
    r"melden sie sich an|jetzt anmelden|anmelden|registrieren sie sich|jetzt abonnieren|abonnieren sie|"
    r"connectez-vous|identifiez-vous|abonnez-vous|inscrivez-vous|"
    r"inicia sesión|iniciar sesión|regístrate|suscríbete|"
    r"accedi|registrati|abbonati|zaloguj się|inloggen|abonneer"
    r")\b",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"\b(?:we use cookies|(?:this|our) (?:web)?site uses cookies|accept (?:all )?cookies|cookie (?:policy|"
    r"settings|consent)|мы используем (?:файлы )?cookie|wir verwenden cookies|nous utilisons des cookies|"
    r"(?:utilizamos|usamos) cookies|utilizziamo (?:i )?cookie)\b",
    re.IGNORECASE,
)
_PROMPT_MAX_WORDS = 25

# "SEE ALSO: <headline>" and its relatives; MORE/WATCH only in capitals (they are common prose words).
_SEE_ALSO = re.compile(
    r"^(?:(?i:see also|also read|read more|read also|related(?: story| article)?|more on this|"
    r"читайте также|смотрите также|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|"
    r"lea también|leer más|leggi anche)|MORE|WATCH)\s*:\s*"
)
_SEE_ALSO_MAX_WORDS = 20

_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 160
_TRAILING_MIN_LINES = 3
_CUT_OFF_MIN_WORDS = 12
_STOPWORDS = frozenset(
    "about above after again also been before being between both could does doing down during each from "
    "further have having here into just more most much only other over same should some such than that "
    "their them then there these they this those through under until very were what when where which "
    "while will with would your says said".split()
)


def normalize(raw: str) -> list[str]:
    """Lines of `raw`: newline-normalised, stripped, hard wraps joined, blank lines dropped."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if any(not line for line in lines[1:-1]):
        lines = _unwrap(lines)
    return [line for line in lines if line]


def _unwrap(lines: list[str]) -> list[str]:
    # Only for text that marks paragraphs with blank lines: there a single newline inside a paragraph
    # is a hard wrap when the next line continues the sentence in lower case.
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and line[0].islower() and not _TERMINATED.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def clean_text(raw: str) -> tuple[str, list[Removed]]:
    """Cleaned text (one paragraph per line) and what was taken out of it."""
    removed: list[Removed] = []
    lines = normalize(raw)
    lines = remove_prompts(lines, removed)
    lines = split_see_also(lines, removed)
    lines = remove_trailing_headlines(lines, removed)
    lines = remove_cut_off_tail(lines, removed)
    return "\n".join(lines), removed


def is_prompt(line: str) -> bool:
    """A short log-in / subscribe / cookie prompt line."""
    if len(line.split()) > _PROMPT_MAX_WORDS:
        return False
    return bool(_PROMPT_START.search(line) or _COOKIE.search(line))


def remove_prompts(lines: list[str], removed: list[Removed]) -> list[str]:
    kept = []
    for line in lines:
        if is_prompt(line):
            kind = "cookie_notice" if _COOKIE.search(line) else "login_prompt"
            removed.append(Removed(kind, line, "log-in, subscription or cookie prompt from the page"))
        else:
            kept.append(line)
    return kept


def split_see_also(lines: list[str], removed: list[Removed]) -> list[str]:
    """Remove "SEE ALSO: <headline>" links; when the headline is glued to the next sentence with no
    space ("...Summit SnubAn official said"), split at that lower->Upper seam and keep the sentence."""
    kept = []
    for line in lines:
        match = _SEE_ALSO.match(line)
        if match is None:
            kept.append(line)
            continue
        rest = line[match.end() :]
        seam = find_glued_seam(rest)
        if seam is not None:
            removed.append(
                Removed(
                    "see_also",
                    line[: match.end() + seam],
                    "link to another story; its headline was glued to the next sentence without a space",
                )
            )
            kept.append(rest[seam:])
        elif len(rest.split()) <= _SEE_ALSO_MAX_WORDS or not _TERMINATED.search(rest):
            removed.append(Removed("see_also", line, "link to another story"))
        else:
            # A long, finished sentence after the label with no visible seam: the headline cannot be
            # told apart from the text, so the whole line is set aside (recorded, not lost).
            removed.append(
                Removed("see_also", line, "link to another story; no seam found between headline and text")
            )
    return kept


def find_glued_seam(text: str) -> int | None:
    """Index where a Title-Case headline glued to a sentence ends ("...SnubAn official" -> at "An").

    A seam is a lower-case letter, digit or closing punctuation directly followed by an upper-case
    letter; it is accepted when at least two words come before it and the text after it reads like a
    sentence (mostly lower-case words), which rules out names like "McDonald" or "YouTube".
    """
    for i in range(1, len(text)):
        prev, cur = text[i - 1], text[i]
        if not cur.isupper() or not (prev.islower() or prev.isdigit() or prev in "?!\"”’')"):
            continue
        before, after = text[:i], text[i:]
        if len(before.split()) < 2:
            continue
        words = after.split()[1:13]
        if len(words) < 3:
            continue
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised / len(words) < 0.5:
            return i
    return None


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 4 and w not in _STOPWORDS}


def is_headline_like(line: str) -> bool:
    """Short, starts with a capital or digit, no sentence-final punctuation, not a list item, and not a
    line that introduces what follows (ends with a colon)."""
    if _LIST_MARKER.match(line) or _TERMINATED.search(line) or line.endswith(":"):
        return False
    if len(line) > _HEADLINE_MAX_CHARS or len(line.split()) > _HEADLINE_MAX_WORDS:
        return False
    return line[:1].isupper() or line[:1].isdigit()


def is_data_line(line: str) -> bool:
    """A row of a listing (tour dates, prices, contacts): a field separator, or few letters."""
    if _FIELD_SEPARATOR.search(line):
        return True
    visible = [c for c in line if not c.isspace()]
    return sum(c.isalpha() for c in visible) < 0.6 * len(visible)


def _unlike(line: str, body_words: set[str]) -> bool:
    words = content_words(line)
    if len(words) < 3:  # too short to compare ("All news"): navigation, not a paragraph
        return True
    return len(words & body_words) / len(words) < 0.5


def remove_trailing_headlines(lines: list[str], removed: list[Removed]) -> list[str]:
    """Remove a trailing run of >= 3 headline-like lines, at least two thirds of which share little
    vocabulary with the body (a block of links to other stories, "All news", ...)."""
    start = len(lines)
    while start > 0 and is_headline_like(lines[start - 1]):
        start -= 1
    run = lines[start:]
    if len(run) < _TRAILING_MIN_LINES or start == 0:
        return lines
    if sum(1 for line in run if is_data_line(line)) * 2 >= len(run):
        return lines  # a listing that belongs to the article (dates, prices), not links elsewhere
    body_words = content_words(" ".join(lines[:start]))
    # A majority, not every line: links from the same site often share a word or two with the story
    # (a country's name), while a closing block that continues the article is mostly its own vocabulary.
    unlike = sum(1 for line in run if _unlike(line, body_words))
    if unlike * 3 < len(run) * 2:
        return lines
    removed.append(
        Removed(
            "trailing_headlines",
            "\n".join(run),
            f"{len(run)} short unpunctuated lines at the end, mostly unrelated to the article "
            "(links to other stories)",
        )
    )
    return lines[:start]


def remove_cut_off_tail(lines: list[str], removed: list[Removed]) -> list[str]:
    """Set aside a last sentence that stops without punctuation, in the middle of a word (a truncated
    scrape). List items, and endings on a number, URL or e-mail address, are left alone."""
    if not lines or _TERMINATED.search(lines[-1]) or _LIST_MARKER.match(lines[-1]) or is_data_line(lines[-1]):
        return lines
    last = lines[-1]
    final_word = last.split()[-1]
    if not final_word[-1].isalpha() or any(c in final_word for c in "./@:"):
        return lines
    ends = list(_SENTENCE_END.finditer(last))
    if ends:
        keep, fragment = last[: ends[-1].end()].rstrip(), last[ends[-1].end() :]
        lines = [*lines[:-1], keep]
    elif len(lines) > 1 and len(last.split()) >= _CUT_OFF_MIN_WORDS:
        fragment, lines = last, lines[:-1]
    else:
        return lines
    removed.append(Removed("cut_off_sentence", fragment, "last sentence stops without punctuation (cut off)"))
    return lines


def removed_chars(records: Iterable[Removed]) -> str:
    """All text in `records`, for accounting (every input character is kept or recorded)."""
    return "".join(r.text for r in records)
