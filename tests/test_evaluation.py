"""The scorers of ``newsgraph eval``: hand-made gold and hand-built predictions, no spaCy needed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import GOLD_DIR

from newsgraph.cli import eval as cli_eval
from newsgraph.cli import main
from newsgraph.errors import GoldFormatError, UnknownTask
from newsgraph.evaluation import (
    GoldDoc,
    evaluate,
    max_matching,
    overlap_well,
    read_gold,
    score_entities,
    score_events,
    score_places,
    score_quotes,
    score_times,
    scorer_for,
)
from newsgraph.evaluation.events import argument_matches
from newsgraph.evaluation.matching import span_quality
from newsgraph.evaluation.places import haversine_km
from newsgraph.model import Analysis, Article, Entity, Event, Failure, Place, Quote, TimeExpr
from newsgraph.vocabulary import coarse_type


def span_of(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    """The offsets of the n-th occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return (start, start + len(part))


def gold_file(tmp_path: Path, docs: Iterable[dict[str, Any]]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def one_doc(tmp_path: Path, **doc: Any) -> GoldDoc:
    return read_gold(gold_file(tmp_path, [{"id": "d1", **doc}]))[0]


def entity(entity_id: str, label: str, *mentions: tuple[int, int]) -> Entity:
    return Entity(id=entity_id, name=entity_id, type=label, mentions=list(mentions))


def analysis(text: str, **parts: Any) -> Analysis:
    return Analysis(article=Article(text=text), **parts)


# --- spans and matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ((0, 10), (0, 10), True),
        ((0, 10), (0, 20), True),  # shares 10 of the longer 20: exactly half
        ((0, 10), (0, 25), False),  # too long: 10 of 25 is under half
        ((0, 20), (5, 10), False),  # inside but too short
        ((0, 10), (4, 14), True),
        ((0, 10), (10, 20), False),  # touching, nothing shared
    ],
)
def test_overlap_well_measures_against_the_longer_span(
    gold: tuple[int, int], predicted: tuple[int, int], expected: bool
) -> None:
    assert overlap_well(gold, predicted) is expected
    assert overlap_well(predicted, gold) is expected


def test_matching_is_maximum_not_greedy() -> None:
    # Greedy by quality pairs A with its exact twin X and strands B; the maximum pairs both.
    gold = [(0, 10), (5, 15)]
    predicted = [(0, 10), (0, 6)]
    pairs = max_matching(gold, predicted, span_quality)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_matching_prefers_the_better_overlap_among_maximum_matchings() -> None:
    pairs = max_matching([(0, 10)], [(2, 12), (0, 10), (1, 10)], span_quality)
    assert pairs == [(0, 1)]


# --- the gold reader ---------------------------------------------------------------------------


