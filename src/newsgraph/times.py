"""Placeholder for the times stage: adds nothing yet."""

from __future__ import annotations

from spacy.language import Language

from .pipeline import Draft


class TimeStage:
    """The times stage (not built yet: adds nothing)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Add nothing yet."""


class EventTimeLinker:
    """Links events to times (not built yet: does nothing)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Do nothing yet."""
