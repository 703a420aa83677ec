"""The event coder: from a parsed article to PLOVER events with their evidence.

Per sentence: find the trigger tokens (lexicon), fold a trigger governed by another ("agreed to
withdraw" is one AGREE; "called for talks" one REQUEST, mode meet), keep the events inside an
accusation or denial as alleged, then find arguments and flags for each event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..dateline import opening_label_end
from ..model import Analysis, Entity, Event
from ..ontology import MODE_CONTEXT, event_scale, quad_category
from ..parsing import complement_head, span_text
from ..wordlists import word_list
from . import arguments, stance
from .contexts import ContextCues, default_cues
from .governed import (
    FUTURE_TO_THREATEN,
    GOVERNED_MODE,
    PROMISE_LEMMAS,
    demand_arguments,
    governed_mode,
    is_demand,
    takeovers,
)
from .lexicon import Lexicon, Trigger, TriggerMatch
from .parties import party_entities, party_entity
from .partyness import is_party, only_says_where
from .retype import contest_result, disaster_emergency, received_thing, retype

ALLEGING_LEMMAS = word_list("events", "alleging_lemmas")
FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
# The manual codes announced withdrawals and ceasefires as CONCEDE; other future retreats (a promised
# release) "are left as they are".
ANNOUNCED_RETREAT_MODES = frozenset({"withdraw", "ceasefire", "disarm", None})
# Saying no to cooperation is a rejection ("did not agree", "would not support").
# Saying no to a concession or a meeting is one too ("will not begin talks": REJECT meet); ("will not lift the embargo", "will not release them").
NEGATED_TO_REJECT = frozenset({"AGREE", "SUPPORT", "CONCEDE", "RETREAT", "CONSULT"})
# Material help is refused when announced as not going to happen ("will not accept refugees");
# in the past tense its negation only reports that it did not happen.
REFUSED_WHEN_FUTURE = frozenset({"AID", "COOPERATE"})
MAX_EVENTS_PER_SENTENCE = 12
# Candidates for the trained model per sentence (a list-like sentence can match dozens of triggers).
MAX_PROPOSALS_PER_SENTENCE = 24
# Parts of speech a candidate trigger may have ("protesters were [angry]" is no trigger, but
# "[naval] blockade" and "[mass] shooting" are labelled on adjectives).
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})
MAX_PARTIES = 12
# Acts that joint actors do to each other ("X and Y met", "X and Y clashed"), unlike "X and Y
# condemned the coup", where they act side by side.
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
MUTUAL_LEMMAS = word_list("events", "mutual_lemmas")
RECEIVING_LEMMAS = word_list("events", "receiving_lemmas")


@dataclass
class _Candidate:
    match: TriggerMatch
    type: str
    mode: str | None
    evidence: list[str] = field(default_factory=list)
    alleged_by: TriggerMatch | None = None
    governor: Token | None = None
    # The governed act that decided the type ("sent a team to [investigate] X"): it names the recipient.
    acted_through: TriggerMatch | None = None


@dataclass
class Proposal:
    """One candidate event as the rules read it, before any entity is made for its arguments."""

    cand: _Candidate
    sent: SpacySpan
    type: str
    mode: str | None
    actors: list[Token]
    recipients: list[Token]
    negated: bool
    hypothetical: bool
    alleged: bool
    future: bool
    evidence: list[str]
    # Whether the rules alone would code it (the trigger survived their clause and folding choices).
    from_rules: bool = False
    # The sentence's first token that may be a party (after a dateline such as "OSLO, March 18 -").
    first_arg: int = 0

    @property
    def token(self) -> Token:
        """The trigger word."""
        return self.cand.match.token


def rule_confidence(proposal: Proposal, has_actor: bool, has_recipient: bool) -> float:
    """The rules' own confidence in an event: how specific its lexicon entry is and whether its
    parties were found (used where no trained model decides)."""
    trigger = proposal.cand.match.trigger
    confidence = 0.55 + 0.1 * bool(trigger.specificity) + 0.15 * has_actor + 0.1 * has_recipient
    confidence -= 0.15 * trigger.noun + 0.1 * proposal.hypothetical
    return min(confidence, 0.95)


def first_party_token(sent: SpacySpan) -> int:
    """The index of the sentence's first token that may be a party: the first after a dateline or
    slug that opens it ("PARIS, May 3 (Reuters) -" names the place of filing, never an actor)."""
    label_end = opening_label_end(span_text(sent))
    if label_end is None:
        return int(sent.start)
    return next((t.i for t in sent if t.idx - sent.start_char >= label_end), int(sent.start))


def add_events(analysis: Analysis, events: list[Event]) -> None:
    """Append events to the Analysis, numbering them V1, V2, ... in order."""
    for event in events:
        event.id = f"V{len(analysis.events) + 1}"
        analysis.events.append(event)


class EventCoder:
    """Codes the PLOVER events of a parsed article into its Analysis."""

    def __init__(
        self,
        lexicon: Lexicon,
        cues: ContextCues | None = None,
        learned: dict[tuple[str, bool], Trigger] | None = None,
        quiet: frozenset[tuple[str, bool]] = frozenset(),
    ) -> None:
        self.lexicon = lexicon
        self.cues = cues or default_cues()
        # Trigger words the events model learned from labelled text, by (lemma, is a noun).
        self.learned = learned or {}
        # Words that the labelled text shows almost never report an event when the rules pass them
        # over ("be", "have", "say"): no extra candidate is proposed for them.
        self.quiet = quiet

    def code(self, analysis: Analysis, doc: Doc) -> None:
        """Add the events of every sentence of ``doc`` to ``analysis`` (the rules alone decide)."""
        for sent in doc.sents:
            events: list[Event] = []
            for proposal in self.sentence_proposals(sent):
                if proposal.from_rules:
                    events.extend(self.realize(analysis, proposal))
            add_events(analysis, without_repeats(events))

    def code_sentence(self, analysis: Analysis, sent: SpacySpan) -> list[Event]:
        """Return the events the rules alone code in one sentence."""
        events: list[Event] = []
        for proposal in self.sentence_proposals(sent):
            if proposal.from_rules:
                events.extend(self.realize(analysis, proposal))
        return without_repeats(events)

    def sentence_proposals(self, sent: SpacySpan, generous: bool = False) -> list[Proposal]:
        """Every candidate event of a sentence, in order: first those the rules would code
        (``from_rules``), then, when ``generous``, every other trigger the lexicon matches in the
        sentence (subordinate clauses, nouns beside verbs, triggers the rules fold into another),
        for a trained model to decide on."""
        memo: dict[int, TriggerMatch | None] = {}
        # Per sentence, kept local: the triggers and which of them take the type of an act they govern.
        matches, taken_over = self._matches(sent, memo)
        first_arg = first_party_token(sent)
        proposals = []
        seen: set[int] = set()
        if matches:
            for cand in self._fold(matches, taken_over)[:MAX_EVENTS_PER_SENTENCE]:
                proposal = self.propose(sent, cand, first_arg)
                seen.add(cand.match.token.i)
                if proposal is not None:
                    proposal.from_rules = True
                    proposal.first_arg = first_arg
                    proposals.append(proposal)
        if not generous:
            return proposals
        for match in self._all_matches(sent, memo):
            if match.token.i in seen or len(proposals) >= MAX_PROPOSALS_PER_SENTENCE:
                continue
            seen.add(match.token.i)
            cand = _Candidate(match, match.trigger.type, match.trigger.mode)
            cand.evidence.append(
                f"type {match.trigger.type}: lexicon entry '{match.trigger.pattern}' at '{match.token.text}'"
            )
            cand.governor = complement_head(match.token)
            proposal = self.propose(sent, cand, first_arg)
            if proposal is not None:
                proposal.first_arg = first_arg
                if match.token.dep_ == "pcomp" and match.token.head.lower_ == "without":
                    # "ended the talks without agreeing": an act that did not happen.
                    proposal.negated = True
                    proposal.evidence.append(f"negated: '{match.token.text}' follows 'without'")
                proposals.append(proposal)
        return proposals

    def _match(self, tok: Token, memo: dict[int, TriggerMatch | None]) -> TriggerMatch | None:
        """The lexicon's match at a token, looked up once per sentence (both passes ask)."""
        if tok.i not in memo:
            memo[tok.i] = self.lexicon.match(tok)
        return memo[tok.i]

    def _all_matches(self, sent: SpacySpan, memo: dict[int, TriggerMatch | None]) -> list[TriggerMatch]:
        """Every token of the sentence that may report an event: the lexicon's entries, with their
        conditions or without, and the trigger words learned from labelled text."""
        found = []
        for tok in sent:
            if (
                tok.pos_ not in CANDIDATE_POS
                or (tok.lemma_.lower(), tok.pos_ in ("NOUN", "PROPN")) in self.quiet
            ):
                continue
            match = self._match(tok, memo) or self.lexicon.loose_match(tok)
            if match is None:
                learned = self.learned.get((tok.lemma_.lower(), tok.pos_ in ("NOUN", "PROPN")))
                match = TriggerMatch(learned, tok, ()) if learned is not None else None
            if match is not None:
                found.append(match)
        return found

    def _matches(
        self, sent: SpacySpan, memo: dict[int, TriggerMatch | None]
    ) -> tuple[list[TriggerMatch], dict[int, TriggerMatch]]:
        """The triggers the rules code in a sentence, and the verb triggers among them that take the
        type of an act they govern (``governed.takeovers``)."""
        taken_over: dict[int, TriggerMatch] = {}
        verbs: list[TriggerMatch] = []
        used: set[int] = set()
        unreported: set[int] = set()
        for tok in sent:
            dep = tok.dep_
            if dep == "pcomp" and tok.head.lower_ == "without":
                # "said without providing details", "left without signing": an act that did not happen.
                unreported.add(tok.i)
                continue
            # A participle used as an adjective ("the besieged district", "the captured leader")
            # describes a state of its noun, not an act the sentence reports; unless that noun is
            # the root, where the parser took the sentence's main verb for an adjective.
            # (The part of speech is asked first: it rules out most words without a look at the head.)
            if tok.pos_ in ("VERB", "AUX") and not (dep == "amod" and tok.head.dep_ != "ROOT"):
                found = self._match(tok, memo)
                if found is not None:
                    verbs.append(found)
                    used.update(t.i for t in found.used)
        if verbs:
            taken_over = takeovers(verbs)
            main = [m for m in verbs if in_main_clause(m.token)]
            # Events in subordinate clauses ("..., saying", "a resolution proposed by") are background
            # to the sentence's own report; keep them only when the sentence reports nothing else.
            if main:
                return main, taken_over
        # Noun triggers ("protests erupted", "an Israeli airstrike killed ...") only when no verb of the
        # main clause reports an event: a noun under a verb trigger is usually its object ("condemned
        # the attack"); one under the main clause ("announced the release of two men who had been
        # arrested") says more than a verb inside a relative clause.
        nouns = []
        verb_heads = {m.token.i for m in verbs} | unreported
        for tok in sent:
            if tok.pos_ != "NOUN" or tok.i in used or tok.dep_ == "compound":
                continue
            head = tok.head
            governed = head.i in verb_heads or (head.dep_ == "prep" and head.head.i in verb_heads)
            if not governed:
                found = self._match(tok, memo)
                if found is not None:
                    nouns.append(found)
        return nouns[:1] or verbs[:1], taken_over

    def _fold(self, matches: list[TriggerMatch], taken_over: dict[int, TriggerMatch]) -> list[_Candidate]:
        by_token = {m.token.i: m for m in matches}
        out = []
        for match in matches:
            cand = _Candidate(match, match.trigger.type, match.trigger.mode)
            cand.evidence.append(
                f"type {match.trigger.type}: lexicon entry '{match.trigger.pattern}' at '{match.token.text}'"
            )
            inner_act = taken_over.get(match.token.i)
            if inner_act is not None and match.token.lemma_.lower() in PROMISE_LEMMAS:
                # "vowed to retaliate": a promised attack is a threat.
                cand.type = "THREATEN"
                cand.mode = governed_mode("THREATEN", inner_act.trigger.type, inner_act.trigger.mode)
                cand.evidence.append(f"type THREATEN: '{match.token.text}' promises '{inner_act.token.text}'")
            elif inner_act is not None:
                cand.type, cand.mode = inner_act.trigger.type, inner_act.trigger.mode
                if inner_act.token.dep_ not in ("acl", "relcl"):
                    # "ordered the mayor jailed": the ordering verb's object is the party.
                    cand.acted_through = inner_act
                cand.evidence.append(
                    f"type {cand.type}: '{match.token.text}' is done through '{inner_act.token.text}'"
                )
            governor = complement_head(match.token)
            cand.governor = governor
            outer = by_token.get(governor.i) if governor is not None else None
            if outer is None and governor is not None and governor.dep_ == "acomp":
                # "is willing to withdraw": the trigger is the copula ("be +willing").
                outer = by_token.get(governor.head.i)
            if outer is not None and outer.trigger.type != match.trigger.type:
                if outer.token.lemma_.lower() in ALLEGING_LEMMAS:
                    cand.alleged_by = outer
                    cand.evidence.append(f"alleged: inside the claim of '{outer.token.text}'")
                else:
                    continue  # folded into the governing event (it sets that event's mode)
            elif outer is not None:
                continue  # same type twice ("agreed to accept"): one event
            out.append(cand)
        for cand in out:
            if cand.mode is None and cand.type in GOVERNED_MODE:
                inner = [m for m in matches if _index(complement_head(m.token)) == cand.match.token.i]
                for m in inner:
                    mode = governed_mode(cand.type, m.trigger.type, m.trigger.mode)
                    if mode is not None:
                        cand.mode = mode
                        cand.evidence.append(f"mode {mode}: governs '{m.token.text}' ({m.trigger.type})")
                        break
        return out

    def propose(self, sent: SpacySpan, cand: _Candidate, first_arg: int) -> Proposal | None:
        """What the rules make of one candidate trigger: type, mode, flags and argument words.

        Nothing is written to the Analysis: entities are made only for the proposals kept
        (``realize``), so a proposal the model rejects leaves no trace.
        """
        tok = cand.match.token
        event_type, mode = cand.type, cand.mode
        evidence = list(cand.evidence)
        # A noun trigger takes its stance from the verb it depends on ("could lead to sanctions").
        stance_tok = tok
        if cand.match.trigger.noun and tok.head.pos_ in ("VERB", "AUX"):
            stance_tok = tok.head
        elif cand.match.trigger.noun and tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX"):
            stance_tok = tok.head.head
        negated = stance.is_negated(tok) or (stance_tok is not tok and stance.is_negated(stance_tok))
        hypothetical = stance.is_hypothetical(stance_tok, cand.governor)
        future = stance.is_future(stance_tok, cand.governor)
        event_type, mode = retype(cand.match, event_type, mode, sent, evidence)
        if (
            received_thing(tok, event_type)
            or disaster_emergency(cand.match, event_type, sent)
            or contest_result(tok, event_type, sent)
        ):
            return None
        speech = cand.governor or (complement_head(stance_tok) if stance_tok is not tok else None)
        demand = is_demand(stance_tok, speech)
        if demand:
            evidence.append(f"REQUEST: '{speech}' says what {event_type} must happen (a demand)")
            event_type, mode = "REQUEST", GOVERNED_MODE["REQUEST"].get(event_type)
            negated = hypothetical = future = False
        if negated and (event_type in NEGATED_TO_REJECT or (future and event_type in REFUSED_WHEN_FUTURE)):
            evidence.append(f"REJECT: negated {event_type} ('not {tok.text}') is a refusal")
            refused = "meet" if event_type == "CONSULT" else GOVERNED_MODE["REJECT"].get(event_type)
            event_type, mode, negated = "REJECT", refused, False
        if future and not negated:
            if event_type in FUTURE_TO_AGREE:
                evidence.append(f"AGREE: future {event_type} is coded as AGREE (PLOVER manual)")
                event_type, mode, hypothetical = "AGREE", None, False
            elif event_type == "RETREAT" and mode in ANNOUNCED_RETREAT_MODES:
                evidence.append(
                    "CONCEDE: an announced withdrawal or ceasefire is coded as CONCEDE (PLOVER manual)"
                )
                event_type, mode, hypothetical = "CONCEDE", None, False
            elif event_type in FUTURE_TO_THREATEN:
                threat_mode = governed_mode("THREATEN", event_type, mode)
                evidence.append(f"THREATEN: an announced, future {event_type} is a threat (verbal conflict)")
                event_type, mode, hypothetical = "THREATEN", threat_mode, False
        elif hypothetical and not negated and event_type in FUTURE_TO_THREATEN and _threatened(stance_tok):
            # "will strike if the talks fail": the manual's THREATEN is ASSAULT + hypothetical.
            evidence.append(f"THREATEN: a conditional {event_type} is a threat (PLOVER manual)")
            event_type, mode = "THREATEN", governed_mode("THREATEN", event_type, mode)
            hypothetical = False
        if demand and speech is not None:
            actors, recipients, reasons = demand_arguments(speech, stance_tok, first_arg)
        else:
            actors, recipients, reasons = self._arguments(cand, event_type, first_arg)
        evidence.extend(reasons)
        if _talks_concluded(tok, event_type, actors, recipients):
            return None
        # Hosting: the visitor is the actor and the host the recipient.
        if tok.lemma_.lower() in ("host", "receive") and event_type == "CONSULT" and recipients:
            actors, recipients = recipients, actors
            mode = "visit"
            evidence.append(f"visit: '{tok.text}' makes the subject the host (recipient)")
        elif tok.lemma_.lower() in RECEIVING_LEMMAS and event_type != "CONSULT":
            # "received aid from Japan": the giver acts, the receiver is the recipient.
            giver = arguments.from_phrase(tok, cand.match.used)
            actors, recipients = giver, actors
            evidence.append(f"'{tok.text}': the subject receives (recipient), the 'from' party gives (actor)")
        return Proposal(
            cand, sent, event_type, mode, actors, recipients, negated, hypothetical,
            cand.alleged_by is not None, future, evidence,
        )  # fmt: skip

    def _contexts(self, proposal: Proposal) -> list[str]:
        """The PLOVER contexts of an event: its lexicon entry's, the sentence's cues, its mode's
        (found only for the events kept: the cues cost a pass over the sentence)."""
        contexts = list(proposal.cand.match.trigger.contexts)
        for context in self.cues.find(proposal.sent):
            if context not in contexts:
                contexts.append(context)
        if proposal.mode in MODE_CONTEXT and MODE_CONTEXT[proposal.mode] not in contexts:
            contexts.append(MODE_CONTEXT[proposal.mode])
        return contexts

    def realize(self, analysis: Analysis, proposal: Proposal, confidence: float | None = None) -> list[Event]:
        """The events of a kept proposal: its argument words made entities of the Analysis."""
        cand, sent, tok = proposal.cand, proposal.sent, proposal.cand.match.token
        event_type, mode, evidence = proposal.type, proposal.mode, list(proposal.evidence)
        negated, hypothetical = proposal.negated, proposal.hypothetical
        actors, recipients = proposal.actors, proposal.recipients
        if event_type == "ASSAULT" and cand.match.token.lemma_.lower() in MUTUAL_LEMMAS:
            actors, recipients = fighting_sides(tok, actors, recipients, evidence)
        elif _mutual(cand, event_type) and len(actors) >= 2:
            actors, recipients = joint_parties(event_type, actors, recipients, evidence)
        actor_entities = party_entities(analysis, actors)
        recipient_entities = [
            e
            for e in party_entities(analysis, recipients)
            if e not in actor_entities and not _own_capital(analysis, e, actor_entities)
        ]
        said_by = self._said_by(analysis, cand, actor_entities, evidence)
        if negated:
            evidence.append(f"negated: '{tok.text}' has a negation")
        if hypothetical:
            evidence.append("hypothetical: modal, condition or speculative governor")
        if confidence is None:
            confidence = rule_confidence(proposal, bool(actor_entities), bool(recipient_entities))
        event = Event(
            id="",
            type=event_type,
            mode=mode,
            context=self._contexts(proposal),
            quad=quad_category(event_type),
            event_scale=event_scale(event_type, mode),
            actor=actor_entities,
            recipient=recipient_entities,
            trigger_span=(tok.idx, tok.idx + len(tok)),
            sentence_span=(sent.start_char, sent.end_char),
            said_by=said_by,
            negated=negated,
            hypothetical=hypothetical,
            alleged=proposal.alleged,
            confidence=round(confidence, 2),
            evidence=evidence,
        )
        return [event]

    def _arguments(
        self, cand: _Candidate, event_type: str, first_arg: int
    ) -> tuple[list[Token], list[Token], list[str]]:
        tok = cand.match.token
        reasons: list[str] = []
        actors: list[Token] = []
        recipients: list[Token] = []
        found = None
        if cand.alleged_by is not None and not any(c.dep_ in arguments.SUBJECT_DEPS for c in tok.children):
            # "accused North Korea of providing arms": the accused is the actor of the alleged act.
            outer = arguments.recipient_of(cand.alleged_by.token, "ACCUSE", cand.alleged_by.used, first_arg)
            if outer is not None:
                found = (outer[0], f"accused party: {outer[1]}")
        if found is None:
            if cand.match.trigger.noun:
                found = arguments.noun_trigger_actor(tok)
            else:
                found = arguments.acting_subject(tok, first_arg)
        if found is not None:
            actors = found[0][:MAX_PARTIES]
            reasons.append(f"actor: {found[1]}")
        got = None
        if cand.acted_through is not None:
            # The governed act's own party, if it names one ("to investigate the ministry"); a thing or
            # a pronoun there ("to congratulate him") defers to the governing verb's object.
            governed = cand.acted_through
            got = arguments.recipient_of(governed.token, event_type, governed.used, first_arg, things=False)
            if got is not None and got[0][0].pos_ == "PRON":
                got = None
        if got is None:
            got = arguments.recipient_of(tok, event_type, cand.match.used, first_arg, things=False)
        if got is None:
            # "promised to pay the nurses", "pledged to help Fiji": the party of the promised act.
            clause = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
            if clause is None:
                # "is ready to send troops to X": the clause hangs off the adjective.
                clause = next(
                    (g for c in tok.children if c.dep_ == "acomp" for g in c.children if g.dep_ == "xcomp"),
                    None,
                )
            if clause is not None:
                inner = self.lexicon.match(clause)
                inner_type = inner.trigger.type if inner is not None else event_type
                inner_used = inner.used if inner is not None else ()
                got = arguments.recipient_of(clause, inner_type, inner_used, first_arg, things=False)
        if got is None:
            got = arguments.named_party_after(tok, actors)
        if got is None:
            # No party named anywhere: the thing acted on stands in ("rejected the election results").
            got = arguments.recipient_of(tok, event_type, cand.match.used, first_arg)
        if got is not None:
            recipients = [t for t in got[0][:MAX_PARTIES] if t not in actors]
            reasons.append(f"recipient: {got[1]}")
        return actors, recipients, reasons

    def _said_by(
        self, analysis: Analysis, cand: _Candidate, actor_ids: list[str], evidence: list[str]
    ) -> str | None:
        """The entity the event is reported by: the subject of a speech verb that governs it, the
        source of "according to", or the speaker of a quote it stands in; None when that is its actor."""
        tok = cand.match.token
        source: Entity | None = None
        governor = cand.governor
        if governor is not None and governor.lemma_.lower() in stance.SPEECH_LEMMAS:
            found = arguments.acting_subject(governor, 0)
            if found is not None:
                source = party_entity(analysis, found[0][0])
                if source is not None:
                    evidence.append(f"said_by: subject of '{governor.text}'")
        if source is None and (according := stance.according_to(tok)) is not None:
            source = party_entity(analysis, according)
            if source is not None:
                evidence.append("said_by: 'according to' phrase")
        if source is None:
            for quote in analysis.quotes:
                if quote.speaker and quote.span[0] <= tok.idx < quote.span[1]:
                    source = analysis.entity(quote.speaker)
                    if source is not None:
                        evidence.append(f"said_by: speaker of quote {quote.id}")
                    break
        if source is None or source.id in actor_ids:
            return None
        return source.id


