"""A short summary of a database: counts, top actors, event types, top speakers, what to try next.

``make demo`` prints it after ingesting the demo corpus (``print(summary_text(store))``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from . import schema

if TYPE_CHECKING:
    from .api import Store

TOP = 5


def summary(store: Store, top: int = TOP) -> dict[str, Any]:
    """Return counts, the most frequent actors, event types and speakers (each counted by events)."""
    cl, ev, roles, qt, art = (
        schema.event_clusters,
        schema.events,
        schema.event_roles,
        schema.quotes,
        schema.articles,
    )
    clusters_count = func.count(func.distinct(ev.c.cluster_pk)).label("events")
    actors = (
        select(func.min(roles.c.name), clusters_count)
        .join(ev, ev.c.pk == roles.c.event_pk)
        .where(roles.c.role == "actor", ev.c.cluster_pk.isnot(None))
        .group_by(roles.c.name_key)
        .order_by(clusters_count.desc(), roles.c.name_key)
        .limit(top)
    )
    types_count = func.count().label("events")
    types = (
        select(cl.c.type, types_count).group_by(cl.c.type).order_by(types_count.desc(), cl.c.type).limit(top)
    )
    quotes_count = func.count().label("quotes")
    speakers = (
        select(func.min(qt.c.speaker_name), quotes_count)
        .join(art, art.c.pk == qt.c.article_pk)
        .where(qt.c.speaker_key.isnot(None), art.c.current.is_(True))
        .group_by(qt.c.speaker_key)
        .order_by(quotes_count.desc(), qt.c.speaker_key)
        .limit(top)
    )
    with store.engine.connect() as conn:
        return {
            "counts": store.stats(),
            "top_actors": [list(r) for r in conn.execute(actors)],
            "event_types": [list(r) for r in conn.execute(types)],
            "top_speakers": [list(r) for r in conn.execute(speakers)],
        }


def summary_text(store: Store, top: int = TOP, command: str = "newsgraph") -> str:
    """Return the summary as readable lines, ending with the next commands to try, each spelled
    with ``command`` (how the user runs newsgraph: ".venv/bin/newsgraph" when it is not on PATH)."""
    data = summary(store, top)
    counts = data["counts"]
    lines = [
        f"Database {store.where}:",
        "  " + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items()),
    ]
    for title, key in (
        ("Top actors", "top_actors"),
        ("Event types", "event_types"),
        ("Top speakers", "top_speakers"),
    ):
        items = ", ".join(f"{name} ({n})" for name, n in data[key]) or "none yet"
        lines.append(f"  {title}: {items}")
    actor = data["top_actors"][0][0] if data["top_actors"] else "NAME"
    speaker = data["top_speakers"][0][0] if data["top_speakers"] else "NAME"
    db = "" if store.where == "newsgraph.db" else f" --db {store.where}"
    lines += [
        "Try next:",
        f'  {command} events --actor "{actor}"{db}',
        f'  {command} quotes --speaker "{speaker}"{db}',
        f"  {command} entities --type PERSON{db}",
        f"  {command} stats{db}",
        f"  {command} export --format csv --out events.csv{db}",
    ]
    return "\n".join(lines)
