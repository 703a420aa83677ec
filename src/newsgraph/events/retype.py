"""Corrections of a trigger's lexicon type from the words around it, and triggers that report no event.

"a scathing attack" is verbal (ACCUSE), teachers who strike protest, troops sent to help are AID,
capturing a town is an ASSAULT; "released a statement" frees no one and an emergency declared for a
flood is no repression. Each correction writes its reason into the event's evidence.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..parsing import span_text
from ..wordlists import word_list
from .lexicon import TriggerMatch
from .partyness import is_party

VERBAL_ATTACK_WORDS = word_list("events", "verbal_attack_words")


ASSISTANCE_MISSION_WORDS = word_list("events", "assistance_mission_words")


HELPING_PURPOSES = word_list("events", "helping_purposes")


CAPTURE_LEMMAS = word_list("events", "capture_lemmas")


PLACE_NOUNS = word_list("events", "place_nouns")


COMBATANT_NOUNS = word_list("events", "combatant_nouns")


def _is_place_or_combatant(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.ent_type_ in ("GPE", "LOC", "FAC") or lemma in PLACE_NOUNS or lemma in COMBATANT_NOUNS


MILITARY_STRIKE_WORDS = word_list("events", "military_strike_words")


def _military_strike(strike: Token) -> bool:
    """ "a Saudi-led strike on a school bus", "an air strike": a strike aimed at a target is an attack."""
    if any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in strike.children):
        return True
    modifiers = [w.lower_ for c in strike.lefts if c.dep_ in ("amod", "compound", "nmod") for w in c.subtree]
    return any(m in MILITARY_STRIKE_WORDS or m.endswith("-led") for m in modifiers)


LABOUR_NOUNS = word_list("events", "labour_nouns")


def _labour_strike(strike: Token) -> bool:
    """ "Teachers struck for a week": a strike by workers with no target is a labour strike."""
    if any(c.dep_ == "dobj" for c in strike.children):
        return False
    subject = next((c for c in strike.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lemma_.lower() in LABOUR_NOUNS


PUBLISHED_THINGS = word_list("events", "published_things")


def received_thing(trigger: Token, event_type: str) -> bool:
    """ "received a letter", "were received by the zoo": receiving a thing is no meeting, calling
    someone a name no phone call, a released statement no release, a question no request, and "demonstrated its commitment" no demonstration."""
    lemma = trigger.lemma_.lower()
    taken = next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if event_type == "CONSULT" and lemma == "receive":
        return taken is not None and not is_party(taken)
    if event_type == "RETREAT" and lemma == "release":
        # "released a statement": publishing a document frees no one.
        return taken is not None and taken.lemma_.lower() in PUBLISHED_THINGS
    if event_type == "REQUEST" and lemma == "ask":
        # "asked about his health": a question, not a request.
        return any(c.dep_ == "prep" and c.lower_ == "about" for c in trigger.children)
    if event_type == "CONSULT" and lemma == "call":
        # "called the ambassador a stupid guy": naming someone something is no phone call.
        return any(c.dep_ == "oprd" for c in trigger.children)
    if event_type == "PROTEST" and lemma == "demonstrate":
        return any(c.dep_ in ("dobj", "ccomp") for c in trigger.children)
    return False


def _courtesy_call(trigger: Token) -> bool:
    """ "A delegation called on the president": calling on someone with nothing asked of them
    ("to" + a verb, "for" + a thing) is a visit, not a request."""
    if trigger.lemma_.lower() != "call" or not any(
        c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in trigger.children
    ):
        return False
    asks = any(
        w.dep_ == "aux" and w.lower_ == "to" and w.head.pos_ in ("VERB", "AUX") for w in trigger.subtree
    )
    return not asks and not any(c.lower_ == "for" for c in trigger.children)


DISASTER_WORDS = word_list("events", "disaster_words")


# A result of a game or a vote: "beat Chelsea 1–0", "won 3-2" (a hyphen or a dash between numbers).
_SCORE = re.compile(r"\b\d{1,3}\s?[–—-]\s?\d{1,3}\b")
# Verbs of winning that are an attack only outside a contest ("police beat protesters").
_CONTEST_LEMMAS = frozenset({"beat", "defeat", "thrash", "rout", "crush", "edge", "down", "overcome"})


def contest_result(trigger: Token, event_type: str, sent: SpacySpan) -> bool:
    """ "Manchester City beat Chelsea 1–0 at Wembley": a score says the verb reports a game's
    result, no use of force (nor a film "beating" others at the box office, which has a score of
    its own kind: left to the model)."""
    return (
        event_type == "ASSAULT"
        and trigger.lemma_.lower() in _CONTEST_LEMMAS
        and _SCORE.search(span_text(sent)) is not None
    )


def disaster_emergency(match: TriggerMatch, event_type: str, sent: SpacySpan) -> bool:
    """ "declared a state of emergency after the floods": the manual keeps emergencies declared for
    natural disasters out of COERCE unless they are used to repress."""
    emergency = any(t.lemma_.lower() == "emergency" for t in match.used)
    return (
        event_type == "COERCE"
        and emergency
        and any(t.lemma_.lower() in DISASTER_WORDS or t.lower_ in DISASTER_WORDS for t in sent)
    )


def retype(
    match: TriggerMatch, event_type: str, mode: str | None, sent: SpacySpan, evidence: list[str]
) -> tuple[str, str | None]:
    """Correct a lexicon type from the words around the trigger (the reason goes to ``evidence``)."""
    tok = match.token
    if event_type == "ASSAULT":
        attack_nouns = [t for t in (tok, *match.used) if t.lemma_.lower() in ("attack", "assault")]
        for noun in attack_nouns:
            if any(c.lower_ in VERBAL_ATTACK_WORDS for c in noun.children if c.dep_ == "amod"):
                evidence.append(f"ACCUSE: '{noun.text}' is a verbal attack (its adjective)")
                return "ACCUSE", "disapprove"
    if (
        event_type == "ASSAULT"
        and tok.lemma_.lower() == "strike"
        and tok.pos_ == "VERB"
        and _labour_strike(tok)
    ):
        evidence.append(f"PROTEST: '{tok.text}' is a labour strike (workers, no target)")
        return "PROTEST", "strike"
    if event_type == "PROTEST" and tok.lemma_.lower() == "strike" and _military_strike(tok):
        evidence.append(f"ASSAULT: '{tok.text}' is a military strike, not a labour one")
        return "ASSAULT", None
    if event_type == "COERCE" and tok.lemma_.lower() in CAPTURE_LEMMAS:
        taken = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if taken is not None and _is_place_or_combatant(taken):
            kind = "territory" if taken.lemma_.lower() not in COMBATANT_NOUNS else "combatants"
            evidence.append(f"ASSAULT: '{tok.text}' takes {kind} by force (manual: not COERCE)")
            return "ASSAULT", ("abduct" if kind == "combatants" else None)
    if event_type == "REQUEST" and _courtesy_call(tok):
        evidence.append(f"CONSULT: '{tok.text} on' someone with nothing asked of them is a visit")
        return "CONSULT", "visit"
    arriving = (
        event_type == "CONSULT" and mode == "visit" and tok.lemma_.lower() in ("arrive", "travel", "fly")
    )
    helping = event_type == "MOBILIZE" and any(
        c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in HELPING_PURPOSES for c in tok.children
    )
    if (event_type == "MOBILIZE" or arriving) and (
        helping or any(t.lemma_.lower() in ASSISTANCE_MISSION_WORDS for t in sent)
    ):
        evidence.append("AID: the deployment is a peacekeeping or assistance mission")
        return "AID", None
    return event_type, mode
