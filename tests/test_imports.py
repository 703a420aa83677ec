"""Each module that other stages build on imports on its own, first, in a fresh interpreter.

A cycle between stages shows only when a module is the first one imported (the merge of the quotes
model made ``import newsgraph.learning`` fail: learning -> events -> entities -> quotes -> learning),
so every such entry point is tried in a process of its own.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

ENTRY_MODULES = [
    "newsgraph.learning",
    "newsgraph.events.learned",
    "newsgraph.quotes",
    "newsgraph.entities",
    "newsgraph.places",
    "newsgraph.events",
    "newsgraph.store",
    "newsgraph.cli",
]


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _relative_imports() -> list[tuple[str, str]]:
    """(file, resolved module) for every relative import anywhere in the package, inside
    functions too."""
    import ast
    from pathlib import Path

    import newsgraph

    root = Path(newsgraph.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        package = ["newsgraph", *path.parent.relative_to(root).parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
                found.append((str(path.relative_to(root)), module))
    return found


def test_every_relative_import_names_a_module_that_exists() -> None:
    # Imports inside functions run only when the function does: a file moved into a package (cli_db.py
    # -> cli/db.py) kept "from .store.review import ..." lines that failed at the first `events` call.
    import importlib.util

    def exists(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # a parent package that does not exist
            return False

    missing = [f"{file}: {module}" for file, module in _relative_imports() if not exists(module)]
    assert missing == []