def test_read_gold_reads_every_task_and_keeps_unlabelled_apart(tmp_path: Path) -> None:
    text = "Mayor Lin said on Friday that Ostrava would reopen the bridge."
    docs = read_gold(
        gold_file(
            tmp_path,
            [
                {
                    "id": "a",
                    "text": text,
                    "published": "2021-05-07",
                    "quotes": [
                        {
                            "span": list(span_of(text, "Ostrava would reopen the bridge")),
                            "kind": "indirect",
                            "speaker": "Mayor Lin",
                            "speaker_span": list(span_of(text, "Mayor Lin")),
                        }
                    ],
                    "entities": [{"span": [6, 9], "type": "PERSON", "link": "Lin", "form": "name"}],
                    "events": [{"type": "AGREE", "actor": "Mayor Lin", "recipient": None}],
                    "times": [{"span": list(span_of(text, "Friday")), "type": "DATE", "value": "2021-05-07"}],
                    "places": [
                        {
                            "span": list(span_of(text, "Ostrava")),
                            "geonameid": 3068799,
                            "lat": 49.83,
                            "lon": 18.28,
                        }
                    ],
                },
                {"id": "b", "text": "Nothing is labelled here but quotes.", "quotes": []},
            ],
        )
    )
    assert [d.id for d in docs] == ["a", "b"]
    first, second = docs
    assert first.quotes is not None and first.quotes[0].speaker == "Mayor Lin"
    assert first.events is not None and first.events[0].recipient is None
    assert first.places is not None and first.places[0].geonameid == 3068799
    assert second.quotes == () and second.entities is None and second.events is None


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ('{"id": "x", "text": "Hello there."', "not valid JSON"),
        ('["a list"]', "JSON object"),
        ('{"id": "x"}', "'text'"),
        ('{"text": "Short.", "quotes": [{"span": [0, 50], "kind": "direct"}]}', "not a span of the text"),
        ('{"text": "Short.", "quotes": [{"span": [3, 1], "kind": "direct"}]}', "not a span of the text"),
        ('{"text": "Short.", "quotes": [{"span": [0, 5], "kind": "verbatim"}]}', "'kind'"),
        ('{"text": "Short.", "quotes": [{"kind": "direct"}]}', "lacks 'span'"),
        ('{"text": "Short.", "entities": [{"span": [0, 5], "type": "GPE"}]}', "'type'"),
        ('{"text": "Short.", "events": [{"type": "HUG"}]}', "'type'"),
        ('{"text": "Short.", "places": [{"span": [0, 5], "lat": 3.0}]}', "'lat' and 'lon'"),
        ('{"text": "Short.", "times": {"span": [0, 5]}}', "must be a list"),
    ],
)
def test_read_gold_names_file_line_and_problem(tmp_path: Path, line: str, complaint: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "A fine first line."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as caught:
        read_gold(path)
    assert f"{path}:2" in str(caught.value)
    assert complaint in str(caught.value)


def test_read_gold_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="no documents"):
        read_gold(path)


# --- quotes -------------------------------------------------------------------------------------

QUOTE_TEXT = (
    'Senator Ann Ortiz, a Democrat from Ohio, said the vote "was never close." '
    "Ortiz added that the bill would pass. Critics say the plan costs too much."
)


def quote_gold(tmp_path: Path) -> GoldDoc:
    t = QUOTE_TEXT
    return one_doc(
        tmp_path,
        text=t,
        quotes=[
            {
                "span": list(span_of(t, "was never close.")),
                "kind": "direct",
                "speaker": "Senator Ann Ortiz",
                "speaker_span": list(span_of(t, "Senator Ann Ortiz, a Democrat from Ohio")),
            },
            {
                "span": list(span_of(t, "the bill would pass")),
                "kind": "indirect",
                "speaker": "Ortiz",
                "speaker_span": list(span_of(t, "Ortiz", 1)),
            },
            {
                "span": list(span_of(t, "the plan costs too much")),
                "kind": "indirect",
                "speaker": "Critics",
                "speaker_span": list(span_of(t, "Critics")),
            },
        ],
    )


def ortiz(mentions: list[tuple[int, int]]) -> Entity:
    return Entity(id="E1", name="Ann Ortiz", type="PERSON", mentions=mentions)


def test_quotes_content_and_speaker_inside_a_longer_gold_speaker_span(tmp_path: Path) -> None:
    t = QUOTE_TEXT
    gold = quote_gold(tmp_path)
    predicted = analysis(
        t,
        entities=[ortiz([span_of(t, "Senator Ann Ortiz"), span_of(t, "Ortiz", 1)])],
        quotes=[
            # Speaker span "Senator Ann Ortiz" lies inside gold's "Senator Ann Ortiz, a Democrat from Ohio".
            Quote(
                id="Q1",
                span=span_of(t, "was never close"),
                kind="direct",
                speaker="E1",
                speaker_span=span_of(t, "Senator Ann Ortiz"),
            ),
            # No speaker span of its own, but a mention of its entity is the gold speaker.
            Quote(id="Q2", span=span_of(t, "the bill would pass."), kind="indirect", speaker="E1"),
            # Content too long to match: runs over the whole text.
            Quote(id="Q3", span=(0, len(t)), kind="indirect", speaker=None),
        ],
    )
    scores = score_quotes([gold], [predicted])
    assert (scores.content.matched, scores.content.predicted, scores.content.gold) == (2, 3, 3)
    assert (scores.speaker.hits, scores.speaker.total) == (2, 2)
    assert scores.recall_by_kind["direct"].value == 1.0
    assert scores.recall_by_kind["indirect"].value == 0.5
    assert scores.metrics()["recall_direct"] == 1.0


