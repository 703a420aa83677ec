"""The web UI as a newcomer reads it, in headless Chromium: a network whose labels can be read at
20-200 actors, dates in words, map dots that can each be clicked, no stray text, plain errors.

Screenshots go to build/test-artifacts/web/ (or $NEWSGRAPH_TEST_ARTIFACTS), as in
test_web_browser.py. Skips when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from store_corpus import Builder
from web_corpus import build_database
from web_server import CHROMIUM, CHROMIUM_ARGS, serving

from newsgraph.humandates import describe_time
from newsgraph.model import Analysis, Article, Entity, Event, Place, Quote, TimeExpr
from newsgraph.store import open_store

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

ARTIFACTS = Path(os.environ.get("NEWSGRAPH_TEST_ARTIFACTS", REPO / "build" / "test-artifacts")) / "web"
# Words that are no actors: the network must not show them even though events name them.
NON_ACTORS = ("talks", "attacks", "embassy")
# Name shapes of real actors, long and short, so labels of every width are laid out.
NAME_SHAPES = (
    "Minister {i}",
    "Ministry of Foreign Affairs of Country {i}",
    "President Anna Example-{i}",
    "Party {i}",
    "National Liberation Front of Region {i}",
    "General {i}",
    "Central Bank of Country {i}",
    "United Workers' Union {i}",
)


def network_analyses(actors: int, seed: int = 7) -> list[Analysis]:
    """Articles whose events link ``actors`` named actors (one connected web plus a few separate
    pairs), some through compound parties, and a few events whose parties are common nouns."""
    rng = random.Random(seed)
    names = [NAME_SHAPES[i % len(NAME_SHAPES)].format(i=i) for i in range(actors)]
    pairs: list[tuple[list[int], list[int]]] = []
    separate = 3 if actors >= 20 else 0  # pairs linked only to each other
    web = actors - 2 * separate
    for i in range(1, web):
        pairs.append(([i], [rng.randrange(max(1, i // 2 + 1))]))  # a tree with hubs near the root
    for _ in range(web // 3):
        a, b = rng.sample(range(web), 2)
        pairs.append(([a], [b]))
    for k in range(separate):
        pairs.append(([web + 2 * k], [web + 2 * k + 1]))
    pairs.append(([0, 1], [2, 3]))  # a compound actor and recipient: one node per party
    analyses = []
    for start in range(0, len(pairs), 12):
        analyses.append(_article(names, pairs[start : start + 12], start, rng))
    return analyses


def _article(
    names: list[str], pairs: list[tuple[list[int], list[int]]], n: int, rng: random.Random
) -> Analysis:
    text = Builder()
    entities: dict[str, Entity] = {}
    events: list[Event] = []

    def entity(name: str, span: tuple[int, int], country: str | None) -> str:
        found = entities.setdefault(
            name, Entity(id=f"E{len(entities) + 1}", name=name, type="ORG", country=country, sector="GOV")
        )
        found.mentions.append(span)
        return found.id

    def party(indexes: list[int]) -> list[str]:
        ids = []
        for j, index in enumerate(indexes):
            if j:
                text.add(" and ")
            # Half the actors are coded, each with a country of its own (the store merges reports of
            # one event by their parties' codes, so shared codes would merge different actors).
            ids.append(entity(names[index], text.add(names[index]), f"C{index:03d}" if index % 2 else None))
        return ids

    for k, (actors, recipients) in enumerate(pairs):
        start = text.length
        actor = party(actors)
        trigger = text.add(" met ")
        recipient = party(recipients)
        end = text.add(". ")[1]
        quad = rng.choice([1, 1, 2, 3, 4])
        events.append(
            Event(
                id=f"V{k + 1}",
                type=("CONSULT", "AID", "ACCUSE", "ASSAULT")[quad - 1],
                quad=quad,
                actor=actor,
                recipient=recipient,
                trigger_span=(trigger[0] + 1, trigger[1] - 1),
                sentence_span=(start, end),
            )
        )
    # Common nouns as parties: "talks" and "attacks" uncoded, "embassy" coded with a sector only.
    start = text.length
    talks = entity("talks", text.add("The talks"), None)
    trigger = text.add(" hurt ")
    attacks = entity("attacks", text.add("attacks"), None)
    text.add(" near the ")
    embassy = entity("embassy", text.add("embassy"), None)
    end = text.add(".")[1]
    events.append(
        Event(
            id="V99",
            type="ASSAULT",
            quad=4,
            actor=[talks],
            recipient=[attacks, embassy],
            trigger_span=(trigger[0] + 1, trigger[1] - 1),
            sentence_span=(start, end),
        )
    )
    return Analysis(
        article=Article(text=text.text, title=f"Network article {n}", published="2024-03-18", source="Test"),
        entities=list(entities.values()),
        events=events,
    )


def _database(path: Path, analyses: list[Analysis]) -> str:
    with open_store(str(path)) as store:
        store.ingest(analyses)
    return str(path)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"the page raised: {errors}"
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => Number(document.querySelector('#main')?.dataset.renders || 0) > 0")


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Every shown label's box, the chart's box and the window's width, as the page lays them out.
LABEL_BOXES = """() => {
  const chart = document.querySelector('#network-chart');
  const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  const labels = [...chart.querySelectorAll('.node text')];
  return {
    chart: box(chart.getBoundingClientRect()),
    windowWidth: document.documentElement.clientWidth,
    shown: labels.filter((t) => getComputedStyle(t).visibility !== 'hidden')
      .map((t) => ({ name: t.textContent, ...box(t.getBoundingClientRect()) })),
    nodes: [...chart.querySelectorAll('a.node')].map((a) => a.dataset.name),
    zoom: Number(chart.dataset.zoom),
  };
}"""


def _check_labels(layout: dict[str, Any]) -> None:
    """No shown label lies outside the chart (or the window), and no two shown labels overlap."""
    chart = layout["chart"]
    for label in layout["shown"]:
        assert label["left"] >= chart["left"] - 0.5 and label["right"] <= chart["right"] + 0.5, label
        assert label["top"] >= chart["top"] - 0.5 and label["bottom"] <= chart["bottom"] + 0.5, label
        assert label["right"] <= layout["windowWidth"], label
    shown = layout["shown"]
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            apart = (
                a["right"] <= b["left"] + 0.5
                or b["right"] <= a["left"] + 0.5
                or a["bottom"] <= b["top"] + 0.5
                or b["bottom"] <= a["top"] + 0.5
            )
            assert apart, f"labels overlap: {a} and {b}"


@pytest.mark.parametrize("actors", [20, 80, 200])
def test_network_labels_never_overlap_or_leave_the_view(
    browser: Any, tab: Any, tmp_path: Path, actors: int
) -> None:
    url = _database(tmp_path / "network.db", network_analyses(actors))
    with serving(url) as base:
        _open(tab, f"{base}/#/network")
        layout = tab.evaluate(LABEL_BOXES)
        _shot(tab, f"network-{actors}")
        nodes = layout["nodes"]
        # Every actor is a node once (compound parties split), and no common noun is one.
        assert sorted(nodes) == sorted({NAME_SHAPES[i % len(NAME_SHAPES)].format(i=i) for i in range(actors)})
        assert not set(NON_ACTORS) & set(nodes)
        _check_labels(layout)
        # Readable: with 20 actors every name shows; with 200, most do (the rest on zoom or hover).
        shown = len(layout["shown"])
        assert shown == actors if actors <= 20 else shown >= 0.6 * actors, (shown, actors)

        # Zooming in keeps labels apart and inside the view, and shows at least as many.
        chart = tab.locator("#network-chart")
        box = chart.bounding_box()
        visible = min(box["height"], 900 - box["y"])  # a tall chart runs below the window
        tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + visible / 2)
        tab.mouse.wheel(0, -300)
        tab.wait_for_function("() => Number(document.querySelector('#network-chart').dataset.zoom) > 1")
        zoomed = tab.evaluate(LABEL_BOXES)
        _check_labels(zoomed)
        _shot(tab, f"network-{actors}-zoomed")


def test_network_nodes_can_be_dragged_and_still_open_their_events(
    browser: Any, tab: Any, tmp_path: Path
) -> None:
    url = _database(tmp_path / "network.db", network_analyses(20))
    with serving(url) as base:
        _open(tab, f"{base}/#/network")
        circle = tab.locator("#network-chart a.node circle").first
        before = (float(circle.get_attribute("cx")), float(circle.get_attribute("cy")))
        box = circle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        tab.mouse.move(x, y)
        tab.mouse.down()
        tab.mouse.move(x + 60, y + 40, steps=6)
        tab.mouse.up()
        after = (float(circle.get_attribute("cx")), float(circle.get_attribute("cy")))
        assert after != before
        assert "#/network" in tab.url  # a drag is no click: the page stayed
        _check_labels(tab.evaluate(LABEL_BOXES))
        name = tab.locator("#network-chart a.node").first.get_attribute("data-name")
        tab.locator("#network-chart a.node").first.click()
        tab.wait_for_function("() => location.hash.startsWith('#/events')")
        assert "actor=" in tab.url and name.split()[0] in tab.url.replace("+", " ").replace("%20", " ")


@pytest.fixture(scope="module")
def ui_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("newcomer") / "ui.db"
    build_database(path)
    with open_store(str(path)) as store:
        store.ingest([_dated_article(), *_crowded_places()])
    with serving(str(path)) as base:
        yield base


def _dated_article() -> Analysis:
    text = Builder()
    kim = text.add("Kim")
    trigger = text.add(" visited ")
    seoul = text.add("Seoul")
    when = text.add(" on Saturday morning")
    first_end = text.add(". ")[0] + 1
    analysts = text.add("Analysts")
    cue = text.add(" said ")
    content = text.add("Kim refused nothing")
    refused = (content[0] + 4, content[0] + 11)
    end = text.add(".")[1]
    return Analysis(
        article=Article(text=text.text, title="A dated visit", published="2020-01-13", source="Test"),
        entities=[
            Entity(id="E1", name="Kim", type="PERSON", country="PRK", sector="GOV", mentions=[kim]),
            Entity(id="E2", name="Seoul", type="GPE", country="KOR", mentions=[seoul]),
        ],
        times=[TimeExpr(id="T1", span=(when[0] + 4, when[1]), type="TIME", value="2020-01-11TMO")],
        quotes=[Quote(id="Q1", span=content, kind="indirect", speaker_span=analysts, cue_span=(cue[0] + 1, cue[1] - 1))],
        events=[
            Event(id="V1", type="CONSULT", quad=1, actor=["E1"], recipient=["E2"], time="T1",
                  trigger_span=(trigger[0] + 1, trigger[1] - 1), sentence_span=(0, first_end)),
            Event(id="V2", type="REJECT", quad=3, actor=["E1"], trigger_span=refused,
                  sentence_span=(analysts[0], end)),
        ],
    )  # fmt: skip


# Eight places a few kilometres apart: on the world map their dots would sit on one another.
CROWDED = [(f"Town {k}", 50.0 + 0.05 * k, 30.0 + 0.05 * k) for k in range(8)]


def _crowded_places() -> list[Analysis]:
    analyses = []
    for k, (name, lat, lon) in enumerate(CROWDED):
        text = Builder()
        a = text.add("Alpha Group")
        trigger = text.add(" attacked ")
        b = text.add("Beta Group")
        text.add(" in ")
        town = text.add(name)
        end = text.add(".")[1]
        analysis = Analysis(
            article=Article(text=text.text, title=f"Clash in {name}", published="2021-06-0" + str(k + 1)),
            entities=[
                Entity(id="E1", name="Alpha Group", type="ORG", country="UKR", mentions=[a]),
                Entity(id="E2", name="Beta Group", type="ORG", country="UKR", mentions=[b]),
            ],
            places=[Place(id="P1", name=name, country="UKR", lat=lat, lon=lon, mentions=[town])],
            events=[
                Event(
                    id="V1",
                    type="ASSAULT",
                    quad=4,
                    actor=["E1"],
                    recipient=["E2"],
                    place="P1",
                    trigger_span=(trigger[0] + 1, trigger[1] - 1),
                    sentence_span=(0, end),
                )
            ],
        )
        analyses.append(analysis)
    return analyses


def test_dates_read_as_words_with_the_value_in_a_tooltip(tab: Any, ui_base: str) -> None:
    _open(tab, f"{ui_base}/#/?q=dated")
    assert "Monday, 13 Jan 2020" in tab.inner_text("#article-list")
    tab.locator("#article-list tbody a").first.click()
    tab.wait_for_selector("#article-events time")
    when = tab.locator("#article-events time").first
    assert when.inner_text() == "Saturday morning, 11 Jan 2020"
    assert when.get_attribute("title") == "2020-01-11TMO"
    assert "TMO" not in tab.inner_text("#main")
    _shot(tab, "article-dates")


def test_the_article_page_says_things_in_words(tab: Any, ui_base: str) -> None:
    """Entity kinds in words (spaCy's label as the tooltip), a speaker no entity stands for named
    by its phrase, and an event without a recipient without an arrow to a '?'."""
    _open(tab, f"{ui_base}/#/?q=dated")
    tab.locator("#article-list tbody a").first.click()
    tab.wait_for_selector("#article-events")
    legend = {s.get_attribute("title"): s.inner_text() for s in tab.locator(".legend .ent").all()}
    assert legend == {"GPE": "country, city or state", "PERSON": "person"}
    assert tab.locator("#article-quotes em").first.inner_text() == "“Analysts”"
    events = [e.replace("\n", " ") for e in tab.locator("#article-events li").all_inner_texts()]
    assert not [e for e in events if "?" in e], events
    assert any(e.startswith("REJECT Kim") and "→" not in e for e in events), events


JS_DATE_CASES = [
    ("2020-01-11TMO", "TIME"), ("2020-01-11", "DATE"), ("2020-01-11T15:30", "TIME"), ("FUTURE_REF", "DATE"),
    ("PAST_REF", "DATE"), ("PRESENT_REF", "DATE"), ("PXY", "DURATION"), ("P2D", "DURATION"),
    ("PT2H30M", "DURATION"), ("P1W", "SET"), ("19", "DATE"), ("199", "DATE"), ("2023-Q3", "DATE"),
    ("2023-H1", "DATE"), ("2023-SU", "DATE"), ("2020-W03", "DATE"), ("2020-W03-WE", "DATE"),
    ("1950/1953", "DATE"), ("XXXX-WXX-4", "SET"), ("XXXX-09-13", "DATE"), ("2024-04", "DATE"),
    ("2024", "DATE"), ("PXDE", "DURATION"), ("0099-02-28", "DATE"), ("2021-02-30", "DATE"), ("odd", "DATE"),
]  # fmt: skip


def test_the_pages_date_words_are_the_text_outputs(tab: Any, ui_base: str) -> None:
    """The UI's dates.js and humandates.py describe every kind of TIMEX3 value the same way."""
    _open(tab, f"{ui_base}/#/")
    produced = tab.evaluate(
        """async (cases) => {
          const dates = await import('/static/js/dates.js');
          return cases.map(([value, kind]) => dates.describeTime(value, kind));
        }""",
        [list(case) for case in JS_DATE_CASES],
    )
    assert produced == [describe_time(value, kind) for value, kind in JS_DATE_CASES]


def test_home_page_shows_no_stray_null(tab: Any, ui_base: str) -> None:
    _open(tab, f"{ui_base}/#/")
    assert "null" not in tab.inner_text("#main")
    assert "undefined" not in tab.inner_text("#main")


@pytest.mark.parametrize("article_id", ["zzz", "not-an-id", "0123456789abcdef"])
def test_a_bad_article_id_is_explained_in_words(tab: Any, ui_base: str, article_id: str) -> None:
    _open(tab, f"{ui_base}/#/article/{article_id}")
    message = tab.inner_text("#main .error")
    assert message.startswith(f"No article “{article_id}” here")
    assert (
        "pattern" not in message
        and "String should match" not in message
        and "newsgraph events" not in message
    )


def test_every_map_dot_can_be_clicked(tab: Any, ui_base: str) -> None:
    _open(tab, f"{ui_base}/#/map")
    _shot(tab, "map-crowded")
    hits = tab.evaluate(
        """() => [...document.querySelectorAll('#map-chart a.place')].map((link) => {
          const r = link.querySelector('circle').getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return [link.dataset.place, hit && hit.closest('a.place') === link];
        })"""
    )
    crowded = {name for name, _, _ in CROWDED}
    assert crowded <= {name for name, _ in hits}
    assert all(own for _, own in hits), [name for name, own in hits if not own]


def test_the_timeline_spaces_bars_as_time_is_and_names_months_in_words(tab: Any, ui_base: str) -> None:
    """Regression: periods without events were left out, so bars twelve years apart stood side by
    side; and the axis read '2020-01'."""
    _open(tab, f"{ui_base}/#/timeline")
    bars = tab.evaluate(
        """() => [...document.querySelectorAll('#timeline-chart rect.bar')].map((r) => ({
          period: r.querySelector('title').textContent.split(':')[0],
          x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) }))"""
    )
    x = {bar["period"]: bar["x"] for bar in bars}
    band = bars[0]["width"] + 2
    # The dated article (January 2020) and the crowded places (June 2021) are 17 months apart.
    assert round((x["Jun 2021"] - x["Jan 2020"]) / band) == 17
    assert "2020-01" not in tab.text_content("#timeline-chart")
    _shot(tab, "timeline-spaced")
