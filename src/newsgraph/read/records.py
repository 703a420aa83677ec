"""Files of many articles: JSON Lines (or a JSON array) and CSV, one record per article."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..errors import InputError, InputTooLarge, Messages, UnreadableRecord
from ..model import SCHEMA
from .articles import Item, ReadOptions, failure, make_article
from .decode import decode_bytes

# The fields a record may have besides ``text``; anything else is ignored.
FIELDS = ("id", "title", "published", "url", "source")
# A JSON array is parsed whole, so it gets a limit; JSON Lines stream and have none.
MAX_JSON_ARRAY_BYTES = 512 * 1024 * 1024
# A single pretty-printed JSON object (one article) is at most this big.
MAX_MULTILINE_OBJECT_BYTES = 16 * 1024 * 1024


def record_to_item(record: object, where: str, options: ReadOptions) -> Item:
    """Turn one decoded record into an Article, or a Failure saying what is wrong with it."""
    try:
        if not isinstance(record, Mapping):
            raise UnreadableRecord(
                Messages.BAD_RECORD.format(
                    detail=f"the record is a JSON {type(record).__name__}, not an object"
                )
            )
        fields: Mapping[str, Any] = record
        id_field = "id"
        if fields.get("schema") == SCHEMA and isinstance(fields.get("article"), Mapping):
            # newsgraph's own output: the article it analyzed is read again (to re-analyze it); its
            # "id" is newsgraph's content hash, the source's own id is "external_id".
            fields, id_field = fields["article"], "external_id"
        text = fields.get("text")
        if not isinstance(text, str) or not text.strip():
            raise UnreadableRecord(Messages.MISSING_TEXT_FIELD)

        def field(name: str) -> str | None:
            value = fields.get(name)
            return None if value in (None, "") else str(value)

        return make_article(
            text,
            where,
            options,
            external_id=field(id_field),
            title=field("title"),
            published=field("published"),
            source=field("source"),
            url=field("url"),
        )
    except InputError as exc:
        return failure(where, exc)


def _decode_line(line: bytes, where: str, options: ReadOptions) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = decode_bytes(line)
        options.note(where, f"not UTF-8; read as {decoded.encoding}")
        return decoded.text


def _loads(text: str | bytes) -> Any:
    """json.loads, with JSON nested past Python's recursion limit reported as a bad record: a
    RecursionError would otherwise end the whole batch, files already read included."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        detail = "the JSON is nested too deeply to read (thousands of levels of brackets)"
        raise UnreadableRecord(Messages.BAD_RECORD.format(detail=detail)) from exc


