"""The HTTP JSON API under /api (DESIGN.md, "HTTP"). Each route calls the store or storyweave.api."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from storyweave.model import BRIEF_KEYS
from storyweave.store import Store
from storyweave.store.web_queries import brief_json, count_stories
from storyweave.web.common import blank_to_none, get_settings, get_store, get_web, parse_since
from storyweave.web.errors import WebError
from storyweave.web.ingest import Upload, read_records, read_uploads, report_dict

router = APIRouter(prefix="/api", tags=["api"])


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class StoryItem(BaseModel):
    id: str
    title: str | None
    article_count: int
    outlet_count: int
    first_published: str | None
    last_published: str | None
    conflict_count: int


class StoryPage(BaseModel):
    stories: list[StoryItem]
    next: int | None  # the next page number, or null on the last page
    page: int
    per_page: int
    total: int


class IngestResult(BaseModel):
    model_config = ConfigDict(extra="allow")
    added: list[str]
    duplicates: list[dict[str, str]]
    rejected: list[dict[str, str]]
    stories: int


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorBody, "description": "error"} for c in codes}


@router.get("/stories", response_model=StoryPage, responses=_errors(422, 503))
async def list_stories(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    since: Annotated[
        str | None, Query(description="ISO date or datetime: last published at or after")
    ] = None,
    outlet: Annotated[str | None, Query(description="a member article from this outlet")] = None,
    entity: Annotated[
        str | None, Query(description="the brief names this entity (name, alias or id)")
    ] = None,
    q: Annotated[str | None, Query(description="full-text search over member articles")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int | None, Query(ge=1)] = None,
) -> JSONResponse:
    web = get_web(request)
    size = per_page or web.page_size
    if size > web.max_page_size:
        raise WebError(422, f"per_page: at most {web.max_page_size}", "invalid_request")
    filters = {
        "since": parse_since(since),
        "outlet": blank_to_none(outlet),
        "entity": blank_to_none(entity),
        "q": blank_to_none(q),
    }
    total = count_stories(store, **filters)
    stories = store.list_stories(limit=size, offset=(page - 1) * size, **filters)
    body = {
        "stories": [s.to_dict() for s in stories],
        "next": page + 1 if page * size < total else None,
        "page": page,
        "per_page": size,
        "total": total,
    }
    # A Response is sent as is: the response model documents the shape without re-validating it.
    return JSONResponse(body)


@router.get("/stories/{story_id}", responses=_errors(404, 503))
async def get_story(story_id: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    """The story's Brief (DESIGN.md, "Brief JSON")."""
    # Served from the stored JSON, top-level keys in contract order: no model objects are built.
    data = json.loads(brief_json(store, story_id))
    ordered = {key: data.pop(key) for key in BRIEF_KEYS if key in data} | data
    return Response(json.dumps(ordered, ensure_ascii=False), media_type="application/json")


@router.get("/articles/{article_id:path}", responses=_errors(404, 503))
async def get_article(article_id: str, store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    """What ingestion made of the article (as `storyweave extract`), plus the stories that hold it."""
    article = store.get_article(article_id)
    record = article.extract_record()
    record["author"] = article.author
    record["stories"] = store.stories_of_article(article.id)
    return record


_RECORDS = {"type": "array", "items": {"type": "object"}}
_FILES = {"type": "array", "items": {"type": "string", "format": "binary"}}
_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object", "properties": {"articles": _RECORDS}, "required": ["articles"]},
                        _RECORDS,
                    ]
                }
            },
            "multipart/form-data": {"schema": {"type": "object", "properties": {"files": _FILES}}},
        },
    },
    "security": [{"bearer": []}],
}


@router.post(
    "/articles",
    response_model=IngestResult,
    responses=_errors(400, 401, 403, 413, 415, 422, 503),
    openapi_extra=_INGEST_BODY,
)
async def post_articles(request: Request) -> dict[str, Any]:
    """Ingest articles: JSON records (`{"articles": [...]}` or a list) or uploaded files (multipart field
    `files`). Needs the write token (`Authorization: Bearer TOKEN`)."""
    check_token(request)
    settings = get_settings(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        body = await request.body()
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise WebError(400, f"body is not valid JSON: {exc}", "bad_request") from None
        records = data.get("articles") if isinstance(data, dict) and "articles" in data else data
        if not isinstance(records, list | dict) or not records:
            raise WebError(
                422, 'expected {"articles": [record, ...]} with at least one record', "invalid_request"
            )
        result = await run_in_threadpool(read_records, records, settings)
    elif content_type == "multipart/form-data":
        try:
            form = await request.form(max_files=1000, max_fields=1000)
        except WebError:
            raise
        except Exception as exc:  # malformed multipart bodies
            raise WebError(400, f"cannot read the form: {exc}", "bad_request") from None
        uploads = []
        for _key, value in form.multi_items():
            if isinstance(value, str):
                continue
            uploads.append(Upload(value.filename or "upload", await value.read()))
        await form.close()
        if not uploads:
            raise WebError(422, "no files in the form (field `files`)", "invalid_request")
        result = await run_in_threadpool(read_uploads, uploads, settings)
    else:
        raise WebError(415, "send application/json or multipart/form-data", "unsupported_media_type")
    report = await run_in_threadpool(request.app.state.ingester, result, request.app.state.store)
    return report_dict(report)


def check_token(request: Request) -> None:
    token = get_web(request).token
    if not token:
        raise WebError(
            403, "writes are disabled: no write token is configured (STORYWEAVE_TOKEN)", "forbidden"
        )
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer":
        value = request.headers.get("x-storyweave-token", "")
    if not value or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise WebError(401, "a valid write token is required (Authorization: Bearer TOKEN)", "unauthorized")
