"""newsgraph's database: store analyses, merge duplicates, query and export them.

>>> from newsgraph.store import open_store
>>> store = open_store("newsgraph.db")          # or "postgresql://user@host/db"
>>> report = store.ingest(analyses)              # Analyses and Failures; Articles with a pipeline
>>> store.events(actor="Kim", since="2023-09-01", limit=20)

One SQLite file by default (WAL, FTS5), PostgreSQL by URL, the same schema through SQLAlchemy Core;
versioned migrations are applied when a database is opened. See docs/storage.md.
"""

from .api import IngestReport, Store, open_store
from .connect import DEFAULT_DB, ENV_VAR, resolve_url
from .migrations import LATEST as SCHEMA_VERSION

__all__ = ["DEFAULT_DB", "ENV_VAR", "SCHEMA_VERSION", "IngestReport", "Store", "open_store", "resolve_url"]
