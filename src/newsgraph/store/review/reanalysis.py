"""Re-analysis: a new machine coding of an article, with its corrections carried over where they still apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from ...model import Analysis
from .. import clusters, schema
from .. import ingest as writer
from ..connect import storage_errors, writing
from .reading import _article_row, _items
from .vocabulary import KINDS, is_added

if TYPE_CHECKING:
    from ..api import Store


@dataclass
class Reconciled:
    """What a re-analysis did to an article's corrections: kept (possibly under a new item id) or
    no longer matched (the new coding has no such item; kept in the log, not applied)."""

    article: str
    kept: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {"article": self.article, "kept": self.kept, "unmatched": self.unmatched}


def _anchor(kind: str, item: dict[str, Any]) -> set[tuple[int, int]]:
    """The character spans an item is recognised by in another analysis of the same text."""
    if kind == "event":
        span = item.get("trigger_span")
        return {(span[0], span[1])} if span else set()
    if kind == "quote":
        return {(item["span"][0], item["span"][1])}
    return {(m[0], m[1]) for m in item.get("mentions", [])}


def _find(kind: str, machine: dict[str, Any], new: dict[str, Any], taken: set[str]) -> str | None:
    anchor = _anchor(kind, machine)
    for item in _items(new, kind):
        if item["id"] in taken:
            continue
        if kind == "event" and item.get("type") is None:
            continue
        if anchor and (anchor == _anchor(kind, item) if kind != "entity" else anchor & _anchor(kind, item)):
            return str(item["id"])
    return None


def _entity_map(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """Old entity ids to new ones, by shared mentions."""
    mapping = {}
    for entity in old.get("entities", []):
        found = _find("entity", entity, new, set())
        if found is not None:
            mapping[entity["id"]] = found
    return mapping


def _remap_coding(kind: str, coding: dict[str, Any] | None, ids: dict[str, str]) -> dict[str, Any] | None:
    if coding is None:
        return None
    out = dict(coding)
    for name in ("actor", "recipient"):
        if kind == "event" and name in out:
            out[name] = [ids[i] for i in out[name] if i in ids]
    for name in ("said_by", "speaker", "merge_into"):
        if out.get(name) is not None:
            out[name] = ids.get(out[name])
    return out


def _gone(pk: int, item_id: str) -> str:
    plain = item_id.split(":", 1)[1] if item_id.startswith("~") and ":" in item_id else item_id
    return f"~{pk}:{plain}"[:32]


def reanalyze(store: Store, analysis: Analysis) -> Reconciled:
    """Replace a stored article's machine coding with ``analysis`` (a new analysis of the same text)
    and carry its corrections over to the new coding; return which were kept and which no longer match.

    A correction is kept when the new coding has its item (an event with the same trigger, a quote
    with the same span, an entity sharing a mention), under the new item's id, with the entities it
    names mapped to the new ones (an event or quote a reviewer added is kept under its own id); otherwise it is marked unmatched: logged, listed, not applied.
    """
    article_id = analysis.article.id
    art, ri, co = schema.articles, schema.review_items, schema.corrections
    report = Reconciled(article=article_id)
    payload = analysis.to_dict(explain=True)
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        row = _article_row(conn, article_id, store.where)
        old = row.analysis
        pk = row.pk
        clusters.detach_article(conn, pk)
        events = select(schema.events.c.pk).where(schema.events.c.article_pk == pk)
        conn.execute(delete(schema.event_roles).where(schema.event_roles.c.event_pk.in_(events)))
        for table in (schema.events, schema.entities, schema.quotes, schema.times, schema.places):
            conn.execute(delete(table).where(table.c.article_pk == pk))
        conn.execute(update(art).where(art.c.pk == pk).values(analysis=payload))
        writer._insert_parts(conn, pk, analysis)
        writer._insert_events(conn, pk, row.dup_group, analysis, payload)
        ids = _entity_map(old, payload)
        heads = conn.execute(select(ri).where(ri.c.article_id == article_id).order_by(ri.c.pk)).all()
        taken: dict[str, set[str]] = {kind: set() for kind in KINDS}
        moves: list[tuple[Any, str | None]] = []
        for head in heads:
            # An item a reviewer added stands on the text, which a re-analysis keeps: it stays, with
            # the entities it names mapped to the new coding's.
            found = (
                head.item_id
                if is_added(head.machine)
                else _find(head.kind, head.machine, payload, taken[head.kind])
            )
            entry = {
                "kind": head.kind,
                "item": _gone(head.pk, head.item_id).split(":", 1)[1],
                "status": head.status,
            }
            if found is None:
                moves.append((head, None))
                report.unmatched.append(entry)
            else:
                taken[head.kind].add(found)
                moves.append((head, found))
                report.kept.append({**entry, "now": found})
        # Ids move in two steps (first to a name no item has), so that V2 -> V1 and V1 -> V2 never collide.
        for head, _found in moves:
            conn.execute(update(ri).where(ri.c.pk == head.pk).values(item_id=f"~{head.pk}"))
        for head, found in moves:
            # An unmatched item keeps its old id after a mark of its own, so that a new item of that id
            # can be corrected afresh.
            values: dict[str, Any] = {"matched": found is not None, "item_id": _gone(head.pk, head.item_id)}
            if found is not None:
                values.update(
                    item_id=found,
                    machine={**(_remap_coding(head.kind, head.machine, ids) or {}), "id": found},
                    coding=_remap_coding(head.kind, head.coding, ids),
                )
                if values["coding"] is not None:
                    values["coding"]["id"] = found
                conn.execute(update(co).where(co.c.item_pk == head.pk).values(item_id=found))
            conn.execute(update(ri).where(ri.c.pk == head.pk).values(**values))
    return report
