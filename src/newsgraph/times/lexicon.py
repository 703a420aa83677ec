"""Words of time: month, weekday, number and unit tables, and the regex pieces built from them.

Every pattern of the times stage is assembled from these pieces once, at import, so that adding a
spelling ("Sept.") here teaches every rule that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "a couple of": 2, "a couple": 2, "a thousand": 1000, "thousand": 1000,
}  # fmt: skip

# Quantities too vague for a number: they give an "X" in the value (P X Y = "some years").
VAGUE_NUMBERS = ("a few", "few", "several", "some", "many", "a number of", "numerous", "countless")

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip

# Duration units: the ISO 8601 designator, the multiplier, and whether it is a time (PT..) unit.
UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "fortnight": ("W", 2, False), "month": ("M", 1, False), "quarter": ("Q", 1, False),
    "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
}  # fmt: skip

# TIMEX3 parts of the day, appended to a date as T<code>.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

SET_ADVERBS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "biannually": "P6M",
}  # fmt: skip

# Fixed-date holidays news names without a date (month, day).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25),
    "christmas eve": (12, 24), "christmas": (12, 25), "independence day": (7, 4),
    "valentine's day": (2, 14), "halloween": (10, 31), "veterans day": (11, 11),
}  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of literal words, longest first so "sept" beats "sep"."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(w.replace(".", r"\.").replace(" ", r"\s+") for w in items)


def capitalized(words: Iterable[str]) -> str:
    """Return an alternation that accepts each word capitalized or all upper case (not lower)."""
    forms: set[str] = set()
    for word in words:
        forms.add(word.capitalize())
        forms.add(word.upper())
    return alternation(forms)


MONTH_FULL = capitalized(w for w in MONTHS if len(w) > 4 or w in ("june", "july", "may"))
# Abbreviations need their period or must be followed by a day number (see rules), so "Mar" alone
# or "Dec" inside a name is not a month.
MONTH_ABBR = capitalized(w for w in MONTHS if len(w) <= 4 and w not in ("june", "july", "may"))
# Names are matched case-sensitively inside case-insensitive patterns ("(?-i:...)"): "may" the verb
# and "march" the noun are not months.
MONTH = rf"(?-i:{MONTH_FULL}|(?:{MONTH_ABBR})\.)"
MONTH_BEFORE_DAY = rf"(?-i:{MONTH_FULL}|(?:{MONTH_ABBR})\.?)"
WEEKDAY = rf"(?-i:{capitalized(w for w in WEEKDAYS if len(w) > 4)})"
NUMBER_WORD = alternation(NUMBER_WORDS)
VAGUE = alternation(VAGUE_NUMBERS)
ORDINAL = alternation(ORDINALS)
PART_OF_DAY = alternation(PARTS_OF_DAY)
SEASON = alternation(SEASONS)
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
# A cardinal: digits (with a fraction "2 1/2" or decimal), or number words ("twenty-five").
NUMBER = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2|\s*½)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:one|two|three|four|five|six|seven|eight|nine)|(?:{NUMBER_WORD})"
    r"(?:\s+and\s+a\s+half)?)"
)

# Anchors: cheap patterns over the lower-cased text; every match of a rule contains its anchor's.
ANCHOR_YEAR = r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|\d/\d|['’]\d0s"
ANCHOR_MONTH = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
ANCHOR_WEEKDAY = r"\b(?:mon|tue|wed|thu|fri|sat|sun)"
ANCHOR_UNIT = r"year|month|week|day|hour|minute|second|decade|centur|quarter|night|fortnight"
ANCHOR_CLOCK = r"\d\s*[ap]\.?m\b|\d[:.]\d\d|noon|midnight|midday"
ANCHOR_DAY_WORD = r"today|tonight|tomorrow|yesterday|overnight|morning|afternoon|evening|night"
ANCHOR_NAMED = r"spring|summer|fall|autumn|winter|christmas|new year|independence|valentine|halloween|veterans|thanksgiving|election day|easter|ties\b"
ANCHOR_REFERENCE = r"\b(?:now|current|present|these days|moment|recent|lately|past|future|term)"
ANCHOR_SET = ANCHOR_UNIT + r"|hourly|daily|nightly|weekly|monthly|annually|yearly"
ANCHOR_EVERY = r"\b(?:every|each|per|once|twice|times)\b"
