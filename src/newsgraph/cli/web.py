"""``newsgraph serve``: the web API and the offline UI over a database (see docs/web.md)."""

from __future__ import annotations

import click

from .db import db_option


@click.command("serve")
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default answers this machine only.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--token",
    metavar="TOKEN",
    envvar="NEWSGRAPH_TOKEN",
    help="Enable POST /analyze and POST /articles for requests sending 'Authorization: Bearer TOKEN' "
    "[env NEWSGRAPH_TOKEN; default: writing disabled].",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    metavar="NAME",
    multiple=True,
    help="Also answer requests whose Host is NAME (repeatable); loopback names and --host are always allowed.",
)
def serve_command(
    db: str | None, host: str, port: int, token: str | None, allow_hosts: tuple[str, ...]
) -> None:
    """Serve the HTTP API (/api/..., /openapi.json) and the web UI (/) over a database.

    Without --token nothing can be written, so the database is opened read-only: it must exist.
    """
    from ..web import create_app
    from ..web.hosts import LOOPBACK_HOSTS
    from ..web.serving import run

    # A server bound to all addresses is reached by the names given with --allow-host only.
    bound = () if host in ("0.0.0.0", "::") else (host,)
    app = create_app(db, token=token, allowed_hosts=(*LOOPBACK_HOSTS, *bound, *allow_hosts))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"newsgraph: warning: listening on {host}: other machines can reach this server", err=True)
    click.echo(
        f"newsgraph: serving {app.state.store.where} at http://{host}:{port}/ (Ctrl+C stops)", err=True
    )
    # newsgraph's protocol classes: what uvicorn's parser refuses is answered in the API's error shape.
    run(app, host=host, port=port)
