"""Queries for browsing a database (the web UI): article lists, event counts over time, places, actor pairs.

Each takes a ``Store`` and the same event filters as ``Store.events`` (through ``EventFilter``), so
the timeline, map and network of the UI show exactly the events the events table lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, func, select

from . import query, schema
from .connect import storage_errors
from .query import EventFilter

if TYPE_CHECKING:
    from .api import Store

# How many characters of a date name a period: 2023, 2023-09, 2023-09-13.
INTERVALS = {"year": 4, "month": 7, "day": 10}
GROUPINGS = ("type", "quad")


def _article_select(store: Store, text: str | None, source: str | None) -> Select[Any]:
    art = schema.articles
    statement = select(art.c.id, art.c.title, art.c.published, art.c.source, art.c.url, art.c.version).where(
        art.c.current.is_(True)
    )
    if source:
        statement = statement.where(art.c.source == source)
    if text:
        with store.engine.connect() as conn:
            statement = statement.where(query.full_text(conn, "articles", text))
    return statement


def articles(
    store: Store,
    *,
    text: str | None = None,
    source: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Return current articles (newest first), those whose text matches ``text`` when given."""
    art = schema.articles
    statement = _article_select(store, text, source).order_by(art.c.published.desc().nulls_last(), art.c.pk)
    with storage_errors(store.where), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(statement.limit(limit).offset(offset))]


def count_articles(store: Store, *, text: str | None = None, source: str | None = None) -> int:
    """Return how many current articles ``articles`` would list without a limit."""
    with storage_errors(store.where), store.engine.connect() as conn:
        return query.count(conn, _article_select(store, text, source))


def _clusters(store: Store, filters: dict[str, Any]) -> Any:
    with store.engine.connect() as conn:
        return query.cluster_select(conn, EventFilter(**filters)).subquery()


def event_counts(
    store: Store, *, by: str = "quad", interval: str = "month", **filters: Any
) -> list[dict[str, Any]]:
    """Return how many events (clusters) each period has, per type or quad: period, key, quad, events.

    Events without a date are left out (they have no place on a time axis).
    """
    clusters = _clusters(store, filters)
    period = func.substr(clusters.c.date, 1, INTERVALS[interval]).label("period")
    key = (clusters.c.type if by == "type" else clusters.c.quad).label("key")
    events = func.count().label("events")
    statement = (
        select(period, key, func.min(clusters.c.quad).label("quad"), events)
        .where(clusters.c.date.isnot(None))
        .group_by(period, key)
        .order_by(period, key)
    )
    with storage_errors(store.where), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(statement)]


def _cooperation_counts(quad: Any) -> tuple[Any, Any]:
    cooperation = func.sum(case((quad.in_((1, 2)), 1), else_=0)).label("cooperation")
    conflict = func.sum(case((quad.in_((3, 4)), 1), else_=0)).label("conflict")
    return cooperation, conflict


def event_places(
    store: Store, *, limit: int = 500, with_key: bool = False, **filters: Any
) -> list[dict[str, Any]]:
    """Return the geocoded places of matching events: place, country, lat, lon, events, cooperation,
    conflict (and ``place_key``, the key places are grouped by, with ``with_key``)."""
    ev = schema.events
    with store.engine.connect() as conn:
        conditions = query.event_conditions(conn, EventFilter(**filters))
    events = func.count(func.distinct(ev.c.cluster_pk)).label("events")
    cooperation, conflict = _cooperation_counts(ev.c.quad)
    statement = (
        select(
            *([ev.c.place_key] if with_key else []),
            func.min(ev.c.place).label("place"),
            func.max(ev.c.country).label("country"),
            func.avg(ev.c.lat).label("lat"),
            func.avg(ev.c.lon).label("lon"),
            events,
            cooperation,
            conflict,
        )
        .where(*conditions, ev.c.lat.isnot(None), ev.c.lon.isnot(None))
        .group_by(ev.c.place_key)
        .order_by(events.desc(), ev.c.place_key)
        .limit(limit)
    )
    with storage_errors(store.where), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(statement)]


def actor_pairs(store: Store, *, limit: int = 200, **filters: Any) -> list[dict[str, Any]]:
    """Return who acted on whom, most events first: actor, recipient, events, cooperation, conflict."""
    clusters = _clusters(store, filters)
    events = func.count().label("events")
    cooperation, conflict = _cooperation_counts(clusters.c.quad)
    statement = (
        select(clusters.c.actor, clusters.c.recipient, events, cooperation, conflict)
        .where(clusters.c.actor.isnot(None), clusters.c.recipient.isnot(None))
        .where(clusters.c.actor != "", clusters.c.recipient != "")
        .group_by(clusters.c.actor, clusters.c.recipient)
        .order_by(events.desc(), clusters.c.actor, clusters.c.recipient)
        .limit(limit)
    )
    with storage_errors(store.where), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(statement)]


def actor_codes(store: Store, names: list[str]) -> list[dict[str, Any]]:
    """Return the country and sector codes events gave each actor or recipient name (the network's
    nodes): ``[{name, country, sector}]``, with null where no event coded it."""
    roles = schema.event_roles
    keys = sorted({schema.name_key(name) for name in names})
    found: list[dict[str, Any]] = []
    with storage_errors(store.where), store.engine.connect() as conn:
        # In chunks: SQLite limits the number of bound parameters of one statement.
        for start in range(0, len(keys), 500):
            statement = (
                select(
                    func.min(roles.c.name).label("name"),
                    func.max(roles.c.country).label("country"),
                    func.max(roles.c.sector).label("sector"),
                )
                .where(roles.c.name_key.in_(keys[start : start + 500]))
                .group_by(roles.c.name_key)
            )
            found.extend(dict(r._mapping) for r in conn.execute(statement))
    return found


def count_entities(store: Store, *, type: str | None = None, name: str | None = None) -> int:
    """Return how many rows ``Store.entities`` would list without a limit (distinct name and type pairs)."""
    en, art = schema.entities, schema.articles
    statement = (
        select(en.c.name_key, en.c.type)
        .join(art, art.c.pk == en.c.article_pk)
        .where(art.c.current.is_(True))
        .distinct()
    )
    if type:
        statement = statement.where(en.c.type == type.upper())
    if name:
        statement = statement.where(query.name_matches(en.c.name_key, name))
    with storage_errors(store.where), store.engine.connect() as conn:
        return query.count(conn, statement)
