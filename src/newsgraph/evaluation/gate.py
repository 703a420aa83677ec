"""The quality gate's rules, shared by the CI tests and the command that pins new minimums.

A baseline file pins, for each scored gold file, its SHA-256 and the minimum of each metric:

    {"gold": {"items/test.jsonl": "<sha256>", ...},
     "minimums": {"events items/test.jsonl": {"triple_f1": 0.41, ...}, ...},
     "lowered": [{"check": ..., "metric": ..., "from": 0.45, "to": 0.41, "reason": "..."}]}

A missing or edited gold file fails the gate (its hash no longer matches); a score below its
minimum fails it; and a minimum may only go down with an entry in ``lowered`` that gives the reason
(``lowering_problems`` compares two versions of the baseline, as a commit would change it).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Float sums can land a hair under a score that was pinned exactly.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Check:
    """One scored pair: a task on a gold file (relative to the baseline's folder)."""

    task: str
    gold: str

    @property
    def key(self) -> str:
        """The check's name in the baseline: "TASK GOLD"."""
        return f"{self.task} {self.gold}"

    @classmethod
    def parse(cls, key: str) -> Check:
        """The check a baseline key names."""
        task, _, gold = key.partition(" ")
        return cls(task=task, gold=gold)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline file's contents."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def checks(baseline: dict[str, Any]) -> list[Check]:
    """The (task, gold file) pairs a baseline pins minimums for."""
    return [Check.parse(key) for key in baseline.get("minimums", {})]


def gold_problems(baseline: dict[str, Any], root: Path) -> list[str]:
    """One line per pinned gold file that is missing or whose bytes changed; a scored gold file
    without a pinned hash is a problem too, so a gold file cannot be swapped in unpinned."""
    problems = []
    pinned: dict[str, str] = baseline.get("gold", {})
    for check in checks(baseline):
        if check.gold not in pinned:
            problems.append(f"{check.gold}: scored by '{check.key}' but its hash is not pinned in 'gold'")
    for name, digest in sorted(pinned.items()):
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: pinned gold file is missing")
        elif sha256_of(path) != digest:
            problems.append(
                f"{name}: gold file changed (sha256 {sha256_of(path)[:12]}..., pinned {digest[:12]}...); "
                "if the change is a reviewed correction, rebuild the corpus and re-pin (docs/eval.md)"
            )
    return problems


def shortfalls(name: str, scores: dict[str, float], minimums: dict[str, float]) -> list[str]:
    """One line per pinned metric that is below its minimum or missing from the results."""
    problems = []
    for metric, minimum in minimums.items():
        if metric not in scores:
            problems.append(f"{name}.{metric}: not among the results ({', '.join(sorted(scores))})")
        elif scores[metric] + TOLERANCE < minimum:
            problems.append(f"{name}.{metric}: scored {scores[metric]:.4f}, minimum {minimum:.4f}")
    return problems


def lowering_problems(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Minimums that went down from ``old`` to ``new`` without a ``lowered`` entry in ``new`` that
    names the check, the metric, both values and a reason; and checks dropped altogether."""
    problems = []
    explained = {
        (entry.get("check"), entry.get("metric"), entry.get("to"))
        for entry in new.get("lowered", [])
        if isinstance(entry, dict) and str(entry.get("reason") or "").strip()
    }
    new_minimums: dict[str, dict[str, float]] = new.get("minimums", {})
    for key, minimums in old.get("minimums", {}).items():
        for metric, before in minimums.items():
            after = new_minimums.get(key, {}).get(metric)
            if after is None:
                if (key, metric, None) not in explained:
                    problems.append(f"{key}.{metric}: minimum {before} removed without a 'lowered' entry")
            elif after + TOLERANCE < before and (key, metric, after) not in explained:
                problems.append(
                    f"{key}.{metric}: minimum lowered {before} -> {after} without a 'lowered' entry giving the reason"
                )
    return problems


def pinned_minimum(score: float) -> float:
    """The minimum to pin for a measured score: rounded down to two decimals."""
    return math.floor(score * 100 + TOLERANCE) / 100
