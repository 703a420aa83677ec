"""Pages of events and reports, and their totals, read with as little Python per query as possible.

The event list is the question a server answers most, under many clients at once. SQLite answers a
page in a fraction of a millisecond, but building a statement, SQLAlchemy's per-execution work (cache
key, parameter processing, result rows) and decoding every JSON column of a report row cost several
times that. So each filter's statements are built once (``query``'s caches) and compiled once
here; on SQLite they run on the driver's connection directly, as tuples, inside one read
transaction per page (the rows and the total see the same snapshot); only the columns a row shows
are read. Other databases run the same statements through SQLAlchemy.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.engine import Connection, Dialect, Engine

from . import query, schema
from .connect import ReadConnections
from .query import EventFilter, Shape

ev, cl, art, roles = schema.events, schema.event_clusters, schema.articles, schema.event_roles

CLUSTER_COLUMNS = (
    cl.c.pk,
    cl.c.type,
    cl.c.quad,
    cl.c.date,
    cl.c.actor,
    cl.c.recipient,
    cl.c.place,
    cl.c.country,
    cl.c.num_mentions,
    cl.c.num_articles,
    cl.c.num_sources,
    cl.c.first_reported,
    cl.c.last_reported,
)
CLUSTER_KEYS = (
    "id", "type", "quad", "date", "actor", "recipient", "place", "country",
    "mentions", "articles", "sources", "first_reported", "last_reported",
)  # fmt: skip
# What a report row shows, in this order (see ``report_row``); never the wide ``data`` column.
REPORT_COLUMNS = (
    ev.c.pk,
    ev.c.cluster_pk,
    art.c.id,
    ev.c.local_id,
    ev.c.type,
    ev.c.mode,
    ev.c.context,
    ev.c.quad,
    ev.c.date,
    ev.c.place,
    ev.c.country,
    ev.c.said_by,
    ev.c.negated,
    ev.c.hypothetical,
    ev.c.confidence,
    art.c.source,
    art.c.published,
    ev.c.sentence,
    ev.c.sentence_span,
)
# The names of a page's reports' actors and recipients, in the order they were stored, read for at
# most _ROLE_SLICE reports at a time (SQLite binds at most 32,766 values, PostgreSQL 65,535).
_ROLE_SLICE = 5000
_ROLE_NAMES = (
    "SELECT event_pk, role, name FROM event_roles WHERE event_pk IN ({marks}) ORDER BY event_pk, rowid"
)


def cluster_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """Return an event (cluster) row, read in ``CLUSTER_COLUMNS`` order, as the API shows it."""
    return dict(zip(CLUSTER_KEYS, row, strict=True))


def report_row(row: tuple[Any, ...], actors: list[str], recipients: list[str]) -> dict[str, Any]:
    """Return a report row, read in ``REPORT_COLUMNS`` order, as the API shows it."""
    (_pk, cluster_pk, article_id, local_id, type_, mode, context, quad, date, place, country, said_by,
     negated, hypothetical, confidence, source, published, sentence, sentence_span) = row  # fmt: skip
    return {
        "id": f"{article_id}:{local_id}",
        "event": cluster_pk,
        "article": article_id,
        "type": type_,
        "mode": mode,
        "context": _json(context),
        "quad": quad,
        "date": date,
        "actor": "; ".join(actors),
        "recipient": "; ".join(recipients),
        "place": place,
        "country": country,
        "said_by": said_by,
        "negated": bool(negated),
        "hypothetical": bool(hypothetical),
        "confidence": confidence,
        "source": source,
        "published": published,
        "sentence": sentence,
        "sentence_span": _json(sentence_span),
    }


def _json(value: Any) -> Any:
    # SQLite hands JSON columns over as text when read without SQLAlchemy; other drivers decode them.
    return json.loads(value) if isinstance(value, str) else value


class Reader:
    """Runs prepared statements on one connection (SQLAlchemy's, or SQLite's own), returning plain tuples."""

    def __init__(self, dialect: Dialect, conn: Connection | None, sqlite: sqlite3.Connection | None) -> None:
        self.dialect = dialect
        self.conn = conn
        self.sqlite = sqlite

    def rows(self, statement: Select[Any], params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Return every row of a statement (built once and kept: it is compiled once per dialect)."""
        if self.sqlite is None:
            assert self.conn is not None, "a Reader has a SQLite or a SQLAlchemy connection"
            return [tuple(r) for r in self.conn.execute(statement, params or {})]
        sql, names, defaults = _compiled(self.dialect, statement)
        given = params or {}
        return self.sqlite.execute(sql, [given[n] if n in given else defaults[n] for n in names]).fetchall()

    def role_names(self, event_pks: list[int]) -> dict[tuple[int, str], list[str]]:
        """Return the actor and recipient names of each report, by (report key, role)."""
        names: dict[tuple[int, str], list[str]] = {}
        if not event_pks:
            return names
        # In slices: a page without a limit can hold more reports than a statement may bind values.
        for start in range(0, len(event_pks), _ROLE_SLICE):
            pks = event_pks[start : start + _ROLE_SLICE]
            found: Iterable[Any]
            if self.sqlite is not None:
                found = self.sqlite.execute(_ROLE_NAMES.format(marks=",".join("?" * len(pks))), pks)
            else:
                assert self.conn is not None, "a Reader has a SQLite or a SQLAlchemy connection"
                found = self.conn.execute(
                    select(roles.c.event_pk, roles.c.role, roles.c.name).where(roles.c.event_pk.in_(pks))
                )
            for event_pk, role, name in found:
                names.setdefault((event_pk, role), []).append(name)
        return names

    def reports(self, statement: Select[Any], params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Return the report rows of a ``REPORT_COLUMNS`` statement with their actors and recipients."""
        rows = self.rows(statement, params)
        names = self.role_names([r[0] for r in rows])
        return [
            report_row(r, names.get((r[0], "actor"), []), names.get((r[0], "recipient"), [])) for r in rows
        ]


@lru_cache(maxsize=4096)
def _compiled(dialect: Dialect, statement: Select[Any]) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    compiled = statement.compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)


@contextmanager
def reading(engine: Engine, own: ReadConnections | None = None) -> Iterator[Reader]:
    """Yield a Reader inside one read transaction: on the thread's own SQLite connection when given."""
    if own is not None:
        sqlite = own.get()
        sqlite.execute("BEGIN")
        try:
            yield Reader(engine.dialect, None, sqlite)
        finally:
            sqlite.execute("ROLLBACK")
        return
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        if not isinstance(driver, sqlite3.Connection):
            yield Reader(engine.dialect, conn, None)
            return
        # SQLAlchemy's own BEGIN comes with its first execute, which the raw path never makes.
        driver.execute("BEGIN")
        try:
            yield Reader(engine.dialect, None, driver)
        finally:
            driver.execute("ROLLBACK")


@lru_cache(maxsize=1024)
def _report_page_statement(dialect: str, shape: Shape, sort: str, paged: bool) -> Select[Any]:
    statement: Select[Any] = (
        select(*REPORT_COLUMNS)
        .join(art, art.c.pk == ev.c.article_pk)
        .where(*query.event_conditions_on(dialect, shape))
    )
    statement = query.order(statement, query.REPORT_SORTS, sort, ev.c.pk)
    if paged:
        statement = statement.limit(bindparam("page_limit", type_=Integer))
    return statement.offset(bindparam("page_offset", type_=Integer))


@lru_cache(maxsize=1024)
def _cluster_page_statement(dialect: str, shape: Shape, sort: str, paged: bool) -> Select[Any]:
    return query.cluster_page_statement(dialect, shape, sort, paged).with_only_columns(*CLUSTER_COLUMNS)


@lru_cache(maxsize=64)
def _dated_page_statement(shape: Shape) -> Select[Any]:
    dated = query.clusters_dated_in_range(shape).with_only_columns(*CLUSTER_COLUMNS)
    return (
        query.order(dated, query.CLUSTER_SORTS, "-date", cl.c.pk)
        .limit(bindparam("page_limit", type_=Integer))
        .offset(bindparam("page_offset", type_=Integer))
    )


@lru_cache(maxsize=64)
def _dated_count_statement(shape: Shape) -> Select[Any]:
    dated = query.clusters_dated_in_range(shape)
    return select(func.count()).select_from(dated.with_only_columns(cl.c.pk).subquery())


@lru_cache(maxsize=512)
def _count_statement(dialect: str, shape: Shape, reports: bool) -> Select[Any]:
    if reports:
        return select(func.count()).select_from(ev).where(*query.event_conditions_on(dialect, shape))
    return query.count_clusters_statement(dialect, shape)


def page(
    reader: Reader, flt: EventFilter, *, reports: bool, sort: str, limit: int | None, offset: int
) -> list[dict[str, Any]]:
    """Return one page of events (clusters), or of reports with ``reports``, matching the filter."""
    shape, params = query.bind(flt)
    params.update({"page_offset": offset} if limit is None else {"page_limit": limit, "page_offset": offset})
    if reports:
        statement = _report_page_statement(reader.dialect.name, shape, sort, limit is not None)
        return reader.reports(statement, params)
    # A date range's newest events are the clusters dated in it (see clusters_dated_in_range):
    # when the page lies among them, it is read from the cluster date index alone.
    dated = sort == "-date" and limit is not None and query.dated_range_only(shape)
    if dated and offset + (limit or 0) <= reader.rows(_dated_count_statement(shape), params)[0][0]:
        return [cluster_row(r) for r in reader.rows(_dated_page_statement(shape), params)]
    statement = _cluster_page_statement(reader.dialect.name, shape, sort, limit is not None)
    return [cluster_row(r) for r in reader.rows(statement, params)]


def total(reader: Reader, flt: EventFilter, *, reports: bool) -> int:
    """Return how many events (or reports) match the filter."""
    shape, values = query.bind(flt)
    return int(reader.rows(_count_statement(reader.dialect.name, shape, reports), values)[0][0] or 0)
