"""The database: idempotent, versioned, crash-safe ingest; duplicates merged; queries; exports; bad databases.

Every test runs against SQLite and, when NEWSGRAPH_TEST_PG names a server (``.ci/run`` starts one),
against PostgreSQL too. Analyses are hand-built (tests/store_corpus.py), so no model is loaded.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, select, text

from newsgraph.errors import (
    DatabaseNotFound,
    DatabaseReadOnly,
    DiskFull,
    NoPipeline,
    NotInDatabase,
    NotNewsgraphDatabase,
    SchemaTooNew,
    SchemaTooOld,
    StorageError,
)
from newsgraph.model import Analysis, Failure
from newsgraph.store import SCHEMA_VERSION, Store, connect, open_store, resolve_url
from newsgraph.store import schema as tables

sys.path.insert(0, str(Path(__file__).parent))
from store_corpus import Plan, make_analysis, plans_for

PG_URL = os.environ.get("NEWSGRAPH_TEST_PG")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="NEWSGRAPH_TEST_PG unset")),
]


def _reset_postgres(url: str) -> None:
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "postgresql":
        assert PG_URL
        _reset_postgres(PG_URL)
        return PG_URL
    return str(tmp_path / "test.db")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, empty store."""
    with open_store(db_url) as opened:
        yield opened


def _consistent(store: Store) -> int:
    """Assert that every stored article is complete and every cluster's counts add up; return articles."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(tables.articles.c.pk, tables.articles.c.analysis)).all()
        for pk, data in rows:
            for table, key in (
                (tables.entities, "entities"),
                (tables.quotes, "quotes"),
                (tables.events, "events"),
            ):
                stored = conn.execute(select(func.count()).where(table.c.article_pk == pk)).scalar()
                assert stored == len(data[key]), f"article {pk} has {stored} of its {len(data[key])} {key}"
        for pk, mentions in conn.execute(
            select(tables.event_clusters.c.pk, tables.event_clusters.c.num_mentions)
        ):
            reports = conn.execute(select(func.count()).where(tables.events.c.cluster_pk == pk)).scalar()
            assert reports == mentions
        return len(rows)


def test_ingest_is_idempotent(store: Store) -> None:
    analyses = [make_analysis(i) for i in range(6)]
    first = store.ingest(analyses)
    before = store.stats()
    second = store.ingest(analyses)
    assert (first.stored, first.skipped) == (6, 0)
    assert (second.stored, second.skipped) == (0, 6)
    assert store.stats() == before
    assert before["articles"] == 6 and before["reports"] == 12
    assert _consistent(store) == 6


def test_changed_article_at_same_url_is_new_version(store: Store) -> None:
    url = "https://example.org/story"
    old = make_analysis(1, url=url)
    new = make_analysis(1, [*plans_for(1), Plan(0, 0, 1, 0, "2023-05-05")], url=url)
    store.ingest([old])
    report = store.ingest([new])
    assert report.new_versions == 1
    newest = store.article(new.article.id)["storage"]
    assert newest["version"] == 2 and newest["supersedes"] == old.article.id and newest["current"]
    assert store.article(old.article.id)["storage"]["current"] is False
    stats = store.stats()
    assert (stats["articles"], stats["versions"]) == (1, 2)
    # The old version's reports no longer count: only the new version's three events are reported.
    assert stats["reports"] == 3
    assert _consistent(store) == 2


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from store_corpus import make_analysis
from newsgraph.store import open_store
store = open_store({url!r})
store.ingest((make_analysis(i) for i in range({total})), progress=lambda r: print(r.stored, flush=True))
"""


def test_kill_9_mid_ingest_loses_nothing_and_rerun_resumes(db_url: str) -> None:
    total = 200
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), url=db_url, total=total)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    for line in child.stdout:
        if int(line) >= 20:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    with open_store(db_url) as store:
        survived = _consistent(store)
        assert 20 <= survived < total
        report = store.ingest(make_analysis(i) for i in range(total))
        assert report.skipped == survived and report.stored == total - survived
        assert _consistent(store) == total


