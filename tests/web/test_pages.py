"""The server-rendered pages, read as HTML (the browser tests click through them)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_front_page_lists_stories_with_counts_and_conflict_badge(client: TestClient) -> None:
    html = client.get("/").text
    assert html.index("Arland and Brevia sign river accord") < html.index("Ferry strike in Portville")
    assert "1 conflict" in html
    assert "260 articles" in html and "7 outlets" in html
    assert 'href="/?page=2"' in html


def test_front_page_filters(client: TestClient) -> None:
    html = client.get("/", params={"outlet": "Millbrook Post"}).text
    assert "Millbrook council item 10" in html and "Ferry strike" not in html


def test_story_page_renders_every_section(client: TestClient) -> None:
    html = client.get("/stories/s-summit").text
    for section in ("summary", "claims", "conflicts", "quotes", "entities", "framing", "timeline", "shared",
                    "coverage", "sources"):  # fmt: skip
        assert f'<section id="{section}">' in html, section
    assert "Corroborated" in html and "Single source" in html and "Conflicting" in html
    assert "about 20" in html and "number of documents signed" in html
    assert "within one article" not in html  # the fixture's two values come from two articles
    assert "This river unites us." in html and 'class="speaker">Ivan Korsak<' in html
    assert "Ivan Korsaks" in html  # alias
    assert '<mark class="evaluative">' in html  # framing: "authoritarian"
    assert "<mark>Thursday, officials said.</mark>" in html  # shared passage difference
    assert 'aria-controls="sup-0-1"' in html and "?start=0&amp;end=" in html


def test_article_page_links_passages_back_to_stories(client: TestClient) -> None:
    html = client.get("/articles/south-3").text
    assert '<mark class="cited" id="p-' in html
    assert 'href="/stories/s-summit#s-1"' in html
    focused = client.get("/articles/north-1", params={"start": 4, "end": 11}).text
    assert '<mark class="cited" id="passage">leaders' in focused


def test_search_finds_articles_entities_and_stories(client: TestClient) -> None:
    html = client.get("/search", params={"q": "pollution"}).text
    assert "<mark>pollution</mark>" in html and "/articles/south-3" in html
    html = client.get("/search", params={"q": "korsaks"}).text
    assert 'id="entity-hits"' in html and "Ivan Korsak" in html
    assert "No article matches" in client.get("/search", params={"q": "zzzzqqq"}).text
    assert client.get("/search", params={"q": '"AND ( NEAR'}).status_code == 200


def test_html_errors(client: TestClient) -> None:
    response = client.get("/stories/nope")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no story with id" in response.text
    assert client.get("/?page=abc").status_code == 422
    assert client.get("/articles/x", params={"start": -1, "end": 3}).status_code in (404, 422)
