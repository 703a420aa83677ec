"""Giving each event the place that governs it; else the dateline's place, flagged as a default.

The rule: an event's place is the place its clause names ("clashed near Bakhmut", "the attack in
Kabul"); else the dateline's place (flagged ``place_is_default``); never a place named in another
sentence, nor one in another clause of the same sentence about something else ("protesters marched
on Tuesday, a day after a bomb exploded in Kabul": Kabul is where the bomb went off, not where they
marched). A grammatical subject is an actor, not a setting, and a demonym names who acts.

``event_place`` is the rule as a function of the parse, the places and the event's spans, so the
events stage can call it directly; ``EventPlaceLinker`` runs it over every event after that stage.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Analysis, Event, Place, Span
from ..parsing import sentence_of
from ..pipeline import Draft

# Prepositions that make a place the setting of what their head describes ("clashed in Gaza").
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "off", "on", "over", "into"}
)
# Grammatical subjects are actors ("Russia attacked"), not settings.
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Dependencies that open a clause of their own: a place below one is that clause's setting.
_CLAUSES = frozenset({"advcl", "ccomp", "relcl", "acl", "parataxis", "csubj", "csubjpass", "conj"})


def _clause_head(token: Token) -> Token:
    """The head of the clause a token is in (a verb, or the sentence root)."""
    current = token
    while current.head.i != current.i and not (current.dep_ in _CLAUSES and current.pos_ in ("VERB", "AUX")):
        current = current.head
    return current


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


def _rank(trigger: Token, place_token: Token) -> tuple[int, int] | None:
    """How strongly a mention is the event's setting: lower is stronger; None when it is not."""
    distance = abs(place_token.idx - trigger.idx)
    path = _path_to(place_token, trigger)
    if path is not None:
        if any(t.dep_ in _CLAUSES and t.pos_ in ("VERB", "AUX") for t in path[1:]):
            # Below a clause of its own ("... after a bomb exploded in Kabul").
            return None
        if any(t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPOSITIONS for t in path):
            return (0, distance)
        if path and path[-1].dep_ in _SUBJECTS:
            return None
        return (1, distance)
    if place_token.dep_ in _SUBJECTS and place_token.head.i == trigger.i:
        return None
    if (
        sentence_of(place_token).start == sentence_of(trigger).start
        and _clause_head(place_token).i == _clause_head(trigger).i
    ):
        # The same clause, attached elsewhere ("The attack happened in Kabul" for "attack").
        if place_token.dep_ in _SUBJECTS:
            return None
        return (2, distance)
    return None


def event_place(
    doc: Doc, places: list[Place], trigger_span: Span | None, sentence_span: Span | None = None
) -> Place | None:
    """The place the event's clause names, or None (the caller then falls back to the dateline).

    ``trigger_span`` and ``sentence_span`` are the event's character spans; a place mentioned
    outside the sentence is never taken. A locative phrase under the trigger ("in X", "near X")
    wins over any other place of the clause; nearer wins among equals.
    """
    if trigger_span is None:
        return None
    trigger = _token_at(doc, trigger_span)
    if trigger is None:
        return None
    best: tuple[tuple[int, int], Place] | None = None
    for place in places:
        for mention in place.mentions:
            if sentence_span and not (sentence_span[0] <= mention[0] and mention[1] <= sentence_span[1]):
                continue
            token = _token_at(doc, mention)
            # A demonym ("Russian troops") names who acts, not where.
            if (
                token is None
                or token.ent_type_ == "NORP"
                or sentence_of(token).start != sentence_of(trigger).start
            ):
                continue
            rank = _rank(trigger, token)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, place)
    return best[1] if best else None


def dateline_place(analysis: Analysis) -> Place | None:
    """The place of the article's dateline ("CHARLESTON, W.Va." -> Charleston), if it has one."""
    return _dateline_place(analysis)


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
        """The place the event's clause names (see ``event_place``)."""
        return event_place(doc, places, event.trigger_span, event.sentence_span)


def _dateline_place(analysis: Analysis) -> Place | None:
    dateline = analysis.article.dateline
    span = dateline.place_span if dateline is not None else None
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
