"""Filters over stored events and quotes, the same on SQLite and PostgreSQL.

Every filter becomes a condition on event reports; event queries then return the clusters those
reports belong to (one row per real-world event) unless reports are asked for. Full-text search
uses FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL, and ILIKE on anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, func, literal, or_, select, text
from sqlalchemy.engine import Connection

from ..errors import Messages, UnknownFormat
from ..pipeline import normalize_date
from . import migrations, schema
from .schema import name_key

_CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})?$")
_FTS_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class EventFilter:
    """What ``Store.events`` can filter on; every field left None matches everything."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    quad: int | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    text: str | None = None


def _name_matches(column: Any, value: str) -> ColumnElement[bool]:
    """A name equal to ``value`` or containing it as whole words ("Kim" finds "Kim Jong Un")."""
    key = name_key(value)
    return or_(
        column == key,
        column.like(key + " %"),
        column.like("% " + key),
        column.like("% " + key + " %"),
    )


def _role_condition(role: str, value: str) -> ColumnElement[bool]:
    roles, names = schema.event_roles, schema.role_names
    match: ColumnElement[bool] = roles.c.name_key.in_(
        select(names.c.name_key).where(_name_matches(names.c.name_key, value))
    )
    code = value.strip()
    if _CODE.match(code):
        # An upper-case code: a country (USA) or a country and sector (USAGOV), as PLOVER writes them.
        coded = roles.c.country == code[:3]
        if len(code) == 6:
            coded = and_(coded, roles.c.sector == code[3:])
        match = or_(match, coded)
    return schema.events.c.pk.in_(select(roles.c.event_pk).where(roles.c.role == role, match))


def full_text(conn: Connection, table: str, query: str) -> ColumnElement[bool]:
    """Return a condition on ``articles.pk`` or ``quotes.pk`` for rows whose text matches ``query``."""
    words = _FTS_WORD.findall(query)
    target = schema.articles if table == "articles" else schema.quotes
    if not words:
        return literal(True)
    dialect = conn.dialect.name
    if dialect == "sqlite":
        fts = "article_fts" if table == "articles" else "quote_fts"
        # Quote every word: user input never reaches FTS5's query syntax, and all words must match.
        match = " ".join('"' + w + '"' for w in words)
        rows = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :match").bindparams(match=match)
        return target.c.pk.in_(rows.columns(rowid=Integer))
    if dialect == "postgresql":
        vector = migrations.ARTICLE_TSVECTOR if table == "articles" else migrations.QUOTE_TSVECTOR
        condition = text(f"{vector} @@ plainto_tsquery('english', :match)").bindparams(match=" ".join(words))
        return target.c.pk.in_(select(target.c.pk).where(condition))
    column = target.c.text
    return and_(*(column.ilike(f"%{w}%") for w in words))


def event_conditions(conn: Connection, flt: EventFilter) -> list[ColumnElement[bool]]:
    """Return the conditions on ``events`` (current reports only) that a filter asks for."""
    ev = schema.events
    conditions: list[ColumnElement[bool]] = [ev.c.cluster_pk.isnot(None)]
    if flt.actor:
        conditions.append(_role_condition("actor", flt.actor))
    if flt.recipient:
        conditions.append(_role_condition("recipient", flt.recipient))
    if flt.type:
        conditions.append(ev.c.type == flt.type.upper())
    if flt.quad is not None:
        conditions.append(ev.c.quad == flt.quad)
    if flt.country:
        code = flt.country.upper()
        roles = schema.event_roles
        conditions.append(
            or_(ev.c.country == code, ev.c.pk.in_(select(roles.c.event_pk).where(roles.c.country == code)))
        )
    if flt.since:
        conditions.append(ev.c.date >= normalize_date(flt.since))
    if flt.until:
        conditions.append(ev.c.date <= normalize_date(flt.until))
    if flt.place:
        conditions.append(_name_matches(ev.c.place_key, flt.place))
    if flt.text:
        conditions.append(
            ev.c.article_pk.in_(select(schema.articles.c.pk).where(full_text(conn, "articles", flt.text)))
        )
    return conditions


CLUSTER_SORTS = {
    "date": schema.event_clusters.c.date,
    "mentions": schema.event_clusters.c.num_mentions,
    "articles": schema.event_clusters.c.num_articles,
    "sources": schema.event_clusters.c.num_sources,
    "type": schema.event_clusters.c.type,
}
REPORT_SORTS = {
    "date": schema.events.c.date,
    "type": schema.events.c.type,
    "confidence": schema.events.c.confidence,
}


def order(statement: Select[Any], sorts: dict[str, Any], sort: str, tiebreak: Any) -> Select[Any]:
    """Sort by ``sort`` (a key of ``sorts``; a leading '-' means descending), then by ``tiebreak``."""
    key = sort.lstrip("-")
    if key not in sorts:
        raise UnknownFormat(Messages.UNKNOWN_FORMAT.format(what="sort", name=sort, choices=", ".join(sorts)))
    column = sorts[key]
    if sort.startswith("-"):
        return statement.order_by(column.desc().nulls_last(), tiebreak.desc())
    return statement.order_by(column.asc().nulls_last(), tiebreak.asc())


def cluster_select(conn: Connection, flt: EventFilter) -> Select[Any]:
    """Return the clusters with at least one report matching the filter."""
    ev, cl = schema.events, schema.event_clusters
    matching = select(ev.c.cluster_pk).where(*event_conditions(conn, flt))
    return select(cl).where(cl.c.pk.in_(matching))


def report_select(conn: Connection, flt: EventFilter) -> Select[Any]:
    """Return the event reports matching the filter, with their article's id, source and date."""
    ev, art = schema.events, schema.articles
    return (
        select(
            ev,
            art.c.id.label("article_id"),
            art.c.source.label("source"),
            art.c.published.label("published"),
            art.c.url.label("url"),
        )
        .join(art, art.c.pk == ev.c.article_pk)
        .where(*event_conditions(conn, flt))
    )


def count(conn: Connection, statement: Select[Any]) -> int:
    """Return how many rows a select would return."""
    return int(conn.execute(select(func.count()).select_from(statement.subquery())).scalar() or 0)
