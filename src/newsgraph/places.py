"""Placeholder for the places stage: adds nothing yet."""

from __future__ import annotations

from spacy.language import Language

from .pipeline import Draft


class PlaceStage:
    """The places stage (not built yet: adds nothing)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Add nothing yet."""


class EventPlaceLinker:
    """Links events to places (not built yet: does nothing)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Do nothing yet."""
