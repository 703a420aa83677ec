"""Write one Analysis into the database, inside the caller's transaction (one per article).

Rows are built from the data model generically: whatever fields a stage fills are kept, the full
analysis JSON is stored on the article, and the derived columns (an event's date, place, actor
names and codes, source sentence) are what queries filter on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from ..model import Analysis, Entity, Event, Span
from . import clusters, dedup, schema
from .schema import name_key

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def now() -> str:
    """Return the current UTC time as ISO 8601, as stored in ``*_at`` columns."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def entity_code(entity: Entity) -> str:
    """Return the key an actor is matched by across articles: its codes if coded, else its name."""
    if entity.country:
        return f"{entity.country}/{entity.sector or ''}"
    return "name:" + name_key(entity.name)


def _previous_version(conn: Connection, url: str | None) -> tuple[int, str, int] | None:
    if not url:
        return None
    art = schema.articles
    row = conn.execute(
        select(art.c.pk, art.c.id, art.c.version)
        .where(art.c.url == url)
        .order_by(art.c.version.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def _insert_article(
    conn: Connection, analysis: Analysis, payload: dict[str, Any], print_: dedup.Fingerprint
) -> tuple[int, str]:
    article = analysis.article
    previous = _previous_version(conn, article.url)
    version, supersedes = 1, None
    if previous is not None:
        old_pk, supersedes, old_version = previous
        version = old_version + 1
        conn.execute(update(schema.articles).where(schema.articles.c.pk == old_pk).values(current=False))
        clusters.detach_article(conn, old_pk)
    dup_group = dedup.find_group(conn, print_) or article.id
    row = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "language": article.language,
        "external_id": article.external_id,
        "text": article.text,
        "version": version,
        "supersedes": supersedes,
        "current": True,
        "dup_group": dup_group,
        "ingested_at": now(),
        "analysis": payload,
    }
    result = conn.execute(schema.articles.insert(), row)
    article_pk = schema.new_pk(result)
    dedup.store_fingerprint(conn, article_pk, print_)
    return article_pk, dup_group


def _insert_parts(conn: Connection, article_pk: int, analysis: Analysis) -> None:
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (
            schema.entities,
            [
                {
                    "article_pk": article_pk,
                    "local_id": e.id,
                    "name": e.name,
                    "name_key": name_key(e.name),
                    "type": e.type,
                    "country": e.country,
                    "sector": e.sector,
                    "wikidata": e.wikidata,
                    "mentions": [_span(m) for m in e.mentions],
                }
                for e in analysis.entities
            ],
        ),
        (schema.quotes, [_quote_row(article_pk, analysis, i) for i in range(len(analysis.quotes))]),
        (
            schema.times,
            [
                {
                    "article_pk": article_pk,
                    "local_id": t.id,
                    "type": t.type,
                    "value": t.value,
                    "text": analysis.slice(t.span),
                    "span": _span(t.span),
                }
                for t in analysis.times
            ],
        ),
        (
            schema.places,
            [
                {
                    "article_pk": article_pk,
                    "local_id": p.id,
                    "name": p.name,
                    "name_key": name_key(p.name),
                    "geonameid": p.geonameid,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": p.country,
                    "feature_class": p.feature_class,
                    "mentions": [_span(m) for m in p.mentions],
                }
                for p in analysis.places
            ],
        ),
    ]
    for table, batch in rows:
        if batch:
            conn.execute(table.insert(), batch)


def _quote_row(article_pk: int, analysis: Analysis, index: int) -> dict[str, Any]:
    quote = analysis.quotes[index]
    speaker = analysis.entity(quote.speaker)
    speaker_name = speaker.name if speaker else (analysis.slice(quote.speaker_span) or None)
    return {
        "article_pk": article_pk,
        "local_id": quote.id,
        "kind": quote.kind,
        "text": analysis.slice(quote.span),
        "speaker_id": quote.speaker,
        "speaker_name": speaker_name,
        "speaker_key": name_key(speaker_name) if speaker_name else None,
        "span": _span(quote.span),
        "speaker_span": _span(quote.speaker_span),
        "cue_span": _span(quote.cue_span),
        "parts": None if quote.parts is None else [_span(p) for p in quote.parts],
    }


def _event_date(analysis: Analysis, event: Event) -> tuple[str | None, str | None]:
    """Return (full date or the publication date, the raw TIMEX3 value)."""
    value = next((t.value for t in analysis.times if t.id == event.time), None)
    if value and _FULL_DATE.match(value):
        return value[:10], value
    return analysis.article.published, value


