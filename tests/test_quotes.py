"""The quotes stage: direct, indirect and mixed quotes with content, cue and speaker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.model import Analysis, Article, Entity, Quote
from newsgraph.pipeline import Draft
from newsgraph.quotes import QuoteStage


@pytest.fixture(scope="module")
def stage(nlp: Language) -> QuoteStage:
    """One QuoteStage for the module."""
    return QuoteStage(nlp)


def run_stage(nlp: Language, stage: QuoteStage, text: str, entities: list[Entity] | None = None) -> Analysis:
    """Parse ``text`` and run only the quotes stage over it (with the given entities)."""
    analysis = Analysis(article=Article(text=text), entities=list(entities or []))
    stage(Draft(analysis=analysis, doc=nlp(text)))
    return analysis


def find(analysis: Analysis, content: str) -> Quote:
    """The quote whose content is exactly ``content``; fails the test when there is none."""
    for quote in analysis.quotes:
        if analysis.slice(quote.span) == content:
            return quote
    found = [analysis.slice(q.span) for q in analysis.quotes]
    raise AssertionError(f"no quote with content {content!r}; found {found}")


DIRECT = [
    # straight marks, cue after
    (
        '"We will rebuild the bridge by spring," the mayor said.',
        "We will rebuild the bridge by spring,",
        "the mayor",
        "said",
    ),
    # curly marks, inverted cue
    (
        "“The talks are over for now,” said Foreign Minister Ana Ruiz.",
        "The talks are over for now,",
        "Foreign Minister Ana Ruiz",
        "said",
    ),
    # TimeBank-style marks
    (
        "``We expect a long winter,'' the farmer told reporters.",
        "We expect a long winter,",
        "the farmer",
        "told",
    ),
    # guillemets, cue before with a colon
    (
        "The general declared: «Our troops will stay in the north until the spring.»",
        "Our troops will stay in the north until the spring.",
        "The general",
        "declared",
    ),
    # cue before with a comma
    (
        'The senator wrote, "Nobody in this chamber voted for a tax rise."',
        "Nobody in this chamber voted for a tax rise.",
        "The senator",
        "wrote",
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), DIRECT)
def test_direct_quotes_by_mark_style(
    nlp: Language, stage: QuoteStage, text: str, content: str, speaker: str, cue: str
) -> None:
    """Each quotation mark style gives one direct quote without its marks, with cue and speaker."""
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, content)
    assert quote.kind == "direct"
    assert analysis.slice(quote.speaker_span) == speaker
    assert analysis.slice(quote.cue_span).startswith(cue)
