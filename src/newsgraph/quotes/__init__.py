"""The quotes stage: every quote with its content, cue and speaker.

Direct quotes come from quotation marks (``marks``), indirect ones from the dependency parse
(``attribution``: "X said (that) ...", "according to X, ...", "X's support for ..."). The two meet
in ``assemble``: a direct quote takes the cue next to it ("...," he said), a quote resumed after
its attribution becomes one quote with parts, and an indirect quote that embeds a quoted fragment
is ``mixed``. These rules propose candidates; the trained quotes model (``decide``,
docs/quotes-model.md) keeps the real quotes and chooses each one's speaker. Speakers resolve to
entities through ``speakers``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from ..model import Quote
from ..pipeline import Draft
from ..settings import Settings
from .assemble import assemble_quotes, find_attributions, with_turns
from .attribution import AttributionFinder
from .decide import decide_quotes
from .learned import QuoteModel, load_model
from .lexicon import load_lexicon
from .marks import find_quote_runs
from .speakers import resolve_speaker, resolve_they

__all__ = ["QuoteModel", "QuoteStage", "load_model"]

RULES_ONLY = "rules"
SHIPPED = "shipped"


class QuoteStage:
    """Adds ``analysis.quotes``: direct, indirect and mixed quotes with cue and speaker.

    ``model`` is the quotes model (the shipped one when None); ``rules_only`` keeps the rules'
    own choice, as before the model (for comparison: ``NEWSGRAPH_QUOTES_MODEL=rules``). A missing
    or broken model file raises TrainedModelError: analysis never falls back on its own.
    """

    def __init__(self, nlp: Language, model: QuoteModel | None = None, rules_only: bool = False) -> None:
        self.nlp = nlp
        self.lexicon = load_lexicon()
        self.finder = AttributionFinder(self.lexicon)
        self.model = None if rules_only else (model or load_model())

    @classmethod
    def from_settings(cls, nlp: Language, settings: Settings) -> QuoteStage:
        """The stage the settings ask for: the shipped model, a model file, or the rules alone."""
        choice = settings.quotes_model
        if choice == RULES_ONLY:
            return cls(nlp, rules_only=True)
        return cls(nlp, model=None if choice == SHIPPED else load_model(Path(choice)))

    def __call__(self, draft: Draft) -> None:
        """Find the article's quotes and add them to ``draft.analysis.quotes`` in text order."""
        analysis = draft.analysis
        text = analysis.article.text
        runs = find_quote_runs(text)
        attributions = find_attributions(self.finder, draft.doc, text, runs)
        if self.model is None:
            found = assemble_quotes(text, runs, attributions)
        else:
            found = decide_quotes(self.model, self.lexicon, analysis, draft.doc, runs, attributions)
        found = with_turns(found, analysis.article.turns or ())
        resolve_they(analysis, draft.doc, found)
        for number, item in enumerate(found, start=1):
            speaker = resolve_speaker(analysis, draft.doc, item.speaker_token, item.speaker)
            analysis.quotes.append(
                Quote(
                    id=f"Q{number}",
                    span=item.span,
                    kind=item.kind,
                    speaker=speaker,
                    speaker_span=item.speaker,
                    cue_span=item.cue,
                    parts=item.parts,
                )
            )
