"""Score quotes: content spans that overlap well, speaker accuracy, and recall per kind of quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis, Quote, Span
from ..vocabulary import QUOTE_KINDS
from .gold import GoldDoc, GoldQuote, labelled_pairs
from .matching import PRF, Share, inside, max_matching, overlap_well, span_quality
from .tables import PRF_HEADER, aligned, prf_cells


@dataclass
class QuoteScores:
    """Content P/R/F1, speaker accuracy over matched quotes with a gold speaker, recall per kind."""

    documents: int = 0
    content: PRF = field(default_factory=PRF)
    speaker: Share = field(default_factory=Share)
    recall_by_kind: dict[str, Share] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name, as the quality gate and ``--json`` report them."""
        out = {
            "content_precision": self.content.precision,
            "content_recall": self.content.recall,
            "content_f1": self.content.f1,
            "speaker_accuracy": self.speaker.value,
        }
        out.update({f"recall_{kind}": share.value for kind, share in self.recall_by_kind.items()})
        return out

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "documents": self.documents,
            "content": self.content.to_dict(),
            "speaker": self.speaker.to_dict(),
            "recall_by_kind": {k: v.to_dict() for k, v in self.recall_by_kind.items()},
            "metrics": self.metrics(),
        }

    def table(self) -> str:
        """A readable table of the scores."""
        rows = [["", *PRF_HEADER], ["content", *prf_cells(self.content)], [""]]
        rows += [["kind", "gold", "found", "recall"]]
        rows += [[k, str(s.total), str(s.hits), f"{s.value:.3f}"] for k, s in self.recall_by_kind.items()]
        head = (
            f"quotes: {self.documents} documents\n"
            f"speaker accuracy {self.speaker.value:.3f} ({self.speaker.hits}/{self.speaker.total} matched "
            "quotes with a gold speaker)\n"
        )
        return head + aligned(rows)


def _speaker_candidates(quote: Quote, analysis: Analysis) -> list[Span]:
    """The predicted speaker span and every mention of the predicted speaker entity."""
    spans = [quote.speaker_span] if quote.speaker_span is not None else []
    entity = analysis.entity(quote.speaker)
    if entity is not None:
        spans.extend(entity.mentions)
    return spans


def speaker_correct(gold: GoldQuote, quote: Quote, analysis: Analysis) -> bool:
    """Whether a matched quote's speaker is right, by FORMAT.md's rule.

    A candidate (predicted speaker span or a mention of the speaker entity) is right when it
    overlaps well the gold speaker span or lies inside it; where gold gives only a name, when the
    candidate's text contains the name and is at most three times its length.
    """
    candidates = _speaker_candidates(quote, analysis)
    if gold.speaker_span is not None:
        target = gold.speaker_span
        return any(overlap_well(c, target) or inside(c, target) for c in candidates)
    name = (gold.speaker or "").strip().lower()
    if not name:
        return False
    return any(name in analysis.slice(c).lower() and (c[1] - c[0]) <= 3 * len(name) for c in candidates)


def score_quotes(gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]) -> QuoteScores:
    """Score predicted quotes against every document that labels quotes."""
    scores = QuoteScores(recall_by_kind={})
    for doc, analysis in labelled_pairs("quotes", gold_docs, analyses):
        scores.documents += 1
        gold, predicted = doc.quotes or (), analysis.quotes
        pairs = max_matching(gold, predicted, lambda g, p: span_quality(g.span, p.span))
        scores.content.add(len(pairs), len(predicted), len(gold))
        found = {i for i, _ in pairs}
        for i, item in enumerate(gold):
            scores.recall_by_kind.setdefault(item.kind, Share()).add(i in found)
        for i, j in pairs:
            if gold[i].speaker_span is not None or gold[i].speaker:
                scores.speaker.add(speaker_correct(gold[i], predicted[j], analysis))
    # A stable order: the kinds as FORMAT.md lists them.
    scores.recall_by_kind = {k: scores.recall_by_kind[k] for k in QUOTE_KINDS if k in scores.recall_by_kind}
    return scores
