"""The entities stage: names, pronouns and role nouns grouped per referent and coded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..model import Entity, TypedMention
from ..names import display_name
from ..pipeline import Draft
from ..places.gazetteer import shared_gazetteer
from ..settings import Settings
from ..transcript import Turn
from .clusters import Cluster, ClusterBuilder
from .coref import Resolver
from .decide import Linker, correct_names, model_chooser, model_starter
from .dictionary import ACTOR, COUNTRY, ActorDictionary, actor_dictionary
from .genders import gender_of
from .interviews import attach_turns
from .learned import EntityModel, load_model
from .lexicon import TITLES
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
    """Drop punctuation, a possessive "'s" and lowercase function words at a name's edges
    ("Patrick Gordon of")."""
    start, end = ent.start, ent.end
    doc = ent.doc

    def loose(token_index: int) -> bool:
        token = doc[token_index]
        # ("Iyambo's death": the possessive ending is no part of the name.)
        return (
            token.is_punct
            or token.is_space
            or token.tag_ == "POS"
            or (token.is_lower and token.pos_ in ("ADP", "CCONJ"))
        )

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


# Lowercase words inside a person's name: "Hamza bin Laden", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset("bin bint ibn al el de da di du del della van von der den la le".split())
# Words that may stand before an office title within it: "Prime Minister", "Deputy Foreign Minister".
_TITLE_MODIFIERS = frozenset(
    "prime deputy vice foreign defence defense interior finance state chief first supreme acting".split()
)


def _title_end(span: SpacySpan) -> int:
    """Where the office titles opening ``span`` end ("Representative", "Prime Minister", "Foreign
    Minister"): the index after the last title word, or the span's start when it opens with none."""
    end = span.start
    for tok in span:
        word = tok.lower_.strip(".")
        if word in TITLES:
            end = tok.i + 1
        elif word not in _TITLE_MODIFIERS:
            break
    return end


def _is_name(rest: SpacySpan) -> bool:
    return all(t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES for t in rest) and (
        rest[0].text[:1].isupper() and rest[-1].text[:1].isupper()
    )


def split_before_country(ent: SpacySpan, dictionary: ActorDictionary) -> list[SpacySpan]:
    """Split a name the NER ran over "and" or "in" into a country the dictionary knows ("Crete and
    Cyprus", "Democratic Rally in Cyprus", tagged ORG); a name the dictionary knows whole ("Bosnia
    and Herzegovina") stays one."""
    if len(ent) < 3 or ent.label_ == "PERSON" or dictionary.lookup(ent.text) is not None:
        return [ent]
    for token in ent[1:-1]:
        if token.lower_ not in ("and", "in"):
            continue
        before = ent.doc[ent.start : token.i]
        after = ent.doc[token.i + 1 : ent.end]
        known = dictionary.lookup(after.text)
        if known is None or known.kind != COUNTRY:
            continue
        first_label = ent.label_
        first = dictionary.lookup(before.text)
        if token.lower_ == "and" and first is not None:
            # "Greece and Cyprus": two known names side by side, each of its own kind.
            first_label = "GPE" if first.kind == COUNTRY else first.type
        return [
            SpacySpan(ent.doc, before.start, before.end, label=first_label),
            SpacySpan(ent.doc, after.start, after.end, label="GPE"),
        ]
    return [ent]


def split_known_prefix(ent: SpacySpan, dictionary: ActorDictionary) -> list[SpacySpan]:
    """Split a person's name from a country or body the NER ran into it: "told NPR Hamza bin
    Laden", "Hong Kong Carrie Lam", "Prime Minister of India Narendra Modi" (tagged ORG, the
    dictionary knowing the person, or the rest opening with a first name). The longest known opening words go, where two or more
    capitalised words follow them. An office title between the two ("United States Representative
    Elijah Cummings", tagged ORG) says the rest is a person's name, and is no part of either
    (guideline N1 leaves titles out of names)."""
    if len(ent) < 3:
        return [ent]
    for cut in range(len(ent) - 2, 0, -1):
        prefix = ent.doc[ent.start : ent.start + cut]
        rest = ent.doc[ent.start + cut : ent.end]
        known = dictionary.lookup(prefix.text)
        if known is None or (known.kind != COUNTRY and not (known.kind == ACTOR and known.type == "ORG")):
            continue
        name_start = _title_end(rest)
        if name_start > rest.start and name_start < rest.end:
            rest = ent.doc[name_start : ent.end]
        else:
            person = dictionary.lookup(rest.text)
            known_person = person is not None and person.type == "PERSON"
            # "First Minister of Scotland Nicola Sturgeon" (tagged ORG): a first name opens the rest.
            if ent.label_ != "PERSON" and not known_person and gender_of(rest.text) is None:
                return [ent]
        if not _is_name(rest):
            return [ent]
        label = "GPE" if known.kind == COUNTRY else "ORG"
        return [
            SpacySpan(ent.doc, prefix.start, prefix.end, label=label),
            SpacySpan(ent.doc, rest.start, rest.end, label="PERSON"),
        ]
    return [ent]


RULES_ONLY = "rules"
SHIPPED = "shipped"


class EntityStage:
    """Fills ``analysis.entities``: one entity per referent, with country and sector codes.

    ``model`` is the entities model (the shipped one when None): it corrects or drops the NER's
    names and links pronouns and nominals to them (docs/entities-model.md). ``rules_only`` keeps
    the hand-written resolver alone, as before the model (``NEWSGRAPH_ENTITIES_MODEL=rules``). A
    missing or broken model file raises TrainedModelError: analysis never falls back on its own.
    """

    def __init__(
        self,
        nlp: Language,
        *,
        resolve_pronouns: bool = True,
        model: EntityModel | None = None,
        rules_only: bool = False,
    ) -> None:
        self.nlp = nlp
        # The dictionary loads once per process and is shared by every stage instance.
        self.dictionary = actor_dictionary()
        self.resolve_pronouns = resolve_pronouns
        self.model = None if rules_only else (model or load_model())
        self.gazetteer = shared_gazetteer() if self.model is not None else None

    @classmethod
    def from_settings(cls, nlp: Language, settings: Settings) -> EntityStage:
        """The stage the settings ask for: the shipped model, a model file, or the rules alone."""
        choice = settings.entities_model
        if choice == RULES_ONLY:
            return cls(nlp, rules_only=True)
        return cls(nlp, model=None if choice == SHIPPED else load_model(Path(choice)))

    def name_spans(self, doc: Doc, dateline_place: tuple[int, int] | None = None) -> list[SpacySpan]:
        """The NER's names, cut tight, and (with the model) corrected or dropped; the dateline's place
        ("OSLO, March 18 -") is a place whatever NER called it (the small model often says ORG)."""
        spans = [
            name
            for ent in doc.ents
            for part in split_parenthesis(ent)
            for tight in tight_parts(part)
            for joined in split_before_country(tight, self.dictionary)
            for name in split_known_prefix(joined, self.dictionary)
        ]
        spans = [
            SpacySpan(doc, span.start, span.end, label="GPE")
            if (span.start_char, span.end_char) == dateline_place and span.label_ not in ("GPE", "LOC")
            else span
            for span in spans
        ]
        if self.model is None:
            return spans
        return correct_names(spans, self.model, self.dictionary, self.gazetteer)

    def clusters(
        self, doc: Doc, dateline_place: tuple[int, int] | None = None, turns: Sequence[Turn] = ()
    ) -> list[Cluster]:
        """The document's referents: names grouped, an interview's turns read, then pronouns and
        nominals linked to them."""
        builder = ClusterBuilder(self.dictionary)
        for span in self.name_spans(doc, dateline_place):
            builder.add_name(span)
        builder.add_missed_known_names(doc)
        builder.add_repeated_names(doc)
        builder.add_missed_surnames(doc)
        if self.resolve_pronouns:
            attach_turns(doc, builder, turns)
            if self.model is None:
                Resolver(doc, builder.clusters, set(builder.by_span)).run()
            else:
                Linker(doc, builder.clusters, set(builder.by_span)).run(
                    model_chooser(self.model), model_starter(self.model)
                )
        return builder.clusters

    def __call__(self, draft: Draft) -> None:
        """Group the article's NER mentions into entities, add pronouns and role nouns, code them."""
        analysis = draft.analysis
        article = analysis.article
        dateline = article.dateline
        place = dateline.place_span if dateline is not None else None
        for cluster in self.clusters(draft.doc, place, article.turns or ()):
            entity = Entity(
                id=next_entity_id(analysis),
                name=display_name(cluster.name),
                type=cluster.type,
                country=cluster.country,
                sector=cluster.sector,
                mentions=list(cluster.mentions),
                mention_types=[
                    TypedMention(span, kind)
                    for span, kind in sorted(cluster.mention_types.items())
                    if kind != cluster.type
                ],
            )
            analysis.entities.append(entity)
        if self.model is not None:
            analysis.models["entities"] = self.model.version
