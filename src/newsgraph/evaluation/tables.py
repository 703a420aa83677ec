"""Plain-text tables for the eval report: first column left-aligned, numbers right-aligned."""

from __future__ import annotations

from collections.abc import Sequence

from .matching import PRF


def aligned(rows: Sequence[Sequence[str]]) -> str:
    """Format rows as columns; a row may be shorter than the others (an empty row is a blank line)."""
    width = max((len(r) for r in rows), default=0)
    sizes = [max((len(r[c]) for r in rows if c < len(r)), default=0) for c in range(width)]
    lines = []
    for row in rows:
        cells = [cell.ljust(sizes[c]) if c == 0 else cell.rjust(sizes[c]) for c, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def prf_cells(prf: PRF) -> list[str]:
    """Gold, predicted, matched, P, R, F1 of a PRF as table cells."""
    return [
        str(prf.gold),
        str(prf.predicted),
        str(prf.matched),
        f"{prf.precision:.3f}",
        f"{prf.recall:.3f}",
        f"{prf.f1:.3f}",
    ]


PRF_HEADER = ["gold", "pred", "match", "P", "R", "F1"]
