"""The name an entity is shown by, cleaned of marks its mention picked up from the text around it.

A mention is a span of the text, and spans cut at odd places: an opening quotation mark with no
closing one ('The "United States'), an editor's brackets ('[W]e', 'Bashar [al-]Assad'), stray
punctuation at either end. The mentions keep their exact offsets; only the entity's name, which
people read in every listing, is cleaned.
"""

from __future__ import annotations

import re

# Quotation marks as pairs (opening, closing); the straight double quote closes itself.
_QUOTE_PAIRS = (('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"))
_BRACKETS = re.compile(r"[\[\]]")
# Marks that never end a name: a possessive's apostrophe ("Workers'") does, so it is not among them.
_EDGE_PUNCTUATION = " \t\n,;:!?*\u2014\u2013-"


def _unpaired_quotes(name: str) -> str:
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            if name.count(opening) % 2:
                # An odd straight quote belongs to no pair: drop it where it sits at an end.
                name = name[1:] if name.startswith(opening) else name[:-1] if name.endswith(opening) else name
            continue
        if name.startswith(opening) and closing not in name:
            name = name[1:]
        if name.endswith(closing) and opening not in name and closing != "\u2019":
            name = name[:-1]
    return name


def _unpaired_parentheses(name: str) -> str:
    if name.startswith("(") and ")" not in name:
        name = name[1:]
    if name.endswith(")") and "(" not in name:
        name = name[:-1]
    return name


def display_name(name: str) -> str:
    """Return ``name`` without unpaired quotation marks or parentheses at its ends, without an
    editor's square brackets (their words stay: "[W]e" -> "We"), and with white space collapsed.
    A name that would be left empty is returned as it was."""
    cleaned = " ".join(_BRACKETS.sub("", name).split())
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = _unpaired_parentheses(_unpaired_quotes(cleaned.strip(_EDGE_PUNCTUATION)))
    return cleaned or name
