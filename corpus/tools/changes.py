"""How much of the first pass the adjudication and the consistency reviews changed, per part and layer.

    .venv/bin/python corpus/tools/changes.py

A unit counts as changed in a layer when its gold labels of that layer differ from its first-pass
labels (events compared as type, mode, actor, recipient and flags; the other layers by span and value).
"""

from __future__ import annotations

import json

from build import LABELS, OVERLAYS, _sheets, latest_sheet
from labels import build_record, load_sources

LAYERS = {"items": ("events",), "articles": ("events", "quotes", "entities", "times", "places")}


def _key(layer: str, record: dict) -> str:
    if layer == "events":
        fields = ("type", "mode", "actor", "recipient", "negated", "hypothetical", "alleged")
    elif layer == "quotes":
        fields = ("span", "kind", "speaker_span")
    elif layer == "entities":
        fields = ("span", "type", "entity")
    elif layer == "times":
        fields = ("span", "type", "value")
    else:
        fields = ("span", "geonameid", "lat", "lon")
    return json.dumps([record.get(f) for f in fields])


def main() -> None:
    sources = load_sources()
    overlays = {name: _sheets(LABELS / name) for name in OVERLAYS}
    selection = json.loads((LABELS.parent / "selection.json").read_text(encoding="utf-8"))
    for part, layers in LAYERS.items():
        first = _sheets(LABELS / f"{part}-pass1")
        changed = {layer: 0 for layer in layers}
        units = sorted(selection[part])
        for unit in units:
            final = latest_sheet(unit, first, overlays)
            assert final is not None, unit
            a, _ = build_record(sources[unit], first[unit][1], "")
            b, _ = build_record(sources[unit], final[1], "")
            for layer in layers:
                if sorted(_key(layer, r) for r in a.get(layer, [])) != sorted(
                    _key(layer, r) for r in b.get(layer, [])
                ):
                    changed[layer] += 1
        shares = ", ".join(f"{layer} {n} ({n / len(units):.1%})" for layer, n in changed.items())
        print(f"{part}: {len(units)} units; changed after the first pass: {shares}")


if __name__ == "__main__":
    main()
