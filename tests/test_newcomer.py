"""What a new user meets first: words instead of codes, exports without stray marks, Parquet tables
that read without a join, batch failures that name every file, dates not taken from a copyright
line, and README commands that find something on the demo database.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import REPO

from newsgraph.batch.tables import analysis_rows, to_table
from newsgraph.entities.registry import add_entity
from newsgraph.export import gdelt_rows
from newsgraph.humandates import describe_time, event_when
from newsgraph.model import Analysis, Article, Entity, Event, Failure, Place, Quote, TimeExpr
from newsgraph.names import display_name
from newsgraph.read import ReadOptions, read_paths
from newsgraph.read.html import choose_published
from newsgraph.render import summarize

# ---- TIMEX3 values in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "words"),
    [
        ("2020-01-11TMO", "TIME", "Saturday morning, 11 Jan 2020"),
        ("2020-01-13", "DATE", "Monday, 13 Jan 2020"),
        ("2023-09-13T15:00", "TIME", "Wednesday, 13 Sep 2023, 15:00"),
        ("FUTURE_REF", "DATE", "in the future"),
        ("PAST_REF", "DATE", "recently"),
        ("PRESENT_REF", "DATE", "now"),
        ("PXY", "DURATION", "some years"),
        ("PXDE", "DURATION", "some decades"),
        ("P2D", "DURATION", "2 days"),
        ("P18M", "DURATION", "18 months"),
        ("PT2H30M", "DURATION", "2 hours 30 minutes"),
        ("P1W", "SET", "every week"),
        ("XXXX-WXX-4", "SET", "every Thursday"),
        ("19", "DATE", "the 1900s"),
        ("199", "DATE", "the 1990s"),
        ("2024-04", "DATE", "April 2024"),
        ("2023-Q3", "DATE", "the third quarter of 2023"),
        ("2023-SU", "DATE", "summer 2023"),
        ("2020-W03", "DATE", "the week of 13 Jan 2020"),
        ("1950/1953", "DATE", "1950 to 1953"),
        ("XXXX-09-13", "DATE", "13 Sep, year unknown"),
    ],
)
def test_timex3_values_read_as_words(value: str, kind: str, words: str) -> None:
    assert describe_time(value, kind) == words


def test_a_value_the_rules_do_not_know_is_shown_as_it_is() -> None:
    assert describe_time("2021-02-30", "DATE") == "2021-02-30"  # no such day: not guessed at
    assert describe_time("odd", "DATE") == "odd"
    assert describe_time(None, "DATE") is None


def test_an_events_time_reads_after_a_verb() -> None:
    assert event_when("2020-01-11TMO") == "on Saturday morning, 11 Jan 2020"
    assert event_when("2020-01") == "in January 2020"
    assert event_when("19") == "in the 1900s"
    assert event_when("FUTURE_REF") == "in the future"
    assert event_when("PAST_REF") == "recently"


def _dated_analysis(value: str) -> Analysis:
    text = "Kim met Moon on Saturday morning. Analysts said it went well."
    return Analysis(
        article=Article(text=text, published="2020-01-13"),
        entities=[
            Entity(id="E1", name="Kim", type="PERSON", country="PRK", sector="GOV", mentions=[(0, 3)]),
            Entity(id="E2", name="Moon", type="PERSON", country="KOR", sector="GOV", mentions=[(8, 12)]),
        ],
        times=[TimeExpr(id="T1", span=(16, 32), type="TIME", value=value)],
        quotes=[Quote(id="Q1", span=(48, 60), kind="indirect", speaker_span=(34, 42), cue_span=(43, 47))],
        events=[
            Event(
                id="V1",
                type="CONSULT",
                quad=1,
                actor=["E1"],
                recipient=["E2"],
                time="T1",
                trigger_span=(4, 7),
            )
        ],
    )


@pytest.mark.parametrize(
    ("value", "shown", "code"),
    [
        ("2020-01-11TMO", "on Saturday morning, 11 Jan 2020", "TMO"),
        ("FUTURE_REF", "in the future", "FUTURE_REF"),
        ("PAST_REF", "recently", "PAST_REF"),
        ("19", "in the 1900s", "on 19"),
    ],
)
def test_the_text_summary_shows_times_in_words_not_codes(value: str, shown: str, code: str) -> None:
    summary = summarize(_dated_analysis(value))
    event_line = next(line for line in summary.splitlines() if "CONSULT" in line)
    assert shown in event_line
    assert code not in summary


def test_an_unresolved_speaker_is_the_phrase_that_names_it_without_a_code_word() -> None:
    summary = summarize(_dated_analysis("2020-01-11"))
    assert '  "Analysts" [said] (indirect): it went well' in summary.splitlines()
    assert "unresolved" not in summary


def test_a_dateline_place_says_where_it_comes_from() -> None:
    analysis = _dated_analysis("2020-01-11")
    analysis.places.append(Place(id="P1", name="Seoul", country="KOR", lat=37.5, lon=127.0))
    analysis.events[0].place, analysis.events[0].place_is_default = "P1", True
    assert "in Seoul (the dateline)" in summarize(analysis)
    assert "(default)" not in summarize(analysis)


# ---- exports and tables ------------------------------------------------------------------------


def _two_party_analysis(first_country: str | None, second_country: str | None) -> Analysis:
    text = "Police and protesters clashed with residents."
    return Analysis(
        article=Article(text=text, published="2024-05-01"),
        entities=[
            Entity(id="E1", name="Police", type="ORG", country=first_country, mentions=[(0, 6)]),
            Entity(id="E2", name="protesters", type="ORG", country=second_country, mentions=[(11, 21)]),
            Entity(id="E3", name="residents", type="ORG", mentions=[(35, 44)]),
        ],
        times=[TimeExpr(id="T1", span=(0, 0), type="DATE", value="2024-04-30")],
        places=[Place(id="P1", name="Lagos", country="NGA", lat=6.45, lon=3.4)],
        events=[
            Event(id="V1", type="ASSAULT", quad=4, actor=["E1", "E2"], recipient=["E3"], trigger_span=(22, 29),
                  sentence_span=(0, 45), time="T1", place="P1", said_by="E3")
        ],
    )  # fmt: skip


def test_gdelt_columns_without_any_code_are_empty_not_a_semicolon() -> None:
    (row,) = gdelt_rows(_two_party_analysis(None, None))
    assert row["Actor1Name"] == "Police; protesters"
    assert row["Actor1CountryCode"] == "" and row["Actor1Sector"] == ""
    assert row["Actor2CountryCode"] == ""


def test_gdelt_codes_of_a_compound_actor_stay_in_the_order_of_its_names() -> None:
    (row,) = gdelt_rows(_two_party_analysis(None, "NGA"))
    assert row["Actor1CountryCode"] == "; NGA"  # the second name's code is the second code


def test_parquet_events_and_quotes_carry_names_beside_their_ids() -> None:
    analysis = _two_party_analysis("NGA", None)
    analysis.quotes.append(Quote(id="Q1", span=(22, 44), kind="indirect", speaker="E1"))
    rows = analysis_rows(analysis)
    (event,) = to_table("events", rows["events"]).to_pylist()
    assert event["actor"] == ["E1", "E2"] and event["actor_names"] == ["Police", "protesters"]
    assert event["recipient_names"] == ["residents"] and event["said_by_name"] == "residents"
    assert (event["date"], event["time_value"]) == ("2024-04-30", "2024-04-30")
    assert (event["place_name"], event["place_country"]) == ("Lagos", "NGA")
    assert event["trigger_text"] == "clashed" and event["sentence"] == analysis.article.text
    (quote,) = to_table("quotes", rows["quotes"]).to_pylist()
    assert quote["speaker_name"] == "Police" and quote["text"] == "clashed with residents"
    assert to_table("events", rows["events"]).schema.field("actor_names").type == pa.list_(pa.string())


# ---- entity names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ('"United States', "United States"),
        ("\u201cTopics", "Topics"),
        ('Star Wars"', "Star Wars"),
        ("W]e", "We"),
        ("[W]e", "We"),
        ('"Star Wars"', '"Star Wars"'),  # a pair of quotes is part of the name
        ("Kurdistan Workers' Party", "Kurdistan Workers' Party"),
        ("Workers\u2019", "Workers\u2019"),  # a possessive's apostrophe stays
        ("(the writer)", "(the writer)"),
        ("St. John's", "St. John's"),
    ],
)
def test_entity_names_lose_unpaired_quotes_and_brackets(mention: str, name: str) -> None:
    assert display_name(mention) == name


def test_an_entity_added_from_a_mention_with_a_stray_quote_has_a_clean_name() -> None:
    text = 'The "United States embassy closed.'
    analysis = Analysis(article=Article(text=text))
    entity = add_entity(analysis, text[4:18], "GPE", (4, 18), country="USA")
    assert entity.name == "United States" and entity.mentions == [(4, 18)]


# ---- reading: skipped kinds, the copyright year ------------------------------------------------


def test_a_folders_file_of_another_kind_is_a_named_failure_for_a_batch(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("The council met on Monday and agreed to the plan.", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    notes: list[tuple[str, str]] = []
    items = list(read_paths([tmp_path], ReadOptions(on_note=lambda w, m: notes.append((w, m)))))
    assert [type(i).__name__ for i in items] == ["Article"]
    assert notes and "scan.pdf" in notes[0][1]  # analyze names it in its note
    items = list(read_paths([tmp_path], ReadOptions(skipped_as_failures=True)))
    (failure,) = [i for i in items if isinstance(i, Failure)]
    assert failure.where == str(tmp_path / "scan.pdf") and "'.pdf'" in failure.reason


def test_batch_records_files_of_other_kinds_in_its_failures(tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    from newsgraph.batch import run_batch

    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("The council met on Monday and agreed to the plan.", encoding="utf-8")
    (folder / "notes.md").write_text("# my notes", encoding="utf-8")
    said: list[str] = []
    report = run_batch(
        [str(folder)], tmp_path / "out", workers=1, progress=False, announce=said.append,
        pipeline_factory="batch_factories:sabotaged_pipeline",
    )  # fmt: skip
    assert (report.articles, report.failures) == (1, 1)
    failures = pq.read_table(tmp_path / "out" / "failures").to_pylist()
    assert [(f["where"], f["kind"]) for f in failures] == [(str(folder / "notes.md"), "UnreadableRecord")]
    assert "'.md'" in failures[0]["reason"]


COPYRIGHT_PAGE = b"""<!doctype html>
<html><head><title>Floods hit Valencia on 30 October 2024 | Harbor News</title>
<meta itemprop="copyrightYear" content="2019"></head><body>
<article><h1>Floods hit Valencia on 30 October 2024</h1>
<p>Flash floods swept through towns around Valencia, and the Spanish government sent soldiers to
help rescue residents trapped in their homes.</p>
<p>The regional president said the emergency services had worked through the night.</p>
</article><footer><p class="copyright">\xc2\xa9 2019 Harbor News</p></footer></body></html>
"""


def test_a_pages_date_is_not_its_copyright_year(tmp_path: Path) -> None:
    page = tmp_path / "floods.html"
    page.write_bytes(COPYRIGHT_PAGE)
    (article,) = list(read_paths([page]))
    assert article.published == "2024-10-30"


@pytest.mark.parametrize(
    ("found", "title", "url", "page", "expected"),
    [
        ("2019-01-01", "Floods, Oct. 30, 2024", None, b"&copy; 2019 News", "2024-10-30"),
        ("2019-01-01", "Floods", "https://x.org/2024/10/30/floods", b"(c) 2019", "2024-10-30"),
        ("2019-01-01", "Floods", "https://x.org/news/20241030-floods", b"Copyright 2015-2019", "2024-10-30"),
        ("2019-01-01", "Floods", None, b"\xc2\xa9 2019", None),  # nothing better: no date, not 2019
        ("2019-01-01", "New Year", None, b"no notice", "2019-01-01"),  # a real 1 January stays
        ("2024-10-29", "Floods", None, b"\xc2\xa9 2024", "2024-10-29"),
    ],
)
def test_the_publication_date_of_a_page(
    found: str, title: str, url: str | None, page: bytes, expected: str | None
) -> None:
    assert choose_published(found, title, url, page) == expected


# ---- the README's commands, on the demo database -----------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> str:
    import json
    from importlib import resources

    from newsgraph.store import open_store

    lines = resources.files("newsgraph").joinpath("data/demo/demo.jsonl").read_text(encoding="utf-8")
    articles = [json.loads(line) for line in lines.splitlines()]
    analyses = [
        pipeline.analyze(a["text"], title=a["title"], published=a["published"], url=a["url"])
        for a in articles
    ]
    path = str(tmp_path_factory.mktemp("demo") / "newsgraph.db")
    with open_store(path) as store:
        store.ingest(analyses)
    return path


def _readme_queries() -> list[list[str]]:
    """The query commands the README shows to run on the demo database."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for line in readme.splitlines():
        if not line.strip().startswith(".venv/bin/newsgraph "):
            continue
        words = shlex.split(line.strip(), comments=True)
        if words[:1] == [".venv/bin/newsgraph"] and words[1:2] and words[1] in ("events", "quotes"):
            commands.append(words[1:])
    return commands


def test_the_readme_shows_query_examples() -> None:
    assert len(_readme_queries()) >= 3


@pytest.mark.parametrize("command", _readme_queries(), ids=" ".join)
def test_each_readme_query_finds_something_on_the_demo_database(demo_db: str, command: list[str]) -> None:
    from newsgraph.cli import main

    result = CliRunner().invoke(main, [*command, "--db", demo_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.stdout)
    found = rows if isinstance(rows, list) else next(v for v in rows.values() if isinstance(v, list))
    assert found, f"{' '.join(command)} found nothing on the demo database"
