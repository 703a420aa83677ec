"""``Store``: the Python API over a newsgraph database (the CLI and the web UI are thin layers on it)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from sqlalchemy import distinct, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..errors import (
    DatabaseNotFound,
    DatabaseReadOnly,
    Messages,
    NoPipeline,
    NotInDatabase,
    SchemaTooNew,
    SchemaTooOld,
    StorageError,
)
from ..model import Analysis, Article, Failure
from . import ingest as writer
from . import listing, migrations, query, schema
from .background import BackgroundWriter
from .connect import (
    ReadConnections,
    SqliteFile,
    display_url,
    for_reading,
    make_engine,
    resolve_url,
    sqlite_file,
    storage_errors,
    translate,
    writing,
)
from .query import EventFilter

Item = Analysis | Article | Failure


class Analyzer(Protocol):
    """What ``Store.ingest`` needs to analyze articles: a ``newsgraph.Pipeline`` is one. The store
    takes it from its caller and never builds one, so it depends on no stage of the pipeline."""

    def analyze_many(self, articles: Iterable[Article | Failure]) -> Iterator[Analysis | Failure]:
        """Analyze articles in order; an article that cannot be analyzed comes back as a Failure."""
        ...


@dataclass
class IngestReport:
    """What one ingest did: how many articles were stored, skipped as already stored, or failed."""

    stored: int = 0
    skipped: int = 0
    failed: int = 0
    new_versions: int = 0
    near_duplicates: int = 0
    events: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (failures as where/kind/reason objects)."""
        return asdict(self)


# How long a new store waits for another process's hold on the file before switching it to WAL
# (the busy timeout's 30 s).
_WAL_WAIT_SECONDS = 30.0


