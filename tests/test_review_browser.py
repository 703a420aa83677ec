"""The review UI in real headless Chromium: events reviewed by keyboard, stored, exported, undone.

Skips when /usr/bin/chromium or Playwright is missing (as tests/test_web_browser.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from web_corpus import build_database, hostile_analysis
from web_server import CHROMIUM as CHROMIUM_PATH
from web_server import CHROMIUM_ARGS, serving

from newsgraph.cli import main
from newsgraph.store import open_store, schema
from newsgraph.store.review import article_review, count_corrections, history, item_states

CHROMIUM = Path(CHROMIUM_PATH)
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

TOKEN = "review-s3cret"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Reviewer:
    """One browser context on the review pages, recording console errors."""

    def __init__(self, browser: Any, base: str, name: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.name = name
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def renders(self) -> int:
        return int(self.page.get_attribute("#main", "data-renders") or 0)

    def open(self, fragment: str) -> None:
        before = self.renders() if self.page.url.startswith(self.base) else 0
        self.page.goto(f"{self.base}/{fragment}")
        self.page.wait_for_function(
            "(before) => Number(document.querySelector('#main')?.dataset.renders || 0) > before", arg=before
        )
        self.page.wait_for_selector(".review-item.current")

    def count(self, what: str) -> int:
        return int(self.page.get_attribute(".page-review", f"data-{what}") or 0)

    def give_token_if_asked(self, answers: int) -> None:
        """Wait for the token form or an answer (more than ``answers`` saved + failed); fill the form."""
        self.page.wait_for_function(
            """(before) => {
                const view = document.querySelector('.page-review');
                const answered = Number(view?.dataset.saved || 0) + Number(view?.dataset.failed || 0);
                return document.querySelector('#review-token-form') !== null || answered > before;
            }""",
            arg=answers,
        )
        if self.page.locator("#review-token-form").count():
            self.page.fill("#review-token", TOKEN)
            self.page.fill("#review-author", self.name)
            self.page.press("#review-author", "Enter")

    def press(self, key: str, *, expect: str = "saved") -> None:
        """Press a review key and wait until the server has answered it (saved or refused)."""
        saved, failed = self.count("saved"), self.count("failed")
        self.page.keyboard.press(key)
        self.give_token_if_asked(saved + failed)
        target = {"saved": saved, "failed": failed}[expect]
        self.page.wait_for_function(
            "([what, before]) => Number(document.querySelector('.page-review')?.dataset[what] || 0) > before",
            arg=[expect, target],
        )

    def edit_type(self) -> str:
        """Edit the current event's type by keyboard (to ACCUSE, or to REJECT if it is ACCUSE); return it."""
        saved = self.count("saved")
        shown = self.page.inner_text(".review-item.current .badge")
        new_type = "REJECT" if shown == "ACCUSE" else "ACCUSE"
        self.page.keyboard.press("e")
        self.page.wait_for_selector("#review-edit")
        self.page.select_option("#review-edit select[name=type]", new_type)
        self.page.press("#review-edit select[name=type]", "Enter")
        self.page.wait_for_function(
            "(before) => Number(document.querySelector('.page-review')?.dataset.saved || 0) > before",
            arg=saved,
        )
        return new_type

    def edit_field(self, name: str, value: str) -> None:
        """Edit one field of the current item by keyboard (giving the token if asked) and save it."""
        saved = self.count("saved")
        self.page.keyboard.press("e")
        self.page.wait_for_selector("#review-edit")
        self.page.select_option(f"#review-edit select[name={name}]", value)
        self.page.press(f"#review-edit select[name={name}]", "Enter")
        self.page.wait_for_selector("#review-edit", state="detached")
        self.give_token_if_asked(saved + self.count("failed"))
        self.page.wait_for_function(
            "(before) => Number(document.querySelector('.page-review')?.dataset.saved || 0) > before",
            arg=saved,
        )

    def current(self) -> tuple[str, str]:
        node = self.page.locator(".review-item.current")
        return str(node.get_attribute("data-article")), str(node.get_attribute("data-item"))

    def message(self) -> str:
        return self.page.inner_text("#review-message")

    def close(self) -> None:
        assert self.errors == [], f"the page logged errors: {self.errors}"
        self.context.close()


def _event_types(db: str, article: str) -> dict[str, str]:
    with open_store(db, read_only=True) as store:
        corrected = article_review(store, article, "corrected")["corrected"]
    return {e["id"]: e["type"] for e in corrected["events"]}


