"""Rules for calendar dates written out: "Sept. 13, 2023", "July 2022", "2022", "the 1990s", "Q3"."""

from __future__ import annotations

import datetime as dt
import re

from dateutil.easter import easter

from .calendar_math import (
    FUTURE,
    PAST,
    day_value,
    month_day_year,
    month_value,
    month_year,
    season_year,
)
from .context import DATE, Context, Resolution
from .lexicon import (
    ANCHOR_MONTH,
    ANCHOR_NAMED,
    ANCHOR_UNIT,
    ANCHOR_YEAR,
    DECADE_WORDS,
    HOLIDAYS,
    MONTH,
    MONTH_BEFORE_DAY,
    MONTH_FULL,
    ORDINAL,
    SEASON,
    SEASONS,
    WEEKDAY,
    alternation,
)
from .rules import Rule, month_number, ordinal_number, rule

# Words after which a bare four-digit number is a year ("in 2022", "since 1998").
YEAR_PREPOSITIONS = frozenset(
    "in since by until till before after during from to through of between and or early late mid "
    "fiscal year years the around circa c. ca. spring summer fall autumn winter than until".split()
)
# Edges of a period: "the start of 2022" has the value of 2022 (TIMEX3 has no finer code).
EDGE = r"(?:(?:the\s+)?(?:very\s+)?(?:start|beginning|end|middle|close|turn|rest|remainder|first\s+half|second\s+half)\s+of\s+)"
PERIOD_MODIFIER = rf"(?:{EDGE}|(?:early|late|mid)[-\s]?)"


def _valid_day(year: int, month: int, day: int) -> str | None:
    try:
        return day_value(dt.date(year, month, day))
    except ValueError:
        return None


def _direction(m: re.Match[str], ctx: Context) -> str | None:
    return ctx.direction(m.start(), m.end())


