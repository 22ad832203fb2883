"""Opening, migrating and refusing databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyweave.errors import StoreError
from storyweave.model import Article
from storyweave.store import SCHEMA_VERSION, Store
from storyweave.store.schema import MIGRATIONS, migrate, schema_version


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}


def test_new_database_is_migrated_to_latest_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with Store(db) as store:
        conn = store._connection()
        assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    names = _tables(db)
    for expected in (
        "articles",
        "articles_fts",
        "stories",
        "story_articles",
        "articles_url",
        "articles_fingerprint",
        "story_articles_article",
    ):
        assert expected in names


def test_reopening_keeps_content_and_does_not_migrate_again(tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    with Store(db) as store:
        store.add_articles([Article(id="a1", text="The bridge reopened on Monday.")])
        digest = store.content_digest()
    with Store(str(db)) as store:
        assert store.article_count() == 1
        assert store.get_article("a1").text == "The bridge reopened on Monday."
        assert store.content_digest() == digest
        assert schema_version(store._connection()) == SCHEMA_VERSION


def test_memory_store_works() -> None:
    with Store(":memory:") as store:
        assert store.add_articles([Article(id="m", text="in memory")]).added == ["m"]
        assert store.article_count() == 1


def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    # Refusing must not have touched it.
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is a text file, not SQLite, and long enough to have a header" * 4)
    with pytest.raises(StoreError, match=r"notes\.db"):
        Store(bogus)


def test_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path / "no" / "such" / "dir" / "x.db")


def test_closed_store_is_a_store_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "closed.db")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.article_count()


def test_migrations_apply_in_order_and_only_the_missing_ones(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "steps.db", isolation_level=None)
    first = [("CREATE TABLE t (x INTEGER)",)]
    assert migrate(conn, "steps", first) == 1
    conn.execute("INSERT INTO t VALUES (1)")
    second = [*first, ("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'z'",)]
    # Re-running the first migration would fail (table exists): only the second may run.
    assert migrate(conn, "steps", second) == 2
    assert conn.execute("SELECT x, y FROM t").fetchall() == [(1, "z")]


def test_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "broken.db", isolation_level=None)
    broken = [("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL")]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, "broken", broken)
    assert schema_version(conn) == 0
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    assert not conn.in_transaction
