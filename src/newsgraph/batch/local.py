"""The local engine: N worker processes on this machine, each with the model loaded once.

The supervisor knows which task each worker holds, so when a worker dies (a crash, the OOM killer,
its watchdog on a hang) only that task is charged and retried, and a fresh worker takes its place.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from ..errors import Messages, NewsgraphError
from .driver import Driver
from .tasks import WATCHDOG_EXIT, Task, WorkerConfig, analyze_items, run_task


def _worker_main(conn: Connection, config: WorkerConfig) -> None:
    """A worker: load the model once, say so, then run tasks from the pipe until told to stop."""
    try:
        list(analyze_items([], config))  # builds this process's pipeline before the first task
    except Exception as exc:  # e.g. the model is not installed: the batch cannot start at all
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        task = conn.recv()
        if task is None:
            return
        conn.send(run_task(task, config))


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, config: WorkerConfig) -> None:
        self.conn, child = context.Pipe()  # type: ignore[attr-defined]
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, config), daemon=True
        )
        self.process.start()
        child.close()
        self.task: Task | None = None

    def wait_ready(self) -> None:
        """Wait until the worker has loaded its model; raise if it could not."""
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            status, detail = "failed", f"the worker process exited with {self.process.exitcode}"
        if status != "ready":
            self.process.join(timeout=10)
            raise NewsgraphError(Messages.WORKER_START_FAILED.format(detail=detail))

    def give(self, task: Task) -> None:
        self.task = task
        self.conn.send(task)

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


def run_local(tasks: Iterator[Task], config: WorkerConfig, workers: int, driver: Driver) -> None:
    """Run every task on ``workers`` local processes, retrying what crashes via the driver."""
    context = multiprocessing.get_context("spawn")
    # Started together so that the models load in parallel; one that fails stops them all.
    pool = [_Worker(context, config) for _ in range(workers)]
    try:
        for worker in pool:
            worker.wait_ready()
    except NewsgraphError:
        for worker in pool:
            worker.stop()
        raise
    retry: deque[Task] = deque()
    driver.workers_ready()

    def next_task() -> Task | None:
        return retry.popleft() if retry else next(tasks, None)

    try:
        while True:
            for worker in pool:
                if worker.task is None:
                    task = next_task()
                    if task is not None:
                        worker.give(task)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                return
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for index, worker in enumerate(pool):
                if worker.task is None:
                    continue
                if worker.conn.poll():
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        result = None
                    if result is not None:
                        driver.finished(result)
                        worker.task = None
                        continue
                if not worker.process.is_alive():
                    code = worker.process.exitcode
                    reason = "it hung past the article timeout" if code == WATCHDOG_EXIT else f"exit {code}"
                    retry.extend(driver.crashed(worker.task, reason))
                    pool[index] = _Worker(context, config)
                    pool[index].wait_ready()
    finally:
        for worker in pool:
            worker.stop()
