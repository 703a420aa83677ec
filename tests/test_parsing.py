"""The shared parse helpers (newsgraph.parsing)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.parsing import document_text, remember_text


@pytest.mark.parametrize("text", ["", "One sentence.", "Two  spaces,\n\na paragraph and an émigré.\n"])
def test_a_documents_text_is_built_once_and_is_its_text(nlp: Language, text: str) -> None:
    doc = nlp(text)
    first = document_text(doc)
    assert first == doc.text == text
    assert document_text(doc) is first  # kept, not joined again from the tokens


def test_the_text_a_document_was_parsed_from_is_remembered(nlp: Language) -> None:
    text = "Rebels launched a counter-attack on the town."
    doc = nlp(text)
    remember_text(doc, text)
    assert document_text(doc) is text
