"""Batch analysis at scale: the same ``analyze`` mapped over tasks on local processes or dask.

    >>> from newsgraph.batch import run_batch
    >>> report = run_batch(["articles.jsonl"], "out/", engine="local", workers=2)

Output is a folder of Parquet tables partitioned by publication month (see ``output.py``); a rerun
skips what is done. ``newsgraph batch`` is the command-line face of ``run_batch``.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from pathlib import Path

import pyarrow.parquet as pq
from tqdm import tqdm

from ..errors import Messages, NewsgraphError
from ..model import Analysis, Article, Failure
from .driver import BatchReport, Driver
from .inputs import count_articles
from .output import BatchOutput
from .tables import CHILD_TABLES, analyses_from_tables
from .tasks import WorkerConfig, item_key, make_tasks

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "BatchReport", "iter_batch_output", "read_batch_output", "run_batch"]


def _read_inputs(
    paths: Sequence[str], announce: Callable[[str], None] | None = None
) -> Iterator[Article | Failure]:
    # Imported here: reading pulls in trafilatura, needed only now.
    from ..read import ReadOptions, read_paths

    # A folder's files of a kind newsgraph does not read are failures here, so the failures table
    # names each one; notes (a file read as cp1252) are told as they come.
    def note(where: str, message: str) -> None:
        if announce is not None:
            announce(f"{where}: note: {message}")

    return read_paths(paths, ReadOptions(on_note=note, skipped_as_failures=True))


def run_batch(
    paths: Sequence[str],
    out: str | Path,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    model: str | None = None,
    task_size: int = 32,
    article_timeout: float | None = 300.0,
    max_tries: int = 3,
    progress: bool = True,
    pipeline_factory: str | None = None,
    items: Iterable[Article | Failure] | None = None,
    announce: Callable[[str], None] = print,
) -> BatchReport:
    """Analyze every article under ``paths`` (or the given ``items``) into Parquet tables in ``out``.

    Articles already in ``out`` (by content hash) are skipped. A task whose worker crashes or hangs
    is retried ``max_tries`` times, then article by article; an article that still fails is
    recorded in the failures table. ``pipeline_factory`` ("module:function" returning a Pipeline)
    swaps in custom stages on every worker. Returns a BatchReport.
    """
    if engine not in ENGINES:
        raise NewsgraphError(Messages.UNKNOWN_ENGINE.format(engine=engine, choices=", ".join(ENGINES)))
    workers = workers or os.cpu_count() or 1
    output = BatchOutput(out)
    source = items if items is not None else _read_inputs(paths, announce)
    report = BatchReport(workers=workers)

    total = None
    if progress:
        total = len(items) if isinstance(items, Sized) else count_articles(paths) if items is None else None
    bar = tqdm(total=total, unit="article", desc="analyzing", disable=not progress, dynamic_ncols=True)

    def counted(stream: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        for item in stream:
            if item_key(item) in output.done:
                report.skipped += 1
                bar.update(1)  # done before: counted so the ETA is for what is left
            yield item

    tasks = make_tasks(counted(source), output.done, task_size)
    driver = Driver(output, report, max_tries=max_tries, progress=bar, announce=announce)
    # A rerun with nothing left to do starts no workers (loading a model takes seconds per worker).
    first = next(tasks, None)
    if first is None:
        driver.close()
        return report
    tasks = itertools.chain([first], tasks)
    config = WorkerConfig(
        out_root=str(output.root),
        model=model,
        article_timeout=article_timeout,
        pipeline_factory=pipeline_factory,
    )
    try:
        if engine == "local":
            from .local import run_local

            run_local(tasks, config, workers, driver)
        else:
            from .dask_engine import run_dask

            run_dask(tasks, config, workers, driver, scheduler=scheduler, announce=announce)
    finally:
        driver.close()
    return report


def iter_batch_output(out: str | Path) -> Iterator[Analysis | Failure]:
    """Stream a batch's output folder back as Analysis objects and Failures, one task's part at a time.

    A task's rows of every table sit in files of the same relative path (``month=M/part-T``), so
    memory holds one part at a time however large the output is.
    """
    root = Path(out)
    for part in sorted((root / "articles").rglob("part-*.parquet")):
        relative = part.relative_to(root / "articles")
        tables = {"articles": pq.read_table(part)}
        for name in CHILD_TABLES:
            child = root / name / relative
            if child.exists():
                tables[name] = pq.read_table(child)
        yield from analyses_from_tables(tables)
    for part in sorted((root / "failures").rglob("part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            yield Failure(**row)


def read_batch_output(out: str | Path) -> tuple[list[Analysis], list[Failure]]:
    """Read a whole batch output folder into lists of Analysis objects and Failures."""
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    for item in iter_batch_output(out):
        (failures if isinstance(item, Failure) else analyses).append(item)  # type: ignore[arg-type]
    return analyses, failures
