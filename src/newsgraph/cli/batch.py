"""``newsgraph batch``: analyze many articles in parallel into Parquet tables (local or dask)."""

from __future__ import annotations

import click

from ..batch import ENGINES, run_batch


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False), help="Output folder of Parquet tables."
)
@click.option(
    "--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where the work runs."
)
@click.option(
    "--scheduler", default=None, help="Address of a dask scheduler (tcp://host:8786); dask engine only."
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores)."
)
@click.option("--model", default=None, help="spaCy pipeline to load in each worker.")
@click.option(
    "--task-size", type=click.IntRange(min=1), default=32, show_default=True, help="Articles per task."
)
@click.option(
    "--article-timeout",
    type=click.FloatRange(min=1),
    default=300.0,
    show_default=True,
    help="Seconds one article may take before its worker is stopped and the article retried.",
)
@click.option(
    "--max-tries",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Tries of a crashing task before its articles are tried one by one.",
)
@click.option(
    "--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr."
)
def batch_command(
    inputs: tuple[str, ...],
    out: str,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    model: str | None,
    task_size: int,
    article_timeout: float,
    max_tries: int,
    progress: bool,
) -> None:
    """Analyze INPUT files/folders (JSONL, CSV, text, HTML, WARC) into Parquet tables in --out.

    A rerun skips articles already in --out (by content hash); articles that crash or hang a worker
    are retried and then recorded in the failures table.
    """
    report = run_batch(
        list(inputs),
        out,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        model=model,
        task_size=task_size,
        article_timeout=article_timeout,
        max_tries=max_tries,
        progress=progress,
        announce=lambda line: click.echo(line, err=True),
    )
    click.echo(
        f"{report.articles} analyzed, {report.failures} failed, {report.skipped} already done; "
        f"{report.articles_per_second:.2f} articles/s on {report.workers} worker(s) "
        f"(start-up {report.startup_seconds:.1f} s); output in {out}"
    )
    if report.articles == 0 and report.failures > 0:
        raise SystemExit(1)
