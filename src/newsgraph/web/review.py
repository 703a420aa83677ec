"""The review API under ``/api/review/``: the queue, an article's codings, and corrections (docs/review.md).

Reading needs nothing; writing a correction or an undo needs the server's token, as every write
does (``writing.require_token``). A refused correction (an unknown type, mode, context, sector or
country, a span outside the text, a speaker that is not a mention) is answered 422
``correction_refused``; one made on a stale copy of the item (its version has moved on since it was
loaded) 409 ``stale_correction``; both in the API's one error shape, and neither stores anything.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from ..errors import CorrectionRefused, StaleCorrection
from ..ontology import CONTEXTS, MODES
from ..store import review as corrections
from .params import Date, NoParameters, Page, Strict, Words
from .problems import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, ApiError
from .routes import store_of
from .writing import require_token

ArticleId = Annotated[str, Path(pattern=r"^[0-9a-f]{6,64}$", description="The article's id (content hash)")]
ItemId = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9_]{1,32}$", description="The item's id in the article (V1, Q2, E3)")
]

# Reads can refuse a coding or queue status they do not know (422, in the error shape) too.
reading = APIRouter(
    prefix="/api/review", responses={**ERROR_RESPONSES, 422: WRITE_ERROR_RESPONSES[422]}, tags=["review"]
)
writing = APIRouter(
    prefix="/api/review",
    dependencies=[Depends(require_token)],
    responses=WRITE_ERROR_RESPONSES,
    tags=["review"],
)


class QueueQuery(Page):
    """Which event reports to review: the event filters, and whether reviewed ones are shown."""

    status: Literal["todo", "done", "all"] = Field("todo", description="todo: not yet reviewed.")
    actor: Words | None = Field(None, description="Actor name (whole words) or code (USA, USAGOV).")
    recipient: Words | None = None
    type: str | None = Field(None, pattern=r"^[A-Z]{3,16}$", description="PLOVER event type.")
    since: Date | None = None
    until: Date | None = None
    text: Words | None = Field(None, description="Words the article contains.")

    def filters(self) -> dict[str, Any]:
        """The event filters that were given."""
        names = ("actor", "recipient", "type", "since", "until", "text")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


class CodingQuery(Strict):
    """Which coding of the article to return."""

    coding: str = Field("both", max_length=16, description="machine, corrected or both (side by side).")


class HistoryQuery(Strict):
    """Which corrections to list."""

    article: str | None = Field(None, pattern=r"^[0-9a-f]{6,64}$")
    limit: int = Field(200, ge=1, le=1000)


class ExportQuery(Strict):
    """What to export of the reviewed articles."""

    format: Literal["gold", "plover"] = "gold"
    coding: Literal["machine", "corrected"] = "corrected"


class CorrectionIn(Strict):
    """One correction: accept, reject or edit one event, quote or entity of one article, or add an
    event or quote the machine missed."""

    article: str = Field(pattern=r"^[0-9a-f]{6,64}$", description="The article id (content hash).")
    kind: str = Field(max_length=16, description="event, quote or entity.")
    item: str = Field(
        "",
        pattern=r"^[A-Za-z0-9_]{0,32}$",
        description="The item's id in the article (V1, Q2, E3); empty for add (the store names it: AV1, AQ1).",
    )
    action: str = Field(max_length=16, description="accept, reject, edit or add.")
    version: int = Field(ge=0, le=2**31, description="The item's version as loaded (0: never corrected).")
    author: str = Field(min_length=1, max_length=corrections.MAX_AUTHOR, description="Who corrects.")
    changes: dict[str, Any] = Field(
        default_factory=dict, description="For edit: the fields to change; for add: the new item's fields."
    )
    note: str | None = Field(None, max_length=corrections.MAX_NOTE)


class UndoIn(Strict):
    """Take back an item's last correction."""

    article: str = Field(pattern=r"^[0-9a-f]{6,64}$")
    kind: str = Field(max_length=16)
    item: ItemId
    version: int = Field(ge=0, le=2**31)
    author: str = Field(min_length=1, max_length=corrections.MAX_AUTHOR)