WRITER_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from store_corpus import make_analysis
from newsgraph.store import open_store
store = open_store({url!r})
report = store.ingest(make_analysis(i) for i in range({first}, {last}))
print(report.stored, report.skipped, flush=True)
"""


@pytest.mark.timeout(240)
@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_two_ingests_into_one_database_at_once_both_succeed(db_url: str, existing: bool) -> None:
    """Regression: on a new SQLite file the second ingest died in a migration race ("table
    article_fts already exists"); on an existing one with "database is locked" after ~9 s."""
    if existing:
        with open_store(db_url) as store:
            store.ingest([make_analysis(1000)])
    # Overlapping ranges: the shared articles must be stored once, whoever gets there first.
    ranges = [(0, 120), (80, 200)]
    tests = str(Path(__file__).parent)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT.format(tests=tests, url=db_url, first=a, last=b)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a, b in ranges
    ]
    results = [child.communicate(timeout=200) for child in children]
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
    stored = sum(int(out.split()[0]) for out, _ in results)
    assert stored == 200
    with open_store(db_url) as store:
        assert _consistent(store) == 200 + existing


def test_only_new_articles_are_analyzed(store: Store) -> None:
    analyzed: list[str] = []

    class CountingPipeline:
        def analyze_many(self, items: list[object]) -> Iterator[Analysis | Failure]:
            for item in items:
                if isinstance(item, Failure):
                    yield item
                    continue
                analyzed.append(item.id)  # type: ignore[attr-defined]
                yield Analysis(article=item)  # type: ignore[arg-type]

    articles = [make_analysis(i).article for i in range(4)]
    store.ingest(articles[:2], pipeline=CountingPipeline())  # type: ignore[arg-type]
    analyzed.clear()
    report = store.ingest(articles, pipeline=CountingPipeline())  # type: ignore[arg-type]
    assert analyzed == [a.id for a in articles[2:]]
    assert (report.stored, report.skipped) == (2, 2)


def test_articles_without_a_pipeline_are_refused_and_what_came_before_is_kept(store: Store) -> None:
    """The store never builds a pipeline of its own: an Article to analyze needs one passed in."""
    stored = make_analysis(30)
    with pytest.raises(NoPipeline, match="no pipeline"):
        store.ingest([stored, make_analysis(31).article])
    assert store.has_article(stored.article.id)


def _imported_modules(path: Path) -> list[str]:
    """Every module a file imports, anywhere in it, as a dotted name below ``newsgraph`` (relative
    imports resolved against the file's own package, so "...events.ontology" in store/review/x.py
    is "events.ontology")."""
    package = path.parent.relative_to(Path(tables.__file__).parent.parent.parent).parts  # newsgraph/...
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                out.append(".".join([*base, node.module or ""]).strip("."))
            else:
                out.append(node.module or "")
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return [name.removeprefix("newsgraph.") for name in out]


def test_the_store_does_not_import_the_pipeline() -> None:
    """Layering: storage sits below analysis, so no module of the store (its review package
    included) imports the pipeline, a stage or spaCy (not even inside a function)."""
    below = {"pipeline", "nlp", "entities", "quotes", "times", "places", "events", "evaluation", "spacy"}
    found = [
        f"{path.name}: {name}"
        for path in sorted(Path(tables.__file__).parent.rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] in below
    ]
    assert found == []


