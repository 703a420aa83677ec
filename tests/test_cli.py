"""The analyze and demo commands: formats, standard input, --out, failures on stderr, exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgraph import export
from newsgraph import pipeline as pipeline_module
from newsgraph.cli import main
from newsgraph.model import SCHEMA, Analysis, Article, Entity, Event, Quote
from newsgraph.output import make_writer
from newsgraph.pipeline import Pipeline

STORY = (
    "Prime Minister Anna Berg of Norway met President Lars Olsen of Denmark in Oslo on Monday. "
    '"We agreed to work together on the fishing dispute," Berg told reporters after the meeting.'
)
OTHER = "The two leaders said they would meet again in Copenhagen next month to sign a fishing agreement."
GERMAN = "Die Regierung hat am Montag beschlossen, die Gespräche mit den Nachbarländern fortzusetzen und neue Regeln zu prüfen."


@pytest.fixture
def run(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke ``newsgraph`` with the session's pipeline, so spaCy loads once for all tests."""
    monkeypatch.setitem(pipeline_module._DEFAULT_PIPELINES, pipeline.settings, pipeline)
    monkeypatch.delenv("NEWSGRAPH_MODEL", raising=False)
    monkeypatch.delenv("NEWSGRAPH_MAX_CHARS", raising=False)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def _files(tmp: Path, **texts: str) -> list[str]:
    paths = []
    for name, text in texts.items():
        path = tmp / name.replace("_", ".")
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_text_format_summarizes_each_article(run, tmp_path: Path) -> None:
    paths = _files(tmp_path, one_txt=STORY, two_txt=OTHER)
    result = run("analyze", *paths)
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line.startswith("== ")] == [
        f"== {paths[0]} (no date)",
        f"== {paths[1]} (no date)",
    ]


@pytest.mark.parametrize(("count", "shape"), [(1, dict), (2, list)])
def test_json_is_one_object_or_an_array(run, tmp_path: Path, count: int, shape: type) -> None:
    paths = _files(tmp_path, one_txt=STORY, two_txt=OTHER)[:count]
    result = run("analyze", *paths, "--format", "json", "--published", "2024-05-06")
    data = json.loads(result.stdout)
    assert isinstance(data, shape)
    objects = data if isinstance(data, list) else [data]
    assert [o["schema"] for o in objects] == [SCHEMA] * count
    assert [o["article"]["published"] for o in objects] == ["2024-05-06"] * count


def test_jsonl_is_one_object_per_line_in_input_order(run, tmp_path: Path) -> None:
    records = [{"id": "first", "text": STORY}, {"id": "second", "text": OTHER}]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run("analyze", str(path), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["external_id"] for line in lines] == ["first", "second"]
    assert [line["article"]["text"] for line in lines] == [STORY, OTHER]


@pytest.mark.parametrize(
    ("content", "expected_text"),
    [(json.dumps({"text": STORY}) + "\n", STORY), (STORY, STORY)],
    ids=["jsonl", "text"],
)
def test_standard_input(run, content: str, expected_text: str) -> None:
    result = run("analyze", "-", "--format", "jsonl", input=content)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["article"]["text"] == expected_text