def _month_day(m: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_number(m.group("month"))
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.anchor is None:
        return Resolution(DATE, None)
    else:
        year = month_day_year(ctx.anchor, month, day, _direction(m, ctx))
    value = _valid_day(year, month, day)
    last_day = m.groupdict().get("last")
    if value and last_day:
        # "Sept. 13-15": an ISO 8601 interval of days, like a range of years.
        last = _valid_day(year, month, int(last_day))
        return Resolution(DATE, f"{value}/{last}") if last and last > value else None
    return Resolution(DATE, value) if value else None


def _iso(m: re.Match[str], ctx: Context) -> Resolution | None:
    value = _valid_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return Resolution(DATE, value) if value else None


def _slashed(m: re.Match[str], ctx: Context) -> Resolution | None:
    # News in English on this side of the Atlantic writes M/D/Y; a first number over 12 is D/M/Y.
    first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (first, second) if first <= 12 else (second, first)
    value = _valid_day(year, month, day)
    return Resolution(DATE, value) if value else None


def _month_year(m: re.Match[str], ctx: Context) -> Resolution:
    return Resolution(DATE, month_value(int(m.group("year")), month_number(m.group("month"))))


def _month_alone(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("month")
    modifier = (m.group("mod") or "").lower().strip()
    before = ctx.word_before(m.start())
    # "May" the verb, "April Ryan" the person: a month alone needs a cue that it is a month.
    follows_name = re.match(r"\s+[A-Z][a-z]", ctx.after(m.end(), 3)) is not None
    cued = (
        bool(modifier) or before in YEAR_PREPOSITIONS or before in ("last", "next", "this", "each", "every")
    )
    if (word.lower() == "may" or follows_name) and not cued:
        return None
    if not cued and not ctx.is_ner_date(m.start(), m.end()):
        return None
    if ctx.anchor is None:
        return Resolution(DATE, None)
    month = month_number(word)
    if modifier.startswith("last"):
        year = month_year(ctx.anchor, month, PAST, strict=True)
    elif modifier.startswith("next"):
        year = month_year(ctx.anchor, month, FUTURE, strict=True)
    else:
        year = month_year(ctx.anchor, month, _direction(m, ctx))
    return Resolution(DATE, month_value(year, month))


def _is_year(m: re.Match[str], ctx: Context) -> bool:
    if m.group("mod"):
        return True
    if ctx.word_before(m.start()) in YEAR_PREPOSITIONS or ctx.is_ner_date(m.start(), m.end()):
        return True
    return re.match(r"(?:\s*[,.;:)!?\"”]|'s|\s*$)", ctx.after(m.end(), 3)) is not None


def _year(m: re.Match[str], ctx: Context) -> Resolution | None:
    if re.match(r"[.,]\d", ctx.after(m.end(), 2)) or not _is_year(m, ctx):
        return None  # "closed at 2082.1": an index level, not a year
    year = m.group("year")
    edge = (m.group("mod") or "").lower()
    if "first half" in edge:
        return Resolution(DATE, f"{year}-H1")
    if "second half" in edge:
        return Resolution(DATE, f"{year}-H2")
    return Resolution(DATE, year)


def _year_range(m: re.Match[str], ctx: Context) -> Resolution | None:
    # A range is written as an ISO 8601 interval of years, "1950/1953" (TIMEX3 has no range type).
    first, last = m.group(1), m.group(2)
    if len(last) == 2:
        last = first[:2] + last
    if not int(first) < int(last) <= int(first) + 100:
        return None
    return Resolution(DATE, f"{first}/{last}")


def _decade(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("full"):
        return Resolution(DATE, m.group("full")[:3])
    digit = int(m.group("short"))
    century = 19
    if ctx.anchor is not None and digit <= (ctx.anchor.year % 100) // 10 and ctx.anchor.year >= 2000:
        century = 20
    return Resolution(DATE, f"{century}{digit}")


def _decade_word(m: re.Match[str], ctx: Context) -> Resolution:
    return Resolution(DATE, f"19{DECADE_WORDS[m.group('word').lower()]}")


_TENS_WORDS = {
    "twenty": 2,
    "thirty": 3,
    "forty": 4,
    "fifty": 5,
    "sixty": 6,
    "seventy": 7,
    "eighty": 8,
    "ninety": 9,
}
_DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Years as broadcast transcripts spell them: "nineteen ninety-six", "the year two thousand".
_SPELLED_YEAR = (
    rf"(?:the\s+year\s+)?nineteen\s+(?P<tens>{alternation(_TENS_WORDS)})(?:[-\s](?P<units>{alternation(_DIGIT_WORDS)}))?"
    rf"|the\s+year\s+two\s+thousand(?:\s+and\s+(?P<units2>{alternation(_DIGIT_WORDS)}))?"
)


def _spelled_year(m: re.Match[str], ctx: Context) -> Resolution:
    if m.group("tens"):
        units = _DIGIT_WORDS.index(m.group("units").lower()) + 1 if m.group("units") else 0
        return Resolution(DATE, f"19{_TENS_WORDS[m.group('tens').lower()]}{units}")
    units = _DIGIT_WORDS.index(m.group("units2").lower()) + 1 if m.group("units2") else 0
    return Resolution(DATE, f"200{units}")


def _century(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("nth").lower()
    number = ordinal_number(word) or (int(word[:-2]) if word[:-2].isdigit() else None)
    if not number or number > 30:
        return None
    return Resolution(DATE, f"{number - 1:02d}")


def _quarter_of_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    number = ordinal_number(m.group("nth")) if m.group("nth") else int(m.group("q"))
    if not number or number > 4:
        return None
    return Resolution(DATE, f"{m.group('year')}-Q{number}")


def _holiday(m: re.Match[str], ctx: Context) -> Resolution:
    name = re.sub(r"\s+", " ", m.group("name").lower()).replace("’", "'")
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.anchor is None:
        return Resolution(DATE, None)
    else:
        month, day = HOLIDAYS.get(name, _MOVING_HOLIDAYS.get(name, (11, 22)))
        year = month_day_year(ctx.anchor, month, day, _direction(m, ctx))
    if name.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        return Resolution(DATE, day_value(first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)))
    if name == "election day":
        # U.S. federal elections: the Tuesday after the first Monday of November.
        first = dt.date(year, 11, 2)
        return Resolution(DATE, day_value(first + dt.timedelta(days=(1 - first.weekday()) % 7)))
    if name.startswith("easter"):
        return Resolution(DATE, day_value(easter(year)))
    month, day = HOLIDAYS[name]
    return Resolution(DATE, day_value(dt.date(year, month, day)))


def _season(m: re.Match[str], ctx: Context) -> Resolution | None:
    code = SEASONS[m.group("season").lower()]
    modifier = (m.group("mod") or "").lower()
    if m.group("year"):
        return Resolution(DATE, f"{m.group('year')}-{code}")
    verb_like = m.group("season").lower() in ("fall", "spring") and modifier.strip() in ("", "the")
    # "fall" and "spring" the verbs; "the fall of Kabul", "the Arab Spring"
    if verb_like and (
        not modifier or re.match(r"\s+of\b", ctx.after(m.end(), 4)) or ctx.inside_name(m.start(), m.end())
    ):
        return None
    if ctx.anchor is None:
        return Resolution(DATE, None)
    if "last" in modifier or "past" in modifier:
        year = season_year(ctx.anchor - dt.timedelta(days=92), code, PAST)
    elif "next" in modifier or "coming" in modifier:
        year = season_year(ctx.anchor + dt.timedelta(days=92), code, FUTURE)
    else:
        year = season_year(ctx.anchor, code, _direction(m, ctx))
    return Resolution(DATE, f"{year}-{code}")


YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# Holidays whose date moves, with a typical day for choosing their year.
_MOVING_HOLIDAYS = {"election day": (11, 5), "easter sunday": (4, 10), "easter": (4, 10)}
_HOLIDAY_NAMES = alternation([*HOLIDAYS, *_MOVING_HOLIDAYS, "thanksgiving day", "thanksgiving"])

RULES: list[Rule] = [
    rule("iso date", r"(\d{4})-(\d{2})-(\d{2})", _iso, names_ok=True, anchor=ANCHOR_YEAR),
    rule("slashed date", r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", _slashed, names_ok=True, anchor=ANCHOR_YEAR),
    rule(
        "month day",
        rf"(?:{WEEKDAY},?\s+)?(?P<month>{MONTH_BEFORE_DAY})\s+{DAY}(?:\s?[-–]\s?(?P<last>\d{{1,2}})(?!\d))?(?:,?\s+{YEAR})?(?!\d)",
        _month_day,
        names_ok=True,
        anchor=ANCHOR_MONTH,
    ),
    rule(
        "day month",
        rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<month>{MONTH}|{MONTH_FULL})(?:,?\s+{YEAR})?",
        _month_day,
        names_ok=True,
        anchor=ANCHOR_MONTH,
    ),
    rule(
        "month year",
        rf"(?:{PERIOD_MODIFIER})?(?P<month>{MONTH})\s*,?\s+(?:of\s+)?{YEAR}",
        _month_year,
        names_ok=True,
        anchor=ANCHOR_MONTH,
    ),
    rule(
        "month",
        rf"(?P<mod>(?:last|next|this|this\s+past|early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)[-\s]+)?(?P<month>{MONTH})(?!\s*\d)",
        _month_alone,
        anchor=ANCHOR_MONTH,
    ),
    rule(
        "year range",
        r"(1[6-9]\d\d|20\d\d)\s?[-–]\s?(1[6-9]\d\d|20\d\d|\d\d)(?![-–]?\d)",
        _year_range,
        names_ok=True,
        anchor=ANCHOR_YEAR,
    ),
    rule(
        "year",
        rf"(?P<mod>{PERIOD_MODIFIER}|fiscal\s+(?:year\s+)?|FY\s?|the\s+year\s+)?{YEAR}(?![-–]\d)",
        _year,
        names_ok=True,
        anchor=ANCHOR_YEAR,
    ),
    rule(
        "decade",
        r"(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:(?P<full>1[5-9]\d0|20\d0)|['’](?P<short>\d)0)['’]?s",
        _decade,
        names_ok=True,
        anchor=ANCHOR_YEAR,
    ),
    rule(
        "decade word",
        rf"the\s+(?:(?:early|mid|late)[-\s]+)?(?P<word>{alternation(DECADE_WORDS)})",
        _decade_word,
        anchor=ANCHOR_NAMED,
    ),
    rule(
        "century",
        rf"(?:the\s+)?(?P<nth>{ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))[-\s]+century",
        _century,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "quarter of year",
        rf"(?:(?:the\s+)?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?:fiscal[-\s]+)?quarter\s+(?:of\s+)?(?:fiscal\s+)?|Q(?P<q>[1-4])\s*){YEAR}",
        _quarter_of_year,
        names_ok=True,
        anchor=ANCHOR_YEAR,
    ),
    rule("spelled year", _SPELLED_YEAR, _spelled_year, anchor=r"nineteen|two thousand"),
    rule("holiday", rf"(?P<name>{_HOLIDAY_NAMES})(?:,?\s+{YEAR})?", _holiday, anchor=ANCHOR_NAMED),
    rule(
        "season",
        rf"(?P<mod>(?:last|this|next|this\s+past|the\s+past|the\s+coming|early|late|the|mid)[-\s]+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?{YEAR})?",
        _season,
        anchor=ANCHOR_NAMED,
    ),
]
