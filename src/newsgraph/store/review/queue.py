"""The review queue: event reports to look at, lowest model confidence first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from .. import schema
from ..connect import storage_errors
from ..query import EventFilter, count, report_select
from .vocabulary import _refuse

if TYPE_CHECKING:
    from ..api import Store


def review_queue(
    store: Store,
    *,
    status: str = "todo",
    limit: int = 50,
    offset: int = 0,
    **filters: Any,
) -> dict[str, Any]:
    """Return a page of event reports to review, lowest model confidence first, then oldest first.

    ``status``: ``todo`` (no correction in force), ``done`` (accepted, rejected or edited) or
    ``all``. Filters are those of ``Store.events`` (actor, type, since, until, ...).
    """
    if status not in ("todo", "done", "all"):
        raise _refuse(f"unknown queue status {status!r}; expected todo, done or all")
    ev, ri, roles = schema.events, schema.review_items, schema.event_roles
    with storage_errors(store.where), store.engine.connect() as conn:
        statement = report_select(conn, EventFilter(**filters)).where(schema.articles.c.current.is_(True))
        joined = and_(
            ri.c.article_id == schema.articles.c.id, ri.c.kind == "event", ri.c.item_id == ev.c.local_id
        )
        statement = statement.outerjoin(ri, joined).add_columns(
            ri.c.version.label("review_version"), ri.c.status.label("review_status")
        )
        done = and_(ri.c.status.isnot(None), ri.c.status != "machine")
        if status == "todo":
            statement = statement.where(~done)
        elif status == "done":
            statement = statement.where(done)
        total = count(conn, statement)
        page = conn.execute(
            statement.order_by(ev.c.confidence.asc(), ev.c.pk.asc()).limit(limit).offset(offset)
        ).all()
        names: dict[tuple[int, str], list[str]] = {}
        if page:
            for event_pk, role, name in conn.execute(
                select(roles.c.event_pk, roles.c.role, roles.c.name).where(
                    roles.c.event_pk.in_([r.pk for r in page])
                )
            ):
                names.setdefault((event_pk, role), []).append(name)
    rows = [
        {
            "article": r.article_id,
            "item": r.local_id,
            "type": r.type,
            "mode": r.mode,
            "quad": r.quad,
            "confidence": r.confidence,
            "date": r.date,
            "source": r.source,
            "actor": names.get((r.pk, "actor"), []),
            "recipient": names.get((r.pk, "recipient"), []),
            "sentence": r.sentence,
            "sentence_span": r.sentence_span,
            "trigger_span": r.trigger_span,
            "negated": bool(r.negated),
            "hypothetical": bool(r.hypothetical),
            "version": r.review_version or 0,
            "status": r.review_status or "machine",
        }
        for r in page
    ]
    return {"items": rows, "total": total, "limit": limit, "offset": offset, "status": status}
