"""The WHERE clause behind the story list's filters (`/api/stories?since=&outlet=&entity=&q=`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storyweave.store.rows import sort_key
from storyweave.store.search import fts_query


def story_filter(
    since: datetime | date | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    q: str | None = None,
) -> tuple[str, list[Any]]:
    """A `WHERE ...` clause over `stories` (empty when nothing filters) and its parameters.

    All given filters must hold. `since`: last published at or after it (naive taken as UTC).
    `outlet`: a member article from that outlet (case-insensitive). `entity`: the brief names an entity
    with that name, alias or id (case-insensitive). `q`: a member article matches the full-text query;
    a `q` with nothing searchable in it matches no story.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("sort_key >= ?")
        params.append(sort_key(since))
    if outlet is not None:
        clauses.append(
            "id IN (SELECT m.story_id FROM story_articles m JOIN articles a ON a.id = m.article_id "
            "WHERE a.outlet = ? COLLATE NOCASE)"
        )
        params.append(outlet)
    if entity is not None:
        # The entities live only in the brief JSON; scanning it is linear in the number of stories,
        # which is fine for a single-machine store (a table of its own would need a migration).
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(brief, '$.entities') e "
            "WHERE lower(json_extract(e.value, '$.name')) = lower(?) "
            "OR json_extract(e.value, '$.id') = ? "
            "OR EXISTS (SELECT 1 FROM json_each(e.value, '$.aliases') x WHERE lower(x.value) = lower(?)))"
        )
        params += [entity, entity, entity]
    if q is not None:
        query = fts_query(q)
        if query is None:
            clauses.append("0")
        else:
            clauses.append(
                "id IN (SELECT m.story_id FROM story_articles m JOIN articles a ON a.id = m.article_id "
                "JOIN articles_fts f ON f.rowid = a.seq WHERE articles_fts MATCH ?)"
            )
            params.append(query)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
