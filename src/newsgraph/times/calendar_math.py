"""Calendar arithmetic on the anchor date, and TIMEX3 value strings at each granularity."""

from __future__ import annotations

import datetime as dt

# Which way an underspecified date ("Friday", "in July") points from the anchor: the most recent
# one (news convention, also when the tense is unknown) or the next one (future tense).
PAST = "past"
FUTURE = "future"
_TENSE_REACH_DAYS = 270


def day_value(day: dt.date) -> str:
    """TIMEX3 value of a calendar day."""
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    """TIMEX3 value of a month."""
    return f"{year:04d}-{month:02d}"


def week_value(day: dt.date) -> str:
    """TIMEX3 value of the ISO week holding ``day`` (2023-W37)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Return (year, month) ``delta`` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def quarter_of(day: dt.date) -> int:
    """Return the calendar quarter (1-4) of a day."""
    return (day.month - 1) // 3 + 1


def weekday_date(anchor: dt.date, weekday: int, direction: str | None, *, strict: bool = False) -> dt.date:
    """Return the date of ``weekday`` (Monday 0) nearest the anchor in ``direction``.

    Past (the default): the most recent one, the anchor itself included unless ``strict``
    ("last Friday"); future: the next one, likewise.
    """
    if direction == FUTURE:
        delta = (weekday - anchor.weekday()) % 7
        if strict and delta == 0:
            delta = 7
        return anchor + dt.timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def month_year(anchor: dt.date, month: int, direction: str | None, *, strict: bool = False) -> int:
    """Return the year of the named month nearest the anchor in ``direction`` (see weekday_date)."""
    if direction == FUTURE:
        later = month > anchor.month or (month == anchor.month and not strict)
        return anchor.year if later else anchor.year + 1
    if direction is None and not strict:
        return month_day_year(anchor, month, 15, None)
    earlier = month < anchor.month or (month == anchor.month and not strict)
    return anchor.year if earlier else anchor.year - 1


def month_day_year(anchor: dt.date, month: int, day: int, direction: str | None) -> int:
    """Return the year of a month and day without a year.

    Past tense: the most recent; future: the next one; neither (present tense, a noun phrase):
    the nearest, the past winning a tie ("the Jan. 14 deadline" written on Jan. 6 is this January's).
    """
    if direction == FUTURE:
        year = anchor.year if (month, day) >= (anchor.month, anchor.day) else anchor.year + 1
    else:
        year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    # The tense is trusted within nine months; beyond that it is more often a reporting verb's
    # ("said the dividend is payable Nov. 20") than the date's own, and the nearest date wins.
    if direction is not None and _distance(anchor, year, month, day) <= _TENSE_REACH_DAYS:
        return year
    distances = {y: _distance(anchor, y, month, day) for y in range(anchor.year - 1, anchor.year + 2)}
    return min(distances, key=lambda y: (distances[y], y))


def _distance(anchor: dt.date, year: int, month: int, day: int) -> int:
    # Every month has a 28th; a day or two off changes no choice of year that matters.
    return abs((dt.date(year, month, min(day, 28)) - anchor).days)


def quarter_year(anchor: dt.date, quarter: int, direction: str | None) -> int:
    """Return the year of a quarter named without one: the most recent (current included) or next."""
    current = quarter_of(anchor)
    if direction == FUTURE:
        return anchor.year if quarter >= current else anchor.year + 1
    return anchor.year if quarter <= current else anchor.year - 1


def season_year(anchor: dt.date, season: str, direction: str | None) -> int:
    """Return the year of a season named without one ("this summer", "in the spring")."""
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    return month_year(anchor, starts[season], direction)


def shift(anchor: dt.date, amount: int, unit: str) -> str | None:
    """Return the value ``amount`` units (D, W, M, Y) after the anchor at that unit's granularity.

    "three days ago" is a day, "six weeks ago" a week, "two months ago" a month, "four years ago" a
    year: a value never claims more precision than the phrase gives.
    """
    if unit == "D":
        return day_value(anchor + dt.timedelta(days=amount))
    if unit == "W":
        return week_value(anchor + dt.timedelta(weeks=amount))
    if unit == "M":
        return month_value(*add_months(anchor.year, anchor.month, amount))
    if unit == "Y":
        return f"{anchor.year + amount:04d}"
    return None


def parse_anchor(value: str | None) -> dt.date | None:
    """Return the publication date as a date, or None when absent or not a date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