def test_out_writes_the_file_and_not_stdout(run, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "result.jsonl"
    result = run("analyze", *_files(tmp_path, one_txt=STORY), "--format", "jsonl", "--out", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["article"]["text"] == STORY


def test_failures_go_to_stderr_one_line_each_and_the_batch_goes_on(run, tmp_path: Path) -> None:
    good = _files(tmp_path, good_txt=STORY)
    bad = _files(tmp_path, empty_txt="", german_txt=GERMAN)
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)))
    bad.append(str(tmp_path / "blob.txt"))
    result = run("analyze", bad[0], good[0], *bad[1:], "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    reported = [line for line in result.stderr.splitlines() if line.startswith(tuple(bad))]
    assert [line.split(": ")[0] for line in reported] == bad
    assert "English" in reported[1] and "binary" in reported[2]


def test_exit_status_is_1_when_nothing_could_be_analyzed(run, tmp_path: Path) -> None:
    result = run("analyze", *_files(tmp_path, empty_txt="", german_txt=GERMAN))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing could be analyzed" in result.stderr


def test_an_empty_directory_is_an_error(run, tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path))
    assert result.exit_code == 1 and "no articles found" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["analyze", "x.txt", "--format", "xml"],
        ["analyze", "x.txt", "--published", "13/09/2023"],
        ["analyze", "x.txt", "--max-chars", "0"],
    ],
    ids=["no-path", "bad-format", "bad-date", "bad-limit"],
)
def test_usage_errors_exit_2(run, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_max_chars_skips_long_articles(run, tmp_path: Path) -> None:
    paths = _files(tmp_path, short_txt="The talks ended.", long_txt=STORY)
    result = run("analyze", *paths, "--max-chars", "100", "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert paths[1] in result.stderr and "limit" in result.stderr


@pytest.mark.parametrize(("flag", "shown"), [("--progress", True), ("--no-progress", False)])
def test_progress_bar_on_stderr_when_asked(run, tmp_path: Path, flag: str, shown: bool) -> None:
    paths = _files(tmp_path, one_txt=STORY, two_txt=OTHER, three_txt=STORY + " " + OTHER)
    result = run("analyze", *paths, "--format", "jsonl", flag)
    assert len(result.stdout.splitlines()) == 3
    assert ("3 articles" in result.stderr) is shown


@pytest.mark.parametrize("explain", [False, True])
def test_explain_adds_event_evidence(run, tmp_path: Path, explain: bool) -> None:
    flags = ["--explain"] if explain else []
    result = run("analyze", *_files(tmp_path, one_txt=STORY), "--format", "json", *flags)
    for event in json.loads(result.stdout)["events"]:
        assert ("evidence" in event) is explain


@pytest.mark.parametrize("output_format", ["plover", "gdelt"])
def test_event_exports(run, tmp_path: Path, output_format: str) -> None:
    path = _files(tmp_path, one_txt=STORY)[0]
    analysis = Analysis.from_dict(json.loads(run("analyze", path, "--format", "json").stdout))
    result = run("analyze", path, "--format", output_format)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    if output_format == "plover":
        assert len(lines) == len(export.plover_records(analysis))
        assert all(isinstance(json.loads(line), dict) for line in lines)
    else:
        assert lines[0].split("\t") == list(export.GDELT_COLUMNS)
        assert len(lines) == 1 + len(export.gdelt_rows(analysis))


# --- rendering, on a hand-built analysis so the output does not depend on the stages ---------------


def _sample() -> Analysis:
    text = 'Norway accused Denmark of overfishing. "They broke the deal," Berg said.'
    return Analysis(
        article=Article(text=text, title="Fishing row", published="2024-05-06"),
        entities=[
            Entity(id="E1", name="Norway", type="GPE", country="NOR", mentions=[(0, 6)]),
            Entity(id="E2", name="Denmark", type="GPE", country="DNK", mentions=[(15, 22)]),
            Entity(
                id="E3", name="Anna Berg", type="PERSON", country="NOR", sector="GOV", mentions=[(62, 66)]
            ),
        ],
        quotes=[
            Quote(
                id="Q1", span=(40, 60), kind="direct", speaker="E3", speaker_span=(62, 66), cue_span=(67, 71)
            )
        ],
        events=[
            Event(
                id="V1",
                type="ACCUSE",
                actor=["E1"],
                recipient=["E2"],
                trigger_span=(7, 14),
                evidence=["verb 'accuse' in the ACCUSE lexicon"],
            )
        ],
    )


@pytest.mark.parametrize("explain", [False, True])
def test_text_rendering_of_codes_quotes_events_and_evidence(explain: bool) -> None:
    stream = io.StringIO()
    writer = make_writer("text", stream, explain=explain)
    writer.write(_sample())
    writer.close()
    out = stream.getvalue()
    assert "== Fishing row (2024-05-06)" in out
    assert "NOR/GOV" in out
    assert 'Anna Berg [said] (direct): "They broke the deal,"' in out
    assert 'Norway [NOR] ACCUSE Denmark [DNK] — "accused"' in out
    assert ("verb 'accuse' in the ACCUSE lexicon" in out) is explain


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_writer_output_is_valid_json_for_any_count(count: int) -> None:
    stream = io.StringIO()
    writer = make_writer("json", stream)
    for _ in range(count):
        writer.write(_sample())
    writer.close()
    if count == 0:
        assert stream.getvalue() == ""
        return
    data = json.loads(stream.getvalue())
    assert (len(data) if isinstance(data, list) else 1) == count


def test_demo_summarizes_the_bundled_corpus_writes_jsonl_and_stores_it(run, tmp_path: Path) -> None:
    from newsgraph.store import open_store

    target = tmp_path / "demo.jsonl"
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run("demo", "--out", str(target), "--db", db)
    assert result.exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 39
    assert all(json.loads(line)["schema"] == SCHEMA for line in lines)
    assert result.stdout.count("\n== ") + result.stdout.startswith("== ") == 39
    assert "Analyzed 39 articles" in result.stdout and str(target) in result.stdout
    assert "39 new article(s)" in result.stdout and "newsgraph serve" in result.stdout
    with open_store(db) as store:
        assert store.stats()["articles"] == 39
    again = run("demo", "--out", str(target), "--db", db)
    assert "0 new article(s), 39 already there" in again.stdout


@pytest.mark.parametrize("on_path", [True, False])
def test_the_demos_next_commands_are_spelled_as_they_work_from_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_path: bool
) -> None:
    """Regression: after `make demo` the "Try next" commands said `newsgraph ...`, which is not on
    PATH; they name the program as it was started when that name is not this program on PATH."""
    from newsgraph.cli.analyze import invocation

    program = tmp_path / ".venv" / "bin" / "newsgraph"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(program.parent) if on_path else "/nonexistent")
    assert invocation(str(program)) == ("newsgraph" if on_path else ".venv/bin/newsgraph")


# ---- the read commands open the database read-only ------------------------------------------------

READ_COMMANDS = [
    ["events"],
    ["events", "--reports", "--actor", "Biden"],
    ["quotes"],
    ["entities"],
    ["stats"],
    ["failures"],
    ["export", "--format", "csv"],
    ["article", "{article}"],
]


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f"{path.name}-"))


@pytest.mark.timeout(60)  # before the fix `serve` created the file and served it until stopped
@pytest.mark.parametrize("command", [*READ_COMMANDS, ["serve"]], ids=lambda c: " ".join(c))
def test_read_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    """Regression: `newsgraph stats --db typo.db` created an empty typo.db and answered zeros."""
    path = tmp_path / "typo.db"
    args = [part.format(article="0123456789ab") for part in command]
    result = CliRunner().invoke(main, [*args, "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert f"there is no database at {path}" in result.stderr
    assert f"newsgraph ingest --db {path}" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_commands_change_nothing_and_leave_nothing_beside_the_database(
    tmp_path: Path, command: list[str]
) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from store_corpus import make_analysis

    from newsgraph.store import open_store

    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.ingest([make_analysis(i) for i in range(3)])
        article = store.events(reports=True, limit=1)[0]["article"]
    before = path.read_bytes()
    result = CliRunner().invoke(main, [*(p.format(article=article) for p in command), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip()  # rows, or 'no failures match'
    assert _beside(path) == []
    assert path.read_bytes() == before
