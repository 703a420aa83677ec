"""Checking a correction against the article and PLOVER's tables before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...ontology import CONTEXTS, EVENT_TYPES, MODES, QUAD
from ...vocabulary import country_codes
from .reading import _machine_item
from .vocabulary import (
    ACTIONS,
    ADDABLE,
    EDITABLE,
    ENTITY_TYPES,
    KINDS,
    MAX_AUTHOR,
    MAX_NOTE,
    QUOTE_KINDS,
    SECTORS,
    SPLIT_FIELDS,
    Correction,
    _refuse,
    split_id,
)


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
    for name in ("trigger_span", "sentence_span"):
        if name in changes:
            out[name] = _span_of(changes[name], analysis["article"]["text"], name)
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
    if changes.get("cue_span") is not None:
        out["cue_span"] = _span_of(changes["cue_span"], text, "cue_span")
    return out


def _nearest(mentions: list[list[int]], anchor: Any) -> list[int]:
    if not anchor:
        return mentions[0]
    middle = (anchor[0] + anchor[1]) / 2
    return min(mentions, key=lambda m: abs((m[0] + m[1]) / 2 - middle))


def _check_entity(
    changes: dict[str, Any], base: dict[str, Any], item_id: str, analysis: dict[str, Any]
) -> dict[str, Any]:
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
    if "split" in changes:
        out["split"] = _check_split(changes["split"], base, item_id, analysis)
    return out


def _check_split(
    split: Any, base: dict[str, Any], item_id: str, analysis: dict[str, Any]
) -> dict[str, Any] | None:
    """Check a split: some (not all, not none) of the entity's mentions go to a new entity."""
    if split is None:  # the split taken back: every mention is the entity's again
        return None
    if not isinstance(split, dict):
        raise _refuse(f"'split' must be an object with the 'mentions' to split off, not {split!r}")
    unknown = [k for k in split if k not in SPLIT_FIELDS]
    if unknown:
        raise _refuse(
            f"a split has no field {', '.join(map(repr, unknown))}; it takes {', '.join(SPLIT_FIELDS)}"
        )
    given = split.get("mentions")
    if not isinstance(given, list) or not given:
        raise _refuse("a split needs 'mentions': a non-empty list of the entity's mentions to split off")
    text = analysis["article"]["text"]
    own = [list(m) for m in base.get("mentions", [])]
    moved: list[list[int]] = []
    for value in given:
        span = _span_of(value, text, "split mention")
        if span not in own:
            raise _refuse(
                f"{text[span[0] : span[1]]!r} at {span} is not a mention of {item_id}; its mentions are "
                f"{', '.join(str(m) for m in own)}"
            )
        if span not in moved:
            moved.append(span)
    if len(moved) == len(own):
        raise _refuse(
            f"a split must leave {item_id} at least one of its mentions; to rename or retype the whole "
            "entity, edit its fields instead"
        )
    moved.sort()
    first = text[moved[0][0] : moved[0][1]]
    out: dict[str, Any] = {"id": split_id(item_id), "mentions": moved}
    fields = _check_entity(
        {k: split[k] for k in ("name", "type", "country", "sector") if k in split}, base, item_id, analysis
    )
    out["name"] = fields.get("name", " ".join(first.split()) or base.get("name"))
    out["type"] = fields.get("type", base.get("type"))
    out["country"] = fields.get("country", None)
    out["sector"] = fields.get("sector", None)
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
    if correction.action == "add":
        return _check_addition(correction, analysis)
    if not correction.item:
        raise _refuse(
            f"name the {correction.kind} to {correction.action} by its id in the article (V1, Q2, E3)"
        )
    base = _machine_item(analysis, correction.kind, correction.item)
    if current is not None:
        base = current  # an item added by a reviewer has no machine item, only this
    if base is None:
        raise _refuse(f"the article has no {correction.kind} {correction.item!r}")
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
    return _check_entity(correction.changes, base, correction.item, analysis)


def _check_addition(correction: Correction, analysis: dict[str, Any]) -> dict[str, Any]:
    """Check an event or quote the machine missed: its required fields, each checked as an edit's."""
    if correction.kind not in ADDABLE:
        raise _refuse(f"only {' and '.join(f'{k}s' for k in ADDABLE)} can be added, not {correction.kind}s")
    if correction.item:
        raise _refuse(
            f"an added {correction.kind} is named by the store; send an empty 'item', not {correction.item!r}"
        )
    required, optional = ADDABLE[correction.kind]
    changes = correction.changes
    missing = [name for name in required if changes.get(name) is None]
    if missing:
        raise _refuse(f"an added {correction.kind} needs {', '.join(map(repr, missing))}")
    unknown = [k for k in changes if k not in required and k not in optional]
    if unknown:
        raise _refuse(
            f"an added {correction.kind} has no field {', '.join(map(repr, unknown))}; "
            f"it takes {', '.join((*required, *optional))}"
        )
    if correction.kind == "event":
        out = _check_event(changes, {}, analysis)
        empty: dict[str, Any] = {"mode": None, "context": [], "actor": [], "recipient": [], "said_by": None}
        flags = {"negated": False, "hypothetical": False, "alleged": False}
        trigger = out["trigger_span"]
        out = {**empty, **flags, "sentence_span": trigger, **out}
        sentence = out["sentence_span"]
        if not sentence[0] <= trigger[0] < trigger[1] <= sentence[1]:
            raise _refuse(f"the trigger {trigger} lies outside its sentence {sentence}")
        return out
    out = _check_quote(changes, {"span": changes["span"]}, analysis)
    return {"speaker": None, "speaker_span": None, "cue_span": None, "parts": None, **out}
