"""A small cache of query answers, dropped whenever the database gains an article.

Many users of one server ask the same questions (the first page of events, a type's events, the
timeline); each costs a scan of the event tables, so the answer is kept until the database changes.
"Changes" is read cheaply and exactly enough: every ingest inserts an article row, so the largest
article key moves; a query answered before that is never served after it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from ..store import Store
from ..store import schema as tables

T = TypeVar("T")


class AnswerCache:
    """Least-recently-used answers keyed by the query, valid for one state of the database."""

    def __init__(self, store: Store, size: int = 2048) -> None:
        self.store = store
        self.size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: Any = None
        self._lock = threading.Lock()

    def _current_version(self) -> Any:
        with self.store.engine.connect() as conn:
            return conn.execute(select(func.max(tables.articles.c.pk))).scalar()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the cached answer for ``key``, computing (and keeping) it when missing or stale."""
        version = self._current_version()
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version = version
            if key in self._answers:
                self._answers.move_to_end(key)
                answer: T = self._answers[key]
                return answer
        answer = compute()
        with self._lock:
            if version == self._version:
                self._answers[key] = answer
                if len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        return answer
