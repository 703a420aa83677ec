"""Interview transcripts: turns found once per article, read as quotes and as mentions."""

from __future__ import annotations

import re

import pytest

from newsgraph.model import Analysis, Article
from newsgraph.pipeline import Pipeline
from newsgraph.transcript import find_turns

WIKINEWS_INTERVIEW = (
    "Jo Jorgensen, the Libertarian Party's presidential nominee, answered questions from Wikinews "
    "reporter William S. Saturn. Jorgensen is a psychology professor. Jorgensen ran for Congress in "
    "1992.\n\n"
    "((WSS)) : Which past U.S. president do you most admire and why?\n\n"
    "((WSS)) : How have your past experiences prepared you for the job?\n"
)
# An interview printed without speakers' markers: questions and answers as plain paragraphs.
UNMARKED_INTERVIEW = (
    "Wikinews interviews Tomas Varga, mayor of Sala\n\n"
    "Tomas Varga has been mayor of Sala since 2014. Wikinews spoke with him about the floods.\n\n"
    "How did you hear about the flood?\n\n"
    "I was at home when the river rose. My neighbours called me.\n\n"
    "What will you do next?\n\n"
    "We will rebuild, and I will ask the government for help.\n"
)
DEBATE = (
    "Chris Wallace questioned Mike Pence on Sunday.\n\n"
    "WALLACE: Governor Pence, do you think the campaign has gone too far?\n\n"
    "PENCE: I think the American people deserve better, and my answer is no.\n"
)


def turns_of(text: str) -> list[tuple[str, str]]:
    return [(text[t.label[0] : t.label[1]], text[t.content[0] : t.content[1]]) for t in find_turns(text)]


@pytest.mark.parametrize(
    ("text", "turns"),
    [
        (
            WIKINEWS_INTERVIEW,
            [
                ("WSS", "Which past U.S. president do you most admire and why?"),
                ("WSS", "How have your past experiences prepared you for the job?"),
            ],
        ),
        ("Intro.\n\n((WN)) What got you into cosplay?\n", [("WN", "What got you into cosplay?")]),
        (
            DEBATE,
            [
                ("WALLACE", "Governor Pence, do you think the campaign has gone too far?"),
                ("PENCE", "I think the American people deserve better, and my answer is no."),
            ],
        ),
        # a turn printed in quotation marks: the marks are not its words
        (
            '"WALLACE: Is that fair?"\n\n"PENCE: It is."\n',
            [("WALLACE", "Is that fair?"), ("PENCE", "It is.")],
        ),
        # one capitalised label is a heading, not a transcript
        ("UPDATE: The road has reopened.\n\nPolice said the crash was minor.\n", []),
        ("BREAKING: A fire.\n\nWATCH: The fire.\n\nThe fire was put out.\n", []),
        ("CAIRO: Talks resumed on Monday.\n\nThe talks are in their third week.\n", []),
        # a marker inside a paragraph, or a colon in prose, is no turn
        ("The reporter wrote ((WN)) in her notes.\n\nNote: the Q and A follows.\n", []),
    ],
)
def test_turns(text: str, turns: list[tuple[str, str]]) -> None:
    assert turns_of(text) == turns


def test_turns_are_found_once_with_the_article_and_not_output() -> None:
    article = Article(text=DEBATE)
    assert article.turns is not None and len(article.turns) == 2
    assert "turns" not in Analysis(article=article).to_dict()["article"]


def _entity_of(analysis: Analysis, start: int) -> str | None:
    for entity in analysis.entities:
        if any(s == start for s, _e in entity.mentions):
            return entity.name
    return None


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        # the marker abbreviates the reporter's name; "you" is the one interviewed (named most)
        (
            WIKINEWS_INTERVIEW,
            [("WSS", "William S. Saturn"), ("you", "Jo Jorgensen"), ("your", "Jo Jorgensen")],
        ),
        # no markers: "you" in the questions and "I" in the answers are the one the opening names
        (
            UNMARKED_INTERVIEW,
            [("you", "Tomas Varga"), ("I", "Tomas Varga"), ("My", "Tomas Varga"), ("me", "Tomas Varga")],
        ),
        # both sides have turns: "I" is the turn's speaker, "you" the other side
        (
            DEBATE,
            [
                ("WALLACE", "Chris Wallace"),
                ("PENCE", "Mike Pence"),
                ("you", "Mike Pence"),
                ("I", "Mike Pence"),
                ("my", "Mike Pence"),
            ],
        ),
    ],
)
def test_markers_and_pronouns_in_turns_join_the_people(
    pipeline: Pipeline, text: str, mentions: list[tuple[str, str]]
) -> None:
    analysis = pipeline.analyze(text)
    for word, person in mentions:
        start = re.search(rf"\b{word}\b", text)
        assert start is not None
        assert _entity_of(analysis, start.start()) == person, word


@pytest.mark.parametrize(
    "text",
    [
        # one question to "you" is no interview: a column that asks its reader
        "Maria Lind gave an interview to the BBC on Monday.\n\nDid you see it?\n\nI did not, and I doubt many did.\n",
        # questions to "you" inside quotation marks are someone's words, not the interviewer's
        'Maria Lind spoke in an interview on Monday.\n\n"Can you trust them?" she asked.\n\n'
        '"Would you?" she said.\n\nI asked the ministry, which did not answer.\n',
    ],
)
def test_a_report_with_questions_is_no_interview(pipeline: Pipeline, text: str) -> None:
    analysis = pipeline.analyze(text)
    start = text.index("I ")
    assert _entity_of(analysis, start) != "Maria Lind"


@pytest.mark.parametrize(
    ("text", "opening", "speaker"),
    [(WIKINEWS_INTERVIEW, ("Which", "How"), "WSS"), (DEBATE, ("I think",), "PENCE")],
)
def test_each_turn_is_a_direct_quote_of_its_marked_speaker(
    pipeline: Pipeline, text: str, opening: tuple[str, ...], speaker: str
) -> None:
    analysis = pipeline.analyze(text)
    turns = [q for q in analysis.quotes if analysis.slice(q.span).startswith(opening)]
    assert turns
    for quote in turns:
        assert quote.kind == "direct" and quote.cue_span is None
        assert quote.speaker_span is not None and analysis.slice(quote.speaker_span) == speaker
        entity = analysis.entity(quote.speaker)
        assert entity is not None and _entity_of(analysis, quote.speaker_span[0]) == entity.name


def test_a_quoted_turn_is_one_quote_without_its_marker(pipeline: Pipeline) -> None:
    text = 'Chris Wallace asked Mike Pence about it.\n\n"WALLACE: Is that fair?"\n\n"PENCE: It is."\n'
    analysis = pipeline.analyze(text)
    after_intro = text.index("\n\n")
    contents = sorted(analysis.slice(q.span) for q in analysis.quotes if q.span[0] > after_intro)
    assert contents == ["Is that fair?", "It is."]
