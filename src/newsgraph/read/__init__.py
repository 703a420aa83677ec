"""Reading articles: paths (files, directories, ``-`` for standard input) in, Articles out.

Everything is lazy: ``read_paths`` yields one ``Article`` per article as it reads, or a ``Failure``
naming the file (and line) that could not be read and why, and goes on with the rest. A JSON Lines
file of millions of articles streams through in constant memory.

Kinds of input, by file name: ``.txt`` (one article), ``.html``/``.htm`` (one article, extracted
with trafilatura), ``.jsonl``/``.ndjson``/``.json`` and ``.csv`` (one article per record: field
``text``, optional ``id``, ``title``, ``published``, ``url``, ``source``), ``.warc``/``.warc.gz``
(one article per HTML response record of a news crawl). A file without a suffix
and standard input are recognised by their content.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, InputNotFound, InputTooLarge, Messages, UnreadableRecord
from .articles import Item, NoteHandler, ReadOptions, failure, make_article, parse_published
from .decode import Decoded, decode_bytes
from .html import html_byte_limit, read_html
from .records import read_csv_file, read_json_file, record_to_item
from .warc import is_warc_name, read_warc_file

__all__ = [
    "CSV_SUFFIXES",
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "Decoded",
    "Item",
    "NoteHandler",
    "ReadOptions",
    "decode_bytes",
    "make_article",
    "parse_published",
    "read_path",
    "read_paths",
    "read_stream",
    "record_to_item",
    "special_file_kind",
]

STDIN = "-"
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
CSV_SUFFIXES = frozenset({".csv"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|head|body|article|div|p|meta|title|section|main|!--)[\s>]",
    re.IGNORECASE,
)


def read_paths(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Item]:
    """Read every path in turn (``-`` is standard input); yields Articles and Failures."""
    options = options or ReadOptions()
    for path in paths:
        if str(path) == STDIN:
            yield from read_stream(sys.stdin.buffer, "<stdin>", options)
        else:
            yield from read_path(Path(path), options)


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Read a file or, recursively, a directory (sorted, hidden files and folders skipped)."""
    options = options or ReadOptions()
    if path.is_dir():
        yield from _read_directory(path, options)
    elif not path.exists():
        yield failure(str(path), InputNotFound(Messages.NOT_FOUND))
    else:
        yield from _read_file(path, options)


# A folder's unreadable kinds are named in one note, up to this many files.
_NAMED_SKIPS = 10


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Item]:
    skipped: list[str] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES or is_warc_name(name):
                yield from _read_file(path, options)
            elif options.skipped_as_failures:
                kind = f"'{path.suffix}'" if path.suffix else "suffix-less"
                yield failure(str(path), UnreadableRecord(Messages.SKIPPED_KIND.format(kind=kind)))
            else:
                skipped.append(str(path.relative_to(root)))
    if skipped:
        named = ", ".join(skipped[:_NAMED_SKIPS]) + (
            f" and {len(skipped) - _NAMED_SKIPS} more" if len(skipped) > _NAMED_SKIPS else ""
        )
        options.note(str(root), f"skipped {len(skipped)} file(s) whose kind newsgraph does not read: {named}")


def special_file_kind(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (a FIFO, say), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, kind in (
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return kind
    return "special file"


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    special = special_file_kind(path)
    if special is not None:
        # Opening a FIFO blocks until a writer comes, which may be never: name it and go on.
        yield failure(str(path), UnreadableRecord(Messages.NOT_REGULAR_FILE.format(kind=special)))
        return
    suffix = path.suffix.lower()
    if is_warc_name(path.name):
        with path.open("rb") as stream:
            yield from read_warc_file(stream, str(path), options)
        return
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        yield failure(str(path), UnreadableRecord(Messages.UNSUPPORTED_FILE.format(suffix=suffix)))
        return
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield failure(str(path), InputNotFound(Messages.CANNOT_OPEN.format(detail=exc.strerror)))
        return
    with stream:
        if suffix in JSON_SUFFIXES:
            yield from read_json_file(stream, str(path), options)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv_file(stream, str(path), options)
        else:
            kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix else None
            yield from read_stream(stream, str(path), options, kind=kind)


def sniff(head: bytes) -> str:
    """Guess the kind of an input from its first bytes: 'json', 'html' or 'text'."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"{", b"[")):
        return "json"
    if _HTML_START.match(start):
        return "html"
    return "text"


def _read_all(stream: IO[bytes], limit: int, where: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(Messages.INPUT_TOO_LARGE_BYTES.format(limit=limit), where)
    return data


def read_stream(
    stream: IO[bytes], where: str, options: ReadOptions | None = None, kind: str | None = None
) -> Iterator[Item]:
    """Read one input stream of the given kind ('json', 'html', 'text'), or of the kind it looks like."""
    options = options or ReadOptions()
    if kind is None:
        peekable: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[type-var]
        kind = sniff(peekable.peek(4096)[:4096])
        stream = peekable
    if kind == "json":
        yield from read_json_file(stream, where, options)
        return
    try:
        if kind == "html":
            yield read_html(_read_all(stream, html_byte_limit(options), where), where, options)
            return
        decoded = decode_bytes(_read_all(stream, options.max_file_bytes, where))
        if not decoded.is_utf8:
            options.note(where, f"not UTF-8; read as {decoded.encoding}")
        yield make_article(decoded.text, where, options)
    except InputError as exc:
        yield failure(where, exc)
