"""Turning free user input into an FTS5 query that cannot be a syntax error.

Every word becomes a quoted FTS5 string (quotes doubled), so operators such as AND, NEAR, `(`, `:` or
`^` typed by a user are searched for as words rather than parsed. The words are ANDed (FTS5's implicit
operator). A trailing `*` on a word is kept as a prefix search, the one piece of syntax worth offering.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for `text`, or None when it holds nothing searchable."""
    terms: list[str] = []
    for raw in text.split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")
        # The tokenizer drops punctuation anyway; a token without any word character would only
        # become an empty phrase.
        if not _WORD.search(word):
            continue
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if prefix else quoted)
    return " ".join(terms) if terms else None
