"""The web UI in real headless Chromium (Debian's, driven by Playwright): every page, clicked through.

Each page's screenshot is saved under build/test-artifacts/web/ (or $NEWSGRAPH_TEST_ARTIFACTS).
Skips when /usr/bin/chromium or Playwright is missing; .ci/run installs both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from web_corpus import ARTICLES, HOSTILE_NAME, HOSTILE_TEXT, build_database
from web_server import CHROMIUM as CHROMIUM_PATH
from web_server import CHROMIUM_ARGS, serving

CHROMIUM = Path(CHROMIUM_PATH)
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

ARTIFACTS = Path(os.environ.get("NEWSGRAPH_TEST_ARTIFACTS", REPO / "build" / "test-artifacts")) / "web"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = build_database(tmp_path_factory.mktemp("browser") / "ui.db")
    with serving(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class UI:
    """A browser tab on the UI that records console errors and waits for each render to finish."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def renders(self) -> int:
        return int(self.page.get_attribute("#main", "data-renders") or 0)

    def after(self, action: Callable[[], Any]) -> None:
        """Do ``action`` (a click, a navigation) and wait until the page it leads to is rendered."""
        before = self.renders() if self.page.url.startswith(self.base) else 0
        action()
        self.page.wait_for_function(
            "(before) => Number(document.querySelector('#main')?.dataset.renders || 0) > before", arg=before
        )

    def open(self, fragment: str) -> None:
        self.after(lambda: self.page.goto(f"{self.base}/{fragment}"))

    def texts(self, selector: str) -> list[str]:
        return [t.strip() for t in self.page.locator(selector).all_inner_texts()]

    def joined(self, selector: str) -> str:
        """The text of every match, concatenated as it reads on the page."""
        return "".join(self.page.locator(selector).all_text_contents())

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def ui(browser: Any, base_url: str) -> Iterator[UI]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = UI(context.new_page(), base_url)
    yield tab
    assert tab.errors == [], f"the page logged errors: {tab.errors}"
    context.close()


def test_articles_page_lists_the_database_and_opens_an_article(ui: UI) -> None:
    ui.open("#/")
    stats = dict(zip(ui.texts("#stats .stat span"), ui.texts("#stats .stat strong"), strict=True))
    assert stats["articles"] == str(ARTICLES + 1)
    assert len(ui.texts("#article-list tbody tr")) == min(30, ARTICLES + 1)
    ui.shot("articles")
    ui.after(lambda: ui.page.locator("#article-list tbody a").first.click())
    assert ui.page.locator("#article-text .trigger").count() >= 1
    assert ui.page.locator("#article-text .ent").count() >= 2


def test_article_view_keeps_html_from_the_article_inert(ui: UI) -> None:
    ui.open("#/?q=silenced")
    ui.after(lambda: ui.page.locator("#article-list tbody a").first.click())
    page = ui.page
    assert page.inner_text("#article-text") == HOSTILE_TEXT
    assert page.inner_text("h1.article-title").startswith("<script>")
    assert page.evaluate("window.__pwned") is None
    # The only script on the page is the UI's own module; no markup from the article became elements.
    assert page.locator("script").count() == 1
    assert page.locator("main img, main iframe, main b, main i").count() == 0
    assert HOSTILE_NAME in ui.texts("#article-quotes .speaker-link")
    ui.shot("article-hostile")


def test_article_view_highlights_and_links_events_and_quotes(ui: UI) -> None:
    ui.open("#/")
    ui.after(lambda: ui.page.locator("#article-list tbody a").nth(1).click())
    page = ui.page
    trigger = page.locator("#article-text .trigger").first
    trigger.click()
    event_id = trigger.get_attribute("data-event")
    assert "selected" in (page.get_attribute(f"#event-{event_id}", "class") or "")
    focused = ui.joined("#article-text .focus")
    assert trigger.inner_text() in focused
    page.locator("#article-quotes li").first.click()
    assert page.locator("#article-text .quote.selected").count() >= 1
    ui.shot("article")
    speaker = page.locator("#article-quotes .speaker-link").first
    name = speaker.inner_text()
    ui.after(speaker.click)
    assert set(ui.texts("#quote-list .speaker-link")) == {name}


