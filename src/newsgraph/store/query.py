"""Filters over stored events and quotes, the same on SQLite and PostgreSQL.

Every filter becomes a condition on event reports; event queries then return the clusters those
reports belong to (one row per real-world event) unless reports are asked for. Full-text search
uses FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL, and ILIKE on anything else.

Cluster lists are written for the indexes of migration 4: a filter every report of a cluster shares
(its type) is checked on the cluster row, so the common pages (all events, one type's events, newest
first) walk an index in sort order and stop after one page. Filters that pick few reports (an actor,
a place, a date range) collect their clusters through the report indexes first, then sort those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
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
    return _full_text(conn.dialect.name, table, query)


def _full_text(dialect: str, table: str, query: str) -> ColumnElement[bool]:
    words = _FTS_WORD.findall(query)
    target = schema.articles if table == "articles" else schema.quotes
    if not words:
        return literal(True)
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
    return list(_event_conditions(conn.dialect.name, flt))


# Building the conditions costs more Python time than SQLite takes to run most of them; one filter
# is asked for again with other pages, sorts and counts, and the built elements are immutable.
@lru_cache(maxsize=4096)
def _event_conditions(dialect: str, flt: EventFilter) -> tuple[ColumnElement[bool], ...]:
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
            ev.c.article_pk.in_(select(schema.articles.c.pk).where(_full_text(dialect, "articles", flt.text)))
        )
    return tuple(conditions)


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


def _narrow(flt: EventFilter) -> bool:
    """Whether a filter picks few reports, so collecting its clusters beats walking all of them."""
    return bool(
        flt.actor or flt.recipient or flt.place or flt.text or flt.country or (flt.since and flt.until)
    )


def _on_cluster(flt: EventFilter) -> tuple[list[ColumnElement[bool]], EventFilter]:
    """Split a filter into conditions on the cluster row and the filter left for its reports.

    Every report of a cluster has the cluster's type (the type is part of the clustering signature),
    so the type is checked on the cluster alone. A cluster's date is its earliest report's, so a
    report on or before ``until`` needs the cluster's date on or before it too (a necessary check
    that lets the date index skip newer clusters; the reports are still checked).
    """
    cl = schema.event_clusters
    conditions: list[ColumnElement[bool]] = []
    if flt.type:
        conditions.append(cl.c.type == flt.type.upper())
    if flt.until:
        conditions.append(cl.c.date <= normalize_date(flt.until))
    return conditions, replace(flt, type=None)


def cluster_select(conn: Connection, flt: EventFilter) -> Select[Any]:
    """Return the clusters with at least one report matching the filter."""
    return _cluster_select(conn.dialect.name, flt)


def _cluster_select(dialect: str, flt: EventFilter) -> Select[Any]:
    ev, cl = schema.events, schema.event_clusters
    conditions, rest = _on_cluster(flt)
    if rest == EventFilter():
        # Every stored cluster has a current report (clusters left without one are deleted).
        return select(cl).where(*conditions)
    reports = _event_conditions(dialect, rest)
    if _narrow(rest):
        return select(cl).where(cl.c.pk.in_(select(ev.c.cluster_pk).where(*reports)), *conditions)
    # Most clusters match: walk them in the sort order and check each one's reports until a page is full.
    return select(cl).where(exists().where(ev.c.cluster_pk == cl.c.pk, *reports), *conditions)


def count_clusters(conn: Connection, flt: EventFilter) -> int:
    """Return how many clusters ``cluster_select`` would return, counted the cheapest way."""
    ev, cl = schema.events, schema.event_clusters
    conditions, rest = _on_cluster(flt)
    if rest == EventFilter():
        statement = select(func.count()).select_from(cl).where(*conditions)
    else:
        # Distinct clusters of the matching reports: one pass over a report index, no cluster rows.
        statement = select(func.count(ev.c.cluster_pk.distinct())).where(*event_conditions(conn, flt))
    return int(conn.execute(statement).scalar() or 0)


def count_reports(conn: Connection, flt: EventFilter) -> int:
    """Return how many reports ``report_select`` would return (every report has its article)."""
    statement = select(func.count()).select_from(schema.events).where(*event_conditions(conn, flt))
    return int(conn.execute(statement).scalar() or 0)


def cluster_page(conn: Connection, flt: EventFilter, sort: str, limit: int | None, offset: int) -> list[Any]:
    """Return one page of the clusters matching the filter, in ``sort`` order.

    The page's keys are chosen first from the sort columns alone, then only those rows are read:
    sorting a few thousand matches costs little when the wide rows are not carried through the sort.
    """
    page = {"page_offset": offset} if limit is None else {"page_limit": limit, "page_offset": offset}
    return list(conn.execute(_cluster_page_statement(conn.dialect.name, flt, sort, limit is not None), page))


# One statement per filter and sort, its page bound at execution: every page and both row counts of
# a filter reuse it, and SQLAlchemy finds its compiled form without building the statement again.
@lru_cache(maxsize=1024)
def _cluster_page_statement(dialect: str, flt: EventFilter, sort: str, paged: bool) -> Select[Any]:
    cl = schema.event_clusters
    keys = order(_cluster_select(dialect, flt).with_only_columns(cl.c.pk), CLUSTER_SORTS, sort, cl.c.pk)
    if paged:
        keys = keys.limit(bindparam("page_limit", type_=Integer))
    keys = keys.offset(bindparam("page_offset", type_=Integer))
    chosen = select(cl).where(cl.c.pk.in_(keys))
    return order(chosen, CLUSTER_SORTS, sort, cl.c.pk)


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