def test_quotes_wrong_or_missing_speaker_is_counted_wrong(tmp_path: Path) -> None:
    t = QUOTE_TEXT
    gold = quote_gold(tmp_path)
    predicted = analysis(
        t,
        quotes=[
            Quote(
                id="Q1",
                span=span_of(t, "was never close."),
                kind="direct",
                speaker_span=span_of(t, "the vote"),
            ),
            Quote(id="Q2", span=span_of(t, "the bill would pass"), kind="indirect"),
            Quote(
                id="Q3",
                span=span_of(t, "the plan costs too much"),
                kind="indirect",
                speaker_span=span_of(t, "Critics"),
            ),
        ],
    )
    scores = score_quotes([gold], [predicted])
    assert scores.content.f1 == 1.0
    assert (scores.speaker.hits, scores.speaker.total) == (1, 3)


def test_repeating_a_quote_gains_nothing(tmp_path: Path) -> None:
    t = QUOTE_TEXT
    gold = quote_gold(tmp_path)
    same = span_of(t, "was never close.")
    predicted = analysis(t, quotes=[Quote(id=f"Q{i}", span=same, kind="direct") for i in range(3)])
    scores = score_quotes([gold], [predicted])
    assert (scores.content.matched, scores.content.predicted) == (1, 3)
    assert scores.content.precision == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Ann Ortiz", True),
        ("Senator Ann Ortiz", True),
        ("Senator Ann Ortiz, a Democrat from Ohio", False),
        ("Ann", False),
    ],
)
def test_quote_speaker_by_name_only(tmp_path: Path, mention: str, expected: bool) -> None:
    # Gold gives only the speaker's name: a mention containing it, at most three times as long.
    t = QUOTE_TEXT
    gold = one_doc(
        tmp_path,
        text=t,
        quotes=[{"span": list(span_of(t, "was never close.")), "kind": "direct", "speaker": "Ann Ortiz"}],
    )
    predicted = analysis(
        t,
        quotes=[
            Quote(
                id="Q1", span=span_of(t, "was never close."), kind="direct", speaker_span=span_of(t, mention)
            )
        ],
    )
    assert score_quotes([gold], [predicted]).speaker.hits == int(expected)


# --- entities -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "coarse"),
    [
        ("GPE", "PLACE"),
        ("LOC", "PLACE"),
        ("FAC", "PLACE"),
        ("PERSON", "PERSON"),
        ("ORG", "ORG"),
        ("NORP", "NORP"),
        ("EVENT", "EVENT"),
        ("DATE", "OTHER"),
        ("WORK_OF_ART", "OTHER"),
    ],
)
def test_spacy_labels_map_to_coarse_types(label: str, coarse: str) -> None:
    assert coarse_type(label) == coarse


ENTITY_TEXT = "Ines Marek met Tom Hale in Gdansk. She praised him. Marek later left the city."


def entity_gold(tmp_path: Path) -> GoldDoc:
    t = ENTITY_TEXT

    def mention(part: str, kind: str, link: str, form: str, nth: int = 0) -> dict[str, Any]:
        return {"span": list(span_of(t, part, nth)), "type": kind, "link": link, "form": form}

    return one_doc(
        tmp_path,
        text=t,
        entities=[
            mention("Ines Marek", "PERSON", "Ines_Marek", "name"),
            mention("Tom Hale", "PERSON", "Tom_Hale", "name"),
            mention("Gdansk", "PLACE", "Gdansk", "name"),
            mention("She", "PERSON", "Ines_Marek", "pronoun"),
            mention("him", "PERSON", "Tom_Hale", "pronoun"),
            mention("Marek", "PERSON", "Ines_Marek", "name", 1),
            mention("the city", "PLACE", "Gdansk", "nominal"),
        ],
    )


