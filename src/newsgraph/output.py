"""Writing analyses in each output format of ``newsgraph analyze``.

- ``text``: a readable summary per article (``render.summarize``).
- ``json``: one indented ``newsgraph.analysis/1`` object when the input held one article, else a JSON
  array of them (written as it goes, so a large batch does not sit in memory). Use ``jsonl`` where a
  program reads the output: its shape does not depend on how many articles there were.
- ``jsonl``: one object per line.
- ``plover``: one PLOVER JSON record per event, one per line (``export.plover_records``).
- ``gdelt``: a tab-separated table, one row per event, with a header (``export.gdelt_rows``).
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from .model import Analysis
from .render import summarize

FORMATS = ("text", "json", "jsonl", "plover", "gdelt")


class Writer:
    """Writes analyses to a text stream in one format; call ``close`` at the end."""

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        self.stream = stream
        self.explain = explain

    def write(self, analysis: Analysis) -> None:
        """Write one analysis."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish the output (a closing bracket, say); the stream itself is the caller's to close."""


class TextWriter(Writer):
    """A readable summary per article, separated by blank lines."""

    def write(self, analysis: Analysis) -> None:
        """Write the summary of one article."""
        self.stream.write(summarize(analysis, explain=self.explain) + "\n")


class JsonLinesWriter(Writer):
    """One compact ``newsgraph.analysis/1`` object per line."""

    def write(self, analysis: Analysis) -> None:
        """Write one object and a newline."""
        self.stream.write(json.dumps(analysis.to_dict(explain=self.explain), ensure_ascii=False) + "\n")


class JsonWriter(Writer):
    """One indented object for a single article, a JSON array for several."""

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        super().__init__(stream, explain=explain)
        # The first object waits until a second shows whether this is an array.
        self._held: dict[str, Any] | None = None
        self._in_array = False

    def _dump(self, data: dict[str, Any], indent: str) -> str:
        return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)

    def write(self, analysis: Analysis) -> None:
        """Hold the first object; from the second on, write an array element by element."""
        data = analysis.to_dict(explain=self.explain)
        if self._held is None and not self._in_array:
            self._held = data
            return
        if self._held is not None:
            self.stream.write("[\n  " + self._dump(self._held, "  "))
            self._held = None
            self._in_array = True
        self.stream.write(",\n  " + self._dump(data, "  "))

    def close(self) -> None:
        """Write the single held object, or close the array."""
        if self._held is not None:
            self.stream.write(self._dump(self._held, "") + "\n")
        elif self._in_array:
            self.stream.write("\n]\n")


class PloverWriter(Writer):
    """One PLOVER JSON record per event, one per line."""

    def write(self, analysis: Analysis) -> None:
        """Write the PLOVER records of one article's events."""
        from .export import plover_records  # written by the events part; loaded only when asked for

        for record in plover_records(analysis):
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    # A tab or newline inside a cell would break the table for tools that split on them.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


class GdeltWriter(Writer):
    """A tab-separated table with a header row and one row per event."""

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        super().__init__(stream, explain=explain)
        from .export import GDELT_COLUMNS

        self.columns = list(GDELT_COLUMNS)
        self.table = csv.writer(stream, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.table.writerow(self.columns)

    def write(self, analysis: Analysis) -> None:
        """Write one row per event of the article."""
        from .export import gdelt_rows

        for row in gdelt_rows(analysis):
            self.table.writerow([_cell(row.get(column)) for column in self.columns])


WRITERS: dict[str, type[Writer]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "plover": PloverWriter,
    "gdelt": GdeltWriter,
}


def make_writer(output_format: str, stream: TextIO, *, explain: bool = False) -> Writer:
    """Return the writer for a format name (one of FORMATS)."""
    return WRITERS[output_format](stream, explain=explain)
