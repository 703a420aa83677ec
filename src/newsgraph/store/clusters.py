"""Event clusters: the same event reported by several articles (or twice in one) becomes one cluster.

Two reports are the same event when they have the same type, the same actors and recipients (by
country and sector code where coded, else by name), the same negation/hypothesis flags, and either
dates at most ``WINDOW_DAYS`` apart or articles in the same near-duplicate group. Each cluster
carries GDELT-like counts: mentions (reports), articles and sources, and its first and last report
dates, recomputed from its reports whenever one joins or leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, distinct, func, select, update
from sqlalchemy.engine import Connection

from . import schema

WINDOW_DAYS = 1


@dataclass
class Report:
    """What clustering needs to know about one event report."""

    type: str
    quad: int | None
    date: str | None
    actor_keys: list[str]
    recipient_keys: list[str]
    actor: str
    recipient: str
    place: str | None
    country: str | None
    flags: str

    @property
    def signature(self) -> str:
        """The key two reports of one event share, dates aside."""
        actors = ",".join(sorted(set(self.actor_keys)))
        recipients = ",".join(sorted(set(self.recipient_keys)))
        return f"{self.type}{self.flags}|{actors}|{recipients}"


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _same_group_cluster(conn: Connection, report: Report, dup_group: str) -> int | None:
    ev, art, cl = schema.events, schema.articles, schema.event_clusters
    query = (
        select(cl.c.pk)
        .join(ev, ev.c.cluster_pk == cl.c.pk)
        .join(art, art.c.pk == ev.c.article_pk)
        .where(cl.c.signature == report.signature, art.c.dup_group == dup_group)
        .limit(1)
    )
    return conn.execute(query).scalar()


def _dated_cluster(conn: Connection, report: Report) -> int | None:
    if report.date is None or not (report.actor_keys or report.recipient_keys):
        # Without a date or a participant, "same type" is too weak to merge across stories.
        return None
    cl = schema.event_clusters
    query = select(cl.c.pk, cl.c.date).where(
        cl.c.signature == report.signature,
        cl.c.date >= _shift(report.date, -WINDOW_DAYS),
        cl.c.date <= _shift(report.date, WINDOW_DAYS),
    )
    target = dt.date.fromisoformat(report.date)
    best: tuple[int, int] | None = None
    for pk, date in conn.execute(query):
        gap = abs((dt.date.fromisoformat(date) - target).days)
        if best is None or gap < best[0]:
            best = (gap, pk)
    return best[1] if best else None


def assign(conn: Connection, report: Report, dup_group: str) -> int:
    """Return the cluster a report belongs to, creating it when it is the first report."""
    found = _dated_cluster(conn, report) or _same_group_cluster(conn, report, dup_group)
    if found is not None:
        return found
    result = conn.execute(
        schema.event_clusters.insert().values(
            signature=report.signature,
            type=report.type,
            quad=report.quad,
            date=report.date,
            actor=report.actor,
            recipient=report.recipient,
            place=report.place,
            country=report.country,
            num_mentions=0,
            num_articles=0,
            num_sources=0,
        )
    )
    return schema.new_pk(result)


def refresh(conn: Connection, cluster_pks: Iterable[int]) -> None:
    """Recompute the counts and dates of clusters from their reports; drop clusters left empty."""
    ev, art, cl = schema.events, schema.articles, schema.event_clusters
    for pk in set(cluster_pks):
        counts = conn.execute(
            select(
                func.count(ev.c.pk),
                func.count(distinct(art.c.pk)),
                func.count(distinct(func.coalesce(art.c.source, art.c.id))),
                func.min(art.c.published),
                func.max(art.c.published),
                func.min(ev.c.date),
            )
            .join(art, art.c.pk == ev.c.article_pk)
            .where(ev.c.cluster_pk == pk)
        ).one()
        if counts[0] == 0:
            conn.execute(delete(cl).where(cl.c.pk == pk))
            continue
        conn.execute(
            update(cl)
            .where(cl.c.pk == pk)
            .values(
                num_mentions=counts[0],
                num_articles=counts[1],
                num_sources=counts[2],
                first_reported=counts[3],
                last_reported=counts[4],
                date=counts[5],
            )
        )


def detach_article(conn: Connection, article_pk: int) -> None:
    """Take an article's reports out of their clusters (it was superseded by a new version)."""
    ev = schema.events
    affected = [
        pk
        for (pk,) in conn.execute(
            select(distinct(ev.c.cluster_pk)).where(
                and_(ev.c.article_pk == article_pk, ev.c.cluster_pk.isnot(None))
            )
        )
    ]
    conn.execute(update(ev).where(ev.c.article_pk == article_pk).values(cluster_pk=None))
    refresh(conn, affected)
