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
# Built once (statements rebuilt per article cost more than running them): every candidate cluster
# of an article's reports in one query per rule, in the order the reports are then matched in.
_DATED = (
    select(_CL.c.signature, _CL.c.date, _CL.c.pk)
    .where(
        _CL.c.signature.in_(bindparam("signatures", expanding=True)),
        _CL.c.date >= bindparam("low"),
        _CL.c.date <= bindparam("high"),
    )
    .order_by(_CL.c.date, _CL.c.pk)
)
_SAME_GROUP = (
    select(_CL.c.signature, func.min(_CL.c.pk))
    .join(_EV, _EV.c.cluster_pk == _CL.c.pk)
    .join(_ART, _ART.c.pk == _EV.c.article_pk)
    .where(
        _CL.c.signature.in_(bindparam("signatures", expanding=True)),
        _ART.c.dup_group == bindparam("dup_group"),
    )
    .group_by(_CL.c.signature)
)
_INSERT = schema.event_clusters.insert().returning(schema.event_clusters.c.pk, sort_by_parameter_order=True)


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _datable(report: Report) -> bool:
    # Without a date or a participant, "same type" is too weak to merge across stories.
    return report.date is not None and bool(report.actor_keys or report.recipient_keys)


def _nearest(report: Report, candidates: list[tuple[str, int]]) -> int | None:
    """Return the cluster (of ``(date, key)`` candidates, in order) dated nearest the report, if in the window."""
    assert report.date is not None
    target = dt.date.fromisoformat(report.date)
    best: tuple[int, int] | None = None
    for date, key in candidates:
        gap = abs((dt.date.fromisoformat(date) - target).days)
        if gap <= WINDOW_DAYS and (best is None or gap < best[0]):
            best = (gap, key)
    return best[1] if best else None


def assign(conn: Connection, reports: list[Report], dup_group: str | None) -> list[int]:
    """Return the cluster of each report of one article, creating clusters for new events.

    Reports are matched in order, as if stored one by one: to a stored cluster with the same
    signature dated within ``WINDOW_DAYS`` (the nearest), or to one created for an earlier report of
    the same article; else to a stored cluster of the same signature reported in the article's
    near-duplicate group (``dup_group``, None when the article starts a new group); else to a new one.
    Three statements per article, whatever its number of reports.
    """
    dated = [r for r in reports if _datable(r)]
    stored: dict[str, list[tuple[str, int]]] = {}
    if dated:
        window = {
            "signatures": sorted({r.signature for r in dated}),
            "low": _shift(min(str(r.date) for r in dated), -WINDOW_DAYS),
            "high": _shift(max(str(r.date) for r in dated), WINDOW_DAYS),
        }
        for signature, date, pk in conn.execute(_DATED, window):
            stored.setdefault(signature, []).append((date, pk))
    same_group: dict[str, int] = {}
    if dup_group is not None:
        found = conn.execute(
            _SAME_GROUP, {"signatures": sorted({r.signature for r in reports}), "dup_group": dup_group}
        )
        same_group = {signature: pk for signature, pk in found}
    # Clusters created for this article are keyed -1, -2, ... until inserted; being newest, they come
    # after stored clusters of the same date, as their keys will.
    created: list[tuple[Report, int]] = []
    chosen: list[int] = []
    for report in reports:
        pick = None
        if _datable(report):
            mine = [(str(r.date), key) for r, key in created if r.signature == report.signature]
            candidates = sorted(
                stored.get(report.signature, []) + mine, key=lambda c: (c[0], c[1] < 0, abs(c[1]))
            )
            pick = _nearest(report, candidates)
        pick = pick or same_group.get(report.signature)
        if pick is None:
            pick = -(len(created) + 1)
            created.append((report, pick))
        chosen.append(pick)
    if created:
        keys = [row[0] for row in conn.execute(_INSERT, [_new_cluster(r) for r, _key in created])]
        real = {placeholder: key for (_r, placeholder), key in zip(created, keys, strict=True)}
        chosen = [real.get(key, key) for key in chosen]
    return chosen


def _new_cluster(report: Report) -> dict[str, object]:
    return {
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
