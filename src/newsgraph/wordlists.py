"""The one loader of the rules' word lists (``data/words/<group>.json``), so that words are data.

Each file maps a list's name to what it is for (``about``), the constant that reads it
(``used_by``) and its ``words``. A rule module reads a list once, at import, as a frozenset:
``ALLEGING_LEMMAS = word_list("events", "alleging_lemmas")``. docs/rules.md says how to add one.
A malformed file or a missing list is a LexiconError that names the file and the list.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .errors import LexiconError, Messages

WORDS_FOLDER = "data/words"


def word_list_path(group: str) -> str:
    """Where a group's word lists live, relative to the package ("data/words/events.json")."""
    return f"{WORDS_FOLDER}/{group}.json"


@cache
def word_lists(group: str) -> dict[str, frozenset[str]]:
    """Every word list of a group (the file's entries that do not start with "_"), read once."""
    where = word_list_path(group)
    try:
        raw: Any = json.loads(resources.files("newsgraph").joinpath(where).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(Messages.WORD_LIST.format(where=where, detail="the file is missing")) from exc
    except json.JSONDecodeError as exc:
        raise LexiconError(Messages.WORD_LIST.format(where=where, detail=f"not valid JSON ({exc})")) from exc
    if not isinstance(raw, dict):
        raise LexiconError(Messages.WORD_LIST.format(where=where, detail="the file is not a JSON object"))
    lists: dict[str, frozenset[str]] = {}
    for name, entry in raw.items():
        if name.startswith("_"):
            continue
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            detail = f"list '{name}' needs \"words\": a list of non-empty strings"
            raise LexiconError(Messages.WORD_LIST.format(where=where, detail=detail))
        lists[name] = frozenset(words)
    return lists


def word_list(group: str, name: str) -> frozenset[str]:
    """One word list of a group, as a frozenset; LexiconError when the file has no such list."""
    lists = word_lists(group)
    if name not in lists:
        detail = f"no list '{name}' (it has {', '.join(sorted(lists)) or 'none'})"
        raise LexiconError(Messages.WORD_LIST.format(where=word_list_path(group), detail=detail))
    return lists[name]
