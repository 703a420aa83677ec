"""What a correction is and the names it may use: kinds, actions, statuses, codings, editable fields."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ...errors import CorrectionRefused, Messages

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
