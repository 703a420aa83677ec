"""Storage benchmarks: ingest vs analyze-only throughput, and a query over 100,000 stored events.

    .venv/bin/python benchmarks/store.py [--pg postgresql://...] [--events 100000] [--articles 40]

1. Throughput: the bundled demo articles are analyzed alone, then analyzed and stored in a fresh
   SQLite database, in the same run (floor: ingest >= 0.9 x analyze-only).
2. Query: 100,000 generated events (bulk-loaded: the query's speed does not depend on how the rows
   got there) among 500 actors over three years; events by one actor in one month (floor: < 50 ms
   on SQLite; PostgreSQL reported when --pg or NEWSGRAPH_TEST_PG names a server).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from sqlalchemy import text

from newsgraph.model import Article
from newsgraph.store import Store, open_store
from newsgraph.store import schema as tables
from newsgraph.store.ingest import add_names

ACTORS = 500
TYPES = ("ASSAULT", "AGREE", "CONSULT", "ACCUSE", "SUPPORT", "THREATEN", "PROTEST", "SANCTION")


def demo_articles(count: int) -> list[Article]:
    """The bundled demo articles (repeated with a suffix when more are asked for than exist)."""
    from newsgraph.read import read_stream

    corpus = resources.files("newsgraph").joinpath("data/demo/demo.jsonl")
    with corpus.open("rb") as stream:
        base = [a for a in read_stream(stream, "demo.jsonl") if isinstance(a, Article)]
    articles = []
    for i in range(count):
        article = base[i % len(base)]
        suffix = "" if i < len(base) else f"\n\n(Republished, copy {i // len(base)}.)"
        articles.append(
            Article(text=article.text + suffix, published=article.published, source=article.source)
        )
    return articles


def throughput(count: int, rounds: int = 5) -> None:
    """Print analyze-only and ingest throughput over the same articles, in paired rounds.

    Each round analyzes the articles alone, then ingests them into a fresh database, back to back,
    so that both halves of a pair see the same load on a busy machine; the median of the rounds'
    ratios is the headline. The ratio of process CPU time (all threads) is printed beside it: it does
    not move with the neighbours' load, and says what storing costs in CPU (the writer thread's
    overlap with analysis, which the wall-clock ratio credits, does not show in it).
    """
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    articles = demo_articles(count)
    list(pipeline.analyze_many(articles[:4]))  # warm up
    pairs, cpu_pairs = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        analyzed = sum(1 for _ in pipeline.analyze_many(articles))
        analyze_rate = analyzed / (time.perf_counter() - started)
        analyze_cpu = time.process_time() - cpu
        with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.db")) as store:
            started, cpu = time.perf_counter(), time.process_time()
            report = store.ingest(articles, pipeline)
            ingest_rate = report.stored / (time.perf_counter() - started)
            ingest_cpu = time.process_time() - cpu
        pairs.append((analyze_rate, ingest_rate))
        cpu_pairs.append(analyze_cpu / ingest_cpu)
    ratios = [i / a for a, i in pairs]
    shown = ", ".join(f"{a:.2f}/{i:.2f}" for a, i in pairs)
    print(
        f"analyze only: {statistics.median(a for a, _ in pairs):6.2f} articles/s  (median of {rounds}; {analyzed} articles)"
    )
    print(f"ingest:       {statistics.median(i for _, i in pairs):6.2f} articles/s  ({report.stored} stored)")
    print(
        f"ratio:        {statistics.median(ratios):6.3f}  (median of paired rounds; floor 0.9; "
        f"rounds analyze/ingest: {shown})"
    )
    print(f"cpu ratio:    {statistics.median(cpu_pairs):6.3f}  (analyze CPU / ingest CPU, median of rounds)")


def load_events(store: Store, total: int, seed: int = 7) -> None:
    """Bulk-load ``total`` events (1-3 reports each share a cluster) with actors, recipients, dates."""
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    per_article = 5
    with store.engine.begin() as conn:
        articles, clusters, events, roles = [], [], [], []
        for a in range(total // per_article):
            published = (start + dt.timedelta(days=rng.randrange(3 * 365))).isoformat()
            articles.append(
                {
                    "pk": a + 1,
                    "id": f"bench{a:019d}",
                    "text": f"article {a}",
                    "published": published,
                    "source": f"Outlet {a % 40}",
                    "language": "en",
                    "version": 1,
                    "current": True,
                    "dup_group": f"bench{a:019d}",
                    "ingested_at": published,
                    "analysis": {},
                }
            )
            for n in range(per_article):
                pk = a * per_article + n + 1
                actor, recipient = rng.sample(range(ACTORS), 2)
                kind = rng.choice(TYPES)
                clusters.append(
                    {
                        "pk": pk,
                        "signature": f"{kind}|{actor}|{recipient}",
                        "type": kind,
                        "quad": 1,
                        "date": published,
                        "actor": f"Actor {actor}",
                        "recipient": f"Actor {recipient}",
                        "num_mentions": 1,
                        "num_articles": 1,
                        "num_sources": 1,
                        "first_reported": published,
                        "last_reported": published,
                    }
                )
                events.append(
                    {
                        "pk": pk,
                        "article_pk": a + 1,
                        "cluster_pk": pk,
                        "local_id": f"V{n}",
                        "type": kind,
                        "context": [],
                        "quad": 1,
                        "date": published,
                        "negated": False,
                        "hypothetical": False,
                        "alleged": False,
                        "confidence": 0.8,
                        "data": {},
                        "sentence": "...",
                    }
                )
                for role, who in (("actor", actor), ("recipient", recipient)):
                    roles.append(
                        {
                            "event_pk": pk,
                            "role": role,
                            "name": f"Actor {who}",
                            "name_key": f"actor {who}",
                            "country": "USA" if who % 10 == 0 else None,
                            "sector": None,
                        }
                    )
        for table, rows in (
            (tables.articles, articles),
            (tables.event_clusters, clusters),
            (tables.events, events),
            (tables.event_roles, roles),
        ):
            for i in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[i : i + 5000])
        add_names(conn, [f"actor {who}" for who in range(ACTORS)])
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # The rows above came with their keys: move the key sequences past them for later inserts.
            for table in ("articles", "event_clusters", "events"):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'pk'), max(pk)) FROM {table}")
                )
        conn.execute(text("ANALYZE"))


def time_query(store: Store, repeats: int = 30) -> tuple[float, float, int]:
    """Median and worst milliseconds of events(actor=..., since=..., until=...) over many actors."""
    rng = random.Random(3)
    timings, found = [], 0
    for _ in range(repeats):
        month = dt.date(2022, rng.randrange(1, 13), 1)
        filters = {
            "actor": f"Actor {rng.randrange(ACTORS)}",
            "since": month.isoformat(),
            "until": (month + dt.timedelta(days=30)).isoformat(),
        }
        started = time.perf_counter()
        found += len(store.events(limit=50, **filters))
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings), found


def query_benchmark(url: str, label: str, total: int) -> None:
    """Load ``total`` events into an empty database at ``url`` and time the actor + date query."""
    with open_store(url) as store:
        started = time.perf_counter()
        load_events(store, total)
        print(f"{label}: loaded {total:,} events in {time.perf_counter() - started:.1f} s")
        median, worst, found = time_query(store)
        print(
            f"{label}: events(actor, since, until): median {median:.1f} ms, worst {worst:.1f} ms "
            f"({found} events found in 30 queries; floor < 50 ms on SQLite)"
        )


def main() -> None:
    """Run both benchmarks and print the numbers."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("NEWSGRAPH_TEST_PG"))
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    if not args.skip_throughput:
        throughput(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        query_benchmark(str(Path(tmp) / "events.db"), "SQLite", args.events)
    if args.pg:
        from sqlalchemy import create_engine

        from newsgraph.store import resolve_url

        engine = create_engine(resolve_url(args.pg))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        query_benchmark(args.pg, "PostgreSQL", args.events)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
