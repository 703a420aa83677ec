"""Corrections as gold: reviewed articles as ``newsgraph.gold/1`` documents for training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ...model import Analysis, Entity, Event
from ...vocabulary import coarse_type, guess_form
from .. import schema
from ..connect import storage_errors
from .applying import corrected_analysis
from .reading import _states
from .vocabulary import _LIST_KEY, _refuse, is_added

if TYPE_CHECKING:
    from ..api import Store


def _mention_near(entity: Entity, event: Event) -> tuple[int, int] | None:
    if not entity.mentions:
        return None
    anchor = event.trigger_span or event.sentence_span
    inside = [
        m
        for m in entity.mentions
        if event.sentence_span is None or (event.sentence_span[0] <= m[0] and m[1] <= event.sentence_span[1])
    ]
    pool = inside or list(entity.mentions)
    if anchor is None:
        return pool[0]
    return min(pool, key=lambda m: (abs(m[0] - anchor[0]), m[0]))


def _gold_events(analysis: Analysis) -> list[dict[str, Any]]:
    text = analysis.article.text
    out = []
    for event in analysis.events:
        sides = []
        for ids in (event.actor, event.recipient):
            parties: list[tuple[str | None, list[int] | None]] = []
            for entity_id in ids:
                entity = analysis.entity(entity_id)
                if entity is None:
                    continue
                span = _mention_near(entity, event)
                parties.append(
                    (entity.name, None) if span is None else (text[span[0] : span[1]], [span[0], span[1]])
                )
            sides.append(parties or [(None, None)])
        for actor, actor_span in sides[0]:
            for recipient, recipient_span in sides[1]:
                item: dict[str, Any] = {
                    "type": event.type,
                    "mode": event.mode,
                    "context": list(event.context),
                    "actor": actor,
                    "recipient": recipient,
                    "trigger_span": None if event.trigger_span is None else list(event.trigger_span),
                    "negated": event.negated,
                    "hypothetical": event.hypothetical,
                    "alleged": event.alleged,
                }
                if actor_span is not None:
                    item["actor_span"] = actor_span
                if recipient_span is not None:
                    item["recipient_span"] = recipient_span
                out.append(item)
    return out


def _gold_quotes(analysis: Analysis) -> list[dict[str, Any]]:
    out = []
    for quote in analysis.quotes:
        item: dict[str, Any] = {"span": list(quote.span), "kind": quote.kind}
        if quote.speaker_span is not None:
            item["speaker_span"] = list(quote.speaker_span)
            item["speaker"] = analysis.slice(quote.speaker_span)
        if quote.cue_span is not None:
            item["cue_span"] = list(quote.cue_span)
        out.append(item)
    return out


def _gold_entities(analysis: Analysis) -> list[dict[str, Any]]:

    out = []
    for entity in analysis.entities:
        for start, end in entity.mentions:
            out.append(
                {
                    "span": [start, end],
                    "type": coarse_type(entity.type_of((start, end))),
                    "name": entity.name,
                    "link": entity.id,
                    "form": guess_form(analysis.slice((start, end))),
                }
            )
    return sorted(out, key=lambda m: (m["span"][0], m["span"][1]))


_GOLD_LAYERS = {
    "events": ("event", _gold_events),
    "quotes": ("quote", _gold_quotes),
    "entities": ("entity", _gold_entities),
}


def corrections_as_gold(
    store: Store, tasks: Sequence[str] = ("events", "quotes", "entities")
) -> list[dict[str, Any]]:
    """Return the corrected articles as ``newsgraph.gold/1`` documents, one dict per article.

    A layer (events, quotes, entities) of an article is gold only when a reviewer has reviewed every
    item the machine coded in it (accepted, rejected or edited, the correction still matching): then
    its key holds the corrected items, rejected ones left out (what the text does not state) and
    those a reviewer added put in (what the machine missed). A layer
    with an item nobody reviewed is left out (not labelled), since an unreviewed machine item is not
    a label. Articles without any such layer are left out. The id is the article's content hash.
    """
    unknown = [t for t in tasks if t not in _GOLD_LAYERS]
    if unknown:
        raise _refuse(f"unknown gold task {', '.join(unknown)}; expected events, quotes or entities")
    art, ri = schema.articles, schema.review_items
    docs: list[dict[str, Any]] = []
    reviewed = select(ri.c.article_id).where(ri.c.status != "machine", ri.c.matched.is_(True)).distinct()
    with storage_errors(store.where), store.engine.connect() as conn:
        rows = conn.execute(
            select(art.c.id, art.c.analysis)
            .where(art.c.current.is_(True), art.c.id.in_(reviewed))
            .order_by(art.c.pk)
        ).all()
        for article_id, data in rows:
            analysis = Analysis.from_dict(data)
            states = _states(conn, article_id)
            corrected = corrected_analysis(analysis, states)
            doc: dict[str, Any] = {"id": article_id, "text": analysis.article.text}
            if analysis.article.published:
                doc["published"] = analysis.article.published
            for task in tasks:
                kind, build = _GOLD_LAYERS[task]
                machine_ids = [item["id"] for item in data.get(_LIST_KEY[kind], [])]
                done = [
                    states.get((kind, i)) is not None
                    and states[(kind, i)]["matched"]
                    and states[(kind, i)]["status"] != "machine"
                    for i in machine_ids
                ]
                # A layer the machine found nothing in is labelled once a reviewer added to it.
                added = any(
                    k == kind and is_added(st["machine"]) and st["matched"] and st["status"] != "machine"
                    for (k, _i), st in states.items()
                )
                if (machine_ids or added) and all(done):
                    doc[task] = build(corrected)
            if any(task in doc for task in tasks):
                docs.append(doc)
    return docs
