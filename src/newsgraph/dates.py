"""One parser for the dates people and metadata give: lenient for metadata, strict for a user's date.

``parse_date`` reads what article metadata carries (ISO 8601, RFC 2822, "Sept 13, 2023",
"13 September 2023", "2023/09/13") and returns YYYY-MM-DD or None. ``normalize_date`` reads the
same forms but raises BadDate for anything else: a date a user typed (``--published``, a query's
``since``) is checked, not dropped. Both live below the pipeline and the store, which both use them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from .errors import BadDate, Messages

# Date forms seen in article metadata besides ISO 8601 and RFC 2822.
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d %Y",
    "%b %d %Y",
)
# AP style and common abbreviations that strptime's %b (Jan, Feb, ...) does not know.
_MONTH_SPELLINGS = re.compile(r"\b(Sept|Febr|Janv)\.?(?=\s)", re.IGNORECASE)
_ABBREVIATION_DOT = re.compile(r"\b([A-Z][a-z]{2})\.(?=\s)")


def parse_date(value: str | dt.date | None) -> str | None:
    """A date in any of the forms above as YYYY-MM-DD, or None when it is none of them."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    plain = _ABBREVIATION_DOT.sub(r"\1", _MONTH_SPELLINGS.sub(lambda m: m.group(1)[:3], text))
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(plain, form).date().isoformat()
        except ValueError:
            continue
    return None


def normalize_date(value: str | dt.date | None) -> str | None:
    """A user's date as YYYY-MM-DD (None for none given); BadDate when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise BadDate(Messages.BAD_DATE.format(value=value))
    return parsed
