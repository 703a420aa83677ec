"""The ``newsgraph`` command: a thin layer over the library that turns errors into messages.

Each command lives in the module of the part it drives (``cli.analyze`` for analyze and demo,
``cli.eval`` for eval, ...) and is registered here, so adding a command touches one import and one
line of ``COMMANDS``. The imports are plain: a broken command module fails loudly, never vanishes.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import NewsgraphError
from .analyze import analyze_command, demo_command
from .batch import batch_command
from .db import (
    article_command,
    entities_command,
    events_command,
    export_command,
    failures_command,
    ingest_command,
    quotes_command,
    stats_command,
)
from .eval import eval_command
from .review import review_command
from .train import train_command
from .web import serve_command

# Every command, in the order ``newsgraph --help`` lists them.
COMMANDS: tuple[click.Command, ...] = (
    analyze_command,
    demo_command,
    eval_command,
    train_command,
    ingest_command,
    events_command,
    quotes_command,
    entities_command,
    article_command,
    stats_command,
    failures_command,
    export_command,
    batch_command,
    serve_command,
    review_command,
)


class FriendlyGroup(click.Group):
    """A click group that prints newsgraph's own errors as one line and exits 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except NewsgraphError as exc:
            click.echo(f"newsgraph: error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=FriendlyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def main() -> None:
    """newsgraph: who did what to whom, where, when, and who says so, from news articles."""


for _command in COMMANDS:
    main.add_command(_command)
