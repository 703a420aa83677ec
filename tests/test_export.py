"""PLOVER JSON records and the GDELT-like table built from coded events."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.events import EventStage
from newsgraph.export import GDELT_COLUMNS, gdelt_rows, plover_records
from newsgraph.model import Analysis, Article, Place
from newsgraph.ontology import QUAD, event_scale
from newsgraph.pipeline import Draft

TEXTS = [
    "Gunmen killed five villagers in Borno state.",
    "The United States imposed sanctions on Belarus. Lithuania expelled two Russian diplomats.",
    "Norway's foreign minister visited Colombia last week.",
]
REQUIRED = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "quad_code",
            "event_scale", "text", "cite_info"}  # fmt: skip


@pytest.fixture(scope="module", params=TEXTS)
def analysis(request: pytest.FixtureRequest, nlp: Language) -> Analysis:
    """A coded article (events only), with a publication date and URL."""
    text = request.param
    result = Analysis(article=Article(text=text, published="2024-05-01", url="https://example.org/a"))
    EventStage(nlp)(Draft(result, nlp(text)))
    assert result.events
    return result


def test_plover_record_per_event(analysis: Analysis) -> None:
    """One record per event with the manual's fields; codes agree with the event."""
    records = plover_records(analysis)
    assert len(records) == len(analysis.events)
    assert len({r["id"] for r in records}) == len(records)
    for record, event in zip(records, analysis.events, strict=True):
        assert set(record) >= REQUIRED
        assert record["event"] == [event.type]
        assert record["quad_code"] == QUAD[event.type]
        assert record["event_scale"] == event_scale(event.type, event.mode)
        assert record["date"] == "2024-05-01"
        assert record["event_text"] == [analysis.slice(event.trigger_span)]
        assert record["text"] in analysis.article.text
        assert record["cite_info"]["url"] == "https://example.org/a"
        assert len(record["actor"]) == len(event.actor)
        for entity in record["actor"] + record["recipient"]:
            assert entity["entity_text"] in analysis.article.text


def test_gdelt_rows(analysis: Analysis) -> None:
    """One row per event, exactly the documented columns, names and codes from the entities."""
    rows = gdelt_rows(analysis)
    assert len(rows) == len(analysis.events)
    for row, event in zip(rows, analysis.events, strict=True):
        assert tuple(row) == GDELT_COLUMNS
        assert row["EventType"] == event.type
        assert row["QuadClass"] == event.quad
        assert row["Day"] == "20240501"
        assert row["SourceURL"] == "https://example.org/a"
        names = [analysis.entity(i).name for i in event.actor]  # type: ignore[union-attr]
        assert row["Actor1Name"] == "; ".join(names)


def test_event_place_is_exported(analysis: Analysis) -> None:
    """A place linked to an event becomes PLOVER's event_loc and GDELT's ActionGeo columns."""
    place = Place(id="P9", name="Testville", lat=1.5, lon=2.5, country="NGA")
    analysis.places.append(place)
    analysis.events[0].place = "P9"
    try:
        assert plover_records(analysis)[0]["event_loc"]["name"] == "Testville"
        row = gdelt_rows(analysis)[0]
        assert (row["ActionGeo_FullName"], row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (
            "Testville",
            1.5,
            2.5,
        )
    finally:
        analysis.events[0].place = None
        analysis.places.remove(place)


def test_no_events_no_records(nlp: Language) -> None:
    """An article without events exports nothing (no header-only noise from the functions)."""
    text = "The weather in Oslo was mild on Tuesday."
    result = Analysis(article=Article(text=text))
    EventStage(nlp)(Draft(result, nlp(text)))
    assert plover_records(result) == [] and gdelt_rows(result) == []
