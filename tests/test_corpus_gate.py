"""The corpus gate: today's pipeline on the held-back test split of corpus/, against pinned minimums.

corpus/baseline.json pins each test-split gold file's SHA-256 and each metric's minimum. The gate fails
when a gold file is missing or edited, when a score falls below its minimum, and when a commit lowers a
minimum without logging why (checked over the baseline's git history where the clone has it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from newsgraph.evaluation import TASKS, evaluate
from newsgraph.evaluation.gate import (
    checks,
    gold_problems,
    load_baseline,
    lowering_problems,
    pinned_minimum,
    sha256_of,
    shortfalls,
)
from newsgraph.pipeline import Pipeline

CORPUS = REPO / "corpus"
BASELINE = CORPUS / "baseline.json"


def test_every_pinned_gold_file_is_present_and_unchanged() -> None:
    problems = gold_problems(load_baseline(BASELINE), CORPUS)
    assert not problems, "the corpus gate's gold files do not match corpus/baseline.json:\n" + "\n".join(
        problems
    )


def test_the_baseline_pins_the_test_split_of_every_layer() -> None:
    baseline = load_baseline(BASELINE)
    pinned = {(c.task, c.gold) for c in checks(baseline)}
    assert ("events", "items/test.jsonl") in pinned
    assert {task for task, gold in pinned if gold == "articles/test.jsonl"} == set(TASKS)
    for check in checks(baseline):
        assert check.gold.endswith("test.jsonl"), f"{check.key}: the gate scores the test split only"


@pytest.mark.parametrize("check", checks(load_baseline(BASELINE)), ids=lambda c: c.key)
def test_scores_on_the_test_split_reach_the_pinned_minimums(
    check: Any, request: pytest.FixtureRequest
) -> None:
    minimums = load_baseline(BASELINE)["minimums"][check.key]
    pipeline: Pipeline = request.getfixturevalue("pipeline")
    report = evaluate(check.task, CORPUS / check.gold, pipeline)
    print(f"\n{report.text()}")
    problems = shortfalls(check.key, report.metrics(), minimums)
    assert not problems, "below the corpus gate (corpus/baseline.json):\n" + "\n".join(problems)


@pytest.fixture
def pinned_copy(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """A copy of the pinned gold files with the real baseline's hashes, to tamper with."""
    baseline = load_baseline(BASELINE)
    for name in baseline["gold"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, tmp_path / name)
    return baseline, tmp_path


def _edit_line(path: Path, edit: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    if edit == "remove":
        del lines[middle]
    elif edit == "relabel":
        record = json.loads(lines[middle])
        record["events"] = [*record["events"], {"type": "ASSAULT", "actor": None, "recipient": None}]
        lines[middle] = json.dumps(record, ensure_ascii=False) + "\n"
    elif edit == "whitespace":
        lines[middle] = lines[middle].rstrip("\n") + " \n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("edit", ["remove", "relabel", "whitespace"])
def test_an_edited_or_removed_gold_line_fails_the_gate(
    pinned_copy: tuple[dict[str, Any], Path], edit: str
) -> None:
    baseline, root = pinned_copy
    assert gold_problems(baseline, root) == []
    _edit_line(root / "items" / "test.jsonl", edit)
    problems = gold_problems(baseline, root)
    assert len(problems) == 1 and problems[0].startswith("items/test.jsonl: gold file changed")


def test_a_missing_gold_file_fails_the_gate(pinned_copy: tuple[dict[str, Any], Path]) -> None:
    baseline, root = pinned_copy
    (root / "articles" / "test.jsonl").unlink()
    assert gold_problems(baseline, root) == ["articles/test.jsonl: pinned gold file is missing"]


def test_a_scored_file_without_a_pinned_hash_fails_the_gate(pinned_copy: tuple[dict[str, Any], Path]) -> None:
    baseline, root = pinned_copy
    unpinned = {**baseline, "gold": {k: v for k, v in baseline["gold"].items() if k != "items/test.jsonl"}}
    assert any("hash is not pinned" in p for p in gold_problems(unpinned, root))


@pytest.mark.parametrize(
    ("new_minimums", "lowered", "expected"),
    [
        ({"events x": {"f1": 0.5}}, [], []),
        ({"events x": {"f1": 0.6}}, [], []),
        ({"events x": {"f1": 0.4}}, [], ["events x.f1: minimum lowered 0.5 -> 0.4 without a 'lowered' entry giving the reason"]),
        ({"events x": {"f1": 0.4}}, [{"check": "events x", "metric": "f1", "to": 0.4, "reason": ""}], ["events x.f1: minimum lowered 0.5 -> 0.4 without a 'lowered' entry giving the reason"]),
        ({"events x": {"f1": 0.4}}, [{"check": "events x", "metric": "f1", "to": 0.4, "reason": "gold corrected"}], []),
        ({}, [], ["events x.f1: minimum 0.5 removed without a 'lowered' entry"]),
    ],
)  # fmt: skip
def test_a_minimum_goes_down_only_with_a_logged_reason(
    new_minimums: dict[str, Any], lowered: list[dict[str, Any]], expected: list[str]
) -> None:
    old = {"minimums": {"events x": {"f1": 0.5}}}
    assert lowering_problems(old, {"minimums": new_minimums, "lowered": lowered}) == expected


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


def test_no_commit_lowered_a_minimum_silently() -> None:
    """Every change of corpus/baseline.json in this clone's history explains any minimum it lowers."""
    try:
        commits = _git("log", "--format=%H", "--", "corpus/baseline.json").split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here to check the baseline's changes against")
    versions = []
    for commit in reversed(commits):
        try:
            versions.append((commit, json.loads(_git("show", f"{commit}:corpus/baseline.json"))))
        except (subprocess.CalledProcessError, json.JSONDecodeError):
            continue  # the commit that deleted it, or a file that was not JSON then
    versions.append(("working tree", load_baseline(BASELINE)))
    problems = [
        f"{commit[:12]}: {problem}"
        for (_, old), (commit, new) in pairwise(versions)
        for problem in lowering_problems(old, new)
    ]
    # A lowering logged in the baseline must also be explained where a reviewer reads it: the commit.
    for (_, old), (commit, new) in pairwise(versions):
        if commit == "working tree":
            continue
        message = _git("log", "-1", "--format=%B", commit)
        for entry in new.get("lowered", [])[len(old.get("lowered", [])) :]:
            if str(entry.get("reason", "")) not in message:
                problems.append(f"{commit[:12]}: lowers {entry.get('check')}.{entry.get('metric')} but its commit "
                                f"message does not give the reason logged ({entry.get('reason')!r})")  # fmt: skip
    assert not problems, "\n".join(problems)


def test_pinned_minimums_are_scores_rounded_down() -> None:
    assert pinned_minimum(0.4299999) == 0.42
    assert pinned_minimum(0.43) == 0.43
    assert pinned_minimum(1.0) == 1.0
    for minimums in load_baseline(BASELINE)["minimums"].values():
        assert all(0.0 <= v <= 1.0 and round(v, 2) == v for v in minimums.values())


def test_pinned_hashes_are_of_the_files_the_build_writes() -> None:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, digest in load_baseline(BASELINE)["gold"].items():
        assert manifest["sha256"][name] == digest == sha256_of(CORPUS / name)
