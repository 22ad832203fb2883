"""The SQLite store: articles (idempotent), recomputed stories with their briefs, and full-text search.

One `Store` wraps one connection. Every write is one explicit transaction (`BEGIN IMMEDIATE`, so a
writer takes the write lock up front instead of failing half-way on a lock upgrade). WAL lets a reader
process (the web server) keep reading while another process (ingest) writes. A lock serialises use of
the connection, so one Store may be shared by the threads of a web server.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from storyweave.errors import NotFound, StoreError
from storyweave.model import Article, Brief
from storyweave.store import rows
from storyweave.store.filters import story_filter
from storyweave.store.rows import ARTICLE_COLUMNS, AddResult, StorySummary
from storyweave.store.schema import connect
from storyweave.store.search import fts_query

DEFAULT_TIMEOUT = 10.0  # seconds a writer waits for another writer's lock before giving up
_PAGE = 500  # rows per read when streaming, and ids per IN (...) list
_ARTICLE_FIELDS = f"{', '.join(ARTICLE_COLUMNS)}, analysis"
_SELECT_ARTICLE = f"SELECT {_ARTICLE_FIELDS} FROM articles"
_STORY_ORDER = "ORDER BY sort_key IS NULL, sort_key DESC, article_count DESC, outlet_count DESC, id"
_SUMMARY_COLUMNS = "id, title, article_count, outlet_count, first_published, last_published, conflict_count"


# SQLite's default limit on host parameters per statement is 999 on old builds.
_SQL_VARIABLES = 900


class Store:
    def __init__(self, path: str | Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Open the store at `path`, creating and migrating it as needed; ":memory:" is allowed."""
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = connect(path, timeout)

    # --- lifecycle ---

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- articles ---

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store the new articles of a batch in one transaction; report the duplicates.

        An article duplicates a stored one (or an earlier one of the same batch) when it has the same
        id, the same url, or the same content fingerprint. If iterating `articles` raises, nothing of the
        batch is stored and the exception propagates.
        """
        result = AddResult()
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._write() as conn:
            for article in articles:
                row = rows.article_row(article)
                existing = self._find_duplicate(conn, row)
                if existing is not None:
                    result.duplicates.append((article.id, existing))
                    continue
                conn.execute(
                    f"INSERT INTO articles ({', '.join(row)}, ingested_at) "
                    f"VALUES ({', '.join(':' + k for k in row)}, :ingested_at)",
                    {**row, "ingested_at": ingested_at},
                )
                result.added.append(article.id)
        return result

    @staticmethod
    def _find_duplicate(conn: sqlite3.Connection, row: dict[str, Any]) -> str | None:
        # Checked one key at a time, most specific first, so the reported match is predictable.
        checks = [("id", row["id"]), ("url", row["url"]), ("fingerprint", row["fingerprint"])]
        for column, value in checks:
            if value is None:
                continue
            found = conn.execute(f"SELECT id FROM articles WHERE {column} = ?", (value,)).fetchone()
            if found is not None:
                return str(found[0])
        return None

    def get_article(self, article_id: str) -> Article:
        with self._read() as conn:
            row = conn.execute(f"{_SELECT_ARTICLE} WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return rows.article_from_row(row)

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Articles in insertion order: all of them, or those in `ids` (NotFound if one is unknown)."""
        if ids is not None:
            return iter(self._articles_by_id(list(dict.fromkeys(ids))))
        return self._iter_all()

    def _iter_all(self) -> Iterator[Article]:
        # Pages by `seq` rather than one open cursor: no read transaction stays open while the caller
        # works, and other threads can use the connection between pages.
        last = 0
        while True:
            with self._read() as conn:
                page = conn.execute(
                    f"SELECT seq, {_ARTICLE_FIELDS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, _PAGE),
                ).fetchall()
            if not page:
                return
            for row in page:
                yield rows.article_from_row(row[1:])
            last = page[-1][0]

    def _articles_by_id(self, ids: list[str]) -> list[Article]:
        found: list[tuple[Any, ...]] = []
        with self._read() as conn:
            for start in range(0, len(ids), _PAGE):
                chunk = ids[start : start + _PAGE]
                marks = ", ".join("?" * len(chunk))
                found.extend(
                    conn.execute(
                        f"SELECT seq, {_ARTICLE_FIELDS} FROM articles WHERE id IN ({marks})",
                        chunk,
                    ).fetchall()
                )
        if len(found) < len(ids):
            missing = sorted(set(ids) - {row[1] for row in found})
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise NotFound(f"no article with id {missing[0]!r}{more}")
        found.sort(key=lambda row: row[0])
        return [rows.article_from_row(row[1:]) for row in found]

    def article_ids(self) -> list[str]:
        """Every stored article id, in insertion order (ids only: cheap even for a large archive)."""
        with self._read() as conn:
            return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY seq")]

    def article_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search_articles(self, q: str, limit: int = 50) -> list[str]:
        """Ids of the articles whose title or text holds every word of `q`, best match first."""
        query = fts_query(q)
        if query is None or limit <= 0:
            return []
        with self._read() as conn:
            found = conn.execute(
                "SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank, a.seq LIMIT ?",
                (query, limit),
            ).fetchall()
        return [row[0] for row in found]

    # --- embedding cache ---

    def get_embeddings(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Cached vectors (float32 bytes) for those of `keys` the store holds."""
        found: dict[str, bytes] = {}
        with self._read() as conn:
            for start in range(0, len(keys), _SQL_VARIABLES):
                chunk = list(keys[start : start + _SQL_VARIABLES])
                marks = ",".join("?" * len(chunk))
                for key, vector in conn.execute(
                    f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk
                ):
                    found[key] = vector
        return found

    def put_embeddings(self, model: str, dim: int, items: Iterable[tuple[str, bytes]]) -> None:
        """Remember vectors by key; a key already present keeps its vector (same model, same text)."""
        rows = [(key, model, dim, vector) for key, vector in items]
        if not rows:
            return
        with self._write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO embeddings(key, model, dim, vector) VALUES (?, ?, ?, ?)", rows
            )

    def embedding_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])

    # --- clusterer state ---

    def get_cluster_state(self) -> tuple[str, bytes] | None:
        """(fingerprint, state) saved by the last ingest, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT fingerprint, state FROM cluster_state WHERE id = 1").fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def put_cluster_state(self, fingerprint: str, state: bytes) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO cluster_state (id, fingerprint, state) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state",
                (fingerprint, state),
            )

    # --- stories ---

    def replace_stories(self, briefs: Sequence[Brief], briefed_with: str | None = None) -> None:
        """The stories of the whole store were recomputed: store these, delete every other story.
        `briefed_with` records what made the briefs (see `story_members`)."""
        self._put_stories(briefs, replace_all=True, delete=(), briefed_with=briefed_with)

    def update_stories(
        self, briefs: Sequence[Brief], delete: Iterable[str] = (), briefed_with: str | None = None
    ) -> None:
        """Store or overwrite these stories and delete those in `delete`, leaving the others alone.

        For incremental updates, where one new article changes a few stories and the rest keep their
        stored briefs (`storyweave.api.refresh_stories`).
        """
        self._put_stories(briefs, replace_all=False, delete=delete, briefed_with=briefed_with)

    def story_members(self, briefed_with: str | None = None) -> dict[str, frozenset[str]]:
        """Every stored story's article ids. With `briefed_with`, only the stories whose brief was made
        with that fingerprint: the ones whose brief can be kept when their members are unchanged."""
        query = "SELECT s.id, m.article_id FROM stories s LEFT JOIN story_articles m ON m.story_id = s.id"
        params: tuple[str, ...] = ()
        if briefed_with is not None:
            query += " WHERE s.briefed_with = ?"
            params = (briefed_with,)
        members: dict[str, set[str]] = {}
        with self._read() as conn:
            for story_id, article_id in conn.execute(query, params):
                ids = members.setdefault(story_id, set())
                if article_id is not None:
                    ids.add(article_id)
        return {story_id: frozenset(ids) for story_id, ids in members.items()}

    def _put_stories(
        self, briefs: Sequence[Brief], replace_all: bool, delete: Iterable[str], briefed_with: str | None
    ) -> None:
        story_rows = [rows.story_row(brief, briefed_with) for brief in briefs]
        new_ids = [row["id"] for row in story_rows]
        if len(set(new_ids)) != len(new_ids):
            repeated = sorted({i for i in new_ids if new_ids.count(i) > 1})
            raise StoreError(f"story id given twice: {', '.join(repeated)}")
        with self._write() as conn:
            if replace_all:
                stale = {row[0] for row in conn.execute("SELECT id FROM stories")} - set(new_ids)
            else:
                stale = set(delete) - set(new_ids)
            conn.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in sorted(stale)])
            for brief, row in zip(briefs, story_rows, strict=True):
                current = conn.execute(
                    "SELECT brief, briefed_with FROM stories WHERE id = ?", (row["id"],)
                ).fetchone()
                if current is not None and tuple(current) == (row["brief"], row["briefed_with"]):
                    continue  # unchanged: everything else in the row derives from the brief
                columns = ", ".join(row)
                updates = ", ".join(f"{k} = excluded.{k}" for k in row if k != "id")
                conn.execute(
                    f"INSERT INTO stories ({columns}) VALUES ({', '.join(':' + k for k in row)}) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    row,
                )
                conn.execute("DELETE FROM story_articles WHERE story_id = ?", (row["id"],))
                self._insert_members(conn, row["id"], rows.member_ids(brief))

    @staticmethod
    def _insert_members(conn: sqlite3.Connection, story_id: str, article_ids: list[str]) -> None:
        try:
            conn.executemany(
                "INSERT INTO story_articles (story_id, article_id, position) VALUES (?, ?, ?)",
                [(story_id, article_id, n) for n, article_id in enumerate(article_ids)],
            )
        except sqlite3.IntegrityError as exc:
            unknown = [
                a
                for a in article_ids
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (a,)).fetchone() is None
            ]
            raise StoreError(
                f"story {story_id!r} lists articles that are not stored: {', '.join(unknown)}"
            ) from exc

    def list_stories(
        self,
        since: datetime | date | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        outlet: str | None = None,
        entity: str | None = None,
        q: str | None = None,
    ) -> list[StorySummary]:
        """Stories, newest `last_published` first, then biggest (undated ones last).

        `since` keeps those last published at or after it (a date means its midnight; naive values are
        taken as UTC); `outlet`, `entity` and `q` filter as `storyweave.store.filters.story_filter` says.
        """
        where, params = story_filter(since=since, outlet=outlet, entity=entity, q=q)
        params += [-1 if limit is None else limit, offset]
        with self._read() as conn:
            found = conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM stories {where} {_STORY_ORDER} LIMIT ? OFFSET ?", params
            ).fetchall()
        return [StorySummary(*row) for row in found]

    def story_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])

    def get_brief(self, story_id: str) -> Brief:
        with self._read() as conn:
            row = conn.execute("SELECT brief FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"no story with id {story_id!r}")
        return Brief.from_dict(json.loads(row[0]))

    def stories_of_article(self, article_id: str) -> list[str]:
        """Ids of the stories that hold the article, in story-list order ([] for an unknown article)."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT s.id FROM stories s JOIN story_articles m ON m.story_id = s.id "
                f"WHERE m.article_id = ? {_STORY_ORDER}",
                (article_id,),
            ).fetchall()
        return [row[0] for row in found]

    # --- whole-store ---

    def content_digest(self) -> str:
        """SHA-256 over all stored content in a canonical order; `ingested_at` and `seq` are left out."""
        digest = hashlib.sha256()
        tables = [
            ("articles", f"SELECT {_ARTICLE_FIELDS}, fingerprint FROM articles ORDER BY id"),
            ("stories", f"SELECT {_SUMMARY_COLUMNS}, brief FROM stories ORDER BY id"),
            (
                "story_articles",
                "SELECT story_id, article_id, position FROM story_articles ORDER BY story_id, position",
            ),
        ]
        with self._read() as conn:
            # One read transaction, so the digest is of one consistent snapshot.
            conn.execute("BEGIN")
            try:
                for name, sql in tables:
                    for row in conn.execute(sql):
                        digest.update(rows.canonical_json([name, *row]).encode("utf-8") + b"\n")
            finally:
                conn.execute("COMMIT")
        return digest.hexdigest()

    def backup(self, dest: str | Path) -> None:
        """Copy a consistent snapshot of the store to the file `dest` (replaced if it exists), online:
        other processes may keep reading and writing meanwhile."""
        with self._read() as conn:
            try:
                target = sqlite3.connect(str(dest))
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write backup {dest}: {exc}") from exc
            try:
                conn.backup(target)
            finally:
                target.close()

    # --- connection handling ---

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for read-only queries that live beside the store (store/web_queries.py);
        errors come out as StoreError. Writes go through the store's own methods only."""
        with self._read() as conn:
            yield conn

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.Error as exc:
                raise StoreError(f"store {self.path}: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"store {self.path}: cannot start writing: {exc}") from exc
            try:
                yield conn
            except BaseException as exc:
                _rollback(conn)
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"store {self.path}: {exc}") from exc
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise StoreError(f"store {self.path}: cannot commit: {exc}") from exc


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite rolls back by itself on some errors (disk full, interrupt); a second ROLLBACK would then
    # raise and hide the original error.
    if conn.in_transaction:
        conn.execute("ROLLBACK")
