"""Web benchmarks: event-query latency under 50 concurrent clients, and each UI page's render time.

    .venv/bin/python benchmarks/web.py [--events 100000] [--clients 50] [--seconds 20] [--workers 1]
                                       [--rounds 2] [--placement both|pinned|shared] [--skip-pages]
                                       [--compare-fastpath] [--routes events|others|both]

A fresh SQLite database gets 100,000 generated events (benchmarks/store.py's bulk loader) plus
hand-built analysed articles (tests/store_corpus.py, geocoded, with quotes) standing in for the
demo corpus. The server runs in a subprocess as ``newsgraph serve`` runs it (``web.serving``:
uvicorn with newsgraph's protocol classes; ``--workers`` processes); wrk (Debian's package) keeps
``--clients`` connections busy with varied event queries for ``--seconds``. Floor: p99 < 100 ms.

Where the client runs changes the figure: wrk sharing the server's core takes CPU from it, and a
server free to use every core spreads its threads. So each round measures two placements (on a
machine with 2+ cores): "pinned", the server on one core and wrk on another (``taskset``), which is
what a user with one server process and a client elsewhere gets; and "shared", neither pinned, as
the OS places them. In each: once with the answer cache off (every request queries the database),
once with it on after a warm-up pass over a different draw of the same query mix (repeats are only
those the mix itself has: the unfiltered pages, the types, the months); before both, one client
alone gives each request's own cost. Each line prints the load average when it ran, since other
programs on the machine take CPU too; ``--rounds`` repeats the whole set. ``--compare-fastpath``
measures the same runs again with ``web/fastpath.py`` taken out (every request through FastAPI's
routing and validation), and prints each pair's ratio, to show whether that layer still pays; with
``--routes others`` (or ``both``) it also measures, cache on, a mix of the other questions that
layer replays (``/api/quotes``, ``/api/entities``, ``/api/articles``, ``/api/articles/{id}``,
``/api/search``) with and without it.
Then headless Chromium (Debian's /usr/bin/chromium via Playwright) loads each UI page and reports
the time until it has rendered (floor: < 1 s each; ``--skip-pages`` where there is no Chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]

from store import ACTORS, TYPES, load_events  # noqa: E402  (benchmarks/store.py)
from store_corpus import ACTORS as CORPUS_ACTORS  # noqa: E402
from store_corpus import make_analysis  # noqa: E402
from web_server import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

from newsgraph.store import browse, open_store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from newsgraph.web.hosts import LOOPBACK_HOSTS, AllowedHosts  # noqa: E402

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


def uncached_app() -> object:
    """The app over ``$NEWSGRAPH_DB`` with its answer cache off (the uvicorn factory of the cold runs).

    The size is set on the cache rather than passed to create_app so that the same benchmark measures
    older versions too (a cache of size 0 keeps nothing in every version).
    """
    app = create_app(None)
    app.state.answers.size = 0
    return app


def without_fastpath(app: object) -> object:
    """The app with ``web/fastpath.py``'s layer taken out: every request goes through FastAPI."""
    app.front = AllowedHosts(app.behind_front, LOOPBACK_HOSTS)  # type: ignore[attr-defined]
    return app


def uncached_app_without_fastpath() -> object:
    """``uncached_app`` without the fast path (uvicorn factory)."""
    return without_fastpath(uncached_app())


def cached_app_without_fastpath() -> object:
    """The served app (cache on) without the fast path (uvicorn factory)."""
    return without_fastpath(create_app(None))


EVENT_SORTS = ("-mentions", "-articles", "-sources", "type", "date")
REPORT_SORTS = ("-confidence", "type", "date")


def event_queries(count: int, seed: int = 11) -> list[dict[str, str]]:
    """Varied /api/events queries: pages, an actor, a type, a date range, reports, a fifth in other orders."""
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
        reports = rng.random() < 0.2
        if reports:
            query["reports"] = "true"
        if rng.random() < 0.2:
            # The other orders the UI's sortable columns ask for.
            query["sort"] = rng.choice(REPORT_SORTS if reports else EVENT_SORTS)
        queries.append(query)
    return queries


