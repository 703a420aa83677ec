"""Rules for stretches and repetitions of time, and for vague references.

Durations ("more than 18 months" -> P18M), times counted from another time of the text ("three
weeks after the vote", "two days later"), sets ("every week" -> P1W, "annually" -> P1Y) and the
TIMEX3 reference words ("now" -> PRESENT_REF, "recently" -> PAST_REF, "soon" -> FUTURE_REF).
"""

from __future__ import annotations

import re

from .context import DATE, DURATION, SET, TIME, Context, Relative, Resolution
from .lexicon import (
    ANCHOR_EVERY,
    ANCHOR_REFERENCE,
    ANCHOR_SET,
    ANCHOR_UNIT,
    ANCHOR_WEEKDAY,
    MONTH,
    NUMBER,
    SET_ADVERBS,
    VAGUE,
    WEEKDAY,
    alternation,
)
from .rules import Resolver, Rule, duration_value, month_number, parse_number, rule, unit_of, weekday_number

_SINGLE_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century)"
_PLURAL_UNIT = r"(?:seconds|minutes|hours|days|nights|weeks|months|quarters|years|decades|centuries)"
_UNIT = rf"(?:{_PLURAL_UNIT}|{_SINGLE_UNIT})"
_HEDGE = (
    r"(?:(?:more|less|fewer)\s+than|about|nearly|almost|at\s+least|at\s+most|up\s+to|some|over|under|roughly|"
    r"around|approximately|no\s+more\s+than|not\s+more\s+than|just\s+over|just\s+under|barely|only|just)"
)
_STRETCH = r"(?:the\s+(?:past|last|next|first|final|coming|previous|following|remaining|better\s+part\s+of(?:\s+the)?|entire|whole|full))"


def _duration(m: re.Match[str], ctx: Context) -> Resolution | None:
    amount, half = parse_number(m.group("n"))
    unit = m.group("unit")
    if m.group("n").lower() in ("a", "an") and _is_rate(m, ctx):
        if not re.search(r"(?:once|twice|times)\s*$", ctx.before(m.start(), 16)):
            return None  # "$55 a night", "700 seats a week": a price or rate of a quantity
        return Resolution(SET, duration_value(1, unit))
    if unit.lower().startswith("quarter") and re.match(
        r"\s+of\b(?!\s+an?\s+(?:hour|century))", ctx.after(m.end(), 16)
    ):
        return None  # "three-quarters of its food": a fraction
    if _YEAR_NUMBER.fullmatch(m.group("n")) and not unit.lower().endswith("s"):
        return None  # "the 1988 quarter" names a year's quarter, it counts no 1,988 of them
    if unit[0].isupper() and m.group("n")[0].isdigit():
        return None  # "60 Minutes", "24 Hours of Le Mans": a title, not a stretch of time
    if (
        m.group("n").lower() in ("a", "an")
        and unit.lower() == "second"
        and _ORDINAL_USE.match(ctx.after(m.end(), 20))
    ):
        return None  # "a second betrayal": the ordinal, not one second
    if (m.group("adj") or "").lower() == "-old" or re.match(r"[-\s]old\b", ctx.after(m.end(), 5)):
        return None  # an age ("a 62-year-old man") is not a time
    return Resolution(DURATION, duration_value(amount, unit, half))


_ORDINAL_USE = re.compile(r"\s+(?!(?:later|ago|earlier|after|before|or|and|of|to|longer|in)\b)[a-z]")
_YEAR_NUMBER = re.compile(r"1[5-9]\d\d|20\d\d")


def _is_rate(m: re.Match[str], ctx: Context) -> bool:
    # "$50 a month", "twice a day": a rate, a SET in TIMEX3.
    before = ctx.before(m.start(), 16)
    return re.search(r"(?:\d|once|twice|times|percent|%|\$)\S*\s*$", before) is not None


def _vague_duration(m: re.Match[str], ctx: Context) -> Resolution:
    return Resolution(DURATION, duration_value(None, m.group("unit")))


def _counted(m: re.Match[str], ctx: Context) -> Relative | Resolution | None:
    amount, _ = parse_number(m.group("n"))
    if amount is None:
        return None
    designator, multiplier, is_time = unit_of(m.group("unit"))
    if designator == "Q":
        return None
    if is_time:
        # "four hours later": a time of day the text does not give.
        return Resolution(TIME, None)
    direction = m.group("dir").lower()
    sign = -1 if direction in ("earlier", "before", "prior") else 1
    preposition = direction in ("after", "before", "prior")
    return Relative(
        DATE,
        sign * int(amount * multiplier),
        designator,
        forward=preposition,
        duration=duration_value(amount, m.group("unit")) if preposition else None,
        duration_end=m.end("unit"),
    )


def _following(m: re.Match[str], ctx: Context) -> Relative:
    word = (m.group("which") or m.group("which2")).lower()
    sign = -1 if word in ("previous", "preceding", "before") else 1
    designator = unit_of(m.group("unit") or m.group("unit2"))[0]
    return Relative(DATE, sign, designator, forward=False)


def _anaphoric(m: re.Match[str], ctx: Context) -> Relative:
    return Relative(DATE, 0, unit_of(m.group("unit"))[0], forward=False)


