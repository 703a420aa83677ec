"""What a correction is and the names it may use: kinds, actions, statuses, codings, editable fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import CorrectionRefused, Messages
from ...ontology import SECTORS as PLOVER_SECTORS
from ...vocabulary import ENTITY_LABELS
from ...vocabulary import QUOTE_KINDS as GOLD_QUOTE_KINDS

KINDS = ("event", "quote", "entity")
ACTIONS = ("accept", "reject", "edit", "add")
STATUSES = ("machine", "accepted", "rejected", "edited", "added")
CODINGS = ("machine", "corrected", "both")
# The quote kinds, entity types, sector codes and country codes come from the one place each is
# kept: the quote kinds of the output and the gold format, the labels the entity stage keeps, PLOVER's tables in
# ontology.py and the data files read by vocabulary.py.
QUOTE_KINDS = GOLD_QUOTE_KINDS
ENTITY_TYPES: tuple[str, ...] = tuple(sorted(ENTITY_LABELS))
SECTORS = PLOVER_SECTORS
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
    "entity": ("name", "type", "country", "sector", "merge_into", "split"),
}
# What a reviewer may add that the machine missed (``add``), the fields it needs and those it may
# set besides; and the prefix of the ids the store gives them (AV1, AQ1: never a machine id).
ADDABLE = {
    "event": (("type", "trigger_span"), EDITABLE["event"] + ("sentence_span",)),
    "quote": (("span", "kind"), ("speaker", "speaker_span", "cue_span")),
}
ADDED_PREFIX = {"event": "AV", "quote": "AQ"}
# The mark on an added item's review row: the machine had no such item (its row's "machine" is the
# item as first added).
ADDED_MARK = "added"


def is_added(machine: dict[str, Any] | None) -> bool:
    """Whether a review row's machine coding marks an item a reviewer added (the machine had none)."""
    return bool(machine and machine.get(ADDED_MARK))


# What the entity split off another (an edit's ``split``) may set besides the mentions it takes.
SPLIT_FIELDS = ("mentions", "name", "type", "country", "sector")


def split_id(entity_id: str) -> str:
    """Return the id of the entity split off ``entity_id`` (one split per entity: a new one replaces it)."""
    return f"{entity_id}_split"[:32]


_LIST_KEY = {"event": "events", "quote": "quotes", "entity": "entities"}
MAX_AUTHOR = 200
MAX_NOTE = 2000


@dataclass(frozen=True)
class Correction:
    """One reviewer's change to one item of one stored article.

    ``version``: the item's version the reviewer saw (0 when nobody had corrected it). ``changes``:
    for ``edit``, the fields to change (``EDITABLE``), each with its new value; for ``add`` (an
    event or quote the machine missed), the new item's fields (``ADDABLE``); its ``item`` is left
    empty, since the store names it.
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
