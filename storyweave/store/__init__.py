"""SQLite store: articles stored once, stories with their briefs, full-text search. See docs/store.md."""

from storyweave.store.rows import AddResult, StorySummary
from storyweave.store.schema import MIGRATIONS, SCHEMA_VERSION
from storyweave.store.search import fts_query
from storyweave.store.store import DEFAULT_TIMEOUT, Store

__all__ = [
    "DEFAULT_TIMEOUT",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AddResult",
    "Store",
    "StorySummary",
    "fts_query",
]
