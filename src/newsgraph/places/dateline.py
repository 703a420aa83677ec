"""Where the dateline names the place a story was filed from ("CHARLESTON, W.Va. (AP) —").

Uses ``newsgraph.dateline.find_dateline`` when that module is present; otherwise a small regex for
the common wire form, so the places stage does not depend on it.
"""

from __future__ import annotations

import re

from ..model import Span

_FALLBACK = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3}(?:,\s+[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+){0,2})?)"
    r"\s*(?:\([A-Za-z .&'\-]{1,30}\))?\s*(?:\u2014|\u2013|--|-)\s+"
)


def dateline_place_span(text: str, published: str | None = None) -> Span | None:
    """The span of the dateline's place ("CHARLESTON, W.Va."), or None when there is no dateline."""
    try:
        from ..dateline import find_dateline
    except ImportError:  # the shared dateline helper is optional
        match = _FALLBACK.match(text[:200])
        return (match.start("place"), match.end("place")) if match else None
    found = find_dateline(text, published)
    return found.place_span if found is not None else None
