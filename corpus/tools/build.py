"""Build the corpus's gold files from the labellers' worksheets: deterministic, and checked throughout.

    .venv/bin/python corpus/tools/build.py  # writes corpus/{items,articles}/{train,dev,test}.jsonl,
                                          # corpus/agreement/*.jsonl and corpus/MANIFEST.json

- The gold of a unit is its latest worksheet: the first pass (corpus/labels/PART-pass1/), then, where
  they exist, the adjudicated one (labels/adjudicated/: the two passes compared and every
  disagreement settled), then the reviewed ones (labels/reviewed/, labels/reviewed2/: the consistency
  reviews that brought the labels in line with the guidelines' rulings). A later one wins.
- corpus/agreement/ holds both passes of every doubly labelled unit as they were labelled,
  independently, before any settling: what the agreement figures in corpus/README.md are measured on.
- A worksheet with a problem stops the build with every problem listed (nothing half-written).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from labels import build_record, load_sources, read_sheets

CORPUS = Path(__file__).resolve().parents[1]
LABELS = CORPUS / "labels"
# Worksheets that replace the first pass, oldest first: the last one that labels a unit is its gold.
OVERLAYS = ("adjudicated", "reviewed", "reviewed2", "reviewed3")
SPLITS = ("train", "dev", "test")
PARTS = ("items", "articles")


class DuplicateSheet(ValueError):
    """Two worksheets of one folder label the same unit: which one is the gold would be a guess."""


def _sheets(folder: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".json", ".jsonl"):
            continue
        for where, sheet in read_sheets(path):
            unit = str(sheet.get("id"))
            if unit in found:
                raise DuplicateSheet(
                    f"{where}: {unit!r} is labelled again (first at {found[unit][0]}); keep one"
                )
            found[unit] = (where, sheet)
    return found


def latest_sheet(
    unit_id: str,
    first: dict[str, tuple[str, dict[str, Any]]],
    overlays: dict[str, dict[str, tuple[str, dict[str, Any]]]],
) -> tuple[str, dict[str, Any]] | None:
    """The worksheet that is a unit's gold: the last overlay that labels it, else its first pass."""
    for name in reversed(OVERLAYS):
        if unit_id in overlays[name]:
            return overlays[name][unit_id]
    return first.get(unit_id)


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(r, ensure_ascii=False, sort_keys=False) for r in sorted(records, key=lambda r: r["id"])
    ]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def build(out: Path = CORPUS) -> int:
    """Write every gold file under ``out``; return the number of problems (0 on success)."""
    selection = json.loads((CORPUS / "selection.json").read_text(encoding="utf-8"))
    sources = load_sources()
    overlays = {name: _sheets(LABELS / name) for name in OVERLAYS}
    problems: list[str] = []
    outputs: dict[Path, list[dict[str, Any]]] = {}
    summary: dict[str, Any] = {}
    for part in PARTS:
        chosen: dict[str, dict[str, Any]] = selection[part]
        first, second = _sheets(LABELS / f"{part}-pass1"), _sheets(LABELS / f"{part}-pass2")
        by_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
        agreement: dict[str, list[dict[str, Any]]] = {"pass1": [], "pass2": []}
        for unit_id, info in sorted(chosen.items()):
            sheet = latest_sheet(unit_id, first, overlays)
            if sheet is None:
                continue
            gold, found = build_record(sources[unit_id], sheet[1], sheet[0])
            problems += found
            by_split[info["split"]].append(gold)
            if unit_id in first and unit_id in second:
                for name, sheets in (("pass1", first), ("pass2", second)):
                    record, found = build_record(sources[unit_id], sheets[unit_id][1], sheets[unit_id][0])
                    problems += found
                    agreement[name].append(record)
        stray = sorted((set(first) | set(second)) - set(chosen))
        problems += [
            f"{part}: worksheet for {s!r}, which corpus/selection.json does not choose" for s in stray
        ]
        for split, records in by_split.items():
            outputs[out / part / f"{split}.jsonl"] = records
        for name, records in agreement.items():
            outputs[out / "agreement" / f"{part}-{name}.jsonl"] = records
        records = [r for split in by_split.values() for r in split]
        events = [e for r in records for e in r["events"]]
        summary[part] = {
            "selected": len(chosen),
            "labelled": sum(len(v) for v in by_split.values()),
            "by_split": {s: len(v) for s, v in by_split.items()},
            "doubly_labelled": len(agreement["pass1"]),
            "adjudicated": sum(1 for u in overlays["adjudicated"] if u in chosen),
            "changed_in_review": len({u for name in OVERLAYS[1:] for u in overlays[name] if u in chosen}),
            "events": len(events),
            "events_asserted": sum(
                1 for e in events if not (e["negated"] or e["hypothetical"] or e["alleged"])
            ),
            "event_types": dict(sorted(Counter(e["type"] for e in events).items())),
            "units_without_events": sum(1 for r in records if not r["events"]),
        }
        for layer in ("quotes", "times", "places", "entities"):
            if any(layer in r for r in records):
                summary[part][layer] = sum(len(r.get(layer, [])) for r in records)
        if any("entities" in r for r in records):
            summary[part]["entity_groups"] = sum(
                len({m["link"] for m in r.get("entities", [])}) for r in records
            )
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problems; nothing written")
        return len(problems)
    for path, records in outputs.items():
        _write(path, records)
    manifest = {
        "summary": summary,
        "sha256": {
            str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(outputs)
        },
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if out == CORPUS:
        print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(1 if build() else 0)
