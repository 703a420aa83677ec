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
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import cloned_traverse

from ..dates import normalize_date
from ..errors import Messages, UnknownFormat
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


@dataclass(frozen=True)
class Shape:
    """Which filters a query gives, and what about their values changes its SQL (never the values).

    Statements are built and compiled once per shape, with the values bound at execution (``bind``):
    the thousands of actors, places and dates users ask for share a few dozen statements.
    """

    actor: int | None = None  # None: not given; 0: a name; 3 or 6: a name or a code of that length
    recipient: int | None = None
    type: bool = False
    quad: bool = False
    country: bool = False
    since: bool = False
    until: bool = False
    place: bool = False
    text: int | None = None  # how many words the full-text filter has (None: not given)


def bind(flt: EventFilter) -> tuple[Shape, dict[str, Any]]:
    """Return a filter's shape and the values of its bound parameters (dates checked here)."""
    values: dict[str, Any] = {}
    shape: dict[str, Any] = {}
    for role in ("actor", "recipient"):
        given = getattr(flt, role)
        if given:
            shape[role] = _bind_name(values, f"f_{role}", given)
            if shape[role]:  # also a country (USA) or country and sector (USAGOV) code
                code = given.strip()
                values[f"f_{role}_country"], values[f"f_{role}_sector"] = code[:3], code[3:]
    if flt.type:
        shape["type"], values["f_type"] = True, flt.type.upper()
    if flt.quad is not None:
        shape["quad"], values["f_quad"] = True, flt.quad
    if flt.country:
        shape["country"], values["f_country"] = True, flt.country.upper()
    if flt.since:
        shape["since"], values["f_since"] = True, normalize_date(flt.since)
    if flt.until:
        shape["until"], values["f_until"] = True, normalize_date(flt.until)
    if flt.place:
        shape["place"] = True
        _bind_name(values, "f_place", flt.place)
    if flt.text:
        shape["text"] = _bind_words(values, "f_text", flt.text)
    return Shape(**shape), values


# LIKE's wildcards in a user's words are escaped, so "%" finds a "%" and not every name.
LIKE_ESCAPE = "\\"


