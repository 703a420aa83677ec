"""Whether a word names a party (a person, group, organisation or place that can act or be acted on).

PLOVER codes parties, not things: in "suspended food supplies to Somalia" the recipient is Somalia,
not the supplies. A head word is a party when the NER tags it as a person, organisation, place or
nationality, when it is a personal pronoun, when it is a noun for people or groups, or when the
entities stage's actor coder gives it a country or a sector ("police", "rebels", "refugees").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..entities.coding import code_phrase
from ..wordlists import word_list

PARTY_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that put a place as where an act happened, not what it was done to.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "inside", "around", "outside"})
PARTY_PRONOUNS = word_list("events", "party_pronouns")
PEOPLE_NOUNS = word_list("events", "people_nouns")


# Endings of nouns for people ("writer", "smuggler", "journalist", "detainee", "spokesman"), and the
# common nouns with those endings that name things.
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ee", "man", "men", "ers", "ors", "ists", "ians", "ees")
NOT_AGENTS = word_list("events", "not_agents")


def _agentive(word: str) -> bool:
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return singular not in NOT_AGENTS and word not in NOT_AGENTS and word.endswith(AGENT_ENDINGS)


@lru_cache(maxsize=4096)
def _coded_word(word: str) -> bool:
    country, sector = code_phrase(word)
    return country is not None or sector is not None


def is_party(token: Token) -> bool:
    """Whether the head word of a phrase names a party rather than a thing or an act."""
    if token.ent_type_ in PARTY_ENT_TYPES:
        return True
    if token.pos_ == "PRON":
        return token.lower_ in PARTY_PRONOUNS
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = token.lemma_.lower()
    if lemma in PEOPLE_NOUNS or token.lower_ in PEOPLE_NOUNS:
        return True
    if token.pos_ == "PROPN" or _agentive(token.lower_):
        return True
    return _coded_word(token.lower_)


QUANTITY_HEADS = word_list("events", "quantity_heads")


def quantified(token: Token) -> Token:
    """ "Thousands of students" -> students: the party, not its count."""
    if token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    return token


def only_says_where(token: Token) -> bool:
    """Whether a word is a place named only as where something happened: a toponym after "in",
    "at", "near" ... ("an attack in Zaporizhzhia", "talks in Doha, Qatar"), with the places listed
    after it ("in Santo Tomas, Isabela, Philippines"). The guidelines make such a place no party
    (docs/annotation.md, "Actor and recipient"); "Russia shells Kharkiv" names its place as the
    object and stays a candidate."""
    if token.ent_type_ not in PLACE_ENTITIES:
        return False
    node = token
    for _ in range(6):
        if node.dep_ in ("conj", "appos", "compound") and node.head.i != node.i:
            node = node.head
            continue
        return node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS
    return False
