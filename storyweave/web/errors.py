"""The one JSON error shape, `{"error": {"code", "message"}}`, and the translation of storyweave errors.

Requests under /api (and /openapi.json) get JSON; HTML pages get an HTML error page with the same code.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyweave.errors import ConfigError, InputError, NotFound, StoreError, StoryweaveError

# storyweave error class -> HTTP status (the first matching class wins).
STATUS: tuple[tuple[type[StoryweaveError], int], ...] = (
    (NotFound, 404),
    (InputError, 400),
    (ConfigError, 422),
    (StoreError, 503),
)

# HTTP status -> error code, for errors raised by the HTTP layer itself.
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class WebError(Exception):
    """An error the HTTP layer raises on purpose (bad token, too large, bad parameter)."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or HTTP_CODES.get(status, "error")


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def status_of(exc: StoryweaveError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def install(app: FastAPI, html_error: Any) -> None:
    """Register the handlers; `html_error(request, status, code, message)` renders the HTML page."""

    def respond(request: Request, status: int, code: str, message: str, details: Any = None) -> Response:
        if wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)
        return html_error(request, status, code, message)  # type: ignore[no-any-return]

    @app.exception_handler(StoryweaveError)
    async def _storyweave(request: Request, exc: StoryweaveError) -> Response:
        status = status_of(exc)
        return respond(request, status, exc.code, str(exc))

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details) or "invalid request"
        return respond(request, 422, "invalid_request", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return respond(request, 500, "internal_error", "internal server error")
