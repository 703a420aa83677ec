"""Hand the next unlabelled unit of a labelling pool to whoever asks, once (parallel labellers).

    .venv/bin/python corpus/tools/claim.py POOL LABELLER   # prints the input file claimed, or nothing when done

POOL is a folder under corpus/work/ (items-pass1, articles-pass2, ...). A claim is a directory made
with mkdir, which is atomic, so two labellers never get the same unit.
"""

from __future__ import annotations

import sys
from pathlib import Path

WORK = Path(__file__).resolve().parents[1] / "work"


def claim(pool: str, labeller: str) -> Path | None:
    """Claim the first unit of ``pool`` nobody has claimed; None when all are taken."""
    claims = WORK / "claims" / pool
    claims.mkdir(parents=True, exist_ok=True)
    for unit in sorted((WORK / pool).iterdir()):
        try:
            (claims / unit.stem).mkdir()
        except FileExistsError:
            continue
        (claims / unit.stem / labeller).touch()
        return unit
    return None


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found = claim(sys.argv[1], sys.argv[2])
    if found:
        print(found)
