"""Turning the words that name an actor or recipient into entities of the Analysis.

The entities stage resolves names; events also need nominal parties it may not list ("police",
"protesters", "the government"). ``party_entity`` reuses the entity whose mention covers the
phrase's head word, else creates one through the entities stage's ``add_entity``, coded for
country and sector by its actor coder, so that every entity id comes from one numbering.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..entities import add_entity
from ..entities.coding import code_phrase
from ..model import Analysis, Entity, Span
from ..parsing import sentence_of
from ..wordlists import word_list
from .partyness import quantified

NON_PARTY_LEMMAS = word_list("events", "non_party_lemmas")
CORE_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "flat", "case"})
PRONOUNS = word_list("events", "pronouns")
RECIPROCAL_NOUNS = word_list("events", "reciprocal_nouns")
# Entity types that are never a party: named events, dates and times, sums and counts (a count of
# a party, "dozens of farmers", is read as what it counts before it gets here: ``quantified``).
NOT_PARTY_ENTITIES = frozenset(
    {"EVENT", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
)
# How many sentences back "both sides" may find the pair it stands for.
RECIPROCAL_WINDOW = 4
_PAIR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def core_span(token: Token) -> tuple[int, int]:
    """Return the token range (start, end) of a party's core phrase: the head and its name-like modifiers.

    Determiners, relative clauses and trailing prepositional phrases are left out, so that "the
    regional police headquarters in eastern Afghanistan" gives "regional police headquarters". A
    count is left out ("at least two police officers" -> "police officers"). A named entity that the
    head belongs to is kept whole, a person's name without the title before it ("Syrian leader
    Ahmed al-Sharaa" -> "Ahmed al-Sharaa"), as the guidelines copy parties (docs/annotation.md).
    """
    doc = token.doc
    if token.ent_type_:
        # The named entity the token is in, from the IOB tags (``Doc.ents`` builds every span).
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        label = token.ent_type_
        if token.i == end - 1 or label in ("PERSON", "ORG", "GPE", "FAC", "LOC"):
            left = [c for c in token.lefts if c.dep_ in CORE_LEFT_DEPS and c.i < start]
            if left and label != "PERSON":
                start = min(left[0].left_edge.i, start)
            return start, max(end, token.i + 1)
    start = token.i
    lefts = [c for c in token.lefts if c.dep_ in CORE_LEFT_DEPS]
    # A count is no part of the party's name ("at least two police officers" -> "police officers",
    # "Thousands of protesters" -> "protesters": docs/annotation.md); words left of it go with it.
    counts = [c for c in lefts if _is_count(c)]
    after_counts = max((c.right_edge.i for c in counts), default=-1)
    for child in lefts:
        if child.left_edge.i > after_counts and not _is_count(child):
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat") and child.i == end:
            end = child.i + 1
    while start < token.i and doc[start].dep_ in ("punct", "case", "det", "cc"):
        start += 1
    return start, end


def _is_count(token: Token) -> bool:
    """Whether a modifier only counts its noun ("two", "Twenty-eight", "dozens", "at least 40")."""
    return token.dep_ in ("nummod", "quantmod") or token.pos_ == "NUM" or token.ent_type_ in COUNT_ENTITIES


COUNT_ENTITIES = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _label(token: Token) -> str:
    if token.ent_type_:
        return token.ent_type_
    return "PERSON" if token.lemma_.lower() in PERSON_NOUNS else "ORG"


PERSON_NOUNS = word_list("events", "person_nouns")


def party_entity(analysis: Analysis, token: Token, char_offset: int = 0) -> Entity | None:
    """Return the entity a party's head token stands for, creating one for a nominal party; None for
    a word that names no party: a pointer word, a date, time, sum or bare number ("1,740 ASSAULT"),
    or a named event ("the September 11, 2001 attacks" acts on no one)."""
    if token.lemma_.lower() in NON_PARTY_LEMMAS and token.lower_ not in PRONOUNS:
        return None
    if token.ent_type_ in NOT_PARTY_ENTITIES and token.pos_ != "NOUN":
        # A common noun inside such a span is the small model's slip ("a 20-year-old soldier"
        # tagged DATE whole): the soldier is still a party.
        return None
    start, end = core_span(token)
    doc = token.doc
    span: Span = (doc[start].idx + char_offset, doc[end - 1].idx + len(doc[end - 1]) + char_offset)
    head_span: Span = (token.idx + char_offset, token.idx + len(token) + char_offset)
    for ent in analysis.entities:
        for m_start, m_end in ent.mentions:
            # The entity whose mention covers the head word is the party ("Kim" in "leader Kim").
            if m_start <= head_span[0] and head_span[1] <= m_end:
                return None if ent.type == "EVENT" else ent
    if token.lower_ in PRONOUNS:
        return None
    name = analysis.slice(span)
    country, sector = code_phrase(name)
    return add_entity(analysis, name, _label(token), span, country, sector)


def _split_nationalities(head: Token) -> list[Token]:
    """ "Russian and North Korean officials" -> [Russian, North Korean]: one party per nationality."""
    adjectives = [c for c in head.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP"]
    if len(adjectives) == 1:
        adjectives += [c for c in adjectives[0].children if c.dep_ == "conj" and c.ent_type_ == "NORP"]
    return adjectives if len(adjectives) >= 2 else [head]


def _resolve_pronoun(token: Token) -> Token:
    """A pronoun's antecedent: the nearest earlier non-pronoun subject (within a short window)."""
    if token.pos_ != "PRON" or token.lower_ not in PRONOUNS:
        return token
    for i in range(token.i - 1, max(-1, token.i - 80), -1):
        cand = token.doc[i]
        if cand.dep_ in ("nsubj", "nsubjpass") and cand.pos_ in ("PROPN", "NOUN"):
            return cand
    return token