def _refusals(call: Any) -> Any:
    try:
        return call()
    except StaleCorrection as exc:
        raise ApiError(409, "stale_correction", str(exc)) from exc
    except CorrectionRefused as exc:
        raise ApiError(422, "correction_refused", str(exc)) from exc


@reading.get("/vocabulary", summary="What a correction may name")
def review_vocabulary(_params: Annotated[NoParameters, Query()]) -> dict[str, Any]:
    """Return the modes of each event type, the contexts, entity types, sectors, actions, and the
    fields each kind can edit and an addition needs."""
    return {
        "modes": {kind: list(modes) for kind, modes in MODES.items()},
        "contexts": list(CONTEXTS),
        "entity_types": list(corrections.ENTITY_TYPES),
        "sectors": list(corrections.SECTORS),
        "quote_kinds": list(corrections.QUOTE_KINDS),
        "actions": [*corrections.ACTIONS, "undo"],
        "editable": {kind: list(names) for kind, names in corrections.EDITABLE.items()},
        "addable": {
            kind: {"required": list(required), "optional": list(optional)}
            for kind, (required, optional) in corrections.ADDABLE.items()
        },
    }


@reading.get("/queue", summary="Event reports to review, least confident first")
def queue(request: Request, params: Annotated[QueueQuery, Query()]) -> dict[str, Any]:
    """Return a page of event reports, lowest model confidence first, with each one's review state."""
    store = store_of(request)
    return _refusals(
        lambda: corrections.review_queue(
            store, status=params.status, limit=params.limit, offset=params.offset, **params.filters()
        )
    )


@reading.get("/articles/{article_id}", summary="An article's machine and corrected codings")
def article(
    request: Request, article_id: ArticleId, params: Annotated[CodingQuery, Query()]
) -> dict[str, Any]:
    """Return the article's machine coding, its corrected coding, or both, with every item's version."""
    store = store_of(request)
    full = store.article(article_id)["article"]["id"]  # a unique prefix will do, as elsewhere
    return _refusals(lambda: corrections.article_review(store, full, params.coding))


@reading.get("/corrections", summary="The log of corrections, newest first")
def history(request: Request, params: Annotated[HistoryQuery, Query()]) -> dict[str, Any]:
    """Return corrections (who, when, action, before, after), of one article or of all."""
    store = store_of(request)
    return {
        "corrections": corrections.history(store, params.article, params.limit),
        "counts": corrections.count_corrections(store),
    }


@reading.get(
    "/export",
    summary="The reviewed articles as gold or PLOVER",
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON lines"}},
)
def export(request: Request, params: Annotated[ExportQuery, Query()]) -> Response:
    """Return the reviewed articles in newsgraph.gold/1, or their events as PLOVER JSON lines."""
    from ..store.exporting import export as write_export

    buffer = io.StringIO()
    write_export(store_of(request), params.format, buffer, coding=params.coding, reviewed_only=True)
    return Response(
        buffer.getvalue(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="newsgraph-reviewed.{params.format}.jsonl"'},
    )


@writing.post("/corrections", summary="Store a correction", status_code=201)
def correct(request: Request, body: CorrectionIn) -> dict[str, Any]:
    """Store one correction and return the item's new state (its version, status and coding)."""
    store = store_of(request)
    change = corrections.Correction(
        article=body.article,
        kind=body.kind,
        item=body.item,
        action=body.action,
        version=body.version,
        author=body.author,
        changes=body.changes,
        note=body.note,
    )
    return _refusals(lambda: corrections.correct(store, change))


@writing.post("/undo", summary="Undo an item's last correction")
def undo(request: Request, body: UndoIn) -> dict[str, Any]:
    """Take back the item's last correction; undoing them all restores the machine coding."""
    store = store_of(request)
    return _refusals(
        lambda: corrections.undo(
            store, body.article, body.kind, body.item, version=body.version, author=body.author
        )
    )
