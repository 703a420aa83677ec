"""The endpoints that take an article: ``POST /analyze`` (analyze, store nothing) and ``POST /articles``.

Both need the token the server was started with (``Authorization: Bearer TOKEN``, compared in
constant time): analysis costs CPU and ingest writes. Without a configured token both are disabled.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from ..dates import normalize_date
from ..errors import Messages
from ..model import Article
from .params import NoParameters, Strict
from .problems import WRITE_ERROR_RESPONSES, ApiError
from .routes import store_of

if TYPE_CHECKING:
    from ..pipeline import Pipeline

# The longest article text accepted, in characters (the body size limit is in bytes, applied first).
MAX_TEXT = 500_000


class ArticleIn(Strict):
    """An article to analyze or ingest: its text and what is known about it."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)

    def article(self) -> Article:
        """Return the newsgraph Article (raises BadDate for an impossible date such as 2023-02-30)."""
        return Article(
            text=self.text,
            title=self.title,
            published=normalize_date(self.published),
            source=self.source,
            url=self.url,
        )


def require_token(request: Request) -> None:
    """Let the request through only with the server's token; 401/403 in the error shape otherwise."""
    expected: str | None = request.app.state.token
    if not expected:
        raise ApiError(403, "writing_disabled", Messages.WEB_WRITING_DISABLED)
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401, "missing_token", Messages.WEB_MISSING_TOKEN, headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(403, "wrong_token", Messages.WEB_WRONG_TOKEN)


router = APIRouter(dependencies=[Depends(require_token)], responses=WRITE_ERROR_RESPONSES)


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline | None = request.app.state.pipeline
    if pipeline is None:
        from ..pipeline import get_pipeline

        pipeline = request.app.state.pipeline = get_pipeline()
    return pipeline


@router.post("/analyze", summary="Analyze an article without storing it")
def analyze(request: Request, body: ArticleIn, _params: Annotated[NoParameters, Query()]) -> dict[str, Any]:
    """Return the article's ``newsgraph.analysis/1`` object; nothing is stored."""
    return _pipeline(request).analyze_article(body.article()).to_dict()


@router.post("/articles", summary="Analyze and store an article", status_code=201)
def ingest(request: Request, body: ArticleIn, _params: Annotated[NoParameters, Query()]) -> dict[str, Any]:
    """Analyze and store the article (nothing twice: the same text is skipped); return the ingest report."""
    article = body.article()
    report = store_of(request).ingest([article], _pipeline(request))
    if report.failures:
        failure = report.failures[0]
        raise ApiError(422, "unprocessable_article", failure.reason)
    answer = report.to_dict()
    answer["id"] = article.id
    return answer
