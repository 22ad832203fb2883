"""http(s) inputs, against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.ingest.urls import USER_AGENT, fetch_document
from storyweave.model import Article
from storyweave.settings import IngestSettings

BODY = "".join(f"<p>Paragraph {n} of the lighthouse story, told in full sentences.</p>" for n in range(6))
ROUTES: dict[str, tuple[str, bytes]] = {
    "/story": ("text/html; charset=utf-8", f"<html><body><article>{BODY}</article></body></html>".encode()),
    "/feed": (
        "application/rss+xml",
        b'<rss version="2.0"><channel><title>Coast News</title><item><link>http://x.example/1</link>'
        b"<description>Lighthouse keeper retires after forty years.</description></item></channel></rss>",
    ),
    "/plain": ("text/plain; charset=iso-8859-1", "The caf\u00e9 reopened on Monday.".encode("latin-1")),
    "/big": ("text/html", b"<p>" + b"x" * 5000 + b"</p>"),
}
SEEN_AGENTS: list[str] = []


@pytest.fixture
def base_url(http_server: Callable[..., str]) -> str:
    def respond(path: str, headers: dict[str, str]) -> tuple[str, bytes] | None:
        SEEN_AGENTS.append(headers.get("User-Agent", ""))
        return ROUTES.get(path)

    return http_server(respond)


def test_html_page_by_url(base_url: str) -> None:
    url = f"{base_url}/story"
    [article] = list(iter_inputs([url], IngestSettings()))
    assert isinstance(article, Article)
    assert article.id == url and article.url == url and article.source == url
    assert article.text.startswith("Paragraph 0 of the lighthouse story")
    assert SEEN_AGENTS[-1] == USER_AGENT


def test_feed_by_content_type(base_url: str) -> None:
    [article] = list(iter_inputs([f"{base_url}/feed"], IngestSettings()))
    assert isinstance(article, Article)
    assert article.id == "http://x.example/1" and article.outlet == "Coast News"


def test_declared_charset(base_url: str) -> None:
    [article] = list(iter_inputs([f"{base_url}/plain"], IngestSettings()))
    assert isinstance(article, Article) and article.text == "The café reopened on Monday."
    assert article.warnings == []


def test_errors_are_rejected_and_the_rest_goes_on(base_url: str) -> None:
    items = list(iter_inputs([f"{base_url}/missing", f"{base_url}/story"], IngestSettings()))
    assert items[0] == Rejected(f"{base_url}/missing", "HTTP error 404 Not Found")
    assert isinstance(items[1], Article)


def test_size_cap(base_url: str) -> None:
    result = fetch_document(f"{base_url}/big", IngestSettings(max_file_bytes=1000))
    assert isinstance(result, Rejected) and "over the limit of 1000 bytes" in result.reason


def test_unreachable_host() -> None:
    # Port 9 on localhost: nothing listens there; refused at once, no network needed.
    result = fetch_document("http://127.0.0.1:9/", IngestSettings(), timeout=2)
    assert isinstance(result, Rejected) and result.reason.startswith("cannot fetch")
