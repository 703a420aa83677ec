"""Review: analysts' corrections to the machine coding, stored as rows beside it (docs/review.md).

>>> from newsgraph.store import open_store
>>> from newsgraph.store.corrections import Correction, correct, undo, article_review
>>> store = open_store("newsgraph.db")
>>> state = correct(store, Correction(article="3f2a...", kind="event", item="V1", action="edit",
...                                   version=0, author="ana", changes={"type": "ACCUSE"}))
>>> undo(store, "3f2a...", "event", "V1", version=state["version"], author="ana")

A correction accepts, rejects or edits one event, quote or entity of one stored article. The
machine coding (``articles.analysis`` and the tables built from it) is never changed: each
corrected item has a row in ``review_items`` (its coding as corrected, its status and a version)
and each change a row in ``corrections`` (who, when, what before, what after). ``corrected_analysis``
applies them on top of the machine coding when asked; ``undo`` takes the last change back.

Every change names the item's version it was made on (0 for an item nobody has corrected); a change
on an older version is refused (``StaleCorrection``), so two reviewers never overwrite each other's
work unseen. Every change is checked against the article and PLOVER's tables before anything is
written (``CorrectionRefused``): what is refused is never stored.

``reanalyze`` replaces an article's machine coding with a new analysis of the same text and keeps
each correction whose item the new coding still has (the same trigger, quote span or mention),
listing those it no longer has. ``corrections_as_gold`` turns reviewed articles into
``newsgraph.gold/1`` documents for training (``newsgraph train events --with-corrections DB``).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..errors import CorrectionRefused, Messages, NotInDatabase, StaleCorrection
from ..events.ontology import CONTEXTS, EVENT_TYPES, MODES, QUAD
from ..model import Analysis, Entity, Event, Quote
from . import clusters, schema
from . import ingest as writer
from .connect import storage_errors, writing
from .query import EventFilter, count, report_select

if TYPE_CHECKING:
    from .api import Store

KINDS = ("event", "quote", "entity")
ACTIONS = ("accept", "reject", "edit")
STATUSES = ("machine", "accepted", "rejected", "edited")
CODINGS = ("machine", "corrected", "both")
QUOTE_KINDS = ("direct", "indirect", "mixed")
# spaCy's entity labels (the types newsgraph's entities carry).
ENTITY_TYPES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)  # fmt: skip
# PLOVER's sector codes, as the manual's table "Sector Codes" lists them.
SECTORS = (
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
)  # fmt: skip
# What an edit may change, per kind of item.
EDITABLE = {
    "event": (
        "type",
        "mode",
        "context",
        "actor",
        "recipient",
        "said_by",
        "negated",
        "hypothetical",
        "alleged",
    ),
    "quote": ("span", "kind", "speaker", "speaker_span"),
    "entity": ("name", "type", "country", "sector", "merge_into"),
}
_LIST_KEY = {"event": "events", "quote": "quotes", "entity": "entities"}
MAX_AUTHOR = 200
MAX_NOTE = 2000


@functools.cache
def country_codes() -> frozenset[str]:
    """The country codes an entity may carry: ISO 3166 alpha-3 and the non-state codes newsgraph knows."""
    codes: set[str] = set()
    data = resources.files("newsgraph") / "data"
    for name, column in (("countries.tsv", 0), ("actors.tsv", 3)):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) > column and cells[column].strip():
                codes.add(cells[column].strip())
    return frozenset(codes)


@dataclass(frozen=True)
class Correction:
    """One reviewer's change to one item of one stored article.

    ``version``: the item's version the reviewer saw (0 when nobody had corrected it). ``changes``:
    for ``edit``, the fields to change (``EDITABLE``), each with its new value.
    """

    article: str
    kind: str
    item: str
    action: str
    version: int
    author: str
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


def _refuse(detail: str) -> CorrectionRefused:
    return CorrectionRefused(Messages.CORRECTION_REFUSED.format(detail=detail))


# ---- reading ----------------------------------------------------------------------------------


def _article_row(conn: Connection, article_id: str, where: str) -> Any:
    art = schema.articles
    row = conn.execute(
        select(art.c.pk, art.c.id, art.c.dup_group, art.c.analysis).where(art.c.id == article_id)
    ).first()
    if row is None:
        raise NotInDatabase(Messages.DB_NO_ARTICLE.format(id=article_id, where=where))
    return row


def _items(analysis: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = analysis.get(_LIST_KEY[kind], [])
    return items


def _machine_item(analysis: dict[str, Any], kind: str, item_id: str) -> dict[str, Any] | None:
    for item in _items(analysis, kind):
        if item.get("id") == item_id:
            plain = dict(item)
            plain.pop("evidence", None)
            return plain
    return None


def _state_row(row: Any) -> dict[str, Any]:
    return {
        "article": row.article_id,
        "kind": row.kind,
        "item": row.item_id,
        "version": row.version,
        "status": row.status,
        "machine": row.machine,
        "coding": row.coding,
        "matched": bool(row.matched),
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def item_states(store: Store, article_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the review state of every corrected item of an article, by (kind, item id)."""
    with storage_errors(store.where), store.engine.connect() as conn:
        return _states(conn, article_id)


