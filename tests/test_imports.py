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
