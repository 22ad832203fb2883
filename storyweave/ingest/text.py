"""Plain-text and Markdown articles, with the optional metadata header (see header.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyweave.errors import Rejected
from storyweave.ingest.assemble import assemble, parse_date
from storyweave.ingest.document import Document
from storyweave.ingest.header import parse_header
from storyweave.model import Article
from storyweave.settings import IngestSettings

_MD_TITLE = re.compile(r"#[ \t]+(.+?)[ \t#]*")


def split_markdown_title(body: str) -> tuple[str | None, str]:
    """A first non-blank line `# Heading` is the title; it is taken out of the body."""
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    match = _MD_TITLE.fullmatch(first.strip())
    if match is None:
        return None, body
    return match.group(1).strip(), rest


def read_text(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    fields, body, warnings = parse_header(doc.text)
    heading, body = split_markdown_title(body)
    all_warnings = [*doc.warnings, *warnings]
    yield assemble(
        doc.article_id,
        body,
        source=doc.source,
        settings=settings,
        title=fields.get("title") or heading,
        outlet=fields.get("outlet"),
        url=fields.get("url") or doc.url,
        published=parse_date(fields.get("date"), all_warnings),
        language=fields.get("language"),
        author=fields.get("author"),
        warnings=all_warnings,
    )
