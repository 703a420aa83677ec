"""HTML pages: the article's main text and its metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from typing import Any

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
        published=found.get("date"),
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
