"""Finding an event's actor and recipient in spaCy's dependency parse.

The actor is the trigger's subject (the agent of a passive, the subject of the clause a participle or
infinitive hangs from); the recipient is the party the action is directed at: the object, or for
some types the object of "with", "against", "on", "to" or "from". When the object is a thing ("the
decision", "the plan"), its owner ("Trump's plan") is preferred, since PLOVER codes parties.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..parsing import PASSIVE_SUBJECT_DEPS, expand_conjuncts, first_child, is_passive
from ..wordlists import word_list
from .partyness import is_party, quantified

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
OBJECT_DEPS = ("dative", "dobj", "attr", "oprd")
# Prepositions that introduce the recipient, per event type, in order of preference.
RECIPIENT_PREPS: dict[str, tuple[str, ...]] = {
    "AGREE": ("to", "with", "for", "in", "into", "at"),
    "CONSULT": ("with", "to", "in"),
    "SUPPORT": ("with", "for", "to"),
    "CONCEDE": ("to", "for", "with", "on", "in"),
    "COOPERATE": ("to", "with"),
    "AID": ("to", "for", "in"),
    "RETREAT": ("to", "from", "in", "into"),
    "REQUEST": ("on", "upon", "to", "from", "of"),
    "ACCUSE": ("against", "into", "of", "on", "over"),
    "REJECT": ("to", "from", "with", "by"),
    "THREATEN": ("against", "on", "to", "with"),
    "PROTEST": ("against", "outside", "at", "in"),
    "SANCTION": ("on", "against", "to", "from", "with", "in"),
    "MOBILIZE": ("against", "to", "toward", "towards", "near", "along", "in", "on"),
    "COERCE": ("on", "against", "in"),
    "ASSAULT": ("on", "against", "with", "at", "in"),
}
ACT_NOUNS = word_list("events", "act_nouns")
# Types whose recipient may be a physical target rather than a party.
PHYSICAL_TARGET_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types whose object is usually the thing handed over, not the party that receives it.
GOODS_TYPES = frozenset({"AID", "COOPERATE", "RETREAT", "MOBILIZE", "AGREE"})
NOT_PARTIES = word_list("events", "not_parties")
MEANS_NOUNS = word_list("events", "means_nouns")
# Nouns that stand for people or groups in a prepositional phrase ("a commander of the rebels").
DATE_LIKE = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})


@dataclass
class Arguments:
    """Head tokens of an event's actors and recipients, with a reason for each (for --explain)."""

    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _pobj(prep: Token) -> Token | None:
    obj = first_child(prep, ("pobj",))
    if obj is None:
        # "of providing": the object of a preposition may be a clause.
        obj = first_child(prep, ("pcomp",))
    return obj


def acting_subject(verb: Token, excluded_before: int) -> tuple[list[Token], str] | None:
    """Return the actor heads of a verb and how they were found, or None.

    ``excluded_before`` is the index of the first token after a dateline ("PARIS -"): earlier tokens
    are never arguments.
    """
    node = verb
    for _ in range(6):
        if is_passive(node):
            agent = first_child(node, ("agent",))
            if agent is not None and (obj := _pobj(agent)) is not None:
                return expand_conjuncts(obj), f"agent of passive '{node.text}'"
        subj = _subject_after(node, excluded_before)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                return expand_conjuncts(node.head), f"antecedent of relative clause '{node.text}'"
            return expand_conjuncts(subj), f"subject of '{node.text}'"
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN") and not is_passive(node):
            if is_party(node.head):
                return expand_conjuncts(node.head), f"noun modified by '{node.text}'"
            # "signed a decree granting ...": the party is whoever acted on the decree.
            node = node.head
            continue
        if (
            node.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "pobj", "dobj", "acomp")
            and node.head is not node
        ):
            if node.dep_ == "xcomp":
                # "urged X to leave": the object controls the infinitive.
                obj = first_child(node.head, ("dobj",))
                if obj is not None and node.head.lemma_ not in ("promise", "pledge", "vow"):
                    return expand_conjuncts(obj), f"object of '{node.head.text}' controls '{verb.text}'"
            node = node.head
            continue
        break
    return None