def test_importing_the_store_loads_no_stage_and_no_spacy() -> None:
    """The same at run time, in a fresh interpreter: a module outside the stages that the store
    reads from (PLOVER's tables, the vocabularies) must not pull in a stage package through its
    ``__init__``, as ``events.ontology`` and ``evaluation.gold`` once did for the review package."""
    probe = (
        "import sys, newsgraph.store, newsgraph.store.review;"
        "print([m for m in sys.modules if m == 'spacy' or m.split('.')[:2] in "
        "[['newsgraph', s] for s in ('pipeline', 'nlp', 'events', 'entities', 'quotes', 'places', 'times', 'evaluation')]])"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("reason", ["the article is empty", "the text does not look like English"])
def test_failures_are_recorded_with_reason(store: Store, reason: str) -> None:
    report = store.ingest(
        [make_analysis(1), Failure(where="inbox/bad.txt", reason=reason, kind="InputError")]
    )
    assert (report.stored, report.failed) == (1, 1)
    recorded = store.failures()
    assert [(f["where"], f["reason"]) for f in recorded] == [("inbox/bad.txt", reason)]
    store.ingest([Failure(where="inbox/bad.txt", reason=reason, kind="InputError")])
    assert len(store.failures()) == 1, "a rerun replaces the record of the same input"


def test_near_duplicates_are_grouped_and_their_events_merged(store: Store) -> None:
    original = make_analysis(10, source="Wire")
    # The same wire story republished: new filler in one spot changes little of the text.
    copy = make_analysis(10, source="Daily Paper", published="2023-12-30")
    copy.article = type(copy.article)(
        text=copy.article.text.replace(".", ",", 1), source="Daily Paper", published=copy.article.published
    )
    unrelated = make_analysis(11)
    report = store.ingest([original, copy, unrelated])
    assert report.near_duplicates == 1
    group = store.article(copy.article.id)["storage"]["near_duplicates"]
    assert group == [original.article.id]
    assert store.article(unrelated.article.id)["storage"]["near_duplicates"] == []
    events = store.events(limit=None)
    reports = store.events(reports=True, limit=None)
    assert len(reports) == 6 and len(events) == 4
    merged = [e for e in events if e["mentions"] == 2]
    assert len(merged) == 2 and all(e["sources"] == 2 and e["articles"] == 2 for e in merged)
    detail = store.event(merged[0]["id"])
    sentences = {r["sentence"] for r in detail["reports"]}
    assert len(detail["reports"]) == 2 and all(s and " did " in s for s in sentences)


def test_same_event_from_different_stories_within_window_is_one_event(store: Store) -> None:
    plan = Plan(actor=0, type=0, recipient=1, place=0, date="2023-03-10")
    later = Plan(actor=0, type=0, recipient=1, place=0, date="2023-03-11")
    far = Plan(actor=0, type=0, recipient=1, place=0, date="2023-04-20")
    store.ingest([make_analysis(20, [plan]), make_analysis(21, [later]), make_analysis(22, [far])])
    counts = sorted(e["mentions"] for e in store.events(limit=None))
    assert counts == [1, 2]
    assert store.count_events() == 2 and store.count_events(reports=True) == 3


CORPUS = [
    Plan(actor=0, type=0, recipient=1, place=0, date="2023-02-01"),  # Putin ASSAULT Biden, Kyiv
    Plan(actor=1, type=1, recipient=2, place=1, date="2023-03-01"),  # Biden AGREE Scholz, Berlin
    Plan(actor=3, type=5, recipient=1, place=2, date="2023-04-01"),  # Kim THREATEN Biden, Pyongyang
    Plan(actor=5, type=3, recipient=4, place=1, date="2023-05-01"),  # Alvarez ACCUSE Amnesty, Berlin
]


@pytest.fixture
def queried(store: Store) -> Store:
    """A store holding one article per CORPUS event."""
    store.ingest([make_analysis(100 + n, [plan]) for n, plan in enumerate(CORPUS)])
    return store


@pytest.mark.parametrize(
    ("filters", "types"),
    [
        ({}, {"ASSAULT", "AGREE", "THREATEN", "ACCUSE"}),
        ({"actor": "Putin"}, {"ASSAULT"}),
        ({"actor": "kim jong un"}, {"THREATEN"}),
        ({"actor": "USA"}, {"AGREE"}),
        ({"actor": "PRKGOV"}, {"THREATEN"}),
        ({"actor": "Jong Kim"}, set()),
        ({"recipient": "Biden"}, {"ASSAULT", "THREATEN"}),
        ({"recipient": "NGO"}, {"ACCUSE"}),
        ({"type": "agree"}, {"AGREE"}),
        ({"quad": 3}, {"THREATEN", "ACCUSE"}),
        ({"country": "PRK"}, {"THREATEN"}),
        ({"country": "DEU"}, {"AGREE", "ACCUSE"}),
        ({"since": "2023-03-01"}, {"AGREE", "THREATEN", "ACCUSE"}),
        ({"until": "2023-03-01"}, {"ASSAULT", "AGREE"}),
        ({"since": "2023-02-15", "until": "2023-04-15", "actor": "Biden"}, {"AGREE"}),
        ({"place": "berlin"}, {"AGREE", "ACCUSE"}),
        ({"text": "Pyongyang"}, {"THREATEN"}),
        ({"text": "did assault"}, {"ASSAULT"}),
    ],
)
def test_event_filters(queried: Store, filters: dict[str, object], types: set[str]) -> None:
    found = queried.events(limit=None, **filters)
    assert {e["type"] for e in found} == types
    assert queried.count_events(**filters) == len(found)
    reports = queried.events(reports=True, limit=None, **filters)
    assert {r["type"] for r in reports} == types


def test_report_names_are_read_in_slices_without_losing_any(
    queried: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list without a limit can hold more reports than one statement may bind; names come in slices.
    from newsgraph.store import listing

    whole = queried.events(reports=True, limit=None)
    monkeypatch.setattr(listing, "_ROLE_SLICE", 2)
    assert queried.events(reports=True, limit=None) == whole
    assert all(r["actor"] and r["recipient"] for r in whole) and len(whole) > 2


def test_events_paginate_in_a_stable_order(queried: Store) -> None:
    everything = queried.events(limit=None, sort="date")
    pages = [e for offset in range(0, 4, 2) for e in queried.events(limit=2, offset=offset, sort="date")]
    assert pages == everything
    assert [e["date"] for e in everything] == sorted(e["date"] for e in everything)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"type": "AGREE"},
        {"quad": 1},
        {"since": "2023-03-02"},
        {"until": "2023-03-01"},
        {"since": "2023-03-02", "until": "2023-03-02"},
        {"type": "agree", "until": "2023-03-01"},
        {"type": "AGREE", "since": "2023-03-02"},
        {"actor": "Biden", "since": "2023-03-02"},
        {"place": "berlin", "type": "ACCUSE"},
    ],
)
def test_events_are_the_clusters_of_matching_reports(queried: Store, filters: dict[str, object]) -> None:
    # A second report of Biden's AGREE a day later joins its cluster: the cluster is dated by its
    # first report, yet a filter matching only the later report must still find it.
    queried.ingest([make_analysis(200, [Plan(actor=1, type=1, recipient=2, place=1, date="2023-03-02")])])
    assert sorted(e["mentions"] for e in queried.events(limit=None)) == [1, 1, 1, 2]
    clusters = queried.events(limit=None, **filters)
    reports = queried.events(reports=True, limit=None, **filters)
    assert sorted(c["id"] for c in clusters) == sorted({r["event"] for r in reports})
    assert queried.count_events(**filters) == len(clusters)
    assert queried.count_events(reports=True, **filters) == len(reports)