def _set_every(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("wd"):
        return Resolution(SET, f"XXXX-WXX-{weekday_number(m.group('wd')) + 1}")
    if m.group("month"):
        return Resolution(SET, f"XXXX-{month_number(m.group('month')):02d}")
    count = m.group("n")
    amount = 2.0 if count and count.lower() == "other" else (parse_number(count)[0] if count else 1.0)
    return Resolution(SET, duration_value(amount, m.group("unit")))


def _set_adverb(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group(0).lower()
    if word in ("annually", "yearly") and _QUANTITY_BEFORE.search(ctx.before(m.start(), 40)):
        # "sales rise 8% annually", "10,000 units annually": a rate of a quantity, not a
        # recurring event; TimeBank leaves these untagged.
        return None
    return Resolution(SET, SET_ADVERBS[word])


_QUANTITY_BEFORE = re.compile(r"(?:\d|%|percent|million|billion|units|shares)\S*(?:\s+\S+){0,1}\s*$")


def _fixed(kind: str, value: str) -> Resolver:
    """A resolver giving every match the same type and value."""

    def resolve(m: re.Match[str], ctx: Context) -> Resolution:
        return Resolution(kind, value)

    return resolve


def _reference(value: str) -> Resolver:
    def resolve(m: re.Match[str], ctx: Context) -> Resolution | None:
        if _DISCOURSE_NOW.match(ctx.text, m.start()) and ctx.opens_sentence(m.start()):
            # TimeML tags "now" only where it refers to the present: a sentence-opening "Now,"
            # or "Now for ..." moves the story on (a discourse marker) and names no time.
            return None
        return Resolution(DATE, value)

    return resolve


_DISCOURSE_NOW = re.compile(r"Now(?:,|\s+for\b)")


RULES: list[Rule] = [
    rule(
        "duration",
        rf"(?:{_HEDGE}\s+(?!the\b))?(?:{_STRETCH}\s+)?(?P<n>{NUMBER}|{VAGUE})[-\s]+(?:(?:more|additional|further|straight|consecutive)\s+)?(?P<unit>{_UNIT})(?P<adj>-(?:long|old))?",
        _duration,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "vague duration",
        rf"(?:(?:{_STRETCH}|recent|coming|the\s+coming|the\s+past|the\s+last|the\s+next)\s+|(?<=for\s)|(?<=within\s)|(?<=over\s))(?P<unit>{_PLURAL_UNIT})(?:-long)?",
        _vague_duration,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "counted from a time",
        rf"(?P<n>{NUMBER})[-\s]+(?P<unit>{_UNIT})\s+(?P<dir>later|earlier|after|before|prior)",
        _counted,
        anchor=ANCHOR_UNIT,
    ),
    # "that day", "later that year": the day or year of the last date the story gave (TimeML).
    rule(
        "that day",
        r"(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?(?P<unit>day|week|month|year)(?!\s+(?:of|when|before|after)\b)",
        _anaphoric,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "the following day",
        r"(?:the\s+(?P<which>following|next|previous|preceding)\s+(?P<unit>day|week|month|year)|the\s+(?P<unit2>day)\s+(?P<which2>before|after))(?!\s+\w+\s+(?:of|at))",
        _following,
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "every",
        rf"(?:every|each|per|once\s+a|twice\s+a|(?:{NUMBER})\s+times\s+a)\s+(?:(?P<n>other|{NUMBER})\s+)?"
        rf"(?:(?P<unit>{_UNIT})|(?P<wd>{WEEKDAY})|(?P<month>{MONTH}))",
        _set_every,
        anchor=ANCHOR_EVERY,
    ),
    rule("set adverb", alternation(SET_ADVERBS), _set_adverb, anchor=ANCHOR_SET),
    rule("weekdays", rf"(?P<wd>{WEEKDAY})s", _set_every, anchor=ANCHOR_WEEKDAY),
    # "the year ended March 31": the accounts cover a year, TimeML's duration anchored on its end.
    rule(
        "accounting year",
        r"the\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\b)",
        _fixed(DURATION, "P1Y"),
        anchor=ANCHOR_UNIT,
    ),
    rule(
        "present",
        r"now|right\s+now|currently|current(?=\s+[a-z])|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment",
        _reference("PRESENT_REF"),
        anchor=ANCHOR_REFERENCE,
    ),
    rule(
        "past",
        r"recently|lately|recent(?=\s+[a-z])|the\s+past(?!\s+(?:\d|[a-z]+\s+(?:years|months|weeks|days)))",
        _reference("PAST_REF"),
        anchor=ANCHOR_REFERENCE,
    ),
    # "may soon seek", "soon will begin": FUTURE_REF. A past "soon became" or the connectives
    # "soon after", "as soon as" are no reference to the future.
    rule(
        "soon",
        r"(?:(?<=\bwill\s)|(?<=\bmay\s)|(?<=\bto\s)|(?<=\bmight\s)|(?<=\bcould\s)|(?<=\bwould\s))"
        r"soon(?!\s+(?:after|afterwards?|thereafter)\b)"
        r"|(?<!as\s)soon(?=\s+(?:will|to)\b)",
        _reference("FUTURE_REF"),
        anchor=r"\bsoon\b",
    ),
    rule(
        "future",
        r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+(?:near|short)\s+term(?![-\s](?:debt|loans?|notes?|rates?|paper|securities|bonds?)\b)",
        _reference("FUTURE_REF"),
        anchor=ANCHOR_REFERENCE,
    ),
]