def is_reciprocal(token: Token) -> bool:
    """Whether a party is "both sides", "the two countries" and the like: a pair named before."""
    if token.lemma_.lower() not in RECIPROCAL_NOUNS or token.tag_ not in ("NNS", "NNPS"):
        return False
    if any(c.ent_type_ for c in token.lefts):
        return False  # "both Russian and Ukrainian officials" names its parties
    return any(c.lower_ == "both" or (c.dep_ == "nummod" and c.lower_ in ("two", "2")) for c in token.lefts)


def reciprocal_pair(token: Token) -> list[Token]:
    """The last two names joined by "and" before a reciprocal party, within a few sentences ("Norway
    and Iceland ended talks ... The EU urged both sides" -> Norway, Iceland); [] when there is none,
    as the guidelines leave "both sides" unnamed (docs/annotation.md, example 9)."""
    doc = token.doc
    sentence = sentence_of(token)
    start = sentence.start
    for _ in range(RECIPROCAL_WINDOW):
        if start == 0:
            break
        start = sentence_of(doc[start - 1]).start
    for i in range(token.i - 1, start - 1, -1):
        second = doc[i]
        first = second.head
        if (
            second.dep_ == "conj"
            and first.i < second.i
            and second.ent_type_ in _PAIR_LABELS
            and first.ent_type_ in _PAIR_LABELS
            and not any(c.dep_ == "conj" and c.i > second.i for c in first.children)
        ):
            return [first, second]
    return []


def party_entities(analysis: Analysis, heads: list[Token]) -> list[str]:
    """The entity ids of an event's party heads: a count is read as what it counts, a pronoun as its
    antecedent (the pronoun becomes a mention of it), "Russian and North Korean officials" as two,
    "both sides" as the pair named before it."""
    ids: list[str] = []
    parts: list[tuple[Token, Token | None]] = []
    for head in heads:
        if is_reciprocal(head):
            parts.extend((named, None) for named in reciprocal_pair(head))
            continue
        resolved = _resolve_pronoun(quantified(head))
        parts.extend(
            (part, head if resolved is not head else None) for part in _split_nationalities(resolved)
        )
    for head, pronoun in parts:
        ent = party_entity(analysis, head)
        if ent is not None and pronoun is not None:
            # The pronoun is a mention of its antecedent ("He met ..."): record it there.
            span = (pronoun.idx, pronoun.idx + len(pronoun))
            if span not in ent.mentions:
                ent.mentions.append(span)
        if ent is not None and ent.id not in ids:
            ids.append(ent.id)
    return ids
