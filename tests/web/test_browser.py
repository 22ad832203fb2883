"""Browser tests: Playwright driving Debian's chromium against a real uvicorn server.

Screenshots go to `$STORYWEAVE_TEST_ARTIFACTS` when set, else to a pytest temporary folder
(`<basetemp>/web-artifacts0/`). Skipped only when /usr/bin/chromium is absent (`make test` installs it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from web_fixtures import TOKEN, WEB, LiveServer, hostile_record

from storyweave.settings import Settings
from storyweave.web import create_app

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent: apt-get install -y chromium (make test does)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def test_front_page(page, live_server: LiveServer, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    items = page.locator("li.story-item")
    assert items.count() == WEB.page_size
    assert items.first.locator("a.story-title").inner_text() == "Arland and Brevia sign river accord"
    assert items.first.locator(".badge.conflict").inner_text() == "1 conflict"
    page.screenshot(path=str(artifacts_dir / "front.png"), full_page=True)
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/?page=2")
    assert page.locator("li.story-item").count() == WEB.page_size
    assert not page.errors


def test_story_page_and_following_a_citation(page, live_server: LiveServer, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    page.locator("a.story-title", has_text="river accord").click()
    page.wait_for_url("**/stories/s-summit")
    assert page.locator("html[data-js=ready]").count() == 1
    for section in ("claims", "conflicts", "quotes", "entities", "framing", "timeline", "shared", "coverage"):
        assert page.locator(f"section#{section}").is_visible(), section
    passage = page.locator("#sup-0-1")
    assert passage.is_hidden()
    cite = page.locator('button.cite[aria-controls="sup-0-1"]')
    cite.click()
    assert passage.is_visible()
    assert cite.get_attribute("aria-expanded") == "true"
    expected = passage.locator("p.quote").inner_text()
    assert "officials said" in expected
    page.screenshot(path=str(artifacts_dir / "story-citation-open.png"), full_page=True)
    passage.locator("a.open-passage").click()
    page.wait_for_url("**/articles/east-2?start=*")
    marked = page.locator("mark#passage")
    assert marked.inner_text() == expected
    assert marked.is_visible()
    page.screenshot(path=str(artifacts_dir / "article-passage.png"))
    page.go_back()
    page.locator('button.cite[aria-controls="sup-0-0"]').click()
    page.keyboard.press("Escape")
    assert page.locator("#sup-0-0").is_hidden()
    assert not page.errors


def test_search(page, live_server: LiveServer, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "pollution")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=pollution")
    hit = page.locator("li.hit").first
    assert hit.locator("mark").first.inner_text().lower() == "pollution"
    page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)
    hit.locator("a").first.click()
    page.wait_for_url("**/articles/south-3")
    page.locator("a.back").first.click()
    page.wait_for_url("**/stories/s-summit#s-1")
    assert not page.errors


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A fresh store filled through the real HTTP ingest (and the real pipeline)."""
    settings = Settings().with_db(str(tmp_path_factory.mktemp("hostile") / "store.db"))
    with LiveServer(create_app(settings, WEB)) as server:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        record = hostile_record()
        response = httpx.post(
            server.url + "/api/articles", json={"articles": [record]}, headers=headers, timeout=120
        )
        assert response.status_code == 200, response.text
        assert response.json()["added"] == [record["id"]]
        upload = (
            b"<script>alert('file')</script> A second report on the river summit <b onmouseover=alert(1)>"
            b" says the accord was signed.\n\n</textarea><iframe src=javascript:alert(2)></iframe>"
        )
        files = {"files": ("evil<img src=x onerror=alert(3)>.txt", upload, "text/plain")}
        response = httpx.post(server.url + "/api/articles", files=files, headers=headers, timeout=120)
        assert response.status_code == 200, response.text
        yield server


def test_hostile_article_runs_nothing(page, hostile_server: LiveServer, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    record = hostile_record()
    stories = httpx.get(hostile_server.url + "/api/stories").json()["stories"]
    assert stories
    urls = ["/", "/search?q=summit", "/search?q=script", f"/articles/{quote(record['id'], safe='')}"]
    urls += [f"/stories/{quote(s['id'], safe='')}" for s in stories]
    for n, url in enumerate(urls):
        page.goto(hostile_server.url + url)
        page.wait_for_load_state("load")
        for cite in page.locator("button.cite").all():
            cite.click()
        page.mouse.move(10, 10)
        for mark in page.locator("mark, b, a").all()[:30]:
            if mark.is_visible():
                mark.hover()
        assert page.evaluate("window.__pwned") is None, url
        assert page.dialogs == [], url
        assert page.locator("script:not([src])").count() == 0, url
        assert page.locator("img, svg, iframe, textarea").count() == 0, url
        assert page.locator("a[href^='javascript' i]").count() == 0, url
        page.screenshot(path=str(artifacts_dir / f"hostile-{n}.png"), full_page=True)
    page.goto(hostile_server.url + f"/articles/{quote(record['id'], safe='')}")
    shown = page.locator("article.article").inner_text()
    assert "<script>" in shown and "onerror=" in shown  # shown as text, not run
    assert page.locator("h1").inner_text() == record["title"]
    assert page.locator("a.source-link").count() == 0
