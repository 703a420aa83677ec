"""Interview transcripts: the turns of a question-and-answer text, each marked with its speaker.

A turn is a paragraph that opens with its speaker's marker: Wikinews writes ``((WN)) What got you
into cosplay?`` or ``((WSS)) : Which past U.S. president do you most admire?`` (the initials of the
reporter), transcripts of broadcasts ``WALLACE: But, Governor Pence, ...`` or ``Q: ...``. The
guidelines (docs/annotation.md, Q5) make each turn a direct quote of the marked speaker with no cue;
the entities stage makes the marker a mention of the person it names, "I" in a turn its speaker and
"you" the one the turn is put to.

``find_turns`` runs once per article, when the Article is built (``Article.turns``), and every stage
reads that. This module imports nothing of newsgraph, so that the data model can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

# "((WN))", "((WSS)) :", "((Jillea))": Wikinews's marker, always a turn.
_PARENTHESIZED = re.compile(r"\(\(\s*(?P<label>[A-Za-z][\w.' -]{0,30}?)\s*\)\)[ \t]*:?[ \t]*")
# "WALLACE:", "Q:", "MR. TRUMP:": a capitalised label and a colon, a turn only where the text has
# at least two of them (one such line is more likely a heading: "UPDATE: ...").
_CAPITALS = re.compile(r"(?P<label>[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,2}):[ \t]+")
_MIN_CAPITAL_TURNS = 2
# Capitalised labels of page furniture and headings, not speakers.
_NOT_SPEAKERS = frozenset(
    """UPDATE UPDATED BREAKING NOTE EDITOR'S CORRECTION CLARIFICATION WATCH READ RELATED PHOTO
    PHOTOS VIDEO SOURCE SOURCES WARNING ALERT EXCLUSIVE OPINION ANALYSIS LIVE FACT CHECK TRANSCRIPT
    ADVERTISEMENT SPONSORED""".split()
)
_OPENING_MARKS = "\"“'‘"
_CLOSING_MARKS = "\"”'’"


@dataclass(frozen=True)
class Turn:
    """One turn: the span of its speaker's marker (the words inside "((...))" or before the colon)
    and the span of what is said, to the end of the paragraph."""

    label: Span
    content: Span


def _label_words(label: str) -> list[str]:
    return [word.strip(".'") for word in label.split() if word.strip(".'")]


def _turn_at(text: str, line_start: int, line_end: int, pattern: re.Pattern[str]) -> Turn | None:
    at = line_start
    while at < line_end and text[at] in " \t":
        at += 1
    opened = at < line_end and text[at] in _OPENING_MARKS
    if opened:
        at += 1
    match = pattern.match(text, at, line_end)
    if match is None:
        return None
    if pattern is _CAPITALS and any(word in _NOT_SPEAKERS for word in _label_words(match["label"])):
        return None
    start, end = match.end(), line_end
    while end > start and text[end - 1].isspace():
        end -= 1
    if opened and end > start and text[end - 1] in _CLOSING_MARKS:
        end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    return Turn(label=(match.start("label"), match.end("label")), content=(start, end))


def line_spans(text: str) -> list[Span]:
    """The span of each line of a text, without its line break."""
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def find_turns(text: str) -> tuple[Turn, ...]:
    """The turns of an interview transcript in the text, in text order (none in ordinary prose)."""
    lines = line_spans(text)
    found: list[Turn] = []
    capital: list[Turn] = []
    for line_start, line_end in lines:
        turn = _turn_at(text, line_start, line_end, _PARENTHESIZED)
        if turn is not None:
            found.append(turn)
            continue
        turn = _turn_at(text, line_start, line_end, _CAPITALS)
        if turn is not None:
            capital.append(turn)
    if len(capital) >= _MIN_CAPITAL_TURNS:
        found.extend(capital)
    return tuple(sorted(found, key=lambda turn: turn.content))


def label_initials(label: str) -> str:
    """A marker as the letters it may abbreviate a name by: "WSS", "W.S.S." -> "WSS"."""
    return "".join(ch for ch in label.upper() if ch.isalpha())
