"""Datelines: the "MOSCOW (AP) —" or "WASHINGTON, Sept. 13 (Reuters) -" that opens a wire story.

A dateline gives the place the story was filed from (the default place of its events) and, when it
carries a date, the day it was filed. ``find_dateline`` finds one at the start of a text; it runs
once per article, when the Article is built (``Article.dateline``), and every stage reads that.
This module imports nothing of newsgraph, so that the data model can use it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Month names and the abbreviations wire services use ("Sept.", "Sep", "Jan.").
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

# Month names match in any case ("SEPT. 13"); the rest of a dateline is case-sensitive.
_MONTH = r"(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "Sept. 13", "Sept. 13, 2023", "13 September", "13 September 2023".
_DATE = (
    rf"(?P<month1>{_MONTH})\s+(?P<day1>\d{{1,2}})(?:,?\s+(?P<year1>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})(?:,?\s+(?P<year2>\d{{4}}))?"
)
# A place is a capitalised name of up to five words ("UNITED NATIONS", "Kyiv"), optionally followed
# by a region or country ("SEOUL, South Korea"). Letters only, so a sentence cannot pass for one.
_NAME = r"[A-Z][A-Za-z\u00C0-\u024F.'\-]*(?:\s+[A-Z][A-Za-z\u00C0-\u024F.'\-]*){0,4}"
_DATELINE = re.compile(
    rf"^\s*(?P<place>(?P<city>{_NAME})(?:,\s+(?!{_MONTH}\s+\d)(?!\d)(?P<region>{_NAME}))?)?"
    rf"(?:,?\s+(?P<date>{_DATE}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&'\-]{0,30})\))?"
    r"\s*(?P<dash>\u2014|\u2013|--|-|:)\s+",
)


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of an article."""

    # Spans are (start, end) character offsets, as model.Span (not imported: model imports this module).
    span: tuple[int, int]  # the whole dateline, dash included
    place: str | None  # "SEOUL, South Korea" as written; None for "(CNN) —"
    place_span: tuple[int, int] | None
    date: str | None  # YYYY-MM-DD, or None when the dateline has no date or no year can be inferred
    agency: str | None  # "AP", "Reuters"


# A label that opens a sentence, set off by a dash or a colon: a dateline inside the text ("Area woman
# sentenced. CORSICANA — A ..." where a headline comes first) or a slug ("The Latest: Trump urges").
_OPENING_LABEL = re.compile(r"^\s*[A-Z][A-Za-z0-9 .,'/]{1,60}?(?:\([^)]{1,40}\))?\s*(?:--|-|—|–|:)\s+")


def opening_label_end(sentence: str) -> int | None:
    """Where the story proper begins in a sentence that opens with a dateline or a slug, or None.

    Looser than ``find_dateline`` (mixed case, a colon, anywhere in the text), because it answers a
    different question: which opening words of a sentence are a label, never a party of its events.
    """
    match = _OPENING_LABEL.match(sentence)
    return match.end() if match is not None else None


def _is_upper(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _resolve_date(match: re.Match[str], reference: dt.date | None) -> str | None:
    month_text = match.group("month1") or match.group("month2")
    day_text = match.group("day1") or match.group("day2")
    year_text = match.group("year1") or match.group("year2")
    if not month_text or not day_text:
        return None
    month = _MONTHS[month_text.rstrip(".").lower()]
    day = int(day_text)
    if year_text:
        year = int(year_text)
    elif reference is not None:
        year = reference.year
        # A story filed "Dec. 31" and published Jan. 2 belongs to the year before.
        try:
            if dt.date(year, month, day) - reference > dt.timedelta(days=31):
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# A weekday's name or abbreviation opens a date ("Mon. Dec. 27: ..."), never a dateline's place.
WEEKDAY_WORDS = frozenset(
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday".split()
)


def find_dateline(text: str, reference: dt.date | str | None = None) -> Dateline | None:
    """Return the dateline that opens ``text``, or None.

    ``reference`` (a date, or YYYY-MM-DD) supplies the year when the dateline gives only a month and
    day; without it such a date stays None. To avoid reading an ordinary opening ("Hamas - the
    group that ...") as a dateline, the place must be in capitals unless a date or an agency in
    parentheses confirms it.
    """
    match = _DATELINE.match(text[:200])
    if match is None:
        return None
    place, city = match.group("place"), match.group("city")
    date_part, agency = match.group("date"), match.group("agency")
    if place is None and agency is None:
        return None
    if place is not None and not (_is_upper(city or "") or date_part or agency):
        return None
    if place is not None and place.rstrip(".").lower() in WEEKDAY_WORDS:
        return None
    if isinstance(reference, str):
        try:
            reference = dt.date.fromisoformat(reference[:10])
        except ValueError:
            reference = None
    return Dateline(
        span=(match.start("place") if place else match.start("agency") - 1, match.end()),
        place=place,
        place_span=(match.start("place"), match.end("place")) if place else None,
        date=_resolve_date(match, reference) if date_part else None,
        agency=agency.strip() if agency else None,
    )
