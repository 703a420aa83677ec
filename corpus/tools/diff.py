"""Where two labelling passes disagree, unit by unit: what an adjudicator reads before settling.

    .venv/bin/python corpus/tools/diff.py items     # every doubly labelled item whose events differ
    .venv/bin/python corpus/tools/diff.py articles  # every doubly labelled article, layer by layer

Events are compared as (type, actor, recipient, flags), arguments by their words (lowercased, a
leading "the" dropped); quotes, times and places by span; entities by mention span and by grouping.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from build import LABELS, _sheets
from labels import build_record, load_sources

_WORD = re.compile(r"\w+")


def _words(text: str | None) -> str:
    found = _WORD.findall((text or "").lower())
    return " ".join(found[1:] if found[:1] == ["the"] else found)


def event_key(event: dict[str, Any]) -> tuple[str, str, str, str]:
    """An event as compared between passes."""
    flags = ",".join(f for f in ("negated", "hypothetical", "alleged") if event.get(f))
    return (event["type"], _words(event.get("actor")), _words(event.get("recipient")), flags)


def _show_events(text: str, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[str]:
    keys_a, keys_b = {event_key(e) for e in a}, {event_key(e) for e in b}
    out = [f"    pass1 only: {k}" for k in sorted(keys_a - keys_b)]
    out += [f"    pass2 only: {k}" for k in sorted(keys_b - keys_a)]
    return out


def _spans(records: list[dict[str, Any]]) -> set[tuple[int, int]]:
    return {tuple(r["span"]) for r in records if r.get("span")}  # type: ignore[misc]


def _show_spans(layer: str, text: str, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[str]:
    only_a, only_b = sorted(_spans(a) - _spans(b)), sorted(_spans(b) - _spans(a))
    out = [f"    {layer} pass1 only: {text[s:e][:80]!r} @{s}" for s, e in only_a]
    out += [f"    {layer} pass2 only: {text[s:e][:80]!r} @{s}" for s, e in only_b]
    return out


def main(part: str) -> None:
    sources = load_sources()
    first, second = _sheets(LABELS / f"{part}-pass1"), _sheets(LABELS / f"{part}-pass2")
    differing = 0
    for unit in sorted(set(first) & set(second)):
        one, _ = build_record(sources[unit], first[unit][1], first[unit][0])
        two, _ = build_record(sources[unit], second[unit][1], second[unit][0])
        lines = _show_events(one["text"], one.get("events", []), two.get("events", []))
        if part == "articles":
            for layer in ("quotes", "times", "places", "entities"):
                lines += _show_spans(layer, one["text"], one.get(layer, []), two.get(layer, []))
        if lines:
            differing += 1
            print(f"\n## {unit}\n{one['text'][:600] if part == 'items' else ''}")
            print("\n".join(lines))
    print(f"\n{differing} of {len(set(first) & set(second))} doubly labelled {part} differ")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("items", "articles"):
        sys.exit(__doc__)
    main(sys.argv[1])
