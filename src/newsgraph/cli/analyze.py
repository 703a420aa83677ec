"""``newsgraph analyze`` and ``newsgraph demo``: articles in, ``newsgraph.analysis/1`` out.

Failures (a file that is binary, a broken JSON line, a page with no article) are reported on
standard error, one line each, and the batch goes on; the exit status is 1 only when nothing at all
could be analyzed.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from ..errors import Messages
from ..model import Analysis, Failure
from ..output import FORMATS, make_writer
from ..read import ReadOptions, read_paths, read_stream
from ..render import summarize
from ..settings import Settings

if TYPE_CHECKING:
    from ..model import Article
    from ..pipeline import Pipeline

DEMO_OUT = "out/demo.jsonl"
DEMO_WEB_HINT = (
    "\nBrowse it in the web UI: make serve (or: {command} serve --db newsgraph.db), "
    "then open http://127.0.0.1:8000/ in a browser."
)


def invocation(argv0: str | None = None) -> str:
    """How to type newsgraph in the next commands: ``newsgraph`` when that name on PATH is this
    program, else the path it was started by (".venv/bin/newsgraph" after ``make demo``)."""
    started = Path(argv0 or sys.argv[0])
    on_path = shutil.which("newsgraph")
    if started.name != "newsgraph" or (on_path and Path(on_path).resolve() == started.resolve()):
        return "newsgraph"
    try:
        return str(started.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(started.resolve())


# Sections and length of each article's summary in the demo: enough to see what was found.
DEMO_SECTIONS = ("entities", "quotes", "events")
DEMO_LINES_PER_SECTION = 8


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..dates import normalize_date

    try:
        return normalize_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@dataclass
class Tally:
    """What a run produced, for the closing lines and the exit status."""

    analyzed: int = 0
    failed: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    def count(self, analysis: Analysis) -> None:
        """Add one analysis to the totals."""
        self.analyzed += 1
        for name in ("entities", "quotes", "events", "times", "places"):
            self.totals[name] = self.totals.get(name, 0) + len(getattr(analysis, name))


class Progress:
    """A progress bar on standard error, shown from the second article on when wanted."""

    def __init__(self, enabled: bool | None) -> None:
        # Default: only when a person is watching standard error.
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None
        self.seen = 0

    def step(self) -> None:
        """Count one article (analyzed or failed)."""
        self.seen += 1
        if not self.enabled:
            return
        if self.bar is None and self.seen > 1:
            from tqdm import tqdm

            self.bar = tqdm(unit=" articles", file=sys.stderr, initial=self.seen - 1, dynamic_ncols=True)
        if self.bar is not None:
            self.bar.update(1)

    def say(self, line: str) -> None:
        """Print a line on standard error without breaking the bar."""
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()


def run_pipeline(
    pipeline: Pipeline,
    items: Iterable[Article | Failure],
    on_analysis: Callable[[Analysis], None],
    progress: Progress,
) -> Tally:
    """Analyze every item in turn, hand each Analysis on, report each Failure as ``where: reason``."""
    tally = Tally()
    for result in pipeline.analyze_many(items):
        progress.step()
        if isinstance(result, Failure):
            tally.failed += 1
            progress.say(f"{result.where}: {result.reason}")
        else:
            tally.count(result)
            on_analysis(result)
    return tally


@contextlib.contextmanager
def _output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _load_pipeline(model: str | None, max_chars: int | None) -> Pipeline:
    from ..pipeline import get_pipeline

    return get_pipeline(Settings.from_env(model=model, max_chars=max_chars))


def _fail_if_nothing(tally: Tally, where: str) -> None:
    if tally.analyzed:
        return
    message = Messages.NOTHING_ANALYZED if tally.failed else Messages.NO_INPUT.format(where=where)
    click.echo(f"newsgraph: error: {message}", err=True)
    sys.exit(1)


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: a readable summary; json: one object (an array for several articles); jsonl: one "
    "object per line; plover: one PLOVER record per event; gdelt: a tab-separated event table.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    callback=_check_date,
    help="Publication date for articles whose metadata and dateline give none.",
)
@click.option("--model", metavar="NAME", help="Installed spaCy pipeline to use [env NEWSGRAPH_MODEL].")
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    help="Skip (and report) articles longer than this [default 200,000; env NEWSGRAPH_MAX_CHARS].",
)
@click.option("--explain", is_flag=True, help="Add each event's evidence: the rules that decided it.")
@click.option(
    "--out",
    metavar="FILE",
    default="-",
    help="Write the output to FILE instead of standard output (its folder is created).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on standard error [default: when it is a terminal].",
)
def analyze_command(
    paths: tuple[str, ...],
    output_format: str,
    published: str | None,
    model: str | None,
    max_chars: int | None,
    explain: bool,
    out: str,
    progress: bool | None,
) -> None:
    """Analyze news articles: entities, quotes, times, places and events.

    PATH is a .txt, .html/.htm, .jsonl/.json or .csv file, a directory (read recursively), or - for
    standard input. Unreadable inputs are reported on standard error and skipped.
    """
    pipeline = _load_pipeline(model, max_chars)
    bar = Progress(progress)
    options = ReadOptions(
        published=published,
        max_chars=pipeline.settings.max_chars,
        on_note=lambda where, note: bar.say(f"{where}: note: {note}"),
    )
    with _output(out) as stream:
        writer = make_writer(output_format, stream, explain=explain)
        try:
            tally = run_pipeline(pipeline, read_paths(paths, options), writer.write, bar)
        finally:
            bar.close()
        writer.close()
    if tally.failed and tally.analyzed:
        click.echo(
            f"newsgraph: analyzed {tally.analyzed} article(s); {tally.failed} input(s) failed (above)",
            err=True,
        )
    _fail_if_nothing(tally, ", ".join(paths))


def _demo_items(options: ReadOptions) -> Iterator[Article | Failure]:
    corpus = resources.files("newsgraph").joinpath("data/demo/demo.jsonl")
    with corpus.open("rb") as stream:
        yield from read_stream(stream, "demo.jsonl", options, kind="json")


@click.command("demo")
@click.option(
    "--out",
    metavar="PATH",
    default=DEMO_OUT,
    show_default=True,
    help="Where to write the full output (newsgraph.analysis/1, JSON Lines).",
)
@click.option(
    "--db",
    metavar="URL",
    default=None,
    help="Database to store the demo in [env NEWSGRAPH_DB; default ./newsgraph.db].",
)
def demo_command(out: str, db: str | None) -> None:
    """Analyze the bundled demo articles (Wikinews), store them and summarize what was found."""
    from ..store import open_store

    started = time.perf_counter()
    pipeline = _load_pipeline(None, None)
    bar = Progress(False)
    analyses: list[Analysis] = []
    with _output(out) as stream:
        jsonl = make_writer("jsonl", stream)

        def show(analysis: Analysis) -> None:
            jsonl.write(analysis)
            analyses.append(analysis)
            summary = summarize(analysis, sections=DEMO_SECTIONS, max_lines=DEMO_LINES_PER_SECTION)
            click.echo(summary)

        tally = run_pipeline(pipeline, _demo_items(ReadOptions()), show, bar)
    seconds = time.perf_counter() - started
    totals = ", ".join(f"{count} {name}" for name, count in tally.totals.items())
    click.echo(f"Analyzed {tally.analyzed} articles in {seconds:.1f} s: {totals}.")
    if tally.failed:
        click.echo(f"{tally.failed} article(s) could not be analyzed (reasons above).")
    click.echo(f"Full output (newsgraph.analysis/1, one JSON object per line): {out}")
    _fail_if_nothing(tally, "the demo corpus")
    with open_store(db) as store:
        report = store.ingest(analyses)
        click.echo(
            f"\nStored in {store.where}: {report.stored} new article(s), {report.skipped} already there.\n"
        )
        command = invocation()
        click.echo(store.summary(command=command))
    click.echo(DEMO_WEB_HINT.format(command=command))
