"""Repeated API questions are replayed before FastAPI sees them, and only while the database is unchanged."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from conftest import LOOPBACK_URL
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_corpus import build_database

from newsgraph.web import create_app
from newsgraph.web.headers import SECURITY_HEADERS

TOKEN = "a token for the tests"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_database(tmp_path_factory.mktemp("web-cache") / "web.db")


def counting(app: FastAPI, monkeypatch: pytest.MonkeyPatch, *methods: str) -> Counter[str]:
    """Wrap the app's store methods so that each call is counted (a replayed answer calls none)."""
    calls: Counter[str] = Counter()
    store = app.state.store
    for name in methods:
        method: Callable[..., Any] = getattr(store, name)

        def counted(*args: Any, _name: str = name, _method: Callable[..., Any] = method, **kw: Any) -> Any:
            calls[_name] += 1
            return _method(*args, **kw)

        monkeypatch.setattr(store, name, counted)
    return calls


@pytest.fixture
def app(db_url: str) -> FastAPI:
    return create_app(db_url, token=TOKEN)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(base_url=LOOPBACK_URL, app=app, raise_server_exceptions=False) as c:
        yield c


# /api/quotes, /api/entities and /api/articles/{id} are not kept by the answer cache itself, so a
# store call saved on the second request is the fast path's doing.
@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/quotes", "quotes"),
        ("/api/quotes?limit=2&offset=1", "quotes"),
        ("/api/entities?type=PERSON", "entities"),
    ],
)
def test_a_repeated_get_is_replayed_with_the_same_headers_and_body(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, method: str
) -> None:
    calls = counting(app, monkeypatch, method)
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert calls[method] == 1
    assert second.content == first.content
    assert second.headers.multi_items() == first.headers.multi_items()
    for name, value in SECURITY_HEADERS.items():
        assert second.headers.get_list(name) == [value]