def test_entity_mentions_exact_span_and_type(tmp_path: Path) -> None:
    t = ENTITY_TEXT
    predicted = analysis(
        t,
        entities=[
            entity("E1", "PERSON", span_of(t, "Ines Marek"), span_of(t, "She"), span_of(t, "Marek", 1)),
            # GPE maps to PLACE; every mention of the entity carries its type.
            entity("E2", "GPE", span_of(t, "Gdansk"), span_of(t, "the city")),
            # Right span, wrong type.
            entity("E3", "ORG", span_of(t, "Tom Hale")),
        ],
    )
    scores = score_entities([entity_gold(tmp_path)], [predicted])
    assert (scores.mentions.matched, scores.mentions.predicted, scores.mentions.gold) == (5, 6, 7)
    # By form, the span alone counts: Tom Hale's span is right whatever its type.
    assert scores.by_form["name"].recall == 1.0
    assert scores.by_form["pronoun"].recall == 0.5
    assert scores.by_form["nominal"].recall == 1.0


def test_entity_linking_pairwise(tmp_path: Path) -> None:
    t = ENTITY_TEXT
    predicted = analysis(
        t,
        entities=[
            # Ines Marek merged with "him" wrongly; "She" and "Marek" are found apart from her.
            entity("E1", "PERSON", span_of(t, "Ines Marek"), span_of(t, "him")),
            entity("E2", "PERSON", span_of(t, "She"), span_of(t, "Marek", 1)),
            entity("E3", "PERSON", span_of(t, "Tom Hale")),
            # "the city" overlaps well "city" (exact spans first, else the best good overlap).
            entity("E4", "GPE", span_of(t, "Gdansk"), span_of(t, "city")),
        ],
    )
    scores = score_entities([entity_gold(tmp_path)], [predicted])
    # Gold same-pairs: Marek x3 -> 3, Hale x2 -> 1, Gdansk x2 -> 1: 5.
    # Predicted same-pairs: (Ines Marek, him), (She, Marek), (Gdansk, the city): 3, of which 2 are right.
    assert (scores.linking.matched, scores.linking.predicted, scores.linking.gold) == (2, 3, 5)


def test_entity_pronoun_precision_uses_the_guessed_form(tmp_path: Path) -> None:
    t = ENTITY_TEXT
    predicted = analysis(t, entities=[entity("E1", "PERSON", span_of(t, "She"), (0, 4))])
    scores = score_entities([entity_gold(tmp_path)], [predicted])
    assert (scores.by_form["pronoun"].matched, scores.by_form["pronoun"].predicted) == (1, 1)
    assert (scores.by_form["name"].matched, scores.by_form["name"].predicted) == (0, 1)


# --- events -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("Iraqi Kurds", "Kurds", True),
        ("Kurds", "Iraqi Kurds", True),
        ("Iraqi Kurds", "Iraq", False),
        ("the United Nations", "United Nations", True),
        ("United Nations", "The United Nations", True),
        ("UN", "the UN Security Council", False),  # predicted more than twice as long
        ("Kurds", "armed Iraqi Kurds in the north", False),
        ("Harbour Ministry", "harbour ministry", True),
        ("Hale", "Tom Hale", True),
    ],
)
def test_argument_text_matching(gold: str, predicted: str, expected: bool) -> None:
    assert argument_matches(gold, predicted) is expected


EVENT_TEXT = "Iraqi Kurds and Turkey met Syria. Ankara later gave ground to Syria."


def event_gold(tmp_path: Path, events: list[dict[str, Any]]) -> GoldDoc:
    return one_doc(tmp_path, text=EVENT_TEXT, events=events)


def event_entities() -> list[Entity]:
    t = EVENT_TEXT
    return [
        entity("K", "NORP", span_of(t, "Kurds")),
        entity("T", "GPE", span_of(t, "Turkey"), span_of(t, "Ankara")),
        entity("S", "GPE", span_of(t, "Syria"), span_of(t, "Syria", 1)),
        entity("Q", "GPE", span_of(t, "Iraq")),
    ]


