"""The database commands: ingest, events, quotes, entities, article, stats, failures, export.

Each is a thin layer over ``newsgraph.store``: it opens the database named by ``--db`` (or
``NEWSGRAPH_DB``, else ``./newsgraph.db``), calls one Store method and prints the result as a
readable table, JSON (keys named after what they count) or CSV. Only ``ingest`` opens it for
writing; the others open it read-only (it must exist, nothing is written to it or created beside it).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from ..store import open_store

OUTPUT_FORMATS = ("table", "json", "csv")
# Columns shown in the readable table (JSON and CSV carry every field).
TABLE_COLUMNS = {
    "events": ("id", "date", "type", "actor", "recipient", "place", "mentions", "articles", "sources"),
    "reports": ("date", "type", "actor", "recipient", "place", "source", "article", "sentence"),
    "quotes": ("published", "speaker", "kind", "text", "article"),
    "entities": ("name", "type", "country", "sector", "articles"),
    "failures": ("at", "where", "kind", "reason"),
}
CELL_WIDTH = 60


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db URL`` to a command."""
    return click.option(
        "--db",
        "db",
        metavar="URL",
        envvar="NEWSGRAPH_DB",
        help="Database: a SQLite path or postgresql://... [env NEWSGRAPH_DB; default ./newsgraph.db].",
    )(command)


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format table|json|csv`` to a command."""
    return click.option(
        "--format", "output_format", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True
    )(command)


def page_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--limit`` and ``--offset`` to a command."""
    command = click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows.")(
        command
    )
    return click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)(command)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return " ".join(str(value).split())


