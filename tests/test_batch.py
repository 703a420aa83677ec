"""Batch runs: same results as analyze, resumable, and robust to articles that crash or hang."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_factories import CRASH_MARK, HANG_MARK

from newsgraph.batch import read_batch_output, run_batch
from newsgraph.batch.output import BatchOutput
from newsgraph.model import Article
from newsgraph.pipeline import Pipeline

SABOTAGED = "batch_factories:sabotaged_pipeline"


def _demo_articles(count: int) -> list[Article]:
    lines = resources.files("newsgraph").joinpath("data/demo/demo.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines()[:count]]
    return [
        Article(text=r["text"], title=r["title"], published=r["published"], url=r["url"], external_id=r["id"])
        for r in records
    ]


def _plain_articles(count: int) -> list[Article]:
    return [
        Article(
            text=f"Article number {i}. The council met on Monday and agreed to the plan.", external_id=f"a{i}"
        )
        for i in range(count)
    ]


@pytest.fixture
def tests_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let spawned workers import batch_factories."""
    here = str(Path(__file__).parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_batch_output_equals_single_process_analyze(engine: str, tmp_path: Path, pipeline: Pipeline) -> None:
    articles = _demo_articles(4)
    report = run_batch([], tmp_path, items=articles, engine=engine, workers=2, task_size=2, progress=False)
    assert (report.articles, report.failures) == (4, 0)
    analyses, failures = read_batch_output(tmp_path)
    expected = {a.id: pipeline.analyze_article(a) for a in articles}
    assert failures == []
    assert {a.article.id: a for a in analyses} == expected
    # partitioned by publication month, as the issue asks
    months = {p.name for p in (tmp_path / "articles").iterdir()}
    assert months == {f"month={a.published[:7]}" for a in articles if a.published}
    # Regression: after a clean run there was no failures table, so a query on it errored.
    failures_table = pq.read_table(tmp_path / "failures")
    assert failures_table.num_rows == 0 and set(failures_table.column_names) >= {"where", "kind", "reason"}


def test_rerun_skips_what_is_done_and_writes_nothing_twice(tmp_path: Path, tests_on_path: None) -> None:
    articles = _plain_articles(5)
    first = run_batch(
        [], tmp_path, items=articles[:3], workers=1, task_size=2, progress=False, pipeline_factory=SABOTAGED
    )
    second = run_batch(
        [], tmp_path, items=articles, workers=1, task_size=2, progress=False, pipeline_factory=SABOTAGED
    )
    assert (first.articles, second.articles, second.skipped) == (3, 2, 3)
    analyses, _ = read_batch_output(tmp_path)
    assert sorted(a.article.external_id or "" for a in analyses) == [f"a{i}" for i in range(5)]


def test_repeated_text_in_one_run_is_analyzed_once(tmp_path: Path, tests_on_path: None) -> None:
    article = _plain_articles(1)[0]
    report = run_batch(
        [], tmp_path, items=[article, article], workers=1, progress=False, pipeline_factory=SABOTAGED
    )
    assert report.articles == 1


# The hang case needs a short article timeout to finish soon, yet one long enough that an innocent
# task never reaches it on a loaded CI machine.
@pytest.mark.parametrize(("mark", "timeout"), [(CRASH_MARK, 60.0), (HANG_MARK, 8.0)], ids=["crash", "hang"])
def test_poison_article_is_recorded_and_the_rest_go_on(
    tmp_path: Path, tests_on_path: None, mark: str, timeout: float
) -> None:
    articles = _plain_articles(4)
    poison = Article(text=f"A poisoned article. {mark}", external_id="poison")
    told: list[str] = []
    report = run_batch(
        [],
        tmp_path,
        items=[*articles[:2], poison, *articles[2:]],
        workers=2,
        task_size=3,
        max_tries=2,
        article_timeout=timeout,
        progress=False,
        pipeline_factory=SABOTAGED,
        announce=told.append,
    )
    # Regression: a killed worker was retried without a word; every retry is told as it happens.
    crashes = [line for line in told if "a worker died" in line]
    assert len(crashes) == report.retries >= 2
    assert "retrying the task" in crashes[0] and "recording the article as failed" in crashes[-1]
    analyses, failures = read_batch_output(tmp_path)
    assert sorted(a.article.external_id or "" for a in analyses) == ["a0", "a1", "a2", "a3"]
    assert [(f.where, f.kind) for f in failures] == [("poison", "Poison")]
    assert report.poison == 1 and report.retries >= 2
    # the poison is done too: a rerun does not try it again
    again = run_batch([], tmp_path, items=[poison], workers=1, progress=False, pipeline_factory=SABOTAGED)
    assert (again.skipped, again.failures) == (1, 0)
    # ... and starts no worker for it: a no-op rerun took ~10 s loading models it did not need.
    assert again.startup_seconds == 0.0


def test_reader_failures_land_in_the_failures_table(tmp_path: Path, tests_on_path: None) -> None:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        '{"text": "The council met on Monday and agreed to the plan in full."}\n{"text": \n', encoding="utf-8"
    )
    report = run_batch([str(inputs)], tmp_path / "out", workers=1, progress=False, pipeline_factory=SABOTAGED)
    _, failures = read_batch_output(tmp_path / "out")
    assert report.articles == 1
    assert [f.where for f in failures] == [f"{inputs}:2"]


