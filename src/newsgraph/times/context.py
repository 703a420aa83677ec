"""What a rule needs to resolve a match: the anchor date, the tense around it, the text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

# The TIMEX3 types.
DATE = "DATE"
TIME = "TIME"
DURATION = "DURATION"
SET = "SET"


class Resolution(NamedTuple):
    """What a rule made of its match: the TIMEX3 type and value (None when unresolvable)."""

    type: str
    value: str | None


# A value that waits for the second pass: it is resolved against another time in the text
# ("three weeks after the vote", "two days later"). ``sign`` is +1 or -1; ``forward`` says to look
# for that time after the expression first (in "... after <event on a date>").
@dataclass(frozen=True)
class Relative:
    """A value relative to another time of the text, resolved once every absolute time is known."""

    type: str
    amount: int
    unit: str
    forward: bool
    # "three weeks after <an undated event>": with no time to count from, the text still states a
    # duration; this is its value and where its span ends ("three weeks"). None: stay unresolved.
    duration: str | None = None
    duration_end: int | None = None


@dataclass
class Context:
    """The facts about one article that rules read while resolving their matches.

    ``direction`` answers, for a character span, whether the clause around it speaks of the
    future (FUTURE), the past (PAST) or neither (None). ``is_ner_date`` says whether spaCy tagged a
    DATE or TIME entity over the span; ``inside_name`` whether the span lies inside a name (an
    ORG, a WORK_OF_ART, an EVENT) where "Sunday" or "Six-Day" is part of that name.
    """

    text: str
    anchor: dt.date | None
    direction: Callable[[int, int], str | None]
    is_ner_date: Callable[[int, int], bool] = field(default=lambda start, end: False)
    inside_name: Callable[[int, int], bool] = field(default=lambda start, end: False)

    def before(self, start: int, width: int = 24) -> str:
        """Return up to ``width`` characters before ``start``, lower-cased."""
        return self.text[max(0, start - width) : start].lower()

    def word_before(self, start: int) -> str:
        """Return the word just before ``start``, lower-cased ('' at the start)."""
        found = _LAST_WORD.search(self.before(start, 30))
        return found.group(1) if found else ""

    def opens_sentence(self, start: int) -> bool:
        """Whether ``start`` opens a sentence (after a full stop, a paragraph break or the text start)."""
        return _SENTENCE_OPENING.search(self.text[max(0, start - 6) : start]) is not None

    def after(self, end: int, width: int = 24) -> str:
        """Return up to ``width`` characters after ``end``."""
        return self.text[end : end + width]


_LAST_WORD = re.compile(r"([\w'$%]+)\W*$")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?]['\"”`]*\s+|\n\s*)[`'\"“]*$")