def _mutual(cand: _Candidate, event_type: str) -> bool:
    return event_type in MUTUAL_TYPES or cand.match.token.lemma_.lower() in MUTUAL_LEMMAS


def fighting_sides(
    trigger: Token, actors: list[Token], recipients: list[Token], evidence: list[str]
) -> tuple[list[Token], list[Token]]:
    """The sides of two-sided fighting ("clashes between X and Y", "X and Y exchange fire", "X killed
    in clashes with Y"): one row per side with no recipient, as the guidelines write it
    (docs/annotation.md, R1), so a party fought "with" is a side, not the one acted on. A party the
    verb takes as its object ("X battles Y") is one-sided force and stays X -> Y; so does an act
    with a single side named."""
    if any(r.dep_ == "dobj" and r.head.i == trigger.i for r in recipients):
        return actors, recipients
    sides = actors + [r for r in recipients if r not in actors and is_party(r) and not only_says_where(r)]
    if len(sides) < 2:
        return actors, recipients
    evidence.append("two-sided fighting: one event per side, no recipient")
    return sides, []


def joint_parties(
    event_type: str, actors: list[Token], recipients: list[Token], evidence: list[str]
) -> tuple[list[Token], list[Token]]:
    """The parties of an act done jointly ("X and Y met", "X and Y signed"), as the guidelines write
    it (docs/annotation.md, R23; two-sided fighting is ``fighting_sides``): a meeting is one row from
    the first to the others; any other joint act is one row per actor, and what they agree about or
    sign ("a border agreement") is no party to it. A named party they act towards together ("X and
    Y met Z") stays the recipient.
    """
    parties = [t for t in recipients if is_party(t) and not only_says_where(t)]
    if parties:
        return actors, parties
    if event_type == "CONSULT":
        evidence.append("joint actors: a meeting is coded from the first to the others")
        return actors[:1], actors[1:]
    evidence.append("joint actors: one event per actor, no recipient")
    return actors, []