def escape_like(value: str) -> str:
    """``value`` with LIKE's wildcards (``%``, ``_``) and the escape character taken literally."""
    return (
        value.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def _bind_name(values: dict[str, Any], name: str, given: str) -> int:
    key = name_key(given)
    literal_key = escape_like(key)
    values.update(
        {
            name: key,
            f"{name}_head": literal_key + " %",
            f"{name}_tail": "% " + literal_key,
            f"{name}_mid": f"% {literal_key} %",
        }
    )
    # Role names are looked up by the rarest of the query's longest words (see _rarest_word).
    longest = sorted(set(key.split(" ")), key=lambda word: (-len(word), word))[:_PICK_FROM]
    values.update({f"{name}_w{i}": longest[min(i, len(longest) - 1)] for i in range(_PICK_FROM)})
    code = given.strip()
    return len(code) if _CODE.match(code) else 0


def _bind_words(values: dict[str, Any], name: str, given: str) -> int:
    words = _FTS_WORD.findall(given)
    # Every word quoted for FTS5: user input never reaches its query syntax, and all words must match.
    values[name] = " ".join('"' + w + '"' for w in words)
    values[f"{name}_plain"] = " ".join(words)
    values.update({f"{name}_{i}": f"%{escape_like(w)}%" for i, w in enumerate(words)})
    return len(words)


def _with_values(element: ColumnElement[bool], values: dict[str, Any]) -> ColumnElement[bool]:
    """Return a copy of a condition with its bound parameters given ``values`` (for one-off statements)."""

    def give(bind: BindParameter[Any]) -> None:
        if bind.key in values:
            bind.value = values[bind.key]
            bind.required = False

    return cloned_traverse(element, {}, {"bindparam": give})


def name_matches(column: Any, value: str) -> ColumnElement[bool]:
    """A name equal to ``value`` or containing it as whole words ("Kim" finds "Kim Jong Un")."""
    values: dict[str, Any] = {}
    _bind_name(values, "f_name", value)
    return _with_values(_name_matches(column, "f_name"), values)


def _name_matches(column: Any, name: str) -> ColumnElement[bool]:
    """A name equal to the bound value or containing it as whole words ("Kim" finds "Kim Jong Un")."""
    return or_(
        column == bindparam(name),
        column.like(bindparam(f"{name}_head"), escape=LIKE_ESCAPE),
        column.like(bindparam(f"{name}_tail"), escape=LIKE_ESCAPE),
        column.like(bindparam(f"{name}_mid"), escape=LIKE_ESCAPE),
    )


# A name query looks names up by one of its words, the rarest of its longest few: "Actor 7" among
# thousands of "Actor N" names is found through "7", "Joe Biden" through "biden". Each count stops at
# _COUNT_CAP, so choosing never costs more than a few index lookups, however common a word is.
_PICK_FROM = 3
_COUNT_CAP = 50


def _rarest_word(name: str) -> ColumnElement[Any]:
    words = schema.role_name_words

    def capped_count(i: int) -> ColumnElement[Any]:
        found = select(words.c.name_key).where(words.c.word == bindparam(f"{name}_w{i}")).limit(_COUNT_CAP)
        return select(func.count()).select_from(found.subquery()).scalar_subquery()

    counts = [capped_count(i) for i in range(_PICK_FROM)]
    word: list[ColumnElement[Any]] = [bindparam(f"{name}_w{i}") for i in range(_PICK_FROM)]
    return case(
        (and_(counts[0] <= counts[1], counts[0] <= counts[2]), word[0]),
        (counts[1] <= counts[2], word[1]),
        else_=word[2],
    )


def _role_condition(role: str, code: int) -> ColumnElement[bool]:
    roles, words = schema.event_roles, schema.role_name_words
    match: ColumnElement[bool] = roles.c.name_key.in_(
        select(words.c.name_key).where(
            words.c.word == _rarest_word(f"f_{role}"), _name_matches(words.c.name_key, f"f_{role}")
        )
    )
    if code:
        # An upper-case code: a country (USA) or a country and sector (USAGOV), as PLOVER writes them.
        coded = roles.c.country == bindparam(f"f_{role}_country")
        if code == 6:
            coded = and_(coded, roles.c.sector == bindparam(f"f_{role}_sector"))
        match = or_(match, coded)
    return schema.events.c.pk.in_(select(roles.c.event_pk).where(roles.c.role == role, match))


def full_text(conn: Connection, table: str, query: str) -> ColumnElement[bool]:
    """Return a condition on ``articles.pk`` or ``quotes.pk`` for rows whose text matches ``query``."""
    values: dict[str, Any] = {}
    words = _bind_words(values, "f_text", query)
    return _with_values(_full_text(conn.dialect.name, table, words), values)


@lru_cache(maxsize=64)
def _full_text(dialect: str, table: str, words: int) -> ColumnElement[bool]:
    target = schema.articles if table == "articles" else schema.quotes
    if not words:
        return literal(True)
    if dialect == "sqlite":
        fts = "article_fts" if table == "articles" else "quote_fts"
        rows = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :f_text")
        return target.c.pk.in_(rows.columns(rowid=Integer))
    if dialect == "postgresql":
        vector = migrations.ARTICLE_TSVECTOR if table == "articles" else migrations.QUOTE_TSVECTOR
        condition = text(f"{vector} @@ plainto_tsquery('english', :f_text_plain)")
        return target.c.pk.in_(select(target.c.pk).where(condition))
    column = target.c.text
    return and_(*(column.ilike(bindparam(f"f_text_{i}"), escape=LIKE_ESCAPE) for i in range(words)))


def event_conditions(conn: Connection, flt: EventFilter) -> list[ColumnElement[bool]]:
    """Return the conditions on ``events`` (current reports only) that a filter asks for, values bound."""
    shape, values = bind(flt)
    return [_with_values(condition, values) for condition in event_conditions_on(conn.dialect.name, shape)]


# Building the conditions costs more Python time than SQLite takes to run most of them, and
# compiling a statement several times more: one shape is asked for again and again, with other values.
@lru_cache(maxsize=512)
def event_conditions_on(dialect: str, shape: Shape) -> tuple[ColumnElement[bool], ...]:
    """Return the conditions of a filter shape, its values left as bound parameters (see ``bind``)."""
    ev = schema.events
    conditions: list[ColumnElement[bool]] = [ev.c.cluster_pk.isnot(None)]
    if shape.actor is not None:
        conditions.append(_role_condition("actor", shape.actor))
    if shape.recipient is not None:
        conditions.append(_role_condition("recipient", shape.recipient))
    if shape.type:
        conditions.append(ev.c.type == bindparam("f_type"))
    if shape.quad:
        conditions.append(ev.c.quad == bindparam("f_quad"))
    if shape.country:
        roles = schema.event_roles
        conditions.append(
            or_(
                ev.c.country == bindparam("f_country"),
                ev.c.pk.in_(select(roles.c.event_pk).where(roles.c.country == bindparam("f_country"))),
            )
        )
    if shape.since:
        conditions.append(ev.c.date >= bindparam("f_since"))
    if shape.until:
        conditions.append(ev.c.date <= bindparam("f_until"))
    if shape.place:
        conditions.append(_name_matches(ev.c.place_key, "f_place"))
    if shape.text:
        matching = select(schema.articles.c.pk).where(_full_text(dialect, "articles", shape.text))
        conditions.append(ev.c.article_pk.in_(matching))
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


def _narrow(shape: Shape) -> bool:
    """Whether a filter picks few reports, so collecting its clusters beats walking all of them."""
    return bool(
        shape.actor is not None
        or shape.recipient is not None
        or shape.place
        or shape.text
        or shape.country
        or (shape.since and shape.until)
    )


def _on_cluster(shape: Shape) -> tuple[list[ColumnElement[bool]], Shape]:
    """Split a filter into conditions on the cluster row and the filter left for its reports.

    Every report of a cluster has the cluster's type (the type is part of the clustering signature),
    so the type is checked on the cluster alone. A cluster's date is its earliest report's, so a
    report on or before ``until`` needs the cluster's date on or before it too (a necessary check
    that lets the date index skip newer clusters; the reports are still checked).
    """
    cl = schema.event_clusters
    conditions: list[ColumnElement[bool]] = []
    if shape.type:
        conditions.append(cl.c.type == bindparam("f_type"))
    if shape.until:
        conditions.append(cl.c.date <= bindparam("f_until"))
    return conditions, replace(shape, type=False)


def cluster_select(conn: Connection, flt: EventFilter) -> Select[Any]:
    """Return the clusters with at least one report matching the filter (values bound)."""
    shape, values = bind(flt)
    return _cluster_select(conn.dialect.name, shape).params(values)


def _cluster_select(dialect: str, shape: Shape) -> Select[Any]:
    ev, cl = schema.events, schema.event_clusters
    conditions, rest = _on_cluster(shape)
    if rest == Shape():
        # Every stored cluster has a current report (clusters left without one are deleted).
        return select(cl).where(*conditions)
    reports = event_conditions_on(dialect, rest)
    if _narrow(rest):
        return select(cl).where(cl.c.pk.in_(select(ev.c.cluster_pk).where(*reports)), *conditions)
    # Most clusters match: walk them in the sort order and check each one's reports until a page is full.
    return select(cl).where(exists().where(ev.c.cluster_pk == cl.c.pk, *reports), *conditions)


@lru_cache(maxsize=512)
def count_clusters_statement(dialect: str, shape: Shape) -> Select[Any]:
    """Return the statement counting the clusters ``cluster_select`` would return, the cheapest way."""
    ev, cl = schema.events, schema.event_clusters
    conditions, rest = _on_cluster(shape)
    if rest == Shape():
        return select(func.count()).select_from(cl).where(*conditions)
    # Distinct clusters of the matching reports: one pass over a report index, no cluster rows.
    return select(func.count(ev.c.cluster_pk.distinct())).where(*event_conditions_on(dialect, shape))


# One statement per filter shape and sort, its values and page bound at execution: every page and
# value of a shape reuses it, and it is compiled once (``listing``) instead of built again.
@lru_cache(maxsize=1024)
def cluster_page_statement(dialect: str, shape: Shape, sort: str, paged: bool) -> Select[Any]:
    """Return one page of the clusters of a filter shape (page bound as ``page_limit``/``page_offset``).

    The page's keys are chosen first from the sort columns alone, then only those rows are read:
    sorting a few thousand matches costs little when the wide rows are not carried through the sort.
    """
    cl = schema.event_clusters
    keys = order(_cluster_select(dialect, shape).with_only_columns(cl.c.pk), CLUSTER_SORTS, sort, cl.c.pk)
    if paged:
        keys = keys.limit(bindparam("page_limit", type_=Integer))
    keys = keys.offset(bindparam("page_offset", type_=Integer))
    chosen = select(cl).where(cl.c.pk.in_(keys))
    return order(chosen, CLUSTER_SORTS, sort, cl.c.pk)


def dated_range_only(shape: Shape) -> bool:
    """Whether a filter is a date range (with or without a type) and nothing else."""
    return replace(shape, type=False) == Shape(since=True, until=True)


@lru_cache(maxsize=64)
def clusters_dated_in_range(shape: Shape) -> Select[Any]:
    """Return the clusters dated inside a ``dated_range_only`` filter's range (of its type, if given).

    Each of them matches the filter: a cluster's date is its earliest current report's (see
    ``clusters.refresh``), so that report lies in the range. Every other match is dated before
    ``since``, so these lead the newest-first list, and an index on the cluster date finds them
    without looking at a report.
    """
    cl = schema.event_clusters
    conditions, _rest = _on_cluster(shape)
    return select(cl).where(*conditions, cl.c.date >= bindparam("f_since"))


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
