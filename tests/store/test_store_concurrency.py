"""A writer process and a reader process on one store file (WAL + busy timeout)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from storyweave.errors import StoreError
from storyweave.model import Article
from storyweave.store import Store

# The child stores one article inside a batch and keeps the batch's transaction open until told to go on.
_WRITER = textwrap.dedent(
    """
    import sys
    from storyweave.model import Article
    from storyweave.store import Store

    def batch():
        yield Article(id="from-child", text="Written by the other process.")
        print("holding", flush=True)
        sys.stdin.readline()

    with Store(sys.argv[1]) as store:
        print(store.add_articles(batch()).added, flush=True)
    """
)


def test_reader_reads_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with Store(db) as store:
        store.add_articles([Article(id="first", text="Already stored.")])
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "holding"
        with Store(db, timeout=0.2) as reader:
            # Not blocked by the open write transaction, and does not see its uncommitted row.
            assert reader.article_count() == 1
            assert [a.id for a in reader.iter_articles()] == ["first"]
            # A second writer waits for the lock, then gives up with a clear error.
            with pytest.raises(StoreError, match="locked"):
                reader.add_articles([Article(id="second", text="Written by this process.")])
            child.stdin.write("\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "['from-child']"
            assert child.wait(timeout=30) == 0
            assert [a.id for a in reader.iter_articles()] == ["first", "from-child"]
            assert reader.add_articles([Article(id="second", text="Written by this process.")]).added == [
                "second"
            ]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_one_store_shared_by_threads(tmp_path: Path) -> None:
    # A web server's worker threads share one Store while a request adds articles.
    with Store(tmp_path / "threads.db") as store:
        store.add_articles([Article(id="seed", text="The first article.")])
        errors: list[BaseException] = []

        def read() -> None:
            try:
                for _ in range(50):
                    assert store.article_count() >= 1
                    assert store.get_article("seed").text == "The first article."
                    ids = [a.id for a in store.iter_articles()]
                    assert ids[0] == "seed" and ids == sorted(ids, key=lambda i: (i != "seed", len(i), i))
            except BaseException as exc:  # reported to the main thread below
                errors.append(exc)

        readers = [threading.Thread(target=read) for _ in range(4)]
        for thread in readers:
            thread.start()
        for n in range(50):
            store.add_articles([Article(id=f"t{n}", text=f"Threaded article number {n}.")])
        for thread in readers:
            thread.join()
        assert errors == []
        assert store.article_count() == 51
