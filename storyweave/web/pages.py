"""The server-rendered web UI: front page, story, article, search. Templates autoescape everything."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from storyweave.errors import NotFound
from storyweave.store import Store
from storyweave.store.web_queries import (
    count_article_hits,
    count_stories,
    outlet_counts,
    search_article_hits,
    search_entities,
    story_titles,
)
from storyweave.web.common import blank_to_none, get_store, get_web, parse_since
from storyweave.web.views import article_segments, hit_segments, pager, safe_url, story_view

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)  # type: ignore[no-any-return]


@router.get("/", response_class=HTMLResponse)
async def front_page(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    since: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    size = get_web(request).page_size
    filters = {"since": parse_since(since), "outlet": blank_to_none(outlet), "entity": blank_to_none(entity)}
    total = count_stories(store, **filters)
    stories = store.list_stories(limit=size, offset=(page - 1) * size, **filters)
    counts = outlet_counts(store, [s.id for s in stories])
    return render(
        request,
        "index.html",
        {
            "stories": stories,
            "counts": counts,
            "pager": pager(page, size, total),
            "filters": {k: v for k, v in {"since": since, "outlet": outlet, "entity": entity}.items() if v},
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(
    request: Request,
    story_id: str,
    store: Annotated[Store, Depends(get_store)],
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    brief = store.get_brief(story_id)
    view = story_view(brief, store, page, get_web(request).story_articles_page_size)
    return render(request, "story.html", view)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(
    request: Request,
    article_id: str,
    store: Annotated[Store, Depends(get_store)],
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    article = store.get_article(article_id)
    briefs = []
    for sid in store.stories_of_article(article.id):
        try:
            briefs.append(store.get_brief(sid))
        except NotFound:  # deleted between the two reads
            continue
    focus = (start, end) if start is not None and end is not None else None
    return render(
        request,
        "article.html",
        {
            "article": article,
            "link": safe_url(article.url),
            "segments": article_segments(article, briefs, focus),
            "stories": [(b.story.id, b.story.title) for b in briefs],
            "published": article.to_dict()["published"],
        },
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = get_web(request).search_limit
    query = q.strip()
    hits = search_article_hits(store, query, limit=size, offset=(page - 1) * size) if query else []
    total = count_article_hits(store, query) if query else 0
    stories_of = {h.header.id: store.stories_of_article(h.header.id) for h in hits}
    titles = story_titles(store, [s for ids in stories_of.values() for s in ids])
    entities = search_entities(store, query, limit=size) if query and page == 1 else []
    stories = store.list_stories(limit=size, q=query) if query and page == 1 else []
    return render(
        request,
        "search.html",
        {
            "q": query,
            "hits": [(h, hit_segments(h.snippet), stories_of[h.header.id]) for h in hits],
            "titles": titles,
            "entities": entities,
            "stories": stories,
            "pager": pager(page, size, total),
        },
    )
