"""The quotes stage: every quote with its content, cue and speaker.

Direct quotes come from quotation marks (``marks``), indirect ones from the dependency parse
(``attribution``: "X said (that) ...", "according to X, ...", "X's support for ..."). The two meet
here: a direct quote takes the cue next to it ("...," he said), a quote resumed after its
attribution becomes one quote with parts, and an indirect quote that embeds a quoted fragment is
``mixed``. Speakers resolve to entities through ``speakers``.
"""

from __future__ import annotations

from spacy.language import Language

from ..model import Quote
from ..pipeline import Draft
from .assemble import assemble_quotes, colon_attributions
from .attribution import AttributionFinder, QuotedText
from .lexicon import load_lexicon
from .marks import find_quote_runs
from .speakers import resolve_speaker

__all__ = ["QuoteStage"]


class QuoteStage:
    """Adds ``analysis.quotes``: direct, indirect and mixed quotes with cue and speaker."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.finder = AttributionFinder(load_lexicon())

    def __call__(self, draft: Draft) -> None:
        """Find the article's quotes and add them to ``draft.analysis.quotes`` in text order."""
        analysis = draft.analysis
        text = analysis.article.text
        runs = find_quote_runs(text)
        attributions = self.finder.find(draft.doc, text, QuotedText(run.span for run in runs))
        attributions.extend(colon_attributions(text))
        found = assemble_quotes(text, runs, attributions)
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