def test_twenty_events_reviewed_by_keyboard_survive_a_restart_export_and_undo(
    browser: Any, tmp_path: Path
) -> None:
    db = build_database(tmp_path / "review.db")
    done: dict[tuple[str, str], str] = {}
    edited_to: dict[tuple[str, str], str] = {}
    with serving(db, token=TOKEN) as base:
        ana = Reviewer(browser, base, "Ana")
        ana.open("#/review")
        assert ana.page.locator(".review-item").count() == 49  # the whole queue fits one page
        for number in range(20):
            article, item = ana.current()
            if number % 3 == 0:
                ana.press("r")
                done[(article, item)] = "rejected"
            elif number % 3 == 1:
                ana.press("a")
                done[(article, item)] = "accepted"
            else:
                edited_to[(article, item)] = ana.edit_type()
                done[(article, item)] = "edited"
            assert ana.current() != (article, item), "each answer moves on to the next event"
        assert "(version 1)" in ana.message()
        ana.close()
    # In the database, as rows: who, what before, what after.
    with open_store(db, read_only=True) as store:
        counts = count_corrections(store)
        assert (counts["rejected"], counts["accepted"], counts["edited"], counts["changes"]) == (7, 7, 6, 20)
        for (article, item), status in done.items():
            state = item_states(store, article)[("event", item)]
            assert state["status"] == status and state["version"] == 1 and state["updated_by"] == "Ana"
            if status == "edited":
                assert state["coding"]["type"] == edited_to[(article, item)] != state["machine"]["type"]
        with store.engine.connect() as conn:
            log = conn.execute(schema.corrections.select()).all()
        assert {row.author for row in log} == {"Ana"} and all(
            row.before["status"] == "machine" for row in log
        )
    # A new server over the same file shows the same corrections.
    with serving(db, token=TOKEN) as base:
        bob = Reviewer(browser, base, "Bob")
        bob.open("#/review?status=done")
        shown = {
            (str(n.get_attribute("data-article")), str(n.get_attribute("data-item"))): n.get_attribute(
                "data-status"
            )
            for n in bob.page.locator(".review-item").all()
        }
        assert shown == done
        # The export of the corrected articles as gold carries the corrections.
        result = CliRunner().invoke(main, ["export", "--format", "gold", "--db", db])
        assert result.exit_code == 0, result.output
        docs = [json.loads(line) for line in result.output.splitlines() if line.strip()]
        reviewed_articles = {a for a, _ in done}
        assert docs and {d["id"] for d in docs} <= reviewed_articles
        for doc in docs:
            items = {i for a, i in done if a == doc["id"]}
            kept = [i for i in items if done[(doc["id"], i)] != "rejected"]
            assert len(doc["events"]) == len(kept)
            for i in items:
                if done[(doc["id"], i)] == "edited":
                    assert edited_to[(doc["id"], i)] in [e["type"] for e in doc["events"]]
        # Undo, by keyboard, on the first reviewed event (the least confident: it was rejected).
        article, item = bob.current()
        assert done[(article, item)] == "rejected" and item not in _event_types(db, article)
        bob.press("u")
        assert bob.page.get_attribute(".review-item.current", "data-status") == "machine"
        with open_store(db, read_only=True) as store:
            review = article_review(store, article, "both")
        assert review["review"]["event"][item] == {"version": 2, "status": "machine"}
        machine = next(e for e in review["machine"]["events"] if e["id"] == item)
        corrected = next(e for e in review["corrected"]["events"] if e["id"] == item)
        assert corrected == machine
        bob.close()


def test_two_reviewers_at_once_keep_each_others_corrections_and_a_stale_edit_is_refused(
    browser: Any, tmp_path: Path
) -> None:
    db = build_database(tmp_path / "two.db")
    with serving(db, token=TOKEN) as base:
        ana, bob = Reviewer(browser, base, "Ana"), Reviewer(browser, base, "Bob")
        ana.open("#/review")
        bob.open("#/review")
        first = ana.current()
        assert bob.current() == first
        ana.press("a")  # Ana accepts the first event; Bob's page still shows it at version 0
        bob.press("r", expect="failed")
        assert "changed since you loaded it" in bob.message() and "Ana" in bob.message()
        assert bob.page.get_attribute("#review-message", "class") == "review-message stale"
        # Interleaved, one answer each in turn: Ana goes on from the top, Bob starts ten events down.
        for _ in range(10):
            bob.page.keyboard.press("j")
        mine: dict[str, list[tuple[str, str]]] = {"Ana": [first], "Bob": []}
        for _ in range(5):
            for who, key in ((ana, "a"), (bob, "r")):
                mine[who.name].append(who.current())
                who.press(key)
        assert not set(mine["Ana"]) & set(mine["Bob"])
        ana.close()
        bob.close()
    with open_store(db, read_only=True) as store:
        counts = count_corrections(store)
        assert counts["accepted"] == len(mine["Ana"]) and counts["rejected"] == len(mine["Bob"])
        assert counts["changes"] == len(mine["Ana"]) + len(mine["Bob"]), "the stale reject stored nothing"
        for name, items in mine.items():
            for article, item in items:
                state = item_states(store, article)[("event", item)]
                assert state["updated_by"] == name


