"""The coding a listing shows: machine, corrected, or both side by side, for rows of reports and quotes.

The event-report and quote listings (``Store.events(reports=True)``, ``Store.quotes``, the API,
the CLI, CSV and Parquet) read the machine coding's tables, which corrections never change.
``with_coding`` puts the corrections on such rows afterwards: ``corrected`` gives each row its
corrected values (a rejected item leaves the page), ``both`` keeps the machine values and adds the
corrected ones under ``corrected`` (null for a rejected item); either way ``review`` says the item's
status and version. Filters, sorting and totals are those of the machine coding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ...errors import Messages
from ...model import Analysis
from .. import schema
from ..connect import storage_errors
from .applying import corrected_analysis
from .reading import _state_row
from .vocabulary import CODINGS, _refuse

if TYPE_CHECKING:
    from ..api import Store

# The values of a row that a correction can change, per kind of row.
CODED_FIELDS = {
    "event": ("type", "mode", "context", "quad", "actor", "recipient", "said_by", "negated", "hypothetical"),
    "quote": ("kind", "speaker", "text"),
}


def check_coding(coding: str) -> str:
    """Return ``coding`` when it is machine, corrected or both; refuse it otherwise."""
    if coding not in CODINGS:
        raise _refuse(Messages.CORRECTION_CODING.format(name=coding))
    return coding


def _names(analysis: Analysis, ids: list[str]) -> str | None:
    names = [entity.name for i in ids if (entity := analysis.entity(i)) is not None]
    return "; ".join(dict.fromkeys(names)) or None


def _coded_values(kind: str, analysis: Analysis, item_id: str) -> dict[str, Any] | None:
    """The row values of one item of a corrected analysis (None when the correction left it out)."""
    if kind == "event":
        event = next((e for e in analysis.events if e.id == item_id), None)
        if event is None:
            return None
        return {
            "type": event.type,
            "mode": event.mode,
            "context": list(event.context),
            "quad": event.quad,
            "actor": _names(analysis, list(event.actor)),
            "recipient": _names(analysis, list(event.recipient)),
            "said_by": None if event.said_by is None else _names(analysis, [event.said_by]),
            "negated": event.negated,
            "hypothetical": event.hypothetical,
        }
    quote = next((q for q in analysis.quotes if q.id == item_id), None)
    if quote is None:
        return None
    return {
        "kind": quote.kind,
        "speaker": None if quote.speaker is None else _names(analysis, [quote.speaker]),
        "text": analysis.slice(quote.span),
    }


def with_coding(store: Store, kind: str, rows: list[dict[str, Any]], coding: str) -> list[dict[str, Any]]:
    """Return ``rows`` (event reports or quotes, each with ``article`` and ``id`` "ARTICLE:LOCAL") in
    the coding asked for; ``machine`` returns them as they are."""
    check_coding(coding)
    if coding == "machine" or not rows:
        return rows
    articles = sorted({str(row["article"]) for row in rows})
    ri, art = schema.review_items, schema.articles
    states: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    corrected: dict[str, Analysis] = {}
    with storage_errors(store.where), store.engine.connect() as conn:
        for head in conn.execute(select(ri).where(ri.c.article_id.in_(articles)).order_by(ri.c.pk)):
            states.setdefault(head.article_id, {})[(head.kind, head.item_id)] = _state_row(head)
        reviewed = [
            a for a, s in states.items() if any(v["matched"] and v["status"] != "machine" for v in s.values())
        ]
        if reviewed:
            for article_id, data in conn.execute(
                select(art.c.id, art.c.analysis).where(art.c.id.in_(reviewed))
            ):
                corrected[article_id] = corrected_analysis(Analysis.from_dict(data), states[article_id])
    out: list[dict[str, Any]] = []
    for row in rows:
        article, item = str(row["article"]), str(row["id"]).rsplit(":", 1)[-1]
        state = states.get(article, {}).get((kind, item))
        in_force = bool(state and state["matched"] and state["status"] != "machine")
        review = {
            "status": state["status"] if state and in_force else "machine",
            "version": state["version"] if state else 0,
        }
        machine_values = {name: row.get(name) for name in CODED_FIELDS[kind] if name in row}
        values: dict[str, Any] | None = machine_values
        if in_force:
            found = _coded_values(kind, corrected[article], item)
            values = None if found is None else {k: v for k, v in found.items() if k in machine_values}
        if coding == "corrected":
            if values is not None:
                out.append({**row, **values, "review": review})
        else:
            out.append({**row, "corrected": values, "review": review})
    return out


def flat_rows(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Return rows of ``with_coding`` with flat columns, for tables, CSV and Parquet: ``review`` as
    ``review_status`` and ``review_version``, ``corrected`` (both) as ``corrected_FIELD`` columns,
    empty for a rejected item. Rows without them are returned as they are."""
    out = []
    for row in rows:
        if "review" not in row:
            out.append(row)
            continue
        flat = {k: v for k, v in row.items() if k not in ("review", "corrected")}
        if "corrected" in row:
            values = row["corrected"] or {}
            flat.update({f"corrected_{name}": values.get(name) for name in CODED_FIELDS[kind] if name in row})
        flat["review_status"] = row["review"]["status"]
        flat["review_version"] = row["review"]["version"]
        out.append(flat)
    return out
