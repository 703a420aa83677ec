"""Placeholder for the entities stage: adds nothing yet."""

from __future__ import annotations

from spacy.language import Language

from .pipeline import Draft


class EntityStage:
    """The entities stage (not built yet: adds nothing)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Add nothing yet."""
