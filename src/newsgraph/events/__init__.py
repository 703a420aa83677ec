"""The events stage: PLOVER events (who did what to whom, says who) coded from spaCy's parse.

Triggers come from a lexicon written from the PLOVER manual's definitions
(``data/plover_triggers.tsv``); actors and recipients from dependency patterns; negation, future,
hypothetical, reported and alleged events from the words that govern a trigger. Every event
carries ``evidence``: the lexicon entry and the patterns that decided it (``--explain``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from ..pipeline import Draft
from ..settings import Settings
from .coder import EventCoder
from .decide import decide
from .learned import EventModel, load_model
from .lexicon import Lexicon, default_lexicon, learned_trigger

__all__ = ["EventCoder", "EventModel", "EventStage", "Lexicon", "load_model"]

RULES_ONLY = "rules"
SHIPPED = "shipped"


class EventStage:
    """Adds ``events`` to the Analysis: the rules propose candidates, the trained model decides.

    ``model`` is the events model (the shipped one when None); ``rules_only`` codes with the
    hand-written rules alone, as before the model (for comparison: ``NEWSGRAPH_EVENTS_MODEL=rules``).
    A missing or broken model file raises TrainedModelError: analysis never falls back on its own.
    """

    def __init__(
        self,
        nlp: Language,
        lexicon: Lexicon | None = None,
        model: EventModel | None = None,
        rules_only: bool = False,
    ) -> None:
        self.nlp = nlp
        self.model = None if rules_only else (model or load_model())
        learned = {}
        if self.model is not None:
            learned = {
                (lemma, noun): learned_trigger(lemma, noun, kind) for lemma, noun, kind in self.model.triggers
            }
        quiet = frozenset(self.model.quiet) if self.model is not None else frozenset()
        self.coder = EventCoder(lexicon or default_lexicon(), learned=learned, quiet=quiet)

    @classmethod
    def from_settings(cls, nlp: Language, settings: Settings) -> EventStage:
        """The stage the settings ask for: the shipped model, a model file, or the rules alone."""
        choice = settings.events_model
        if choice == RULES_ONLY:
            return cls(nlp, rules_only=True)
        return cls(nlp, model=None if choice == SHIPPED else load_model(Path(choice)))

    def __call__(self, draft: Draft) -> None:
        """Code the events of every sentence of the draft's article."""
        if self.model is None:
            self.coder.code(draft.analysis, draft.doc)
        else:
            decide(self.coder, self.model, draft.analysis, draft.doc)