SPEAKERS = tuple(name for name, _country, _sector in CORPUS_ACTORS)
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def other_queries(count: int, article_ids: list[str], seed: int = 11) -> list[str]:
    """Varied paths of the read routes other than the event list: quote and entity pages (by speaker,
    type, name, words), article lists and searches, and single articles by id (a UI's article views)."""
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        kind = rng.randrange(6)
        query: dict[str, str] = {}
        if kind == 0:
            path = "/api/quotes"
            if rng.random() < 0.5:
                query["speaker"] = rng.choice(SPEAKERS)
            query["offset"] = str(rng.randrange(0, 200, 20))
        elif kind == 1:
            path = "/api/entities"
            if rng.random() < 0.5:
                query["type"] = rng.choice(ENTITY_TYPES)
            else:
                query["name"] = rng.choice(SPEAKERS).split()[-1]
        elif kind == 2:
            path = "/api/articles"
            query["offset"] = str(rng.randrange(0, 200, 20))
        elif kind == 3:
            path = "/api/search"
            query["q"] = rng.choice(SPEAKERS).split()[0]
        else:
            path = f"/api/articles/{rng.choice(article_ids)}"
        paths.append(path + (f"?{urlencode(query)}" if query else ""))
    return paths


# wrk (Debian's package; C, one thread) keeps the connections busy: a Python client on the same
# two cores would cost more CPU per request than the server and measure itself, not the server.
WRK_SCRIPT = """
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99), latency.mean,
    latency.max))
end
"""


@dataclass
class Load:
    """What one wrk run measured: requests, seconds, errors (transport and non-2xx), latencies (ms)."""

    requests: int
    seconds: float
    errors: int
    p50: float
    p99: float
    mean: float
    max: float
    load_average: float


def load(
    base: str,
    clients: int,
    seconds: float,
    seed: int = 11,
    cpus: str | None = None,
    others: list[str] | None = None,
) -> Load:
    """Keep ``clients`` connections busy for ``seconds`` with varied event queries (wrk); return the numbers.

    ``cpus``: the cores wrk may run on (taskset's list), None for anywhere. ``others``: the ids of
    articles to ask for, to ask the other routes' mix (``other_queries``) instead of event queries.
    """
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/web.py needs wrk: apt-get install wrk")
    if others is None:
        asked = ["/api/events?" + urlencode(q) for q in event_queries(5000, seed)]
    else:
        asked = other_queries(5000, others, seed)
    paths = ", ".join(json.dumps(path) for path in asked)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % paths)
        script.flush()
        command = [
            *(["taskset", "-c", cpus] if cpus else []),
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{seconds:.0f}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            base,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    fields = next(line for line in output.splitlines() if line.startswith("RESULT")).split()[1:]
    requests, micros, transport, status = (int(f) for f in fields[:4])
    p50, p99, mean, most = (float(f) / 1000 for f in fields[4:])
    return Load(requests, micros / 1e6, transport + status, p50, p99, mean, most, os.getloadavg()[0])


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


# The server as `newsgraph serve` runs it (newsgraph.web.serving), from an app factory.
SERVE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from newsgraph.web.serving import run; "
    "run(sys.argv[2], factory=True, host='127.0.0.1', port=int(sys.argv[3]), workers=int(sys.argv[4]))"
)