def _states(conn: Connection, article_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    ri = schema.review_items
    rows = conn.execute(select(ri).where(ri.c.article_id == article_id).order_by(ri.c.pk))
    return {(r.kind, r.item_id): _state_row(r) for r in rows}


def history(store: Store, article_id: str | None = None, limit: int | None = 200) -> list[dict[str, Any]]:
    """Return the log of corrections (newest first), of one article or of all."""
    co = schema.corrections
    statement = select(co).order_by(co.c.pk.desc()).limit(limit)
    if article_id is not None:
        statement = statement.where(co.c.article_id == article_id)
    with storage_errors(store.where), store.engine.connect() as conn:
        return [
            {
                "id": r.pk,
                "article": r.article_id,
                "kind": r.kind,
                "item": r.item_id,
                "version": r.version,
                "action": r.action,
                "before": r.before,
                "after": r.after,
                "undoes": r.undoes,
                "author": r.author,
                "at": r.at,
                "note": r.note,
            }
            for r in conn.execute(statement)
        ]


# ---- checking ---------------------------------------------------------------------------------


def _span_of(value: Any, text: str, name: str) -> list[int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise _refuse(f"'{name}' must be [start, end] character offsets, not {value!r}")
    start, end = int(value[0]), int(value[1])
    if not 0 <= start < end <= len(text):
        raise _refuse(
            f"'{name}' {[start, end]} is outside the article's text (0 <= start < end <= {len(text)})"
        )
    return [start, end]


def _entity_ids(analysis: dict[str, Any]) -> set[str]:
    return {e["id"] for e in analysis.get("entities", [])}


def _entity_list(value: Any, analysis: dict[str, Any], name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _refuse(f"'{name}' must be a list of entity ids of the article (E1, ...), not {value!r}")
    known = _entity_ids(analysis)
    unknown = [v for v in value if v not in known]
    if unknown:
        raise _refuse(f"'{name}' names {', '.join(unknown)}, which the article has no entity for")
    return list(dict.fromkeys(value))


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(f"'{name}' must be true or false, not {value!r}")
    return value


def _choice(value: Any, choices: Sequence[str], what: str, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in choices:
        raise _refuse(f"unknown {what} {value!r}; expected one of {', '.join(choices)}")
    return value


def _check_event(changes: dict[str, Any], base: dict[str, Any], analysis: dict[str, Any]) -> dict[str, Any]:
    out = dict(changes)
    event_type = _choice(changes.get("type", base.get("type")), EVENT_TYPES, "event type", optional=False)
    assert event_type is not None
    out["type"] = event_type
    out["quad"] = QUAD[event_type]
    mode = changes.get("mode", base.get("mode") if "type" not in changes else None)
    if "mode" in changes or mode is not None:
        modes = MODES.get(event_type, ())
        if mode is not None and mode not in modes:
            allowed = ", ".join(modes) if modes else "none (leave it null)"
            raise _refuse(f"unknown mode {mode!r} for {event_type}; its modes are {allowed}")
    out["mode"] = mode
    if "context" in changes:
        context = changes["context"]
        if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
            raise _refuse(f"'context' must be a list of PLOVER contexts, not {context!r}")
        for value in context:
            _choice(value, CONTEXTS, "context", optional=False)
        out["context"] = list(dict.fromkeys(context))
    for role in ("actor", "recipient"):
        if role in changes:
            out[role] = _entity_list(changes[role], analysis, role)
    if "said_by" in changes and changes["said_by"] is not None:
        out["said_by"] = _entity_list([changes["said_by"]], analysis, "said_by")[0]
    for flag in ("negated", "hypothetical", "alleged"):
        if flag in changes:
            out[flag] = _flag(changes[flag], flag)
    return out


def _mention_owner(analysis: dict[str, Any], span: list[int]) -> str | None:
    for entity in analysis.get("entities", []):
        if any(list(m) == span for m in entity.get("mentions", [])):
            return str(entity["id"])
    return None


def _check_quote(changes: dict[str, Any], base: dict[str, Any], analysis: dict[str, Any]) -> dict[str, Any]:
    text = analysis["article"]["text"]
    out = dict(changes)
    if "span" in changes:
        out["span"] = _span_of(changes["span"], text, "span")
        out["parts"] = None  # an edited span is one piece
    if "kind" in changes:
        out["kind"] = _choice(changes["kind"], QUOTE_KINDS, "quote kind", optional=False)
    speaker = changes.get("speaker", base.get("speaker"))
    if "speaker_span" in changes and changes["speaker_span"] is not None:
        span = _span_of(changes["speaker_span"], text, "speaker_span")
        owner = _mention_owner(analysis, span)
        if owner is None:
            raise _refuse(
                f"the speaker {text[span[0] : span[1]]!r} at {span} is not a mention of any entity of the "
                "article; choose one of its entities' mentions"
            )
        if "speaker" in changes and changes["speaker"] not in (None, owner):
            raise _refuse(f"the speaker span {span} is a mention of {owner}, not of {changes['speaker']}")
        out["speaker_span"] = span
        out["speaker"] = speaker = owner
    elif "speaker" in changes:
        if speaker is not None:
            entity = next((e for e in analysis.get("entities", []) if e["id"] == speaker), None)
            if entity is None or not entity.get("mentions"):
                raise _refuse(
                    f"the speaker {speaker!r} is not a mention of the article (no entity with that id "
                    "and a mention); choose one of its entities"
                )
            if "speaker_span" not in changes:
                mentions = [list(m) for m in entity["mentions"]]
                keep = base.get("speaker_span")
                out["speaker_span"] = keep if keep in mentions else _nearest(mentions, base.get("span"))
        else:
            out["speaker_span"] = None
        out["speaker"] = speaker
    elif "speaker_span" in changes:  # set to null: no speaker
        out["speaker_span"] = None
        out["speaker"] = None
    return out


def _nearest(mentions: list[list[int]], anchor: Any) -> list[int]:
    if not anchor:
        return mentions[0]
    middle = (anchor[0] + anchor[1]) / 2
    return min(mentions, key=lambda m: abs((m[0] + m[1]) / 2 - middle))


def _check_entity(changes: dict[str, Any], item_id: str, analysis: dict[str, Any]) -> dict[str, Any]:
    out = dict(changes)
    if "name" in changes:
        name = changes["name"]
        if not isinstance(name, str) or not name.strip() or len(name) > 500:
            raise _refuse(f"'name' must be a non-empty name of at most 500 characters, not {name!r}")
        out["name"] = " ".join(name.split())
    if "type" in changes:
        out["type"] = _choice(changes["type"], ENTITY_TYPES, "entity type", optional=False)
    if "country" in changes:
        out["country"] = _choice(changes["country"], sorted(country_codes()), "country code")
    if "sector" in changes:
        out["sector"] = _choice(changes["sector"], SECTORS, "sector")
    if "merge_into" in changes:
        target = changes["merge_into"]
        if target is not None:
            if target == item_id:
                raise _refuse("an entity cannot be merged into itself")
            _entity_list([target], analysis, "merge_into")
        out["merge_into"] = target
    return out


def check(
    correction: Correction, analysis: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """Check a correction against the article's machine analysis; return the checked changes.

    ``current``: the item as it stands now (corrected, when it has been), which an edit changes;
    by default the machine item. Raises CorrectionRefused naming what is wrong; nothing has been
    written when it does.
    """
    if correction.kind not in KINDS:
        raise _refuse(f"unknown kind {correction.kind!r}; expected one of {', '.join(KINDS)}")
    if correction.action not in ACTIONS:
        raise _refuse(f"unknown action {correction.action!r}; expected one of {', '.join(ACTIONS)}")
    if not isinstance(correction.author, str) or not correction.author.strip():
        raise _refuse("a correction needs its author (who made it)")
    if len(correction.author) > MAX_AUTHOR or (correction.note and len(correction.note) > MAX_NOTE):
        raise _refuse(f"the author is over {MAX_AUTHOR} or the note over {MAX_NOTE} characters")
    base = _machine_item(analysis, correction.kind, correction.item)
    if base is None:
        raise _refuse(f"the article has no {correction.kind} {correction.item!r}")
    if current is not None:
        base = current
    if correction.action != "edit":
        if correction.changes:
            raise _refuse(f"'{correction.action}' takes no changes; send action 'edit' to change fields")
        return None
    if not correction.changes:
        raise _refuse("an edit needs at least one field to change")
    allowed = EDITABLE[correction.kind]
    unknown = [k for k in correction.changes if k not in allowed]
    if unknown:
        raise _refuse(
            f"{'an' if correction.kind[0] in 'aeiou' else 'a'} {correction.kind} has no editable field {', '.join(map(repr, unknown))}; "
            f"it can change {', '.join(allowed)}"
        )
    if correction.kind == "event":
        return _check_event(correction.changes, base, analysis)
    if correction.kind == "quote":
        return _check_quote(correction.changes, base, analysis)
    return _check_entity(correction.changes, correction.item, analysis)


# ---- writing ----------------------------------------------------------------------------------


def _stale(correction_kind: str, item: str, article: str, given: int, head: Any) -> StaleCorrection:
    return StaleCorrection(
        Messages.CORRECTION_STALE.format(
            kind=correction_kind,
            item=item,
            article=article,
            given=given,
            found=0 if head is None else head.version,
            by="nobody" if head is None else head.updated_by,
            at="-" if head is None else head.updated_at,
        )
    )


def _head(conn: Connection, article: str, kind: str, item: str) -> Any:
    ri = schema.review_items
    return conn.execute(
        select(ri).where(ri.c.article_id == article, ri.c.kind == kind, ri.c.item_id == item)
    ).first()


def _write_change(
    conn: Connection,
    *,
    article: str,
    kind: str,
    item: str,
    head: Any,
    machine: dict[str, Any],
    given: int,
    action: str,
    after: dict[str, Any],
    author: str,
    note: str | None,
    undoes: int | None = None,
) -> int:
    """Move an item's head row from version ``given`` to ``given + 1`` and log the change.

    The head moves only if it is still at ``given`` (an UPDATE ... WHERE version = given, or an
    INSERT that the unique index refuses twice): a writer that lost the race raises StaleCorrection.
    """
    ri, co = schema.review_items, schema.corrections
    at = writer.now()
    before = {"status": "machine", "coding": machine} if head is None else _status(head)
    values = {"status": after["status"], "coding": after["coding"], "updated_at": at, "updated_by": author}
    if head is None:
        try:
            with conn.begin_nested():
                item_pk = schema.new_pk(
                    conn.execute(
                        ri.insert().values(
                            article_id=article, kind=kind, item_id=item, version=1, machine=machine, **values
                        )
                    )
                )
        except IntegrityError as exc:
            raise _stale(kind, item, article, given, _head(conn, article, kind, item)) from exc
    else:
        item_pk = head.pk
        moved = conn.execute(
            update(ri).where(ri.c.pk == head.pk, ri.c.version == given).values(version=given + 1, **values)
        )
        if moved.rowcount != 1:
            raise _stale(kind, item, article, given, _head(conn, article, kind, item))
    return schema.new_pk(
        conn.execute(
            co.insert().values(
                item_pk=item_pk,
                article_id=article,
                kind=kind,
                item_id=item,
                version=given + 1,
                action=action,
                before=before,
                after=after,
                undoes=undoes,
                author=author,
                at=at,
                note=note,
            )
        )
    )


def _status(head: Any) -> dict[str, Any]:
    return {"status": head.status, "coding": head.coding}


def correct(store: Store, correction: Correction) -> dict[str, Any]:
    """Store one correction (checked first; refused ones store nothing); return the item's new state.

    Raises CorrectionRefused for what the article or PLOVER does not have, StaleCorrection when the
    item has changed since the version the reviewer saw, NotInDatabase for an unknown article.
    """
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        row = _article_row(conn, correction.article, store.where)
        if correction.kind not in KINDS:
            raise _refuse(f"unknown kind {correction.kind!r}; expected one of {', '.join(KINDS)}")
        head = _head(conn, correction.article, correction.kind, correction.item)
        machine = _machine_item(row.analysis, correction.kind, correction.item)
        if head is not None:
            machine = head.machine  # as first corrected: what the reviewers saw
        # An edit changes the item as it stands (a rejected one: as the machine coded it).
        current = machine if head is None or head.coding is None else head.coding
        changes = check(correction, row.analysis, current)
        found = 0 if head is None else head.version
        if correction.version != found:
            raise _stale(correction.kind, correction.item, correction.article, correction.version, head)
        assert machine is not None and current is not None  # check() refused an unknown item
        if correction.action == "accept":
            after = {"status": "accepted", "coding": current}
        elif correction.action == "reject":
            after = {"status": "rejected", "coding": None}
        else:
            assert changes is not None
            after = {"status": "edited", "coding": {**current, **changes}}
        _write_change(
            conn,
            article=correction.article,
            kind=correction.kind,
            item=correction.item,
            head=head,
            machine=machine,
            given=found,
            action=correction.action,
            after=after,
            author=correction.author.strip(),
            note=correction.note,
        )
        return _state_row(_head(conn, correction.article, correction.kind, correction.item))


def undo(store: Store, article: str, kind: str, item: str, *, version: int, author: str) -> dict[str, Any]:
    """Take back the item's last correction not yet undone (an undo is logged as a change of its own).

    Undoing every correction of an item restores the machine coding. ``version`` is the item's
    version the reviewer saw, as for ``correct``.
    """
    if kind not in KINDS:
        raise _refuse(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not author.strip():
        raise _refuse("an undo needs its author (who made it)")
    co = schema.corrections
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        _article_row(conn, article, store.where)
        head = _head(conn, article, kind, item)
        found = 0 if head is None else head.version
        if version != found:
            raise _stale(kind, item, article, version, head)
        if head is None:
            raise _refuse(f"{kind} {item} has no correction to undo")
        stack: list[Any] = []
        for change in conn.execute(select(co).where(co.c.item_pk == head.pk).order_by(co.c.version)):
            if change.action == "undo":
                stack.pop()
            else:
                stack.append(change)
        if not stack:
            raise _refuse(f"{kind} {item} has no correction left to undo (the machine coding is in force)")
        target = stack[-1]
        _write_change(
            conn,
            article=article,
            kind=kind,
            item=item,
            head=head,
            machine=head.machine,
            given=found,
            action="undo",
            after=dict(target.before),
            author=author.strip(),
            note=None,
            undoes=target.pk,
        )
        return _state_row(_head(conn, article, kind, item))


# ---- applying ---------------------------------------------------------------------------------


def corrected_analysis(analysis: Analysis, states: dict[tuple[str, str], dict[str, Any]]) -> Analysis:
    """Return a copy of ``analysis`` with the corrections applied (the machine analysis is untouched).

    Rejected items are left out; edited ones take their corrected fields (an event its type's quad);
    a merged entity's mentions join the entity it was merged into, whose id replaces it everywhere;
    a rejected entity leaves the events and quotes that named it. Unmatched corrections (the item is
    gone after a re-analysis) are not applied.
    """
    out = copy.deepcopy(analysis)
    live = {key: s for key, s in states.items() if s["matched"] and s["status"] != "machine"}
    replaced: dict[str, str | None] = {}
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
            target.mentions = sorted({*target.mentions, *by_id[old].mentions})
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
        if quote.speaker is not None:
            quote.speaker = next(iter(remap([quote.speaker])), None)
        quotes.append(quote)
    out.quotes = quotes
    return out


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


# ---- the review queue -------------------------------------------------------------------------


def review_queue(
    store: Store,
    *,
    status: str = "todo",
    limit: int = 50,
    offset: int = 0,
    **filters: Any,
) -> dict[str, Any]:
    """Return a page of event reports to review, lowest model confidence first, then oldest first.

    ``status``: ``todo`` (no correction in force), ``done`` (accepted, rejected or edited) or
    ``all``. Filters are those of ``Store.events`` (actor, type, since, until, ...).
    """
    if status not in ("todo", "done", "all"):
        raise _refuse(f"unknown queue status {status!r}; expected todo, done or all")
    ev, ri, roles = schema.events, schema.review_items, schema.event_roles
    with storage_errors(store.where), store.engine.connect() as conn:
        statement = report_select(conn, EventFilter(**filters)).where(schema.articles.c.current.is_(True))
        joined = and_(
            ri.c.article_id == schema.articles.c.id, ri.c.kind == "event", ri.c.item_id == ev.c.local_id
        )
        statement = statement.outerjoin(ri, joined).add_columns(
            ri.c.version.label("review_version"), ri.c.status.label("review_status")
        )
        done = and_(ri.c.status.isnot(None), ri.c.status != "machine")
        if status == "todo":
            statement = statement.where(~done)
        elif status == "done":
            statement = statement.where(done)
        total = count(conn, statement)
        page = conn.execute(
            statement.order_by(ev.c.confidence.asc(), ev.c.pk.asc()).limit(limit).offset(offset)
        ).all()
        names: dict[tuple[int, str], list[str]] = {}
        if page:
            for event_pk, role, name in conn.execute(
                select(roles.c.event_pk, roles.c.role, roles.c.name).where(
                    roles.c.event_pk.in_([r.pk for r in page])
                )
            ):
                names.setdefault((event_pk, role), []).append(name)
    rows = [
        {
            "article": r.article_id,
            "item": r.local_id,
            "type": r.type,
            "mode": r.mode,
            "quad": r.quad,
            "confidence": r.confidence,
            "date": r.date,
            "source": r.source,
            "actor": names.get((r.pk, "actor"), []),
            "recipient": names.get((r.pk, "recipient"), []),
            "sentence": r.sentence,
            "sentence_span": r.sentence_span,
            "trigger_span": r.trigger_span,
            "negated": bool(r.negated),
            "hypothetical": bool(r.hypothetical),
            "version": r.review_version or 0,
            "status": r.review_status or "machine",
        }
        for r in page
    ]
    return {"items": rows, "total": total, "limit": limit, "offset": offset, "status": status}


# ---- re-analysis ------------------------------------------------------------------------------


@dataclass
class Reconciled:
    """What a re-analysis did to an article's corrections: kept (possibly under a new item id) or
    no longer matched (the new coding has no such item; kept in the log, not applied)."""

    article: str
    kept: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {"article": self.article, "kept": self.kept, "unmatched": self.unmatched}


def _anchor(kind: str, item: dict[str, Any]) -> set[tuple[int, int]]:
    """The character spans an item is recognised by in another analysis of the same text."""
    if kind == "event":
        span = item.get("trigger_span")
        return {(span[0], span[1])} if span else set()
    if kind == "quote":
        return {(item["span"][0], item["span"][1])}
    return {(m[0], m[1]) for m in item.get("mentions", [])}


def _find(kind: str, machine: dict[str, Any], new: dict[str, Any], taken: set[str]) -> str | None:
    anchor = _anchor(kind, machine)
    for item in _items(new, kind):
        if item["id"] in taken:
            continue
        if kind == "event" and item.get("type") is None:
            continue
        if anchor and (anchor == _anchor(kind, item) if kind != "entity" else anchor & _anchor(kind, item)):
            return str(item["id"])
    return None


def _entity_map(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """Old entity ids to new ones, by shared mentions."""
    mapping = {}
    for entity in old.get("entities", []):
        found = _find("entity", entity, new, set())
        if found is not None:
            mapping[entity["id"]] = found
    return mapping


def _remap_coding(kind: str, coding: dict[str, Any] | None, ids: dict[str, str]) -> dict[str, Any] | None:
    if coding is None:
        return None
    out = dict(coding)
    for name in ("actor", "recipient"):
        if kind == "event" and name in out:
            out[name] = [ids[i] for i in out[name] if i in ids]
    for name in ("said_by", "speaker", "merge_into"):
        if out.get(name) is not None:
            out[name] = ids.get(out[name])
    return out


def _gone(pk: int, item_id: str) -> str:
    plain = item_id.split(":", 1)[1] if item_id.startswith("~") and ":" in item_id else item_id
    return f"~{pk}:{plain}"[:32]


def reanalyze(store: Store, analysis: Analysis) -> Reconciled:
    """Replace a stored article's machine coding with ``analysis`` (a new analysis of the same text)
    and carry its corrections over to the new coding; return which were kept and which no longer match.

    A correction is kept when the new coding has its item (an event with the same trigger, a quote
    with the same span, an entity sharing a mention), under the new item's id, with the entities it
    names mapped to the new ones; otherwise it is marked unmatched: logged, listed, not applied.
    """
    article_id = analysis.article.id
    art, ri, co = schema.articles, schema.review_items, schema.corrections
    report = Reconciled(article=article_id)
    payload = analysis.to_dict(explain=True)
    with storage_errors(store.where), writing(store.engine).begin() as conn:
        row = _article_row(conn, article_id, store.where)
        old = row.analysis
        pk = row.pk
        clusters.detach_article(conn, pk)
        events = select(schema.events.c.pk).where(schema.events.c.article_pk == pk)
        conn.execute(delete(schema.event_roles).where(schema.event_roles.c.event_pk.in_(events)))
        for table in (schema.events, schema.entities, schema.quotes, schema.times, schema.places):
            conn.execute(delete(table).where(table.c.article_pk == pk))
        conn.execute(update(art).where(art.c.pk == pk).values(analysis=payload))
        writer._insert_parts(conn, pk, analysis)
        writer._insert_events(conn, pk, row.dup_group, analysis, payload)
        ids = _entity_map(old, payload)
        heads = conn.execute(select(ri).where(ri.c.article_id == article_id).order_by(ri.c.pk)).all()
        taken: dict[str, set[str]] = {kind: set() for kind in KINDS}
        moves: list[tuple[Any, str | None]] = []
        for head in heads:
            found = _find(head.kind, head.machine, payload, taken[head.kind])
            entry = {
                "kind": head.kind,
                "item": _gone(head.pk, head.item_id).split(":", 1)[1],
                "status": head.status,
            }
            if found is None:
                moves.append((head, None))
                report.unmatched.append(entry)
            else:
                taken[head.kind].add(found)
                moves.append((head, found))
                report.kept.append({**entry, "now": found})
        # Ids move in two steps (first to a name no item has), so that V2 -> V1 and V1 -> V2 never collide.
        for head, _found in moves:
            conn.execute(update(ri).where(ri.c.pk == head.pk).values(item_id=f"~{head.pk}"))
        for head, found in moves:
            # An unmatched item keeps its old id after a mark of its own, so that a new item of that id
            # can be corrected afresh.
            values: dict[str, Any] = {"matched": found is not None, "item_id": _gone(head.pk, head.item_id)}
            if found is not None:
                values.update(
                    item_id=found,
                    machine={**(_remap_coding(head.kind, head.machine, ids) or {}), "id": found},
                    coding=_remap_coding(head.kind, head.coding, ids),
                )
                if values["coding"] is not None:
                    values["coding"]["id"] = found
                conn.execute(update(co).where(co.c.item_pk == head.pk).values(item_id=found))
            conn.execute(update(ri).where(ri.c.pk == head.pk).values(**values))
    return report


# ---- corrections as gold ----------------------------------------------------------------------


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
    from ..evaluation.entities import coarse_type, guess_form

    out = []
    for entity in analysis.entities:
        for start, end in entity.mentions:
            out.append(
                {
                    "span": [start, end],
                    "type": coarse_type(entity.type),
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
    its key holds the corrected items, rejected ones left out (what the text does not state). A layer
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
                if machine_ids and all(done):
                    doc[task] = build(corrected)
            if any(task in doc for task in tasks):
                docs.append(doc)
    return docs


def count_corrections(store: Store) -> dict[str, int]:
    """Return how many items are corrected, by status, and how many changes the log holds."""
    ri, co = schema.review_items, schema.corrections
    with storage_errors(store.where), store.engine.connect() as conn:
        counts = {s: 0 for s in STATUSES}
        for status, n in conn.execute(select(ri.c.status, func.count()).group_by(ri.c.status)):
            counts[status] = int(n)
        counts["changes"] = int(conn.execute(select(func.count()).select_from(co)).scalar() or 0)
        return counts