def test_event_triples_one_per_actor_pair_and_any_mention_matches(tmp_path: Path) -> None:
    gold = event_gold(
        tmp_path,
        [
            {"type": "CONSULT", "actor": "Iraqi Kurds", "recipient": "Syria"},
            {
                "type": "CONSULT",
                "actor": "Ankara",
                "recipient": "Syria",
            },  # matched through the mention "Ankara"
            {"type": "CONSULT", "actor": "Iraqi Kurds", "recipient": None},  # null recipient: no constraint
        ],
    )
    predicted = analysis(
        EVENT_TEXT,
        entities=event_entities(),
        events=[Event(id="V1", type="CONSULT", actor=["K", "T"], recipient=["S"])],
    )
    scores = score_events([gold], [predicted])
    # Two predicted triples (Kurds->Syria, Turkey->Syria); three gold; one-to-one: two matched.
    assert (scores.triples.matched, scores.triples.predicted, scores.triples.gold) == (2, 2, 3)


def test_event_argument_iraq_is_not_iraqi_kurds(tmp_path: Path) -> None:
    gold = event_gold(tmp_path, [{"type": "CONSULT", "actor": "Iraqi Kurds", "recipient": "Syria"}])
    predicted = analysis(
        EVENT_TEXT,
        entities=event_entities(),
        events=[Event(id="V1", type="CONSULT", actor=["Q"], recipient=["S"])],
    )
    scores = score_events([gold], [predicted])
    assert scores.triples.matched == 0
    assert scores.types.f1 == 1.0  # the type alone is right


def test_event_missing_predicted_argument_fails_a_given_gold_argument(tmp_path: Path) -> None:
    gold = event_gold(tmp_path, [{"type": "CONSULT", "actor": "Turkey", "recipient": "Syria"}])
    predicted = analysis(
        EVENT_TEXT,
        entities=event_entities(),
        events=[Event(id="V1", type="CONSULT", actor=["T"], recipient=[])],
    )
    assert score_events([gold], [predicted]).triples.matched == 0


@pytest.mark.parametrize("predicted_type", ["CONCEDE", "RETREAT"])
def test_yield_sets_map_concede_and_retreat(tmp_path: Path, predicted_type: str) -> None:
    gold = event_gold(tmp_path, [{"type": "YIELD", "actor": "Ankara", "recipient": "Syria"}])
    predicted = analysis(
        EVENT_TEXT,
        entities=event_entities(),
        events=[Event(id="V1", type=predicted_type, actor=["T"], recipient=["S"])],
    )
    scores = score_events([gold], [predicted])
    assert scores.merged_yield
    assert scores.triples.f1 == 1.0
    assert set(scores.types_by_type) == {"YIELD"}


def test_without_yield_in_gold_concede_stays_concede(tmp_path: Path) -> None:
    gold = event_gold(tmp_path, [{"type": "RETREAT", "actor": "Ankara", "recipient": None}])
    predicted = analysis(
        EVENT_TEXT,
        entities=event_entities(),
        events=[Event(id="V1", type="CONCEDE", actor=["T"], recipient=["S"])],
    )
    scores = score_events([gold], [predicted])
    assert not scores.merged_yield
    assert scores.triples.matched == 0


def test_event_types_micro_and_macro(tmp_path: Path) -> None:
    text = "One sentence about things."
    golds = read_gold(
        gold_file(
            tmp_path,
            [
                {"id": "a", "text": text, "events": [{"type": "AID"}, {"type": "AID"}, {"type": "ASSAULT"}]},
                {"id": "b", "text": text, "events": [{"type": "AID"}]},
                {"id": "c", "text": text, "events": []},
            ],
        )
    )
    predicted = [
        analysis(text, events=[Event(id="V1", type="AID"), Event(id="V2", type="PROTEST")]),
        analysis(text, events=[Event(id="V1", type="AID")]),
        analysis(text, events=[Event(id="V1", type="PROTEST")]),
    ]
    scores = score_events(golds, predicted)
    # Per document, sets of types: gold {AID, ASSAULT}, {AID}, {}; predicted {AID, PROTEST}, {AID}, {PROTEST}.
    assert (scores.types.matched, scores.types.predicted, scores.types.gold) == (2, 4, 3)
    # AID F1 1.0, ASSAULT 0, PROTEST 0: macro over the types in gold or predictions.
    assert scores.type_macro_f1 == pytest.approx(1 / 3)
    # The gold's repeated AID row is one triple of the document's set.
    assert scores.triples.gold == 3


