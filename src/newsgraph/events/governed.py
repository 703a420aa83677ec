"""How a trigger and the act it governs combine: orders, sendings, promises and calls that take the
type of the act they are made for ("ordered the mayor jailed" is COERCE), the mode a request or threat
takes from what it is about, and demands ("X says Y must withdraw": X asks Y).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..ontology import MODES
from ..wordlists import word_list
from . import arguments, stance
from .lexicon import TriggerMatch

# What a request, refusal or threat is about, from the type of the event it governs.
GOVERNED_MODE: dict[str, dict[str, str]] = {
    "REQUEST": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
                "COOPERATE": "assist", "SUPPORT": "assist", "AGREE": "change"},
    "REJECT": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
               "COOPERATE": "assist", "SUPPORT": "assist", "AGREE": "change"},
    "THREATEN": {"ASSAULT": "violence", "COERCE": "arrest", "SANCTION": "relations",
                 "MOBILIZE": "violence"},
}  # fmt: skip


def governed_mode(event_type: str, act_type: str, act_mode: str | None) -> str | None:
    """The mode a request, refusal or threat takes from the act it is about: the act's own mode
    where the manual gives the governing type that mode too ("warned that Reykjavik could close its
    ports", COERCE(restrict): THREATEN(restrict)), else the one its type maps to (GOVERNED_MODE)."""
    if act_mode is not None and act_mode in MODES.get(event_type, ()):
        return act_mode
    return GOVERNED_MODE.get(event_type, {}).get(act_type)


# The conflict counterpart: announcing a coming attack, sanction or boycott is a threat (the manual:
# THREATEN is what ASSAULT + future would be).
FUTURE_TO_THREATEN = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})


ORDERING_LEMMAS = word_list("events", "ordering_lemmas")


# An authority's order to arrest, jail or close is itself the coercion ("ordered X jailed").
ORDERED_TYPES = frozenset({"COERCE", "SANCTION", "ASSAULT", "MOBILIZE"})


SENDING_LEMMAS = word_list("events", "sending_lemmas")


# People sent to investigate, attack or arrest do that ("sent a team to investigate the attacks").
SENT_FOR_TYPES = frozenset({"ACCUSE", "ASSAULT", "COERCE"})


PROMISE_LEMMAS = word_list("events", "promise_lemmas")


# A phone call made to say something is coded for what was said ("called X to congratulate him").
CALL_PURPOSE_TYPES = frozenset({"SUPPORT", "CONCEDE", "ACCUSE", "AGREE", "REQUEST", "THREATEN"})


def takeovers(verbs: list[TriggerMatch]) -> dict[int, TriggerMatch]:
    """Map a trigger to the governed act whose type it takes: orders that coerce, calls with a purpose."""
    by_token = {m.token.i: m for m in verbs}
    out: dict[int, TriggerMatch] = {}
    for inner in verbs:
        tok = inner.token
        head = tok.head
        if tok.dep_ in ("acl", "relcl") and head.dep_ == "dobj":
            head = head.head  # "ordered nine ministers jailed"
        elif tok.dep_ not in ("xcomp", "ccomp", "advcl"):
            continue
        outer = by_token.get(head.i)
        if outer is None or outer is inner:
            continue
        ordering = outer.token.lemma_.lower() in ORDERING_LEMMAS and outer.trigger.type == "REQUEST"
        ordered = ordering and inner.trigger.type in ORDERED_TYPES
        sent = outer.token.lemma_.lower() in SENDING_LEMMAS and inner.trigger.type in SENT_FOR_TYPES
        sent = sent or (
            outer.token.lemma_.lower() in PROMISE_LEMMAS and inner.trigger.type in FUTURE_TO_THREATEN
        )
        if ordered or sent or (outer.trigger.mode == "phone" and inner.trigger.type in CALL_PURPOSE_TYPES):
            out[outer.token.i] = inner
    return out


OBLIGATION_MODALS = word_list("events", "obligation_modals")


def is_demand(trigger: Token, governor: Token | None) -> bool:
    """Whether the event is what a speaker says must happen ("X says Y must withdraw")."""
    if governor is None or governor.lemma_.lower() not in stance.SPEECH_LEMMAS | {"insist", "reiterate"}:
        return False
    modals = stance.modals(trigger)
    if trigger.dep_ == "conj":
        modals |= stance.modals(trigger.head)  # "must ensure security and provide aid"
    return bool(modals & OBLIGATION_MODALS)


def demand_arguments(
    speech: Token, trigger: Token, first_arg: int
) -> tuple[list[Token], list[Token], list[str]]:
    """The speaker demands (actor); whoever must act, or what must happen, is asked (recipient)."""
    speaker = arguments.acting_subject(speech, first_arg)
    asked = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    reasons = []
    if speaker is not None:
        reasons.append(f"actor: {speaker[1]} (the one who demands)")
    if asked is not None:
        reasons.append(f"recipient: subject of '{trigger.text}' (the one asked to act)")
    return (
        speaker[0] if speaker is not None else [],
        arguments.expand_conjuncts(asked) if asked is not None else [],
        reasons,
    )
