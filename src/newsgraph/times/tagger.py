"""Find and resolve every time expression of a text: the rules, then times counted from others.

Every rule runs over the whole text; where matches overlap the longest wins (then the earlier
rule), so "the first nine months of 1989" beats "1989" and "three weeks after" beats "three weeks".
Values counted from another time of the text ("two days later") are resolved in a second pass,
once every other time is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .absolute import RULES as ABSOLUTE_RULES
from .calendar_math import day_value, shift
from .context import DURATION, Context, Relative, Resolution
from .durations import RULES as DURATION_RULES
from .relative import RULES as RELATIVE_RULES
from .rules import Rule

# Priority order when two matches are equally long: explicit dates first.
ALL_RULES: tuple[Rule, ...] = (*ABSOLUTE_RULES, *RELATIVE_RULES, *DURATION_RULES)

_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
# How far after "three weeks after" to look for the date of the event it is counted from.
_FORWARD_CHARS = 80


# Every rule runs only near its anchor's hits: this far before (hedges and modifiers come first:
# "no more than the past eighteen months") and after (a year or time zone after a month name).
_BEFORE_ANCHOR = 80
_AFTER_ANCHOR = 60
_ANCHORS: dict[str, re.Pattern[str]] = {rule.anchor: re.compile(rule.anchor) for rule in ALL_RULES}
_SPACE = re.compile(r"\s")


def _windows(lowered: str, anchor: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged character windows around the anchor's hits, ending at white space (never mid-word)."""
    merged: list[tuple[int, int]] = []
    for hit in anchor.finditer(lowered):
        start = max(0, hit.start() - _BEFORE_ANCHOR)
        end = min(len(lowered), hit.end() + _AFTER_ANCHOR)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    out = []
    for start, end in merged:
        space = _SPACE.search(lowered, end)
        out.append((start, space.start() if space else len(lowered)))
    return out


@dataclass
class Found:
    """One time expression: its span, and its resolution (a Relative until the second pass)."""

    start: int
    end: int
    resolution: Resolution | Relative
    rule: str


def find_times(ctx: Context) -> list[tuple[int, int, Resolution, str]]:
    """Return (start, end, resolution, rule name) of every time expression, in text order."""
    text = ctx.text
    lowered = text.lower()
    windows: dict[str, list[tuple[int, int]]] = {}
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for order, current in enumerate(ALL_RULES):
        if current.anchor not in windows:
            windows[current.anchor] = _windows(lowered, _ANCHORS[current.anchor])
        for window_start, window_end in windows[current.anchor]:
            for m in current.pattern.finditer(text, window_start, window_end):
                candidates.append((m.start(), m.end(), order, m))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(text))
    found: list[Found] = []
    for start, end, order, m in candidates:
        if 1 in taken[start:end]:
            continue
        current = ALL_RULES[order]
        if not current.names_ok and ctx.inside_name(start, end):
            continue
        resolution = current.resolve(m, ctx)
        if resolution is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        found.append(Found(start, end, resolution, current.name))
    found.sort(key=lambda f: f.start)
    return _year_ago_quarters([_settle(f, found, ctx) for f in found], text)


def _year_ago_quarters(
    times: list[tuple[int, int, Resolution, str]], text: str
) -> list[tuple[int, int, Resolution, str]]:
    """In a sentence about a quarter, "a year ago" / "a year earlier" is that quarter a year back.

    "Third-quarter profit rose 5% from a year earlier": the comparison is with the third quarter
    of the year before, not with the whole year.
    """
    out = list(times)
    for index, (start, end, resolution, rule_name) in enumerate(times):
        if not _YEAR_BACK.match(text[start:end]):
            continue
        quarters = [
            (abs(other_start - start), other.value)
            for other_start, other_end, other, _ in times
            if other.value
            and _QUARTER.match(other.value)
            # "the year-ago quarter" is itself a year back: the comparison is with the current one.
            and not _LOOKS_BACK.search(text[other_start:other_end])
            and (
                _same_sentence(text, start, end, other_start, other_end)
                or 0 <= start - other_end <= _QUARTER_REACH
            )
        ]
        if quarters:
            year, quarter = min(quarters)[1].split("-")  # type: ignore[union-attr]
            out[index] = (start, end, Resolution(resolution.type, f"{int(year) - 1}-{quarter}"), rule_name)
    return out


def _same_sentence(text: str, start: int, end: int, other_start: int, other_end: int) -> bool:
    between = text[min(end, other_end) : max(start, other_start)]
    return _SENTENCE_END.search(between) is None


_YEAR_BACK = re.compile(
    r"(?:a|one)\s+year\s+(?:ago|earlier)$|(?:the\s+)?year[-\s](?:ago|earlier)$", re.IGNORECASE
)
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_LOOKS_BACK = re.compile(r"\b(?:ago|earlier|prior)\b", re.IGNORECASE)
# Results stories name the quarter once, then compare figures "from a year earlier" for a few
# sentences: a quarter this far back still sets what the comparison is with.
_QUARTER_REACH = 800
_SENTENCE_END = re.compile(r"[.!?]['\"”]?\s+[A-Z\"“']|\n\s*\n")


def _settle(item: Found, found: list[Found], ctx: Context) -> tuple[int, int, Resolution, str]:
    resolution = item.resolution
    if isinstance(resolution, Resolution):
        return item.start, item.end, resolution, item.rule
    reference = _reference(item, found, ctx)
    if reference is not None:
        value = _count_from(reference, resolution)
        return item.start, item.end, Resolution(resolution.type, value), item.rule
    if resolution.duration is not None and resolution.duration_end is not None:
        # Nothing to count from: what the text states is the duration ("three weeks").
        return item.start, resolution.duration_end, Resolution(DURATION, resolution.duration), item.rule
    return item.start, item.end, Resolution(resolution.type, None), item.rule


def _reference(item: Found, found: list[Found], ctx: Context) -> tuple[str, dt.date] | None:
    """The time an expression is counted from: a date just after "after"/"before", else the last one before it."""
    relative = item.resolution
    assert isinstance(relative, Relative)
    if relative.forward:
        for other in found:
            if item.end <= other.start <= item.end + _FORWARD_CHARS:
                calendar = _calendar(other)
                if calendar and "." not in ctx.text[item.end : other.start]:
                    return calendar
    for other in reversed(found):
        if other.end <= item.start:
            calendar = _calendar(other)
            if calendar:
                return calendar
    return None


def _calendar(item: Found) -> tuple[str, dt.date] | None:
    """(granularity D/M/Y, first day) of a resolved calendar value, else None."""
    resolution = item.resolution
    if not isinstance(resolution, Resolution) or resolution.value is None:
        return None
    m = _CALENDAR.match(resolution.value)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    granularity = "D" if m.group(3) else "M" if m.group(2) else "Y"
    try:
        return granularity, dt.date(year, month, day)
    except ValueError:
        return None


def _count_from(reference: tuple[str, dt.date], relative: Relative) -> str | None:
    """The value ``relative`` away from the reference, never finer than either of them."""
    granularity, base = reference
    rank = {"D": 0, "W": 0, "M": 1, "Y": 2}
    if rank[relative.unit] < rank[granularity]:
        return None  # "three days after" a month: no day can be named
    if granularity == "D" and relative.unit in ("D", "W"):
        days = relative.amount * (7 if relative.unit == "W" else 1)
        return day_value(base + dt.timedelta(days=days))
    return shift(base, relative.amount, relative.unit)