def test_the_article_review_page_lights_the_sentence_and_corrects_quotes_and_entities(
    browser: Any, tmp_path: Path
) -> None:
    db = build_database(tmp_path / "article.db")
    hostile = hostile_analysis()
    article = hostile.article.id
    with serving(db, token=TOKEN) as base:
        ana = Reviewer(browser, base, "Ana")
        ana.open(f"#/review/article/{article}")
        page = ana.page
        assert page.evaluate("window.__pwned") is None and page.locator("main img, main script").count() == 0
        # The first event is current: its sentence is lit, its trigger marked, all as plain text.
        event = hostile.events[0]
        assert page.inner_text("#review-focus") == hostile.slice(event.sentence_span)
        assert page.inner_text("#review-focus .trigger-mark") == hostile.slice(event.trigger_span)
        page.keyboard.press("j")  # the quote: its text is lit
        assert page.get_attribute(".review-item.current", "data-kind") == "quote"
        assert page.inner_text("#review-focus") == hostile.slice(hostile.quotes[0].span)
        ana.edit_field("kind", "indirect")
        # Saved, and on to the first entity: give it a sector from the PLOVER list.
        assert page.get_attribute(".review-item.current", "data-kind") == "entity"
        ana.edit_field("sector", "CVL")
        ana.close()
    with open_store(db, read_only=True) as store:
        corrected = article_review(store, article, "corrected")["corrected"]
    assert corrected["quotes"][0]["kind"] == "indirect"
    assert corrected["entities"][0]["sector"] == "CVL"


SELECT_TEXT = """([start, end]) => {
    // Select characters start..end of the article's text, across the nodes the lit sentence makes.
    const block = document.querySelector('#review-text');
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0, node;
    while ((node = walker.nextNode())) {
        const length = node.textContent.length;
        if (seen <= start && start <= seen + length) range.setStart(node, start - seen);
        if (seen <= end && end <= seen + length) { range.setEnd(node, end - seen); break; }
        seen += length;
    }
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
}"""


def test_a_missed_event_is_added_from_the_words_selected_in_the_text(browser: Any, tmp_path: Path) -> None:
    db = build_database(tmp_path / "added.db")
    hostile = hostile_analysis()
    article, text = hostile.article.id, hostile.article.text
    # A word no machine event has as its trigger: the added event's.
    triggers = {tuple(e.trigger_span) for e in hostile.events if e.trigger_span}
    start = next(
        i
        for i in range(1, len(text))
        if text[i - 1] == " " and text[i].isalpha() and (i, text.index(" ", i)) not in triggers
    )
    end = text.index(" ", start)
    actor = hostile.entities[0]
    with serving(db, token=TOKEN) as base:
        ana = Reviewer(browser, base, "Ana")
        ana.open(f"#/review/article/{article}")
        page = ana.page
        events_before = page.locator("#review-events .review-item").count()
        page.keyboard.press("n")  # nothing selected: the page says what to do, and nothing is sent
        assert "Select the words" in ana.message()
        page.evaluate(SELECT_TEXT, [start, end])
        page.keyboard.press("n")
        page.wait_for_selector("#review-edit")
        page.select_option("#review-edit select[name=type]", "PROTEST")
        page.select_option("#review-edit select[name=actor]", actor.id)
        page.press("#review-edit select[name=type]", "Enter")
        ana.give_token_if_asked(0)
        page.wait_for_selector("#review-events .review-item[data-item=AV1].current")
        assert page.locator("#review-events .review-item").count() == events_before + 1
        assert page.get_attribute("#review-events .review-item[data-item=AV1]", "data-status") == "added"
        assert page.inner_text("#review-focus .trigger-mark") == text[start:end]
        ana.press("r")  # reviewed like any other item: rejected, kept in the log
        ana.close()
    with open_store(db, read_only=True) as store:
        review = article_review(store, article, "both")
        log = [h for h in history(store, article) if h["item"] == "AV1"]
    assert review["review"]["event"]["AV1"]["status"] == "rejected"
    assert [h["action"] for h in log] == ["reject", "add"]
    added = log[1]
    assert added["after"]["coding"]["trigger_span"] == [start, end]
    assert added["after"]["coding"]["type"] == "PROTEST" and added["after"]["coding"]["actor"] == [actor.id]


