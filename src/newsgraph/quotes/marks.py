"""Direct speech by its quotation marks: the quoted stretches of an article's text.

Straight (``"``), curly (``“ ”``), guillemets (``« »``) and TimeBank-style (````` ... ``''``)
marks are paired paragraph by paragraph. A paragraph that opens a quote without closing it runs on
into the next paragraph when that one opens with a quote mark (the news convention for a quote of
several paragraphs); otherwise the quote ends with its paragraph, so one stray mark cannot swallow
the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span

# Doubled backquotes and apostrophes are TimeBank/PTB-style marks; a lone apostrophe is not a mark
# (too often an apostrophe or a nested quote).
_MARK = re.compile(r"``|''|[\"“”«»„]")
_OPENERS = frozenset({"``", "“", "«", "„"})
# ``''`` closes a ````` quote but also opens one in texts that use it both ways (NYT archives).
_CLOSERS = frozenset({"”", "»"})
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class QuoteRun:
    """One quoted stretch: its content (marks excluded), in one or more paragraph pieces."""

    pieces: list[Span]

    @property
    def span(self) -> Span:
        """The covering span from the first piece's start to the last piece's end."""
        return (self.pieces[0][0], self.pieces[-1][1])


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    first = _MARK.match(text, start, end) if start < end else None
    return first is not None and first.group() not in _CLOSERS


def _closes_only(text: str, start: int, end: int, paragraph_end: int) -> bool:
    """A straight mark glued to the word before it and followed by a space or the paragraph's end
    ('When a young girl," the family moved') can only close a quotation."""
    glued = start > 0 and not text[start - 1].isspace()
    return glued and (end >= paragraph_end or text[end].isspace())


def find_quote_runs(text: str) -> list[QuoteRun]:
    """Return the quoted stretches of ``text`` in order, multi-paragraph quotes as one run."""
    runs: list[QuoteRun] = []
    carried: list[Span] = []  # pieces of a quote still open at the end of the previous paragraph
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        lead = p_start
        while lead < p_end and text[lead].isspace():
            lead += 1
        if carried and not _opens_paragraph(text, lead, p_end):
            runs.append(QuoteRun(carried))
            carried = []
        open_at: int | None = None
        opened_straight = False
        marks = list(_MARK.finditer(text, p_start, p_end))
        for number, mark in enumerate(marks):
            token = mark.group()
            if open_at is None:
                if token in _CLOSERS or (
                    token == '"' and _closes_only(text, mark.start(), mark.end(), p_end)
                ):
                    continue  # a closer with nothing open: a typo or a stray mark
                open_at = mark.end()
                opened_straight = token == '"'
                continue
            if token in _OPENERS:
                if opened_straight and all(m.group() != '"' for m in marks[number + 1 :]):
                    # a straight mark no straight mark closes, then a curly quote: the straight
                    # one was stray ('"Trump walked in, chanting “U-S-A!”'); the quote opens here
                    open_at = mark.end()
                    opened_straight = False
                continue  # nested or doubled opener: keep the outer quote
            piece = _strip(text, open_at, mark.start())
            open_at = None
            if piece is not None:
                runs.append(QuoteRun([*carried, piece]))
                carried = []
        if carried and open_at is None:
            # the continuing quote closed with no content of its own in this paragraph
            runs.append(QuoteRun(carried))
            carried = []
        if open_at is not None:
            piece = _strip(text, open_at, p_end)
            if piece is not None:
                carried = [*carried, piece]
    if carried:
        runs.append(QuoteRun(carried))
    return runs


# "Gingrich: Trump must decide" (headlines) and "SMITH: Well, I think ..." (transcripts): a short
# name that opens a paragraph, a colon, then what that source says, to the paragraph's end.
_COLON_SOURCE = re.compile(
    r"^[ \t]*(?P<source>[A-Z][\w.'’&-]*(?:[ \t]+[A-Za-z][\w.'’&-]*){0,3})[ \t]*(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)$",
    re.MULTILINE,
)


@dataclass
class ColonSource:
    """A paragraph of the form "Source: content"."""

    source: Span
    cue: Span
    content: Span


def find_colon_sources(text: str) -> list[ColonSource]:
    """Paragraphs that open with a short capitalised name and a colon, in text order."""
    found: list[ColonSource] = []
    for match in _COLON_SOURCE.finditer(text):
        if any(ch.isdigit() for ch in match.group("source")):
            continue  # "Update 3:", "10:30" are not sources
        start, end = match.span("content")
        while end > start and text[end - 1] in " \t.":
            end -= 1
        found.append(ColonSource(match.span("source"), match.span("cue"), (start, end)))
    return found
