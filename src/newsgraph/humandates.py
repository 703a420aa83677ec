"""TIMEX3 values in words, for people: ``2020-01-11TMO`` -> "Saturday morning, 11 Jan 2020".

The analysis keeps the TIMEX3 value (it is what programs and the exports read); the text summary
and the web UI show these words instead, the value beside them or in a tooltip. The UI's
``static/js/dates.js`` follows the same rules, and a browser test checks the two agree.

Anything this does not recognise is returned as it is: a value is never hidden or guessed at.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
ORDINALS = ("first", "second", "third", "fourth")
REFERENCES = {"PRESENT_REF": "now", "PAST_REF": "recently", "FUTURE_REF": "in the future"}
# ISO 8601 duration designators, date part then time part, as (singular, plural).
DATE_UNITS = {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "D": ("day", "days")}
TIME_UNITS = {"H": ("hour", "hours"), "M": ("minute", "minutes"), "S": ("second", "seconds")}
# A duration of an unknown number of units ("years" -> PXY), and the two multi-year ones.
SOME_UNITS = {
    "Y": "years", "M": "months", "W": "weeks", "D": "days", "DE": "decades", "CE": "centuries",
    "TH": "hours", "TM": "minutes", "TS": "seconds",
}  # fmt: skip
# A set's period in words ("every week" is P1W).
EVERY = {
    "P1Y": "every year",
    "P1M": "every month",
    "P1W": "every week",
    "P1D": "every day",
    "PT1H": "every hour",
}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(MO|AF|EV|NI|DT)|T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_DURATION = re.compile(r"^P(?:(?P<date>(?:[\d.]+[YMWD])+))?(?:T(?P<time>(?:[\d.]+[HMS])+))?$")
_UNIT_AMOUNT = re.compile(r"([\d.]+)([A-Z])")
_WEEKLY = re.compile(r"^XXXX-WXX-([1-7])$")


def _day(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _calendar_day(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _amount(text: str) -> str:
    number = float(text)
    return str(int(number)) if number == int(number) else f"{number:g}"


def describe_duration(value: str) -> str | None:
    """An ISO 8601 duration in words ("P2D" -> "2 days", "PXY" -> "some years"), or None."""
    if value.startswith(("PX", "PTX")):
        key = "T" + value[3:] if value.startswith("PTX") else value[2:]
        return f"some {SOME_UNITS[key]}" if key in SOME_UNITS else None
    match = _DURATION.match(value)
    if not match or not (match["date"] or match["time"]):
        return None
    words = []
    for part, units in ((match["date"], DATE_UNITS), (match["time"], TIME_UNITS)):
        for amount, designator in _UNIT_AMOUNT.findall(part or ""):
            if designator not in units:
                return None
            singular, plural = units[designator]
            words.append(f"{_amount(amount)} {singular if float(amount) == 1 else plural}")
    return " ".join(words)


def describe_date(value: str) -> str | None:
    """A TIMEX3 date or time value in words, or None when it is not one this knows."""
    if value in REFERENCES:
        return REFERENCES[value]
    if "/" in value:
        start, _, end = value.partition("/")
        first, last = describe_date(start), describe_date(end)
        return f"{first} to {last}" if first and last else None
    if match := _DAY.match(value):
        date = _calendar_day(match[1], match[2], match[3])
        if date is None:
            return None
        weekday = WEEKDAYS[date.weekday()]
        if match[4]:
            return f"{weekday} {PARTS_OF_DAY[match[4]]}, {_day(date)}"
        if match[5]:
            return f"{weekday}, {_day(date)}, {match[5]}:{match[6]}"
        return f"{weekday}, {_day(date)}"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        month = int(value[5:])
        return f"{MONTH_NAMES[month - 1]} {value[:4]}" if 1 <= month <= 12 else None
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        return f"the {value}00s"
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"the {ORDINALS[int(match[2]) - 1]} quarter of {match[1]}"
    if match := re.fullmatch(r"(\d{4})-H([12])", value):
        return f"the {ORDINALS[int(match[2]) - 1]} half of {match[1]}"
    if match := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return f"{SEASONS[match[2]]} {match[1]}"
    if match := _WEEK.match(value):
        try:
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            return None
        if match[3]:
            return f"the weekend of {_day(monday + dt.timedelta(days=5))}"
        return f"the week of {_day(monday)}"
    if match := _WEEKLY.match(value):
        return f"every {WEEKDAYS[int(match[1]) - 1]}"
    if match := re.fullmatch(r"XXXX-(\d{2})(?:-(\d{2}))?", value):
        month = int(match[1])
        if not 1 <= month <= 12:
            return None
        when = f"{int(match[2])} {MONTHS[month - 1]}" if match[2] else MONTH_NAMES[month - 1]
        return f"{when}, year unknown"
    return None


def describe_time(value: str | None, kind: str | None = None) -> str | None:
    """A TIMEX3 value of any type (DATE, TIME, DURATION, SET) in words; None for no value.

    A value this does not know is returned unchanged, so nothing is lost.
    """
    if not value:
        return None
    if kind == "SET" and value in EVERY:
        return EVERY[value]
    if value.startswith("P"):
        words = describe_duration(value)
        if words is not None:
            return f"every {words}" if kind == "SET" else words
    return describe_date(value) or value


def event_when(value: str | None) -> str | None:
    """How an event's time reads after a verb: "on Monday, 18 Mar 2024", "in March 2024", "recently"."""
    words = describe_time(value)
    if words is None or value is None:
        return None
    if value in REFERENCES or words.startswith("every ") or (words == value and not value.isdigit()):
        return words  # a reference word, a set, or a value this does not know (shown as it is)
    if value.startswith("P"):
        return f"for {words}"
    if "/" in value:
        return f"from {words}"
    if _DAY.match(value) or re.fullmatch(r"XXXX-\d{2}-\d{2}|\d{4}-W\d{2}-WE", value):
        return f"on {words}"
    return f"in {words}"