def print_rows(
    key: str,
    rows: list[dict[str, Any]],
    output_format: str,
    total: int | None = None,
    extra_columns: tuple[str, ...] = (),
) -> None:
    """Print rows as a table, as JSON ``{key: rows, "total": n}``, or as CSV.

    ``extra_columns``: columns the table shows after the key's usual ones.
    """
    if output_format == "json":
        data: dict[str, Any] = {key: rows}
        if total is not None:
            data["total"] = total
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if output_format == "csv":
        if rows:
            table = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            table.writeheader()
            table.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return
    if not rows:
        click.echo(f"no {key} match", err=True)
        return
    columns = (TABLE_COLUMNS.get(key) or tuple(rows[0])) + extra_columns
    cells = [[_cell(row.get(c))[:CELL_WIDTH] for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    shown = f"{len(rows):,} {key}" + (f" of {total:,}" if total is not None else "")
    click.echo(shown, err=True)


@click.command("ingest")
@click.argument("paths", nargs=-1, metavar="PATH...")
@db_option
@click.option(
    "--published", metavar="DATE", help="Publication date for articles that give none (YYYY-MM-DD)."
)
@click.option("--model", metavar="NAME", help="Installed spaCy pipeline to use [env NEWSGRAPH_MODEL].")
@click.option(
    "--from-parquet",
    "from_parquet",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    help="Load the output of 'newsgraph batch' instead of analyzing PATHs.",
)
@format_option
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    published: str | None,
    model: str | None,
    from_parquet: str | None,
    output_format: str,
) -> None:
    """Analyze articles and store them; already stored articles are skipped, so a rerun resumes."""
    from ..dates import normalize_date
    from ..pipeline import get_pipeline
    from ..read import ReadOptions, read_paths
    from ..settings import Settings

    if bool(paths) == bool(from_parquet):
        raise click.UsageError("give either PATH... to analyze or --from-parquet DIR to load, not both")
    with open_store(db) as store:
        if from_parquet:
            from ..batch import iter_batch_output

            report = store.ingest(iter_batch_output(from_parquet))
        else:
            options = ReadOptions(published=normalize_date(published))
            pipeline = get_pipeline(Settings.from_env(model=model))
            report = store.ingest(read_paths(paths, options), pipeline)
        for failure in report.failures:
            click.echo(f"{failure.where}: {failure.reason}", err=True)
        if output_format == "json":
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            return
        click.echo(
            f"{report.stored:,} articles stored ({report.events:,} event reports, {report.new_versions:,} new "
            f"versions, {report.near_duplicates:,} near-duplicates), {report.skipped:,} already stored, "
            f"{report.failed:,} failed, in {report.seconds:.1f} s; database {store.where}"
        )


def event_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the event query options shared by ``events`` and ``export``."""
    for name, help_text, kind in reversed(
        (
            ("--actor", "Actor name (whole words) or code (USA, USAGOV).", str),
            ("--recipient", "Recipient name or code.", str),
            ("--type", "PLOVER event type (ASSAULT, AGREE, ...).", str),
            ("--quad", "Quad class (1-4).", click.IntRange(1, 4)),
            ("--country", "ISO 3166 alpha-3 code: where it happened or a participant's country.", str),
            ("--since", "Events on or after this date (YYYY-MM-DD).", str),
            ("--until", "Events on or before this date (YYYY-MM-DD).", str),
            ("--place", "Place name (whole words).", str),
            ("--text", "Words the article contains (full-text search).", str),
        )
    ):
        command = click.option(name, type=kind, default=None, help=help_text)(command)
    return click.option("--reports", is_flag=True, help="One row per report, not per event (cluster).")(
        command
    )


def _coded_columns(kind: str, coding: str) -> tuple[str, ...]:
    """The table columns a coding adds: the corrected values (both) and each row's review status."""
    from ..store.review import CODED_FIELDS

    if coding == "machine":
        return ()
    shown = ("type", "mode", "actor", "recipient") if kind == "event" else ("speaker", "kind")
    corrected = (
        tuple(f"corrected_{name}" for name in shown if name in CODED_FIELDS[kind]) if coding == "both" else ()
    )
    return (*corrected, "review_status")


coding_option = click.option(
    "--coding",
    type=click.Choice(["machine", "corrected", "both"]),
    default="machine",
    show_default=True,
    help="machine (as the models coded it), corrected (the reviewers' corrections applied, rejected "
    "items left out) or both (each row's corrected values beside the machine ones).",
)


def _filters(values: dict[str, Any]) -> dict[str, Any]:
    keys = ("actor", "recipient", "type", "quad", "country", "since", "until", "place", "text")
    return {k: values[k] for k in keys if values.get(k) is not None}


@click.command("events")
@event_filters
@db_option
@format_option
@page_options
@click.option(
    "--sort",
    default="-date",
    show_default=True,
    help="date, mentions, articles, sources or type; - for descending.",
)
@coding_option
def events_command(
    db: str | None,
    output_format: str,
    limit: int,
    offset: int,
    sort: str,
    reports: bool,
    coding: str,
    **values: Any,
) -> None:
    """List events (the same event reported by many articles counts once) matching the filters."""
    from ..store.review import flat_rows, with_coding

    if coding != "machine" and not reports:
        raise click.UsageError(
            "--coding corrected or both needs --reports: corrections are made on an article's report, "
            "and a merged event spans articles"
        )
    filters = _filters(values)
    with open_store(db, read_only=True) as store:
        rows = store.events(reports=reports, limit=limit, offset=offset, sort=sort, **filters)
        rows = with_coding(store, "event", rows, coding)
        total = store.count_events(reports=reports, **filters)
    shown = rows if output_format == "json" else flat_rows(rows, "event")
    print_rows(
        "reports" if reports else "events", shown, output_format, total, _coded_columns("event", coding)
    )


@click.command("quotes")
@click.option("--speaker", metavar="NAME", help="Speaker name (whole words).")
@click.option("--text", "text_query", metavar="QUERY", help="Words the quote contains (full-text search).")
@db_option
@format_option
@page_options
@coding_option
def quotes_command(
    speaker: str | None,
    text_query: str | None,
    db: str | None,
    output_format: str,
    limit: int,
    offset: int,
    coding: str,
) -> None:
    """List quotes with their speakers, newest first."""
    from ..store.review import flat_rows, with_coding

    with open_store(db, read_only=True) as store:
        rows = store.quotes(speaker=speaker, text=text_query, limit=limit, offset=offset)
        rows = with_coding(store, "quote", rows, coding)
        total = store.count_quotes(speaker=speaker, text=text_query)
    shown = rows if output_format == "json" else flat_rows(rows, "quote")
    print_rows("quotes", shown, output_format, total, _coded_columns("quote", coding))


@click.command("entities")
@click.option("--type", "entity_type", metavar="T", help="Entity type (PERSON, ORG, GPE, ...).")
@click.option("--name", metavar="NAME", help="Name (whole words).")
@db_option
@format_option
@page_options
def entities_command(
    entity_type: str | None, name: str | None, db: str | None, output_format: str, limit: int, offset: int
) -> None:
    """List entities, most written about first."""
    with open_store(db, read_only=True) as store:
        rows = store.entities(type=entity_type, name=name, limit=limit, offset=offset)
    print_rows("entities", rows, output_format)


@click.command("article")
@click.argument("article_id", metavar="ID")
@db_option
def article_command(article_id: str, db: str | None) -> None:
    """Print one stored article's analysis (newsgraph.analysis/1) with its version and duplicates."""
    with open_store(db, read_only=True) as store:
        click.echo(json.dumps(store.article(article_id), ensure_ascii=False, indent=2))


@click.command("stats")
@db_option
@format_option
def stats_command(db: str | None, output_format: str) -> None:
    """Count what is stored: articles, entities, quotes, events, ..."""
    with open_store(db, read_only=True) as store:
        counts = store.stats()
    if output_format == "json":
        click.echo(json.dumps(counts, indent=2))
    elif output_format == "csv":
        print_rows("stats", [counts], "csv")
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key.replace('_', ' ').ljust(width)}  {value:>10,}")


@click.command("failures")
@db_option
@format_option
@page_options
def failures_command(db: str | None, output_format: str, limit: int, offset: int) -> None:
    """List inputs that could not be analyzed, with the reason."""
    with open_store(db, read_only=True) as store:
        rows = store.failures(limit=limit, offset=offset)
    print_rows("failures", rows, output_format)


@click.command("export")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(("plover", "gdelt", "csv", "parquet", "gold")),
    required=True,
    help="gold: the reviewed articles in newsgraph.gold/1 (docs/review.md).",
)
@click.option("--out", metavar="PATH", help="Output file (default: standard output).")
@click.option(
    "--coding",
    type=click.Choice(("machine", "corrected", "both")),
    default="machine",
    show_default=True,
    help="As the models coded it, or with the reviewers' corrections applied (plover, gdelt; csv and "
    "parquet with --reports); both: csv/parquet --reports with corrected_* and review_status columns.",
)
@event_filters
@db_option
def export_command(
    export_format: str, out: str | None, coding: str, db: str | None, reports: bool, **values: Any
) -> None:
    """Export the whole database, or the events a query matches."""
    coding = "corrected" if export_format == "gold" else coding
    with open_store(db, read_only=True) as store:
        written = store.export(export_format, out, reports=reports, coding=coding, **_filters(values))
    if out:
        click.echo(f"{written:,} rows written to {out}", err=True)
