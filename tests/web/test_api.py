"""The HTTP JSON API: listing, paging, filters, one error shape, 404/422/413, token, OpenAPI."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_fixtures import TOKEN, URL_ID, WEB

from storyweave.model import BRIEF_KEYS
from storyweave.settings import Settings
from storyweave.web import WebSettings, create_app


def assert_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_story_list_newest_first_and_paged(client: TestClient) -> None:
    first = client.get("/api/stories").json()
    assert [s["id"] for s in first["stories"]][:2] == ["s-summit", "s-big"]
    assert first["total"] == 13 and first["per_page"] == WEB.page_size and first["next"] == 2
    assert set(first["stories"][0]) == {
        "id", "title", "article_count", "outlet_count", "first_published", "last_published", "conflict_count",
    }  # fmt: skip
    assert first["stories"][0]["conflict_count"] == 1
    seen = []
    page = 1
    while page is not None:
        body = client.get("/api/stories", params={"page": page}).json()
        seen += [s["id"] for s in body["stories"]]
        page = body["next"]
    assert len(seen) == len(set(seen)) == 13
    assert client.get("/api/stories", params={"page": 99}).json() == {
        "stories": [], "next": None, "page": 99, "per_page": WEB.page_size, "total": 13,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outlet": "east courier"}, ["s-summit"]),
        ({"entity": "Ivan Korsaks"}, ["s-summit"]),
        ({"entity": "e-lakeside"}, ["s-summit"]),
        ({"q": "ferry strike"}, ["s-big"]),
        ({"q": "Millbrook", "since": "2023-10-10"}, ["s-small-10", "s-small-09"]),
        ({"since": "2023-11-21T00:00:00+00:00"}, ["s-summit"]),
        ({"q": "((("}, []),
    ],
)
def test_story_list_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    body = client.get("/api/stories", params=params).json()
    assert [s["id"] for s in body["stories"]] == expected


def test_brief_is_the_contract(client: TestClient) -> None:
    brief = client.get("/api/stories/s-summit").json()
    assert tuple(brief) == BRIEF_KEYS
    assert brief["story"]["id"] == "s-summit"
    for key in (
        "summary",
        "claims",
        "conflicts",
        "quotes",
        "entities",
        "timeline",
        "shared_passages",
        "coverage",
    ):
        assert brief[key], key


def test_article_with_its_stories(client: TestClient) -> None:
    body = client.get("/api/articles/east-2").json()
    assert body["id"] == "east-2" and body["outlet"] == "East Courier" and body["stories"] == ["s-summit"]
    assert "text" in body and "analysis" not in body


def test_story_with_hundreds_of_articles(client: TestClient) -> None:
    brief = client.get("/api/stories/s-big").json()
    assert len(brief["articles"]) == brief["story"]["article_count"] == 260
    page = client.get("/stories/s-big", params={"page": 6})
    assert page.status_code == 200
    assert "big-250" in page.text and "big-259" in page.text and "big-249" not in page.text
    assert "page 6 of 6" in page.text
    assert client.get("/stories/s-big", params={"page": 0}).status_code == 422


@pytest.mark.parametrize(
    "url", ["/api/stories/nope", "/api/articles/nope", "/api/articles/a/b?c", "/api/nothing-here"]
)
def test_unknown_ids_are_404_in_the_error_shape(client: TestClient, url: str) -> None:
    assert_error(client.get(url), 404, "not_found")


@pytest.mark.parametrize(
    "params",
    [{"page": "0"}, {"page": "x"}, {"page": "1.5"}, {"per_page": "0"}, {"per_page": "1000"},
     {"since": "yesterday"}, {"since": "2023-13-45"}],
)  # fmt: skip
def test_malformed_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    assert_error(client.get("/api/stories", params=params), 422, "invalid_request")


def test_writes_need_the_token(client: TestClient) -> None:
    record = {"articles": [{"id": "x1", "text": "Some text about a river."}]}
    assert_error(client.post("/api/articles", json=record), 401, "unauthorized")
    bad = {"Authorization": "Bearer wrong"}
    assert_error(client.post("/api/articles", json=record, headers=bad), 401, "unauthorized")
    assert client.post("/api/articles", json=record).headers.get("www-authenticate") == "Bearer"


def test_writes_refused_when_no_token_is_configured(app_settings: Settings) -> None:
    app = create_app(app_settings, WebSettings(token=""))
    with TestClient(app) as c:
        response = c.post("/api/articles", json={"articles": []}, headers={"Authorization": "Bearer "})
        assert_error(response, 403, "forbidden")


def test_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYWEAVE_TOKEN", "from-env")
    assert WebSettings.from_env().token == "from-env"
    assert WebSettings.from_env(environ={}).token == ""


def test_oversized_uploads_are_413(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    big = "x" * (WEB.max_upload_bytes + 1)
    assert_error(
        client.post("/api/articles", json={"articles": [{"id": "b", "text": big}]}, headers=headers),
        413,
        "too_large",
    )
    files = {"files": ("big.txt", big.encode(), "text/plain")}
    assert_error(client.post("/api/articles", files=files, headers=headers), 413, "too_large")

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(WEB.max_upload_bytes // 10_000 + 2):
            yield b"y" * 10_000

    # No Content-Length (chunked): refused while streaming.
    streamed = client.post(
        "/api/articles", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert_error(streamed, 413, "too_large")


def test_bad_bodies(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(
        client.post(
            "/api/articles", content=b"{not json", headers={**headers, "Content-Type": "application/json"}
        ),
        400,
        "bad_request",
    )
    assert_error(client.post("/api/articles", json={"articles": []}, headers=headers), 422, "invalid_request")
    assert_error(
        client.post("/api/articles", content=b"hi", headers={**headers, "Content-Type": "text/plain"}),
        415,
        "unsupported_media_type",
    )


def test_security_headers_everywhere(client: TestClient) -> None:
    for url in ("/", "/stories/s-summit", "/api/stories", "/api/stories/nope", "/static/app.js"):
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/articles"} <= set(
        paths
    )
    assert "post" in paths["/api/articles"]
    assert not any(p.startswith("/stories") for p in paths)  # HTML pages are not API


def test_url_ids_round_trip(client: TestClient) -> None:
    body = client.get(f"/api/articles/{quote(URL_ID, safe='')}").json()
    assert body["id"] == URL_ID and body["stories"] == []
    html = client.get("/search", params={"q": "tram fares"}).text
    assert f'href="/articles/{quote(URL_ID, safe="")}"' in html
    page = client.get(f"/articles/{quote(URL_ID, safe='')}")
    assert page.status_code == 200 and "&lt;b&gt;" in page.text
