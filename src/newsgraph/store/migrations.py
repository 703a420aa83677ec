"""Versioned, named schema migrations, applied automatically when a database is opened.

``MIGRATIONS`` is an ordered list; the n-th entry brings a database to version n. Each runs in its
own transaction and is recorded in ``schema_migrations`` (version, name, time), so a database is
never left half-migrated. To change the schema, append a migration; never edit an applied one.
Migration 1 builds the tables from ``schema.metadata``: once a later migration alters a table,
freeze migration 1's copy of the old definition first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from ..errors import Messages, NotNewsgraphDatabase, SchemaTooNew
from . import schema
from .connect import writing

# The key of PostgreSQL's advisory lock that migrators hold (any constant newsgraph alone uses).
MIGRATION_LOCK_KEY = 0x6E657773  # "news"

Migration = tuple[str, Callable[[Connection], None]]


# Tables that later migrations create (migration 1 builds the rest from the current schema).
_LATER_TABLES = (schema.role_names, schema.role_name_words, schema.review_items, schema.corrections)


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(
        conn, tables=[t for t in schema.metadata.sorted_tables if t not in _LATER_TABLES]
    )


def _role_names(conn: Connection) -> None:
    schema.role_names.create(conn)
    roles = schema.event_roles
    conn.execute(schema.role_names.insert().from_select(["name_key"], select(roles.c.name_key).distinct()))


_SQLITE_FTS = (
    # External-content FTS5 tables: the text lives once, in articles and quotes; triggers keep the
    # index in step inside the same transaction as the row, so a crash never leaves them apart.
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', content_rowid='pk')",
    "CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text); END",
    "CREATE VIRTUAL TABLE quote_fts USING fts5(text, speaker_name, content='quotes', content_rowid='pk')",
    "CREATE TRIGGER quote_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quote_fts(rowid, text, speaker_name) VALUES (new.pk, new.text, new.speaker_name); END",
    "CREATE TRIGGER quote_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quote_fts(quote_fts, rowid, text, speaker_name) "
    "VALUES ('delete', old.pk, old.text, old.speaker_name); END",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO quote_fts(quote_fts) VALUES ('rebuild')",
)

# PostgreSQL indexes the same expressions that query.py searches, so the planner uses them.
ARTICLE_TSVECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
QUOTE_TSVECTOR = "to_tsvector('english', text)"
_POSTGRES_FTS = (
    f"CREATE INDEX ix_articles_fts ON articles USING gin ({ARTICLE_TSVECTOR})",
    f"CREATE INDEX ix_quotes_fts ON quotes USING gin ({QUOTE_TSVECTOR})",
)


def _full_text_search(conn: Connection) -> None:
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(conn.dialect.name, ())
    for statement in statements:
        conn.execute(text(statement))


# The event list's filters and its default order (newest first, NULL dates last, then newest key):
# SQLite reads a plain index backwards in that order (NULL sorts lowest, the row id ends every
# index); PostgreSQL needs the order spelt out. (date, cluster_pk) and (type, date, cluster_pk) answer
# "which clusters do these reports belong to" from the index alone, without reading report rows.
_LIST_INDEXES = {
    "sqlite": (
        "CREATE INDEX ix_event_clusters_type_date ON event_clusters (type, date)",
        "CREATE INDEX ix_events_date_cluster ON events (date, cluster_pk)",
        "CREATE INDEX ix_events_type_cluster ON events (type, date, cluster_pk)",
    ),
    "postgresql": (
        "CREATE INDEX ix_event_clusters_recent ON event_clusters (date DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_event_clusters_type_date ON event_clusters (type, date DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_events_recent ON events (date DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_events_date_cluster ON events (date, cluster_pk)",
        "CREATE INDEX ix_events_type_cluster ON events (type, date, cluster_pk)",
    ),
}


def _list_indexes(conn: Connection) -> None:
    for statement in _LIST_INDEXES.get(conn.dialect.name, ()):
        conn.execute(text(statement))


def _role_name_words(conn: Connection) -> None:
    schema.role_name_words.create(conn)
    keys = list(conn.execute(select(schema.role_names.c.name_key)).scalars())
    for start in range(0, len(keys), 5000):
        rows = [{"word": w, "name_key": k} for k in keys[start : start + 5000] for w in schema.name_words(k)]
        if rows:
            conn.execute(schema.role_name_words.insert(), rows)


# The event list's other sort orders (the UI's sortable columns): without an index each page sorted
# every row (unfiltered, 100,000 events: about 23 ms by mentions, 80 ms for reports by confidence);
# with one it reads one page from the index (under 1 ms).
_SORT_INDEXES = {
    "sqlite": (
        "CREATE INDEX ix_event_clusters_mentions ON event_clusters (num_mentions)",
        "CREATE INDEX ix_event_clusters_articles ON event_clusters (num_articles)",
        "CREATE INDEX ix_event_clusters_sources ON event_clusters (num_sources)",
        "CREATE INDEX ix_events_confidence ON events (confidence)",
        "CREATE INDEX ix_events_type ON events (type)",
    ),
    "postgresql": (
        "CREATE INDEX ix_event_clusters_mentions ON event_clusters (num_mentions DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_event_clusters_articles ON event_clusters (num_articles DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_event_clusters_sources ON event_clusters (num_sources DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_events_confidence ON events (confidence DESC NULLS LAST, pk DESC)",
        "CREATE INDEX ix_events_type ON events (type, pk)",
    ),
}


def _sort_indexes(conn: Connection) -> None:
    for statement in _SORT_INDEXES.get(conn.dialect.name, ()):
        conn.execute(text(statement))
    if conn.dialect.name == "sqlite" and inspect(conn).has_table("sqlite_stat1"):
        # Someone ran ANALYZE: statistics without the new indexes would lead SQLite's planner to
        # prefer them blindly (a type filter's newest reports took 8 ms instead of 0.4 ms).
        conn.execute(text("ANALYZE event_clusters"))
        conn.execute(text("ANALYZE events"))


def _review_tables(conn: Connection) -> None:
    schema.review_items.create(conn)
    schema.corrections.create(conn)


MIGRATIONS: list[Migration] = [
    (
        "create tables for articles, entities, quotes, times, places, events, clusters, failures",
        _create_tables,
    ),
    ("full-text search over article text and quotes", _full_text_search),
    ("a table of distinct actor and recipient names for fast name queries", _role_names),
    ("indexes for the event list's filters and its newest-first order", _list_indexes),
    ("the words of actor and recipient names, so a name query need not scan every name", _role_name_words),
    ("indexes for the event list's other sort orders", _sort_indexes),
    ("review: corrected items and the log of corrections, beside the machine coding", _review_tables),
]
LATEST = len(MIGRATIONS)


def current_version(conn: Connection, where: str) -> int:
    """Return the schema version of a database (0 when empty); raise if it is not newsgraph's."""
    tables = set(inspect(conn).get_table_names())
    if schema.schema_migrations.name not in tables:
        if tables:
            shown = ", ".join(sorted(tables)[:5])
            detail = f"it has tables ({shown}) but no {schema.schema_migrations.name}"
            raise NotNewsgraphDatabase(Messages.DB_NOT_NEWSGRAPH.format(where=where, detail=detail))
        return 0
    version = conn.execute(select(func.max(schema.schema_migrations.c.version))).scalar()
    return int(version or 0)


def _take_migration_lock(conn: Connection) -> None:
    """Serialize migrators: SQLite's write lock is already held (BEGIN IMMEDIATE); PostgreSQL takes
    a transaction-scoped advisory lock, so a second migrator waits and then finds the work done."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def migrate(engine: Engine, where: str) -> int:
    """Bring the database to the latest schema; return the version it had before.

    Safe against a concurrent migrator (two ingests starting on a new file): each migration runs in
    a transaction that holds the migration lock and reads the version again under it.
    """
    with engine.connect() as conn:
        found = current_version(conn, where)
    if found > LATEST:
        raise SchemaTooNew(Messages.DB_TOO_NEW.format(where=where, found=found, known=LATEST))
    for version in range(found + 1, LATEST + 1):
        name, apply = MIGRATIONS[version - 1]
        with writing(engine).begin() as conn:
            _take_migration_lock(conn)
            if current_version(conn, where) >= version:
                continue  # another process applied it while this one waited
            apply(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=version, name=name, applied_at=dt.datetime.now(dt.timezone.utc).isoformat()
                )
            )
    return found
