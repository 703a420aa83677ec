"""Rules propose, the trained model decides: which candidate events are kept, and as what type.

Per sentence the coder proposes every trigger the lexicon matches, with the rules' reading of it
(type, mode, flags, argument words). The model gives each candidate a probability per PLOVER type
and for "no event"; a candidate is kept when its probability of being an event (one minus that of
"no event") reaches the model's threshold (chosen on the corpus dev split when it was trained,
docs/events-model.md), or for a candidate the rules alone would code, the model's rules threshold
when that is lower. That probability is the event's ``confidence``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..model import Analysis, Event
from .coder import EventCoder, Proposal, add_events, without_repeats
from .features import proposal_features, sentence_features
from .learned import NONE_CLASS, EventModel, LinearModel
from .roles import choose_parties

# What --explain adds to the threshold of a candidate the rules would code.
_RULES_NOTE = ", a candidate the rules code"


def decided_type(
    model: LinearModel, feats: list[str], rule_type: str, rule_share: float = 1.0
) -> tuple[str, float]:
    """The type of a candidate and the probability that it is an event at all (1 - P(no event)).

    The type is the most probable one, unless the rules' type is at least ``rule_share`` times as
    probable: then the rules' reading stands (a model trained on a few thousand events defers to
    the manual's conventions that the rules encode where it is unsure).
    """
    probs = model.probabilities(feats)
    by_label = dict(zip(model.classes, probs.tolist(), strict=True))
    event_probability = 1.0 - by_label.get(NONE_CLASS, 0.0)
    best = max((label for label in model.classes if label != NONE_CLASS), key=lambda label: by_label[label])
    if rule_type in by_label and by_label[rule_type] >= rule_share * by_label[best]:
        best = rule_type
    return best, event_probability


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
    proposals = coder.sentence_proposals(sent, generous=True)
    events: list[Event] = []
    in_sentence = sentence_features(sent) if proposals else []
    for proposal in proposals:
        feats = proposal_features(proposal, len(proposals), in_sentence)
        event_type, probability = decided_type(model.type, feats, proposal.type, model.rule_share)
        limit = model.threshold_for(proposal.from_rules, threshold)
        if probability < limit:
            continue
        kept = retyped(proposal, event_type)
        weighed = model.type.weighed_most(feats, event_type)
        kept.actors, kept.recipients = choose_parties(model.actor, model.recipient, kept, event_type)
        kept.evidence = [
            *kept.evidence,
            f"model {model.version}: an event with probability {probability:.2f} "
            f"(threshold {limit:.2f}{_RULES_NOTE if proposal.from_rules and model.rules_threshold is not None else ''}), "
            f"{event_type}; weighed most: "
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