class Store:
    """A newsgraph database: ingest analyses, then query, count and export them."""

    def __init__(self, url: str | None = None, *, read_only: bool = False) -> None:
        self.url = resolve_url(url)
        self.where = display_url(self.url)
        self.read_only = read_only
        path = sqlite_file(self.url)
        # How this store's SQLite connections are opened (None for PostgreSQL, in-memory, file: URIs).
        self.sqlite: SqliteFile | None = None
        if path is not None:
            self.sqlite = for_reading(path, self.where) if read_only else SqliteFile(path)
        self.engine = make_engine(self.url, self.sqlite)
        try:
            with storage_errors(self.where):
                if read_only and self.sqlite is not None:
                    self._check_for_reading(self.sqlite)
                else:
                    migrations.migrate(self.engine, self.where)
                    self._use_wal()
        except BaseException:
            self.engine.dispose()
            raise
        self._readers = ReadConnections(self.sqlite) if self.sqlite is not None else None

    def _check_for_reading(self, file: SqliteFile) -> None:
        """Refuse a file that is empty, newer, or older and not writable; upgrade an older writable one.

        An older schema on a file this process may write is migrated as a writing open would (the
        queries need the later tables and indexes, and a reader should not have to run a write
        command to read a database it owns); one it may not write cannot be, so it is refused with how
        to upgrade it. The journal mode is never switched by a read.
        """
        with self.engine.connect() as conn:
            found = migrations.current_version(conn, self.where)
        if found == 0:
            raise DatabaseNotFound(Messages.DB_EMPTY.format(where=self.where))
        if found > migrations.LATEST:
            raise SchemaTooNew(
                Messages.DB_TOO_NEW.format(where=self.where, found=found, known=migrations.LATEST)
            )
        if found == migrations.LATEST:
            return
        if file.flags:
            raise SchemaTooOld(
                Messages.DB_TOO_OLD.format(where=self.where, found=found, known=migrations.LATEST)
            )
        upgrading = make_engine(self.url)
        try:
            migrations.migrate(upgrading, self.where)
        finally:
            upgrading.dispose()

    def _use_wal(self) -> None:
        if self.engine.dialect.name != "sqlite":
            return
        # Outside any transaction (SQLite refuses the switch inside one), on the raw connection.
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            # The switch needs the file to itself, and SQLite answers "database is locked" at once,
            # whatever the busy timeout, while another process migrates or writes the same new file
            # (two ingests started together): it is tried again until that one is done.
            waited, pause = 0.0, 0.05
            while True:
                try:
                    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                    if str(mode).lower() not in ("wal", "memory"):
                        cursor.execute("PRAGMA journal_mode = WAL")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or waited >= _WAL_WAIT_SECONDS:
                        raise
                    time.sleep(pause)
                    waited, pause = waited + pause, min(pause * 2, 1.0)
            cursor.close()
        finally:
            raw.close()

    def close(self) -> None:
        """Release the database connections."""
        if self._readers is not None:
            self._readers.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- ingest -------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Return whether an article with this content hash is stored."""
        with storage_errors(self.where), self.engine.connect() as conn:
            return writer.has_article(conn, article_id)

    def ingest(
        self,
        items: Iterable[Item],
        pipeline: Analyzer | None = None,
        progress: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Store analyses, analyzing articles first; one transaction per article.

        ``items`` may mix Analyses (stored as they are), Articles (skipped when their content hash is
        already stored, else analyzed with ``pipeline``, e.g. ``newsgraph.pipeline.get_pipeline()``;
        an article to analyze without one raises NoPipeline) and Failures (recorded with their
        reason). A database error that stops all writing (read-only, disk full) raises its
        StorageError after rolling back the article in hand; everything before it stays.
        """
        if self.read_only:
            raise DatabaseReadOnly(Messages.DB_OPENED_FOR_READING.format(where=self.where))
        report = IngestReport()
        started = time.perf_counter()
        # Counted apart: the writer thread updates ``report`` while this thread skips stored articles.
        skipped_before_analysis = IngestReport()

        def write(result: Analysis | Failure) -> None:
            if isinstance(result, Failure):
                self._record_failure(result)
                report.failed += 1
                report.failures.append(result)
            else:
                self._store(result, report)
            if progress is not None:
                progress(report)

        try:
            BackgroundWriter(write).run(self._analyzed(items, pipeline, skipped_before_analysis))
        finally:
            report.skipped += skipped_before_analysis.skipped
            report.seconds = time.perf_counter() - started
        return report

    def _analyzed(
        self, items: Iterable[Item], pipeline: Analyzer | None, report: IngestReport
    ) -> Iterator[Analysis | Failure]:
        """Yield analyses and failures, analyzing only articles whose hash is not stored yet."""

        def fresh() -> Iterator[Article | Failure | Analysis]:
            for item in items:
                if isinstance(item, Article) and self.has_article(item.id):
                    report.skipped += 1
                    continue
                yield item

        pending: list[Article | Failure] = []
        for item in fresh():
            if isinstance(item, Analysis):
                yield from self._analyze(pending, pipeline)
                pending = []
                yield item
            else:
                pending.append(item)
                if len(pending) >= 64:
                    yield from self._analyze(pending, pipeline)
                    pending = []
        yield from self._analyze(pending, pipeline)

    @staticmethod
    def _analyze(items: list[Article | Failure], pipeline: Analyzer | None) -> Iterator[Analysis | Failure]:
        if not items:
            return
        if pipeline is None and any(isinstance(i, Article) for i in items):
            raise NoPipeline(Messages.NO_PIPELINE)
        if pipeline is None:
            yield from (i for i in items if isinstance(i, Failure))
            return
        yield from pipeline.analyze_many(items)

    def _store(self, analysis: Analysis, report: IngestReport) -> None:
        try:
            with writing(self.engine).begin() as conn:
                stored = writer.write_analysis(conn, analysis)
                if stored:
                    row = conn.execute(
                        select(schema.articles.c.version, schema.articles.c.dup_group).where(
                            schema.articles.c.id == analysis.article.id
                        )
                    ).one()
        except IntegrityError as exc:
            # Another process stored the same article between our check and our insert.
            if self.has_article(analysis.article.id):
                report.skipped += 1
                return
            raise translate(exc, self.where) from exc
        except StorageError:
            raise
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if isinstance(exc, SQLAlchemyError):
                raise translate(exc, self.where) from exc
            raise
        if not stored:
            report.skipped += 1
            return
        report.stored += 1
        report.events += len(analysis.events)
        report.new_versions += int(row[0] > 1)
        report.near_duplicates += int(row[1] != analysis.article.id)

    def _record_failure(self, failure: Failure) -> None:
        with storage_errors(self.where), writing(self.engine).begin() as conn:
            writer.record_failure(conn, failure.where, failure.kind, failure.reason)

    # ---- queries ------------------------------------------------------------------------------

    def events(
        self,
        *,
        reports: bool = False,
        limit: int | None = 50,
        offset: int = 0,
        sort: str = "-date",
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Return events (clusters; each report instead with ``reports=True``) matching the filters.

        Filters: actor, recipient (a name or a code like USA or USAGOV), type, quad, country (ISO3,
        where it happened or of a participant), since, until (YYYY-MM-DD), place, text (full text).
        """
        rows, _total = self.event_page(reports=reports, limit=limit, offset=offset, sort=sort, **filters)
        return rows

    def event_page(
        self,
        *,
        reports: bool = False,
        limit: int | None = 50,
        offset: int = 0,
        sort: str = "-date",
        with_total: bool = False,
        **filters: Any,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Return a page of ``events`` and, with ``with_total``, how many match in all (else None).

        Both are read in one transaction, so the total counts the rows the page was taken from.
        """
        flt = EventFilter(**filters)
        with storage_errors(self.where), listing.reading(self.engine, self._readers) as reader:
            rows = listing.page(reader, flt, reports=reports, sort=sort, limit=limit, offset=offset)
            return rows, listing.total(reader, flt, reports=reports) if with_total else None

    def count_events(self, *, reports: bool = False, **filters: Any) -> int:
        """Return how many events (or reports) match the filters, for pagination."""
        flt = EventFilter(**filters)
        with storage_errors(self.where), listing.reading(self.engine, self._readers) as reader:
            return listing.total(reader, flt, reports=reports)

    def event(self, event_id: int) -> dict[str, Any]:
        """Return one event cluster with every report of it, each with its article and sentence."""
        cl, ev = schema.event_clusters, schema.events
        with storage_errors(self.where), listing.reading(self.engine, self._readers) as reader:
            found = reader.rows(select(*listing.CLUSTER_COLUMNS).where(cl.c.pk == event_id))
            if not found:
                raise NotInDatabase(Messages.DB_NO_EVENT.format(id=event_id, where=self.where))
            cluster = listing.cluster_row(found[0])
            statement = (
                select(*listing.REPORT_COLUMNS)
                .join(schema.articles, schema.articles.c.pk == ev.c.article_pk)
                .where(ev.c.cluster_pk == event_id)
                .order_by(ev.c.pk)
            )
            cluster["reports"] = reader.reports(statement)
            return cluster

    def quotes(
        self, *, speaker: str | None = None, text: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Return quotes of current articles, newest first, by speaker (whole words) and/or full text."""
        qt, art = schema.quotes, schema.articles
        with storage_errors(self.where), self.engine.connect() as conn:
            statement = self._quote_select(conn, speaker, text)
            statement = statement.order_by(art.c.published.desc().nulls_last(), qt.c.pk.desc())
            return [
                {
                    "id": f"{r.article_id}:{r.local_id}",
                    "article": r.article_id,
                    "published": r.published,
                    "source": r.source,
                    "speaker": r.speaker_name,
                    "kind": r.kind,
                    "text": r.text,
                }
                for r in conn.execute(statement.limit(limit).offset(offset))
            ]

    def count_quotes(self, *, speaker: str | None = None, text: str | None = None) -> int:
        """Return how many quotes match, for pagination."""
        with storage_errors(self.where), self.engine.connect() as conn:
            return query.count(conn, self._quote_select(conn, speaker, text))

    @staticmethod
    def _quote_select(conn: Connection, speaker: str | None, text_query: str | None) -> Any:
        qt, art = schema.quotes, schema.articles
        statement = (
            select(qt, art.c.id.label("article_id"), art.c.published, art.c.source)
            .join(art, art.c.pk == qt.c.article_pk)
            .where(art.c.current.is_(True))
        )
        if speaker:
            statement = statement.where(query.name_matches(qt.c.speaker_key, speaker))
        if text_query:
            statement = statement.where(query.full_text(conn, "quotes", text_query))
        return statement

    def entities(
        self, *, type: str | None = None, name: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Return entities across current articles, one row per name and type, most written about first."""
        en, art = schema.entities, schema.articles
        articles_count = func.count(distinct(en.c.article_pk)).label("articles")
        statement = (
            select(
                func.min(en.c.name).label("name"),
                en.c.type,
                func.max(en.c.country).label("country"),
                func.max(en.c.sector).label("sector"),
                articles_count,
            )
            .join(art, art.c.pk == en.c.article_pk)
            .where(art.c.current.is_(True))
            .group_by(en.c.name_key, en.c.type)
            .order_by(articles_count.desc(), en.c.name_key)
        )
        if type:
            statement = statement.where(en.c.type == type.upper())
        if name:
            statement = statement.where(query.name_matches(en.c.name_key, name))
        with storage_errors(self.where), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(statement.limit(limit).offset(offset))]

    def article(self, article_id: str) -> dict[str, Any]:
        """Return a stored article's full analysis with its version and near-duplicate group.

        ``article_id`` may be a unique prefix of the id (at least 6 characters).
        """
        art = schema.articles
        with storage_errors(self.where), self.engine.connect() as conn:
            condition = art.c.id == article_id
            if len(article_id) >= 6:
                condition = art.c.id.like(query.escape_like(article_id) + "%", escape=query.LIKE_ESCAPE)
            rows = conn.execute(select(art).where(condition).limit(2)).all()
            if len(rows) != 1:
                raise NotInDatabase(Messages.DB_NO_ARTICLE.format(id=article_id, where=self.where))
            row = rows[0]
            group = [
                i
                for (i,) in conn.execute(
                    select(art.c.id)
                    .where(art.c.dup_group == row.dup_group, art.c.id != row.id)
                    .order_by(art.c.pk)
                )
            ]
            data = dict(row.analysis)
            data["storage"] = {
                "version": row.version,
                "supersedes": row.supersedes,
                "current": bool(row.current),
                "near_duplicates": group,
                "ingested_at": row.ingested_at,
            }
            return data

    def analyses(self, **filters: Any) -> Iterator[Analysis]:
        """Yield the Analysis of every current article with a report matching the filters (all if none)."""
        art = schema.articles
        statement = select(art.c.analysis).where(art.c.current.is_(True)).order_by(art.c.pk)
        with storage_errors(self.where), self.engine.connect() as conn:
            if filters:
                reports = query.report_select(conn, EventFilter(**filters)).with_only_columns(
                    schema.events.c.article_pk
                )
                statement = statement.where(art.c.pk.in_(reports))
            for (data,) in conn.execute(statement):
                yield Analysis.from_dict(data)

    def failures(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Return recorded failures, newest first: where, kind, reason, at."""
        table = schema.failures
        statement = select(table.c["where"], table.c.kind, table.c.reason, table.c.at).order_by(
            table.c.pk.desc()
        )
        with storage_errors(self.where), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(statement.limit(limit).offset(offset))]

    def stats(self) -> dict[str, int]:
        """Return counts of what is stored: articles, versions, near-duplicates, entities, events, ..."""
        art, ev = schema.articles, schema.events
        current = art.c.current.is_(True)

        def of_current(table: Any) -> Any:
            return (
                select(func.count())
                .select_from(table.join(art, art.c.pk == table.c.article_pk))
                .where(current)
            )

        statements = {
            "articles": select(func.count()).where(current).select_from(art),
            "versions": select(func.count()).select_from(art),
            "near_duplicate_groups": select(func.count(distinct(art.c.dup_group))).where(current),
            "entities": of_current(schema.entities),
            "quotes": of_current(schema.quotes),
            "times": of_current(schema.times),
            "places": of_current(schema.places),
            "events": select(func.count()).select_from(schema.event_clusters),
            "reports": select(func.count()).select_from(ev).where(ev.c.cluster_pk.isnot(None)),
            "failures": select(func.count()).select_from(schema.failures),
        }
        with storage_errors(self.where), self.engine.connect() as conn:
            return {name: int(conn.execute(s).scalar() or 0) for name, s in statements.items()}

    def export(self, fmt: str, out: Any = None, *, reports: bool = False, **filters: Any) -> int:
        """Export as plover, gdelt, csv or parquet to ``out`` (path or stream; stdout when None)."""
        from .exporting import export

        return export(self, fmt, out, reports=reports, **filters)

    def summary(self, command: str = "newsgraph") -> str:
        """Return a readable summary: counts, top actors, event types, top speakers, next commands
        (spelled with ``command``, the way the user runs newsgraph)."""
        from .summary import summary_text

        return summary_text(self, command=command)

    def schema_version(self) -> int:
        """Return the schema version of the database."""
        with storage_errors(self.where), self.engine.connect() as conn:
            return int(conn.execute(text("SELECT max(version) FROM schema_migrations")).scalar() or 0)


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the database at ``url``, ``$NEWSGRAPH_DB`` or ./newsgraph.db.

    By default it is opened for writing: created and migrated as needed, in WAL mode. With
    ``read_only`` it must exist; nothing is created, written or switched (a SQLite file this process
    cannot write is opened immutable, so not even ``-wal``/``-shm`` files appear beside it), and
    ``ingest`` raises DatabaseReadOnly. PostgreSQL databases are opened the same way in both modes.
    """
    return Store(url, read_only=read_only)