class Server:
    """The web server over the database in a subprocess, on a free loopback port, until closed.

    ``cpus``: the cores it may run on (taskset's list), None for anywhere.
    """

    def __init__(self, url: str, factory: str, workers: int, cpus: str | None = None) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        pinned = ["taskset", "-c", cpus] if cpus else []
        self.process = subprocess.Popen(
            [
                *pinned,
                sys.executable,
                "-c",
                SERVE,
                str(REPO / "benchmarks"),
                factory,
                str(port),
                str(workers),
            ],
            env={**os.environ, "NEWSGRAPH_DB": url},
        )
        for _ in range(300):
            try:
                if httpx.get(f"{self.base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)

    def close(self) -> None:
        """Stop the server."""
        self.process.terminate()
        self.process.wait(timeout=20)


def report(label: str, numbers: Load) -> None:
    """Print the latency percentiles and throughput of one load run."""
    verdict = "ok" if numbers.p99 < 100 else "ABOVE FLOOR"
    print(
        f"{label}: {numbers.requests:,} requests, {numbers.errors} errors, "
        f"{numbers.requests / numbers.seconds:.0f} req/s, p50 {numbers.p50:.1f} ms, p99 {numbers.p99:.1f} ms, "
        f"max {numbers.max:.0f} ms, mean {numbers.mean:.1f} ms (floor p99 < 100 ms: {verdict}); "
        f"load average {numbers.load_average:.2f}",
        flush=True,
    )


def measure(
    base: str, clients: int, seconds: float, cpus: str | None = None, others: list[str] | None = None
) -> Load:
    """Warm up (a different draw of the query mix), then time the measured queries."""
    load(base, clients, 5, seed=99, cpus=cpus, others=others)
    return load(base, clients, seconds, cpus=cpus, others=others)


# (label, the server's cores, wrk's cores): taskset lists, None for anywhere.
Placement = tuple[str, str | None, str | None]


def placements(choice: str) -> list[Placement]:
    """The placements to measure: server and wrk pinned to different cores, and/or both unpinned."""
    cores = sorted(os.sched_getaffinity(0))
    pinned: list[Placement] = []
    if len(cores) >= 2 and shutil.which("taskset"):
        pinned = [
            (f"pinned: server on core {cores[0]}, wrk on core {cores[1]}", str(cores[0]), str(cores[1]))
        ]
    elif choice != "shared":
        print("fewer than 2 cores (or no taskset): measuring unpinned only")
    shared: list[Placement] = [("shared: neither pinned", None, None)]
    return {"pinned": pinned or shared, "shared": shared, "both": pinned + shared}[choice]


def _rate(numbers: Load) -> float:
    return numbers.requests / max(numbers.seconds, 1e-9)


def _compare(label: str, name: str, with_it: Load, without: Load) -> None:
    report(f"[{label}] {name}, without fastpath", without)
    print(
        f"[{label}] {name}: with fastpath / without: "
        f"{_rate(with_it) / max(_rate(without), 1e-9):.2f}x answers/s, "
        f"p99 {with_it.p99 / max(without.p99, 1e-9):.2f}x",
        flush=True,
    )


def measure_other_routes(
    url: str, clients: int, seconds: float, workers: int, placement: Placement, article_ids: list[str]
) -> None:
    """The other routes' mix, cache on (as served), with the fast path and then without it."""
    label, server_cpus, client_cpus = placement
    numbers: dict[str, Load] = {}
    for factory, name in (
        ("newsgraph.web:create_app", "with"),
        ("web:cached_app_without_fastpath", "without"),
    ):
        server = Server(url, factory, workers, server_cpus)
        try:
            numbers[name] = measure(server.base, clients, seconds, client_cpus, others=article_ids)
        finally:
            server.close()
    what = f"{clients} clients, other routes, cache on (warm)"
    report(f"[{label}] {what}", numbers["with"])
    _compare(label, what, numbers["with"], numbers["without"])


def measure_placement(
    url: str, clients: int, seconds: float, workers: int, placement: Placement, compare_fastpath: bool = False
) -> None:
    """Cache off (one client, then ``clients``), then cache on, with the server and wrk placed so;
    with ``compare_fastpath``, the ``clients`` runs again without the fast path, and their ratio."""
    label, server_cpus, client_cpus = placement
    server = Server(url, "web:uncached_app", workers, server_cpus)
    try:
        numbers = measure(server.base, 1, seconds / 2, client_cpus)
        report(f"[{label}] 1 client, cache off (each request's own cost)", numbers)
        cold = measure(server.base, clients, seconds, client_cpus)
        report(f"[{label}] {clients} clients, cache off", cold)
    finally:
        server.close()
    server = Server(url, "newsgraph.web:create_app", workers, server_cpus)
    try:
        warm = measure(server.base, clients, seconds, client_cpus)
        report(f"[{label}] {clients} clients, cache on (warm)", warm)
    finally:
        server.close()
    if not compare_fastpath:
        return
    for factory, name, with_it in (
        ("web:uncached_app_without_fastpath", "cache off", cold),
        ("web:cached_app_without_fastpath", "cache on (warm)", warm),
    ):
        server = Server(url, factory, workers, server_cpus)
        try:
            without = measure(server.base, clients, seconds, client_cpus)
        finally:
            server.close()
        _compare(label, f"{clients} clients, {name}", with_it, without)


async def _ask(app: Any, path: str) -> int:
    """Send one GET through the ASGI app in this process (no socket); return the status."""
    target, _, query_string = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query_string.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def answer_cost(url: str, fast: bool, mix: str, article_ids: list[str]) -> tuple[float, float, int]:
    """CPU and wall microseconds per answer of the served app (cache on), with or without the fast
    path, asked one question at a time in this process after a warm-up pass; and the errors."""
    import asyncio

    os.environ["NEWSGRAPH_DB"] = url
    app = create_app(None) if fast else cached_app_without_fastpath()
    others = article_ids if mix == "others" else None
    warm = (
        other_queries(5000, article_ids, 99)
        if others
        else ["/api/events?" + urlencode(q) for q in event_queries(5000, 99)]
    )
    asked = (
        other_queries(5000, article_ids, 11)
        if others
        else ["/api/events?" + urlencode(q) for q in event_queries(5000, 11)]
    )

    async def run() -> tuple[float, float, int]:
        for path in warm:
            await _ask(app, path)
        cpu, wall = time.process_time(), time.perf_counter()
        errors = 0
        for path in asked:
            errors += await _ask(app, path) != 200
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return cpu / len(asked) * 1e6, wall / len(asked) * 1e6, errors

    try:
        return asyncio.run(run())
    finally:
        pool = getattr(app.state, "query_pool", None)  # type: ignore[attr-defined]
        if pool is not None:
            pool.shutdown(wait=True)
        app.state.answers.close()  # type: ignore[attr-defined]
        app.state.store.close()  # type: ignore[attr-defined]


def measure_answer_cost(url: str, rounds: int, routes: str, article_ids: list[str]) -> None:
    """Each mix's cost per answer with and without the fast path, the order alternating by round,
    and the ratio of the medians: a figure the other programs on the machine move less than wrk's."""
    import statistics

    mixes = [m for m in ("events", "others") if routes in (m, "both")]
    for mix in mixes:
        costs: dict[bool, list[float]] = {True: [], False: []}
        for round_number in range(rounds):
            for fast in (True, False) if round_number % 2 == 0 else (False, True):
                cpu, wall, errors = answer_cost(url, fast, mix, article_ids)
                costs[fast].append(cpu)
                print(
                    f"[in process] {mix} mix, cache on (warm), {'with' if fast else 'without'} fastpath: "
                    f"{cpu:.0f} us CPU, {wall:.0f} us wall per answer, {errors} errors; "
                    f"load average {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
        with_it, without = statistics.median(costs[True]), statistics.median(costs[False])
        print(
            f"[in process] {mix} mix: CPU per answer with fastpath / without: {with_it / without:.2f}x "
            f"(medians of {rounds}: {with_it:.0f} us / {without:.0f} us)",
            flush=True,
        )


def main() -> None:
    """Build the database, serve it, measure, print the numbers against the floors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=200, help="hand-built analysed articles added")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each measured load run")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--rounds", type=int, default=2, help="how many times to measure every placement")
    parser.add_argument(
        "--placement",
        choices=("both", "pinned", "shared"),
        default="both",
        help="server and wrk on separate cores (pinned), unpinned (shared), or both",
    )
    parser.add_argument("--skip-pages", action="store_true", help="no page render times (no Chromium)")
    parser.add_argument(
        "--answer-cost",
        action="store_true",
        help="instead of the wrk runs: each mix's CPU per answer in this process, with and without the "
        "fast path (cache on), --rounds times in alternating order",
    )
    parser.add_argument(
        "--routes",
        choices=("events", "others", "both"),
        default="events",
        help="the event list's mix, the other read routes' mix (cache on, with and without the fast "
        "path), or both",
    )
    parser.add_argument(
        "--compare-fastpath", action="store_true", help="also measure without web/fastpath.py, with ratios"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        url = build(Path(tmp) / "web.db", args.events, args.articles)
        with open_store(url) as store:
            stats = store.stats()
            article_id = store.events(reports=True, limit=1, place="Kyiv")[0]["article"]
            # The hand-built articles (benchmarks/store.py's bulk-loaded ones have ids that are not hashes).
            article_ids = [
                row["id"]
                for row in browse.articles(store, limit=None)
                if re.fullmatch(r"[0-9a-f]{6,64}", row["id"])
            ]
        print(
            f"database: {stats['events']:,} events, {stats['articles']:,} articles "
            f"(built in {time.perf_counter() - started:.0f} s); {args.workers} worker(s), "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        if args.answer_cost:
            measure_answer_cost(url, args.rounds, args.routes, article_ids)
            return
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number} of {args.rounds}", flush=True)
            for placement in placements(args.placement):
                if args.routes != "others":
                    measure_placement(
                        url, args.clients, args.seconds, args.workers, placement, args.compare_fastpath
                    )
                if args.routes != "events":
                    measure_other_routes(
                        url, args.clients, args.seconds, args.workers, placement, article_ids
                    )
        if not args.skip_pages:
            server = Server(url, "newsgraph.web:create_app", args.workers)
            try:
                for fragment, ms in render_times(server.base, article_id).items():
                    print(
                        f"page {fragment:<40} {ms:7.0f} ms ({'ok' if ms < 1000 else 'ABOVE FLOOR'}, floor < 1 s)"
                    )
            finally:
                server.close()


if __name__ == "__main__":
    main()
