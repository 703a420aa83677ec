"""Answer only for the host names the server was started for: a defence against DNS rebinding.

A page on another origin can make a browser send requests to 127.0.0.1 under a name of its own
choosing (DNS rebinding); the browser then lets that page read the answers. Refusing any ``Host``
the server was not started for closes that door. Loopback names are allowed by default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import Messages
from .headers import SECURITY_HEADER_PAIRS

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The name in a Host header, without its port, lowercased ("[::1]:8000" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class AllowedHosts:
    """ASGI layer that answers 400 in the API's error shape for a Host outside ``hosts``."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(host_name(h) for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass allowed requests (and lifespan events) on; refuse the others."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if host_name(given) in self.hosts:
            await self.app(scope, receive, send)
            return
        message = Messages.WEB_HOST_NOT_ALLOWED.format(
            host=given[:100], allowed=", ".join(sorted(self.hosts))
        )
        body = json.dumps({"error": {"status": 400, "code": "host_not_allowed", "message": message}}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send(
            {"type": "http.response.start", "status": 400, "headers": [*headers, *SECURITY_HEADER_PAIRS]}
        )
        await send({"type": "http.response.body", "body": body})
