"""Giving each event the place that governs it; else the dateline's place, flagged as a default."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Analysis, Event, Place, Span
from ..pipeline import Draft
from .dateline import dateline_place_span

# Prepositions that make a place the setting of what their head describes ("clashed in Gaza").
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "off", "on", "over", "into"}
)
# Grammatical subjects are actors ("Russia attacked"), not settings.
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _token_at(doc: Doc, span: Span) -> Token | None:
    chars = doc.char_span(span[0], span[1], alignment_mode="expand")
    return chars.root if chars is not None and len(chars) else None


def _path_to(token: Token, ancestor: Token) -> list[Token] | None:
    """Tokens from ``token`` up to ``ancestor`` (exclusive), or None when it is not an ancestor."""
    path = []
    current = token
    while current.i != ancestor.i:
        if current.head.i == current.i:
            return None
        path.append(current)
        current = current.head
    return path


def _rank(trigger: Token, place_token: Token, mention: Span) -> tuple[int, int] | None:
    """How strongly a mention is the event's setting: lower is stronger; None when it is not."""
    distance = abs(place_token.idx - trigger.idx)
    path = _path_to(place_token, trigger)
    if path is not None:
        if any(t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPOSITIONS for t in path):
            return (0, distance)
        if path and path[-1].dep_ in _SUBJECTS:
            return None
        return (1, distance)
    if place_token.dep_ in _SUBJECTS and place_token.head.i == trigger.i:
        return None
    if place_token.sent.start == trigger.sent.start:
        return (2, distance)
    return None


class EventPlaceLinker:
    """Sets ``event.place`` (a Place id) for each event; ``place_is_default`` when from the dateline."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Link every event of ``draft.analysis`` to a place where one governs it."""
        analysis = draft.analysis
        if not analysis.events:
            return
        default = _dateline_place(analysis)
        for event in analysis.events:
            if event.place is not None:
                continue
            place = self.governing_place(draft.doc, analysis.places, event)
            if place is not None:
                event.place, event.place_is_default = place.id, False
            elif default is not None:
                event.place, event.place_is_default = default.id, True

    @staticmethod
    def governing_place(doc: Doc, places: list[Place], event: Event) -> Place | None:
        """The place in the trigger's clause ("in X", "at X"), else the nearest in its sentence."""
        if event.trigger_span is None:
            return None
        trigger = _token_at(doc, event.trigger_span)
        if trigger is None:
            return None
        best: tuple[tuple[int, int], Place] | None = None
        for place in places:
            for mention in place.mentions:
                if event.sentence_span and not (
                    event.sentence_span[0] <= mention[0] and mention[1] <= event.sentence_span[1]
                ):
                    continue
                token = _token_at(doc, mention)
                # A demonym ("Russian troops") names who acts, not where.
                if token is None or token.ent_type_ == "NORP":
                    continue
                rank = _rank(trigger, token, mention)
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, place)
        return best[1] if best else None


def _dateline_place(analysis: Analysis) -> Place | None:
    span = dateline_place_span(analysis.article.text, analysis.article.published)
    if span is None:
        return None
    inside = [
        (mention[0], place)
        for place in analysis.places
        for mention in place.mentions
        if span[0] <= mention[0] and mention[1] <= span[1]
    ]
    # "CHARLESTON, W.Va.": the city, the first place of the dateline, is where the story was filed.
    return min(inside, key=lambda item: item[0])[1] if inside else None
