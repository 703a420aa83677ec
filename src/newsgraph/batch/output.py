"""The output folder of a batch: Parquet parts per table and month, and a record of finished tasks.

Layout (hive-style partitions, readable as one dataset by DuckDB, Spark, pandas or pyarrow)::

    OUT/articles/month=2023-09/part-<task>.parquet   (likewise entities, quotes, times, places, events)
    OUT/failures/part-<task>.parquet
    OUT/failures/part-empty.parquet                  no rows: the table exists when nothing failed
    OUT/_tasks/<task>.json                           the keys (article ids) the task finished
    OUT/_staging/<task>/...                          parts being written, moved into place on commit

A part counts only once its task's record exists. On opening, parts without a record (left by a
crash between the move and the record) and unfinished staging folders are removed, so a rerun
never sees half a task and rewrites it whole.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .tables import ALL_TABLES, to_table

TASKS_DIR = "_tasks"
STAGING_DIR = "_staging"
# A zero-row part that gives the failures table its columns from the start: a query on it after a
# clean run finds no rows instead of no table.
EMPTY_PART = "part-empty.parquet"


def staging_path(root: Path | str, task_id: str) -> Path:
    """The folder where a task writes its parts before they count."""
    return Path(root) / STAGING_DIR / task_id


def part_name(task_id: str) -> str:
    """The file name of a task's part in each table."""
    return f"part-{task_id}.parquet"


def write_parts(staging: Path, task_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write one task's rows as Parquet parts under ``staging`` (one file per table and month)."""
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        by_month: dict[str | None, list[dict[str, Any]]] = {}
        for row in table_rows:
            by_month.setdefault(row.get("month"), []).append(row)
        for month, month_rows in by_month.items():
            folder = staging / table / (f"month={month}" if month is not None else "")
            folder.mkdir(parents=True, exist_ok=True)
            written = to_table(table, month_rows)
            if month is not None:
                # The folder name carries the month (hive partitioning); a copy inside the file would
                # give readers such as DuckDB two columns of one name.
                written = written.drop_columns(["month"])
            pq.write_table(written, folder / part_name(task_id))


class BatchOutput:
    """An output folder: what is done, where a task stages its parts, and committing a task."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.tasks_dir = self.root / TASKS_DIR
        self.tasks_dir.mkdir(parents=True, exist_ok=True)
        self.done: set[str] = set()
        finished: set[str] = set()
        for record in self.tasks_dir.glob("*.json"):
            finished.add(record.stem)
            self.done.update(json.loads(record.read_text(encoding="utf-8"))["keys"])
        self._remove_unfinished(finished)
        failures = self.root / "failures"
        failures.mkdir(exist_ok=True)
        if not (failures / EMPTY_PART).exists():
            pq.write_table(to_table("failures", []), failures / EMPTY_PART)

    def _remove_unfinished(self, finished: set[str]) -> None:
        shutil.rmtree(self.root / STAGING_DIR, ignore_errors=True)
        for table in ALL_TABLES:
            for part in (self.root / table).rglob("part-*.parquet"):
                if part.name != EMPTY_PART and part.stem.removeprefix("part-") not in finished:
                    part.unlink()

    def commit(self, task_id: str, keys: Iterable[str]) -> None:
        """Move a task's staged parts into place, then record it as finished (the record is atomic)."""
        staging = staging_path(self.root, task_id)
        if staging.exists():
            for part in staging.rglob("*.parquet"):
                target = self.root / part.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, target)
            shutil.rmtree(staging, ignore_errors=True)
        keys = list(keys)
        record = self.tasks_dir / f"{task_id}.json"
        temporary = record.with_suffix(".tmp")
        temporary.write_text(json.dumps({"keys": keys}), encoding="utf-8")
        os.replace(temporary, record)
        self.done.update(keys)
