"""Applying corrections on top of the machine coding: one article, or every article, as asked."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...errors import Messages
from ...model import Analysis, Entity, Event, Quote, TypedMention
from ...ontology import QUAD
from .. import schema
from ..connect import storage_errors
from .reading import _article_row, _states
from .vocabulary import CODINGS, EDITABLE, KINDS, _refuse, is_added

if TYPE_CHECKING:
    from ..api import Store


def corrected_analysis(analysis: Analysis, states: dict[tuple[str, str], dict[str, Any]]) -> Analysis:
    """Return a copy of ``analysis`` with the corrections applied (the machine analysis is untouched).

    Rejected items are left out; edited ones take their corrected fields (an event its type's quad);
    a merged entity's mentions join the entity it was merged into, whose id replaces it everywhere;
    a split entity gives the mentions split off to a new entity (``split_id``), which the quotes
    whose speaker is one of those mentions then name; a rejected entity leaves the events and quotes
    that named it. Events and quotes a reviewer added follow the machine's, in text order. Unmatched corrections (the item is
    gone after a re-analysis) are not applied.
    """
    out = copy.deepcopy(analysis)
    live = {key: s for key, s in states.items() if s["matched"] and s["status"] != "machine"}
    replaced: dict[str, str | None] = {}
    # Mentions split off an entity, to the new entity's id: a quote whose speaker is one follows it.
    split_off: dict[tuple[int, int], str] = {}
    entities: list[Entity] = []
    for entity in out.entities:
        state = live.get(("entity", entity.id))
        if state is not None and state["status"] == "rejected":
            replaced[entity.id] = None
            continue
        if state is not None and state["status"] == "edited":
            coding = state["coding"]
            for name in ("name", "type", "country", "sector"):
                if name in coding:
                    setattr(entity, name, coding[name])
            if coding.get("merge_into"):
                replaced[entity.id] = coding["merge_into"]
            split = coding.get("split")
            if split:
                moved = {(m[0], m[1]) for m in split["mentions"]}
                entity.mentions = [m for m in entity.mentions if (m[0], m[1]) not in moved]
                entities.append(
                    Entity(
                        id=split["id"],
                        name=split["name"],
                        type=split["type"],
                        country=split.get("country"),
                        sector=split.get("sector"),
                        mentions=sorted(moved),
                        mention_types=_types_within(entity, sorted(moved), split["type"]),
                    )
                )
                entity.mention_types = [t for t in entity.mention_types if t.span not in moved]
                for mention in moved:
                    split_off[mention] = split["id"]
        entities.append(entity)
    by_id = {e.id: e for e in entities}
    for old, new in list(replaced.items()):
        seen = {old}
        while new is not None and new in replaced and new not in seen:  # merged into a merged one
            seen.add(new)
            new = replaced[new]
        replaced[old] = new if new in by_id else None
        if new in by_id and old in by_id:
            target = by_id[new]
            merged = by_id[old]
            # The merged entity's mentions keep the type they had ("Russian" NORP into Russia).
            target.mention_types = sorted(
                {*target.mention_types, *_types_within(merged, merged.mentions, target.type)}
            )
            target.mentions = sorted({*target.mentions, *merged.mentions})
    out.entities = [e for e in entities if e.id not in replaced]

    def remap(ids: Iterable[str]) -> list[str]:
        mapped = (replaced.get(i, i) if i in replaced else i for i in ids)
        return list(dict.fromkeys(i for i in mapped if i is not None))

    events: list[Event] = []
    for event in out.events:
        state = live.get(("event", event.id))
        if state is not None and state["status"] == "rejected":
            continue
        if state is not None and state["status"] == "edited":
            coding = state["coding"]
            for name in EDITABLE["event"]:
                if name in coding:
                    setattr(
                        event,
                        name,
                        list(coding[name]) if name in ("actor", "recipient", "context") else coding[name],
                    )
            event.quad = QUAD.get(event.type, event.quad)
        event.actor, event.recipient = remap(event.actor), remap(event.recipient)
        if event.said_by is not None:
            event.said_by = next(iter(remap([event.said_by])), None)
        events.append(event)
    for state in _added(live, "event"):
        coding = state["coding"]
        event = Event(
            id=coding["id"],
            type=coding["type"],
            mode=coding.get("mode"),
            context=list(coding.get("context", [])),
            quad=QUAD.get(coding["type"]),
            actor=remap(coding.get("actor", [])),
            recipient=remap(coding.get("recipient", [])),
            trigger_span=_span(coding.get("trigger_span")),
            sentence_span=_span(coding.get("sentence_span")),
            said_by=next(iter(remap([coding["said_by"]])), None) if coding.get("said_by") else None,
            negated=bool(coding.get("negated")),
            hypothetical=bool(coding.get("hypothetical")),
            alleged=bool(coding.get("alleged")),
            confidence=1.0,
            evidence=[f"added by a reviewer ({state['updated_by']})"],
        )
        events.append(event)
    out.events = events
    quotes: list[Quote] = []
    for quote in out.quotes:
        state = live.get(("quote", quote.id))
        if state is not None and state["status"] == "rejected":
            continue
        if state is not None and state["status"] == "edited":
            coding = state["coding"]
            if "span" in coding:
                quote.span = (coding["span"][0], coding["span"][1])
            if "parts" in coding:
                quote.parts = None if coding["parts"] is None else [(p[0], p[1]) for p in coding["parts"]]
            if "kind" in coding:
                quote.kind = coding["kind"]
            if "speaker" in coding:
                quote.speaker = coding["speaker"]
            if "speaker_span" in coding:
                span = coding["speaker_span"]
                quote.speaker_span = None if span is None else (span[0], span[1])
        if quote.speaker_span is not None and tuple(quote.speaker_span) in split_off:
            quote.speaker = split_off[(quote.speaker_span[0], quote.speaker_span[1])]
        if quote.speaker is not None:
            quote.speaker = next(iter(remap([quote.speaker])), None)
        quotes.append(quote)
    for state in _added(live, "quote"):
        coding = state["coding"]
        speaker_span = _span(coding.get("speaker_span"))
        speaker = coding.get("speaker")
        if speaker_span is not None and speaker_span in split_off:
            speaker = split_off[speaker_span]
        quotes.append(
            Quote(
                id=coding["id"],
                span=(coding["span"][0], coding["span"][1]),
                kind=coding["kind"],
                speaker=None if speaker is None else next(iter(remap([speaker])), None),
                speaker_span=speaker_span,
                cue_span=_span(coding.get("cue_span")),
            )
        )
    out.quotes = quotes
    return out


def _added(live: dict[tuple[str, str], dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The items of ``kind`` a reviewer added and that stand (not rejected, not undone), in text order."""
    found = [
        s for (k, _i), s in live.items() if k == kind and is_added(s["machine"]) and s["coding"] is not None
    ]
    anchor = "trigger_span" if kind == "event" else "span"
    return sorted(found, key=lambda s: (s["coding"][anchor][0], s["item"]))


