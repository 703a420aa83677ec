"""WARC files from news crawls (Common Crawl's CC-NEWS, Heritrix, wget --warc-file): one article
per HTML response record, extracted like any HTML page, with the record's URI and date as metadata.

warcio reads plain and gzipped WARC (and ARC) files as a stream, so a multi-GB crawl file is read
in constant memory. Records that are not successful HTML responses (requests, metadata, images,
redirects) are passed over without a word; an HTML response without an article is a Failure.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from ..errors import InputError, Messages, UnreadableRecord
from .articles import Item, ReadOptions, failure, parse_published
from .html import html_byte_limit, read_html

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# What a WARC file starts with: gzip's magic number, a WARC version line, or an ARC file header.
_WARC_STARTS = (b"\x1f\x8b", b"WARC/", b"filedesc://")


def is_warc_name(name: str) -> bool:
    """Whether a file name says WARC (or ARC), compressed or not."""
    return name.lower().endswith(WARC_SUFFIXES)


def _is_html_response(record: object) -> bool:
    if getattr(record, "rec_type", None) not in ("response", "resource"):
        return False
    http = getattr(record, "http_headers", None)
    if http is not None and not (http.get_statuscode() or "").startswith("2"):
        return False
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    return "html" in content_type.lower()


def read_warc_file(stream: IO[bytes], name: str, options: ReadOptions) -> Iterator[Item]:
    """Yield an Article (or a Failure) for each HTML response record of a WARC stream."""
    # warcio comes with the 'batch' extra: imported here so that reading other kinds of input (and
    # `newsgraph analyze` on a core install) does not need it.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = html_byte_limit(options)
    head = stream.peek(16)[:16] if hasattr(stream, "peek") else b""
    if head and not head.startswith(_WARC_STARTS):
        yield failure(name, UnreadableRecord(Messages.BAD_WARC.format(detail="no WARC or gzip header")))
        return
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if not _is_html_response(record):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}:record {number}" + (f" ({uri})" if uri else "")
            try:
                data = record.content_stream().read(limit + 1)
                if len(data) > limit:
                    raise UnreadableRecord(Messages.INPUT_TOO_LARGE_BYTES.format(limit=limit))
                article = read_html(data, where, options)
            except InputError as exc:
                yield failure(where, exc)
                continue
            article.url = article.url or uri
            if not article.published:
                article.published = parse_published(record.rec_headers.get_header("WARC-Date"))
            yield article
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error) as exc:  # truncated or corrupt archive
        yield failure(name, UnreadableRecord(Messages.BAD_WARC.format(detail=str(exc).strip())))