@pytest.mark.parametrize(
    "filters",
    [
        {"since": "2023-03-02", "until": "2023-05-01"},
        {"since": "2023-02-01", "until": "2023-04-30"},
        {"since": "2023-03-02", "until": "2023-03-02"},
        {"type": "AGREE", "since": "2023-03-02", "until": "2023-03-31"},
        {"type": "threaten", "since": "2023-03-15", "until": "2023-04-30"},
    ],
)
def test_date_range_pages_are_slices_of_the_whole_list(queried: Store, filters: dict[str, object]) -> None:
    # Pages inside the clusters dated in the range are read from the cluster date index alone; the
    # AGREE cluster is dated 2023-03-01 by its first report, but its second report (2023-03-02) is in
    # some of the ranges, so it must follow them on the last page.
    queried.ingest(
        [
            make_analysis(200, [Plan(actor=1, type=1, recipient=2, place=1, date="2023-03-02")]),
            make_analysis(201, [Plan(actor=3, type=5, recipient=1, place=2, date="2023-04-20")]),
            make_analysis(202, [Plan(actor=0, type=5, recipient=2, place=0, date="2023-04-01")]),
        ]
    )
    everything = queried.events(limit=None, **filters)
    assert everything and [e["date"] for e in everything] == sorted(
        (e["date"] for e in everything), reverse=True
    )
    for limit in (1, 2, 3):
        pages = [
            e
            for offset in range(0, len(everything) + limit, limit)
            for e in queried.events(limit=limit, offset=offset, **filters)
        ]
        assert pages == everything


