"""Open a database by URL: SQLite by default, PostgreSQL by URL, with newsgraph's own errors.

The default database is ``./newsgraph.db``; ``--db URL`` or ``NEWSGRAPH_DB`` choose another. A plain
path is taken as a SQLite file. Database errors that a user can fix (not newsgraph's, read-only,
disk full) are turned into StorageError subclasses here, in one place.

A SQLite file is opened in one of three ways (``SqliteFile``; docs/storage.md, "Opening modes"):
for writing (ingest; WAL), for reading a file this process may write (a read-write connection that
refuses writes, ``PRAGMA query_only``: its last close removes the ``-wal``/``-shm`` files, which a
``mode=ro`` connection would leave behind), and for reading a file it may not write (``mode=ro``,
with ``immutable=1`` when no writer left a ``-wal``: then nothing at all is created beside the file).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ..errors import (
    DatabaseBusy,
    DatabaseNotFound,
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


def writable(path: str) -> bool:
    """Whether this process may write the SQLite file at ``path`` and create its ``-wal``/``-shm`` beside it.

    ``os.access`` answers for the real user and sees a read-only mount (EROFS) even for root, whom
    file permissions do not stop.
    """
    file = Path(path)
    return os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)


@dataclass(frozen=True)
class SqliteFile:
    """How every connection of a store to one SQLite file is opened.

    ``read_only``: the connections refuse writes (``PRAGMA query_only``). ``flags``: SQLite URI
    parameters, for a file this process cannot write: ``mode=ro`` (read a WAL another writer keeps),
    or ``mode=ro&immutable=1`` (no ``-wal``: SQLite takes no locks and creates no files).
    """

    path: str
    read_only: bool = False
    flags: str = ""

    @property
    def immutable(self) -> bool:
        """Whether SQLite treats the file as unchangeable (no locks, nothing created beside it)."""
        return "immutable=1" in self.flags

    def connect(self) -> sqlite3.Connection:
        """Open one connection in this mode (check_same_thread off: pools hand it to other threads)."""
        if self.flags:
            # A URI names the file absolutely and percent-encodes what SQLite would read as parameters.
            uri = f"{Path(self.path).absolute().as_uri()}?{self.flags}"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, check_same_thread=False)
        if self.read_only:
            conn.execute("PRAGMA query_only = ON")
        return conn


def for_reading(path: str, where: str) -> SqliteFile:
    """Return how to read the existing SQLite file at ``path``; a missing one is DatabaseNotFound.

    A read never creates a database (a mistyped --db would otherwise leave an empty file behind and
    answer "no events"). A file this process may write is read through read-write connections that
    refuse writes; one it may not (a read-only mount, someone else's file) is opened ``mode=ro``, and
    also ``immutable=1`` when no writer left a ``-wal`` file, so that nothing is created beside it.
    """
    file = Path(path)
    if not file.exists():
        raise DatabaseNotFound(Messages.DB_MISSING.format(where=where))
    if file.is_dir():
        raise DatabaseUnavailable(Messages.DB_UNAVAILABLE.format(where=where, detail="it is a directory"))
    if writable(path):
        return SqliteFile(path, read_only=True)
    left_wal = Path(f"{path}-wal").exists()
    return SqliteFile(path, read_only=True, flags="mode=ro" if left_wal else "mode=ro&immutable=1")


class ReadConnections:
    """One SQLite connection per thread for queries, kept open between them.

    Checking a connection out of SQLAlchemy's pool and back in for every event page cost the server
    a tenth of the time it held the GIL under 50 clients; a thread's own connection costs nothing to
    reuse. Each has the engine's settings and is used only by its thread, inside one transaction per
    question (``listing.reading``).
    """

    def __init__(self, file: SqliteFile) -> None:
        self.file = file
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        """Return this thread's connection, opening it on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # check_same_thread off only so that close() may run in another thread; queries never do.
            conn = self.file.connect()
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


def make_engine(url: str, file: SqliteFile | None = None) -> Engine:
    """Create the engine for a resolved URL; a missing SQLite directory is a clear error.

    ``file``: how to open the connections of a SQLite file (by default as SQLite opens a path).
    """
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
        engine = create_engine(url) if file is None else create_engine(url, creator=file.connect)
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
