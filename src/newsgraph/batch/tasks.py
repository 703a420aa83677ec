"""Tasks: the unit of work a batch hands a worker, and the function a worker runs on one.

A task is a few dozen articles. The worker analyzes them with the model it loaded once, writes the
rows as staged Parquet parts and returns a small summary; the driver commits the task. A watchdog
turns an article that hangs into a crash of that worker, so the engine's crash handling (retry,
then one article at a time, then record it as failed) covers hangs too.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import resource
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis, Article, Failure
from ..pipeline import Pipeline, get_pipeline
from ..settings import Settings
from .output import staging_path, write_parts
from .tables import ALL_TABLES, analysis_rows, failure_row

# The exit status of a worker that its watchdog stopped: distinguishes a hang from other crashes.
WATCHDOG_EXIT = 86


@dataclass
class Task:
    """Some articles (or reader failures) to analyze together."""

    id: str
    items: list[Article | Failure]
    tries: int = 0


@dataclass
class TaskResult:
    """What a worker reports back after staging a task's parts."""

    task_id: str
    keys: list[str]
    articles: int
    failures: int
    analyze_seconds: float
    peak_rss_mb: float
    worker_pid: int = field(default_factory=os.getpid)


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs to analyze a task: the settings and where to write."""

    out_root: str
    model: str | None = None
    max_chars: int | None = None
    article_timeout: float | None = 300.0
    # "package.module:function" returning the Pipeline to use, for custom stages; None: the default.
    pipeline_factory: str | None = None


def item_key(item: Article | Failure) -> str:
    """The key a finished item is remembered by: its content hash, or where a failed read was."""
    return item.id if isinstance(item, Article) else f"failure:{item.where}"


def task_id_for(items: list[Article | Failure]) -> str:
    """A deterministic id from the items' keys, so a rerun of the same task rewrites the same files."""
    digest = hashlib.sha256("\n".join(item_key(i) for i in items).encode("utf-8"))
    return digest.hexdigest()[:20]


def make_task(items: list[Article | Failure]) -> Task:
    """Wrap items in a Task with its id."""
    return Task(id=task_id_for(items), items=list(items))


def make_tasks(items: Iterable[Article | Failure], done: set[str], size: int) -> Iterator[Task]:
    """Group items into tasks of ``size``, skipping those already done and repeats of one text."""
    seen: set[str] = set()
    chunk: list[Article | Failure] = []
    for item in items:
        key = item_key(item)
        if key in done or key in seen:
            continue
        seen.add(key)
        chunk.append(item)
        if len(chunk) >= size:
            yield make_task(chunk)
            chunk = []
    if chunk:
        yield make_task(chunk)


class _Watchdog:
    """Ends this process if one step takes longer than ``limit`` seconds (None: never)."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.deadline = float("inf")
        self.stopped = threading.Event()
        if limit:
            threading.Thread(target=self._watch, daemon=True).start()

    def reset(self) -> None:
        if self.limit:
            self.deadline = time.monotonic() + self.limit

    def stop(self) -> None:
        self.stopped.set()

    def _watch(self) -> None:
        while not self.stopped.wait(0.5):
            if time.monotonic() > self.deadline:
                os._exit(WATCHDOG_EXIT)


_CUSTOM_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(config: WorkerConfig) -> Pipeline:
    """This process's pipeline for the config: built on first use, then reused for every task."""
    if config.pipeline_factory is None:
        return get_pipeline(Settings.from_env(model=config.model, max_chars=config.max_chars))
    if config.pipeline_factory not in _CUSTOM_PIPELINES:
        module_name, _, attribute = config.pipeline_factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attribute)
        _CUSTOM_PIPELINES[config.pipeline_factory] = factory()
    return _CUSTOM_PIPELINES[config.pipeline_factory]


def analyze_items(items: list[Article | Failure], config: WorkerConfig) -> Iterator[Analysis | Failure]:
    """Analyze items in order with this process's pipeline, under the watchdog."""
    pipeline = _pipeline(config)
    watchdog = _Watchdog(config.article_timeout)
    watchdog.reset()
    try:
        # Batches of 8 keep the watchdog's allowance per result close to a few articles' worth.
        for result in pipeline.analyze_many(items, batch_size=8):
            watchdog.reset()
            yield result
    finally:
        watchdog.stop()


def run_task(task: Task, config: WorkerConfig) -> TaskResult:
    """Analyze a task and stage its Parquet parts; runs inside a worker process."""
    started = time.perf_counter()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ALL_TABLES}
    articles = failures = 0
    for result in analyze_items(task.items, config):
        if isinstance(result, Failure):
            failures += 1
            rows["failures"].append(failure_row(result))
        else:
            articles += 1
            for table, table_rows in analysis_rows(result).items():
                rows[table].extend(table_rows)
    analyze_seconds = time.perf_counter() - started
    write_parts(staging_path(config.out_root, task.id), task.id, rows)
    return TaskResult(
        task_id=task.id,
        keys=[item_key(i) for i in task.items],
        articles=articles,
        failures=failures,
        analyze_seconds=analyze_seconds,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