def _answer(reviewer: Reviewer, view: str, act: Any) -> None:
    """Do ``act`` (a key press or a saved edit form) and wait until the server has saved it, giving
    the token when the page asks for it."""
    saved = "(v) => Number(document.querySelector(v)?.dataset.saved || 0)"
    before = reviewer.page.evaluate(saved, view)
    act()
    reviewer.page.wait_for_function(
        f"([v, before]) => document.querySelector('#review-token-form') !== null || ({saved})(v) > before",
        arg=[view, before],
    )
    if reviewer.page.locator("#review-token-form").count():
        reviewer.page.fill("#review-token", TOKEN)
        reviewer.page.fill("#review-author", reviewer.name)
        reviewer.page.press("#review-author", "Enter")
    reviewer.page.wait_for_function(f"([v, before]) => ({saved})(v) > before", arg=[view, before])


def _current(page: Any) -> tuple[str, str]:
    node = page.locator(".review-row.current")
    return str(node.get_attribute("data-article")), str(node.get_attribute("data-item"))


def test_the_events_and_quotes_tables_review_rows_in_place_by_keyboard(browser: Any, tmp_path: Path) -> None:
    db = build_database(tmp_path / "tables.db")
    with serving(db, token=TOKEN) as base:
        ana = Reviewer(browser, base, "Ana")
        page = ana.page
        page.goto(f"{base}/#/events")
        page.wait_for_selector("#events-table tbody tr.review-row.current")
        assert page.locator("#events-table tbody tr.review-row").count() == 49
        rejected = _current(page)
        _answer(ana, ".page-events", lambda: page.keyboard.press("r"))
        accepted = _current(page)
        assert accepted != rejected, "an answer moves on to the next row"
        _answer(ana, ".page-events", lambda: page.keyboard.press("a"))
        edited = _current(page)
        shown = page.inner_text("#events-table tr.review-row.current .badge")
        new_type = "REJECT" if shown == "ACCUSE" else "ACCUSE"

        def edit_type() -> None:
            page.keyboard.press("e")
            page.wait_for_selector("#events-table tr.review-edit-row #review-edit")
            page.select_option("#review-edit select[name=type]", new_type)
            page.press("#review-edit select[name=type]", "Enter")

        _answer(ana, ".page-events", edit_type)
        assert page.locator(".review-edit-row").count() == 0, "the edit row goes once saved"
        page.keyboard.press("k")  # back up to the edited row: its status cell says so
        assert _current(page) == edited
        assert page.inner_text("#events-table tr.review-row.current .review-status") == "edited"
        # A reload reads the statuses back from the server.
        page.reload()
        page.wait_for_selector("#events-table tbody tr.review-row.current")
        statuses = {
            (row.get_attribute("data-article"), row.get_attribute("data-item")): row.get_attribute(
                "data-status"
            )
            for row in page.locator("#events-table tbody tr.review-row").all()
        }
        assert [statuses[rejected], statuses[accepted], statuses[edited]] == [
            "rejected",
            "accepted",
            "edited",
        ]
        assert list(statuses.values()).count("machine") == 46

        page.goto(f"{base}/#/quotes")
        page.wait_for_selector("#quote-list .review-row.current")
        assert page.locator("#quote-list .review-row").count() >= 2
        quote_accepted = _current(page)
        _answer(ana, ".page-quotes", lambda: page.keyboard.press("a"))
        quote_edited = _current(page)

        def edit_kind() -> None:
            page.keyboard.press("e")
            page.wait_for_selector("#quote-list #review-edit")
            kind = page.input_value("#review-edit select[name=kind]")
            page.select_option("#review-edit select[name=kind]", "direct" if kind != "direct" else "indirect")
            page.press("#review-edit select[name=kind]", "Enter")

        before_kind = page.inner_text("#quote-list .review-row.current p.muted")
        _answer(ana, ".page-quotes", edit_kind)
        ana.close()
    with open_store(db, read_only=True) as store:
        for (article, item), status in ((rejected, "rejected"), (accepted, "accepted"), (edited, "edited")):
            state = item_states(store, article)[("event", item)]
            assert (state["status"], state["version"], state["updated_by"]) == (status, 1, "Ana")
        assert item_states(store, edited[0])[("event", edited[1])]["coding"]["type"] == new_type
        assert item_states(store, quote_accepted[0])[("quote", quote_accepted[1])]["status"] == "accepted"
        state = item_states(store, quote_edited[0])[("quote", quote_edited[1])]
        assert state["status"] == "edited" and state["coding"]["kind"] != state["machine"]["kind"]
        assert state["machine"]["kind"] in before_kind
        assert count_corrections(store)["changes"] == 5
