"""newsgraph.analysis/1 as flat tables: one Arrow table per kind of thing, one row per item.

The columns are derived from the dataclasses in ``model.py``, so a field added there appears here
without a second list to keep in step. Every child row carries ``article_id`` (and ``month``, the
partition key); spans are two-element integer lists, mention lists are lists of those.

Ids (``E2``, ``T1``, ``P2``) are local to an article, so the events and quotes tables also carry
what they point to in words (``READABLE``): an event's actor and recipient names, its date, place
and trigger, a quote's speaker and text. A query needs no join to read who did what to whom.
"""

from __future__ import annotations

import types
import typing
from dataclasses import asdict, fields, is_dataclass
from typing import Any

import pyarrow as pa

from ..export import event_date
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
    if is_dataclass(hint):
        # A small value object inside an item (an entity's typed mention): a struct of its fields.
        inner_hints = typing.get_type_hints(hint)
        return pa.struct([(f.name, _arrow_type(inner_hints[f.name])) for f in fields(hint)])
    return _SCALARS[hint]


def _schema(kind: type, leading: list[tuple[str, pa.DataType]]) -> pa.Schema:
    hints = typing.get_type_hints(kind)
    return pa.schema(leading + [(f.name, _arrow_type(hints[f.name])) for f in serialized_fields(kind)])


_NAMES = pa.list_(pa.string())
# Columns beside the dataclass fields that say in words what the ids point to (see the docstring).
READABLE: dict[str, list[tuple[str, pa.DataType]]] = {
    "events": [
        ("actor_names", _NAMES),
        ("recipient_names", _NAMES),
        ("said_by_name", pa.string()),
        ("date", pa.string()),
        ("time_value", pa.string()),
        ("place_name", pa.string()),
        ("place_country", pa.string()),
        ("trigger_text", pa.string()),
        ("sentence", pa.string()),
    ],
    "quotes": [("speaker_name", pa.string()), ("speaker_text", pa.string()), ("text", pa.string())],
    "times": [("text", pa.string())],
}


def _with_readable(name: str, schema: pa.Schema) -> pa.Schema:
    for column, kind in READABLE.get(name, []):
        schema = schema.append(pa.field(column, kind))
    return schema


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(Article, [("month", pa.string())])
    .append(pa.field("warnings", pa.list_(pa.string())))
    # The version of the events model that coded the article's events (null: the rules alone).
    .append(pa.field("events_model", pa.string()))
    # The version of the quotes model that decided the article's quotes (null: the rules alone).
    .append(pa.field("quotes_model", pa.string())),
    **{
        name: _with_readable(name, _schema(kind, [("article_id", pa.string()), ("month", pa.string())]))
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
                "quotes_model": analysis.models.get("quotes"),
            }
        ]
    }
    for name in CHILD_TABLES:
        rows[name] = [{"article_id": article_id, "month": month, **item} for item in data[name]]
    for row, event in zip(rows["events"], analysis.events, strict=True):
        row.update(_event_words(analysis, event))
    for row, quote in zip(rows["quotes"], analysis.quotes, strict=True):
        speaker = analysis.entity(quote.speaker)
        row["speaker_name"] = speaker.name if speaker else None
        row["speaker_text"] = analysis.slice(quote.speaker_span) if quote.speaker_span else None
        row["text"] = analysis.slice(quote.span)
    for row, time in zip(rows["times"], analysis.times, strict=True):
        row["text"] = analysis.slice(time.span)
    return rows


def _event_words(analysis: Analysis, event: Event) -> dict[str, Any]:
    def names(ids: list[str]) -> list[str]:
        return [entity.name for entity in map(analysis.entity, ids) if entity is not None]

    said_by = analysis.entity(event.said_by)
    time = next((t for t in analysis.times if t.id == event.time), None) if event.time else None
    place = next((p for p in analysis.places if p.id == event.place), None) if event.place else None
    return {
        "actor_names": names(event.actor),
        "recipient_names": names(event.recipient),
        "said_by_name": said_by.name if said_by else None,
        "date": event_date(event, analysis),
        "time_value": time.value if time else None,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "trigger_text": analysis.slice(event.trigger_span) if event.trigger_span else None,
        "sentence": analysis.slice(event.sentence_span) if event.sentence_span else None,
    }


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
        versions = {"events": row.pop("events_model", None), "quotes": row.pop("quotes_model", None)}
        data: dict[str, Any] = {
            "article": row,
            "warnings": row.pop("warnings") or [],
            "models": {task: version for task, version in versions.items() if version},
        }
        for name in CHILD_TABLES:
            data[name] = children[name].get(row["id"], [])
        analyses.append(Analysis.from_dict(data))
    return analyses
