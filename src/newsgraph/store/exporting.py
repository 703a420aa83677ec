"""Export the database, or the events a query matches, as PLOVER JSON, a GDELT-like table, CSV or Parquet.

PLOVER and GDELT rows come from the events part's ``newsgraph.export`` (through ``output``'s
writers), one record per event report of every current article, or of the articles with a matching
report when filters are given. CSV and Parquet hold one row per event (cluster) with its counts, or
one row per report with ``reports=True``.

``coding="corrected"`` writes PLOVER and GDELT rows from the analyses with the reviewers'
corrections applied (``corrections.corrected_analysis``); ``gold`` writes the reviewed articles in
``newsgraph.gold/1`` (``corrections.corrections_as_gold``). CSV and Parquet of reports take
``coding="corrected"`` or ``"both"`` too (``review.with_coding``: the rows of the machine coding's
tables with the corrections put on them, flat: ``corrected_FIELD`` and ``review_status`` columns);
CSV and Parquet of events (clusters) are the machine coding's only, since an event spans articles.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import Messages, UnknownFormat

if TYPE_CHECKING:
    from .api import Store

EXPORT_FORMATS = ("plover", "gdelt", "csv", "parquet", "gold")
# The formats written from whole analyses, which can therefore carry the corrections.
CORRECTABLE_FORMATS = ("plover", "gdelt", "gold")
# The formats written from the tables' rows: their reports take any coding, side by side included.
ROW_FORMATS = ("csv", "parquet")
PAGE = 5000


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return value


def event_rows(
    store: Store, reports: bool, filters: dict[str, Any], coding: str = "machine"
) -> list[dict[str, Any]]:
    """Return every event (or report) matching the filters, fetched a page at a time, in ``coding``
    (reports only; flat columns, see ``review.flat_rows``)."""
    from .review import flat_rows, with_coding

    rows: list[dict[str, Any]] = []
    fetched = 0
    while True:
        page = store.events(reports=reports, limit=PAGE, offset=fetched, sort="date", **filters)
        fetched += len(page)
        rows.extend(flat_rows(with_coding(store, "event", page, coding), "event"))
        if len(page) < PAGE:
            return rows


def _write_gold(store: Store, stream: TextIO) -> int:
    import json

    from .review import corrections_as_gold

    docs = corrections_as_gold(store)
    for doc in docs:
        stream.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return len(docs)


def _analyses(store: Store, coding: str, reviewed_only: bool, filters: dict[str, Any]) -> Any:
    from . import review as corrections

    if reviewed_only and not filters:
        yield from corrections.analyses(store, coding, reviewed_only=True)
        return
    for analysis in store.analyses(**filters):
        if coding == "corrected":
            analysis = corrections.corrected_analysis(
                analysis, corrections.item_states(store, analysis.article.id)
            )
        yield analysis


def _write_text(
    store: Store,
    fmt: str,
    stream: TextIO,
    reports: bool,
    filters: dict[str, Any],
    coding: str = "machine",
    reviewed_only: bool = False,
) -> int:
    if fmt == "gold":
        return _write_gold(store, stream)
    if fmt == "csv":
        rows = event_rows(store, reports, filters, coding)
        if rows:
            table = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
            table.writeheader()
            table.writerows({k: _flat(v) for k, v in row.items()} for row in rows)
        return len(rows)
    from ..output import make_writer

    writer = make_writer(fmt, stream)
    written = 0
    for analysis in _analyses(store, coding, reviewed_only, filters):
        writer.write(analysis)
        written += len(analysis.events)
    writer.close()
    return written


def export(
    store: Store,
    fmt: str,
    out: str | Path | TextIO | None = None,
    reports: bool = False,
    coding: str = "machine",
    reviewed_only: bool = False,
    **filters: Any,
) -> int:
    """Write an export to ``out`` (a path, a text stream, or standard output); return the rows written.

    ``coding``: ``machine``, ``corrected`` (plover, gdelt, and csv/parquet of reports; gold is always
    the corrected coding) or ``both`` (csv/parquet of reports: corrected values beside the machine ones).
    ``reviewed_only``: only the articles with a correction in force. For gold the count returned is
    the number of documents.
    """
    if fmt not in EXPORT_FORMATS:
        raise UnknownFormat(
            Messages.UNKNOWN_FORMAT.format(what="export", name=fmt, choices=", ".join(EXPORT_FORMATS))
        )
    if coding not in ("machine", "corrected", "both"):
        raise UnknownFormat(Messages.CORRECTION_CODING.format(name=coding))
    if coding == "both" and fmt not in ROW_FORMATS:
        raise UnknownFormat(
            Messages.CORRECTION_CODING.format(name=coding)
            + " (a plover, gdelt or gold export writes one coding: run it once for each)"
        )
    if fmt == "gold" and filters:
        raise UnknownFormat(Messages.EXPORT_GOLD_FILTERS)
    if coding != "machine" and fmt in ROW_FORMATS and not reports:
        raise UnknownFormat(Messages.EXPORT_CODING_NEEDS_REPORTS.format(coding=coding, format=fmt))
    if coding == "corrected" and fmt not in (*CORRECTABLE_FORMATS, *ROW_FORMATS):
        raise UnknownFormat(
            Messages.UNKNOWN_FORMAT.format(
                what="corrected export", name=fmt, choices=", ".join(CORRECTABLE_FORMATS)
            )
        )
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = event_rows(store, reports, filters, coding)
        table = pa.Table.from_pylist(rows)
        if out is None or not isinstance(out, (str, Path)):
            buffer = io.BytesIO()
            pq.write_table(table, buffer)
            sys.stdout.buffer.write(buffer.getvalue())
        else:
            pq.write_table(table, str(out))
        return len(rows)
    if out is None:
        return _write_text(store, fmt, sys.stdout, reports, filters, coding, reviewed_only)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return _write_text(store, fmt, stream, reports, filters, coding, reviewed_only)
    return _write_text(store, fmt, out, reports, filters, coding, reviewed_only)
