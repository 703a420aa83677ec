"""The places stage: toponyms found and geocoded in context, grouped, and linked to events."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.model import Analysis, Article, Event, Place
from newsgraph.pipeline import Draft
from newsgraph.places import EventPlaceLinker, PlaceStage, gazetteer
from newsgraph.places.build import CITY, COUNTRY, IndexBuilder
from newsgraph.places.resolve import distance_km


@pytest.fixture(scope="module")
def stage(nlp: Language) -> PlaceStage:
    """The places stage with the real gazetteer (built into the user cache on first use)."""
    return PlaceStage(nlp)


def run_places(nlp: Language, stage: PlaceStage, text: str, published: str | None = None) -> Analysis:
    """Analyze ``text`` with the places stage alone."""
    analysis = Analysis(article=Article(text=text, published=published))
    stage(Draft(analysis=analysis, doc=nlp(text)))
    return analysis


def place_named(analysis: Analysis, surface: str) -> Place:
    """The place with a mention that reads ``surface``."""
    for place in analysis.places:
        if any(analysis.slice(m) == surface for m in place.mentions):
            return place
    raise AssertionError(
        f"no place mention {surface!r} in {[analysis.slice(m) for p in analysis.places for m in p.mentions]}"
    )


def near(place: Place, lat: float, lon: float, km: float = 161.0) -> bool:
    """Whether a place lies within ``km`` of a point."""
    return (
        place.lat is not None and place.lon is not None and distance_km(place.lat, place.lon, lat, lon) <= km
    )


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon", "country"),
    [
        # One name, two places: the article's other places decide.
        (
            "Firefighters in Paris, Texas, put out the blaze before it reached Lamar County homes.",
            "Paris",
            33.66,
            -95.56,
            "USA",
        ),
        (
            "Protesters marched through Paris on Saturday, and police in Lyon and Marseille braced for more.",
            "Paris",
            48.85,
            2.35,
            "FRA",
        ),
        (
            "Georgia accused Russia of moving troops deeper into South Ossetia, officials in Tbilisi said.",
            "Georgia",
            42.3,
            43.4,
            "GEO",
        ),
        (
            "Georgia lawmakers met in Atlanta to debate the budget, and Savannah officials asked for port money.",
            "Georgia",
            32.7,
            -83.4,
            "USA",
        ),
        (
            "The mayor of Springfield, Ill., said the state capital would reopen its offices.",
            "Springfield",
            39.80,
            -89.64,
            "USA",
        ),
        (
            "Residents of Springfield, Mass., lined up for water after the main broke.",
            "Springfield",
            42.10,
            -72.59,
            "USA",
        ),
        (
            "A storm hit Portland, Maine, overnight, knocking out power along the coast.",
            "Portland",
            43.66,
            -70.26,
            "USA",
        ),
        (
            "Crews in Portland, Oregon, cleared fallen trees from the highway.",
            "Portland",
            45.52,
            -122.68,
            "USA",
        ),
    ],
)
def test_context_disambiguates(
    nlp: Language, stage: PlaceStage, text: str, surface: str, lat: float, lon: float, country: str
) -> None:
    place = place_named(run_places(nlp, stage, text), surface)
    assert place.country == country
    assert near(place, lat, lon, km=250), (place.lat, place.lon)


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon"),
    [
        # The small model labels these as people (or nothing); the gazetteer pass recovers them.
        ("Kim Jong Un arrived in Vladivostok by armoured train on Tuesday.", "Vladivostok", 43.11, 131.87),
        (
            "The leaders will meet in Vladivostok next week, Russian media reported.",
            "Vladivostok",
            43.11,
            131.87,
        ),
        ("Dublin police said the suspect was arrested near the river.", "Dublin", 53.35, -6.26),
    ],
)
def test_mislabelled_place_is_found(
    nlp: Language, stage: PlaceStage, text: str, surface: str, lat: float, lon: float
) -> None:
    place = place_named(run_places(nlp, stage, text), surface)
    assert near(place, lat, lon)
    assert place.geonameid is not None


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # A person's name that is also a town stays a person.
        ("Coach Jordan Henry said his team was ready, and Henry praised the fans.", "Henry"),
        # A capitalized common word at a sentence start is not a place.
        ("Reading the report, officials said the budget would balance.", "Reading"),
        ("Mobile phones were banned in the chamber.", "Mobile"),
    ],
)
def test_false_positives_are_not_places(nlp: Language, stage: PlaceStage, text: str, surface: str) -> None:
    analysis = run_places(nlp, stage, text)
    assert all(analysis.slice(m) != surface for p in analysis.places for m in p.mentions)


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon", "feature_class"),
    [
        ("Kim toured the Vostochny Cosmodrome with Putin.", "Vostochny Cosmodrome", 51.88, 128.33, "S"),
        (
            "Missiles fell into the Sea of Japan, the Japanese coast guard said.",
            "Sea of Japan",
            40.0,
            135.0,
            "H",
        ),
        ("Tension rose on the Korean Peninsula after the launch.", "Korean Peninsula", 37.5, 127.5, "T"),
        ("Tankers slowed in the Strait of Hormuz after the seizure.", "Strait of Hormuz", 26.57, 56.25, "H"),
        ("Fighting continued in the Donbas as shells hit the front.", "Donbas", 48.0, 38.0, "L"),
        ("Aid trucks waited at the border of the Gaza Strip on Monday.", "Gaza Strip", 31.42, 34.36, "A"),
    ],
)
def test_curated_non_populated_places(
    nlp: Language, stage: PlaceStage, text: str, surface: str, lat: float, lon: float, feature_class: str
) -> None:
    place = place_named(run_places(nlp, stage, text), surface)
    assert near(place, lat, lon, km=50)
    assert place.feature_class == feature_class


def test_repeated_mentions_are_one_place(nlp: Language, stage: PlaceStage) -> None:
    text = "Officials in Kyiv said the talks in Kyiv would resume. Kyiv's mayor agreed."
    analysis = run_places(nlp, stage, text)
    kyiv = [p for p in analysis.places if p.country == "UKR"]
    assert len(kyiv) == 1
    assert len(kyiv[0].mentions) == 3


@pytest.mark.parametrize("name", ["Zorblatt Canyon", "Quenthor Province"])
def test_unknown_place_keeps_its_span(nlp: Language, stage: PlaceStage, name: str) -> None:
    text = f"Fighting broke out in {name} on Monday, the ministry said."
    analysis = run_places(nlp, stage, text)
    spans = {analysis.slice(m): p for p in analysis.places for m in p.mentions}
    if name not in spans:
        pytest.skip(f"the NER model did not tag {name!r} as a place")
    place = spans[name]
    assert place.lat is None and place.lon is None and place.geonameid is None


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon"),
    [
        ("CHARLESTON, W.Va. (AP) — Lawmakers passed the bill on Friday.", "CHARLESTON", 38.35, -81.63),
        ("ATHENS, Ga. (AP) — The university said classes would resume.", "ATHENS", 33.96, -83.38),
        ("ATHENS, Greece (AP) — Ferries stayed in port on Friday.", "ATHENS", 37.98, 23.73),
    ],
)
def test_dateline_place(
    nlp: Language, stage: PlaceStage, text: str, surface: str, lat: float, lon: float
) -> None:
    assert near(place_named(run_places(nlp, stage, text), surface), lat, lon)


def _event(analysis: Analysis, trigger: str) -> Event:
    text = analysis.article.text
    start = text.index(trigger)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(". ", start)
    return Event(
        id="V1",
        type="ASSAULT",
        trigger_span=(start, start + len(trigger)),
        sentence_span=(sentence_start, len(text) if sentence_end < 0 else sentence_end + 1),
    )


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "is_default"),
    [
        (
            "MOSCOW (AP) — Russian forces shelled Kharkiv on Tuesday, officials said.",
            "shelled",
            "Kharkiv",
            False,
        ),
        ("MOSCOW (AP) — Ukraine said troops clashed near Bakhmut overnight.", "clashed", "Bakhmut", False),
        ("MOSCOW (AP) — The two sides signed an agreement on Tuesday.", "signed", "MOSCOW", True),
        (
            "SEOUL, South Korea (AP) — North Korea fired a missile into the Sea of Japan.",
            "fired",
            "Sea of Japan",
            False,
        ),
    ],
)
def test_event_gets_governing_place(
    nlp: Language, stage: PlaceStage, text: str, trigger: str, expected: str, is_default: bool
) -> None:
    analysis = run_places(nlp, stage, text)
    analysis.events = [_event(analysis, trigger)]
    draft = Draft(analysis=analysis, doc=nlp(text))
    EventPlaceLinker(nlp)(draft)
    event = analysis.events[0]
    assert event.place == place_named(analysis, expected).id
    assert event.place_is_default is is_default


def test_event_without_place_or_dateline_stays_unplaced(nlp: Language, stage: PlaceStage) -> None:
    analysis = run_places(nlp, stage, "The two sides signed an agreement on Tuesday.")
    analysis.events = [_event(analysis, "signed")]
    EventPlaceLinker(nlp)(Draft(analysis=analysis, doc=nlp(analysis.article.text)))
    assert analysis.events[0].place is None and not analysis.events[0].place_is_default


# --- the disk cache, exercised with a tiny index so that no test pays for the real build ---


def _tiny_index(version: str) -> dict[str, object]:
    builder = IndexBuilder()
    builder.add(
        ["Ruritania"],
        geonameid=1,
        name="Ruritania",
        lat=45.0,
        lon=15.0,
        country="RUR",
        feature_class="A",
        kind=COUNTRY,
        population=1_000_000,
    )
    builder.add(
        ["Strelsau"],
        geonameid=2,
        name="Strelsau",
        lat=45.5,
        lon=15.5,
        country="RUR",
        feature_class="P",
        kind=CITY,
        population=200_000,
    )
    return builder.result(version)


@pytest.fixture
def tiny_builds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Point the cache at a temporary directory and count index builds."""
    builds: list[str] = []

    def build(version: str) -> dict[str, object]:
        builds.append(version)
        return _tiny_index(version)

    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gazetteer, "build_index", build)
    # The real first use builds in a child process; here the (tiny) build runs in this one.
    monkeypatch.setattr(gazetteer, "_build_in_child", lambda path, version: False)
    return builds


