"""The entities stage: names, pronouns and role nouns grouped per referent and coded."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from ..model import Entity
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
                builder.add_name(part)
        builder.add_missed_surnames(draft.doc)
        if self.resolve_pronouns:
            Resolver(draft.doc, builder.clusters, set(builder.by_span)).run()
        analysis = draft.analysis
        for cluster in builder.clusters:
            entity = Entity(
                id=next_entity_id(analysis),
                name=cluster.name,
                type=cluster.type,
                country=cluster.country,
                sector=cluster.sector,
                mentions=list(cluster.mentions),
            )
            analysis.entities.append(entity)
