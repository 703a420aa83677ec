"""The rules' word lists are data: every list loads, is read by the constant it names, and a broken
file is a LexiconError that says where."""

from __future__ import annotations

import importlib
import json
from importlib import resources
from pathlib import Path

import pytest

from newsgraph import wordlists
from newsgraph.errors import LexiconError

GROUPS = sorted(p.stem for p in Path(str(resources.files("newsgraph") / "data" / "words")).glob("*.json"))


def _entries(group: str) -> dict[str, dict[str, object]]:
    path = Path(str(resources.files("newsgraph"))) / wordlists.word_list_path(group)
    data: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry for name, entry in data.items() if not name.startswith("_")}


@pytest.mark.parametrize("group", GROUPS)
def test_every_list_says_what_it_is_for_and_is_read_by_its_constant(group: str) -> None:
    entries = _entries(group)
    assert entries
    for name, entry in entries.items():
        assert str(entry["about"]).strip(), f"{group}.{name} needs an 'about'"
        words = entry["words"]
        assert isinstance(words, list) and len(set(words)) == len(words), f"{group}.{name} repeats a word"
        assert all(w == w.lower() for w in words), f"{group}.{name}: words are lower case"
        module, _, constant = str(entry["used_by"]).rpartition(".")
        assert constant.lower() == name
        assert getattr(importlib.import_module(module), constant) == frozenset(words)


def test_docs_rules_names_every_group() -> None:
    rules = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"data/words/{group}.json" in rules for group in GROUPS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"a_list": {"about": "x", "words": "say"}}', "list 'a_list' needs"),
        ('{"a_list": {"about": "x", "words": ["say", ""]}}', "list 'a_list' needs"),
        ('["say"]', "not a JSON object"),
    ],
)
def test_a_broken_file_is_a_lexicon_error_that_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    (tmp_path / "data" / "words").mkdir(parents=True)
    (tmp_path / "data" / "words" / "broken.json").write_text(content, encoding="utf-8")
    monkeypatch.setattr(wordlists.resources, "files", lambda _package: tmp_path)
    wordlists.word_lists.cache_clear()
    try:
        with pytest.raises(LexiconError, match=message) as caught:
            wordlists.word_list("broken", "a_list")
        assert "data/words/broken.json" in str(caught.value)
    finally:
        wordlists.word_lists.cache_clear()


def test_a_missing_list_names_the_lists_there_are() -> None:
    with pytest.raises(LexiconError, match=r"no list 'nothing_here'.*alleging_lemmas"):
        wordlists.word_list("events", "nothing_here")