def from_phrase(trigger: Token, used: tuple[Token, ...]) -> list[Token]:
    """The party in a "from" phrase of the trigger or of its pattern object ("aid from Japan")."""
    for place in (trigger, *used):
        for child in place.children:
            if child.dep_ == "prep" and child.lower_ == "from" and (obj := _pobj(child)) is not None:
                return expand_conjuncts(obj)
    return []


NAMED_PARTY_TYPES = frozenset({"GPE", "ORG", "PERSON", "NORP"})


def named_party_after(trigger: Token, actors: list[Token]) -> tuple[list[Token], str] | None:
    """Last resort for a recipient: the first named party in the trigger's own phrase after it
    ("provided $28 million to pay for aid for those affected in Yemen" -> Yemen)."""
    taken = {t.i for a in actors for t in a.subtree}
    for tok in trigger.subtree:
        if tok.i <= trigger.i or tok.i in taken or tok.ent_type_ not in NAMED_PARTY_TYPES:
            continue
        if tok.ent_iob_ == "B" or tok.i == trigger.i + 1 or tok.doc[tok.i - 1].ent_type_ != tok.ent_type_:
            head = tok
            # The entity's own head word: the last token of its name.
            while head.i + 1 < len(tok.doc) and tok.doc[head.i + 1].ent_iob_ == "I":
                head = tok.doc[head.i + 1]
            return [head], f"first named party after '{trigger.text}'"
    return None


def _subject_after(verb: Token, excluded_before: int) -> Token | None:
    """The verb's subject outside the dateline. When the parser made the dateline the subject
    ("THE HAGUE, Netherlands -- A prosecutor has charged"), the phrase hanging from it after the
    dateline is the real one."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    for subj in subjects:
        if subj.i >= excluded_before:
            return subj
    for subj in subjects:
        for tok in subj.subtree:
            if tok.i >= excluded_before and tok.head.i < excluded_before and tok.pos_ in ("NOUN", "PROPN"):
                return tok
    return None


def noun_trigger_actor(noun: Token) -> tuple[list[Token], str] | None:
    """Return the actor of a noun trigger: its possessor, a national adjective, or "by X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return expand_conjuncts(child), f"possessor of '{noun.text}'"
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by" and (obj := _pobj(child)) is not None:
            return expand_conjuncts(obj), f"'by' phrase of '{noun.text}'"
    for child in noun.lefts:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return [child], f"modifier '{child.text}' of '{noun.text}'"
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        return acting_subject(head, 0)
    return None


def _usable(token: Token, used: tuple[Token, ...], excluded_before: int) -> bool:
    return (
        token.i >= excluded_before
        and token not in used
        # "dozens of farmers" is tagged as a number but counts a party.
        and (token.ent_type_ not in DATE_LIKE or quantified(token) is not token)
        and token.pos_ in ("PROPN", "NOUN", "PRON", "X", "NUM")
        and token.lower_ not in ("who", "which", "that", "what")
    )


def recipient_of(
    trigger: Token, event_type: str, used: tuple[Token, ...], excluded_before: int, things: bool = True
) -> tuple[list[Token], str] | None:
    """Return the recipient heads of a trigger and how they were found, or None.

    The places a recipient is written are tried in order; the first that names a party wins. A thing
    there ("suspended food supplies to Somalia", "welcomed the OGA's attempt") is looked into for
    the party it belongs to or is directed at; a thing with no party in it is passed over, and
    stands in only when no party is named anywhere and ``things`` allows it.
    """
    fallback: tuple[list[Token], str] | None = None
    for heads, reason in _recipient_candidates(trigger, event_type, used, excluded_before):
        head = quantified(heads[0])
        if head is not heads[0]:
            heads = [head, *heads[1:]]
        physical = head.pos_ == "NOUN" and head.lemma_.lower() not in ACT_NOUNS and head not in used
        if is_party(head) or (event_type in PHYSICAL_TARGET_TYPES and physical):
            return heads, reason
        inner = party_in_thing(head, RECIPIENT_PREPS.get(event_type, ()), used, excluded_before)
        if inner is not None:
            return expand_conjuncts(inner), f"party of '{head.text}' ({reason})"
        if (
            things
            and fallback is None
            and reason.startswith("object")
            and head.lemma_.lower() not in ACT_NOUNS
        ):
            fallback = heads, f"{reason}, a thing: no party named"
    return fallback


