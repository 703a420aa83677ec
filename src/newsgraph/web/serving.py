"""How ``newsgraph serve`` runs uvicorn: what its HTTP parser refuses is answered in the API's error shape.

A request the parser cannot take (a request target over 64 KiB, which httptools cannot parse; a
broken request line) never reaches the app: uvicorn answers it with a plain-text 400 of its own. The
protocol classes here answer it as the app would, ``{"error": {"status", "code", "message"}}``, and
stop reading a request target or headers as soon as they pass the app's limits (``problems.MAX_URL``
and the header limits: 414 ``uri_too_long``, 431 ``headers_too_large``), so that an oversized request
is neither held in memory nor answered in another shape. Requests within the limits are handled by
uvicorn unchanged; the app checks the same limits itself (``problems.RequestLimits``) under any server.

This leans on two methods of uvicorn's protocol classes (``send_400_response``, and the parser
callbacks ``on_url`` and ``on_header`` of the httptools one); tests/test_web_api.py runs a real
server through them, so a uvicorn that renames them fails there rather than silently.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import Messages
from .headers import SECURITY_HEADER_PAIRS
from .problems import MAX_HEADER_BYTES, MAX_URL, error_body, refusal

# h11 buffers at most this much of an incomplete request head (the target and the headers).
H11_HEAD_LIMIT = MAX_URL + MAX_HEADER_BYTES + 4096


class _Oversized(Exception):
    """Raised in a parser callback to stop reading a request that is over the limits."""


class _JsonRefusals:
    """The part shared by both protocols: the parser's refusal, written in the API's error shape."""

    transport: asyncio.Transport
    _refused: tuple[int, str, str] | None = None

    def send_400_response(self, msg: str) -> None:
        """Answer a request the parser refused (uvicorn calls this with its plain-text message)."""
        status, code, message = self._refused or (
            400,
            "malformed_request",
            Messages.WEB_MALFORMED_REQUEST.format(url_limit=MAX_URL, header_limit=MAX_HEADER_BYTES),
        )
        body = error_body(status, code, message)
        head = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode(),
            b"content-type: application/json",
            b"content-length: " + str(len(body)).encode(),
            b"connection: close",
            *(name + b": " + value for name, value in SECURITY_HEADER_PAIRS),
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


class H11Refusals(_JsonRefusals, H11Protocol):
    """uvicorn's h11 protocol (head limited by ``H11_HEAD_LIMIT``), refusing in the error shape."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: uvicorn itself would fall back to h11
    HttpToolsProtocol = None  # type: ignore[misc, assignment]


if HttpToolsProtocol is not None:
    # At module level (not built in a function) so that uvicorn's worker processes can unpickle it.

    class HttpToolsRefusals(_JsonRefusals, HttpToolsProtocol):  # type: ignore[misc, valid-type]
        """uvicorn's httptools protocol, counting the request target and headers as they arrive."""

        _header_bytes = 0

        def on_message_begin(self) -> None:
            """Start counting a new request."""
            super().on_message_begin()
            self._refused = None
            self._header_bytes = 0

        def on_url(self, url: bytes) -> None:
            """Take a piece of the request target; stop at the limit."""
            super().on_url(url)
            self._check(len(self.url), 0, 0)

        def on_header(self, name: bytes, value: bytes) -> None:
            """Take a header; stop at the limits."""
            self._header_bytes += len(name) + len(value)
            self._check(0, self._header_bytes, len(self.headers) + 1)
            super().on_header(name, value)

        def _check(self, url_bytes: int, header_bytes: int, headers: int) -> None:
            self._refused = refusal(url_bytes, header_bytes, headers)
            if self._refused is not None:
                # httptools turns it into a parser error, which uvicorn answers with send_400_response.
                raise _Oversized()


def protocol() -> type[asyncio.Protocol]:
    """The HTTP protocol class to give uvicorn: httptools' when installed (as uvicorn prefers), else h11's."""
    return HttpToolsRefusals if HttpToolsProtocol is not None else H11Refusals


def _options(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "log_level": "warning",
        **options,
        "http": protocol(),
        "h11_max_incomplete_event_size": H11_HEAD_LIMIT,
    }


def run(app: Any, *, host: str, port: int, **options: Any) -> None:
    """Run ``app`` (an app, or an import string with ``factory=True``) with uvicorn and the protocols above."""
    uvicorn.run(app, host=host, port=port, **_options(options))


def config(app: Any, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration ``run`` uses (for a server run in a thread, as the tests do)."""
    return uvicorn.Config(app, host=host, port=port, **_options(options))