# --- times and places ---------------------------------------------------------------------------

TIME_TEXT = "The port closed on Monday and reopened in March, after three weeks."


def test_times_span_and_value(tmp_path: Path) -> None:
    t = TIME_TEXT
    gold = one_doc(
        tmp_path,
        text=t,
        published="2022-04-06",
        times=[
            {"span": list(span_of(t, "Monday")), "type": "DATE", "value": "2022-04-04"},
            {"span": list(span_of(t, "March")), "type": "DATE", "value": "2022-03"},
            {"span": list(span_of(t, "three weeks")), "type": "DURATION", "value": "P3W"},
        ],
    )
    predicted = analysis(
        t,
        times=[
            TimeExpr(id="T1", span=span_of(t, "on Monday"), type="DATE", value="2022-04-04"),
            TimeExpr(id="T2", span=span_of(t, "March"), type="DATE", value="2022-03-06"),  # wrong granularity
            TimeExpr(
                id="T3", span=span_of(t, "in March, after three weeks."), type="DATE", value="P3W"
            ),  # too long
        ],
    )
    scores = score_times([gold], [predicted])
    assert (scores.spans.matched, scores.values.matched) == (2, 1)
    assert scores.values.precision == pytest.approx(1 / 3)
    assert (scores.type_accuracy.hits, scores.type_accuracy.total) == (2, 2)


def test_haversine_distance() -> None:
    # One degree of latitude is about 111.2 km anywhere.
    assert haversine_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.2)


PLACE_TEXT = "Trucks left Lyon for Grenoble, then crossed into Italy near Turin."


def test_places_span_and_accuracy_within_161_km(tmp_path: Path) -> None:
    t = PLACE_TEXT
    gold = one_doc(
        tmp_path,
        text=t,
        places=[
            {"span": list(span_of(t, "Lyon")), "lat": 45.75, "lon": 4.85},
            {"span": list(span_of(t, "Grenoble")), "geonameid": 3014728, "lat": 45.17, "lon": 5.72},
            {"span": list(span_of(t, "Italy"))},  # gold locates nothing here: not in the accuracy
            {"span": list(span_of(t, "Turin")), "lat": 45.07, "lon": 7.69},
        ],
    )
    predicted = analysis(
        t,
        places=[
            Place(id="P1", name="Lyon", lat=45.9, lon=4.9, mentions=[span_of(t, "Lyon")]),  # ~17 km off
            Place(id="P2", name="Grenoble", geonameid=3014728, mentions=[span_of(t, "Grenoble")]),  # same id
            Place(id="P3", name="Italy", lat=42.8, lon=12.8, mentions=[span_of(t, "Italy")]),
            Place(id="P4", name="Turin", lat=44.1, lon=4.0, mentions=[span_of(t, "Turin")]),  # ~300 km off
            Place(id="P5", name="crossed", mentions=[span_of(t, "crossed")]),
        ],
    )
    scores = score_places([gold], [predicted])
    assert (scores.spans.matched, scores.spans.predicted, scores.spans.gold) == (4, 5, 4)
    assert (scores.accuracy.hits, scores.accuracy.total) == (2, 3)


# --- nothing predicted, and the command ---------------------------------------------------------