def _threatened(trigger: Token) -> bool:
    """ "would strike if the talks fail": an act put on a condition, not the condition itself."""
    conditions = [
        c
        for c in trigger.children
        if c.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in c.children)
    ]
    return bool(conditions) and bool(stance.modals(trigger) & {"would", "will", "'d", "'ll"})


# Verbs by which talks come to an end: broken off by one side, or concluded by the sides together.
_CONCLUDING_LEMMAS = frozenset({"end", "conclude", "finish", "close", "wrap"})


def _own_capital(analysis: Analysis, recipient: str, actors: list[str]) -> bool:
    """Whether a recipient is the actor's own capital standing for its government ("Iceland ...
    warned that Reykjavik could close its ports"): the state itself, no other party."""
    found = analysis.entity(recipient)
    if found is None or found.sector != "GOV" or found.type not in ("GPE", "LOC") or found.country is None:
        return False
    for actor_id in actors:
        actor = analysis.entity(actor_id)
        # The state itself, or one who governs it ("Iceland's foreign minister" [ISL/GOV]).
        if (
            actor is not None
            and actor.type in ("GPE", "PERSON")
            and actor.country == found.country
            and actor.sector in (None, "GOV")
        ):
            return True
    return False


def _talks_concluded(trigger: Token, event_type: str, actors: list[Token], recipients: list[Token]) -> bool:
    """ "Norway and Iceland ended two days of talks in Oslo": the sides together ending their talks
    concluded them; no one broke off relations with anyone (a SANCTION needs a side it is against:
    "the US ended talks with Iran")."""
    if event_type != "SANCTION" or trigger.lemma_.lower() not in _CONCLUDING_LEMMAS or len(actors) < 2:
        return False
    return all(r.head.lower_ in ("in", "at", "near", "on") for r in recipients)


def without_repeats(events: list[Event]) -> list[Event]:
    """Drop an event that only repeats another of the sentence ("attacked a base and killed 26
    soldiers": one ASSAULT), i.e. same type and actors, and no recipient of its own."""
    kept = []
    for position, event in enumerate(events):
        repeat = False
        for index, other in enumerate(events):
            if index == position or other.type != event.type or not set(event.actor) <= set(other.actor):
                continue
            fuller = not event.recipient and bool(other.recipient)
            same_earlier = index < position and set(event.recipient) <= set(other.recipient)
            repeat = repeat or fuller or same_earlier
        if not repeat:
            kept.append(event)
    return kept


def _index(token: Token | None) -> int:
    return -1 if token is None else token.i


def in_main_clause(token: Token) -> bool:
    """Whether a verb is the sentence's root or joined to it by coordination or complementation."""
    node = token
    for _ in range(8):
        if node.dep_ == "ROOT" or node.head is node:
            return True
        if node.dep_ not in ("conj", "xcomp", "ccomp", "pcomp", "prep", "pobj", "acomp"):
            return False
        node = node.head
    return False