def _event_rows(
    article_pk: int, analysis: Analysis, event: Event, data: dict[str, Any]
) -> tuple[dict[str, Any], clusters.Report, list[dict[str, Any]]]:
    """Return the row of one event report (its cluster still to assign), what clustering needs to know
    about it, and the rows of its actors and recipients."""
    date, time_value = _event_date(analysis, event)
    place = next((p for p in analysis.places if p.id == event.place), None)
    said_by = analysis.entity(event.said_by)
    roles = [
        (role, entity)
        for role, ids in (("actor", event.actor), ("recipient", event.recipient))
        for entity in (analysis.entity(i) for i in ids)
        if entity is not None
    ]
    flags = "".join(f for f, on in ((":neg", event.negated), (":hyp", event.hypothetical)) if on)
    report = clusters.Report(
        type=event.type,
        quad=event.quad,
        date=date,
        actor_keys=[entity_code(e) for r, e in roles if r == "actor"],
        recipient_keys=[entity_code(e) for r, e in roles if r == "recipient"],
        actor="; ".join(e.name for r, e in roles if r == "actor"),
        recipient="; ".join(e.name for r, e in roles if r == "recipient"),
        place=place.name if place else None,
        country=place.country if place else None,
        flags=flags,
    )
    row = {
        "article_pk": article_pk,
        "cluster_pk": None,
        "local_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "context": list(event.context),
        "quad": event.quad,
        "event_scale": event.event_scale,
        "date": date,
        "time_value": time_value,
        "place": report.place,
        "place_key": name_key(place.name) if place else None,
        "country": report.country,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "said_by": said_by.name if said_by else None,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "alleged": event.alleged,
        "confidence": event.confidence,
        "trigger_span": _span(event.trigger_span),
        "sentence_span": _span(event.sentence_span),
        "sentence": analysis.slice(event.sentence_span) or None,
        "data": data,
    }
    role_rows = [
        {
            "role": role,
            "name": entity.name,
            "name_key": name_key(entity.name),
            "country": entity.country,
            "sector": entity.sector,
        }
        for role, entity in roles
    ]
    return row, report, role_rows


# Built once: constructing statements costs more than running them for rows this small.
_INSERT_EVENTS = schema.events.insert().returning(schema.events.c.pk, sort_by_parameter_order=True)
_INSERT_ROLES = schema.event_roles.insert()
_HAS_ARTICLE = select(func.count()).where(schema.articles.c.id == bindparam("article_id"))


def _insert_events(
    conn: Connection, article_pk: int, dup_group: str, analysis: Analysis, payload: dict[str, Any]
) -> None:
    if not analysis.events:
        return
    built = [
        _event_rows(article_pk, analysis, event, data)
        for event, data in zip(analysis.events, payload["events"], strict=True)
    ]
    # A group of its own (the article's id) has no other article whose clusters it could join.
    group = None if dup_group == analysis.article.id else dup_group
    cluster_pks = clusters.assign(conn, [report for _row, report, _roles in built], group)
    rows = [{**row, "cluster_pk": pk} for (row, _report, _roles), pk in zip(built, cluster_pks, strict=True)]
    pks = [row[0] for row in conn.execute(_INSERT_EVENTS, rows)]
    roles = [
        {**role, "event_pk": pk}
        for pk, (_row, _report, role_rows) in zip(pks, built, strict=True)
        for role in role_rows
    ]
    if roles:
        conn.execute(_INSERT_ROLES, roles)
        add_names(conn, sorted({role["name_key"] for role in roles}))
    clusters.refresh(conn, cluster_pks)


def add_names(conn: Connection, keys: list[str]) -> None:
    """Add role names (and their words) unless there already: one statement each, safe under concurrent ingests."""
    _add_rows(conn, schema.role_names, [{"name_key": k} for k in keys])
    _add_rows(
        conn, schema.role_name_words, [{"word": w, "name_key": k} for k in keys for w in schema.name_words(k)]
    )


def _add_rows(conn: Connection, table: Table, rows: list[dict[str, str]]) -> None:
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        conn.execute(insert(table).on_conflict_do_nothing(), rows)
        return
    keys = [c.name for c in table.primary_key.columns]
    known = {tuple(r) for r in conn.execute(select(*(table.c[k] for k in keys)))}
    fresh = [r for r in rows if tuple(r[k] for k in keys) not in known]
    if fresh:
        conn.execute(table.insert(), fresh)


def write_analysis(conn: Connection, analysis: Analysis) -> bool:
    """Store one analysis in the open transaction; return False when its id was already stored."""
    if has_article(conn, analysis.article.id):
        return False
    print_ = dedup.fingerprint(analysis.article.text)
    payload = analysis.to_dict(explain=True)
    article_pk, dup_group = _insert_article(conn, analysis, payload, print_)
    _insert_parts(conn, article_pk, analysis)
    _insert_events(conn, article_pk, dup_group, analysis, payload)
    return True


def has_article(conn: Connection, article_id: str) -> bool:
    """Return whether an article with this content hash is stored."""
    return bool(conn.execute(_HAS_ARTICLE, {"article_id": article_id}).scalar())


def record_failure(conn: Connection, where: str, kind: str, reason: str) -> None:
    """Record why an input failed, replacing an earlier record for the same input."""
    table = schema.failures
    conn.execute(table.delete().where(table.c["where"] == where))
    conn.execute(table.insert().values({"where": where, "kind": kind, "reason": reason, "at": now()}))