def read_json_lines(lines: Iterable[bytes], name: str, options: ReadOptions) -> Iterator[Item]:
    """Read JSON Lines: one article per line; a bad line is a Failure and reading goes on."""
    line_limit = options.max_file_bytes
    for number, line in enumerate(lines, start=1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            if len(line) > line_limit:
                raise InputTooLarge(Messages.INPUT_TOO_LARGE_BYTES.format(limit=line_limit))
            text = _decode_line(line, where, options)
            try:
                record = _loads(text)
            except json.JSONDecodeError as exc:
                cut = "" if line.endswith(b"\n") else " (the line is cut off: a truncated file?)"
                detail = f"the line is not valid JSON ({exc.msg}, column {exc.colno}){cut}"
                raise UnreadableRecord(Messages.BAD_RECORD.format(detail=detail)) from exc
        except InputError as exc:
            yield failure(where, exc)
            continue
        yield record_to_item(record, where, options)


def read_json_document(data: bytes, name: str, options: ReadOptions) -> Iterator[Item]:
    """Read a whole JSON document: an array of article objects, or one object."""
    try:
        if len(data) > MAX_JSON_ARRAY_BYTES:
            raise InputTooLarge(
                f"the JSON document has {len(data):,} bytes, over {MAX_JSON_ARRAY_BYTES:,}; write it as "
                "JSON Lines, which are read one line at a time"
            )
        value = _loads(decode_bytes(data).text)
    except InputError as exc:
        yield failure(name, exc)
        return
    except json.JSONDecodeError as exc:
        detail = f"the file is not valid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno})"
        yield failure(name, UnreadableRecord(Messages.BAD_RECORD.format(detail=detail)))
        return
    if isinstance(value, list):
        for index, record in enumerate(value):
            yield record_to_item(record, f"{name}[{index}]", options)
    else:
        yield record_to_item(value, name, options)


def read_json_file(stream: IO[bytes], name: str, options: ReadOptions) -> Iterator[Item]:
    """Read a .json/.jsonl file: JSON Lines, unless it is one JSON array or one multi-line object."""
    first = stream.readline()
    start = first.lstrip()
    if start.startswith(b"["):
        yield from read_json_document(first + stream.read(), name, options)
        return
    lines: Iterable[bytes] = _prepend([first], stream)
    if start.startswith(b"{") and not _parses(first):
        # A pretty-printed object, or JSON Lines whose first line is broken: look at a bounded head.
        head = first + stream.read(MAX_MULTILINE_OBJECT_BYTES)
        if len(head) < len(first) + MAX_MULTILINE_OBJECT_BYTES and _parses(head):
            yield from read_json_document(head, name, options)
            return
        head_lines = head.splitlines(keepends=True)
        if not head_lines[-1].endswith(b"\n"):
            head_lines[-1] += stream.readline()
        lines = _prepend(head_lines, stream)
    yield from read_json_lines(lines, name, options)


def _parses(line: bytes) -> bool:
    try:
        _loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError, UnreadableRecord):
        return False
    return True


def _prepend(first: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from (line for line in first if line)
    yield from rest


def _csv_encoding(head: bytes, name: str, options: ReadOptions) -> str:
    try:
        # The sample may end inside a character; the incremental decoder allows that.
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        encoding = decode_bytes(head).encoding
        options.note(name, f"not UTF-8; read as {encoding}")
        return encoding


def read_csv_file(stream: IO[bytes], name: str, options: ReadOptions) -> Iterator[Item]:
    """Read a CSV of articles with a header row naming its columns (``text`` required)."""
    head = stream.read(65536)
    stream.seek(0)
    try:
        encoding = _csv_encoding(head, name, options)
    except InputError as exc:
        yield failure(name, exc)
        return
    # Articles are long: allow fields up to the character limit (the default is 131,072).
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars + 1))
    text_stream = io.TextIOWrapper(stream, encoding=encoding, newline="")
    reader = csv.DictReader(text_stream)
    try:
        columns = [c.strip().lower() for c in reader.fieldnames or []]
    except (csv.Error, UnicodeDecodeError) as exc:
        yield failure(name, UnreadableRecord(Messages.BAD_RECORD.format(detail=f"unreadable header: {exc}")))
        return
    if "text" not in columns:
        detail = f"the CSV header has no 'text' column (it has: {', '.join(columns) or 'nothing'})"
        yield failure(name, UnreadableRecord(Messages.BAD_RECORD.format(detail=detail)))
        return
    reader.fieldnames = columns
    yield from _csv_rows(reader, name, options)


def _csv_rows(reader: csv.DictReader[str], name: str, options: ReadOptions) -> Iterator[Item]:
    last_line = reader.line_num
    while True:
        where = f"{name}:{last_line + 1}"
        try:
            row: dict[str, Any] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield failure(where, UnreadableRecord(Messages.BAD_RECORD.format(detail=f"bad CSV row: {exc}")))
            last_line = reader.line_num
            continue
        except UnicodeDecodeError as exc:
            detail = (
                f"the rest of the file is not {exc.encoding} ({exc.reason}); nothing after this line was read"
            )
            yield failure(where, UnreadableRecord(Messages.BAD_RECORD.format(detail=detail)))
            return
        last_line = reader.line_num
        yield record_to_item(row, where, options)