def _span(value: Any) -> tuple[int, int] | None:
    return None if value is None else (value[0], value[1])


def _analysis_of(conn: Connection, article_id: str, where: str) -> Analysis:
    return Analysis.from_dict(_article_row(conn, article_id, where).analysis)


def article_review(store: Store, article_id: str, coding: str = "both") -> dict[str, Any]:
    """Return an article's codings: ``machine``, ``corrected`` or ``both`` side by side, with the
    review state of every item (its version and status; version 0 and "machine" when uncorrected)
    and the corrections a re-analysis no longer matches."""
    if coding not in CODINGS:
        raise _refuse(Messages.CORRECTION_CODING.format(name=coding))
    with storage_errors(store.where), store.engine.connect() as conn:
        analysis = _analysis_of(conn, article_id, store.where)
        states = _states(conn, article_id)
    review: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for kind, items in (
        ("event", analysis.events),
        ("quote", analysis.quotes),
        ("entity", analysis.entities),
    ):
        for item in items:
            state = states.get((kind, item.id))
            review[kind][item.id] = (
                {"version": state["version"], "status": state["status"] if state["matched"] else "machine"}
                if state
                else {"version": 0, "status": "machine"}
            )
    for (kind, item_id), state in states.items():
        if is_added(state["machine"]) and state["matched"]:
            review[kind][item_id] = {"version": state["version"], "status": state["status"]}
    answer: dict[str, Any] = {
        "article": analysis.article.id,
        "coding": coding,
        "review": review,
        "unmatched": [s for s in states.values() if not s["matched"]],
    }
    if coding in ("machine", "both"):
        answer["machine"] = analysis.to_dict()
    if coding in ("corrected", "both"):
        answer["corrected"] = corrected_analysis(analysis, states).to_dict()
    return answer


def analyses(store: Store, coding: str = "corrected", *, reviewed_only: bool = False) -> Iterable[Analysis]:
    """Yield the analysis of every current article, as the machine coded it or as corrected.

    With ``reviewed_only``, only articles with at least one correction in force.
    """
    if coding not in ("machine", "corrected"):
        raise _refuse(Messages.CORRECTION_CODING.format(name=coding) + " (one coding per article here)")
    art, ri = schema.articles, schema.review_items
    statement = select(art.c.id, art.c.analysis).where(art.c.current.is_(True)).order_by(art.c.pk)
    if reviewed_only:
        reviewed = select(ri.c.article_id).where(ri.c.status != "machine", ri.c.matched.is_(True))
        statement = statement.where(art.c.id.in_(reviewed))
    with storage_errors(store.where), store.engine.connect() as conn:
        for article_id, data in conn.execute(statement).all():
            analysis = Analysis.from_dict(data)
            if coding == "corrected":
                analysis = corrected_analysis(analysis, _states(conn, article_id))
            yield analysis


def _types_within(source: Entity, mentions: list[tuple[int, int]], entity_type: str) -> list[TypedMention]:
    """The types ``source`` gave these mentions, for an entity of ``entity_type`` that takes them:
    only the ones that differ from its type are written."""
    out = []
    for span in mentions:
        kind = source.type_of(span)
        if kind != entity_type:
            out.append(TypedMention(span, kind))
    return out
