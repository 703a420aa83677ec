"""A quick count of the articles a batch will read, so its progress bar can show an ETA.

Counting reads each JSON Lines or CSV file once more, looking only for line ends (a few seconds a
gigabyte, against hours of analysis); a folder counts its files. Where a cheap count is impossible
(WARC archives, JSON arrays, standard input) the total is unknown and the bar shows only the rate.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..read import CSV_SUFFIXES, HTML_SUFFIXES, TEXT_SUFFIXES, special_file_kind
from ..read.warc import is_warc_name

LINE_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_CHUNK = 1 << 20


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _count_file(path: Path) -> int | None:
    if special_file_kind(path) is not None:
        return 0  # never opened: reading a FIFO to count its lines would wait forever
    suffix = path.suffix.lower()
    if is_warc_name(path.name) or not suffix or suffix == ".json":
        return None  # archives, arrays and content-sniffed files hold an unknown number of articles
    if suffix in LINE_SUFFIXES:
        return _count_lines(path)
    if suffix in CSV_SUFFIXES:
        return max(0, _count_lines(path) - 1)  # the header; a quoted field over several lines overcounts
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        return 1
    return 1  # a file of another kind is one failure (the batch records each by name)


def _files(path: Path) -> Iterable[Path]:
    if not path.is_dir():
        yield path
        return
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        yield from (Path(folder) / name for name in files if not name.startswith("."))


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """The number of articles under ``paths`` as cheaply as it can be known, or None."""
    total = 0
    for name in paths:
        path = Path(name)
        if str(name) == "-" or not path.exists():
            return None
        for file in _files(path):
            count = _count_file(file)
            if count is None:
                return None
            total += count
    return total
