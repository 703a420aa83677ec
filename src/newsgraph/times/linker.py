"""Give each event the time expression that governs its clause, else flag it as dated by default."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Event, TimeExpr
from ..parsing import sentence_of
from ..pipeline import Draft
from .context import DATE, TIME

# How many dependency hops between a time expression and a trigger still count.
_MAX_HOPS = 10
_CLAUSE_POS = ("VERB", "AUX")


def _root(doc: Doc, span: tuple[int, int] | None) -> Token | None:
    if span is None:
        return None
    chosen = doc.char_span(span[0], span[1], alignment_mode="expand")
    return None if chosen is None or len(chosen) == 0 else chosen.root


def _hops_up(token: Token, target: Token, *, clause_bound: bool) -> int | None:
    """Hops from ``token`` up to ``target``; None when ``target`` is not above it.

    With ``clause_bound`` the climb may not pass another clause's verb (an xcomp, "agreed to meet
    on Friday", does not count as another clause): "condemned X and will impose sanctions next
    week" does not date the condemnation.
    """
    hops = 0
    while hops <= _MAX_HOPS:
        if token.i == target.i:
            return hops
        if token.head.i == token.i:
            return None
        if clause_bound and hops > 0 and token.pos_ in _CLAUSE_POS and token.dep_ != "xcomp":
            return None
        token = token.head
        hops += 1
    return None


def _governor(token: Token) -> Token:
    """The nearest verb above (or at) a token: the clause a time expression belongs to."""
    hops = 0
    while token.pos_ not in _CLAUSE_POS and token.head.i != token.i and hops < _MAX_HOPS:
        token = token.head
        hops += 1
    return token


class _Sentence:
    """The DATE/TIME expressions of one event's sentence, with their parse roots."""

    def __init__(self, doc: Doc, event: Event, trigger: Token, times: list[TimeExpr]) -> None:
        if event.sentence_span is not None:
            start, end = event.sentence_span
        else:
            start, end = sentence_of(trigger).start_char, sentence_of(trigger).end_char
        self.items: list[tuple[TimeExpr, Token]] = []
        for expr in times:
            if expr.type in (DATE, TIME) and start <= expr.span[0] and expr.span[1] <= end:
                root = _root(doc, expr.span)
                if root is not None:
                    self.items.append((expr, root))


def governing_time(
    doc: Doc, event: Event, times: list[TimeExpr], other_triggers: set[int]
) -> TimeExpr | None:
    """Return the DATE/TIME expression that governs an event, or None.

    In order: an expression inside the trigger's own clause (fewest hops; a resolved value before
    an unresolved one); else one attached to a clause above the trigger ("On Monday, police said
    they had arrested ..."); else the expression nearest the trigger in its sentence that no other
    event's trigger governs directly. ``other_triggers`` holds the token indices of the other
    events' triggers.
    """
    trigger = _root(doc, event.trigger_span)
    if trigger is None or event.trigger_span is None:
        return None
    sentence = _Sentence(doc, event, trigger, times)
    best: tuple[tuple[int, int, int], TimeExpr] | None = None
    for expr, root in sentence.items:
        hops = _hops_up(root, trigger, clause_bound=True)
        if hops is not None:
            rank = (0, expr.value is None, hops)
        else:
            above = _hops_up(trigger, _governor(root), clause_bound=False)
            if above is None:
                continue
            rank = (1, expr.value is None, above)
        if best is None or rank < best[0]:
            best = (rank, expr)
    if best is not None:
        return best[1]
    middle = (event.trigger_span[0] + event.trigger_span[1]) / 2
    free = [
        expr
        for expr, root in sentence.items
        if not any(_hops_up(root, doc[i], clause_bound=True) is not None for i in other_triggers)
    ]
    free.sort(key=lambda t: (t.value is None, abs((t.span[0] + t.span[1]) / 2 - middle)))
    return free[0] if free else None


class EventTimeLinker:
    """Set ``event.time`` to the governing time expression's id, else flag the default.

    An event no time expression governs gets ``time = None`` and ``time_is_default = True``: it is
    dated by ``article.published``, which exports use in its place.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Link every event of ``draft.analysis`` to its time."""
        doc, analysis = draft.doc, draft.analysis
        triggers = {event.id: _root(doc, event.trigger_span) for event in analysis.events}
        for event in analysis.events:
            others = {t.i for key, t in triggers.items() if t is not None and key != event.id}
            own = triggers[event.id]
            others.discard(own.i if own is not None else -1)
            found = governing_time(doc, event, analysis.times, others)
            event.time = found.id if found else None
            event.time_is_default = found is None
