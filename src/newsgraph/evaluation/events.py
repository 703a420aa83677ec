"""Score events: (type, actor, recipient) triples, and the looser per-document event types.

Arguments match as text (FORMAT.md): lowercased words, a leading "the" dropped, one word sequence
inside the other, the predicted mention at most twice as long as the gold when it is the longer.
A predicted argument is an entity: it matches when ANY of its mentions does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from ..model import Analysis
from .gold import GoldDoc, labelled_pairs
from .matching import PRF, max_matching
from .tables import PRF_HEADER, aligned, prf_cells

# Sets that merge CONCEDE and RETREAT label both YIELD; predictions are mapped the same way.
MERGED_TYPE = "YIELD"
MERGED_INTO_YIELD = frozenset({"CONCEDE", "RETREAT"})
_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """Lowercased words of an argument, without a leading "the"."""
    found = _WORD.findall(text.lower())
    if found and found[0] == "the":
        found = found[1:]
    return tuple(found)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[k : k + size] == shorter for k in range(len(longer) - size + 1))


def argument_matches(gold: str, predicted: str) -> bool:
    """Whether a predicted mention matches a gold argument as text ("Iraqi Kurds" ~ "Kurds")."""
    gold_words, predicted_words = words(gold), words(predicted)
    if not gold_words or not predicted_words:
        return False
    if len(predicted_words) <= len(gold_words):
        return _contains(gold_words, predicted_words)
    return len(predicted_words) <= 2 * len(gold_words) and _contains(predicted_words, gold_words)


@dataclass(frozen=True)
class PredictedTriple:
    """One (type, actor, recipient) of a predicted event, the arguments as their mention texts."""

    type: str
    actor: str | None
    recipient: str | None
    actor_texts: tuple[str, ...]
    recipient_texts: tuple[str, ...]


def _mention_texts(analysis: Analysis, entity_id: str | None) -> tuple[str, ...]:
    entity = analysis.entity(entity_id)
    if entity is None:
        return ()
    texts = tuple(analysis.slice(m) for m in entity.mentions)
    return texts or (entity.name,)


def predicted_triples(
    analysis: Analysis, merge_yield: bool, asserted_only: bool = False
) -> list[PredictedTriple]:
    """The set of triples of a document's predicted events: one per (actor, recipient) pair.

    ``asserted_only`` leaves out events flagged negated, hypothetical or alleged (FORMAT.md's
    "asserted" scores), which gold sets do not label as events.
    """
    seen: dict[tuple[str, str | None, str | None], PredictedTriple] = {}
    for event in analysis.events:
        if asserted_only and (event.negated or event.hypothetical or event.alleged):
            continue
        event_type = MERGED_TYPE if merge_yield and event.type in MERGED_INTO_YIELD else event.type
        actors: list[str | None] = list(event.actor) or [None]
        recipients: list[str | None] = list(event.recipient) or [None]
        for actor, recipient in product(actors, recipients):
            key = (event_type, actor, recipient)
            if key not in seen:
                seen[key] = PredictedTriple(
                    event_type,
                    actor,
                    recipient,
                    _mention_texts(analysis, actor),
                    _mention_texts(analysis, recipient),
                )
    return list(seen.values())


GoldTriple = tuple[str, str | None, str | None]


def triple_matches(gold: GoldTriple, predicted: PredictedTriple) -> bool:
    """Same type, and each gold argument that is given matches a mention of the predicted one."""
    gold_type, gold_actor, gold_recipient = gold
    if gold_type != predicted.type:
        return False
    for gold_text, texts in (
        (gold_actor, predicted.actor_texts),
        (gold_recipient, predicted.recipient_texts),
    ):
        if gold_text is not None and not any(argument_matches(gold_text, t) for t in texts):
            return False
    return True


@dataclass
class EventScores:
    """Triple P/R/F1, type-only micro and macro F1, and both per event type."""

    documents: int = 0
    merged_yield: bool = False
    triples: PRF = field(default_factory=PRF)
    # The same triples with flagged (negated, hypothetical, alleged) predictions left out.
    asserted_triples: PRF = field(default_factory=PRF)
    types: PRF = field(default_factory=PRF)
    triples_by_type: dict[str, PRF] = field(default_factory=dict)
    types_by_type: dict[str, PRF] = field(default_factory=dict)

    @property
    def type_macro_f1(self) -> float:
        """Mean of the per-type F1 of type-only scoring, over the types in gold or predictions."""
        if not self.types_by_type:
            return 0.0
        return sum(p.f1 for p in self.types_by_type.values()) / len(self.types_by_type)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name, as the quality gate and ``--json`` report them."""
        return {
            "triple_precision": self.triples.precision,
            "triple_recall": self.triples.recall,
            "triple_f1": self.triples.f1,
            "asserted_triple_precision": self.asserted_triples.precision,
            "asserted_triple_recall": self.asserted_triples.recall,
            "asserted_triple_f1": self.asserted_triples.f1,
            "type_micro_f1": self.types.f1,
            "type_macro_f1": self.type_macro_f1,
        }

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "documents": self.documents,
            "merged_yield": self.merged_yield,
            "triples": self.triples.to_dict(),
            "asserted_triples": self.asserted_triples.to_dict(),
            "types": self.types.to_dict(),
            "triples_by_type": {k: v.to_dict() for k, v in self.triples_by_type.items()},
            "types_by_type": {k: v.to_dict() for k, v in self.types_by_type.items()},
            "metrics": self.metrics(),
        }

    def table(self) -> str:
        """A readable table: the totals, then type-only and triple scores per event type."""
        head = (
            f"events: {self.documents} documents"
            + (" (CONCEDE and RETREAT scored as YIELD)" if self.merged_yield else "")
            + f"\ntype-only macro F1 {self.type_macro_f1:.3f}\n"
        )
        rows = [
            ["", *PRF_HEADER],
            ["triples", *prf_cells(self.triples)],
            ["triples (asserted)", *prf_cells(self.asserted_triples)],
            ["types (micro)", *prf_cells(self.types)],
            [""],
            ["type", "type P", "type R", "type F1", "trip gold", "trip pred", "trip P", "trip R", "trip F1"],
        ]
        for name in sorted(set(self.types_by_type) | set(self.triples_by_type)):
            kind, triple = self.types_by_type.get(name, PRF()), self.triples_by_type.get(name, PRF())
            rows.append(
                [
                    name,
                    f"{kind.precision:.3f}",
                    f"{kind.recall:.3f}",
                    f"{kind.f1:.3f}",
                    str(triple.gold),
                    str(triple.predicted),
                    f"{triple.precision:.3f}",
                    f"{triple.recall:.3f}",
                    f"{triple.f1:.3f}",
                ]
            )
        return head + aligned(rows)


