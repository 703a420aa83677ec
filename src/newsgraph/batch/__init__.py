"""Batch analysis at scale: the same ``analyze`` mapped over tasks on local processes or dask.

    >>> from newsgraph.batch import run_batch
    >>> report = run_batch(["articles.jsonl"], "out/", engine="local", workers=2)

Output is a folder of Parquet tables partitioned by publication month (see ``output.py``); a rerun
skips what is done. ``newsgraph batch`` is the command-line face of ``run_batch``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow.dataset as ds
from tqdm import tqdm

from ..errors import Messages, NewsgraphError
from ..model import Analysis, Article, Failure
from .driver import BatchReport, Driver
from .output import BatchOutput
from .tables import ALL_TABLES, analyses_from_tables
from .tasks import WorkerConfig, item_key, make_tasks

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "BatchReport", "read_batch_output", "run_batch"]


def _read_inputs(paths: Sequence[str]) -> Iterator[Article | Failure]:
    from ..read import read_paths  # imported here: reading pulls in trafilatura, needed only now

    return read_paths(paths)


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
    source = items if items is not None else _read_inputs(paths)
    report = BatchReport(workers=workers)

    def counted(stream: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        for item in stream:
            if item_key(item) in output.done:
                report.skipped += 1
            yield item

    tasks = make_tasks(counted(source), output.done, task_size)
    bar = tqdm(unit="article", desc="analyzing", disable=not progress, dynamic_ncols=True)
    driver = Driver(output, report, max_tries=max_tries, progress=bar)
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


def read_batch_output(out: str | Path) -> tuple[list[Analysis], list[Failure]]:
    """Read a batch's output folder back into Analysis objects and Failures."""
    root = Path(out)
    tables = {}
    for name in ALL_TABLES:
        folder = root / name
        if folder.exists() and any(folder.rglob("*.parquet")):
            tables[name] = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    analyses = analyses_from_tables(tables) if "articles" in tables else []
    failures = [Failure(**row) for row in tables["failures"].to_pylist()] if "failures" in tables else []
    return analyses, failures
