"""One JSON error shape for every error the web API answers, and the request size limit.

Every error, whatever raised it (a validation error, an unknown route, a missing token, a stored
article that is not there, a body over the limit), is answered as::

    {"error": {"status": 400, "code": "unknown_parameter", "message": "...", "details": [...]}}

``details`` is present only for validation errors (one entry per problem, with ``where`` and
``name``). No answer ever carries a stack trace; unexpected exceptions are logged and answered 500.
A request target over ``MAX_URL`` bytes is answered 414 ``uri_too_long``, headers over the header
limits 431 ``headers_too_large`` (checked by the app, and by ``serving``'s HTTP parser under
``newsgraph serve``, which also answers a request it cannot parse as 400 ``malformed_request``).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import (
    BadDate,
    DatabaseBusy,
    GazetteerUnavailable,
    InputError,
    LexiconError,
    Messages,
    ModelNotFound,
    NewsgraphError,
    NotInDatabase,
    StorageError,
    TrainedModelError,
    UnknownFormat,
    UnknownTask,
)
from .headers import SECURITY_HEADER_PAIRS, SECURITY_HEADERS

log = logging.getLogger("newsgraph.web")

# The most a request may send before its body: the request target (path and query string) and the
# headers. Far above any question the UI or a script asks (the longest UI URL is under 1 KB), and
# below the HTTP parser's own limits (httptools refuses a target over 64 KiB), so that the app answers
# an oversized request in the error shape. ``serving`` applies the same limits in the parser itself.
MAX_URL = 16 * 1024
MAX_HEADER_BYTES = 32 * 1024
MAX_HEADERS = 100

# Error codes by HTTP status for errors that carry no more specific code.
STATUS_CODES = {
    400: "bad_request",
    401: "missing_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "unprocessable_article",
    431: "headers_too_large",
    500: "internal_error",
    503: "database_unavailable",
}


class ErrorBody(BaseModel):
    """The inside of an error answer: HTTP status, a stable machine code and a message for people."""

    status: int
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorAnswer(BaseModel):
    """Every error answer of the API: ``{"error": {...}}``."""

    error: ErrorBody


class ApiError(Exception):
    """An error an endpoint answers on purpose, with its status, code and message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(status: int, code: str, message: str) -> bytes:
    """Return the one error shape as the bytes of a JSON body (for layers in front of FastAPI)."""
    return json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Return the one error shape as a JSON response."""
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


# Documented on every endpoint so the OpenAPI spec (and schemathesis) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorAnswer, "description": code.replace("_", " ")}
    for status, code in STATUS_CODES.items()
    if status not in (401, 403, 405, 413, 414, 415, 422, 431, 500, 503)
}
WRITE_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorAnswer, "description": code.replace("_", " ")}
    for status, code in STATUS_CODES.items()
}


def _describe(error: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the code and a plain detail entry for one pydantic/FastAPI validation error."""
    location = [str(part) for part in error.get("loc", ())]
    where = location[0] if location else "request"
    name = ".".join(location[1:]) or where
    kind = str(error.get("type", ""))
    message = str(error.get("msg", "invalid value"))
    if kind == "json_invalid":
        detail = str((error.get("ctx") or {}).get("error", message))
        return "malformed_json", {
            "where": where,
            "name": name,
            "message": Messages.WEB_MALFORMED_JSON.format(detail=detail),
        }
    if kind == "extra_forbidden":
        what = "field" if where == "body" else "parameter"
        text = Messages.WEB_UNKNOWN_PARAMETER.format(name=name, path="this endpoint").replace(
            "parameter", what, 1
        )
        return "unknown_parameter", {"where": where, "name": name, "message": text}
    text = Messages.WEB_INVALID_PARAMETER.format(where=where, name=name, detail=message)
    return "invalid_parameter", {"where": where, "name": name, "message": text}


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    described = [_describe(e) for e in exc.errors()]
    codes = [code for code, _ in described]
    # The most telling code names the answer: a broken body first, then a parameter nobody asked for.
    code = next((c for c in ("malformed_json", "unknown_parameter") if c in codes), "invalid_parameter")
    details = [d for _, d in described]
    return error_response(400, code, details[0]["message"] if details else "invalid request", details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404:
        message = Messages.WEB_NOT_FOUND.format(path=request.url.path)
    elif status == 405:
        message = Messages.WEB_METHOD_NOT_ALLOWED.format(method=request.method, path=request.url.path)
    else:
        message = str(exc.detail)
    headers = dict(exc.headers) if exc.headers else None
    return error_response(status, STATUS_CODES.get(status, "error"), message, headers=headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


# Mistakes in what the caller sent, which the caller can fix: a 4xx with the error's own message.
# Checked in order, most specific first (NotInDatabase is also a StorageError).
CLIENT_MISTAKES: tuple[tuple[tuple[type[NewsgraphError], ...], int, str], ...] = (
    ((NotInDatabase,), 404, "not_found"),
    ((InputError,), 422, "unprocessable_article"),
    ((BadDate, UnknownFormat, UnknownTask), 400, "invalid_parameter"),
)
# Faults of the server, which its operator must mend: a 5xx with a stable code and a fixed message
# that names nothing on the host (the full message, which may name files, goes to the server's log).
# Every other NewsgraphError (a labelled file, a store used without a pipeline) is a bug: 500.
SERVER_FAULTS: tuple[tuple[tuple[type[NewsgraphError], ...], int, str, str], ...] = (
    ((DatabaseBusy,), 503, "database_busy", Messages.WEB_DATABASE_BUSY),
    ((StorageError,), 503, "database_unavailable", Messages.WEB_DATABASE_UNAVAILABLE),
    # The server cannot analyze until what analysis needs is installed or rebuilt.
    (
        (ModelNotFound, GazetteerUnavailable, TrainedModelError, LexiconError),
        503,
        "analysis_unavailable",
        Messages.WEB_ANALYSIS_UNAVAILABLE,
    ),
)
# Sent with a busy answer: when to ask again.
RETRY_AFTER = {"database_busy": {"Retry-After": "5"}}


def answer_for(exc: NewsgraphError) -> tuple[int, str, str]:
    """The status, code and message the API answers a NewsgraphError with: 4xx for the caller's
    mistakes (with the error's message), 5xx for the server's faults (with a message of our own)."""
    for kinds, status, code in CLIENT_MISTAKES:
        if isinstance(exc, kinds):
            return status, code, str(exc)
    for kinds, status, code, message in SERVER_FAULTS:
        if isinstance(exc, kinds):
            return status, code, message
    return 500, "internal_error", Messages.WEB_INTERNAL


def error_for(exc: Exception, method: str, path: str) -> JSONResponse:
    """Return the answer to an exception raised while answering (and log a server fault): the
    app's handlers and the layer in front of FastAPI (``fastpath``) answer every one so."""
    if isinstance(exc, NewsgraphError):
        status, code, message = answer_for(exc)
        if status >= 500:
            log.error("%s answering %s %s: %s", type(exc).__name__, method, path, exc)
        return error_response(status, code, message, headers=RETRY_AFTER.get(code))
    log.exception("unexpected error answering %s %s", method, path, exc_info=exc)
    return error_response(500, "internal_error", Messages.WEB_INTERNAL)


async def _newsgraph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsgraphError)
    return error_for(exc, request.method, request.url.path)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette answers an exception no other handler took from its outermost middleware, outside
    # SecurityHeaders, so this answer carries the security headers itself.
    answer = error_for(exc, request.method, request.url.path)
    for name, value in SECURITY_HEADERS.items():
        answer.headers.setdefault(name, value)
    return answer


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one JSON error shape."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(NewsgraphError, _newsgraph_error)
    app.add_exception_handler(Exception, _unexpected_error)


class BodySizeLimit:
    """ASGI middleware that answers 413 (in the error shape) to any request body over ``limit`` bytes.

    It checks Content-Length up front, then reads the body (at most ``limit`` bytes of it) before the
    app sees it, so a chunked body without Content-Length cannot get around the limit either.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its body, or answer 413 when the body is over the limit."""
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_large = error_response(
            413, "body_too_large", Messages.WEB_BODY_TOO_LARGE.format(limit=self.limit)
        )
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def refusal(url_bytes: int, header_bytes: int, headers: int) -> tuple[int, str, str] | None:
    """Return the status, code and message that refuse a request of this size, or None if it fits."""
    if url_bytes > MAX_URL:
        return 414, "uri_too_long", Messages.WEB_URI_TOO_LONG.format(limit=MAX_URL)
    if header_bytes > MAX_HEADER_BYTES or headers > MAX_HEADERS:
        message = Messages.WEB_HEADERS_TOO_LARGE.format(limit=MAX_HEADER_BYTES, count=MAX_HEADERS)
        return 431, "headers_too_large", message
    return None


def oversized(scope: Scope) -> tuple[int, str, str] | None:
    """Return the refusal of an HTTP request whose target or headers are over the limits, else None."""
    path = scope.get("raw_path") or scope["path"].encode()
    query = scope.get("query_string", b"")
    headers = scope.get("headers", [])
    url_bytes = len(path) + (len(query) + 1 if query else 0)
    return refusal(url_bytes, sum(len(k) + len(v) for k, v in headers), len(headers))


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    """Answer in the error shape through ``send`` directly (for layers in front of FastAPI)."""
    body = error_body(status, code, message)
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*head, *SECURITY_HEADER_PAIRS]})
    await send({"type": "http.response.body", "body": body})
