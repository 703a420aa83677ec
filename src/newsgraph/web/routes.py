"""The read-only JSON endpoints under ``/api/``: thin layers over ``newsgraph.store``.

Each list answer is ``{"<what>": [...], "total": n, "limit": l, "offset": o}``; every error comes
in the shape of ``problems``. The store runs every query with bound parameters.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import State

from ..ontology import EVENT_TYPES, QUAD
from ..store import Store, browse, review
from ..store.review import aggregates
from .cache import AnswerCache
from .params import (
    ArticleQuery,
    EntityQuery,
    EventQuery,
    ExportQuery,
    NetworkQuery,
    NoParameters,
    PlacesQuery,
    QuoteQuery,
    SearchQuery,
    TimelineQuery,
)
from .problems import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
EXPORT_MEDIA = {"plover": "application/x-ndjson", "gdelt": "text/tab-separated-values", "csv": "text/csv"}
EXPORT_SUFFIX = {"plover": "jsonl", "gdelt": "tsv", "csv": "csv"}
# Threads that compute answers at once (the thread pool's default is 40). More than the cores only
# fight the event loop for the GIL, which delays every answer the loop could give from the cache;
# on 2 cores, 50 clients: cache off p99 850 -> 270 ms and twice the requests, warm p99 230 -> 170 ms.
QUERY_THREADS = max(2, min(8, os.cpu_count() or 2))


def query_pool(state: State) -> ThreadPoolExecutor:
    """Return the app's pool of ``QUERY_THREADS`` threads for answers that query the database.

    Made on first use on the event loop, and again after the app's lifespan has shut it down (an app
    may be served more than once, as the tests do).

    A plain executor rather than anyio's thread pool with a capacity limiter: handing a question to a
    thread is then a queue put, where anyio's bookkeeping cost the event loop about a third of its
    time per uncached event query.
    """
    pool: ThreadPoolExecutor | None = getattr(state, "query_pool", None)
    if pool is None:
        pool = state.query_pool = ThreadPoolExecutor(QUERY_THREADS, thread_name_prefix="newsgraph-query")
    return pool


def store_of(request: Request) -> Store:
    """Return the app's store (opened once at start-up)."""
    store: Store = request.app.state.store
    return store


async def cached_json(
    state: State, name: str, params: BaseModel, compute: Callable[[], Any], *path: str
) -> bytes:
    """Return the answer's JSON bytes from the app's cache, computing it in a worker thread when missing.

    ``path``: the path parameters that, with ``name`` and ``params``, make the question (an id).
    A kept answer is served straight from the event loop when the cache can tell cheaply that it is
    still valid; anything that touches the database runs in the thread pool, never on the loop.
    """
    cache: AnswerCache = state.answers
    key = (name, params.model_dump_json(), *path)
    kept = cache.fresh(key) if cache.cheap else None
    if isinstance(kept, bytes):
        return kept
    body: bytes = await asyncio.get_running_loop().run_in_executor(
        query_pool(state), cache.json, key, compute
    )
    return body


async def cached(
    request: Request, name: str, params: BaseModel, compute: Callable[[], Any], *path: str
) -> Response:
    """Answer from the app's cache as ready JSON bytes (the endpoint's ``response_model`` documents them)."""
    return Response(
        await cached_json(request.app.state, name, params, compute, *path), media_type="application/json"
    )


