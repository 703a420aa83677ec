"""Golden files: the whole output for a small article is pinned, so any change to it is seen.

When a change to a stage is meant to change the output, regenerate the files and review the diff:

    NEWSGRAPH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py

The README shows the text output of the same article; this test keeps it in step.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from conftest import REPO

from newsgraph.cli import main

EXAMPLE = REPO / "examples" / "harbor.txt"
GOLDEN = REPO / "tests" / "golden"
README_MARKER = (
    "<!-- example-output: regenerate with `.venv/bin/newsgraph analyze examples/harbor.txt` -->\n```\n"
)
UPDATE = os.environ.get("NEWSGRAPH_UPDATE_GOLDEN") == "1"


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLE.relative_to(REPO)), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the text output names the file as given, relative to the checkout


def test_json_output_matches_the_golden_file() -> None:
    produced = json.loads(_run("--format", "json", "--explain"))
    golden = GOLDEN / "harbor.json"
    if UPDATE:
        golden.write_text(json.dumps(produced, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert produced == json.loads(golden.read_text(encoding="utf-8"))


def test_readme_example_is_the_real_text_output() -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(README_MARKER) + len(README_MARKER)
    end = text.index("```", start)
    produced = _run()
    if UPDATE:
        readme.write_text(text[:start] + produced + text[end:], encoding="utf-8")
        text = readme.read_text(encoding="utf-8")
        end = text.index("```", start)
    assert text[start:end] == produced
