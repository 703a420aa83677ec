"""What every scorer shares: span overlap, one-to-one maximum matching, and P/R/F1 counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..model import Span

G = TypeVar("G")
P = TypeVar("P")


def shared_chars(a: Span, b: Span) -> int:
    """Return how many characters two spans have in common."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlap_ratio(a: Span, b: Span) -> float:
    """Return the shared characters as a share of the LONGER span (1.0 for equal spans)."""
    longer = max(a[1] - a[0], b[1] - b[0])
    return shared_chars(a, b) / longer if longer > 0 else float(a == b)


def overlap_well(a: Span, b: Span) -> bool:
    """True when the shared characters cover at least half of the longer span (FORMAT.md).

    Measuring against the longer span means a prediction cannot match by being long.
    """
    return shared_chars(a, b) > 0 and overlap_ratio(a, b) >= 0.5


def inside(inner: Span, outer: Span) -> bool:
    """True when ``inner`` lies within ``outer`` (and is not empty)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner[1] > inner[0]


def max_matching(
    gold: Sequence[G], predicted: Sequence[P], quality: Callable[[G, P], float | None]
) -> list[tuple[int, int]]:
    """Pair gold with predicted items one-to-one, as many pairs as possible.

    ``quality(g, p)`` is None when the two may not pair, else a number in [0, 1]; among the
    matchings of maximum size the one with the highest total quality wins (so an exact span is
    preferred over a merely overlapping one). Returns (gold index, predicted index) pairs.
    """
    if not gold or not predicted:
        return []
    # Each edge is worth more than any total of qualities, so size comes first and quality second.
    edge_value = min(len(gold), len(predicted)) + 1.0
    weights = np.zeros((len(gold), len(predicted)))
    allowed = np.zeros((len(gold), len(predicted)), dtype=bool)
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            value = quality(g, p)
            if value is not None:
                weights[i, j] = edge_value + value
                allowed[i, j] = True
    if not allowed.any():
        return []
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if allowed[i, j]]


def span_quality(a: Span, b: Span) -> float | None:
    """Quality of pairing two spans: their overlap ratio when they overlap well, else None."""
    return overlap_ratio(a, b) if overlap_well(a, b) else None


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class PRF:
    """Counts of one matching: matched pairs, predicted items, gold items; and P, R, F1 from them.

    With nothing predicted (or nothing in gold) precision (or recall) is 0.0, so a pipeline that
    finds nothing scores 0 rather than failing.
    """

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Matched / predicted."""
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        """Matched / gold."""
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        """Add one document's counts."""
        self.matched += matched
        self.predicted += predicted
        self.gold += gold

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Share:
    """A proportion: hits out of a total (an accuracy, or a recall over one kind of gold item)."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        """Hits / total (0.0 when the total is 0)."""
        return _ratio(self.hits, self.total)

    def add(self, hit: bool) -> None:
        """Count one item."""
        self.total += 1
        self.hits += int(hit)

    def to_dict(self) -> dict[str, Any]:
        """Counts and value as plain data."""
        return {"hits": self.hits, "total": self.total, "value": self.value}
