"""The dask engine: the same tasks on a dask.distributed cluster (a LocalCluster when no address).

Dask reschedules a task whose worker died and gives up after its ``allowed-failures``; the Driver
then splits the task into single articles and records the one that keeps killing workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from distributed import Client, Future, LocalCluster, as_completed
from distributed.scheduler import KilledWorker

from .driver import Driver
from .tasks import Task, WorkerConfig, analyze_items, run_task


def _warm_up(config: WorkerConfig) -> None:
    list(analyze_items([], config))


def run_dask(
    tasks: Iterator[Task],
    config: WorkerConfig,
    workers: int,
    driver: Driver,
    scheduler: str | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Run every task on a dask cluster; ``scheduler`` is its address, or None for a LocalCluster."""
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        driver.report.dashboard = client.dashboard_link
        announce(f"dask dashboard: {client.dashboard_link}")
        client.run(_warm_up, config)  # the model loads once per worker, before the clock matters
        driver.report.workers = len(client.scheduler_info()["workers"]) or workers
        driver.workers_ready()
        in_flight: dict[Future, Task] = {}
        limit = 2 * max(1, driver.report.workers)
        queue: list[Task] = []
        completed = as_completed()

        def submit_more() -> None:
            while len(in_flight) < limit:
                task = queue.pop() if queue else next(tasks, None)
                if task is None:
                    return
                future = client.submit(run_task, task, config, pure=False)
                in_flight[future] = task
                completed.add(future)

        submit_more()
        while in_flight:
            future = next(completed)
            task = in_flight.pop(future)
            if future.status == "error":
                exc = future.exception()
                if not isinstance(exc, KilledWorker):
                    raise exc  # type: ignore[misc]
                queue.extend(driver.crashed(task, "its worker died each time", exhausted=True))
            else:
                driver.finished(future.result())
            future.release()
            submit_more()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
