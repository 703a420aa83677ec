"""The shared parse helpers (newsgraph.parsing)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.parsing import document_text, forget_sentences, remember_text, sentence_of


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


@pytest.mark.parametrize(
    "text",
    [
        "One sentence.",
        'He said: "We will go." Then he left.\n\nA new paragraph starts here. And ends.',
        "No final stop and\nno capital",
    ],
)
def test_a_tokens_sentence_is_the_one_spacy_gives(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for token in doc:
        sentence = sentence_of(token)
        assert (sentence.start, sentence.end) == (token.sent.start, token.sent.end)


def test_the_sentence_table_is_dropped_after_an_analysis(nlp: Language) -> None:
    # The table's sentences point back at the Doc: kept, it would hold every Doc until a full
    # garbage collection (the pipeline drops it when its stages are done).
    doc = nlp("First sentence. Second one.")
    sentence_of(doc[0])
    assert doc.user_data
    forget_sentences(doc)
    assert sentence_of(doc[-1]).start == 3  # built again when asked again
    forget_sentences(doc)
    assert not any(isinstance(value, tuple) for value in doc.user_data.values())


def test_the_pipeline_leaves_no_sentence_table_on_its_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph import pipeline as pipeline_module
    from newsgraph.pipeline import get_pipeline

    finished = []
    original = pipeline_module.forget_sentences

    def spy(doc):  # type: ignore[no-untyped-def]
        original(doc)
        finished.append(dict(doc.user_data))

    monkeypatch.setattr(pipeline_module, "forget_sentences", spy)
    get_pipeline().analyze("Russia accused Ukraine of shelling the plant. Kyiv denied it.")
    assert finished and not any(isinstance(value, tuple) for value in finished[0].values())
