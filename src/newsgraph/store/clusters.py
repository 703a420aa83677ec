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

from sqlalchemy import and_, bindparam, delete, distinct, func, select, update
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


_CL, _EV, _ART = schema.event_clusters, schema.events, schema.articles
_SAME_GROUP = (
    select(_CL.c.pk)
    .join(_EV, _EV.c.cluster_pk == _CL.c.pk)
    .join(_ART, _ART.c.pk == _EV.c.article_pk)
    .where(_CL.c.signature == bindparam("signature"), _ART.c.dup_group == bindparam("dup_group"))
    .limit(1)
)
_DATED = select(_CL.c.pk, _CL.c.date).where(
    _CL.c.signature == bindparam("signature"), _CL.c.date >= bindparam("low"), _CL.c.date <= bindparam("high")
)


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _same_group_cluster(conn: Connection, report: Report, dup_group: str) -> int | None:
    return conn.execute(_SAME_GROUP, {"signature": report.signature, "dup_group": dup_group}).scalar()


def _dated_cluster(conn: Connection, report: Report) -> int | None:
    if report.date is None or not (report.actor_keys or report.recipient_keys):
        # Without a date or a participant, "same type" is too weak to merge across stories.
        return None
    window = {
        "signature": report.signature,
        "low": _shift(report.date, -WINDOW_DAYS),
        "high": _shift(report.date, WINDOW_DAYS),
    }
    target = dt.date.fromisoformat(report.date)
    best: tuple[int, int] | None = None
    for pk, date in conn.execute(_DATED, window):
        gap = abs((dt.date.fromisoformat(date) - target).days)
        if best is None or gap < best[0]:
            best = (gap, pk)
    return best[1] if best else None


def assign(conn: Connection, report: Report, dup_group: str) -> int:
    """Return the cluster a report belongs to, creating it when it is the first report."""
    found = _dated_cluster(conn, report) or _same_group_cluster(conn, report, dup_group)
    if found is not None:
        return found
    row = {
        "signature": report.signature,
        "type": report.type,
        "quad": report.quad,
        "date": report.date,
        "actor": report.actor,
        "recipient": report.recipient,
        "place": report.place,
        "country": report.country,
        "num_mentions": 0,
        "num_articles": 0,
        "num_sources": 0,
    }
    result = conn.execute(schema.event_clusters.insert(), row)
    return schema.new_pk(result)


def refresh(conn: Connection, cluster_pks: Iterable[int]) -> None:
    """Recompute the counts and dates of clusters from their reports; drop clusters left empty."""
    ev, art, cl = schema.events, schema.articles, schema.event_clusters
    wanted = sorted(set(cluster_pks))
    if not wanted:
        return
    counted = conn.execute(
        select(
            ev.c.cluster_pk,
            func.count(ev.c.pk),
            func.count(distinct(art.c.pk)),
            func.count(distinct(func.coalesce(art.c.source, art.c.id))),
            func.min(art.c.published),
            func.max(art.c.published),
            func.min(ev.c.date),
        )
        .join(art, art.c.pk == ev.c.article_pk)
        .where(ev.c.cluster_pk.in_(wanted))
        .group_by(ev.c.cluster_pk)
    ).all()
    rows = [
        {
            "b_pk": r[0],
            "b_mentions": r[1],
            "b_articles": r[2],
            "b_sources": r[3],
            "b_first": r[4],
            "b_last": r[5],
            "b_date": r[6],
        }
        for r in counted
    ]
    if rows:
        conn.execute(_UPDATE_COUNTS, rows)
    empty = set(wanted) - {r[0] for r in counted}
    if empty:
        conn.execute(delete(cl).where(cl.c.pk.in_(sorted(empty))))


_UPDATE_COUNTS = (
    update(schema.event_clusters)
    .where(schema.event_clusters.c.pk == bindparam("b_pk"))
    .values(
        num_mentions=bindparam("b_mentions"),
        num_articles=bindparam("b_articles"),
        num_sources=bindparam("b_sources"),
        first_reported=bindparam("b_first"),
        last_reported=bindparam("b_last"),
        date=bindparam("b_date"),
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
