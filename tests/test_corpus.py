"""The labelled corpus: its worksheets build into exactly the committed gold, and its tools check labels.

The worksheets in corpus/labels/ are the labellers' source of truth; corpus/tools/build.py turns them
into the newsgraph.gold/1 files the gate scores. These tests hold the two together and test the anchor
resolver that every span goes through.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SHARED

from newsgraph.evaluation import read_gold

CORPUS = REPO / "corpus"
sys.path.insert(0, str(CORPUS / "tools"))

import build  # noqa: E402
import labels  # noqa: E402

TEXT = "Kim met Putin. Kim said he would return, and he did. Putin praised him."


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("met Putin", (4, 13)),
        ("[[Putin]] praised", (53, 58)),
        (["Kim", 2], (15, 18)),
        ("Kim [[said]]", (19, 23)),
        ("praised [[him]].", (67, 70)),
    ],
)
def test_an_anchor_names_one_span(anchor: Any, expected: tuple[int, int]) -> None:
    assert labels.resolve(TEXT, anchor) == expected


@pytest.mark.parametrize(
    ("anchor", "message"),
    [
        ("Kim", "occurs 2 times"),
        ("Medvedev", "is not in the text"),
        (["Kim", 3], "not a #3"),
        ("[[Putin praised", "mark the target"),
        ("", "is not an anchor"),
    ],
)
def test_an_anchor_that_names_no_span_or_several_says_how_to_fix_it(anchor: Any, message: str) -> None:
    with pytest.raises(labels.LabelError, match=message):
        labels.resolve(TEXT, anchor)


def test_event_arguments_are_lenient_and_take_the_first_occurrence() -> None:
    assert labels.resolve(TEXT, "Kim", strict=False) == (0, 3)


def _record(sheet: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    source = {"id": "doc", "text": TEXT, "published": "2024-05-01"}
    return labels.build_record(source, sheet, "sheet")


def test_a_worksheet_becomes_gold_with_offsets() -> None:
    gold, problems = _record(
        {
            "entities": [
                {"id": "e1", "name": "Kim Jong Un", "type": "PERSON", "country": "PRK", "sector": "GOV",
                 "mentions": [["Kim", 1], ["Kim", 2], "[[he]] would"]},
                {"id": "e2", "name": "Vladimir Putin", "type": "PERSON", "country": "RUS", "sector": "GOV",
                 "mentions": ["met [[Putin]]", "[[Putin]] praised"]},
            ],
            "quotes": [{"content": "he would return", "kind": "indirect", "speaker": ["Kim", 2],
                        "cue": "Kim [[said]]", "speaker_entity": "e1"}],
            "events": [{"type": "CONSULT", "actor": "Kim", "recipient": "Putin", "trigger": "[[met]] Putin"},
                       {"type": "SUPPORT", "actor": "Putin", "recipient": "Kim", "trigger": "praised"}],
        }
    )  # fmt: skip
    assert problems == []
    assert [(m["span"], m["form"], m["link"]) for m in gold["entities"]][:3] == [
        ([0, 3], "name", "doc#e1"),
        ([8, 13], "name", "doc#e2"),
        ([15, 18], "name", "doc#e1"),
    ]
    assert {"span": [24, 39], "kind": "indirect", "speaker": "Kim", "speaker_span": [15, 18]}.items() <= gold[
        "quotes"
    ][0].items()
    assert gold["events"][0]["actor_span"] == [0, 3] and gold["events"][0]["trigger_span"] == [4, 7]


@pytest.mark.parametrize(
    ("sheet", "problem"),
    [
        ({"events": [{"type": "ATTACK"}]}, "events[0].type: 'ATTACK' is not one of"),
        ({"events": [{"type": "ASSAULT", "mode": "visit"}]}, "events[0].mode: 'visit' is not one of"),
        ({"events": [{"type": "ASSAULT", "context": ["war"]}]}, "events[0].context: 'war' is not one of"),
        ({"events": [{"type": "ASSAULT", "negated": "yes"}]}, "events[0].negated: 'yes' must be true or false"),
        ({}, "events: every worksheet labels events"),
        ({"events": [], "times": [{"at": "Putin", "type": "DATE", "value": "May"}]}, "is not a TIMEX3 value"),
        ({"events": [], "entities": [{"id": "e1", "type": "PERSON", "mentions": ["Kim"]}]}, "occurs 2 times"),
        ({"events": [], "quotes": [{"content": "Kim met", "kind": "direct", "speaker_entity": "e9"}]},
         "'e9' is not an entity id"),
    ],
)  # fmt: skip
def test_a_worksheet_problem_names_its_field(sheet: dict[str, Any], problem: str) -> None:
    _, problems = _record(sheet)
    assert any(problem in p for p in problems), problems


needs_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not beside the clone"
)


@needs_shared
def test_the_worksheets_build_into_exactly_the_committed_gold(tmp_path: Path) -> None:
    assert build.build(tmp_path) == 0
    committed = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((tmp_path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert rebuilt == committed, (
        "corpus/ is out of date with its worksheets: run .venv/bin/python corpus/tools/build.py"
    )


@pytest.mark.parametrize("part", ["items", "articles"])
@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_every_gold_file_reads_and_keeps_its_source_ids(part: str, split: str) -> None:
    docs = read_gold(CORPUS / part / f"{split}.jsonl")
    selection = json.loads((CORPUS / "selection.json").read_text(encoding="utf-8"))[part]
    assert docs and all(selection[d.id]["split"] == split for d in docs)
    prefix = "cep-" if part == "items" else "wikinews-"
    assert all(d.id.startswith(prefix) and d.events is not None for d in docs)
    if part == "articles":
        assert all(d.entities is not None and d.quotes is not None and d.times is not None for d in docs)


def test_the_splits_are_by_day_for_items() -> None:
    selection = json.loads((CORPUS / "selection.json").read_text(encoding="utf-8"))["items"]
    split_of_day: dict[str, set[str]] = {}
    for item_id, info in selection.items():
        split_of_day.setdefault(item_id[4:14], set()).add(info["split"])
    assert all(len(splits) == 1 for splits in split_of_day.values())


@pytest.mark.parametrize(
    ("words", "form"),
    [("he", "pronoun"), ("I", "pronoun"), ("Their", "pronoun"), ("US", "name"), ("U.S.", "name"),
     ("Kim Jong Un", "name"), ("the North Korean leader", "nominal"), ("a gunman", "nominal")],
)  # fmt: skip
def test_a_mentions_form_is_guessed_from_its_words(words: str, form: str) -> None:
    """Regression: "US" was taken for the pronoun "us"."""
    assert labels.guess_form(words) == form


def test_a_mention_keeps_its_own_type_inside_an_entity_of_another() -> None:
    """Regression: {"at": "Russian", "type": "NORP"} came out typed as its entity (PLACE)."""
    source = {"id": "doc", "text": "Russia said Russian troops left.", "published": "2024-05-01"}
    sheet = {"events": [], "entities": [{"id": "e1", "type": "PLACE", "country": "RUS",
             "mentions": ["[[Russia]] said", {"at": "Russian", "type": "NORP"}]}]}  # fmt: skip
    gold, problems = labels.build_record(source, sheet, "sheet")
    assert problems == []
    assert [(m["span"], m["type"], m["link"]) for m in gold["entities"]] == [
        ([0, 6], "PLACE", "doc#e1"),
        ([12, 19], "NORP", "doc#e1"),
    ]
