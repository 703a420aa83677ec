"""The charts in the corrected coding: the timeline's, the map's and the network's counts with the
reviewers' corrections applied.

The charts count events (clusters of reports, ``store/clusters.py``) in the machine coding's
tables, which corrections never change. The corrected counts start from those and move only what a
correction in force changes, report by report:

- a rejected report leaves its event; an event left without any report matching the filters is
  no longer counted;
- an edited report whose type, actor, recipient or flags changed is no longer the event it was
  clustered into (the cluster's reports share those): it leaves its event as a rejected one does,
  and counts as an event of its own with its corrected values, on its own date and at its own place;
- an edited report whose type, actor, recipient and flags are unchanged (a new mode or context, say)
  stays in its event and changes no count.

The filters select reports by their machine values, as in the corrected event and quote lists
(``rows.with_coding``). The map's cooperation and conflict columns count reports, as the machine's
do. A chart with a ``limit`` (the map, the network) is computed from the machine's first
``limit + 2 x changed`` rows, so that corrections can reorder it; a place or pair outside that
window gains only its corrected reports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ...model import Analysis
from .. import schema
from ..connect import storage_errors
from ..query import EventFilter, event_conditions
from .applying import corrected_analysis
from .reading import _state_row
from .rows import _coded_values

if TYPE_CHECKING:
    from ..api import Store

# What a report shares with the other reports of its cluster (``clusters.Report.signature``).
_CLUSTERED = ("type", "actor", "recipient", "negated", "hypothetical")


@dataclass(frozen=True)
class ChangedReport:
    """A report (of the filter's) whose correction changes the charts.

    ``corrected`` is None when it was rejected, else its corrected type, quad, actor and recipient.
    """

    pk: int
    cluster_pk: int
    date: str | None
    place_key: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    quad: int | None
    corrected: dict[str, Any] | None


@dataclass
class Changes:
    """The reports that leave their events, and how many reports matching the filters each event has
    (in all, and at each place)."""

    reports: list[ChangedReport]
    cluster_reports: Counter[int]
    place_reports: Counter[tuple[int, str | None]]

    def gone(self) -> set[int]:
        """The events (cluster keys) every matching report of which left."""
        left = Counter(r.cluster_pk for r in self.reports)
        return {pk for pk, n in left.items() if n >= self.cluster_reports[pk]}

    def gone_at(self) -> set[tuple[int, str | None]]:
        """(event, place) pairs every matching report of which, at that place, left."""
        left = Counter((r.cluster_pk, r.place_key) for r in self.reports)
        return {key for key, n in left.items() if n >= self.place_reports[key]}

    def moved(self) -> list[ChangedReport]:
        """The edited reports that now count as events of their own."""
        return [r for r in self.reports if r.corrected is not None]


def changed_reports(store: Store, filters: dict[str, Any]) -> Changes:
    """Return the reports matching ``filters`` whose corrections in force take them out of their events."""
    ri, ev, art = schema.review_items, schema.events, schema.articles
    with storage_errors(store.where), store.engine.connect() as conn:
        heads = conn.execute(
            select(ri).where(
                ri.c.kind == "event", ri.c.matched.is_(True), ri.c.status.in_(("rejected", "edited"))
            )
        ).all()
        if not heads:
            return Changes([], Counter(), Counter())
        states: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for head in conn.execute(
            select(ri).where(ri.c.article_id.in_({h.article_id for h in heads})).order_by(ri.c.pk)
        ):
            states[head.article_id][(head.kind, head.item_id)] = _state_row(head)
        analyses = {
            article_id: Analysis.from_dict(data)
            for article_id, data in conn.execute(
                select(art.c.id, art.c.analysis).where(art.c.id.in_(states), art.c.current.is_(True))
            )
        }
        wanted = {(h.article_id, h.item_id) for h in heads if h.article_id in analyses}
        conditions = event_conditions(conn, EventFilter(**filters))
        rows = conn.execute(
            select(
                ev.c.pk,
                ev.c.cluster_pk,
                ev.c.local_id,
                art.c.id.label("article"),
                ev.c.date,
                ev.c.place_key,
                ev.c.place,
                ev.c.country,
                ev.c.lat,
                ev.c.lon,
                ev.c.quad,
            )
            .join(art, art.c.pk == ev.c.article_pk)
            .where(art.c.id.in_({a for a, _item in wanted}), *conditions)
        ).all()
        reports: list[ChangedReport] = []
        corrected = {a: corrected_analysis(analyses[a], states[a]) for a in {a for a, _i in wanted}}
        for row in rows:
            if (row.article, row.local_id) not in wanted:
                continue
            machine = _coded_values("event", analyses[row.article], row.local_id)
            after = _coded_values("event", corrected[row.article], row.local_id)
            if machine is not None and after is not None and all(machine[k] == after[k] for k in _CLUSTERED):
                continue  # still the event it was clustered into
            reports.append(
                ChangedReport(
                    pk=row.pk,
                    cluster_pk=row.cluster_pk,
                    date=row.date,
                    place_key=row.place_key,
                    place=row.place,
                    country=row.country,
                    lat=row.lat,
                    lon=row.lon,
                    quad=row.quad,
                    corrected=after,
                )
            )
        clusters = {r.cluster_pk for r in reports}
        cluster_reports: Counter[int] = Counter()
        place_reports: Counter[tuple[int, str | None]] = Counter()
        if clusters:
            for cluster_pk, place_key, n in conn.execute(
                select(ev.c.cluster_pk, ev.c.place_key, func.count())
                .where(ev.c.cluster_pk.in_(clusters), *conditions)
                .group_by(ev.c.cluster_pk, ev.c.place_key)
            ):
                cluster_reports[cluster_pk] += n
                place_reports[(cluster_pk, place_key)] += n
    return Changes(reports, cluster_reports, place_reports)


def _clusters(store: Store, pks: set[int]) -> dict[int, Any]:
    cl = schema.event_clusters
    if not pks:
        return {}
    with storage_errors(store.where), store.engine.connect() as conn:
        return {row.pk: row for row in conn.execute(select(cl).where(cl.c.pk.in_(pks)))}


def window(limit: int, changes: Changes) -> int:
    """How many machine rows a limited chart reads before applying ``changes`` (see the module)."""
    return limit + 2 * len(changes.reports)


def corrected_timeline(
    store: Store, machine: list[dict[str, Any]], changes: Changes, *, by: str, interval: int
) -> list[dict[str, Any]]:
    """Return the timeline's counts (``browse.event_counts`` rows) with ``changes`` applied.

    ``interval``: the characters of a date that make its period (4 a year, 7 a month, 10 a day).
    """
    counts: dict[tuple[Any, Any], dict[str, Any]] = {(r["period"], r["key"]): dict(r) for r in machine}

    def add(date: str | None, type_: str, quad: int | None, step: int) -> None:
        if date is None:
            return  # undated events have no place on a time axis
        key = (date[:interval], type_ if by == "type" else quad)
        row = counts.setdefault(key, {"period": key[0], "key": key[1], "quad": quad, "events": 0})
        row["events"] += step

    for cluster in _clusters(store, changes.gone()).values():
        add(cluster.date, cluster.type, cluster.quad, -1)
    for report in changes.moved():
        assert report.corrected is not None
        add(report.date, report.corrected["type"], report.corrected["quad"], +1)
    kept = [row for row in counts.values() if row["events"] > 0]
    return sorted(kept, key=lambda r: (r["period"], str(r["key"])))


def _cooperation(quad: int | None) -> str | None:
    return "cooperation" if quad in (1, 2) else "conflict" if quad in (3, 4) else None


def corrected_places(machine: list[dict[str, Any]], changes: Changes, *, limit: int) -> list[dict[str, Any]]:
    """Return the map's places (``browse.event_places`` rows with ``place_key``) with ``changes`` applied."""
    places: dict[str | None, dict[str, Any]] = {r["place_key"]: dict(r) for r in machine}
    for report in changes.reports:
        if report.lat is None or report.lon is None:
            continue  # the map shows geocoded places only
        row = places.setdefault(
            report.place_key,
            {
                "place_key": report.place_key,
                "place": report.place,
                "country": report.country,
                "lat": report.lat,
                "lon": report.lon,
                "events": 0,
                "cooperation": 0,
                "conflict": 0,
            },
        )
        side = _cooperation(report.quad)
        if side:
            row[side] -= 1
        if report.corrected is not None:
            row["events"] += 1
            side = _cooperation(report.corrected["quad"])
            if side:
                row[side] += 1
    for _cluster_pk, place_key in changes.gone_at():
        if place_key in places:
            places[place_key]["events"] -= 1
    kept = [row for row in places.values() if row["events"] > 0]
    kept.sort(key=lambda r: (-r["events"], str(r["place_key"])))
    return kept[:limit]


def corrected_pairs(
    store: Store, machine: list[dict[str, Any]], changes: Changes, *, limit: int
) -> list[dict[str, Any]]:
    """Return the network's actor-recipient pairs (``browse.actor_pairs`` rows) with ``changes`` applied."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {(r["actor"], r["recipient"]): dict(r) for r in machine}

    def add(actor: str | None, recipient: str | None, quad: int | None, step: int) -> None:
        if not actor or not recipient:
            return  # the network draws pairs only
        row = pairs.setdefault(
            (actor, recipient),
            {"actor": actor, "recipient": recipient, "events": 0, "cooperation": 0, "conflict": 0},
        )
        row["events"] += step
        side = _cooperation(quad)
        if side:
            row[side] += step

    for cluster in _clusters(store, changes.gone()).values():
        add(cluster.actor, cluster.recipient, cluster.quad, -1)
    for report in changes.moved():
        assert report.corrected is not None
        add(report.corrected["actor"], report.corrected["recipient"], report.corrected["quad"], +1)
    kept = [row for row in pairs.values() if row["events"] > 0]
    kept.sort(key=lambda r: (-r["events"], r["actor"], r["recipient"]))
    return kept[:limit]
