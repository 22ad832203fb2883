"""The optional metadata header of plain-text articles (pure functions).

Two forms, both at the very start of the file and both marked by a leading space (so an ordinary
first line of prose is never mistaken for a header):

Inline (as scraped files often have it): one or more `name value` pairs of single-token fields, then
the body on the same line::

     date 2023-11-24 MINSK — Leaders from five countries met ...

Block: one ` name: value` field per line, then a blank line, then the body::

     title: Ministers meet in Minsk
     outlet: The Example Times
     date: 2025-03-14

    Body starts here.

Fields: title, outlet, date (alias: published), url, language (alias: lang), author. Inline fields
are limited to date, url and language, whose values are one token and are validated (an ISO date, an
http(s) URL, a language tag) before they are taken as a header.
"""

from __future__ import annotations

import re

from storyweave.model import parse_published

FIELDS: tuple[str, ...] = ("title", "outlet", "date", "url", "language", "author")
ALIASES: dict[str, str] = {"published": "date", "lang": "language"}
INLINE_FIELDS: frozenset[str] = frozenset({"date", "url", "language"})

_BLOCK_LINE = re.compile(r" ([A-Za-z_]+):(?: (.*))?")
_INLINE_PAIR = re.compile(r" ?([A-Za-z_]+) (\S+)(?=[ \n]|$)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def canonical(name: str) -> str:
    name = name.lower()
    return ALIASES.get(name, name)


def valid_value(name: str, value: str) -> bool:
    """Whether `value` is acceptable for field `name` (used to tell an inline header from prose)."""
    if name == "date":
        try:
            parse_published(value)
        except ValueError:
            return False
        return True
    if name == "url":
        return value.startswith(("http://", "https://")) and " " not in value
    if name == "language":
        return _LANGUAGE.fullmatch(value) is not None
    return bool(value) and "\n" not in value


def parse_header(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split `text` into (fields, body, warnings). Without a header: ({}, text, [])."""
    if not text.startswith(" "):
        return {}, text, []
    block = _parse_block(text)
    if block is not None:
        return block
    return _parse_inline(text)


def _parse_block(text: str) -> tuple[dict[str, str], str, list[str]] | None:
    fields: dict[str, str] = {}
    warnings: list[str] = []
    lines = text.split("\n")
    used = 0
    for line in lines:
        match = _BLOCK_LINE.fullmatch(line.rstrip())
        if match is None:
            break
        name, value = canonical(match.group(1)), (match.group(2) or "").strip()
        used += 1
        if name not in FIELDS:
            warnings.append(f"unknown header field {match.group(1)!r} ignored")
        elif not valid_value(name, value):
            warnings.append(f"header field {name!r} has an unusable value {value!r}; ignored")
        else:
            fields[name] = value
    if not fields:  # only known fields make a header; " Note: ..." prose stays prose
        return None
    rest = lines[used:]
    if rest and not rest[0].strip():
        rest = rest[1:]  # the blank line that ends the header
    return fields, "\n".join(rest), warnings


def _parse_inline(text: str) -> tuple[dict[str, str], str, list[str]]:
    fields: dict[str, str] = {}
    pos = 0
    while True:
        match = _INLINE_PAIR.match(text, pos)
        if match is None:
            break
        name = canonical(match.group(1))
        if name not in INLINE_FIELDS or name in fields or not valid_value(name, match.group(2)):
            break
        fields[name] = match.group(2)
        pos = match.end()
    if not fields:
        return {}, text, []
    rest = text[pos:].lstrip(" ")
    return fields, rest[1:] if rest.startswith("\n") else rest, []


def format_header(fields: dict[str, str]) -> str:
    """The block form of `fields` followed by the blank line; `parse_header` reads it back."""
    lines = [f" {name}: {fields[name]}" for name in FIELDS if name in fields]
    return "\n".join(lines) + "\n\n" if lines else ""
