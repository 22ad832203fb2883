"""JSON Lines (one record per line) and JSON (one record, or a list of records) article files.

A record has `id` and `text`, and optionally `title`, `url`, `outlet`, `published`, `language`,
`author`; other keys are ignored. A bad line or record is rejected on its own (`file.jsonl:7`) and the
rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyweave.errors import Rejected
from storyweave.ingest.assemble import assemble, parse_date
from storyweave.ingest.document import Document
from storyweave.model import Article
from storyweave.settings import IngestSettings

OPTIONAL_STRINGS: tuple[str, ...] = ("title", "url", "outlet", "language", "author")


def read_jsonl(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    produced = False
    for number, line in enumerate(doc.text.split("\n"), start=1):
        if not line.strip():
            continue
        produced = True
        where = f"{doc.source}:{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Rejected(where, f"line is not valid JSON: {exc}")
            continue
        yield record_to_article(record, where, doc, settings)
    if not produced:
        yield Rejected(doc.source, "no records")


def read_json(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    try:
        data = json.loads(doc.text)
    except ValueError as exc:
        yield Rejected(doc.source, f"not valid JSON: {exc}")
        return
    if isinstance(data, dict):
        yield record_to_article(data, doc.source, doc, settings)
    elif isinstance(data, list):
        if not data:
            yield Rejected(doc.source, "no records (empty list)")
        for number, record in enumerate(data, start=1):
            yield record_to_article(record, f"{doc.source}[{number}]", doc, settings)
    else:
        yield Rejected(doc.source, f"expected a record or a list of records, got {type(data).__name__}")


def record_to_article(record: Any, where: str, doc: Document, settings: IngestSettings) -> Article | Rejected:
    """One record -> Article; `where` names it in messages and becomes `Article.source`."""
    if not isinstance(record, dict):
        return Rejected(where, f"record is not a JSON object but {type(record).__name__}")
    record_id, text = record.get("id"), record.get("text")
    if record_id is None or (isinstance(record_id, str) and not record_id.strip()):
        return Rejected(where, "record has no 'id'")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int):
        return Rejected(where, f"record 'id' must be a string or an integer, not {type(record_id).__name__}")
    if not isinstance(text, str) or not text.strip():
        reason = "record has no 'text'" if text is None else "record 'text' is empty or not a string"
        return Rejected(where, reason)
    warnings = list(doc.warnings)
    strings: dict[str, str | None] = {}
    for key in OPTIONAL_STRINGS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            warnings.append(f"{key} {value!r} is not a string; ignored")
            value = None
        strings[key] = value
    return assemble(
        str(record_id),
        text,
        source=where,
        settings=settings,
        published=parse_date(record.get("published"), warnings, "published"),
        warnings=warnings,
        **strings,
    )
