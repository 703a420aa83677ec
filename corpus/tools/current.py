"""Print the worksheet that is a unit's gold right now (the latest of pass 1, adjudicated, reviewed).

.venv/bin/python corpus/tools/current.py ID [ID ...]     # one JSON worksheet per line, in the order given
"""

from __future__ import annotations

import json
import sys

from build import LABELS, OVERLAYS, _sheets, latest_sheet


def main(ids: list[str]) -> None:
    overlays = {name: _sheets(LABELS / name) for name in OVERLAYS}
    first = {**_sheets(LABELS / "items-pass1"), **_sheets(LABELS / "articles-pass1")}
    for unit in ids:
        found = latest_sheet(unit, first, overlays)
        if found is None:
            sys.exit(f"{unit}: no worksheet yet")
        print(json.dumps(found[1], ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
