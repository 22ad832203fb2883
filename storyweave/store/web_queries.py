"""Read queries the web UI and HTTP API need beyond `Store`'s own methods.

Functions take a `Store` and run on its connection under its lock (`Store.reading`), so they share its
thread safety and its translation of sqlite3 errors into StoreError. Nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storyweave.errors import NotFound
from storyweave.store.filters import story_filter
from storyweave.store.search import fts_query
from storyweave.store.store import Store

_CHUNK = 500  # ids per IN (...) list
# Snippet markers: control characters that cleaned article text never holds, so a caller can escape the
# snippet and then turn the markers into highlighting.
HIT_START = "\x02"
HIT_END = "\x03"


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """An article's metadata without its text or analysis (cheap to list)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class ArticleHit:
    header: ArticleHeader
    snippet: str  # text around the match; matched words between HIT_START and HIT_END


@dataclass(frozen=True, slots=True)
class EntityHit:
    story_id: str
    story_title: str | None
    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...]


def count_stories(
    store: Store,
    since: datetime | date | None = None,
    *,
    outlet: str | None = None,
    entity: str | None = None,
    q: str | None = None,
) -> int:
    """How many stories `Store.list_stories` returns with these filters and no limit."""
    where, params = story_filter(since=since, outlet=outlet, entity=entity, q=q)
    with store.reading() as conn:
        return int(conn.execute(f"SELECT count(*) FROM stories {where}", params).fetchone()[0])


def article_headers(store: Store, ids: Sequence[str]) -> dict[str, ArticleHeader]:
    """Headers of the stored articles among `ids` (unknown ids are left out)."""
    found: dict[str, ArticleHeader] = {}
    unique = list(dict.fromkeys(ids))
    with store.reading() as conn:
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT id, title, outlet, published, url, language FROM articles WHERE id IN ({marks})",
                chunk,
            ):
                found[row[0]] = ArticleHeader(*row)
    return found


def outlet_counts(store: Store, story_ids: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """Per story, (outlet, number of its articles) pairs, most articles first; no outlet -> ""."""
    counts: dict[str, list[tuple[str, int]]] = {s: [] for s in story_ids}
    unique = list(dict.fromkeys(story_ids))
    with store.reading() as conn:
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(
                "SELECT m.story_id, coalesce(a.outlet, ''), count(*) FROM story_articles m "
                f"JOIN articles a ON a.id = m.article_id WHERE m.story_id IN ({marks}) "
                "GROUP BY m.story_id, coalesce(a.outlet, '') ORDER BY count(*) DESC, 2",
                chunk,
            ).fetchall()
            for story_id, outlet, n in rows:
                counts[story_id].append((outlet, int(n)))
    return counts


def story_titles(store: Store, story_ids: Sequence[str]) -> dict[str, str | None]:
    unique = list(dict.fromkeys(story_ids))
    found: dict[str, str | None] = {}
    with store.reading() as conn:
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for row in conn.execute(f"SELECT id, title FROM stories WHERE id IN ({marks})", chunk):
                found[row[0]] = row[1]
    return found


def search_article_hits(store: Store, q: str, limit: int = 20, offset: int = 0) -> list[ArticleHit]:
    """Articles whose title or text holds every word of `q`, best first, with a snippet of the text."""
    query = fts_query(q)
    if query is None or limit <= 0:
        return []
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, a.language, "
            f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 24) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank, a.seq LIMIT ? OFFSET ?",
            (query, limit, offset),
        ).fetchall()
    return [ArticleHit(ArticleHeader(*row[:6]), row[6] or "") for row in rows]


def count_article_hits(store: Store, q: str) -> int:
    query = fts_query(q)
    if query is None:
        return 0
    with store.reading() as conn:
        return int(
            conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)).fetchone()[
                0
            ]
        )


def search_entities(store: Store, q: str, limit: int = 20) -> list[EntityHit]:
    """Entities of stored briefs whose name or an alias contains `q` (case-insensitive), newest story
    first. Scans the briefs' JSON: linear in the number of stories, like the `entity` story filter."""
    needle = " ".join(q.split()).lower()
    if not needle or limit <= 0:
        return []
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT s.id, s.title, json_extract(e.value, '$.id'), json_extract(e.value, '$.name'), "
            "json_extract(e.value, '$.type'), json_extract(e.value, '$.aliases') "
            "FROM stories s, json_each(s.brief, '$.entities') e "
            "WHERE lower(json_extract(e.value, '$.name')) LIKE ? ESCAPE '\\' "
            "OR EXISTS (SELECT 1 FROM json_each(e.value, '$.aliases') x "
            "WHERE lower(x.value) LIKE ? ESCAPE '\\') "
            "ORDER BY s.sort_key IS NULL, s.sort_key DESC, s.article_count DESC, s.id LIMIT ?",
            (pattern, pattern, limit),
        ).fetchall()
    return [EntityHit(r[0], r[1], str(r[2]), str(r[3]), str(r[4]), _aliases(r[5])) for r in rows]


def _aliases(raw: Any) -> tuple[str, ...]:
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


__all__ = [
    "HIT_END",
    "HIT_START",
    "ArticleHeader",
    "ArticleHit",
    "EntityHit",
    "article_headers",
    "brief_json",
    "count_article_hits",
    "count_stories",
    "outlet_counts",
    "search_article_hits",
    "search_entities",
    "story_titles",
]


def brief_json(store: Store, story_id: str) -> str:
    """The stored brief of a story as its JSON text (canonical: sorted keys), without building objects."""
    with store.reading() as conn:
        row = conn.execute("SELECT brief FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFound(f"no story with id {story_id!r}")
    return str(row[0])
