"""The web app: the JSON API, the writing endpoints and the offline UI, in one FastAPI app.

>>> from newsgraph.web import create_app
>>> app = create_app("newsgraph.db", token="s3cret")   # serve with uvicorn; `newsgraph serve` does

The UI is static files (plain JS and CSS, no CDN) that call the API; every response carries a
Content-Security-Policy that allows only this origin's scripts and styles, so even a page that
slipped article HTML into the DOM could not run it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from ..store import open_store
from . import review, routes, writing
from .cache import CACHE_ANSWERS, AnswerCache
from .fastpath import RepeatedAnswers
from .headers import SecurityHeaders
from .hosts import LOOPBACK_HOSTS, AllowedHosts
from .problems import BodySizeLimit, install_error_handlers, oversized, send_error

if TYPE_CHECKING:
    from ..pipeline import Pipeline

STATIC = Path(__file__).resolve().parent / "static"
# 2 MB: room for any real article (MAX_TEXT characters) as JSON, not for abuse.
MAX_BODY = 2_000_000


class NewsgraphAPI(FastAPI):
    """FastAPI with a layer in front of its middleware stack: ``front``, when set (``create_app`` sets it)."""

    front: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand the request to ``front``, which passes what it does not answer to ``behind_front``.

        A request whose target or headers are over the limits (``problems.MAX_URL``, ...) is refused
        first, in the error shape, whatever server passed it on: nothing else reads it.
        """
        if scope["type"] == "http":
            refused = oversized(scope)
            if refused is not None:
                await send_error(send, *refused)
                return
        if self.front is None:
            await super().__call__(scope, receive, send)
        else:
            await self.front(scope, receive, send)

    async def behind_front(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI itself, with its whole middleware stack."""
        await super().__call__(scope, receive, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    pool = getattr(app.state, "query_pool", None)
    if pool is not None:
        app.state.query_pool = None
        pool.shutdown(wait=True)
    app.state.answers.close()
    app.state.store.close()


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    *,
    pipeline: Pipeline | None = None,
    max_body: int = MAX_BODY,
    cache_size: int = CACHE_ANSWERS,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    read_only: bool | None = None,
) -> FastAPI:
    """Return the app over the database at ``db_url`` (``$NEWSGRAPH_DB`` or ./newsgraph.db when None).

    ``token`` enables the writing endpoints (POST /analyze, POST /articles) for requests that send it
    as ``Authorization: Bearer TOKEN``; without one they answer 403. ``pipeline`` is the analysis
    pipeline to use (built on first use when None). Up to ``cache_size`` answers (and 128 MiB of them)
    are kept until the database gains an article (0: none). Requests whose ``Host`` is not one of
    ``allowed_hosts`` (loopback names by default) are refused, against DNS rebinding.

    ``read_only`` opens the database for reading only (``open_store(read_only=True)``: it must
    exist, and nothing is written to it or created beside it); by default a server without a token,
    which cannot write, opens it so, and one with a token opens it for writing (created, migrated).
    """
    app = NewsgraphAPI(
        title="newsgraph",
        version=__version__,
        description="Who did what to whom, where, when, and who says so: the events, quotes and "
        "entities of a newsgraph database. Every error is answered as "
        '{"error": {"status", "code", "message"}}.',
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.store = open_store(db_url, read_only=token is None if read_only is None else read_only)
    app.state.answers = AnswerCache(app.state.store, size=cache_size)
    app.state.token = token or None
    app.state.pipeline = pipeline
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(writing.router)
    app.include_router(review.reading)
    app.include_router(review.writing)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        """The UI's single page; its script routes between the views by the URL fragment."""
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, limit=max_body)
    # In front of FastAPI's whole middleware stack: replayed answers were recorded with everything
    # the stack adds (the security headers), and the event list's answers carry the same headers.
    app.front = AllowedHosts(
        RepeatedAnswers(app.behind_front, answers=app.state.answers, state=app.state), allowed_hosts
    )
    return app