def test_cache_is_built_once_then_reused(tiny_builds: list[str]) -> None:
    first = gazetteer.load_gazetteer()
    assert gazetteer.cache_path().exists()
    second = gazetteer.load_gazetteer()
    assert len(tiny_builds) == 1
    assert (
        [c.name for c in second.candidates("strelsau")]
        == [c.name for c in first.candidates("Strelsau")]
        == ["Strelsau"]
    )


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file (a crash before the rename cannot leave one, but a full disk can)
        b"\x00garbage that is not marshal data",
        marshal.dumps({"version": "some other version"}),
        marshal.dumps({"unexpected": "layout"}),
        marshal.dumps([1, 2, 3]),
    ],
)
def test_corrupt_cache_is_rebuilt(tiny_builds: list[str], damage: bytes) -> None:
    path = gazetteer.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    loaded = gazetteer.load_gazetteer()
    assert tiny_builds and loaded.candidates("Ruritania")[0].geonameid == 1
    assert gazetteer.load_gazetteer().version == loaded.version
    assert len(tiny_builds) == 1


def test_new_data_version_rebuilds(tiny_builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    gazetteer.load_gazetteer()
    monkeypatch.setattr(gazetteer, "INDEX_FORMAT", gazetteer.INDEX_FORMAT + 1)
    gazetteer.load_gazetteer()
    assert len(tiny_builds) == 2 and tiny_builds[0] != tiny_builds[1]


def test_first_use_builds_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child writes the cache the parent then loads; the parent does not build the index itself."""
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    version = gazetteer.data_version()
    path = gazetteer.cache_path(version)

    def child(target: Path, child_version: str) -> bool:
        gazetteer._write_atomically(target, marshal.dumps(_tiny_index(child_version)))
        return True

    def no_build(version: str) -> dict[str, object]:
        raise AssertionError("the parent process built the index")

    monkeypatch.setattr(gazetteer, "_build_in_child", child)
    monkeypatch.setattr(gazetteer, "build_index", no_build)
    loaded = gazetteer.load_gazetteer()
    assert path.exists() and "Ruritania" in loaded
