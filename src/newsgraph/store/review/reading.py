"""Reading the review state: an article's stored row, its items, their review rows and the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ...errors import Messages, NotInDatabase
from .. import schema
from ..connect import storage_errors
from .vocabulary import _LIST_KEY, STATUSES

if TYPE_CHECKING:
    from ..api import Store


def _article_row(conn: Connection, article_id: str, where: str) -> Any:
    art = schema.articles
    row = conn.execute(
        select(art.c.pk, art.c.id, art.c.dup_group, art.c.analysis).where(art.c.id == article_id)
    ).first()
    if row is None:
        raise NotInDatabase(Messages.DB_NO_ARTICLE.format(id=article_id, where=where))
    return row


def _items(analysis: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = analysis.get(_LIST_KEY[kind], [])
    return items


def _machine_item(analysis: dict[str, Any], kind: str, item_id: str) -> dict[str, Any] | None:
    for item in _items(analysis, kind):
        if item.get("id") == item_id:
            plain = dict(item)
            plain.pop("evidence", None)
            return plain
    return None


def _state_row(row: Any) -> dict[str, Any]:
    return {
        "article": row.article_id,
        "kind": row.kind,
        "item": row.item_id,
        "version": row.version,
        "status": row.status,
        "machine": row.machine,
        "coding": row.coding,
        "matched": bool(row.matched),
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def item_states(store: Store, article_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the review state of every corrected item of an article, by (kind, item id)."""
    with storage_errors(store.where), store.engine.connect() as conn:
        return _states(conn, article_id)


def _states(conn: Connection, article_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    ri = schema.review_items
    rows = conn.execute(select(ri).where(ri.c.article_id == article_id).order_by(ri.c.pk))
    return {(r.kind, r.item_id): _state_row(r) for r in rows}


def history(store: Store, article_id: str | None = None, limit: int | None = 200) -> list[dict[str, Any]]:
    """Return the log of corrections (newest first), of one article or of all."""
    co = schema.corrections
    statement = select(co).order_by(co.c.pk.desc()).limit(limit)
    if article_id is not None:
        statement = statement.where(co.c.article_id == article_id)
    with storage_errors(store.where), store.engine.connect() as conn:
        return [
            {
                "id": r.pk,
                "article": r.article_id,
                "kind": r.kind,
                "item": r.item_id,
                "version": r.version,
                "action": r.action,
                "before": r.before,
                "after": r.after,
                "undoes": r.undoes,
                "author": r.author,
                "at": r.at,
                "note": r.note,
            }
            for r in conn.execute(statement)
        ]


def count_corrections(store: Store) -> dict[str, int]:
    """Return how many items are corrected, by status, and how many changes the log holds."""
    ri, co = schema.review_items, schema.corrections
    with storage_errors(store.where), store.engine.connect() as conn:
        counts = {s: 0 for s in STATUSES}
        for status, n in conn.execute(select(ri.c.status, func.count()).group_by(ri.c.status)):
            counts[status] = int(n)
        counts["changes"] = int(conn.execute(select(func.count()).select_from(co)).scalar() or 0)
        return counts
