"""Store results on a second thread while the pipeline analyzes the next articles.

Parsing holds the interpreter only part of the time (spaCy's matrix work and SQLite's own work
release it), so writing article n while analyzing article n+1 hides most of the storage cost. One
writer, in order, one transaction per article, exactly as without the thread; an error on the
writer stops the feed and is raised in the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
_DONE = object()
# Enough to keep the writer busy while the pipeline works on a batch; small enough to bound memory.
QUEUE_SIZE = 32


class BackgroundWriter(Generic[T]):
    """Feed items to ``write`` on one background thread, in order; re-raise its first error."""

    def __init__(self, write: Callable[[T], None]) -> None:
        self._write = write
        self._queue: queue.Queue[object] = queue.Queue(maxsize=QUEUE_SIZE)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="newsgraph-store-writer", daemon=True)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if self._error is None:
                try:
                    self._write(item)  # type: ignore[arg-type]
                except BaseException as exc:  # re-raised in the caller's thread by run()
                    self._error = exc

    def run(self, items: Iterable[T]) -> None:
        """Write every item (stopping at the writer's first error, which is then raised)."""
        self._thread.start()
        try:
            for item in items:
                if self._error is not None:
                    break
                self._queue.put(item)
        finally:
            self._queue.put(_DONE)
            self._thread.join()
        if self._error is not None:
            raise self._error
