"""Interview transcripts: turns found once per article, read as quotes and as mentions."""

from __future__ import annotations

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


def test_interview_markers_and_pronouns_join_the_people(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze(WIKINEWS_INTERVIEW)
    text = WIKINEWS_INTERVIEW
    # the marker abbreviates the reporter's name; "you" is the one interviewed (named most)
    assert _entity_of(analysis, text.index("WSS")) == "William S. Saturn"
    assert _entity_of(analysis, text.index("you")) == "Jo Jorgensen"
    assert _entity_of(analysis, text.index("your")) == "Jo Jorgensen"
    # each turn is a direct quote of the reporter, with no cue
    questions = [q for q in analysis.quotes if analysis.slice(q.span).startswith(("Which", "How"))]
    assert len(questions) == 2
    for quote in questions:
        assert quote.kind == "direct" and quote.cue_span is None
        assert quote.speaker_span is not None and analysis.slice(quote.speaker_span) == "WSS"
        assert analysis.entity(quote.speaker) is not None
        assert analysis.entity(quote.speaker).name == "William S. Saturn"  # type: ignore[union-attr]


def test_in_a_transcript_i_is_the_speaker_and_you_the_other(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze(DEBATE)
    text = DEBATE
    assert _entity_of(analysis, text.index("WALLACE")) == "Chris Wallace"
    assert _entity_of(analysis, text.index("PENCE")) == "Mike Pence"
    assert _entity_of(analysis, text.index("you")) == "Mike Pence"
    assert _entity_of(analysis, text.index(" I ") + 1) == "Mike Pence"
    assert _entity_of(analysis, text.index("my answer")) == "Mike Pence"
    quote = next(q for q in analysis.quotes if analysis.slice(q.span).startswith("I think"))
    assert analysis.entity(quote.speaker).name == "Mike Pence"  # type: ignore[union-attr]


def test_a_quoted_turn_is_one_quote_without_its_marker(pipeline: Pipeline) -> None:
    text = 'Chris Wallace asked Mike Pence about it.\n\n"WALLACE: Is that fair?"\n\n"PENCE: It is."\n'
    analysis = pipeline.analyze(text)
    after_intro = text.index("\n\n")
    contents = sorted(analysis.slice(q.span) for q in analysis.quotes if q.span[0] > after_intro)
    assert contents == ["Is that fair?", "It is."]