def _page(key: str, rows: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {key: rows, "total": total, "limit": limit, "offset": offset}


async def event_list(state: State, params: EventQuery) -> bytes:
    """Return the JSON bytes answering ``/api/events`` with these parameters (see ``events``)."""
    store, cache, filters = state.store, state.answers, params.filters()

    def answer() -> dict[str, Any]:
        # Kept apart from the page: every page and sort order of one filter shares its total.
        total_key = ("events-total", params.reports, tuple(sorted(filters.items())))
        known, version = cache.kept(total_key)
        rows, total = store.event_page(
            reports=params.reports,
            limit=params.limit,
            offset=params.offset,
            sort=params.sort,
            with_total=known is None,
            **filters,
        )
        if total is None:
            total = known
        else:
            cache.keep(total_key, total, version)
        # The total and the filters are the machine coding's; the rows shown take the coding asked for.
        rows = review.with_coding(store, "event", rows, params.coding)
        return _page("reports" if params.reports else "events", rows, total, params.limit, params.offset)

    return await cached_json(state, "events", params, answer)


@router.get("/events", summary="Events (or reports) matching filters", response_model=dict[str, Any])
async def events(request: Request, params: Annotated[EventQuery, Query()]) -> Response:
    """List events: one row per real-world event (cluster of reports), or per report with ``reports``."""
    return Response(await event_list(request.app.state, params), media_type="application/json")


@router.get("/events/{event_id}", summary="One event with its reports", response_model=dict[str, Any])
async def event(
    request: Request,
    event_id: Annotated[int, Path(ge=1, le=2**62)],
    _params: Annotated[NoParameters, Query()],
) -> Response:
    """Return one event (cluster) with every report of it, each with its article and sentence."""
    store = store_of(request)
    return await cached(request, "event", _params, lambda: store.event(event_id), str(event_id))


@router.get("/quotes", summary="Quotes by speaker or words", response_model=dict[str, Any])
async def quotes(request: Request, params: Annotated[QuoteQuery, Query()]) -> Response:
    """List quotes, newest first, each with its speaker and article."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        rows = store.quotes(
            speaker=params.speaker, text=params.text, limit=params.limit, offset=params.offset
        )
        rows = review.with_coding(store, "quote", rows, params.coding)
        total = store.count_quotes(speaker=params.speaker, text=params.text)
        return _page("quotes", rows, total, params.limit, params.offset)

    return await cached(request, "quotes", params, answer)


@router.get("/entities", summary="Entities, most written about first", response_model=dict[str, Any])
async def entities(request: Request, params: Annotated[EntityQuery, Query()]) -> Response:
    """List entities (one row per name and type) with how many articles mention them."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        rows = store.entities(type=params.type, name=params.name, limit=params.limit, offset=params.offset)
        total = browse.count_entities(store, type=params.type, name=params.name)
        return _page("entities", rows, total, params.limit, params.offset)

    return await cached(request, "entities", params, answer)


@router.get("/articles", summary="Current articles, newest first", response_model=dict[str, Any])
async def articles(request: Request, params: Annotated[ArticleQuery, Query()]) -> Response:
    """List current articles (id, title, date, source, url), by words or source when given."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        rows = browse.articles(
            store, text=params.text, source=params.source, limit=params.limit, offset=params.offset
        )
        total = browse.count_articles(store, text=params.text, source=params.source)
        return _page("articles", rows, total, params.limit, params.offset)

    return await cached(request, "articles", params, answer)


@router.get("/articles/{article_id}", summary="One article's full analysis", response_model=dict[str, Any])
async def article(
    request: Request,
    article_id: Annotated[str, Path(pattern=r"^[0-9a-f]{6,64}$", description="The id or a unique prefix")],
    _params: Annotated[NoParameters, Query()],
) -> Response:
    """Return the article's ``newsgraph.analysis/1`` object with its version and near-duplicates."""
    store = store_of(request)
    return await cached(request, "article", _params, lambda: store.article(article_id), article_id)


@router.get("/search", summary="Full-text search over articles and quotes", response_model=dict[str, Any])
async def search(request: Request, params: Annotated[SearchQuery, Query()]) -> Response:
    """Return the articles (paginated) and the first quotes whose text contains every word of ``q``."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        found = browse.articles(store, text=params.q, limit=params.limit, offset=params.offset)
        page = _page(
            "articles", found, browse.count_articles(store, text=params.q), params.limit, params.offset
        )
        page["q"] = params.q
        page["quotes"] = store.quotes(text=params.q, limit=params.limit)
        page["quotes_total"] = store.count_quotes(text=params.q)
        return page

    return await cached(request, "search", params, answer)


@router.get("/stats", summary="Counts of what is stored", response_model=dict[str, int])
async def stats(request: Request, _params: Annotated[NoParameters, Query()]) -> Response:
    """Return counts: articles, versions, near-duplicate groups, entities, quotes, events, reports, ..."""
    store = store_of(request)
    return await cached(request, "stats", _params, store.stats)


@router.get("/vocabulary", summary="PLOVER event types and quad classes")
def vocabulary(_params: Annotated[NoParameters, Query()]) -> dict[str, Any]:
    """Return the event types (with their quad) and the quad names, for filters and legends."""
    return {
        "event_types": [{"type": t, "quad": QUAD[t]} for t in EVENT_TYPES],
        "quads": [{"quad": q, "name": name} for q, name in QUAD_NAMES.items()],
    }


@router.get("/timeline", summary="Event counts over time", response_model=dict[str, Any])
async def timeline(request: Request, params: Annotated[TimelineQuery, Query()]) -> Response:
    """Return how many events each period has, per type or quad (events without a date left out)."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        filters = params.filters()
        rows = browse.event_counts(store, by=params.by, interval=params.interval, **filters)
        out: dict[str, Any] = {"by": params.by, "interval": params.interval, "counts": rows}
        if params.coding != "machine":
            changes = aggregates.changed_reports(store, filters)
            fixed = aggregates.corrected_timeline(
                store, rows, changes, by=params.by, interval=browse.INTERVALS[params.interval]
            )
            _coded(out, "counts", rows, fixed, params.coding)
        return out

    return await cached(request, "timeline", params, answer)


def _coded(out: dict[str, Any], key: str, machine: Any, corrected: Any, coding: str) -> None:
    """Put a chart's corrected rows in its answer: in place of the machine's, or beside them."""
    out["coding"] = coding
    if coding == "corrected":
        out[key] = corrected
    else:
        out[key] = machine
        out["corrected"] = {key: corrected}


@router.get("/places", summary="Where matching events happened", response_model=dict[str, Any])
async def places(request: Request, params: Annotated[PlacesQuery, Query()]) -> Response:
    """Return geocoded event places with their event counts (cooperation and conflict apart)."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        filters = params.filters()
        if params.coding == "machine":
            return {"places": browse.event_places(store, limit=params.limit, **filters)}
        changes = aggregates.changed_reports(store, filters)
        read = browse.event_places(
            store, limit=aggregates.window(params.limit, changes), with_key=True, **filters
        )
        fixed = aggregates.corrected_places(read, changes, limit=params.limit)
        machine = read[: params.limit]
        for row in (*machine, *fixed):
            row.pop("place_key", None)
        out: dict[str, Any] = {}
        _coded(out, "places", machine, fixed, params.coding)
        return out

    return await cached(request, "places", params, answer)


@router.get("/network", summary="Who acted on whom", response_model=dict[str, Any])
async def network(request: Request, params: Annotated[NetworkQuery, Query()]) -> Response:
    """Return actor-recipient pairs with their event counts (cooperation and conflict apart), and
    the codes of each actor named in them (``actors``: name, country, sector)."""
    store = store_of(request)

    def answer() -> dict[str, Any]:
        filters = params.filters()
        if params.coding == "machine":
            edges = browse.actor_pairs(store, limit=params.limit, **filters)
            shown = edges
        else:
            changes = aggregates.changed_reports(store, filters)
            read = browse.actor_pairs(store, limit=aggregates.window(params.limit, changes), **filters)
            edges = read[: params.limit]
            fixed = aggregates.corrected_pairs(store, read, changes, limit=params.limit)
            shown = edges + fixed
        # A pair's actor or recipient may be several parties joined by "; " (an event's compound actor).
        names = [name for e in shown for side in (e["actor"], e["recipient"]) for name in side.split("; ")]
        out: dict[str, Any] = {"edges": edges}
        if params.coding != "machine":
            _coded(out, "edges", edges, fixed, params.coding)
        out["actors"] = browse.actor_codes(store, names)
        return out

    return await cached(request, "network", params, answer)


@router.get(
    "/export",
    summary="Export matching events",
    response_class=Response,
    responses={200: {"content": {m: {} for m in EXPORT_MEDIA.values()}, "description": "The export file"}},
)
def export(request: Request, params: Annotated[ExportQuery, Query()]) -> Response:
    """Return the events as PLOVER JSON lines, a GDELT-like table or CSV (as a download)."""
    buffer = io.StringIO()
    store_of(request).export(params.format, buffer, reports=params.reports, **params.filters())
    name = f"newsgraph-events.{EXPORT_SUFFIX[params.format]}"
    return Response(
        buffer.getvalue(),
        media_type=EXPORT_MEDIA[params.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