def test_events_table_filters_sorts_and_links_to_the_sentence(ui: UI) -> None:
    ui.open("#/events")
    page = ui.page
    assert page.locator("#events-table tbody tr").count() == 49
    page.select_option("select[name=type]", "ASSAULT")
    ui.after(lambda: page.click(".filters button"))
    types = ui.texts("#events-table tbody .badge")
    assert types and set(types) == {"ASSAULT"}
    ui.after(lambda: page.click("#events-table th a:text('Date')"))
    # Dates read as words ("Monday, 9 Jan 2023"); the ISO date they sort by is the element's datetime.
    dates = [t.get_attribute("datetime") for t in page.locator("#events-table tbody .col-date time").all()]
    assert dates == sorted(dates, reverse="-date" in page.url) and len(dates) == len(types)
    ui.shot("events")
    sentence = page.locator("#events-table .sentence-link").first
    words = sentence.inner_text().rstrip("…")
    ui.after(sentence.click)
    assert words in ui.joined("#article-text .focus")
    assert page.locator("#article-text .focus.trigger.quad-4").count() >= 1


def test_merged_events_open_their_first_report(ui: UI) -> None:
    ui.open("#/events?merged=true&actor=Putin")
    actors = ui.texts("#events-table tbody .col-actor")
    assert actors and all("Putin" in a for a in actors)
    link = ui.page.locator("#events-table .sentence-link").first
    ui.after(link.click)
    ui.page.wait_for_selector("#article-text .focus")
    assert "Putin" in ui.joined("#article-text .focus")


def test_timeline_draws_bars_by_quad_and_by_type(ui: UI) -> None:
    ui.open("#/timeline")
    page = ui.page
    bars = page.locator("#timeline-chart rect.bar")
    assert bars.count() >= 12  # 2023, month by month
    fills = {bars.nth(i).get_attribute("fill") for i in range(bars.count())}
    assert len(fills) >= 3  # cooperation and conflict colours
    ui.shot("timeline")
    page.select_option("select[name=by]", "type")
    ui.after(lambda: page.click(".filters button"))
    titles = page.locator("#timeline-chart rect.bar title").all_text_contents()
    assert any("ASSAULT" in t for t in titles) and any("AGREE" in t for t in titles)


def test_map_draws_countries_and_event_places(ui: UI) -> None:
    ui.open("#/map")
    page = ui.page
    assert page.locator("#map-chart path.country").count() > 150
    assert page.locator("#map-chart circle.place-dot").count() == 3
    ui.shot("map")
    ui.after(lambda: page.locator("#map-chart a.place").first.click())
    places = set(ui.texts("#events-table tbody .col-place"))
    assert len(places) == 1


def test_network_links_actors_and_filters_by_type(ui: UI) -> None:
    ui.open("#/network")
    page = ui.page
    assert page.locator("#network-chart .node").count() >= 5
    assert page.locator("#network-chart line.edge").count() >= 5
    ui.shot("network")
    page.select_option("select[name=type]", "ASSAULT")
    ui.after(lambda: page.click(".filters button"))
    strokes = {e.get_attribute("stroke") for e in page.locator("#network-chart line.edge").all()}
    assert strokes == {"#b2182b"}  # assaults are conflict
    node = page.locator("#network-chart .node").first
    name = node.locator("text").text_content() or ""
    ui.after(node.locator("circle").click)
    assert all(name in a for a in ui.texts("#events-table tbody .col-actor"))


def test_quotes_search_by_words_and_open_the_article(ui: UI) -> None:
    ui.open("#/quotes")
    page = ui.page
    page.fill("input[name=text]", "silenced")
    ui.after(lambda: page.click(".filters button"))
    assert len(ui.texts("#quote-list blockquote")) == 1
    assert "<script>" in ui.texts("#quote-list blockquote")[0]
    ui.shot("quotes")
    ui.after(lambda: page.click("#quote-list a:text('in the article')"))
    assert page.locator("#article-text .quote.selected").count() >= 1
    assert page.evaluate("window.__pwned") is None
