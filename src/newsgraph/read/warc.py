"""WARC files from news crawls (Common Crawl's CC-NEWS, Heritrix, wget --warc-file): one article
per HTML response record, extracted like any HTML page, with the record's URI and date as metadata.

warcio reads plain and gzipped WARC (and ARC) files as a stream, so a multi-GB crawl file is read
in constant memory. Records that are not successful HTML responses (requests, metadata, images,
redirects) are passed over without a word; an HTML response without an article is a Failure.

Gzip is undone here, not by warcio, so that the bytes a file decompresses to are counted: a small
file that inflates to gigabytes (a decompression bomb, or a corrupt header line that never ends)
stops at a cap per record and per file with a named failure, instead of growing without bound.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import IO

from ..errors import InputError, Messages, UnreadableRecord
from .articles import Item, ReadOptions, failure, parse_published
from .html import html_byte_limit, read_html

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# What a WARC file starts with: gzip's magic number, a WARC version line, or an ARC file header.
_WARC_STARTS = (b"\x1f\x8b", b"WARC/", b"filedesc://")


# Caps on decompressed bytes: a record (headers and body) and a whole file. Real news records are
# well under a few MB; a crawl file of several GB of real records stays under the file cap.
MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024 * 1024
# A line that never ends costs warcio time in the square of its length (it joins the line up piece
# by piece); no real header line, and hardly any HTML line, is longer than this.
MAX_LINE_BYTES = 8 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024


class DecompressionLimit(Exception):
    """A WARC file or record inflated past its cap."""


class BoundedInflate(io.RawIOBase):
    """A WARC file's bytes, gunzipped (every member) when compressed, counted against the caps.

    ``record_started`` is called as each record is handed out, which restarts the per-record count.
    """

    def __init__(self, raw: IO[bytes], max_record: int | None = None, max_file: int | None = None) -> None:
        self.raw = raw
        self.max_record = MAX_RECORD_BYTES if max_record is None else max_record
        self.max_file = MAX_FILE_BYTES if max_file is None else max_file
        self.total = self.since_record = self.since_newline = 0
        head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        self.inflate: zlib._Decompress | None = zlib.decompressobj(31) if head == _GZIP_MAGIC else None
        self.pending = b""

    def readable(self) -> bool:
        """Always: this is a read-only stream."""
        return True

    def record_started(self) -> None:
        """Restart the per-record count (a new record begins)."""
        self.since_record = 0

    def _more(self, size: int) -> bytes:
        """Up to ``size`` more bytes of the file's content (b"" at its end)."""
        if self.inflate is None:
            return self.raw.read(size)
        while True:
            if self.inflate.unconsumed_tail:
                data = self.inflate.decompress(self.inflate.unconsumed_tail, size)
            elif self.inflate.eof:
                rest = self.inflate.unused_data or self.raw.read(_CHUNK)
                if not rest:
                    return b""
                self.inflate = zlib.decompressobj(31)  # the next gzip member (WARC: one per record)
                data = self.inflate.decompress(rest, size)
            else:
                compressed = self.raw.read(_CHUNK)
                if not compressed:
                    return b""  # cut off mid-member: the records before the cut stand
                data = self.inflate.decompress(compressed, size)
            if data:
                return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` with the next decompressed bytes; DecompressionLimit past a cap."""
        data = self._more(len(buffer))
        self.total += len(data)
        self.since_record += len(data)
        if self.since_record > self.max_record:
            raise DecompressionLimit(Messages.WARC_RECORD_TOO_LARGE.format(limit=self.max_record))
        if self.total > self.max_file:
            raise DecompressionLimit(Messages.WARC_FILE_TOO_LARGE.format(limit=self.max_file))
        newline = data.rfind(b"\n")
        self.since_newline = len(data) - newline - 1 if newline >= 0 else self.since_newline + len(data)
        if self.since_newline > MAX_LINE_BYTES:
            raise DecompressionLimit(Messages.WARC_LINE_TOO_LONG.format(limit=MAX_LINE_BYTES))
        buffer[: len(data)] = data
        return len(data)


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
    inflated = BoundedInflate(stream)
    try:
        for number, record in enumerate(ArchiveIterator(io.BufferedReader(inflated, _CHUNK)), start=1):
            inflated.record_started()
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
    except DecompressionLimit as exc:
        yield failure(name, UnreadableRecord(Messages.BAD_WARC.format(detail=str(exc))))
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error) as exc:  # truncated or corrupt archive
        yield failure(name, UnreadableRecord(Messages.BAD_WARC.format(detail=str(exc).strip())))