@pytest.mark.parametrize("task", ["quotes", "entities", "events", "times", "places"])
def test_nothing_predicted_scores_zero(tmp_path: Path, task: str) -> None:
    docs = {
        "quotes": quote_gold,
        "entities": entity_gold,
        "events": lambda p: event_gold(p, [{"type": "AID", "actor": "Turkey", "recipient": "Syria"}]),
        "times": lambda p: one_doc(
            p, text=TIME_TEXT, times=[{"span": [19, 25], "type": "DATE", "value": "x"}]
        ),
        "places": lambda p: one_doc(p, text=PLACE_TEXT, places=[{"span": [12, 16]}]),
    }
    gold = docs[task](tmp_path)
    metrics = scorer_for(task)([gold], [analysis(gold.text)]).metrics()
    assert metrics and all(value == 0.0 for value in metrics.values())


def test_unknown_task_names_the_choices() -> None:
    with pytest.raises(UnknownTask, match="quotes, entities, events, times, places"):
        scorer_for("sentiment")


class ScriptedPipeline:
    """Stands in for the Pipeline: a fixed Analysis per text, a Failure for texts it is told to refuse."""

    def __init__(self, answers: dict[str, list[Quote]], refuse: set[str]) -> None:
        self.answers, self.refuse = answers, refuse

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        for article in articles:
            if article.text in self.refuse:
                yield Failure(
                    where=article.external_id or "",
                    reason="the text does not look like English",
                    kind="NotEnglish",
                )
            else:
                yield Analysis(article=article, quotes=self.answers.get(article.text, []))


