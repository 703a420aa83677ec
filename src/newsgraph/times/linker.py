"""Give each event the time expression that governs its clause, else flag it as dated by default."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Event, TimeExpr
from ..pipeline import Draft
from .context import DATE, TIME

# How many dependency hops from a time expression up to the trigger still count as "governs".
_MAX_HOPS = 8


def _root(doc: Doc, span: tuple[int, int]) -> Token | None:
    chosen = doc.char_span(span[0], span[1], alignment_mode="expand")
    return None if chosen is None or len(chosen) == 0 else chosen.root


def _hops_to(token: Token, target: Token) -> int | None:
    """Dependency hops from ``token`` up to ``target`` (None when ``target`` is not above it)."""
    hops = 0
    while hops <= _MAX_HOPS:
        if token.i == target.i:
            return hops
        if token.head.i == token.i:
            return None
        token = token.head
        hops += 1
    return None


def governing_time(doc: Doc, event: Event, times: list[TimeExpr]) -> TimeExpr | None:
    """Return the DATE/TIME expression that governs an event, or None.

    First choice: an expression in the dependency subtree of the trigger (fewest hops, a
    resolved value before an unresolved one); else the one nearest the trigger in its sentence.
    """
    if event.trigger_span is None:
        return None
    trigger = _root(doc, event.trigger_span)
    if trigger is None:
        return None
    if event.sentence_span is not None:
        sent_start, sent_end = event.sentence_span
    else:
        sent_start, sent_end = trigger.sent.start_char, trigger.sent.end_char
    in_sentence = [
        t for t in times if t.type in (DATE, TIME) and sent_start <= t.span[0] and t.span[1] <= sent_end
    ]
    best: tuple[int, int, TimeExpr] | None = None
    for expr in in_sentence:
        root = _root(doc, expr.span)
        hops = None if root is None else _hops_to(root, trigger)
        if hops is None:
            continue
        rank = (0 if expr.value is not None else 1, hops)
        if best is None or rank < best[:2]:
            best = (*rank, expr)
    if best is not None:
        return best[2]
    middle = (event.trigger_span[0] + event.trigger_span[1]) / 2
    nearest = sorted(
        in_sentence,
        key=lambda t: (t.value is None, abs((t.span[0] + t.span[1]) / 2 - middle)),
    )
    return nearest[0] if nearest else None


class EventTimeLinker:
    """Set ``event.time`` to the governing time expression's id, else flag the default.

    An event no time expression governs gets ``time = None`` and ``time_is_default = True``: it is
    dated by ``article.published``, which exports use in its place.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Link every event of ``draft.analysis`` to its time."""
        times = draft.analysis.times
        for event in draft.analysis.events:
            found = governing_time(draft.doc, event, times)
            event.time = found.id if found else None
            event.time_is_default = found is None
