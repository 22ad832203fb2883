"""Conversions between model objects and table rows, and the small value types the store returns.

Canonical JSON (sorted keys, no spaces, UTF-8 kept) is used for every JSON column so that the same
object always becomes the same bytes: `content_digest` and "nothing changed" checks rely on it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from storyweave.model import Article, Brief, parse_published

# Article fields kept as their own columns; everything else `Article.to_dict` returns goes into the
# `analysis` JSON column, so fields added to the model later round-trip without a migration.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "title",
    "outlet",
    "published",
    "language",
    "author",
    "source",
    "text",
)


@dataclass(slots=True)
class AddResult:
    added: list[str] = field(default_factory=list)  # ids stored, in input order
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (incoming id, stored id)


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of the story list (the HTTP API's `/api/stories` items)."""

    id: str
    title: str | None
    article_count: int
    outlet_count: int
    first_published: str | None
    last_published: str | None
    conflict_count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def article_row(article: Article) -> dict[str, Any]:
    """Named parameters for inserting `article` (without `ingested_at`)."""
    data = article.to_dict()
    row = {name: data.pop(name) for name in ARTICLE_COLUMNS}
    row["fingerprint"] = article.fingerprint
    row["analysis"] = canonical_json(data)
    return row


def article_from_row(row: tuple[Any, ...]) -> Article:
    """Inverse of `article_row`; `row` is (*ARTICLE_COLUMNS, analysis) in that order."""
    data = dict(zip(ARTICLE_COLUMNS, row[: len(ARTICLE_COLUMNS)], strict=True))
    data.update(json.loads(row[len(ARTICLE_COLUMNS)]))
    return Article.from_dict(data)


def sort_key(value: str | datetime | date | None) -> str | None:
    """A fixed-width naive-UTC timestamp that orders correctly as text; naive values are taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, str | datetime):
        value = datetime.combine(value, datetime.min.time())
    if isinstance(value, str):
        try:
            parsed = parse_published(value)
        except ValueError:
            return None
        if parsed is None:
            return None
        value = parsed
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def story_row(brief: Brief, briefed_with: str | None = None) -> dict[str, Any]:
    header = brief.story
    return {
        "id": header.id,
        "title": header.title,
        "first_published": header.first_published,
        "last_published": header.last_published,
        "sort_key": sort_key(header.last_published),
        "article_count": header.article_count,
        "outlet_count": header.outlet_count,
        "conflict_count": len(brief.conflicts),
        "brief": canonical_json(brief.to_dict()),
        "briefed_with": briefed_with,
    }


def member_ids(brief: Brief) -> list[str]:
    """The story's article ids in brief order, each once."""
    return list(dict.fromkeys(a.id for a in brief.articles))


__all__ = [
    "ARTICLE_COLUMNS",
    "AddResult",
    "StorySummary",
    "article_from_row",
    "article_row",
    "canonical_json",
    "member_ids",
    "sort_key",
    "story_row",
]
