"""Score the pipeline on every development set in ../shared/eval/dev and print a summary.

    .venv/bin/python benchmarks/eval_dev.py                 # all sets, summary table
    .venv/bin/python benchmarks/eval_dev.py --task quotes   # one task (repeatable)
    .venv/bin/python benchmarks/eval_dev.py --limit 20 --tables --json /tmp/eval/dev.json

The same scoring as ``newsgraph eval TASK FILE`` (one spaCy load for all sets). The dev sets are for
measuring and tuning only; they stay outside the repository.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from spacy.language import Language

from newsgraph.evaluation import HEADLINE_METRICS, TASKS, evaluate
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline, Stage
from newsgraph.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DEV_DIR = REPO.parent / "shared" / "eval" / "dev"
# (task, file) of each development set; the quotes training set is for learning cues, not measuring.
DEV_SETS: tuple[tuple[str, str], ...] = (
    ("quotes", "quotes-polnear-dev.jsonl"),
    ("entities", "entities-gum-dev.jsonl"),
    ("events", "events-plv-train.jsonl"),
    ("events", "events-plover-gsr.jsonl"),
    ("times", "times-timebank.jsonl"),
    ("places", "places-lgl.jsonl"),
)


def available_stages(nlp: Language) -> list[Stage]:
    """The default stages that can be built now, skipping (and naming) any that cannot.

    For measuring while stages are being written; the package itself always builds them all.
    """
    stages: list[Stage] = []
    for module_name, class_name in DEFAULT_STAGES:
        try:
            stages.append(getattr(importlib.import_module(module_name), class_name)(nlp))
        except (ImportError, AttributeError) as exc:
            print(f"skipping stage {module_name}.{class_name}: {exc}", file=sys.stderr)
    return stages


def main() -> int:
    """Run the chosen dev sets and print one summary line per set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dev-dir", type=Path, default=DEV_DIR, help=f"where the dev sets are (default {DEV_DIR})"
    )
    parser.add_argument("--task", action="append", choices=list(TASKS), help="only this task (repeatable)")
    parser.add_argument(
        "--limit", type=int, default=None, help="score only the first N documents of each set"
    )
    parser.add_argument("--model", default=None, help="the spaCy pipeline to use")
    parser.add_argument("--tables", action="store_true", help="also print each set's full table")
    parser.add_argument(
        "--skip-missing-stages", action="store_true", help="run without the stages that cannot be built yet"
    )
    parser.add_argument("--json", type=Path, default=None, help="write every report as JSON to this file")
    args = parser.parse_args()
    if not args.dev_dir.is_dir():
        print(f"no dev sets at {args.dev_dir}; give --dev-dir", file=sys.stderr)
        return 2

    stages = available_stages if args.skip_missing_stages else None
    pipeline = Pipeline(Settings.from_env(model=args.model), stages=stages)
    reports = []
    for task, name in DEV_SETS:
        path = args.dev_dir / name
        if (args.task and task not in args.task) or not path.exists():
            continue
        started = time.perf_counter()
        report = evaluate(task, path, pipeline, limit=args.limit)
        seconds = time.perf_counter() - started
        reports.append(report.to_dict())
        if args.tables:
            print(report.text(), end="\n\n", flush=True)
        metrics = report.metrics()
        scores = "  ".join(f"{m} {metrics.get(m, 0.0):.3f}" for m in HEADLINE_METRICS[task])
        line = f"{name:28} {report.scores.to_dict()['documents']:5d} docs  {len(report.failures):3d} failed  {seconds:6.1f}s  {scores}"
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
