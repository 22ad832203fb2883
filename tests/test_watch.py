"""`storyweave watch` against a real feed server on 127.0.0.1 whose feed grows between polls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storyweave.cli import EXIT_OK, EXIT_USAGE, main
from storyweave.store import Store

ITEMS = [
    (
        "https://coast.example/1",
        "Storm closes Harlen harbour",
        "A winter storm closed the harbour of Harlen on Monday, the port authority said. Ferries to the "
        "islands were cancelled and about 300 travellers waited in the terminal overnight.",
    ),
    (
        "https://coast.example/2",
        "Harlen ferries resume after storm",
        "Ferries from Harlen harbour to the islands resumed on Tuesday after Monday's storm, the port "
        "authority said, and the travellers who had waited in the terminal overnight sailed at dawn.",
    ),
    (
        "https://coast.example/3",
        "Harlen port counts storm damage",
        "The port authority of Harlen said on Wednesday that Monday's storm had damaged two quays and a "
        "crane, and that repairs to the harbour would take a month.",
    ),
]
POLLS: list[str] = []


def _feed(count: int) -> bytes:
    items = "".join(
        f"<item><link>{link}</link><title>{title}</title><description>{text}</description>"
        "<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item>"
        for link, title, text in ITEMS[:count]
    )
    return f'<rss version="2.0"><channel><title>Coast News</title>{items}</channel></rss>'.encode()


def _respond(path: str, headers: dict[str, str]) -> tuple[str, bytes] | None:
    POLLS.append(path)
    if path == "/broken":
        return "application/rss+xml", b"<rss><channel><item><title>cut off"
    if path == "/feed":
        # The feed grows by one item per poll: 2, then 3 items.
        return "application/rss+xml", _feed(min(3, 1 + POLLS.count("/feed")))
    return None


@pytest.fixture
def base_url(http_server: Callable[..., str]) -> str:
    POLLS.clear()
    return http_server(_respond)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def test_watch_adds_only_new_items_and_reports_each_round(
    base_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"{tmp_path}/store.db"
    code = main(
        ["watch", f"{base_url}/feed", f"{base_url}/broken", "--every", "0", "--rounds", "2", "--db", db]
    )
    assert code == EXIT_OK
    err = capsys.readouterr().err
    assert "round 1 at " in err and "ingested 2, duplicates 0, rejected 1" in err
    assert "round 2 at " in err and "ingested 1, duplicates 2, rejected 1" in err
    # The broken feed is named with its reason, once per round, and does not stop the good one.
    assert err.count(f"rejected {base_url}/broken") == 2
    assert POLLS.count("/feed") == 2
    with Store(db) as store:
        assert store.article_count() == 3
        stories = store.list_stories()
        assert len(stories) == 1 and stories[0].article_count == 3


def test_watch_rejects_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["watch", "http://127.0.0.1:9/feed", "--every", "-1", "--db", f"{tmp_path}/s.db"]) == EXIT_USAGE
    )
    assert "--every" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["watch", "http://127.0.0.1:9/feed", "--rounds", "0"])


def test_watch_fetches_conditionally_and_skips_unchanged_feeds(
    http_server: Callable[..., str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent: list[dict[str, str]] = []
    body = _feed(2)

    def respond(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        sent.append(headers)
        if headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body

    url = f"{http_server(respond)}/feed"
    db = f"{tmp_path}/store.db"
    assert main(["watch", url, "--every", "0", "--rounds", "3", "--db", db]) == EXIT_OK
    err = capsys.readouterr().err
    assert "If-None-Match" not in sent[0] and all(h.get("If-None-Match") == '"v1"' for h in sent[1:])
    assert "ingested 2, duplicates 0, rejected 0;" in err
    assert err.count("ingested 0, duplicates 0, rejected 0, unchanged 1;") == 2
    with Store(db) as store:
        assert store.article_count() == 2


def test_a_feed_that_does_not_parse_is_rejected_every_round_despite_its_etag(
    http_server: Callable[..., str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def respond(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("If-None-Match") == '"b1"':
            return 304, {"ETag": '"b1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"b1"'}, b"<rss><channel><item>cut"

    url = f"{http_server(respond)}/broken"
    assert main(["watch", url, "--every", "0", "--rounds", "2", "--db", f"{tmp_path}/s.db"]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.count(f"rejected {url}") == 2 and "unchanged" not in err


def test_a_304_to_an_unconditional_get_is_an_error_not_unchanged(http_server: Callable[..., str]) -> None:
    from storyweave.ingest.urls import FetchValidators, NotModified, fetch_document
    from storyweave.settings import IngestSettings

    url = f"{http_server(lambda path, headers: (304, {}, b''))}/feed"
    result = fetch_document(url, IngestSettings(), validators=FetchValidators())
    assert not isinstance(result, NotModified) and "304" in result.reason  # type: ignore[union-attr]
