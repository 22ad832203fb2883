"""`create_app(settings)`: the FastAPI app of `storyweave serve` — JSON API, HTML pages, static files."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyweave.brief.render import WITHIN_ONE_ARTICLE, within_one_article
from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.web import api_routes, errors, pages
from storyweave.web.config import WebSettings
from storyweave.web.errors import WebError, error_body
from storyweave.web.ingest import Ingester

# No inline script or style, nothing from elsewhere: an article's markup could not run even if it
# escaped the templates' escaping.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_PACKAGE = Path(str(resources.files("storyweave.web")))


def create_app(settings: Settings, web: WebSettings | None = None, store: Store | None = None) -> FastAPI:
    """The app over the store at `settings.store.path` (or the given open `store`, left open at exit)."""
    web = web or WebSettings.from_env(base=getattr(settings, "web", None))
    own_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The app may be started and stopped more than once (test clients do): reopen what it closed.
        if own_store and app.state.store_closed:
            app.state.store = Store(settings.store.path)
            app.state.store_closed = False
        yield
        if own_store:
            app.state.store.close()
            app.state.store_closed = True

    app = FastAPI(
        title="storyweave",
        summary="Stories from many outlets, one cited brief each.",
        version="1",
        docs_url=None,  # the Swagger/Redoc pages load scripts from a CDN: not offered
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.web = web
    app.state.store = store if store is not None else Store(settings.store.path)
    app.state.store_closed = False
    app.state.ingester = Ingester(settings)
    templates = Jinja2Templates(directory=str(_PACKAGE / "templates"))
    templates.env.autoescape = True  # every template, whatever its name: article data is never markup
    templates.env.filters["qid"] = lambda value: quote(str(value), safe="")
    templates.env.globals["STATIC"] = "/static"
    templates.env.globals["within_one_article"] = within_one_article
    templates.env.globals["within_one_article_note"] = WITHIN_ONE_ARTICLE
    app.state.templates = templates

    def html_error(request: Request, status: int, code: str, message: str) -> HTMLResponse:
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "code": code, "message": message}, status_code=status
        )

    errors.install(app, html_error)
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(_PACKAGE / "static")), name="static")
    app.add_middleware(BodyLimit, max_bytes=web.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.openapi_schema = None
    _add_security_scheme(app)
    return app


def _add_security_scheme(app: FastAPI) -> None:
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


class SecurityHeaders:
    """Adds the CSP and the other security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + list(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(WebError):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body over the limit of {max_bytes} bytes", "too_large")


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413 in the one error shape: at once when
    Content-Length says so, otherwise as soon as the streamed body passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(send)
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            error_body("too_large", f"request body over the limit of {self.max_bytes} bytes")
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