@pytest.mark.parametrize(("sort", "key"), [("-date", "date"), ("-mentions", "mentions"), ("type", "type")])
def test_event_pages_follow_every_sort(queried: Store, sort: str, key: str) -> None:
    queried.ingest([make_analysis(200, [Plan(actor=1, type=1, recipient=2, place=1, date="2023-03-02")])])
    everything = queried.events(limit=None, sort=sort)
    pages = [
        e
        for offset in range(0, len(everything), 3)
        for e in queried.events(limit=3, offset=offset, sort=sort)
    ]
    assert pages == everything
    values = [e[key] for e in everything]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    ("speaker", "words", "expected"), [("Biden", None, 1), ("Scholz", None, 0), (None, "answer", 4)]
)
def test_quote_filters(queried: Store, speaker: str | None, words: str | None, expected: int) -> None:
    found = queried.quotes(speaker=speaker, text=words, limit=None)
    assert len(found) == expected == queried.count_quotes(speaker=speaker, text=words)
    assert all(speaker is None or speaker in q["speaker"] for q in found)


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "B_den", "Bid%", "\\"])
def test_like_wildcards_in_a_name_are_taken_literally(queried: Store, wildcard: str) -> None:
    """Regression: speaker=% listed every attributed quote and name=% every entity."""
    assert queried.quotes(speaker=wildcard, limit=None) == []
    assert queried.count_quotes(speaker=wildcard) == 0
    assert queried.entities(name=wildcard, limit=None) == []
    assert queried.events(actor=wildcard, limit=None) == []


def test_entities_and_article_lookup(queried: Store) -> None:
    people = queried.entities(type="PERSON", limit=None)
    by_name = {e["name"]: e["articles"] for e in people}
    assert by_name["Joe Biden"] == 3 and by_name["Vladimir Putin"] == 1
    with pytest.raises(NotInDatabase):
        queried.article("0" * 24)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("reports", [False, True])
def test_table_exports(queried: Store, tmp_path: Path, fmt: str, reports: bool) -> None:
    out = tmp_path / f"events.{fmt}"
    written = queried.export(fmt, out, reports=reports, actor="Biden")
    expected = queried.events(reports=reports, limit=None, actor="Biden")
    if fmt == "csv":
        with out.open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert written == len(rows) == len(expected) == 1
    assert rows[0]["type"] == "AGREE"


@pytest.mark.parametrize("fmt", ["plover", "gdelt"])
def test_event_data_exports(queried: Store, fmt: str) -> None:
    stream = io.StringIO()
    written = queried.export(fmt, stream)
    lines = [line for line in stream.getvalue().splitlines() if line]
    assert written == 4
    assert len(lines) == 4 + (fmt == "gdelt")  # GDELT has a header row
    if fmt == "plover":
        assert all(isinstance(json.loads(line), dict) for line in lines)


def test_summary_names_counts_actors_and_next_commands(queried: Store) -> None:
    summary = queried.summary()
    assert "4 articles" in summary and "Joe Biden" in summary and "newsgraph events --actor" in summary


