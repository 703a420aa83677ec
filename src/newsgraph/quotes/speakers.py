"""Resolving a quote's speaker span to one of the article's entities."""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Analysis, Entity, Span
from .attribution import noun_phrase

# Which entity types a pronoun may stand for, when the entities stage has not resolved it.
_PRONOUN_TYPES: dict[str, frozenset[str]] = {
    "he": frozenset({"PERSON"}),
    "she": frozenset({"PERSON"}),
    "him": frozenset({"PERSON"}),
    "her": frozenset({"PERSON"}),
    "it": frozenset({"ORG", "GPE", "NORP"}),
}


def _nearest_before(analysis: Analysis, offset: int, types: frozenset[str]) -> Entity | None:
    best: tuple[int, Entity] | None = None
    for entity in analysis.entities:
        if entity.type not in types:
            continue
        for start, _end in entity.mentions:
            if start < offset and (best is None or start > best[0]):
                best = (start, entity)
    return best[1] if best else None


def resolve_speaker(analysis: Analysis, doc: Doc, token: int | None, span: Span | None) -> str | None:
    """The id of the entity a speaker span refers to, or None ("analysts say").

    The entities stage's mentions come first (it resolves pronouns and role nouns where the text
    makes the referent clear); a bare pronoun it left alone goes to the nearest preceding entity
    of a fitting type.
    """
    if span is None:
        return None
    # The head word first: in "Norwegian Prime Minister Jonas Gahr Store" the speaker is the person
    # the head names, not the first entity inside the phrase.
    head = doc[token] if token is not None else None
    entity = analysis.entity_at((head.idx, head.idx + len(head))) if head is not None else None
    if entity is None:
        entity = analysis.entity_at(span)
    if entity is None and head is not None:
        # the speaker is marked as its name ("minister"); the phrase around it may name whose
        # ("Iceland's foreign minister"), as the rules' longer speaker span did
        entity = analysis.entity_at(noun_phrase(head))
    if entity is None and head is not None and head.pos_ == "PRON":
        types = _PRONOUN_TYPES.get(head.lower_)
        if types is not None:
            entity = _nearest_before(analysis, head.idx, types)
    return entity.id if entity else None
