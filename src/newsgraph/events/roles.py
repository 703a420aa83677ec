"""Who did it and to whom: the events model ranks a sentence's mentions for each role of a kept event.

Every noun, name, pronoun and nationality word of the event's sentence is a candidate. A candidate's
features are its path through the parse to the trigger, where it stands, what it is, and whether the
rules chose it; the actor and recipient models give each a probability, and the best one is the
party when it reaches its role's threshold ("none" otherwise). Parties joined by "and" come along.
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import expand_conjuncts
from .coder import Proposal
from .learned import LinearModel
from .partyness import PLACE_ENTITIES, only_says_where

ROLE_POS = frozenset({"NOUN", "PROPN", "PRON"})
# The candidates of a very long sentence are cut to those nearest the trigger.
MAX_CANDIDATES = 30
MAX_PATH = 4


def candidate_mentions(proposal: Proposal) -> list[Token]:
    """The words of the event's sentence that could be a party: nouns, names, pronouns and
    nationality adjectives ("Israeli airstrikes"), the trigger itself and places named only as
    where it happened excepted."""
    tok = proposal.token
    found = [
        t
        for t in proposal.sent
        if t.i != tok.i
        and t.i >= proposal.first_arg
        and (t.pos_ in ROLE_POS or t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"))
        and not only_says_where(t)
    ]
    found.sort(key=lambda t: (abs(t.i - tok.i), t.i))
    return sorted(found[:MAX_CANDIDATES], key=lambda t: t.i)


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    # spaCy makes a new Token object at each access: compare positions, never identity.
    while chain[-1].head.i != chain[-1].i and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


def dependency_path(trigger: Token, mention: Token, up: list[Token] | None = None) -> str:
    """The parse path from trigger to mention: "^" up to a head, "v" down to a dependent, with
    the labels ("v:nsubj", "^:dobj^:ROOTv:nsubj"); "far" beyond MAX_PATH steps."""
    up = up if up is not None else _ancestors(trigger)
    down = _ancestors(mention)
    down_ids = {t.i: k for k, t in enumerate(down)}
    for steps_up, node in enumerate(up):
        if node.i in down_ids:
            steps_down = down_ids[node.i]
            if steps_up + steps_down > MAX_PATH:
                return "far"
            path = "".join(f"^{t.dep_}" for t in up[:steps_up])
            path += "".join(f"v{t.dep_}" for t in reversed(down[:steps_down]))
            return path or "self"
    return "far"


def role_features(
    proposal: Proposal, mention: Token, event_type: str, trigger_chain: list[Token] | None = None
) -> list[str]:
    """The features of one candidate mention for a role of one event."""
    tok = proposal.token
    path = dependency_path(tok, mention, trigger_chain)
    kind = mention.ent_type_ or mention.pos_
    side = "before" if mention.i < tok.i else "after"
    distance = abs(mention.i - tok.i)
    head = mention.head
    prep = head.lower_ if head.dep_ in ("prep", "agent") else ""
    return [
        "bias",
        f"path={path}",
        f"path_type={path}|{event_type}",
        f"path_noun={path}|{tok.pos_}",
        f"kind={kind}",
        f"kind_path={kind}|{path}",
        f"dep={mention.dep_}",
        f"dep_side={mention.dep_}|{side}",
        f"side={side}",
        f"distance={min(distance, 6) if distance < 6 else (10 if distance < 12 else 20)}",
        f"lemma={mention.lemma_.lower()}",
        f"prep={prep}",
        f"prep_type={prep}|{event_type}",
        f"head_lemma={head.lemma_.lower()}",
        f"rule_actor={mention in proposal.actors}",
        f"rule_recipient={mention in proposal.recipients}",
        f"rule_actor_type={mention in proposal.actors}|{event_type}",
        f"rule_recipient_type={mention in proposal.recipients}|{event_type}",
        f"trigger_lemma_path={tok.lemma_.lower()}|{path}",
        f"passive={any(c.dep_ in ('nsubjpass', 'auxpass') for c in tok.children)}|{side}",
        f"pronoun={mention.pos_ == 'PRON'}",
        f"compound_of_trigger={head.i == tok.i and mention.dep_ in ('compound', 'amod', 'poss')}",
    ]


def choose_parties(
    actor_model: LinearModel, recipient_model: LinearModel, proposal: Proposal, event_type: str
) -> tuple[list[Token], list[Token]]:
    """The actor and the recipient of a kept event: for each role, the mention its model ranks
    first (with its conjuncts), or none below the role's threshold; the recipient is never one of
    the actors. Each mention's features are computed once and scored for both roles."""
    scored = []
    chain = _ancestors(proposal.token)
    for mention in candidate_mentions(proposal):
        feats = role_features(proposal, mention, event_type, chain)
        scored.append(
            (actor_model.probability_of(feats, "yes"), recipient_model.probability_of(feats, "yes"), mention)
        )
    actors = _best(scored, 0, actor_model.threshold, [])
    recipients = _best(scored, 1, recipient_model.threshold, actors)
    return actors, recipients


def _best(
    scored: list[tuple[float, float, Token]], role: int, threshold: float, excluded: list[Token]
) -> list[Token]:
    ranked = [(item[role], item[2]) for item in scored if item[2] not in excluded]
    if not ranked:
        return []
    probability, first = max(ranked, key=lambda pair: pair[0])
    if probability < threshold:
        return []
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ROLE_POS:
        first = first.head  # "Norway and [Iceland]": the parties are both conjuncts
    return [t for t in party_conjuncts(first) if t not in excluded]


def party_conjuncts(head: Token) -> list[Token]:
    """A chosen party and the parties coordinated with it ("Norway and Iceland"). Places listed with
    commas only ("Santo Tomas, Isabela, Philippines") are one place and its region and country, not
    several parties: the first stands alone."""
    joined = expand_conjuncts(head)
    if len(joined) > 1 and head.ent_type_ in PLACE_ENTITIES:
        first, last = min(t.i for t in joined), max(t.i for t in joined)
        if not any(t.dep_ == "cc" for t in head.doc[first : last + 1]):
            return [head]
    return joined
