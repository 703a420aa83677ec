"""Resolving a quote's speaker span to one of the article's entities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from ..model import Analysis, Entity, Span
from ..parsing import sentence_of
from .assemble import FoundQuote
from .attribution import name_phrase, noun_phrase

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


# Singular nouns for a group that the writer may go on to call "they" ("the family said they ...").
_GROUPS = frozenset(
    {
        "administration",
        "agency",
        "board",
        "campaign",
        "committee",
        "company",
        "council",
        "court",
        "department",
        "family",
        "government",
        "group",
        "ministry",
        "panel",
        "party",
        "police",
        "team",
    }
)
# Words that name some of a group and speak for it ("several said they wanted ...").
_QUANTIFIERS = frozenset({"all", "both", "many", "others", "several", "some"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or token.lemma_.lower() in _GROUPS or token.lower_ in _QUANTIFIERS


def they_antecedent(doc: Doc, token: int, enclosing: Iterable[tuple[Span, int | None]]) -> int | None:
    """The words a speaking "they" stands for, when no entity does (groups of people are seldom
    entities: "the family", "researchers", "several"): the plural speaker of a quote whose content
    holds it ("The family said they planned ..."), else the nearest plural or group noun before it
    that is a subject in its sentence ("When the royal council met, they chose ..."). A "they"
    that opens a sentence of its own is left as it is: the guidelines mark the pronoun where no
    name or noun is near."""
    pronoun = doc[token]
    if pronoun.lower_ != "they" or pronoun.dep_ not in _SUBJECT_DEPS:
        return None
    for content, speaker in enclosing:
        if speaker is not None and content[0] <= pronoun.idx < content[1] and _plural(doc[speaker]):
            return speaker
    for i in range(token - 1, sentence_of(pronoun).start - 1, -1):
        if doc[i].dep_ in _SUBJECT_DEPS and doc[i].pos_ != "PRON" and _plural(doc[i]):
            return i
    return None


def resolve_they(analysis: Analysis, doc: Doc, found: Sequence[FoundQuote]) -> None:
    """Give a quote spoken by a "they" that no entity stands for the words it stands for
    (``they_antecedent``), marked as the guidelines mark a speaker."""
    contents = [(quote.span, quote.speaker_token) for quote in found]
    for quote in found:
        token = quote.speaker_token
        if token is None:
            continue
        # The cheap parse test first: only a "they" asks the entities (the stage resolves every
        # speaker once more after this).
        standing = they_antecedent(doc, token, [c for c in contents if c[1] != token])
        if standing is None or resolve_speaker(analysis, doc, token, quote.speaker) is not None:
            continue
        quote.speaker = name_phrase(doc[standing])
        quote.speaker_token = standing