def test_parts_of_an_unfinished_task_are_removed_on_reopen(tmp_path: Path) -> None:
    orphan = tmp_path / "articles" / "month=2023-09" / "part-deadbeef.parquet"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"half-written")
    (tmp_path / "_staging" / "x").mkdir(parents=True)
    BatchOutput(tmp_path)
    assert not orphan.exists() and not (tmp_path / "_staging").exists()


def test_batch_output_loads_into_the_database(tmp_path: Path, tests_on_path: None) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import main
    from newsgraph.store import open_store

    articles = _plain_articles(3)
    out = tmp_path / "out"
    run_batch([], out, items=articles, workers=1, progress=False, pipeline_factory=SABOTAGED)
    db = f"sqlite:///{tmp_path / 'graph.db'}"
    runner = CliRunner()
    for _ in range(2):  # loading twice stores each article once
        result = runner.invoke(main, ["ingest", "--from-parquet", str(out), "--db", db, "--format", "json"])
        assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert store.stats()["articles"] == 3


def test_a_worker_that_cannot_start_stops_the_batch_with_the_reason(
    tmp_path: Path, tests_on_path: None
) -> None:
    import multiprocessing

    from newsgraph.errors import NewsgraphError

    with pytest.raises(NewsgraphError, match="en_imaginary_model"):
        run_batch(
            [],
            tmp_path,
            items=_plain_articles(2),
            workers=2,
            progress=False,
            pipeline_factory="batch_factories:broken_pipeline",
        )
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.jsonl": '{"text": "x"}\n{"text": "y"}\n{"text": "z"}'}, 3),  # no newline at the end
        ({"a.csv": "text\nx\ny\n", "b.txt": "x", "c.html": "<p>x</p>"}, 4),
        # notes.md is one failure the batch records, so it counts; hidden folders are passed over
        ({"sub/a.jsonl": '{"text": "x"}\n', ".hidden/b.jsonl": '{"text": "y"}\n', "notes.md": "x"}, 2),
        ({"a.jsonl": '{"text": "x"}\n', "crawl.warc.gz": ""}, None),  # a WARC holds an unknown number
        ({"a.json": "[]"}, None),
    ],
    ids=["jsonl", "csv-text-html", "folder-skips-hidden-and-other", "warc-unknown", "json-unknown"],
)
def test_inputs_are_counted_for_the_progress_bar(
    tmp_path: Path, files: dict[str, str], expected: int | None
) -> None:
    from newsgraph.batch.inputs import count_articles

    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert count_articles([tmp_path]) == expected
