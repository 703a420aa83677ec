"""Rules propose, the trained model decides: which candidate events are kept, and as what type.

Per sentence the coder proposes every trigger the lexicon matches, with the rules' reading of it
(type, mode, flags, argument words). The model gives each candidate a probability per PLOVER type
and for "no event"; a candidate is kept when its most probable type reaches the model's threshold
(chosen on the corpus dev split when it was trained, docs/events-model.md). That probability is the
event's ``confidence``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..model import Analysis, Event
from .coder import EventCoder, Proposal, add_events, without_repeats
from .features import proposal_features
from .learned import NONE_CLASS, EventModel, LinearModel
from .roles import choose


def decided_type(model: LinearModel, feats: list[str]) -> tuple[str, float]:
    """The most probable event type of a candidate (never "no event") and its probability."""
    probs = model.probabilities(feats)
    best, best_p = NONE_CLASS, -1.0
    for label, p in zip(model.classes, probs, strict=True):
        if label != NONE_CLASS and p > best_p:
            best, best_p = label, float(p)
    return best, best_p


def retyped(proposal: Proposal, event_type: str) -> Proposal:
    """The proposal read as ``event_type``: the rules' mode kept where the type agrees with theirs
    or with the lexicon entry's, none otherwise."""
    if event_type == proposal.type:
        return proposal
    trigger = proposal.cand.match.trigger
    mode = trigger.mode if event_type == trigger.type else None
    return replace(proposal, type=event_type, mode=mode)


def decide_sentence(
    coder: EventCoder,
    model: EventModel,
    analysis: Analysis,
    sent: SpacySpan,
    threshold: float | None = None,
) -> list[Event]:
    """The events the model keeps among one sentence's candidates."""
    limit = model.threshold if threshold is None else threshold
    proposals = coder.sentence_proposals(sent, generous=True)
    events: list[Event] = []
    for proposal in proposals:
        feats = proposal_features(proposal, len(proposals))
        event_type, probability = decided_type(model.type, feats)
        if probability < limit:
            continue
        kept = retyped(proposal, event_type)
        weighed = model.type.weighed_most(feats, event_type)
        kept.actors = choose(model.actor, kept, event_type, [])
        kept.recipients = choose(model.recipient, kept, event_type, kept.actors)
        kept.evidence = [
            *kept.evidence,
            f"model {model.version}: {event_type} with probability {probability:.2f} "
            f"(threshold {limit:.2f}); weighed most: "
            + ", ".join(f"{name} ({weight:+.2f})" for name, weight in weighed),
            "model: actor "
            + (", ".join(t.text for t in kept.actors) or "none")
            + "; recipient "
            + (", ".join(t.text for t in kept.recipients) or "none"),
        ]
        events.extend(coder.realize(analysis, kept, confidence=probability))
    return without_repeats(events)


def decide(
    coder: EventCoder, model: EventModel, analysis: Analysis, doc: Doc, threshold: float | None = None
) -> None:
    """Add the events the model keeps in every sentence of ``doc`` to ``analysis``."""
    for sent in doc.sents:
        add_events(analysis, decide_sentence(coder, model, analysis, sent, threshold))
    analysis.models["events"] = model.version
