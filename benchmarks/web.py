"""Web benchmarks: event-query latency under 50 concurrent clients, and each UI page's render time.

    .venv/bin/python benchmarks/web.py [--events 100000] [--clients 50] [--requests 2000] [--seconds 60]

A fresh SQLite database gets 100,000 generated events (benchmarks/store.py's bulk loader) plus
hand-built analysed articles (tests/store_corpus.py, geocoded, with quotes) standing in for the
demo corpus. uvicorn serves it on 127.0.0.1 in a subprocess; an async httpx loop keeps ``--clients``
requests in flight over varied event queries (bounded in count and time). Floors: p99 < 100 ms.
Then headless Chromium (Debian's /usr/bin/chromium via Playwright) loads each UI page and reports
the time until it has rendered (floor: < 1 s each).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]

from store import ACTORS, TYPES, load_events  # noqa: E402  (benchmarks/store.py)
from store_corpus import make_analysis  # noqa: E402
from web_server import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

from newsgraph.store import open_store  # noqa: E402

PAGES = (
    "#/",
    "#/events",
    "#/events?merged=true",
    "#/timeline",
    "#/map",
    "#/network",
    "#/quotes",
    "#/article/{id}",
)


def build(path: Path, events: int, articles: int) -> str:
    """Create the benchmark database; return its URL."""
    url = str(path)
    with open_store(url) as store:
        load_events(store, events)
        store.ingest(make_analysis(i) for i in range(articles))
    return url


def event_queries(count: int, seed: int = 11) -> list[dict[str, str]]:
    """Varied /api/events queries: pages, an actor, a type, a date range, a sort, reports."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        query: dict[str, str] = {"limit": "50"}
        kind = rng.randrange(5)
        if kind == 1:
            query["actor"] = f"Actor {rng.randrange(ACTORS)}"
        elif kind == 2:
            query["type"] = rng.choice(TYPES)
        elif kind == 3:
            year = rng.choice((2021, 2022, 2023))
            month = rng.randrange(1, 13)
            query.update(since=f"{year}-{month:02d}-01", until=f"{year}-{month:02d}-28")
        elif kind == 4:
            query.update(actor=f"Actor {rng.randrange(ACTORS)}", since="2022-01-01", until="2022-06-30")
        if rng.random() < 0.3:
            query["offset"] = str(rng.randrange(0, 500, 50))
        if rng.random() < 0.2:
            query["reports"] = "true"
        queries.append(query)
    return queries


async def load(base: str, clients: int, requests: int, seconds: float) -> tuple[list[float], int]:
    """Run ``requests`` event queries with ``clients`` in flight; return latencies (ms) and errors."""
    queries = event_queries(requests)
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(mine: list[dict[str, str]]) -> None:
            nonlocal errors
            for query in mine:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                try:
                    response = await client.get("/api/events", params=query)
                except httpx.TransportError:
                    errors += 1  # e.g. a keep-alive connection the server closed as it was reused
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200

        await asyncio.gather(*(worker(queries[i::clients]) for i in range(clients)))
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def render_times(base: str, article_id: str) -> dict[str, float]:
    """Milliseconds from navigation to a rendered page, for each UI page, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    times: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/#/about:blank-warmup")
        page.wait_for_selector("#main[data-renders]")
        for fragment in PAGES:
            fragment = fragment.format(id=article_id)
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(f"{base}/{fragment}")
            page.wait_for_selector("#main[data-renders]", timeout=30_000)
            times[fragment] = (time.perf_counter() - started) * 1000
        browser.close()
    return times


def main() -> None:
    """Build the database, serve it, measure, print the numbers against the floors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=200, help="hand-built analysed articles added")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        url = build(Path(tmp) / "web.db", args.events, args.articles)
        with open_store(url) as store:
            stats = store.stats()
            article_id = store.events(reports=True, limit=1, place="Kyiv")[0]["article"]
        print(
            f"database: {stats['events']:,} events, {stats['articles']:,} articles "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "newsgraph.web:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            env={**os.environ, "NEWSGRAPH_DB": url},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            asyncio.run(load(base, args.clients, 100, 10))  # warm-up
            latencies, errors = asyncio.run(load(base, args.clients, args.requests, args.seconds))
            p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
            verdict = "ok" if p99 < 100 else "ABOVE FLOOR"
            print(
                f"event queries, {args.clients} clients: {len(latencies):,} requests, {errors} errors, "
                f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, mean {statistics.fmean(latencies):.1f} ms "
                f"(floor p99 < 100 ms: {verdict})"
            )
            for fragment, ms in render_times(base, article_id).items():
                print(
                    f"page {fragment:<40} {ms:7.0f} ms ({'ok' if ms < 1000 else 'ABOVE FLOOR'}, floor < 1 s)"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
