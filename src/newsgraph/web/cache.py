"""A small cache of query answers, dropped whenever the database gains an article.

Many users of one server ask the same questions (the first page of events, a type's events, the
timeline); each costs a scan of the event tables, so the answer is kept until the database changes.
"Changes" is read cheaply and exactly enough: every ingest inserts an article row, so the largest
article key moves, and every correction a row of the review log; a query answered before that is
never served after it. Answers are kept as the
JSON bytes sent, so a repeated question costs neither a query nor a serialization.

On a SQLite file the change is read even more cheaply: ``PRAGMA data_version`` on a connection of
the cache's own moves whenever any other connection, in any process, commits. That read costs
microseconds and never waits on a writer (WAL), so ``fresh`` may run on the event loop and a repeated
question is answered without a trip through the thread pool. Elsewhere (PostgreSQL) the largest
article and correction keys are read, in the thread pool.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import orjson
from sqlalchemy import func, select

from ..store import Store
from ..store import schema as tables

T = TypeVar("T")
# Built once: a statement object rebuilt per request costs more than running it. A correction
# (store/review) changes the corrected codings the answers show without adding an article, so the
# newest correction is read too.
_NEWEST_ARTICLE = select(
    func.max(tables.articles.c.pk), select(func.max(tables.corrections.c.pk)).scalar_subquery()
)


def render(answer: Any) -> bytes:
    """Return an answer as compact UTF-8 JSON bytes, as FastAPI's JSONResponse sends them.

    orjson, not the json module: under many clients, rendering pages of events with the json module
    took about a quarter of the time the server held the GIL. Keys that are not strings are written
    as strings, as the json module does.
    """
    return orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS)


# Room for every answer of a busy UI session mix and then some: 2,048 answers were fewer than the
# distinct questions of benchmarks/web.py's mix (2,429), and a mix cycling through more questions
# than an LRU cache keeps finds none of them kept.
CACHE_ANSWERS = 16_384
CACHE_BYTES = 128 * 1024 * 1024


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BudgetedLRU(OrderedDict[K, V]):
    """An ordered dict kept within a number of entries and a byte budget, least recently used first out.

    ``weigh`` gives the bytes a value counts for; both caches of the web app (answers here, whole
    responses in ``fastpath``) keep their entries this way.
    """

    def __init__(self, weigh: Callable[[V], int]) -> None:
        super().__init__()
        self.weigh = weigh
        self.weight = 0

    def hit(self, key: K) -> V | None:
        """Return the value kept for ``key`` (marking it most recently used), or None."""
        if key not in self:
            return None
        self.move_to_end(key)
        return self[key]

    def put(self, key: K, value: V, most: int, budget: int) -> None:
        """Keep a value, then drop the least recently used until at most ``most`` and ``budget`` bytes."""
        if key in self:
            self.weight -= self.weigh(self[key])
        self[key] = value
        self.move_to_end(key)
        self.weight += self.weigh(value)
        while self and (len(self) > most or self.weight > budget):
            self.weight -= self.weigh(self.popitem(last=False)[1])

    def clear(self) -> None:
        """Drop everything."""
        super().clear()
        self.weight = 0


def weight(answer: Any) -> int:
    """Return the bytes an answer counts for in a cache's budget (answers kept as JSON bytes)."""
    return len(answer) if isinstance(answer, bytes) else 64


class AnswerCache:
    """Least-recently-used answers keyed by the query, valid for one state of the database.

    At most ``size`` answers and ``max_bytes`` of them are kept. ``size`` 0 turns caching off (every
    answer computed afresh), e.g. to measure uncached latency.
    """

    def __init__(self, store: Store, size: int = CACHE_ANSWERS, max_bytes: int = CACHE_BYTES) -> None:
        self.store = store
        self.size = size
        self.max_bytes = max_bytes
        self._answers: BudgetedLRU[Hashable, Any] = BudgetedLRU(weight)
        self._version: Any = None
        self._lock = threading.Lock()
        # Opened as the store opens its own (read-only, immutable), so it creates nothing the store does not.
        self._watched = store.sqlite
        self._watch: sqlite3.Connection | None = None

    @property
    def cheap(self) -> bool:
        """Whether the database's state is read without blocking (so ``fresh`` may run on the event loop)."""
        return self._watched is not None and self.size > 0

    def version(self) -> Any:
        """Return the database's current state: equal values mean nothing was committed in between."""
        if self._watched is not None:
            with self._lock:
                if self._watch is None:
                    # Only reads PRAGMA data_version; shared by threads, always under the lock.
                    self._watch = self._watched.connect()
                return self._watch.execute("PRAGMA data_version").fetchone()[0]
        with self.store.engine.connect() as conn:
            return tuple(conn.execute(_NEWEST_ARTICLE).one())

    def fresh(self, key: Hashable) -> Any | None:
        """Return the answer kept for ``key`` if the database has not changed since, else None."""
        return self.kept(key)[0]

    def close(self) -> None:
        """Close the cache's own connection (if it has one)."""
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    def kept(self, key: Hashable) -> tuple[Any | None, Any]:
        """Return the answer kept for ``key`` (None if none) and the database state it must be kept under.

        Compute a missing answer after this call and ``keep`` it with the state returned here: an
        answer computed while another connection committed is then never kept for the new state.
        """
        if self.size <= 0:
            return None, None
        version = self.version()
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version = version
            return self._answers.hit(key), version

    def keep(self, key: Hashable, answer: Any, version: Any) -> None:
        """Keep an answer computed after ``kept`` returned ``version``, if the database is still in that state."""
        if self.size <= 0:
            return
        with self._lock:
            if version == self._version:
                self._answers.put(key, answer, self.size, self.max_bytes)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the cached answer for ``key``, computing (and keeping) it when missing or stale."""
        answer, version = self.kept(key)
        if answer is None:
            answer = compute()
            self.keep(key, answer, version)
        return cast(T, answer)

    def json(self, key: Hashable, compute: Callable[[], Any]) -> bytes:
        """Return the cached JSON bytes of the answer for ``key``, computing and rendering it when needed."""
        return self.get(key, lambda: render(compute()))
