"""Repeated API questions answered before FastAPI sees them, while the database is unchanged.

The answer cache (``cache.AnswerCache``) spares a repeated question its query, but the request still
goes through routing, parameter validation and dependency injection, which under many clients is most
of what a cached answer costs. ``RepeatedAnswers`` sits in front of all that: a GET under ``/api/``
whose exact raw path and query string were answered 200 with JSON under the same database version is
answered with the same status, headers and body straight away. The version is the answer cache's own
(``PRAGMA data_version`` on SQLite), read before the app computes an answer, so an answer computed
while another connection committed is never served after that commit. It only runs where that read
is cheap and caching is on (``AnswerCache.cheap``); everything else passes through untouched.

The event list, the question asked most and with the most different parameters, also skips FastAPI
when it is not a repeat: its query string is validated by the same model FastAPI uses
(``EventQuery``) and answered by the same function as the route (``routes.event_list``), so the
answer is the route's byte for byte. Anything unusual (a repeated or unknown parameter, a value the
model refuses) is passed to FastAPI untouched, so that every error keeps the one error shape; an
exception while answering is answered and logged as the app's own handlers do (``problems.error_for``),
never passed over in silence or answered twice.

Measured (``benchmarks/web.py --answer-cost``, cache on): an answer costs about half the CPU with
this layer on the event-list mix and a sixteenth on the other routes' mix, so it stays.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from pydantic import ValidationError
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cache import AnswerCache, BudgetedLRU
from .headers import SECURITY_HEADER_PAIRS
from .params import EventQuery
from .problems import error_for
from .routes import event_list

EVENTS_PATH = "/api/events"

# (raw path, raw query string): the same bytes ask the same question; nothing else is looked at.
Key = tuple[bytes, bytes]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name.lower() == b"content-type" and value.startswith(b"application/json") for name, value in headers
    )


class RepeatedAnswers:
    """Pure ASGI middleware that replays the app's 200 JSON answers to repeated GETs under ``/api/``.

    It keeps at most ``answers.size`` responses and ``answers.max_bytes`` of bodies (least recently
    used dropped first; an event answer's body is the answer cache's own bytes object), all of one
    database version; the first request after a change empties it. It runs on the event loop only,
    so it needs no lock.
    """

    def __init__(self, app: ASGIApp, answers: AnswerCache, state: State) -> None:
        self.app = app
        self.answers = answers
        self.state = state
        self._kept: BudgetedLRU[Key, Answer] = BudgetedLRU(lambda answer: len(answer[2]))
        self._version: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a repeated question from what was kept, or pass it on (keeping a fit answer)."""
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        # `cheap` is read per request: it is False whenever caching is off (size 0), even if set later.
        replaying = self.answers.cheap
        key = (scope.get("raw_path") or scope["path"].encode(), scope.get("query_string", b""))
        version = self.answers.version() if replaying else None
        if replaying:
            if version != self._version:
                self._kept.clear()
                self._version = version
            kept = self._kept.hit(key)
            if kept is not None:
                await self._send(send, *kept)
                return
        if scope["path"] == EVENTS_PATH:
            params = self._event_query(scope)
            if params is not None:
                try:
                    body = await event_list(self.state, params)
                except Exception as exc:  # the one error shape and the log line, as FastAPI's handlers give
                    await error_for(exc, "GET", scope["path"])(scope, receive, self._secured(send))
                    return
                # As Starlette's Response(body, media_type="application/json") sends them, with the
                # headers the app's middleware adds.
                headers = [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json"),
                    *SECURITY_HEADER_PAIRS,
                ]
                if replaying and version == self._version:
                    self._keep(key, (200, headers, body))
                await self._send(send, 200, headers, body)
                return
        await self.app(scope, receive, self._recording(key, version, send) if replaying else send)

    @staticmethod
    async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _secured(send: Send) -> Send:
        """Return a ``send`` that adds the security headers, as the app's middleware does."""

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADER_PAIRS]
            await send(message)

        return with_headers

    def _event_query(self, scope: Scope) -> EventQuery | None:
        """Return an event-list question's parameters, or None for anything FastAPI should see."""
        # Read as Starlette reads a query string, so that the model sees the values FastAPI would.
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(pairs)
        if len(given) != len(pairs):
            return None
        try:
            return EventQuery.model_validate(given)
        except ValidationError:
            return None

    def _recording(self, key: Key, version: Any, send: Send) -> Send:
        """Return a ``send`` that passes the response on and keeps it when it is a complete 200 JSON answer."""
        # Copied as they come: middleware further out may replace the start message's headers.
        headers: list[tuple[bytes, bytes]] | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal headers
            if message["type"] == "http.response.start":
                given = list(message.get("headers", []))
                headers = given if message["status"] == 200 and _is_json(given) else None
            elif message["type"] == "http.response.body" and headers is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and version == self._version:
                    self._keep(key, (200, headers, b"".join(chunks)))
            await send(message)

        return record

    def _keep(self, key: Key, answer: Answer) -> None:
        self._kept.put(key, answer, max(self.answers.size, 0), self.answers.max_bytes)
