"""newsgraph.analysis/1 as flat tables: one Arrow table per kind of thing, one row per item.

The columns are derived from the dataclasses in ``model.py``, so a field added there appears here
without a second list to keep in step. Every child row carries ``article_id`` (and ``month``, the
partition key); spans are two-element integer lists, mention lists are lists of those.
"""

from __future__ import annotations

import types
import typing
from dataclasses import asdict
from typing import Any

import pyarrow as pa

from ..model import Analysis, Article, Entity, Event, Failure, Place, Quote, TimeExpr, serialized_fields

# table name -> (dataclass, attribute of Analysis holding the items)
CHILD_TABLES: dict[str, type] = {
    "entities": Entity,
    "quotes": Quote,
    "times": TimeExpr,
    "places": Place,
    "events": Event,
}
ALL_TABLES = ("articles", *CHILD_TABLES, "failures")
UNKNOWN_MONTH = "unknown"

_SPAN = pa.list_(pa.int64())
_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _arrow_type(hint: Any) -> pa.DataType:
    """Map a dataclass field's type hint to an Arrow type (None in a union only makes it nullable)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(inner)
    if origin is tuple:
        return _SPAN
    if origin is list:
        (inner,) = typing.get_args(hint)
        return pa.list_(_arrow_type(inner))
    return _SCALARS[hint]


def _schema(kind: type, leading: list[tuple[str, pa.DataType]]) -> pa.Schema:
    hints = typing.get_type_hints(kind)
    return pa.schema(leading + [(f.name, _arrow_type(hints[f.name])) for f in serialized_fields(kind)])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(Article, [("month", pa.string())])
    .append(pa.field("warnings", pa.list_(pa.string())))
    # The version of the events model that coded the article's events (null: the rules alone).
    .append(pa.field("events_model", pa.string())),
    **{
        name: _schema(kind, [("article_id", pa.string()), ("month", pa.string())])
        for name, kind in CHILD_TABLES.items()
    },
    "failures": _schema(Failure, []),
}


def month_of(article: Article) -> str:
    """The partition key of an article: its publication month, or 'unknown'."""
    return article.published[:7] if article.published else UNKNOWN_MONTH


def analysis_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Split one Analysis into rows for each table (failures excluded)."""
    # The JSON form already holds every field as plain data (spans as lists, evidence included).
    data = analysis.to_dict(explain=True)
    article_id = analysis.article.id
    month = month_of(analysis.article)
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                "month": month,
                **data["article"],
                "warnings": list(analysis.warnings),
                "events_model": analysis.models.get("events"),
            }
        ]
    }
    for name in CHILD_TABLES:
        rows[name] = [{"article_id": article_id, "month": month, **item} for item in data[name]]
    return rows


def failure_row(failure: Failure) -> dict[str, Any]:
    """A failures-table row: where (file and line) and why."""
    return asdict(failure)


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Build the Arrow table ``name`` from rows, with its fixed schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def analyses_from_tables(tables: dict[str, pa.Table]) -> list[Analysis]:
    """Rebuild Analysis objects from the tables (the inverse of ``analysis_rows``), in article order."""
    children: dict[str, dict[str, list[dict[str, Any]]]] = {name: {} for name in CHILD_TABLES}
    for name in CHILD_TABLES:
        if name not in tables:
            continue
        for row in tables[name].to_pylist():
            row.pop("month", None)
            children[name].setdefault(row.pop("article_id"), []).append(row)
    analyses = []
    for row in tables["articles"].to_pylist():
        row.pop("month", None)
        events_model = row.pop("events_model", None)
        data: dict[str, Any] = {
            "article": row,
            "warnings": row.pop("warnings") or [],
            "models": {"events": events_model} if events_model else {},
        }
        for name in CHILD_TABLES:
            data[name] = children[name].get(row["id"], [])
        analyses.append(Analysis.from_dict(data))
    return analyses
