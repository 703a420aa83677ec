"""Score entities: exact mentions (span and coarse type), mentions by gold form, and linking.

Predicted entities carry spaCy's labels; every mention carries its own type where it has one (a
demonym inside its country's entity is NORP), else its entity's, mapped to the coarse gold types
(GPE/LOC/FAC -> PLACE; PERSON, ORG, NORP, EVENT kept; else OTHER).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from ..model import Analysis, Span
from ..vocabulary import coarse_type, guess_form
from .gold import ENTITY_FORMS, GoldDoc, GoldEntity, labelled_pairs
from .matching import PRF, max_matching, span_quality
from .tables import PRF_HEADER, aligned, prf_cells


@dataclass(frozen=True)
class PredictedMention:
    """One predicted mention, with the coarse type and index of the entity it belongs to."""

    span: Span
    type: str
    entity: int


def predicted_mentions(analysis: Analysis) -> list[PredictedMention]:
    """Every mention of every predicted entity, with its own type where it has one (a demonym
    inside its country's entity), else its entity's."""
    return [
        PredictedMention(
            span=(m[0], m[1]),
            type=coarse_type(ent.type_of((m[0], m[1]))),
            entity=index,
        )
        for index, ent in enumerate(analysis.entities)
        for m in ent.mentions
    ]


def exact_pairs(gold_keys: Sequence[Hashable], predicted_keys: Sequence[Hashable]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of equal keys (pairing in order is optimal for equality)."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for j, key in enumerate(predicted_keys):
        waiting[key].append(j)
    pairs = []
    for i, key in enumerate(gold_keys):
        if waiting.get(key):
            pairs.append((i, waiting[key].pop(0)))
    return pairs


@dataclass
class EntityScores:
    """Exact span+type mentions, recall/precision by gold form, and pairwise linking."""

    documents: int = 0
    mentions: PRF = field(default_factory=PRF)
    # Exact span (type ignored) and overlap-well span, per gold form.
    by_form: dict[str, PRF] = field(default_factory=dict)
    by_form_overlap: dict[str, PRF] = field(default_factory=dict)
    linking: PRF = field(default_factory=PRF)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name, as the quality gate and ``--json`` report them."""
        out = {
            "mention_precision": self.mentions.precision,
            "mention_recall": self.mentions.recall,
            "mention_f1": self.mentions.f1,
            "linking_precision": self.linking.precision,
            "linking_recall": self.linking.recall,
            "linking_f1": self.linking.f1,
        }
        for form, prf in self.by_form.items():
            out[f"{form}_span_precision"] = prf.precision
            out[f"{form}_span_recall"] = prf.recall
            out[f"{form}_span_f1"] = prf.f1
        for form, prf in self.by_form_overlap.items():
            out[f"{form}_overlap_recall"] = prf.recall
        return out

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "documents": self.documents,
            "mentions": self.mentions.to_dict(),
            "by_form": {k: v.to_dict() for k, v in self.by_form.items()},
            "by_form_overlap": {k: v.to_dict() for k, v in self.by_form_overlap.items()},
            "linking": self.linking.to_dict(),
            "metrics": self.metrics(),
        }

    def table(self) -> str:
        """A readable table of the scores."""
        rows = [
            ["", *PRF_HEADER],
            ["mentions (span+type)", *prf_cells(self.mentions)],
            ["linking (pairs)", *prf_cells(self.linking)],
            [""],
            ["span by form", *PRF_HEADER, "R overlap"],
        ]
        for form, prf in self.by_form.items():
            loose = self.by_form_overlap.get(form, PRF())
            rows.append([form, *prf_cells(prf), f"{loose.recall:.3f}"])
        return f"entities: {self.documents} documents\n" + aligned(rows)


def _score_forms(
    scores: EntityScores, analysis: Analysis, gold: Sequence[GoldEntity], predicted: list[PredictedMention]
) -> None:
    """Span P/R/F1 per gold form; a predicted mention no gold matches (or a gold one without a
    form) gets a guessed form."""
    gold_forms = [g.form or guess_form(analysis.slice(g.span)) for g in gold]
    exact = exact_pairs([g.span for g in gold], [p.span for p in predicted])
    loose = max_matching(gold, predicted, lambda g, p: span_quality(g.span, p.span))
    form_of_predicted = {j: gold_forms[i] for i, j in exact}
    predicted_by_form: dict[str, int] = defaultdict(int)
    for j, mention in enumerate(predicted):
        predicted_by_form[form_of_predicted.get(j) or guess_form(analysis.slice(mention.span))] += 1
    for form in ENTITY_FORMS:
        labelled = sum(1 for f in gold_forms if f == form)
        if not labelled and not predicted_by_form.get(form):
            continue
        hits = sum(1 for i, _ in exact if gold_forms[i] == form)
        loose_hits = sum(1 for i, _ in loose if gold_forms[i] == form)
        scores.by_form.setdefault(form, PRF()).add(hits, predicted_by_form.get(form, 0), labelled)
        scores.by_form_overlap.setdefault(form, PRF()).add(loose_hits, 0, labelled)


def _score_linking(
    scores: EntityScores, gold: Sequence[GoldEntity], predicted: list[PredictedMention]
) -> None:
    """Pairwise linking over the gold mentions that carry a link (FORMAT.md)."""
    linked = [g for g in gold if g.link]
    # Exact span has quality 1.0, so it wins over a mention that merely overlaps well.
    pairs = max_matching(linked, predicted, lambda g, p: span_quality(g.span, p.span))
    represented_by = {i: predicted[j].entity for i, j in pairs}
    same_gold = same_predicted = same_both = 0
    for a, b in combinations(range(len(linked)), 2):
        gold_same = linked[a].link == linked[b].link
        predicted_same = a in represented_by and represented_by.get(a) == represented_by.get(b)
        same_gold += gold_same
        same_predicted += predicted_same
        same_both += gold_same and predicted_same
    scores.linking.add(same_both, same_predicted, same_gold)


def score_entities(gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]) -> EntityScores:
    """Score predicted entities against every document that labels entities."""
    scores = EntityScores()
    for doc, analysis in labelled_pairs("entities", gold_docs, analyses):
        scores.documents += 1
        gold = doc.entities or ()
        predicted = predicted_mentions(analysis)
        typed = exact_pairs([(g.span, g.type) for g in gold], [(p.span, p.type) for p in predicted])
        scores.mentions.add(len(typed), len(predicted), len(gold))
        _score_forms(scores, analysis, gold, predicted)
        _score_linking(scores, gold, predicted)
    return scores
