"""Every command and option of the CLI is documented in docs/cli.md (as datasette's docs tests do).

Commands are found by walking the click group, so a command another part adds later is held to the
same rule the moment it is registered.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from newsgraph import export
from newsgraph.cli import main
from newsgraph.model import Analysis, Article, Entity, Event, Place, Quote, TimeExpr, serialized_fields

CLI_DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(main, "newsgraph")


def _option_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            names.extend(
                n for n in [*param.opts, *param.secondary_opts] if n.startswith("--") and n != "--help"
            )
    return names


def _sections() -> dict[str, str]:
    """The text under each ``## newsgraph ...`` (or deeper) heading, keyed by the command path."""
    text = CLI_DOCS.read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    heading = re.compile(r"^#{2,4} +`?(newsgraph(?: [\w-]+)*)`?\s*$", re.MULTILINE)
    matches = list(heading.finditer(text))
    sections["newsgraph"] = text[: matches[0].start()] if matches else text
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        sections[match.group(1)] = text[match.end() : end]
    return sections


def test_there_are_commands_to_document() -> None:
    assert {"newsgraph analyze", "newsgraph demo"} <= {path for path, _ in COMMANDS}


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_has_a_section(path: str) -> None:
    assert path in _sections(), f"docs/cli.md has no '## {path}' section"


@pytest.mark.parametrize(
    ("path", "option"),
    [("newsgraph", name) for name in _option_names(main)]
    + [(path, name) for path, command in COMMANDS for name in _option_names(command)],
)
def test_every_option_is_documented_in_its_command_section(path: str, option: str) -> None:
    section = _sections().get(path, "")
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section), (
        f"docs/cli.md does not mention {option} in the section of '{path}'"
    )


FORMAT_DOCS = CLI_DOCS.parent / "format.md"
README = CLI_DOCS.parent.parent / "README.md"


@pytest.mark.parametrize(
    ("part", "name"),
    [
        (kind.__name__, f.name)
        for kind in (Article, Entity, Quote, TimeExpr, Place, Event, Analysis)
        for f in serialized_fields(kind)
    ],
)
def test_every_field_of_the_output_format_is_documented(part: str, name: str) -> None:
    assert f"`{name}`" in FORMAT_DOCS.read_text(encoding="utf-8"), f"docs/format.md lacks {part}.{name}"


def test_every_gdelt_column_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    assert [c for c in export.GDELT_COLUMNS if f"`{c}`" not in readme] == []
