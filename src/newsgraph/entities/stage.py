"""The entities stage: names, pronouns and role nouns grouped per referent and coded."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from ..model import Entity
from ..names import display_name
from ..pipeline import Draft
from .clusters import ClusterBuilder
from .coref import Resolver
from .dictionary import actor_dictionary
from .registry import next_entity_id


def split_parenthesis(ent: SpacySpan) -> list[SpacySpan]:
    """Split "World Health Organization (WHO" that the NER ran together into its two names."""
    opening = next((t.i for t in ent if t.text == "("), None)
    if opening is None:
        return [ent]
    parts = []
    closing = next((t.i for t in ent if t.text == ")" and t.i > opening), ent.end)
    if opening > ent.start:
        parts.append(SpacySpan(ent.doc, ent.start, opening, label=ent.label_))
    if closing > opening + 1:
        parts.append(SpacySpan(ent.doc, opening + 1, closing, label=ent.label_))
    return parts


# Lowercase words that no name holds, so an NER span running over one joined two phrases:
# "District Court against Thom Tillis". (Names do hold "of", "for", "on", "de": "Bank of England".)
_BREAKING_WORDS = frozenset(
    "against with by from during after before since into over under about through versus vs".split()
)


def _clean_edges(ent: SpacySpan) -> SpacySpan | None:
    """Drop punctuation and lowercase function words at a name's edges ("Patrick Gordon of")."""
    start, end = ent.start, ent.end
    doc = ent.doc

    def loose(token_index: int) -> bool:
        token = doc[token_index]
        return token.is_punct or token.is_space or (token.is_lower and token.pos_ in ("ADP", "CCONJ"))

    while start < end and loose(start):
        start += 1
    while end > start and loose(end - 1):
        end -= 1
    if start == end or not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in doc[start:end]):
        return None
    return SpacySpan(doc, start, end, label=ent.label_)


def tight_parts(ent: SpacySpan) -> list[SpacySpan]:
    """Cut an NER span at line breaks and at words no name holds, and trim loose edges.

    The NER runs a heading into the next line ("Guadeloupe\n\nGosier") and glues a preposition
    onto a name; tight spans pair with the gold and give events their exact parties.
    """
    parts: list[SpacySpan] = []
    start = ent.start
    for token in ent:
        breaking_word = token.is_lower and token.lower_ in _BREAKING_WORDS
        if breaking_word or "\n" in token.text_with_ws:
            stop = token.i if breaking_word or token.is_space else token.i + 1
            if stop > start:
                parts.append(SpacySpan(ent.doc, start, stop, label=ent.label_))
            start = token.i + 1
    if start < ent.end:
        parts.append(SpacySpan(ent.doc, start, ent.end, label=ent.label_))
    cleaned = (_clean_edges(part) for part in parts)
    return [part for part in cleaned if part is not None]


class EntityStage:
    """Fills ``analysis.entities``: one entity per referent, with country and sector codes."""

    def __init__(self, nlp: Language, *, resolve_pronouns: bool = True) -> None:
        self.nlp = nlp
        # The dictionary loads once per process and is shared by every stage instance.
        self.dictionary = actor_dictionary()
        self.resolve_pronouns = resolve_pronouns

    def __call__(self, draft: Draft) -> None:
        """Group the article's NER mentions into entities, add pronouns and role nouns, code them."""
        builder = ClusterBuilder(self.dictionary)
        for ent in draft.doc.ents:
            for part in split_parenthesis(ent):
                for tight in tight_parts(part):
                    builder.add_name(tight)
        builder.add_missed_surnames(draft.doc)
        if self.resolve_pronouns:
            Resolver(draft.doc, builder.clusters, set(builder.by_span)).run()
        analysis = draft.analysis
        for cluster in builder.clusters:
            entity = Entity(
                id=next_entity_id(analysis),
                name=display_name(cluster.name),
                type=cluster.type,
                country=cluster.country,
                sector=cluster.sector,
                mentions=list(cluster.mentions),
            )
            analysis.entities.append(entity)
