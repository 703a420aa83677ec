"""The ``newsgraph`` command: a thin layer over the library that turns errors into messages.

Each command lives in the module of the part it drives (``cli_analyze`` for analyze and demo,
``cli_eval`` for eval, ...) and is registered here by name, so adding a command touches one line.
"""

from __future__ import annotations

import importlib
import sys

import click

from . import __version__
from .errors import NewsgraphError

# (module, attribute) of every command; a module that is not there yet is skipped.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("newsgraph.cli_analyze", "analyze_command"),
    ("newsgraph.cli_analyze", "demo_command"),
    ("newsgraph.cli_eval", "eval_command"),
    ("newsgraph.cli_train", "train_command"),
    ("newsgraph.cli_db", "ingest_command"),
    ("newsgraph.cli_db", "events_command"),
    ("newsgraph.cli_db", "quotes_command"),
    ("newsgraph.cli_db", "entities_command"),
    ("newsgraph.cli_db", "article_command"),
    ("newsgraph.cli_db", "stats_command"),
    ("newsgraph.cli_db", "failures_command"),
    ("newsgraph.cli_db", "export_command"),
    ("newsgraph.cli_batch", "batch_command"),
    ("newsgraph.cli_web", "serve_command"),
    ("newsgraph.cli_review", "review_command"),
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


def _register() -> None:
    for module_name, attribute in COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        main.add_command(getattr(module, attribute))


_register()