NAMES = [f"actor {i}" for i in range(120)] + [
    "actor 7 junior",
    "deputy actor 7",
    "kim jong un",
    "kim yo jong",
]


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("Actor 7", {"actor 7", "actor 7 junior", "deputy actor 7"}),
        ("7", {"actor 7", "actor 7 junior", "deputy actor 7"}),
        ("actor", set(NAMES) - {"kim jong un", "kim yo jong"}),
        ("7 junior", {"actor 7 junior"}),
        ("junior actor", set()),
        ("jong", {"kim jong un", "kim yo jong"}),
        ("Kim  Jong", {"kim jong un"}),
        ("jong kim", set()),
        ("nobody", set()),
    ],
)
def test_names_are_found_through_their_rarest_word_as_whole_words(
    tmp_path: Path, asked: str, found: set[str]
) -> None:
    # More names share "actor" than a word's count is capped at: the lookup must still find them all.
    from newsgraph.store import query, schema
    from newsgraph.store.ingest import add_names

    with open_store(str(tmp_path / "names.db")) as store:
        with store.engine.begin() as conn:
            add_names(conn, NAMES)
        words = schema.role_name_words
        values: dict[str, object] = {}
        query._bind_name(values, "f_name", asked)
        statement = select(words.c.name_key).where(
            words.c.word == query._rarest_word("f_name"), query._name_matches(words.c.name_key, "f_name")
        )
        with store.engine.connect() as conn:
            assert set(conn.execute(statement, values).scalars()) == found


def _version_4_database(url: str) -> None:
    """Store the test corpus at ``url``, then take the database back to how schema version 4 left it."""
    with open_store(url) as store:
        store.ingest([make_analysis(100 + n, [plan]) for n, plan in enumerate(CORPUS)])
    # No table of name words, none of the later indexes, no review tables (migration 7).
    with closing(sqlite3.connect(url)) as conn, conn:
        conn.execute("DROP TABLE role_name_words")
        conn.execute("DROP TABLE corrections")
        conn.execute("DROP TABLE review_items")
        for (index,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
            "('ix_event_clusters_mentions', 'ix_event_clusters_articles', 'ix_event_clusters_sources', "
            "'ix_events_confidence', 'ix_events_type')"
        ).fetchall():
            conn.execute(f"DROP INDEX {index}")
        conn.execute("DELETE FROM schema_migrations WHERE version > 4")


def test_a_database_from_before_the_name_words_gets_them_on_opening(tmp_path: Path) -> None:
    url = str(tmp_path / "v4.db")
    _version_4_database(url)
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert {e["type"] for e in store.events(actor="jong un")} == {"THREATEN"}
        assert {e["type"] for e in store.events(recipient="Biden", limit=None)} == {"ASSAULT", "THREATEN"}
        assert [e["mentions"] for e in store.events(sort="-mentions")] == [1, 1, 1, 1]


def test_event_queries_see_what_another_connection_commits(tmp_path: Path) -> None:
    # Event pages are read on a connection each thread keeps open: it must not keep an old snapshot.
    url = str(tmp_path / "fresh.db")
    with open_store(url) as reader, open_store(url) as writer:
        writer.ingest([make_analysis(100, [CORPUS[0]])])
        assert reader.count_events() == len(reader.events()) == 1
        writer.ingest([make_analysis(101, [CORPUS[1]])])
        assert reader.count_events() == len(reader.events()) == 2


# ---- read-only opens (the read commands and a server without a token) ----------------------------


def _beside(path: Path) -> list[str]:
    """The files SQLite keeps beside a database while it is in use: its -wal, -shm or -journal."""
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f"{path.name}-"))


@pytest.fixture
def closed_db(tmp_path: Path) -> Path:
    """A SQLite database with the test corpus, closed cleanly (nothing beside it)."""
    path = tmp_path / "closed.db"
    with open_store(str(path)) as store:
        store.ingest([make_analysis(100 + n, [plan]) for n, plan in enumerate(CORPUS)])
    assert _beside(path) == []
    return path


