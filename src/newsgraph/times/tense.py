"""Which way a clause points in time: the tense and modality of the verb that governs a span.

A bare "Friday" in "talks will resume Friday" is the next Friday; in "talks resumed Friday" the
last one. Only the governing verb's own auxiliaries and its controlling verb are read, so the
check costs a few token hops per time expression.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..parsing import nearest_verb
from ..wordlists import word_list
from .calendar_math import FUTURE, PAST

FUTURE_AUXILIARIES = word_list("times", "future_auxiliaries")
FUTURE_IN_PAST = word_list("times", "future_in_past")
FUTURE_CONTROLLERS = word_list("times", "future_controllers")


def verb_direction(verb: Token, time_start: int = -1) -> str | None:
    """Return FUTURE, PAST or None (present or unknown) for the clause a verb heads.

    ``time_start`` (a character offset) is where the time expression begins, for "would".
    """
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass"):
            if child.lower_ in FUTURE_AUXILIARIES:
                return FUTURE
            if child.lower_ in FUTURE_IN_PAST and child.idx < time_start:
                return FUTURE
            if child.tag_ == "VBD" or child.lemma_ == "have":
                return PAST
    if verb.tag_ == "VBD":
        return PAST
    if verb.dep_ in ("xcomp", "ccomp", "advcl") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_ in FUTURE_CONTROLLERS:
            return FUTURE
        if verb.dep_ == "xcomp":
            return verb_direction(head, time_start) if head.i != verb.i else None
    if verb.tag_ in ("VBN",) and verb.dep_ == "acl":
        return PAST
    return None


def span_direction(doc: Doc, start: int, end: int) -> str | None:
    """Return the direction of the clause governing the characters start..end of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return verb_direction(nearest_verb(span.root), start)
