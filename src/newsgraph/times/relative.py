"""Rules for dates relative to the publication date: "yesterday", "on Wednesday", "last year", "now"."""

from __future__ import annotations

import datetime as dt
import re

from .calendar_math import (
    FUTURE,
    PAST,
    add_months,
    day_value,
    month_value,
    quarter_of,
    quarter_year,
    shift,
    week_value,
    weekday_date,
)
from .context import DATE, TIME, Context, Resolution
from .lexicon import (
    ANCHOR_CLOCK,
    ANCHOR_DAY_WORD,
    ANCHOR_UNIT,
    ANCHOR_WEEKDAY,
    NUMBER,
    PART_OF_DAY,
    PARTS_OF_DAY,
    VAGUE,
    WEEKDAY,
)
from .rules import Rule, ordinal_number, parse_number, rule, unit_of, weekday_number

_STEP = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}


def _anchor_needed(ctx: Context, kind: str = DATE) -> Resolution | None:
    return Resolution(kind, None) if ctx.anchor is None else None


def _unit_value(anchor: dt.date, unit: str, step: int) -> str:
    """The value of the week/month/year/... ``step`` units from the anchor ("last year" -> step -1)."""
    if unit == "week":
        return week_value(anchor + dt.timedelta(weeks=step))
    if unit == "weekend":
        return week_value(anchor + dt.timedelta(weeks=step)) + "-WE"
    if unit == "month":
        return month_value(*add_months(anchor.year, anchor.month, step))
    if unit == "quarter":
        year, month = add_months(anchor.year, anchor.month, 3 * step)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{anchor.year // 10 + step:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + step:02d}"
    return f"{anchor.year + step:04d}"


def _this_last_next(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("unit")[0].isupper() and m.group("which")[0].isupper() and not ctx.opens_sentence(m.start()):
        return None  # ABC's "This Week": a programme's title
    which = re.sub(r"\s+", " ", m.group("which").lower())
    unit = m.group("unit").lower()
    # "the current year" is this year; "the past year", "the next two weeks" are stretches of time.
    if which.startswith("the ") and which != "the current" and not m.group("edge"):
        # "the past year", "the next two weeks": a stretch of time, not a calendar unit.
        if unit in ("weekend", "decade", "century"):
            return Resolution("DURATION", {"weekend": "P2D", "decade": "P10Y", "century": "P100Y"}[unit])
        return Resolution("DURATION", f"P1{unit_of(unit)[0]}")
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(DATE, _unit_value(ctx.anchor, unit, _STEP[which.split()[-1]]))


def _current_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(DATE, f"{ctx.anchor.year:04d}")


def _edge_of_current(m: re.Match[str], ctx: Context) -> Resolution | None:
    # "the end of the year", "by the end of the month": the year or month of the anchor.
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(DATE, _unit_value(ctx.anchor, m.group("unit").lower(), 0))


def _day_word(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("word").lower()
    part = (m.group("part") or "").lower()
    pending = _anchor_needed(ctx, TIME if part or word == "tonight" else DATE)
    if pending or ctx.anchor is None:
        return pending
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    value = day_value(ctx.anchor + dt.timedelta(days=offset))
    if word == "tonight":
        return Resolution(TIME, value + "TNI")
    if part:
        return Resolution(TIME, value + "T" + PARTS_OF_DAY[part])
    return Resolution(DATE, value)


def _overnight(m: re.Match[str], ctx: Context) -> Resolution | None:
    # Reported on the day after: the night that just ended began the day before.
    pending = _anchor_needed(ctx, TIME)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(TIME, day_value(ctx.anchor - dt.timedelta(days=1)) + "TNI")


def _this_part(m: re.Match[str], ctx: Context) -> Resolution | None:
    pending = _anchor_needed(ctx, TIME)
    if pending or ctx.anchor is None:
        return pending
    which = m.group("which").lower()
    day = ctx.anchor - dt.timedelta(days=1 if which == "last" else 0)
    return Resolution(TIME, day_value(day) + "T" + PARTS_OF_DAY[m.group("part").lower()])


def weekday_day(m: re.Match[str], ctx: Context, anchor: dt.date) -> dt.date:
    """Resolve the weekday of a match (groups ``wd`` and ``mod``) against the anchor and tense."""
    weekday = weekday_number(m.group("wd"))
    modifier = re.sub(r"\s+", " ", (m.group("mod") or "").lower()).strip()
    if modifier == "last" or modifier == "this past":
        return weekday_date(anchor, weekday, PAST, strict=True)
    if modifier == "next" or modifier == "this coming":
        return weekday_date(anchor, weekday, FUTURE, strict=True)
    direction = ctx.direction(m.start(), m.end())
    if direction is None and _DEADLINE.search(ctx.before(m.start())):
        # "until 9 a.m. Tuesday", "as soon as Friday": outside a past clause a deadline lies ahead.
        direction = FUTURE
    return weekday_date(anchor, weekday, direction)


_DEADLINE = re.compile(r"\b(?:until|till|by|as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than)\s+(?:on\s+)?$")


def _weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    part = (m.group("part") or "").lower()
    kind = TIME if part else DATE
    pending = _anchor_needed(ctx, kind)
    if pending or ctx.anchor is None:
        return pending
    value = day_value(weekday_day(m, ctx, ctx.anchor))
    return Resolution(kind, value + "T" + PARTS_OF_DAY[part] if part else value)


def _clock(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("named"):
        if ctx.word_before(m.start()) == "high":
            return None  # "high noon": the idiom (or the film), not a time of day
        hour, minute = (24, 0) if m.group("named").lower() == "midnight" else (12, 0)
    else:
        hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
        meridiem = m.group("ampm").lower()[0]
        if not (1 <= hour <= 12 and minute < 60):
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if ctx.anchor is None:
        return Resolution(TIME, None)
    if m.group("wd"):
        day = weekday_day(m, ctx, ctx.anchor)
    else:
        offset = {"yesterday": -1, "tomorrow": 1}.get((m.group("dayword") or "").lower(), 0)
        day = ctx.anchor + dt.timedelta(days=offset)
    return Resolution(TIME, f"{day_value(day)}T{hour:02d}:{minute:02d}")


def _ago(m: re.Match[str], ctx: Context) -> Resolution | None:
    amount, _ = parse_number(m.group("n")) if m.group("n") else (None, False)
    if amount is None:
        return Resolution(DATE, "PAST_REF")
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    designator, multiplier, is_time = unit_of(m.group("unit"))
    if is_time:
        return Resolution(DATE, day_value(ctx.anchor))
    if designator == "Q":
        designator, multiplier = "M", 3
    return Resolution(DATE, shift(ctx.anchor, -int(amount * multiplier), designator))


def _year_ago_quarter(m: re.Match[str], ctx: Context) -> Resolution | None:
    # Results tables: "the year-ago quarter" is the last completed quarter, one year back.
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    number = ordinal_number(m.group("nth") or "")
    if number:
        if number > 4:
            return None
        return Resolution(DATE, f"{quarter_year(ctx.anchor, number, PAST) - 1}-Q{number}")
    year, month = add_months(ctx.anchor.year, ctx.anchor.month, -15)
    return Resolution(DATE, f"{year}-Q{(month - 1) // 3 + 1}")


def _year_ago(m: re.Match[str], ctx: Context) -> Resolution | None:
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(DATE, f"{ctx.anchor.year - 1:04d}")


def _weekend(m: re.Match[str], ctx: Context) -> Resolution | None:
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    saturday = weekday_date(ctx.anchor, 5, ctx.direction(m.start(), m.end()))
    return Resolution(DATE, week_value(saturday) + "-WE")


def _quarter(m: re.Match[str], ctx: Context) -> Resolution | None:
    which = (m.group("which") or m.group("which2") or "").lower()
    if ctx.after(m.end(), 1) == "-" and not which:
        return None  # "its quarter-century low", "the quarter-to-quarter comparison"
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    number = ordinal_number(which)
    if number:
        if number > 4:
            return None
        # Quarters are reported once they are over: the most recent one, the current included.
        year = quarter_year(ctx.anchor, number, PAST)
        return Resolution(DATE, f"{year}-Q{number}")
    # Reported results: "the quarter", "the latest quarter" is the last one completed.
    step = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(which, -1)
    return Resolution(DATE, _quarter_value(ctx.anchor, step))


def _quarter_value(anchor: dt.date, step: int) -> str:
    year, month = add_months(anchor.year, anchor.month, 3 * step)
    return f"{year}-Q{quarter_of(dt.date(year, month, 1))}"


def _latest_period(m: re.Match[str], ctx: Context) -> Resolution | None:
    # Results stories: "sales in the latest period" are those of the quarter just reported.
    pending = _anchor_needed(ctx)
    if pending or ctx.anchor is None:
        return pending
    return Resolution(DATE, _quarter_value(ctx.anchor, -1))


_DAY_WORD = r"(?P<dayword>today|yesterday|tomorrow|tonight)"
_CLOCK = r"(?:(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am|pm|a\.m(?!\w)|p\.m(?!\w))|(?P<named>noon|midnight|midday))"
_ZONE = r"(?:\s+\(?(?-i:[ECMP][SD]T|GMT|UTC|BST|CET)\)?)?"
_WEEKDAY_MOD = r"(?:(?P<mod>last|next|this|this\s+past|this\s+coming|early|late|early\s+on|late\s+on)\s+)?"

RULES: list[Rule] = [
    rule(
        "this last next",
        r"(?P<edge>(?:earlier|later|early|late|mid|(?:the\s+)?(?:start|beginning|end|middle|rest|remainder)\s+of)[-\s]+)?"
        r"(?P<which>last|this|next|previous|current|coming|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+current)\s+"
        r"(?:fiscal\s+(?=year|quarter))?(?P<unit>week|weekend|month|quarter|year|decade|century)",
        _this_last_next,
        anchor=ANCHOR_UNIT,
    ),
    # Results stories: "for the year", "the first nine months of the year", "earlier in the year"
    # speak of the current year; elsewhere a bare "the year" is left alone ("man of the year").
    rule(
        "the current year",
        r"(?:earlier|later)\s+in\s+the\s+(?P<unit>year)"
        r"|the\s+full\s+(?P<unit3>year)(?![-\s](?:ended|ending|ago|earlier|before|after|\d))"
        r"|(?<=\b(?:by|at)\s)year(?:-|\s+|['’]s\s+)end|(?<=\baround\s)year(?:-|\s+|['’]s\s+)end"
        r"|(?:(?<=\bfor\s)|(?<=months\sof\s)|(?<=half\sof\s))the\s+(?:fiscal\s+)?(?P<unit2>year)(?![-\s](?:ended|ending|ago|earlier|before|after|\d)|\s+(?:two|nineteen)\b)",
        _current_year,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "edge of current",
        r"(?:the\s+)?(?:start|beginning|end|middle|rest|remainder|turn)\s+of\s+the\s+(?P<unit>year|month|week|decade|century)",
        _edge_of_current,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "day word",
        rf"(?:(?:early|late|earlier|later)\s+)?(?P<word>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{PART_OF_DAY}))?",
        _day_word,
        anchor=ANCHOR_DAY_WORD,
    ),
    rule("overnight", r"overnight(?!\s+(?:stay|flight|train|bus|shift))", _overnight, anchor=ANCHOR_DAY_WORD),
    rule(
        "this morning", rf"(?P<which>this|last)\s+(?P<part>{PART_OF_DAY})", _this_part, anchor=ANCHOR_DAY_WORD
    ),
    rule(
        "weekday",
        # Not the weekday of a date or clock time that follows ("Saturday, 24 October", "Friday
        # 9 a.m."); a count after a comma is no part of it ("on Saturday, 69 percent said").
        rf"{_WEEKDAY_MOD}(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}))?"
        r"(?!,?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?-i:[A-Z])|\s*[ap]\.?m\b|[:.]\d|\s*$))",
        _weekday,
        anchor=ANCHOR_WEEKDAY,
    ),
    rule(
        "clock",
        rf"{_CLOCK}{_ZONE}(?:\s*,?\s*(?:on\s+)?{_WEEKDAY_MOD}(?P<wd>{WEEKDAY})|\s+{_DAY_WORD})?",
        _clock,
        names_ok=True,
        anchor=ANCHOR_CLOCK,
    ),
    rule(
        "ago",
        r"(?:(?:about|nearly|almost|some|more\s+than|less\s+than|roughly|around|just|only|over|barely|exactly)\s+)?"
        rf"(?:(?P<n>{NUMBER}|{VAGUE})[-\s]+)?"
        r"(?P<unit>(?:second|minute|hour|day|week|month|quarter|year|decade|centur(?:y|ie))s?)\s+ago",
        _ago,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "year-ago quarter",
        r"(?:the\s+)?(?:comparable\s+|same\s+)?year[-\s](?:ago|earlier)\s+(?:(?P<nth>first|second|third|fourth)\s+)?(?:quarter|period)",
        _year_ago_quarter,
        anchor=ANCHOR_UNIT,
    ),
    rule("weekend", r"the\s+weekend", _weekend, anchor=ANCHOR_UNIT),
    rule("year-ago", r"year-(?:ago|earlier)", _year_ago, anchor=ANCHOR_UNIT),
    rule(
        "quarter",
        r"(?:the|its)\s+(?P<which>first|second|third|fourth|1st|2nd|3rd|4th|last|latest|current|previous|past|final|next|coming|same|this)?[-\s]*(?:fiscal[-\s]+)?quarter"
        r"|(?P<which2>first|second|third|fourth|1st|2nd|3rd|4th)[-\s](?:fiscal[-\s]+)?quarter",
        _quarter,
        anchor=ANCHOR_UNIT,
    ),
    rule("latest period", r"(?:the|its)\s+latest\s+period", _latest_period, anchor=r"latest period"),
]