def _read_everything(store: Store) -> dict[str, object]:
    """Ask every question the read commands and the server ask; return the answers."""
    first = store.events(limit=1)[0]
    exported = io.StringIO()
    store.export("csv", exported)
    return {
        "events": store.events(limit=None),
        "reports": store.events(reports=True, actor="Biden"),
        "total": store.count_events(text="troops"),
        "event": store.event(first["id"]),
        "quotes": store.quotes(),
        "entities": store.entities(name="Biden"),
        "article": store.article(store.event(first["id"])["reports"][0]["article"]),
        "stats": store.stats(),
        "failures": store.failures(),
        "summary": store.summary(),
        "export": exported.getvalue(),
    }


def test_a_read_only_open_answers_everything_writes_nothing_and_leaves_nothing_beside(
    closed_db: Path,
) -> None:
    before = _file_bytes(closed_db)
    with open_store(str(closed_db)) as writable:
        expected = _read_everything(writable)
    with open_store(str(closed_db), read_only=True) as store:
        assert _read_everything(store) == expected
        with pytest.raises(DatabaseReadOnly, match="opened for reading only"):
            store.ingest([make_analysis(1)])
        # Its connections refuse writes whatever asks (PRAGMA query_only).
        with pytest.raises(Exception, match="readonly"), store.engine.begin() as conn:
            conn.execute(tables.failures.delete())
    # Its last connection to close removed the -wal and -shm it used; a mode=ro one would leave them.
    assert _beside(closed_db) == []
    assert _file_bytes(closed_db) == before