def test_an_article_by_id_is_replayed_too(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = client.get("/api/articles", params={"limit": 1}).json()["articles"][0]["id"]
    calls = counting(app, monkeypatch, "article")
    answers = [client.get(f"/api/articles/{article_id}").json() for _ in range(3)]
    assert calls["article"] == 1 and answers[0] == answers[1] == answers[2]


def test_different_query_strings_are_different_entries(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(app, monkeypatch, "quotes")
    two, three = client.get("/api/quotes?limit=2").json(), client.get("/api/quotes?limit=3").json()
    assert calls["quotes"] == 2
    assert len(two["quotes"]) == 2 and len(three["quotes"]) == 3
    # The same question spelled otherwise is the same question to the answer cache (its key is the
    # validated parameters): answered equal, without a query.
    assert client.get("/api/quotes?limit=2&offset=0").json() == two
    assert calls["quotes"] == 2


@pytest.mark.parametrize("path", ["/api/articles/ffffffffff", "/api/quotes?limit=0", "/api/quotes?lmit=2"])
def test_errors_are_never_replayed(app: FastAPI, client: TestClient, path: str) -> None:
    first, second = client.get(path), client.get(path)
    assert first.status_code >= 400 and second.status_code == first.status_code
    # Nothing was kept: the replay middleware has no answer for this (or any) question.
    assert _kept(app) == {}


def test_posts_are_never_replayed(app: FastAPI, client: TestClient) -> None:
    class CountingPipeline:
        calls = 0

        def analyze_article(self, article: Any) -> Any:
            CountingPipeline.calls += 1
            return type("Analysed", (), {"to_dict": lambda _self: {"text": article.text}})()

    app.state.pipeline = CountingPipeline()
    body = {"text": "The minister met the envoy in the capital on Monday and signed the agreement."}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answers = [client.post("/analyze", json=body, headers=auth) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert CountingPipeline.calls == 2 and _kept(app) == {}


def test_caching_off_replays_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(db_url, cache_size=0)
    calls = counting(app, monkeypatch, "quotes")
    with TestClient(base_url=LOOPBACK_URL, app=app) as client:
        assert client.get("/api/quotes").json() == client.get("/api/quotes").json()
    assert calls["quotes"] == 2


@pytest.mark.parametrize(("path", "method"), [("/api/quotes", "quotes"), ("/api/articles?limit=100", None)])
def test_an_ingest_through_another_connection_is_seen_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, method: str | None
) -> None:
    from store_corpus import Plan, make_analysis

    from newsgraph.store import open_store

    url = build_database(tmp_path / "web.db")
    app = create_app(url)
    calls = counting(app, monkeypatch, *([method] if method else []))
    new = make_analysis(901, [Plan(actor=1, type=1, recipient=2, place=1, date="2021-06-01")])
    with TestClient(base_url=LOOPBACK_URL, app=app) as client:
        before = client.get(path).json()
        assert client.get(path).json() == before
        with open_store(url) as other:  # another connection, as the CLI in another process
            other.ingest([new])
        after = client.get(path).json()
    assert after["total"] > before["total"]
    if method:
        assert calls[method] == 2


def _kept(app: FastAPI) -> dict[Any, Any]:
    """Return what the replay layer in front of the app (behind the host check) keeps."""
    layer: Any = getattr(getattr(app, "front", None), "app", None)
    assert type(layer).__name__ == "RepeatedAnswers", "the replay layer is in front of the app"
    return dict(layer._kept)


# Valid questions the shortcut answers, and questions it must hand to FastAPI (errors of every kind).
SHORTCUT_ANSWERS = [
    "",
    "limit=3",
    "type=agree&sort=mentions",
    "actor=Putin&sort=-articles&limit=2&offset=1",
    "actor=USA",
    "recipient=RUSGOV&reports=true",
    "quad=3&reports=1&sort=confidence",
    "since=2023-06-01&until=2023-06-30",
    "country=deu&reports=true&sort=-type",
    "place=Berlin&offset=1",
    "text=Putin%20Kyiv&reports=true&limit=5",
    "actor=Vladimir%20Putin&recipient=Joe%20Biden&type=ASSAULT",
]
FASTAPI_ANSWERS = [
    "actr=Putin",
    "limit=1&limit=2",  # FastAPI takes the last; the shortcut leaves such questions to it
    "limit=0",
    "limit=many",
    "actor=",
    "sort=confidence",
    "since=2023-02-30",
    "until=yesterday",
    "type=PARTY",
]


def _event_list_answer(db_url: str, query: str) -> Any:
    with TestClient(
        base_url=LOOPBACK_URL, app=create_app(db_url, cache_size=0), raise_server_exceptions=False
    ) as client:
        return client.get(f"/api/events?{query}")


# Spellings whose fate only matters in being the same both ways (whichever of the two answers them).
EDGE_CASES = [
    "actor=Joe+Biden",
    "actor=Kim%20%20Jong",
    "reports=yes",
    "reports=",
    "limit=%2B5",
    "limit=5.0",
    "limit=1e1",
    "offset=-1",
    "quad=2.0",
    "type=",
    "sort=-date&sort=date",
    "since=2023-6-1",
    "country=us",
    "text=%00",
    "actor=%F0%9F%98%80",
    "limit=3&",
    "&&limit=3",
    "=3",
]


@pytest.mark.parametrize("query", SHORTCUT_ANSWERS + FASTAPI_ANSWERS + EDGE_CASES)
def test_the_event_list_shortcut_answers_exactly_as_fastapi(
    db_url: str, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    from newsgraph.web import fastpath

    shortcut_answers: list[Any] = []
    answer = fastpath.event_list

    async def counted(*args: Any) -> Any:
        shortcut_answers.append(await answer(*args))
        return shortcut_answers[-1]

    monkeypatch.setattr(fastpath, "event_list", counted)
    fast = _event_list_answer(db_url, query)
    # Only valid questions are answered by the shortcut; the rest reach FastAPI and its error shape.
    if query not in EDGE_CASES:
        assert (len(shortcut_answers) == 1) == (query in SHORTCUT_ANSWERS)
    monkeypatch.setattr(fastpath, "EVENTS_PATH", "/api/no-shortcut")
    routed = _event_list_answer(db_url, query)
    assert fast.status_code == routed.status_code
    if query not in EDGE_CASES:
        assert (fast.status_code == 200) == (query in SHORTCUT_ANSWERS or query == "limit=1&limit=2")
    assert fast.content == routed.content
    assert fast.headers.multi_items() == routed.headers.multi_items()
    if query in SHORTCUT_ANSWERS:
        page = fast.json()
        rows = page["reports" if "reports" in query else "events"]
        assert len(rows) <= page["limit"] and page["total"] >= page["offset"] + len(rows)


def test_an_app_served_twice_still_answers_uncached_questions(db_url: str) -> None:
    # Its first lifespan shuts the query thread pool down; the second must get a new one.
    app = create_app(db_url)
    for limit in (1, 2):
        with TestClient(base_url=LOOPBACK_URL, app=app) as client:
            answer = client.get("/api/events", params={"limit": limit})
        assert answer.status_code == 200 and len(answer.json()["events"]) == limit


PG_URL = os.environ.get("NEWSGRAPH_TEST_PG")


@pytest.mark.skipif(not PG_URL, reason="NEWSGRAPH_TEST_PG unset")
@pytest.mark.parametrize("query", SHORTCUT_ANSWERS)
def test_event_answers_are_the_same_on_postgresql(db_url: str, query: str) -> None:
    # On PostgreSQL the event list runs through SQLAlchemy (and the cache reads the newest article):
    # the same corpus must give the same totals and rows as on SQLite.
    from sqlalchemy import create_engine, text

    from newsgraph.store import resolve_url

    assert PG_URL
    engine = create_engine(resolve_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    build_database(PG_URL)
    with (
        TestClient(base_url=LOOPBACK_URL, app=create_app(PG_URL)) as on_pg,
        TestClient(base_url=LOOPBACK_URL, app=create_app(db_url)) as on_sqlite,
    ):
        pg, lite = on_pg.get(f"/api/events?{query}"), on_sqlite.get(f"/api/events?{query}")
    assert pg.status_code == lite.status_code == 200
    key = "reports" if "reports" in query else "events"
    # Compared by what the rows say, not by keys each database assigns itself.
    said = ("type", "quad", "date", "actor", "recipient", "place", "country")
    assert pg.json()["total"] == lite.json()["total"]
    assert [[row[k] for k in said] for row in pg.json()[key]] == [
        [row[k] for k in said] for row in lite.json()[key]
    ]


def test_the_caches_keep_within_their_byte_budget(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(db_url)
    app.state.answers.max_bytes = 3_000
    calls = counting(app, monkeypatch, "event_page")
    with TestClient(base_url=LOOPBACK_URL, app=app) as client:
        pages = [client.get("/api/events", params={"limit": 5, "offset": n}) for n in range(8)]
        assert all(page.status_code == 200 for page in pages)
        kept = _kept(app)
        assert 0 < sum(len(body) for _status, _headers, body in kept.values()) <= 3_000
        # The newest answers are kept, the oldest dropped: asking again recomputes only the dropped ones.
        before = calls["event_page"]
        assert client.get("/api/events", params={"limit": 5, "offset": 7}).content == pages[7].content
        assert calls["event_page"] == before
        assert client.get("/api/events", params={"limit": 5, "offset": 0}).content == pages[0].content
        assert calls["event_page"] == before + 1


def _without_layer(app: Any) -> Any:
    """The same app with the replay layer taken out (every request through FastAPI), as the benchmark does."""
    from newsgraph.web.hosts import LOOPBACK_HOSTS, AllowedHosts

    app.front = AllowedHosts(app.behind_front, LOOPBACK_HOSTS)
    return app


def _every_replayed_route(db_url: str) -> list[str]:
    with TestClient(base_url=LOOPBACK_URL, app=create_app(db_url)) as client:
        article = client.get("/api/articles", params={"limit": 1}).json()["articles"][0]["id"]
        event = client.get("/api/events", params={"limit": 1}).json()["events"][0]["id"]
    return [
        "/api/events?limit=3",
        "/api/events?reports=true&coding=both",
        f"/api/events/{event}",
        "/api/quotes?limit=2",
        "/api/entities?type=PERSON",
        "/api/articles?limit=2",
        f"/api/articles/{article}",
        "/api/search?q=Putin",
        "/api/stats",
        "/api/vocabulary",
        "/api/timeline?by=type",
        "/api/places",
        "/api/network?coding=both",
        "/api/review/queue",
        f"/api/review/articles/{article}",
        "/api/review/corrections",
        "/api/review/vocabulary",
    ]


def test_every_replayed_route_answers_as_the_app_without_the_layer(db_url: str) -> None:
    paths = _every_replayed_route(db_url)
    with (
        TestClient(base_url=LOOPBACK_URL, app=create_app(db_url)) as layered,
        TestClient(base_url=LOOPBACK_URL, app=_without_layer(create_app(db_url))) as plain,
    ):
        for path in paths:
            first, replayed, routed = layered.get(path), layered.get(path), plain.get(path)
            assert first.status_code == replayed.status_code == routed.status_code == 200, path
            assert first.content == replayed.content == routed.content, path
            assert (
                first.headers.multi_items() == replayed.headers.multi_items() == routed.headers.multi_items()
            )
        # Every one of them was kept by the layer (so the second answer was a replay).
        kept = {key[0].decode() + ("?" + key[1].decode() if key[1] else "") for key in _kept(layered.app)}
        assert set(paths) <= kept


@pytest.mark.parametrize("fault", ["busy", "bug"])
def test_an_error_while_the_layer_answers_the_event_list_is_answered_and_logged_as_fastapi_does(
    db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    from newsgraph.errors import DatabaseBusy

    def broken(*_args: Any, **_kw: Any) -> Any:
        raise DatabaseBusy("the database is locked") if fault == "busy" else RuntimeError("a bug")

    answers = []
    for app in (create_app(db_url, cache_size=0), _without_layer(create_app(db_url, cache_size=0))):
        monkeypatch.setattr(app.state.store, "event_page", broken)
        caplog.clear()
        with TestClient(base_url=LOOPBACK_URL, app=app, raise_server_exceptions=False) as client:
            answers.append(client.get("/api/events?limit=2"))
        # Logged once, by whichever answered: nothing passed over in silence, nothing answered twice.
        assert len([r for r in caplog.records if r.name == "newsgraph.web"]) == 1
    fast, routed = answers
    assert fast.status_code == routed.status_code >= 500
    assert fast.content == routed.content and fast.json()["error"]["code"] != "invalid_parameter"
    # The same headers, the security headers among them: the routed 500 comes from Starlette's
    # outermost middleware, outside the one that adds them, so its handler adds them itself.
    assert fast.headers.multi_items() == routed.headers.multi_items()
    for name, value in SECURITY_HEADERS.items():
        assert routed.headers[name] == value
