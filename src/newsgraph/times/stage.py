"""The times stage: every time expression of the article, typed and resolved (TIMEX3)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Messages
from ..model import TimeExpr
from ..pipeline import Draft
from .calendar_math import parse_anchor
from .context import Context
from .tagger import find_times
from .tense import span_direction

# spaCy labels whose names may contain a weekday or a number of days that is not a time of its
# own ("Fox News Sunday", "the Six-Day War").
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "PERSON", "FAC", "PRODUCT", "LAW"})


def article_context(text: str, published: str | None, doc: Doc) -> Context:
    """Build the Context the rules read from an article's text, publication date and parse."""
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    date_ents = [(s, e) for s, e, label in ents if label in ("DATE", "TIME")]
    name_ents = [(s, e) for s, e, label in ents if label in NAME_LABELS]

    def is_ner_date(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in date_ents)

    def inside_name(start: int, end: int) -> bool:
        return any(s <= start and end <= e and (e - s) > (end - start) for s, e in name_ents)

    def direction(start: int, end: int) -> str | None:
        return span_direction(doc, start, end)

    return Context(
        text=text,
        anchor=parse_anchor(published),
        direction=direction,
        is_ner_date=is_ner_date,
        inside_name=inside_name,
    )


def tag_times(text: str, published: str | None, doc: Doc) -> list[TimeExpr]:
    """Return the article's time expressions as TimeExprs T1, T2, ... in text order."""
    ctx = article_context(text, published, doc)
    return [
        TimeExpr(id=f"T{number}", span=(start, end), type=resolution.type, value=resolution.value)
        for number, (start, end, resolution, _rule) in enumerate(find_times(ctx), start=1)
    ]


class TimeStage:
    """Fill ``analysis.times``: spans, TIMEX3 types and values resolved against the publication date.

    Relative expressions ("yesterday", "on Wednesday", "last year") need the publication date;
    without one they keep their span and type with value None, and a warning says so. An
    expression that cannot be resolved is never given a guessed date.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, draft: Draft) -> None:
        """Add the article's time expressions to ``draft.analysis.times``."""
        article = draft.analysis.article
        draft.analysis.times = tag_times(article.text, article.published, draft.doc)
        if parse_anchor(article.published) is None:
            draft.analysis.warnings.append(Messages.NO_PUBLICATION_DATE)
