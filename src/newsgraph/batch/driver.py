"""What every engine shares: committing finished tasks, retrying crashed ones, progress, the report.

An engine only moves tasks to workers and results back; the Driver decides what a crash means:
retry the task a bounded number of times, then retry its articles one by one, and finally record
the one article that still crashes (or hangs) its worker as failed, so the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tqdm import tqdm

from ..errors import Messages
from ..model import Failure
from .output import BatchOutput, staging_path, write_parts
from .tables import failure_row
from .tasks import Task, TaskResult, item_key, make_task


@dataclass
class BatchReport:
    """What a batch did, for the summary line and the benchmark."""

    articles: int = 0
    failures: int = 0
    skipped: int = 0
    tasks: int = 0
    retries: int = 0
    poison: int = 0
    startup_seconds: float = 0.0
    wall_seconds: float = 0.0
    analyze_seconds: float = 0.0
    workers: int = 1
    peak_rss_mb_by_worker: dict[int, float] = field(default_factory=dict)
    dashboard: str | None = None

    @property
    def articles_per_second(self) -> float:
        """Articles analyzed (or failed) per second of wall time after start-up."""
        return (self.articles + self.failures) / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def engine_overhead(self) -> float:
        """Share of the workers' time not spent analyzing (scheduling, I/O, idle)."""
        busy = self.wall_seconds * self.workers
        return max(0.0, 1.0 - self.analyze_seconds / busy) if busy else 0.0


class Driver:
    """Commits results and handles crashes on behalf of an engine."""

    def __init__(
        self,
        output: BatchOutput,
        report: BatchReport,
        max_tries: int = 3,
        progress: tqdm | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.output = output
        self.report = report
        # Where a crash is told as it happens (stderr in the CLI): a retry is never silent.
        self.announce = announce
        self.max_tries = max_tries
        self.progress = progress
        self.started = time.perf_counter()

    def workers_ready(self) -> None:
        """The workers have loaded their models: throughput is timed from here, start-up apart."""
        now = time.perf_counter()
        self.report.startup_seconds = now - self.started
        self.started = now

    def finished(self, result: TaskResult) -> None:
        """Commit a task a worker finished."""
        self.output.commit(result.task_id, result.keys)
        self.report.tasks += 1
        self.report.articles += result.articles
        self.report.failures += result.failures
        self.report.analyze_seconds += result.analyze_seconds
        peaks = self.report.peak_rss_mb_by_worker
        peaks[result.worker_pid] = max(peaks.get(result.worker_pid, 0.0), result.peak_rss_mb)
        if self.progress is not None:
            self.progress.update(result.articles + result.failures)

    def crashed(self, task: Task, reason: str, exhausted: bool = False) -> list[Task]:
        """A worker died (or hung) on ``task``; return the tasks to run again.

        ``exhausted`` says the engine already retried it as often as it will (dask does).
        """
        self.report.retries += 1
        task.tries += 1
        if task.tries < self.max_tries and not exhausted:
            self._tell(task, reason, "retrying the task")
            return [task]
        if len(task.items) > 1:
            self._tell(task, reason, "retrying its articles one by one")
            return [make_task([item]) for item in task.items]
        self._tell(task, reason, "recording the article as failed")
        self._record_poison(task, reason)
        return []

    def _tell(self, task: Task, reason: str, next_step: str) -> None:
        if self.announce is not None:
            self.announce(
                Messages.BATCH_WORKER_CRASHED.format(
                    articles=len(task.items), tries=task.tries, reason=reason, next_step=next_step
                )
            )

    def _record_poison(self, task: Task, reason: str) -> None:
        (item,) = task.items
        where = item.where if isinstance(item, Failure) else (item.external_id or item.id)
        failure = Failure(
            where=where, reason=Messages.POISON_ARTICLE.format(tries=task.tries, detail=reason), kind="Poison"
        )
        write_parts(staging_path(self.output.root, task.id), task.id, {"failures": [failure_row(failure)]})
        self.output.commit(task.id, [item_key(item)])
        self.report.failures += 1
        self.report.poison += 1
        if self.progress is not None:
            self.progress.update(1)

    def close(self) -> None:
        """Stop the clock and the progress bar."""
        self.report.wall_seconds = time.perf_counter() - self.started
        if self.progress is not None:
            self.progress.close()