@pytest.mark.parametrize("as_json", [False, True])
def test_eval_command_scores_and_reports_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    english = 'She said "we are ready" at noon.'
    other = "Dies ist kein englischer Satz."
    quote = span_of(english, "we are ready")
    path = gold_file(
        tmp_path,
        [
            {"id": "en", "text": english, "quotes": [{"span": list(quote), "kind": "direct"}]},
            {"id": "de", "text": other, "quotes": [{"span": [0, 4], "kind": "direct"}]},
        ],
    )
    pipeline = ScriptedPipeline({english: [Quote(id="Q1", span=quote, kind="direct")]}, refuse={other})
    monkeypatch.setattr(cli_eval, "Pipeline", lambda settings: pipeline)
    args = ["eval", "quotes", str(path)] + (["--json"] if as_json else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    if as_json:
        report = json.loads(result.output)
        assert report["content"] == {
            "matched": 1,
            "predicted": 1,
            "gold": 2,
            "precision": 1.0,
            "recall": 0.5,
            "f1": pytest.approx(2 / 3),
        }
        assert [f["where"] for f in report["failures"]] == ["de"]
    else:
        assert "recall" in result.output and "direct" in result.output
        assert "1 documents could not be analyzed" in result.output and "de: NotEnglish" in result.output


def test_eval_command_refuses_an_unknown_task(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "sentiment", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1
    assert "unknown task 'sentiment'" in result.output


def test_evaluate_refuses_a_file_that_does_not_label_the_task(tmp_path: Path) -> None:
    path = gold_file(tmp_path, [{"id": "a", "text": TIME_TEXT, "times": []}])
    with pytest.raises(GoldFormatError, match="no document labels 'quotes'"):
        evaluate("quotes", path, ScriptedPipeline({}, set()))  # type: ignore[arg-type]


def test_evaluate_limit_keeps_the_first_labelled_documents(tmp_path: Path) -> None:
    docs = [
        {"id": f"d{n}", "text": f"Text number {n}.", "quotes": [{"span": [0, 4], "kind": "direct"}]}
        for n in range(5)
    ]
    report = evaluate("quotes", gold_file(tmp_path, docs), ScriptedPipeline({}, set()), limit=2)  # type: ignore[arg-type]
    assert report.to_dict()["documents"] == 2
    assert report.to_dict()["content"]["gold"] == 2


# --- a second labelling pass scored as predictions (newsgraph eval --predictions) ---------------------


@pytest.mark.parametrize("task", ["quotes", "entities", "events", "times", "places"])
def test_labels_compared_with_themselves_agree_fully(task: str) -> None:
    from newsgraph.evaluation import compare_labels

    gold = GOLD_DIR / f"{task}.jsonl"
    metrics = compare_labels(task, gold, gold).metrics()
    headline = {"quotes": "content_f1", "entities": "mention_f1", "events": "triple_f1",
                "times": "span_f1", "places": "span_f1"}[task]  # fmt: skip
    assert metrics[headline] == pytest.approx(1.0)


def _gold_line(doc_id: str, text: str, events: list[dict[str, object]]) -> str:
    return json.dumps({"id": doc_id, "text": text, "events": events})


def test_a_second_pass_that_differs_scores_below_one(tmp_path: Path) -> None:
    from newsgraph.evaluation import compare_labels

    text = "Russia attacked Ukraine. France met Germany."
    first = [{"type": "ASSAULT", "actor": "Russia", "recipient": "Ukraine"},
             {"type": "CONSULT", "actor": "France", "recipient": "Germany"}]  # fmt: skip
    second = [{"type": "ASSAULT", "actor": "Russia", "recipient": "Ukraine"},
              {"type": "SUPPORT", "actor": "France", "recipient": "Germany"}]  # fmt: skip
    (tmp_path / "a.jsonl").write_text(_gold_line("d1", text, first) + "\n")
    (tmp_path / "b.jsonl").write_text(_gold_line("d1", text, second) + "\n")
    scores = compare_labels("events", tmp_path / "a.jsonl", tmp_path / "b.jsonl").scores
    assert (scores.triples.matched, scores.triples.predicted, scores.triples.gold) == (1, 2, 2)


def test_a_second_pass_over_another_text_is_an_error(tmp_path: Path) -> None:
    from newsgraph.evaluation import compare_labels

    (tmp_path / "a.jsonl").write_text(_gold_line("d1", "Russia attacked Ukraine.", []) + "\n")
    (tmp_path / "b.jsonl").write_text(_gold_line("d1", "Russia attacked Georgia.", []) + "\n")
    with pytest.raises(GoldFormatError, match=r"b.jsonl:1: document 'd1' has another text"):
        compare_labels("events", tmp_path / "a.jsonl", tmp_path / "b.jsonl")


def test_flagged_gold_events_are_labelled_but_not_scored(tmp_path: Path) -> None:
    from newsgraph.evaluation import compare_labels

    text = "Ukraine accused Russia of shelling the plant."
    gold = [{"type": "ACCUSE", "actor": "Ukraine", "recipient": "Russia"},
            {"type": "ASSAULT", "actor": "Russia", "recipient": None, "alleged": True}]  # fmt: skip
    predicted = [{"type": "ACCUSE", "actor": "Ukraine", "recipient": "Russia"},
                 {"type": "ASSAULT", "actor": "Russia", "recipient": None, "alleged": True}]  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(_gold_line("d1", text, gold) + "\n")
    (tmp_path / "pred.jsonl").write_text(_gold_line("d1", text, predicted) + "\n")
    scores = compare_labels("events", tmp_path / "gold.jsonl", tmp_path / "pred.jsonl").scores
    # The alleged shelling is not a gold triple; predicting it costs precision, except "asserted".
    assert (scores.triples.matched, scores.triples.predicted, scores.triples.gold) == (1, 2, 1)
    assert (scores.asserted_triples.matched, scores.asserted_triples.predicted) == (1, 1)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "ASSAULT", "actor": "Russia", "actor_span": [0, 8]}, r"'actor' is 'Russia' but its span \[0, 8\] holds 'Russia a'"),
        ({"type": "ASSAULT", "recipient": "Ukraine", "recipient_span": [0, 6]}, r"'recipient' is 'Ukraine' but its span"),
        ({"type": "ASSAULT", "negated": "no"}, r"'negated' must be true or false"),
    ],
)  # fmt: skip
def test_a_span_that_does_not_hold_its_words_is_an_error(
    tmp_path: Path, event: dict[str, object], message: str
) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n" + _gold_line("d1", "Russia attacked Ukraine.", [event]) + "\n")
    with pytest.raises(GoldFormatError, match=rf"gold.jsonl:2: events\[0\]: {message}"):
        read_gold(path)
