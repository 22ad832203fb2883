"""Request-scoped helpers shared by the API routes and the pages: the store, settings, parameters."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from storyweave.model import parse_published
from storyweave.settings import Settings
from storyweave.store import Store
from storyweave.web.config import WebSettings
from storyweave.web.errors import WebError


async def get_store(request: Request) -> Store:
    # async: FastAPI would run a plain function dependency in its thread pool, one hop per request.
    return request.app.state.store  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_web(request: Request) -> WebSettings:
    return request.app.state.web  # type: ignore[no-any-return]


def parse_since(value: str | None) -> datetime | None:
    """`since` as an ISO date or datetime; anything else is a 422."""
    if value is None or not value.strip():
        return None
    try:
        return parse_published(value.strip())
    except ValueError:
        raise WebError(422, f"since: not an ISO date or datetime: {value!r}", "invalid_request") from None


def blank_to_none(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None