def test_a_read_only_open_does_not_switch_the_journal_mode(closed_db: Path) -> None:
    with closing(sqlite3.connect(closed_db)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    with open_store(str(closed_db), read_only=True) as store:
        assert store.stats()["articles"] == len(CORPUS)
    with closing(sqlite3.connect(closed_db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_file_we_cannot_write_is_read_immutable_creating_nothing_beside_it(
    closed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a read-only mount or another user's file. Permissions do not stop root (who runs CI), so
    # the check is what the test replaces; the test after this one uses real permissions.
    monkeypatch.setattr(connect, "writable", lambda _path: False)
    before = _file_bytes(closed_db)
    with open_store(str(closed_db)) as writable:
        expected = _read_everything(writable)
    with open_store(str(closed_db), read_only=True) as store:
        assert store.sqlite is not None and store.sqlite.immutable
        assert _read_everything(store) == expected
        # While it is open, not only after: a read-only mount could not hold them at all.
        assert _beside(closed_db) == []
    assert _beside(closed_db) == []
    assert _file_bytes(closed_db) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root")
def test_a_read_only_file_in_a_read_only_folder_is_read(closed_db: Path) -> None:
    closed_db.chmod(0o444)
    closed_db.parent.chmod(0o555)
    try:
        with open_store(str(closed_db), read_only=True) as store:
            assert store.stats()["articles"] == len(CORPUS)
            assert _beside(closed_db) == []
    finally:
        closed_db.parent.chmod(0o755)
        closed_db.chmod(0o644)


def test_a_wal_a_writer_keeps_is_read_not_taken_as_immutable(
    closed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone else's live database: we may not write it, but its writer does, so it can change.
    with open_store(str(closed_db)) as writer:
        writer.ingest([make_analysis(1)])
        assert f"{closed_db.name}-wal" in _beside(closed_db)
        monkeypatch.setattr(connect, "writable", lambda _path: False)
        with open_store(str(closed_db), read_only=True) as store:
            assert store.sqlite is not None and store.sqlite.flags == "mode=ro"
            assert store.stats()["articles"] == len(CORPUS) + 1
            writer.ingest([make_analysis(2)])
            assert store.stats()["articles"] == len(CORPUS) + 2


@pytest.mark.parametrize("can_write", [True, False], ids=["writable", "read-only file"])
def test_an_older_schema_read_only_is_upgraded_if_writable_else_refused_saying_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, can_write: bool
) -> None:
    path = tmp_path / "v4.db"
    _version_4_database(str(path))
    before = _file_bytes(path)
    monkeypatch.setattr(connect, "writable", lambda _path: can_write)
    if can_write:
        with open_store(str(path), read_only=True) as store:
            assert store.schema_version() == SCHEMA_VERSION
            assert [e["mentions"] for e in store.events(sort="-mentions")] == [1, 1, 1, 1]
        return
    with pytest.raises(SchemaTooOld, match="version 4") as refused:
        open_store(str(path), read_only=True)
    assert "newsgraph stats --db" in str(refused.value)
    assert _file_bytes(path) == before
    assert _beside(path) == []


def test_reading_a_database_that_does_not_exist_is_an_error_and_creates_none(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(DatabaseNotFound) as missing:
        open_store(str(path), read_only=True)
    assert f"no database at {path}" in str(missing.value)
    assert f"newsgraph ingest --db {path}" in str(missing.value)
    assert list(tmp_path.iterdir()) == []
    # An empty file is not turned into a database by a read either.
    path.touch()
    with pytest.raises(DatabaseNotFound, match="no newsgraph tables"):
        open_store(str(path), read_only=True)
    assert _file_bytes(path) == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["typo.db"]


# ---- bad databases -------------------------------------------------------------------------------


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize("content", [b"not a database at all\n" * 100, b"\x00\xff" * 4096])
def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotNewsgraphDatabase):
        open_store(str(path))
    assert _file_bytes(path) == content


def test_another_programs_sqlite_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    before = _file_bytes(path)
    with pytest.raises(NotNewsgraphDatabase, match="customers"):
        open_store(str(path))
    assert _file_bytes(path) == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_foreign_tables_and_newer_schemas_are_refused(backend: str, tmp_path: Path) -> None:
    url = str(tmp_path / "x.db") if backend == "sqlite" else PG_URL
    assert url
    if backend == "postgresql":
        _reset_postgres(url)
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY)"))
    with pytest.raises(NotNewsgraphDatabase):
        open_store(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE customers"))
    open_store(url).close()
    with engine.begin() as conn:
        conn.execute(
            tables.schema_migrations.insert().values(
                version=SCHEMA_VERSION + 1, name="from the future", applied_at="x"
            )
        )
    with pytest.raises(SchemaTooNew, match=str(SCHEMA_VERSION + 1)):
        open_store(url)
    engine.dispose()


def test_a_table_gone_from_under_an_open_store_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    with open_store(str(path)) as store:
        store.ingest([make_analysis(1)])
        assert store.events()
        with sqlite3.connect(path) as other:
            other.execute("DROP TABLE event_roles")
        with pytest.raises(StorageError, match="event_roles"):
            store.events(actor="Putin")


def test_read_only_database_answers_queries_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with open_store(str(path)) as writable:
        writable.ingest([make_analysis(1)])
    # A read-only open (as on a read-only disk; permissions do not stop root, who runs CI).
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.stats()["articles"] == 1
        with pytest.raises(DatabaseReadOnly):
            store.ingest([make_analysis(2)])
        assert store.stats()["articles"] == 1


def test_disk_full_mid_ingest_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_store(str(path)) as store:
        store.ingest([make_analysis(i) for i in range(3)])
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        # SQLite's page limit stands in for a full disk: writes fail with SQLITE_FULL past it.
        def limit_pages(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages or 0) + 3}")

        event.listen(store.engine, "connect", limit_pages)
        store.engine.dispose()
        with pytest.raises(DiskFull):
            store.ingest([make_analysis(i, plans_for(i, events=40)) for i in range(3, 40)])
        kept = _consistent(store)
        assert 3 <= kept < 40
    with open_store(str(path)) as reopened:
        assert reopened.ingest(make_analysis(i, plans_for(i, events=40)) for i in range(3, 6)).stored >= 0
        assert _consistent(reopened) >= kept
