"""Event exports in the formats event-data researchers use: PLOVER JSON records and a GDELT-like table.

``plover_records`` follows the "PLOVER JSON" table of the PLOVER manual's Data Fields chapter: one
record per event with id, date, actor and recipient (lists of entity objects: code, sector,
entity_text, identifier_id), event, mode, context (lists), event_text, quad_code, event_scale,
event_loc (when the event has a place), text and cite_info.

``gdelt_rows`` gives one flat row per event with the columns of ``GDELT_COLUMNS``, in GDELT's
spirit (two actors with name, country and sector codes, the event, its quad class and score, where
it happened and the source): a compound actor is written as "; "-joined names and codes, a column
none of whose parties has a code is empty.
"""

from __future__ import annotations

from typing import Any

from .model import Analysis, Entity, Event

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "Actor1Name", "Actor1CountryCode", "Actor1Sector", "EventType", "EventMode",
    "EventContext", "QuadClass", "PloverScore", "Actor2Name", "Actor2CountryCode", "Actor2Sector",
    "SaidBy", "Negated", "Hypothetical", "Alleged", "Confidence", "ActionGeo_FullName",
    "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "EventText", "SourceURL", "ArticleID",
)  # fmt: skip


def _entity_object(entity: Entity | None, analysis: Analysis) -> dict[str, Any]:
    if entity is None:
        return {"code": None, "sector": None, "entity_text": None, "identifier_id": None}
    first = analysis.slice(entity.mentions[0]) if entity.mentions else entity.name
    return {
        "code": entity.country,
        "sector": entity.sector,
        "entity_text": first,
        "identifier_id": entity.wikidata,
        "identifier_text": entity.name,
    }


def event_date(event: Event, analysis: Analysis) -> str | None:
    """The day an event is dated by (YYYY-MM-DD): its own time when that names a day, else the
    article's publication date."""
    if event.time is not None:
        for time in analysis.times:
            if time.id == event.time and time.value and len(time.value) >= 10 and time.value[4] == "-":
                return time.value[:10]
    return analysis.article.published


def _entities(ids: list[str], analysis: Analysis) -> list[Entity]:
    return [ent for ent in (analysis.entity(i) for i in ids) if ent is not None]


def plover_records(analysis: Analysis) -> list[dict[str, Any]]:
    """Return one PLOVER JSON record per event of an analysis."""
    records = []
    article = analysis.article
    for event in analysis.events:
        record: dict[str, Any] = {
            "id": f"{article.id}-{event.id}",
            "date": event_date(event, analysis),
            "actor": [_entity_object(e, analysis) for e in _entities(event.actor, analysis)],
            "recipient": [_entity_object(e, analysis) for e in _entities(event.recipient, analysis)],
            "event": [event.type],
            "mode": [event.mode] if event.mode else [],
            "context": list(event.context),
            "event_text": [analysis.slice(event.trigger_span)] if event.trigger_span else [],
            "quad_code": event.quad,
            "event_scale": event.event_scale,
            "text": analysis.slice(event.sentence_span),
            "cite_info": {
                "article_id": article.id,
                "title": article.title,
                "source": article.source,
                "url": article.url,
                "published": article.published,
                "sentence_span": list(event.sentence_span) if event.sentence_span else None,
            },
        }
        place = next((p for p in analysis.places if p.id == event.place), None) if event.place else None
        if place is not None:
            record["event_loc"] = {
                "name": place.name,
                "geonameid": place.geonameid,
                "lat": place.lat,
                "lon": place.lon,
                "country": place.country,
            }
        flags = [name for name in ("negated", "hypothetical", "alleged") if getattr(event, name)]
        if flags:
            record["comment"] = ", ".join(flags)
        records.append(record)
    return records


def _joined(entities: list[Entity], attribute: str) -> str:
    """The attribute of each party, "; "-joined in the order of the names (so the n-th code is the
    n-th name's); empty when no party has one, never a bare ";"."""
    values = [str(getattr(e, attribute) or "") for e in entities]
    return "; ".join(values) if any(values) else ""


def gdelt_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Return one GDELT-like row (a dict keyed by ``GDELT_COLUMNS``) per event of an analysis."""
    rows = []
    article = analysis.article
    for event in analysis.events:
        actors = _entities(event.actor, analysis)
        recipients = _entities(event.recipient, analysis)
        place = next((p for p in analysis.places if p.id == event.place), None) if event.place else None
        said_by = analysis.entity(event.said_by)
        date = event_date(event, analysis)
        rows.append(
            {
                "GlobalEventID": f"{article.id}-{event.id}",
                "Day": date.replace("-", "") if date else "",
                "Actor1Name": _joined(actors, "name"),
                "Actor1CountryCode": _joined(actors, "country"),
                "Actor1Sector": _joined(actors, "sector"),
                "EventType": event.type,
                "EventMode": event.mode or "",
                "EventContext": ";".join(event.context),
                "QuadClass": event.quad,
                "PloverScore": event.event_scale,
                "Actor2Name": _joined(recipients, "name"),
                "Actor2CountryCode": _joined(recipients, "country"),
                "Actor2Sector": _joined(recipients, "sector"),
                "SaidBy": said_by.name if said_by else "",
                "Negated": int(event.negated),
                "Hypothetical": int(event.hypothetical),
                "Alleged": int(event.alleged),
                "Confidence": event.confidence,
                "ActionGeo_FullName": place.name if place else "",
                "ActionGeo_CountryCode": (place.country or "") if place else "",
                "ActionGeo_Lat": place.lat if place and place.lat is not None else "",
                "ActionGeo_Long": place.lon if place and place.lon is not None else "",
                "EventText": analysis.slice(event.trigger_span),
                "SourceURL": article.url or "",
                "ArticleID": article.id,
            }
        )
    return rows
