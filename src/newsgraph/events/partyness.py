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

PARTY_ENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PARTY_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i", "me", "you", "it"})
# People and groups the actor dictionary does not code with a sector (it codes "police", "rebels").
PEOPLE_NOUNS = frozenset(
    {"people", "person", "man", "woman", "men", "women", "child", "children", "boy", "girl", "family",
     "civilian", "resident", "citizen", "villager", "prisoner", "detainee", "hostage", "captive",
     "inmate", "suspect", "migrant", "immigrant", "refugee", "asylum-seeker", "worker", "employee",
     "journalist", "reporter", "activist", "dissident", "opponent", "critic", "student", "teacher",
     "doctor", "nurse", "physician", "inspector", "observer", "monitor", "diplomat", "ambassador",
     "envoy", "delegation", "delegate", "official", "minister", "ex-minister", "lawmaker",
     "legislator", "senator", "member", "leader", "chief", "head", "president", "premier",
     "chancellor", "king", "queen", "prince", "general", "commander", "officer", "soldier", "troop",
     "force", "army", "navy", "militant", "fighter", "insurgent", "rebel", "guerrilla", "jihadist",
     "terrorist", "gunman", "attacker", "militia", "group", "party", "faction", "movement",
     "organization", "organisation", "agency", "authority", "administration", "government",
     "regime", "court", "judge", "prosecutor", "parliament", "congress", "senate", "council",
     "committee", "commission", "ministry", "department", "company", "firm", "bank", "union",
     "alliance", "coalition", "bloc", "country", "nation", "state", "city", "province", "region",
     "village", "town", "neighbour", "neighbor", "ally", "counterpart", "partner", "side",
     "opposition", "protester", "demonstrator", "crowd", "voter", "farmer", "victim", "pilot",
     "crew", "sailor", "team", "camp", "community", "population", "tribe", "clan",
     "counterparts", "owner", "host", "visitor", "investor", "lender", "donor", "airline"}
)  # fmt: skip


# Endings of nouns for people ("writer", "smuggler", "journalist", "detainee", "spokesman"), and the
# common nouns with those endings that name things.
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ee", "man", "men", "ers", "ors", "ists", "ians", "ees")
NOT_AGENTS = frozenset(
    {"order", "border", "number", "matter", "water", "letter", "power", "paper", "offer", "center",
     "centre", "sector", "factor", "error", "floor", "door", "motor", "reactor", "corridor", "charter",
     "cluster", "chamber", "barrier", "manner", "shelter", "quarter", "headquarter", "layer",
     "computer", "transfer", "trigger", "dinner", "counter", "other", "theater", "theatre", "river",
     "character", "meter", "disaster", "tower", "banner", "corner", "container", "poster", "weather",
     "cancer", "danger", "hunger", "tanker", "carrier", "fighter-jet", "bomber", "helicopter", "tractor",
     "register", "minor", "favor", "favour", "labor", "labour", "honor", "honour", "vector", "mirror",
     "terror", "horror", "anchor", "harbor", "harbour", "vapor", "rumor", "rumour", "humor", "colour",
     "color", "behavior", "behaviour", "summer", "winter",
     "guarantee", "committee", "fee", "coffee", "jubilee", "tree", "decree", "degree", "pedigree",
     "german", "human", "roman", "ottoman", "caravan", "titan", "plan", "scan", "ban", "loan",
     "fan", "van", "span", "scanner", "liner", "launcher", "filter", "folder", "holder", "ledger",
     "trailer", "cylinder", "rubber", "leather", "silver", "timber", "fiber", "fibre", "liter", "litre",
     "ember", "amendment", "chapter", "cover", "fever", "lever", "pressure"}
)  # fmt: skip


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


QUANTITY_HEADS = frozenset(
    {"thousand", "hundred", "dozen", "million", "score", "group", "number", "some", "many", "most",
     "all", "several", "crowd", "handful", "hundreds", "thousands", "dozens", "millions", "scores", "members"}
)  # fmt: skip


def quantified(token: Token) -> Token:
    """ "Thousands of students" -> students: the party, not its count."""
    if token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    return token
