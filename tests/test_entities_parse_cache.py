"""The parse cache behind ``NEWSGRAPH_PARSE_CACHE``: a second run over the same texts parses nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.evaluation.parse_cache import parse_texts


class CountingNlp:
    """A blank English pipeline that counts the texts it parses."""

    def __init__(self) -> None:
        self.inner: Language = spacy.blank("en")
        self.vocab = self.inner.vocab
        self.meta = self.inner.meta
        self.parsed = 0

    def pipe(self, texts: Iterable[str]) -> Iterable[Doc]:
        for text in texts:
            self.parsed += 1
            yield self.inner(text)


def test_second_run_reads_every_parse_from_the_cache(tmp_path: Path) -> None:
    nlp = CountingNlp()
    texts = ["Kim Jong Un met Putin.", "He said so.", "Kim Jong Un met Putin."]
    first = [d.text for d in parse_texts(nlp, texts, tmp_path)]  # type: ignore[arg-type]
    assert first == texts
    assert nlp.parsed == 3
    second = list(parse_texts(nlp, texts, tmp_path))  # type: ignore[arg-type]
    assert [d.text for d in second] == texts
    assert [t.text for t in second[0]] == ["Kim", "Jong", "Un", "met", "Putin", "."]
    assert nlp.parsed == 3


def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path) -> None:
    nlp = CountingNlp()
    list(parse_texts(nlp, ["One text."], tmp_path))  # type: ignore[arg-type]
    (cached,) = tmp_path.glob("*.spacy")
    cached.write_bytes(b"not a parse")
    again = list(parse_texts(nlp, ["One text."], tmp_path))  # type: ignore[arg-type]
    assert again[0].text == "One text."
    assert nlp.parsed == 2


def test_without_a_directory_nothing_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_PARSE_CACHE", raising=False)
    nlp = CountingNlp()
    assert [d.text for d in parse_texts(nlp, ["A.", "B."])] == ["A.", "B."]  # type: ignore[arg-type]
    assert nlp.parsed == 2
