"""A rule: one compiled pattern and the function that turns its match into a TIMEX3 value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .context import Context, Relative, Resolution
from .lexicon import MONTHS, NUMBER_WORDS, ORDINALS, UNITS, WEEKDAYS

# A resolver returns the Resolution (or a Relative to finish later), or None to reject the match
# (a bare number that is not a year, "May" the verb).
Resolver = Callable[[re.Match[str], Context], Resolution | Relative | None]

# Word boundaries that treat a hyphen as part of the word, so "mid-2022" is one piece.
START = r"(?<![\w\-/.])"
END = r"(?![\w/])"


@dataclass(frozen=True)
class Rule:
    """A named pattern (compiled once, case-insensitive), its anchor and its resolver.

    The ``anchor`` is a cheap pattern over the lower-cased text that every match contains (a
    month name, a unit word, a year): the rule runs only in windows around the anchor's hits,
    which keeps the stage fast on long articles. ``names_ok`` lets the rule match inside a named
    entity (a year in "the 1950-53 Korean War"); other rules skip matches inside names ("Fox
    News Sunday", "the Six-Day War").
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    anchor: str
    names_ok: bool = False


def rule(name: str, pattern: str, resolve: Resolver, *, anchor: str, names_ok: bool = False) -> Rule:
    """Build a Rule, compiling ``pattern`` case-insensitively between word boundaries."""
    return Rule(name, re.compile(f"{START}(?:{pattern}){END}", re.IGNORECASE), resolve, anchor, names_ok)


def month_number(word: str) -> int:
    """Return the month number of a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """Return the weekday number (Monday 0) of a weekday name."""
    return WEEKDAYS[word.lower().rstrip(".")]


_HALF = re.compile(r"\s*(?:1/2|½)$|\s+and\s+a\s+half$", re.IGNORECASE)


def parse_number(text: str) -> tuple[float | None, bool]:
    """Return (value, has_half) of a cardinal in digits or words; value None when vague.

    "2 1/2" -> (2, True), "twenty-five" -> (25, False), "several" -> (None, False).
    """
    text = text.lower().strip()
    half = bool(_HALF.search(text))
    text = _HALF.sub("", text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text), half
    text = re.sub(r"\s+", " ", text)
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text]), half
    parts = re.split(r"[-\s]", text)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]), half
    return None, half


def ordinal_number(word: str) -> int | None:
    """Return the number of an ordinal ("third", "3rd"), or None."""
    return ORDINALS.get(word.lower())


def unit_of(word: str) -> tuple[str, int, bool]:
    """Return (ISO designator, multiplier, is_time_unit) of a unit word, plural or not."""
    word = word.lower()
    if word.startswith("centur"):
        return UNITS["century"]
    return UNITS[word[:-1] if word.endswith("s") and word[:-1] in UNITS else word]


def duration_value(amount: float | None, unit_word: str, half: bool = False) -> str:
    """Return an ISO 8601 duration: (18, "months") -> P18M, (None, "years") -> PXY, (2, "hours", half) -> PT2H30M."""
    designator, multiplier, is_time = unit_of(unit_word)
    prefix = "PT" if is_time else "P"
    if amount is None:
        if multiplier == 10:
            return "PXDE"
        if multiplier == 100:
            return "PXCE"
        return f"{prefix}X{designator}"
    total = amount * multiplier
    if half:
        # A half of the unit in the next smaller one where ISO 8601 allows it, else a decimal.
        if (designator, is_time) == ("Y", False) and multiplier == 1:
            return f"P{_number(total)}Y6M"
        if (designator, is_time) == ("D", False):
            return f"P{_number(total)}DT12H"
        if (designator, is_time) == ("H", True):
            return f"PT{_number(total)}H30M"
        if (designator, is_time) == ("M", True):
            return f"PT{_number(total)}M30S"
        total += 0.5 * multiplier
    return f"{prefix}{_number(total)}{designator}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