def party_in_thing(
    thing: Token, preps: tuple[str, ...], used: tuple[Token, ...], excluded_before: int, depth: int = 2
) -> Token | None:
    """The party a thing belongs to or is aimed at: "X's plan", "a U.S. decision", "aid to X"."""
    for child in thing.children:
        if child.dep_ == "poss" and is_party(child) and child.i >= excluded_before:
            return child
    for child in thing.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ("ORG", "GPE", "PERSON", "NORP"):
            return child
    wanted = (*preps, "of", "by", "from", "to", "against", "on", "with", "for")
    for prep in sorted(
        (c for c in thing.children if c.dep_ == "prep" and c.lower_ in wanted),
        key=lambda c: wanted.index(c.lower_),
    ):
        obj = _pobj(prep)
        if obj is None or obj in used or obj.i < excluded_before or obj.ent_type_ in DATE_LIKE:
            continue
        if is_party(obj):
            return obj
        if depth > 1 and (inner := party_in_thing(obj, preps, used, excluded_before, depth - 1)) is not None:
            return inner
    return None


def _recipient_candidates(
    trigger: Token, event_type: str, used: tuple[Token, ...], excluded_before: int
) -> Iterator[tuple[list[Token], str]]:
    places = [trigger, *used]
    preps = RECIPIENT_PREPS.get(event_type, ())
    # A passive's subject is what was acted on: "Gul Rahman was tortured".
    if trigger.pos_ == "VERB" and is_passive(trigger):
        subj = first_child(trigger, PASSIVE_SUBJECT_DEPS)
        if subj is not None and _usable(subj, used, excluded_before):
            yield expand_conjuncts(subj), f"passive subject of '{trigger.text}'"
    # Goods and forces sent somewhere: the party is where they go ("sent planes to Peru").
    if event_type in GOODS_TYPES:
        yield from _prep_objects(trigger, preps[:1], used, excluded_before)
    # "accused X of", "urged X to", "gave X aid": the direct object.
    for dep in OBJECT_DEPS:
        obj = first_child(trigger, (dep,))
        if obj is None or not _usable(obj, used, excluded_before):
            continue
        if obj.lemma_.lower() in NOT_PARTIES or obj.lemma_.lower() in MEANS_NOUNS:
            places.append(obj)
            continue
        yield expand_conjuncts(obj), f"object of '{trigger.text}'"
        places.append(obj)
    # The phrase may hang off the trigger, its pattern object, or a noun inside either
    # ("filed a lawsuit in a Paris court against X").
    for prep in [c for p in places for c in p.children if c.dep_ == "prep"]:
        places.extend(g for g in prep.children if g.dep_ == "pobj")
    for place in places:
        yield from _prep_objects(place, preps, used, excluded_before)
    # "demanded that X apologize", "said Qatar must mediate": the subject of the governed clause.
    if event_type in ("REQUEST", "REJECT", "THREATEN") or not any(c.dep_ == "dobj" for c in trigger.children):
        clause = first_child(trigger, ("ccomp",))
        if clause is not None:
            subj = first_child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
            if subj is not None and _usable(subj, used, excluded_before):
                yield (
                    expand_conjuncts(subj),
                    f"subject of the clause '{clause.text}' governed by '{trigger.text}'",
                )
    # As a last resort, a named party inside a pattern's object ("imposed sanctions" handled above).
    for tok in used:
        yield [tok], f"pattern object '{tok.text}'"


def _prep_objects(
    head: Token, preps: tuple[str, ...], used: tuple[Token, ...], excluded_before: int
) -> Iterator[tuple[list[Token], str]]:
    for wanted in preps:
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ == wanted:
                obj = _pobj(child)
                if obj is not None and _usable(obj, used, excluded_before):
                    yield expand_conjuncts(obj), f"'{wanted}' phrase of '{head.text}'"
