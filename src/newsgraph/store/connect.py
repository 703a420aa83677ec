"""Open a database by URL: SQLite by default, PostgreSQL by URL, with newsgraph's own errors.

The default database is ``./newsgraph.db``; ``--db URL`` or ``NEWSGRAPH_DB`` choose another. A plain
path is taken as a SQLite file. Database errors that a user can fix (not newsgraph's, read-only,
disk full) are turned into StorageError subclasses here, in one place.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ..errors import (
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
    Messages,
    NotNewsgraphDatabase,
    StorageError,
)

DEFAULT_DB = "newsgraph.db"
ENV_VAR = "NEWSGRAPH_DB"
MMAP_BYTES = 1 << 30


def resolve_url(url: str | os.PathLike[str] | None = None) -> str:
    """Return the SQLAlchemy URL for ``url``, ``$NEWSGRAPH_DB`` or ``./newsgraph.db``."""
    raw = os.fspath(url) if url is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in raw:
        if raw.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver newsgraph installs; name it so SQLAlchemy does not look for psycopg2.
            return "postgresql+psycopg://" + raw.split("://", 1)[1]
        return raw
    return "sqlite:///" + str(Path(raw).expanduser())


def display_url(url: str) -> str:
    """Return the URL as it may be shown to a user: no password, a SQLite file as its path."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Leave transactions to SQLAlchemy's "begin" event below: the sqlite3 module would otherwise
    # commit DDL on its own and open transactions only at the first write.
    dbapi_connection.isolation_level = None
    # Per-connection settings that change nothing in the file: WAL itself is set once, after the
    # file has been checked to be newsgraph's (setting it rewrites the header of a foreign file).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    # In WAL mode NORMAL loses nothing committed when the process dies (kill -9), only on power loss.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def sqlite_file(url: str) -> str | None:
    """Return the path of a SQLite database file (None for anything else, e.g. in-memory or PostgreSQL)."""
    parsed = make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return None
    return path


class ReadConnections:
    """One SQLite connection per thread for queries, kept open between them.

    Checking a connection out of SQLAlchemy's pool and back in for every event page cost the server
    a tenth of the time it held the GIL under 50 clients; a thread's own connection costs nothing to
    reuse. Each has the engine's settings and is used only by its thread, inside one transaction per
    question (``listing.reading``).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        """Return this thread's connection, opening it on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # check_same_thread off only so that close() may run in another thread; queries never do.
            conn = sqlite3.connect(self.path, check_same_thread=False)
            _sqlite_pragmas(conn, None)
            # Reads through a memory map instead of a read() call per page missing from SQLite's small
            # page cache: an event page touches pages all over the indexes (about 20% less time per
            # event query). Only here: on the connections that write, it cost ingest about 4% more CPU.
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            with self._lock:
                self._opened.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close every thread's connection (the store is being closed)."""
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._local = threading.local()


# Connections of ``writing(engine)`` carry this option: their transactions take SQLite's write lock
# up front (BEGIN IMMEDIATE). A deferred transaction that reads first and then writes cannot wait
# for the lock (SQLite answers "database is locked" at once, whatever the busy timeout), so two
# ingests into one file failed; an immediate one waits its turn for up to the busy timeout.
WRITE_OPTION = "newsgraph_write"


def writing(engine: Engine) -> Engine:
    """The engine whose transactions are writes: on SQLite they take the write lock when they begin."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create the engine for a resolved URL; a missing SQLite directory is a clear error."""
    where = display_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(Messages.DB_UNAVAILABLE.format(where=url, detail=exc)) from exc
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        plain_path = path and path != ":memory:" and not path.startswith("file:")
        if plain_path and not Path(str(path)).parent.exists():
            raise DatabaseUnavailable(
                Messages.DB_UNAVAILABLE.format(where=where, detail="its directory does not exist")
            )
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(Messages.DB_UNAVAILABLE.format(where=where, detail=exc)) from exc


def translate(exc: SQLAlchemyError | sqlite3.Error, where: str) -> StorageError:
    """Return the StorageError a database error means to a user (read-only, disk full, ...)."""
    detail = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc).strip()
    detail = detail.splitlines()[0] if detail else type(exc).__name__
    lowered = detail.lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if "disk is full" in lowered or "disk full" in lowered or code == "53100":
        return DiskFull(Messages.DB_DISK_FULL.format(where=where, detail=detail))
    if "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered or code == "42501":
        return DatabaseReadOnly(Messages.DB_READ_ONLY.format(where=where, detail=detail))
    if "database is locked" in lowered or "database table is locked" in lowered:
        return DatabaseBusy(Messages.DB_BUSY.format(where=where, detail=detail))
    if "not a database" in lowered or "malformed" in lowered:
        return NotNewsgraphDatabase(Messages.DB_NOT_NEWSGRAPH.format(where=where, detail=detail))
    return DatabaseUnavailable(Messages.DB_UNAVAILABLE.format(where=where, detail=detail))


class storage_errors:  # lower case: it reads as a function, ``with storage_errors(where):``
    """Turn database errors raised inside the block into newsgraph's StorageError subclasses."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(self, _type: object, exc: BaseException | None, _tb: object) -> None:
        # sqlite3's own errors come from the queries run on SQLite's connections directly (listing).
        if isinstance(exc, SQLAlchemyError | sqlite3.Error):
            raise translate(exc, self.where) from exc
