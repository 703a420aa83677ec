"""Read a second set of labels as predictions: how two labelling passes are compared with the scorers.

``newsgraph eval TASK GOLD --predictions OTHER`` scores OTHER (a ``newsgraph.gold/1`` file over the
same documents) against GOLD with the same scorers the pipeline is judged by, so agreement between
two independent passes is measured exactly as accuracy is.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import GoldFormatError, Messages
from ..model import Analysis, Article, Entity, Event, Place, Quote, Span, TimeExpr, TypedMention
from .gold import GoldDoc

# A coarse gold type as the spaCy label that the entity scorer maps back to it.
_LABEL_OF_COARSE = {"PLACE": "GPE", "PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP", "EVENT": "EVENT"}


def _entities(doc: GoldDoc) -> list[Entity]:
    """One entity per labelled referent; a mention the labeller typed otherwise than most of its
    entity's ("Russian" NORP inside Russia) keeps its own type, as a pipeline's does."""
    groups: dict[str, list[tuple[Span, str, str | None]]] = {}
    for number, mention in enumerate(doc.entities or ()):
        key = mention.link or f"unlinked-{number}"
        groups.setdefault(key, []).append((mention.span, mention.type, mention.name))
    entities = []
    for number, mentions in enumerate(groups.values(), start=1):
        kinds = [kind for _, kind, _ in mentions]
        main = max(set(kinds), key=lambda k: (kinds.count(k), k))
        name = next((n for _, _, n in mentions if n), None) or doc.text[mentions[0][0][0] : mentions[0][0][1]]
        entities.append(
            Entity(
                id=f"E{number}",
                name=name,
                type=_LABEL_OF_COARSE.get(main, "MISC"),
                mentions=[span for span, _, _ in mentions],
                mention_types=[
                    TypedMention(span, _LABEL_OF_COARSE.get(kind, "MISC"))
                    for span, kind, _ in mentions
                    if kind != main
                ],
            )
        )
    return entities


def _events(doc: GoldDoc, entities: list[Entity]) -> list[Event]:
    """Events whose arguments are mention-less entities named by the labelled words."""
    arguments: dict[str, str] = {}
    events = []

    def argument(words: str | None) -> list[str]:
        if words is None:
            return []
        if words not in arguments:
            arguments[words] = f"A{len(arguments) + 1}"
            entities.append(Entity(id=arguments[words], name=words, type="MISC"))
        return [arguments[words]]

    for number, gold in enumerate(doc.events or (), start=1):
        events.append(
            Event(
                id=f"V{number}",
                type=gold.type,
                mode=gold.mode,
                context=list(gold.context),
                actor=argument(gold.actor),
                recipient=argument(gold.recipient),
                trigger_span=gold.trigger_span,
                negated=gold.negated,
                hypothetical=gold.hypothetical,
                alleged=gold.alleged,
                confidence=1.0,
            )
        )
    return events


def analysis_from_labels(doc: GoldDoc) -> Analysis:
    """One labelled document as the Analysis a perfect pipeline would have produced for it."""
    entities = _entities(doc)
    events = _events(doc, entities)
    return Analysis(
        article=Article(text=doc.text, published=doc.published, external_id=doc.id),
        entities=entities,
        quotes=[
            Quote(
                id=f"Q{n}",
                span=q.span,
                kind=q.kind,
                speaker=None,
                speaker_span=q.speaker_span,
                cue_span=q.cue_span,
            )
            for n, q in enumerate(doc.quotes or (), start=1)
        ],
        times=[
            TimeExpr(id=f"T{n}", span=t.span, type=t.type, value=t.value)
            for n, t in enumerate(doc.times or (), start=1)
        ],
        places=[
            Place(
                id=f"P{n}",
                name=p.name or doc.text[p.span[0] : p.span[1]],
                geonameid=p.geonameid,
                lat=p.lat,
                lon=p.lon,
                mentions=[p.span],
            )
            for n, p in enumerate(doc.places or (), start=1)
        ],
        events=events,
    )


def labelled_predictions(
    gold_docs: Sequence[GoldDoc], predicted_docs: Sequence[GoldDoc], where: str
) -> list[Analysis]:
    """The predicted labels of each gold document, paired by id; a document absent from the
    predictions predicts nothing. GoldFormatError when a shared id carries another text."""
    by_id = {doc.id: doc for doc in predicted_docs}
    analyses: list[Analysis] = []
    for gold in gold_docs:
        predicted = by_id.get(gold.id)
        if predicted is None:
            analyses.append(Analysis(article=Article(text=gold.text, external_id=gold.id)))
            continue
        if predicted.text != gold.text:
            raise GoldFormatError(
                Messages.GOLD_FORMAT.format(
                    where=predicted.where,
                    detail=f"document {gold.id!r} has another text than in the gold file ({gold.where})",
                )
            )
        analyses.append(analysis_from_labels(predicted))
    return analyses
