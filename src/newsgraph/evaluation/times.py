"""Score time expressions: spans that overlap well, and values (overlap well and equal value)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis
from .gold import GoldDoc, labelled_pairs
from .matching import PRF, Share, max_matching, span_quality
from .tables import PRF_HEADER, aligned, prf_cells


@dataclass
class TimeScores:
    """Span P/R/F1, value P/R/F1 (TempEval-3's value F1 with the stricter overlap), type accuracy."""

    documents: int = 0
    spans: PRF = field(default_factory=PRF)
    values: PRF = field(default_factory=PRF)
    # Among span-matched expressions, the share whose TIMEX3 type is right.
    type_accuracy: Share = field(default_factory=Share)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name, as the quality gate and ``--json`` report them."""
        return {
            "span_precision": self.spans.precision,
            "span_recall": self.spans.recall,
            "span_f1": self.spans.f1,
            "value_precision": self.values.precision,
            "value_recall": self.values.recall,
            "value_f1": self.values.f1,
            "type_accuracy": self.type_accuracy.value,
        }

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "documents": self.documents,
            "spans": self.spans.to_dict(),
            "values": self.values.to_dict(),
            "type_accuracy": self.type_accuracy.to_dict(),
            "metrics": self.metrics(),
        }

    def table(self) -> str:
        """A readable table of the scores."""
        rows = [["", *PRF_HEADER], ["span", *prf_cells(self.spans)], ["value", *prf_cells(self.values)]]
        return (
            f"times: {self.documents} documents\n"
            f"type accuracy {self.type_accuracy.value:.3f} among span-matched "
            f"({self.type_accuracy.hits}/{self.type_accuracy.total})\n" + aligned(rows)
        )


def score_times(gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]) -> TimeScores:
    """Score predicted time expressions against every document that labels times."""
    scores = TimeScores()
    for doc, analysis in labelled_pairs("times", gold_docs, analyses):
        scores.documents += 1
        gold, predicted = doc.times or (), analysis.times
        pairs = max_matching(gold, predicted, lambda g, p: span_quality(g.span, p.span))
        scores.spans.add(len(pairs), len(predicted), len(gold))
        for i, j in pairs:
            scores.type_accuracy.add(gold[i].type == predicted[j].type)
        # A separate matching: a value pair must overlap well AND agree, and may pair differently.
        valued = max_matching(
            gold,
            predicted,
            lambda g, p: span_quality(g.span, p.span) if g.value is not None and g.value == p.value else None,
        )
        scores.values.add(len(valued), len(predicted), len(gold))
    return scores
