"""HTML pages: the article's main text and its metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from typing import Any

from ..dates import parse_date
from ..errors import BinaryInput, EncodingProblem, Messages, NoArticleText
from ..model import Article
from .articles import ReadOptions, make_article
from .decode import binary_reason

# Fewer words than this, or no sentence at all, is navigation or a cookie banner, not an article.
MIN_ARTICLE_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(?:\s|$)")


def html_byte_limit(options: ReadOptions) -> int:
    """The largest HTML page read: pages carry scripts and markup, so allow well over the text limit."""
    return max(10 * 1024 * 1024, options.max_file_bytes)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A whole day written in a title or a URL: "30 October 2024", "Oct. 30, 2024", "2024-10-30",
# and in URLs "/2024/10/30/" or "20241030-".
_TITLE_DATES = (
    re.compile(rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b"),
    re.compile(rf"\b{_MONTH} \d{{1,2}},? \d{{4}}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
)
_URL_DATES = (
    re.compile(r"/(\d{4})/(\d{2})/(\d{2})(?:/|$)"),
    re.compile(r"(?:/|-|_)(\d{4})-?(\d{2})-?(\d{2})(?:-|_|/|\.|$)"),
)
# A copyright notice and the year it names: "© 2019", "Copyright 2015-2019", copyrightYear="2019".
_COPYRIGHT_YEARS = re.compile(
    rb"(?:\xc2\xa9|&copy;|&#169;|\(c\)|copyright(?:year)?)[^0-9<>]{0,40}?(?:\d{4}\s*(?:-|\xe2\x80\x93)\s*)?(\d{4})",
    re.IGNORECASE,
)


def _day_in_title(title: str | None) -> str | None:
    for pattern in _TITLE_DATES:
        match = pattern.search(title or "")
        if match and (day := parse_date(match.group(0).replace(".", ""))):
            return day
    return None


def _day_in_url(url: str | None) -> str | None:
    for pattern in _URL_DATES:
        match = pattern.search(url or "")
        if match and (day := parse_date("-".join(match.groups()))):
            return day
    return None


def choose_published(found_date: str | None, title: str | None, url: str | None, page: bytes) -> str | None:
    """The page's publication date: a day its URL carries ("/2024/10/30/"), else the date
    trafilatura found unless that is only the year of the copyright notice (1 January of a year a
    "© 2019" names), else a day its title carries; None when there is none of these.
    """
    from_url = _day_in_url(url)
    if from_url:
        return from_url
    date = parse_date(found_date)
    if date and date.endswith("-01-01"):
        copyright_years = {m.group(1).decode() for m in _COPYRIGHT_YEARS.finditer(page)}
        if date[:4] in copyright_years:
            date = None
    return date or _day_in_title(title)


def _drop_title_line(text: str, title: str | None) -> str:
    # trafilatura repeats the headline as the first line of the text; the title has its own field,
    # and without it a dateline is again at the start of the text where readers look for it.
    if title:
        first, newline, rest = text.partition("\n")
        if newline and first.strip() == title.strip():
            return rest.lstrip("\n")
    return text


def read_html(data: bytes, where: str, options: ReadOptions) -> Article:
    """Extract the article from an HTML page; raises NoArticleText when there is none."""
    # Imported here: trafilatura takes a while to import and only HTML needs it.
    import trafilatura

    why_binary = binary_reason(data)
    if why_binary:
        raise BinaryInput(Messages.BINARY.format(detail=why_binary))
    try:
        found = _extract(trafilatura, data, favor_recall=False)
        if not (found.get("text") or "").strip():
            found = _extract(trafilatura, data, favor_recall=True)
    except (ValueError, UnicodeError) as exc:
        raise EncodingProblem(Messages.ENCODING.format(encoding="HTML", detail=str(exc))) from exc
    text = found.get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS or not _SENTENCE_END.search(text):
        raise NoArticleText(Messages.NO_ARTICLE_TEXT)
    return make_article(
        _drop_title_line(text, found.get("title")),
        where,
        options,
        title=found.get("title"),
        published=choose_published(found.get("date"), found.get("title"), found.get("url"), data),
        source=found.get("sitename") or found.get("hostname"),
        url=found.get("url"),
    )


def _extract(trafilatura: Any, data: bytes, favor_recall: bool) -> dict[str, Any]:
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, favor_recall=favor_recall
    )
    if document is None:
        return {}
    # trafilatura 2.x returns a Document, older versions a dict.
    return dict(document.as_dict()) if hasattr(document, "as_dict") else dict(document)