def _count_by_type(
    table: dict[str, PRF], matched: Sequence[str], predicted: Sequence[str], gold: Sequence[str]
) -> None:
    for name, count in _tally(matched).items():
        table.setdefault(name, PRF()).add(count, 0, 0)
    for name, count in _tally(predicted).items():
        table.setdefault(name, PRF()).add(0, count, 0)
    for name, count in _tally(gold).items():
        table.setdefault(name, PRF()).add(0, 0, count)


def _tally(names: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for name in names:
        counts[name] += 1
    return counts


def score_events(gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]) -> EventScores:
    """Score predicted events against every document that labels events."""
    labelled = labelled_pairs("events", gold_docs, analyses)
    merge_yield = any(e.type == MERGED_TYPE for d, _ in labelled for e in d.events or ())
    scores = EventScores(merged_yield=merge_yield)
    for doc, analysis in labelled:
        scores.documents += 1
        # Flagged gold events (negated, hypothetical, alleged) are labelled for training, not scored.
        gold = list(dict.fromkeys((e.type, e.actor, e.recipient) for e in doc.events or () if e.asserted))
        predicted = predicted_triples(analysis, merge_yield)
        pairs = max_matching(gold, predicted, lambda g, p: 1.0 if triple_matches(g, p) else None)
        scores.triples.add(len(pairs), len(predicted), len(gold))
        asserted = predicted_triples(analysis, merge_yield, asserted_only=True)
        asserted_pairs = max_matching(gold, asserted, lambda g, p: 1.0 if triple_matches(g, p) else None)
        scores.asserted_triples.add(len(asserted_pairs), len(asserted), len(gold))
        _count_by_type(
            scores.triples_by_type,
            [gold[i][0] for i, _ in pairs],
            [p.type for p in predicted],
            [g[0] for g in gold],
        )
        gold_types, predicted_types = {g[0] for g in gold}, {p.type for p in predicted}
        both = gold_types & predicted_types
        scores.types.add(len(both), len(predicted_types), len(gold_types))
        _count_by_type(scores.types_by_type, sorted(both), sorted(predicted_types), sorted(gold_types))
    return scores
