"""The events stage: PLOVER events (who did what to whom, says who) coded from spaCy's parse.

Triggers come from a lexicon written from the PLOVER manual's definitions
(``data/plover_triggers.tsv``); actors and recipients from dependency patterns; negation, future,
hypothetical, reported and alleged events from the words that govern a trigger. Every event
carries ``evidence``: the lexicon entry and the patterns that decided it (``--explain``).
"""

from __future__ import annotations

from spacy.language import Language

from ..pipeline import Draft
from .coder import EventCoder
from .lexicon import Lexicon, default_lexicon

__all__ = ["EventCoder", "EventStage", "Lexicon"]


class EventStage:
    """Adds ``events`` to the Analysis: one PLOVER event per trigger that reports one."""

    def __init__(self, nlp: Language, lexicon: Lexicon | None = None) -> None:
        self.nlp = nlp
        self.coder = EventCoder(lexicon or default_lexicon())

    def __call__(self, draft: Draft) -> None:
        """Code the events of every sentence of the draft's article."""
        self.coder.code(draft.analysis, draft.doc)
