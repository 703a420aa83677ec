"""Review: corrections as rows beside the machine coding, their API, re-analysis, gold, retraining.

The browser side (keyboard review, two reviewers at once) is tests/test_review_browser.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from store_corpus import make_analysis
from web_corpus import hostile_analysis

from newsgraph.cli import main
from newsgraph.errors import CorrectionRefused, StaleCorrection
from newsgraph.evaluation.gold import read_gold
from newsgraph.events.learned import default_model_path, load_model
from newsgraph.model import Analysis, Article
from newsgraph.ontology import QUAD
from newsgraph.pipeline import Pipeline
from newsgraph.store import open_store, resolve_url
from newsgraph.store import review as review
from newsgraph.store.review import (
    Correction,
    article_review,
    correct,
    corrections_as_gold,
    count_corrections,
    history,
    item_states,
    reanalyze,
    review_queue,
    undo,
)
from newsgraph.web import create_app

TOKEN = "t0ken"


PG_URL = os.environ.get("NEWSGRAPH_TEST_PG")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="NEWSGRAPH_TEST_PG unset")),
]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of hand-built analyses, on SQLite and (with NEWSGRAPH_TEST_PG) on PostgreSQL."""
    if request.param == "postgresql":
        assert PG_URL is not None
        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        url = PG_URL
    else:
        url = str(tmp_path / "review.db")
    with open_store(url) as store:
        store.ingest([*(make_analysis(i) for i in range(6)), hostile_analysis()])
    return url


def _first(store: Any, **filters: Any) -> dict[str, Any]:
    return review_queue(store, limit=1, **filters)["items"][0]


def _edit(row: dict[str, Any], version: int = 0, author: str = "ana", **changes: Any) -> Correction:
    return Correction(row["article"], "event", row["item"], "edit", version, author, changes)


def test_a_correction_is_a_row_applied_on_top_of_the_untouched_machine_coding(db: str) -> None:
    with open_store(db) as store:
        row = _first(store)
        machine_before = store.article(row["article"])
        reports_before = store.events(reports=True, limit=None)
        state = correct(store, _edit(row, type="ASSAULT", mode="firearms", context=["military"]))
        assert (state["version"], state["status"], state["updated_by"]) == (1, "edited", "ana")
        # The machine coding, its tables and its event list are as they were.
        assert store.article(row["article"]) == machine_before
        assert store.events(reports=True, limit=None) == reports_before
        review = article_review(store, row["article"], "both")
        machine = next(e for e in review["machine"]["events"] if e["id"] == row["item"])
        corrected = next(e for e in review["corrected"]["events"] if e["id"] == row["item"])
        assert machine["type"] == row["type"] != "ASSAULT"
        assert (corrected["type"], corrected["mode"], corrected["context"], corrected["quad"]) == (
            "ASSAULT",
            "firearms",
            ["military"],
            4,
        )
        assert review["review"]["event"][row["item"]] == {"version": 1, "status": "edited"}
        (logged,) = history(store, row["article"])
        assert logged["action"] == "edit" and logged["author"] == "ana" and logged["at"]
        assert logged["before"] == {"status": "machine", "coding": machine}
        assert logged["after"]["coding"]["type"] == "ASSAULT"


def test_a_second_edit_changes_the_corrected_item_not_the_machine_one(db: str) -> None:
    with open_store(db) as store:
        row = _first(store)
        correct(store, _edit(row, type="ASSAULT", mode="firearms"))
        state = correct(store, _edit(row, version=1, context=["terrorism"]))
        assert (state["coding"]["type"], state["coding"]["mode"], state["coding"]["context"]) == (
            "ASSAULT",
            "firearms",
            ["terrorism"],
        )
        # A mode is checked against the type the item has now, not the machine's.
        with pytest.raises(CorrectionRefused, match="unknown mode 'visit' for ASSAULT"):
            correct(store, _edit(row, version=2, mode="visit"))


def test_undo_walks_back_one_change_at_a_time_to_the_machine_coding(db: str) -> None:
    with open_store(db) as store:
        row = _first(store)
        correct(store, _edit(row, type="ACCUSE"))
        correct(store, Correction(row["article"], "event", row["item"], "reject", 1, "bob"))
        assert row["item"] not in {
            e["id"] for e in article_review(store, row["article"])["corrected"]["events"]
        }
        state = undo(store, row["article"], "event", row["item"], version=2, author="bob")
        assert (state["status"], state["coding"]["type"], state["version"]) == ("edited", "ACCUSE", 3)
        state = undo(store, row["article"], "event", row["item"], version=3, author="bob")
        assert (state["status"], state["version"]) == ("machine", 4)
        review = article_review(store, row["article"])
        assert review["corrected"]["events"] == review["machine"]["events"]
        with pytest.raises(CorrectionRefused, match="no correction left to undo"):
            undo(store, row["article"], "event", row["item"], version=4, author="bob")
        actions = [c["action"] for c in reversed(history(store, row["article"]))]
        assert actions == ["edit", "reject", "undo", "undo"]


def test_a_stale_edit_is_refused_with_who_changed_it_and_nothing_is_stored(db: str) -> None:
    with open_store(db) as store:
        row = _first(store)
        correct(store, Correction(row["article"], "event", row["item"], "accept", 0, "ana"))
        with pytest.raises(StaleCorrection, match=r"changed since you loaded it.*version 0.*version 1.*ana"):
            correct(store, _edit(row, version=0, author="bob", type="REJECT"))
        assert count_corrections(store)["changes"] == 1
        assert item_states(store, row["article"])[("event", row["item"])]["status"] == "accepted"


BAD_EVENT_CHANGES = [
    ({"type": "INVADE"}, "unknown event type 'INVADE'"),
    ({"type": "ASSAULT", "mode": "persuade"}, "unknown mode 'persuade' for ASSAULT"),
    ({"context": ["sports"]}, "unknown context 'sports'"),
    ({"actor": ["E99"]}, "E99, which the article has no entity for"),
    ({"confidence": 1.0}, "no editable field 'confidence'"),
    ({"negated": "yes"}, "'negated' must be true or false"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_EVENT_CHANGES)
def test_a_bad_event_correction_is_refused_and_never_stored(
    db: str, changes: dict[str, Any], message: str
) -> None:
    with open_store(db) as store:
        row = _first(store)
        with pytest.raises(CorrectionRefused, match=message):
            correct(store, _edit(row, **changes))
        assert count_corrections(store)["changes"] == 0 and item_states(store, row["article"]) == {}


def _client(db: str) -> TestClient:
    return TestClient(create_app(db, token=TOKEN), base_url="http://127.0.0.1")


def _post(client: TestClient, path: str, body: dict[str, Any], token: str | None = TOKEN) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/review/{path}", json=body, headers=headers)


def _hostile_id() -> str:
    return hostile_analysis().article.id


HOSTILE = hostile_analysis()
SPEAKER = HOSTILE.article.text.index("Mallory said")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "event", "item": "V1", "changes": {"type": "WAGE_WAR"}}, "unknown event type"),
        ({"kind": "event", "item": "V1", "changes": {"mode": "drone"}}, "unknown mode 'drone' for CONSULT"),
        ({"kind": "entity", "item": "E2", "changes": {"sector": "ARMY"}}, "unknown sector 'ARMY'"),
        ({"kind": "entity", "item": "E2", "changes": {"country": "ZZZ"}}, "unknown country code 'ZZZ'"),
        ({"kind": "quote", "item": "Q1", "changes": {"span": [10, 10_000]}}, "outside the article's text"),
        (
            {"kind": "quote", "item": "Q1", "changes": {"speaker_span": [0, 3]}},
            "is not a mention of any entity",
        ),
        ({"kind": "quote", "item": "Q1", "changes": {"speaker": "E2"}}, "is not a mention of the article"),
        ({"kind": "quote", "item": "Q1", "changes": {"kind": "rumour"}}, "unknown quote kind"),
        ({"kind": "event", "item": "V7", "changes": {"type": "AID"}}, "has no event 'V7'"),
        ({"kind": "place", "item": "P1", "changes": {"name": "x"}}, "unknown kind 'place'"),
    ],
)
def test_the_api_refuses_bad_corrections_in_the_error_shape_and_stores_nothing(
    db: str, body: dict[str, Any], message: str
) -> None:
    with _client(db) as client:
        answer = _post(
            client,
            "corrections",
            {"article": _hostile_id(), "action": "edit", "version": 0, "author": "ana", **body},
        )
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "correction_refused" and error["status"] == 422
        assert message in error["message"] and "nothing was stored" in error["message"]
        assert client.get("/api/review/corrections").json()["counts"]["changes"] == 0


def test_the_api_needs_the_token_to_write_and_answers_a_stale_edit_409(db: str) -> None:
    body = {
        "article": _hostile_id(),
        "kind": "event",
        "item": "V1",
        "action": "accept",
        "version": 0,
        "author": "ana",
    }
    with _client(db) as client:
        assert _post(client, "corrections", body, token=None).json()["error"]["code"] == "missing_token"
        assert _post(client, "corrections", body, token="wrong").json()["error"]["code"] == "wrong_token"
        assert client.get("/api/review/corrections").json()["counts"]["changes"] == 0
        first = _post(client, "corrections", body)
        assert first.status_code == 201 and first.json()["version"] == 1
        stale = _post(client, "corrections", {**body, "action": "reject", "author": "bob"})
        assert stale.status_code == 409
        assert (
            stale.json()["error"]["code"] == "stale_correction" and "ana" in stale.json()["error"]["message"]
        )
        speaker = _post(
            client,
            "corrections",
            {
                **body,
                "kind": "quote",
                "item": "Q1",
                "action": "edit",
                "changes": {"speaker_span": [SPEAKER, SPEAKER + 7]},
            },
        )
        assert speaker.status_code == 201 and speaker.json()["coding"]["speaker"] == "E1"
        view = client.get(f"/api/review/articles/{_hostile_id()}", params={"coding": "both"}).json()
        assert view["review"]["event"]["V1"] == {"version": 1, "status": "accepted"}
        assert set(view) >= {"machine", "corrected", "review", "unmatched"}
        assert (
            "corrected"
            not in client.get(f"/api/review/articles/{_hostile_id()}", params={"coding": "machine"}).json()
        )
        undone = _post(
            client, "undo", {k: body[k] for k in ("article", "kind", "item", "author")} | {"version": 1}
        )
        assert undone.status_code == 200 and undone.json()["status"] == "machine"
    # No token: reading works, writing is disabled.
    with TestClient(create_app(db), base_url="http://127.0.0.1") as reader:
        assert reader.get("/api/review/queue").status_code == 200
        assert _post(reader, "corrections", body).json()["error"]["code"] == "writing_disabled"


def test_the_queue_puts_low_confidence_first_and_filters_by_actor_type_date_and_status(db: str) -> None:
    with open_store(db) as store:
        queue = review_queue(store, limit=100)
        confidences = [r["confidence"] for r in queue["items"]]
        assert confidences == sorted(confidences) and queue["items"][0]["article"] == _hostile_id()
        assert queue["total"] == len(queue["items"]) == 13
        putin = review_queue(store, actor="Putin", limit=100)["items"]
        assert putin and all("Vladimir Putin" in r["actor"] for r in putin)
        assaults = review_queue(store, type="ASSAULT", since="2023-03-01", limit=100)["items"]
        assert all(r["type"] == "ASSAULT" and r["date"] >= "2023-03-01" for r in assaults)
        row = queue["items"][0]
        correct(store, Correction(row["article"], "event", row["item"], "accept", 0, "ana"))
        assert review_queue(store, limit=100)["total"] == 12
        assert [r["item"] for r in review_queue(store, status="done")["items"]] == [row["item"]]
        with pytest.raises(CorrectionRefused):
            review_queue(store, status="maybe")


def test_entities_merge_retype_and_recode_and_the_events_follow(db: str) -> None:
    with open_store(db) as store:
        article = _hostile_id()
        correct(
            store,
            Correction(
                article, "entity", "E2", "edit", 0, "ana", {"country": "UKR", "sector": "MIL", "type": "ORG"}
            ),
        )
        correct(store, Correction(article, "entity", "E1", "edit", 0, "ana", {"merge_into": "E2"}))
        corrected = article_review(store, article, "corrected")["corrected"]
        assert [e["id"] for e in corrected["entities"]] == ["E2"]
        (entity,) = corrected["entities"]
        assert (entity["sector"], entity["country"]) == ("MIL", "UKR") and len(entity["mentions"]) == 2
        assert corrected["events"][0]["actor"] == ["E2"] and corrected["quotes"][0]["speaker"] == "E2"
        with pytest.raises(CorrectionRefused, match="unknown sector"):
            correct(store, Correction(article, "entity", "E2", "edit", 1, "ana", {"sector": "NAVY"}))


def _two_mention_entity(analysis: Analysis) -> Any:
    return next(e for e in analysis.entities if len(e.mentions) >= 2)


def test_an_entity_split_gives_some_mentions_to_a_new_entity_and_undo_joins_them_again(
    db: str, tmp_path: Path
) -> None:
    analysis = make_analysis(3)
    article, text = analysis.article.id, analysis.article.text
    entity = _two_mention_entity(analysis)
    quoted = next(q for q in analysis.quotes if q.speaker == entity.id)
    # The mention that names the quote's speaker (just after the quote), split off below.
    moved = min((m for m in entity.mentions if m[0] >= quoted.span[1]), key=lambda m: m[0])
    kept = [m for m in entity.mentions if m != moved]
    with open_store(db) as store:
        correct(
            store,
            Correction(article, "quote", quoted.id, "edit", 0, "ana", {"speaker_span": list(moved)}),
        )
        state = correct(
            store,
            Correction(
                article,
                "entity",
                entity.id,
                "edit",
                0,
                "ana",
                {"split": {"mentions": [list(moved)], "name": "Someone Else", "country": "FRA"}},
            ),
        )
        assert (state["version"], state["status"]) == (1, "edited")
        logged = history(store, article)[0]
        assert logged["action"] == "edit" and logged["after"]["coding"]["split"]["mentions"] == [list(moved)]
        corrected = {e["id"]: e for e in article_review(store, article, "corrected")["corrected"]["entities"]}
        new_id = f"{entity.id}_split"
        assert [tuple(m) for m in corrected[entity.id]["mentions"]] == kept
        assert corrected[new_id]["mentions"] == [list(moved)]
        assert (corrected[new_id]["name"], corrected[new_id]["country"]) == ("Someone Else", "FRA")
        assert corrected[new_id]["type"] == entity.type
        # The quote whose speaker is the split-off mention now names the new entity.
        quotes = {q["id"]: q for q in article_review(store, article, "corrected")["corrected"]["quotes"]}
        assert quotes[quoted.id]["speaker"] == new_id
        # The machine coding is untouched.
        machine = article_review(store, article, "machine")["machine"]
        assert {e["id"] for e in machine["entities"]} == {e.id for e in analysis.entities}
        # The gold export carries the split once every entity of the article is reviewed.
        assert [d for d in corrections_as_gold(store, ["entities"]) if "entities" in d] == []
        for other in analysis.entities:
            if other.id != entity.id:
                correct(store, Correction(article, "entity", other.id, "accept", 0, "ana"))
        (doc,) = [d for d in corrections_as_gold(store, ["entities"]) if d["id"] == article]
        links = {tuple(m["span"]): m["link"] for m in doc["entities"]}
        assert links[moved] == new_id and all(links[m] == entity.id for m in kept)
        assert next(m for m in doc["entities"] if m["link"] == new_id)["name"] == "Someone Else"
        assert text[moved[0] : moved[1]] == entity.name  # the mention split off kept its text
        path = tmp_path / "gold.jsonl"
        result = CliRunner().invoke(main, ["export", "--format", "gold", "--db", db, "--out", str(path)])
        assert result.exit_code == 0, result.output
        (read,) = [g for g in read_gold(path) if g.id == article]
        assert read.entities is not None
        assert {m.link for m in read.entities if tuple(m.span) == moved} == {new_id}
        # Undo takes the split back: one entity with all its mentions again.
        undone = undo(store, article, "entity", entity.id, version=1, author="ana")
        assert undone["status"] == "machine"
        again = {e["id"]: e for e in article_review(store, article, "corrected")["corrected"]["entities"]}
        assert new_id not in again and len(again[entity.id]["mentions"]) == len(entity.mentions)


def test_a_split_naming_an_unknown_mention_or_leaving_nothing_is_refused_in_the_error_shape(db: str) -> None:
    analysis = make_analysis(3)
    article = analysis.article.id
    entity = _two_mention_entity(analysis)
    other = next(e for e in analysis.entities if e.id != entity.id)
    bad = [
        ({"mentions": [list(other.mentions[0])]}, f"is not a mention of {entity.id}"),
        ({"mentions": [[0, 5]]}, f"is not a mention of {entity.id}"),
        ({"mentions": [list(m) for m in entity.mentions]}, "must leave"),
        ({"mentions": []}, "non-empty list"),
        ({}, "non-empty list"),
        ({"mentions": [[5, 2]]}, "outside the article's text"),
        ({"mentions": [list(entity.mentions[0])], "type": "ALIEN"}, "unknown entity type"),
        ({"mentions": [list(entity.mentions[0])], "wikidata": "Q1"}, "a split has no field 'wikidata'"),
        ("E9", "must be an object"),
    ]
    with _client(db) as client:
        for split, message in bad:
            answer = _post(
                client,
                "corrections",
                {
                    "article": article,
                    "kind": "entity",
                    "item": entity.id,
                    "action": "edit",
                    "version": 0,
                    "author": "ana",
                    "changes": {"split": split},
                },
            )
            assert answer.status_code == 422, (split, answer.text)
            error = answer.json()["error"]
            assert error["code"] == "correction_refused" and message in error["message"], (split, error)
        assert client.get("/api/review/corrections").json()["counts"]["changes"] == 0
        good = _post(
            client,
            "corrections",
            {
                "article": article,
                "kind": "entity",
                "item": entity.id,
                "action": "edit",
                "version": 0,
                "author": "ana",
                "changes": {"split": {"mentions": [list(entity.mentions[0])]}},
            },
        )
        assert good.status_code == 201, good.text
        view = client.get(f"/api/review/articles/{article}", params={"coding": "corrected"}).json()
        assert f"{entity.id}_split" in {e["id"] for e in view["corrected"]["entities"]}


def _renumbered(analysis: Analysis) -> Analysis:
    """The same text analyzed again: a new event first (so every id moves), one old event gone."""
    data = analysis.to_dict()
    events = data["events"]
    fresh = dict(events[0], id="V1", type="AID", trigger_span=[0, 6], sentence_span=[0, 40])
    kept = [dict(e, id=f"V{i + 2}") for i, e in enumerate(events[1:])]
    data["events"] = [fresh, *kept]
    entities = data["entities"]
    data["entities"] = [dict(e, id=f"E{len(entities) - i}") for i, e in enumerate(entities)]
    swap = {e["id"]: f"E{len(entities) - i}" for i, e in enumerate(entities)}
    for event in data["events"]:
        event["actor"] = [swap.get(a, a) for a in event["actor"]]
        event["recipient"] = [swap.get(a, a) for a in event["recipient"]]
    for quote in data["quotes"]:
        quote["speaker"] = swap.get(quote["speaker"], quote["speaker"])
    return Analysis.from_dict(data)


def test_a_reanalysis_keeps_the_corrections_that_still_apply_and_lists_the_rest(db: str) -> None:
    analysis = make_analysis(2)
    with open_store(db) as store:
        article = analysis.article.id
        gone, stays = analysis.events[0], analysis.events[1]
        correct(store, Correction(article, "event", gone.id, "reject", 0, "ana"))
        recipient = stays.recipient[0]
        correct(
            store,
            Correction(
                article, "event", stays.id, "edit", 0, "ana", {"type": "REJECT", "actor": [recipient]}
            ),
        )
        report = reanalyze(store, _renumbered(analysis))
        assert report.unmatched == [{"kind": "event", "item": gone.id, "status": "rejected"}]
        assert report.kept == [{"kind": "event", "item": stays.id, "status": "edited", "now": "V2"}]
        review = article_review(store, article, "both")
        assert [e["id"] for e in review["machine"]["events"]] == ["V1", "V2"]
        assert review["review"]["event"] == {
            "V1": {"version": 0, "status": "machine"},
            "V2": {"version": 1, "status": "edited"},
        }
        corrected = {e["id"]: e for e in review["corrected"]["events"]}
        assert corrected["V1"]["type"] == "AID"  # the new event: nobody corrected it
        new_recipient_id = next(
            e["id"] for e in review["machine"]["entities"] if e["name"] == analysis.entity(recipient).name
        )
        assert corrected["V2"]["type"] == "REJECT" and corrected["V2"]["actor"] == [new_recipient_id]
        assert [u["status"] for u in review["unmatched"]] == ["rejected"]
        # The stored tables follow the new machine coding; the new V1 can be corrected afresh.
        assert {r["type"] for r in store.events(reports=True, limit=None) if r["article"] == article} >= {
            "AID"
        }
        assert correct(store, Correction(article, "event", "V1", "accept", 0, "bob"))["version"] == 1


def test_corrections_become_gold_that_the_gold_reader_takes(db: str, tmp_path: Path) -> None:
    with open_store(db) as store:
        analysis = make_analysis(3)
        article = analysis.article.id
        first, second = analysis.events
        correct(
            store,
            Correction(article, "event", first.id, "edit", 0, "ana", {"type": "PROTEST", "mode": "demo"}),
        )
        assert corrections_as_gold(store) == [], "an article whose events are not all reviewed is not gold"
        correct(store, Correction(article, "event", second.id, "reject", 0, "ana"))
        (doc,) = corrections_as_gold(store)
    assert doc["id"] == article and set(doc) == {"id", "text", "published", "events"}
    (event,) = doc["events"]
    assert (event["type"], event["mode"]) == ("PROTEST", "demo")
    assert doc["text"][slice(*event["actor_span"])] == event["actor"]
    path = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(main, ["export", "--format", "gold", "--db", db, "--out", str(path)])
    assert result.exit_code == 0, result.output
    (read,) = read_gold(path)
    assert read.events is not None and read.events[0].type == "PROTEST"
    plover = CliRunner().invoke(main, ["export", "--format", "plover", "--coding", "corrected", "--db", db])
    machine = CliRunner().invoke(main, ["export", "--format", "plover", "--db", db])
    assert plover.output.count('"PROTEST"') == machine.output.count('"PROTEST"') + 1
    assert len(plover.output.splitlines()) == len(machine.output.splitlines()) - 1


def test_train_with_corrections_refuses_to_replace_the_shipped_model(db: str) -> None:
    result = CliRunner().invoke(main, ["train", "events", "--with-corrections", db])
    assert result.exit_code == 1 and "--out" in result.output and "shipped" in result.output


def _sample(path: Path, source: Path, start: int, count: int) -> list[str]:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][
        start : start + count
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _review_like_the_corpus(store: Any, gold_lines: list[str], wanted: int) -> int:
    """Correct every machine event of the stored corpus articles as their corpus labels say (accept
    the type the labels give at that trigger, edit it to theirs, or reject an event they do not
    have), article by article, until at least ``wanted`` events are corrected."""
    done = 0
    for line in gold_lines:
        gold = json.loads(line)
        article = Article(text=gold["text"], published=gold.get("published")).id
        if not store.has_article(article):
            continue
        for event in article_review(store, article, "machine")["machine"]["events"]:
            start, end = event["trigger_span"]
            labelled = [
                g
                for g in gold["events"]
                if g.get("trigger_span") and g["trigger_span"][0] < end and start < g["trigger_span"][1]
            ]
            if not labelled:
                correct(store, Correction(article, "event", event["id"], "reject", 0, "corpus"))
            elif labelled[0]["type"] == event["type"] and labelled[0].get("mode") == event["mode"]:
                correct(store, Correction(article, "event", event["id"], "accept", 0, "corpus"))
            else:
                label = labelled[0]
                flags = {f: bool(label.get(f)) for f in ("negated", "hypothetical", "alleged")}
                changes = {"type": label["type"], "mode": label.get("mode"), **flags}
                correct(store, Correction(article, "event", event["id"], "edit", 0, "corpus", changes))
            done += 1
        if done >= wanted:
            break
    return done


def test_retraining_on_200_corrected_events_moves_the_dev_split_score(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    train = tmp_path / "train.jsonl"
    dev = tmp_path / "dev.jsonl"
    _sample(train, REPO / "corpus" / "items" / "train.jsonl", 0, 120)
    _sample(dev, REPO / "corpus" / "items" / "dev.jsonl", 0, 40)
    # Articles the sample does not hold (later lines of the train split), analyzed by the machine and
    # reviewed with the corpus's own labels standing in for the reviewer.
    reviewed = _sample(tmp_path / "more.jsonl", REPO / "corpus" / "items" / "train.jsonl", 120, 260)
    db = str(tmp_path / "reviewed.db")
    with open_store(db) as store:
        articles = [
            Article(text=json.loads(line)["text"], published=json.loads(line).get("published"))
            for line in reviewed
        ]
        store.ingest(articles, pipeline)
        corrected = _review_like_the_corpus(store, reviewed, 200)
        assert corrected >= 200
        gold = corrections_as_gold(store, tasks=("events",))
    assert sum(len(d["events"]) for d in gold) > 0
    out = tmp_path / "model.zip"
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_EVENTS_MODEL"}
    result = CliRunner(env=env).invoke(
        main,
        [
            "train",
            "events",
            "--train",
            str(train),
            "--dev",
            str(dev),
            "--out",
            str(out),
            "--with-corrections",
            db,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    extra = tmp_path / "model.zip.corrections.jsonl"
    assert len(read_gold(extra)) == len(gold)
    model = load_model(out)
    assert model.summary["trained_on"] == [train.as_posix(), extra.as_posix()]
    assert out.read_bytes() != default_model_path().read_bytes()
    # The same sample without the corrections, for the score the corrections moved.
    from newsgraph.events.training import train_events

    without = train_events([train], [dev], tmp_path / "without.zip")
    keys = ("triple_f1", "type_micro_f1", "type_macro_f1", "triple_precision", "triple_recall")
    moved = {k: (round(without.dev[k], 4), round(report["dev"][k], 4)) for k in keys}
    assert any(a != b for a, b in moved.values()), (
        f"the corrections changed nothing on the dev split: {moved}"
    )
    assert set(report["dev_before"]) >= set(keys)
    print("dev split without -> with the corrections:", moved)
    # `newsgraph eval --events-model` scores the new model with the full pipeline, as training did.
    after = CliRunner(env=env).invoke(
        main, ["eval", "events", str(dev), "--events-model", str(out), "--json"]
    )
    assert after.exit_code == 0, after.output
    assert json.loads(after.stdout)["metrics"]["triple_f1"] == pytest.approx(report["dev"]["triple_f1"])


def test_the_review_commands_list_show_and_reanalyze_keeping_what_still_applies(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "cli.db")
    text = "Russian troops shelled Kharkiv on Monday. The mayor condemned the attack."
    with open_store(db) as store:
        store.ingest([Article(text=text, published="2024-05-01")], pipeline)
        article = Article(text=text).id
        events = article_review(store, article, "machine")["machine"]["events"]
        assert events, "the pipeline codes the shelling"
        correct(store, Correction(article, "event", events[0]["id"], "edit", 0, "ana", {"type": "COERCE"}))
    runner = CliRunner()
    listed = runner.invoke(main, ["review", "list", "--db", db])
    assert listed.exit_code == 0 and "ana" in listed.stdout and "edit" in listed.stdout
    assert "machine -> edited" in listed.stdout
    shown = runner.invoke(main, ["review", "show", article[:8], "--coding", "corrected", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["corrected"]["events"][0]["type"] == "COERCE"
    # The same models again: every corrected item is still there, under the same id.
    monkeypatch.setattr("newsgraph.pipeline.get_pipeline", lambda settings=None: pipeline)
    again = runner.invoke(main, ["review", "reanalyze", article, "--db", db])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert report["unmatched"] == []
    assert report["kept"] == [
        {"kind": "event", "item": events[0]["id"], "status": "edited", "now": events[0]["id"]}
    ]
    with open_store(db, read_only=True) as store:
        assert article_review(store, article, "corrected")["corrected"]["events"][0]["type"] == "COERCE"


def test_reviewed_texts_of_the_dev_or_test_split_are_never_trained_on(db: str, tmp_path: Path) -> None:
    from newsgraph.cli.review import corrections_gold_file
    from newsgraph.errors import TrainingDataError

    hostile = hostile_analysis()
    other = make_analysis(4)
    with open_store(db) as store:
        for analysis in (hostile, other):
            for event in analysis.events:
                correct(store, Correction(analysis.article.id, "event", event.id, "accept", 0, "ana"))
    dev = tmp_path / "dev.jsonl"
    dev.write_text(
        json.dumps({"id": "d1", "text": hostile.article.text, "events": []}) + "\n", encoding="utf-8"
    )
    written, used, left = corrections_gold_file(db, "events", tmp_path / "m.zip", [dev])
    assert (used, left) == (1, 1)
    assert [d.id for d in read_gold(written)] == [other.article.id]
    dev.write_text(
        "".join(
            json.dumps({"id": a.article.id, "text": a.article.text, "events": []}) + "\n"
            for a in (hostile, other)
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        TrainingDataError, match="all 2 reviewed articles have the text of a dev or test document"
    ):
        corrections_gold_file(db, "events", tmp_path / "m.zip", [dev])


def _coded_setup(store: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Edit one report to ASSAULT, reject another, edit the hostile article's quote's kind."""
    edited, rejected = review_queue(store, limit=2)["items"]
    new_type = "ASSAULT" if edited["type"] != "ASSAULT" else "AGREE"
    correct(store, _edit(edited, type=new_type))
    correct(store, Correction(rejected["article"], "event", rejected["item"], "reject", 0, "ana"))
    quote = HOSTILE.quotes[0]
    new_kind = "indirect" if quote.kind != "indirect" else "direct"
    correct(store, Correction(HOSTILE.article.id, "quote", quote.id, "edit", 0, "ana", {"kind": new_kind}))
    return {**edited, "new": new_type}, rejected, {"id": f"{HOSTILE.article.id}:{quote.id}", "new": new_kind}


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_the_event_and_quote_lists_choose_machine_corrected_or_both_and_the_fast_path_agrees(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph.web import fastpath

    with open_store(db) as store:
        machine_rows = store.events(reports=True, limit=None)
        edited, rejected, quote = _coded_setup(store)
    edited_id, rejected_id = (
        f"{edited['article']}:{edited['item']}",
        f"{rejected['article']}:{rejected['item']}",
    )
    client = _client(db)
    default = client.get("/api/events", params={"reports": "true", "limit": 200}).json()
    assert default["reports"] == machine_rows, "the default is the machine coding, as before"
    corrected = client.get(
        "/api/events", params={"reports": "true", "limit": 200, "coding": "corrected"}
    ).json()
    rows = _by_id(corrected["reports"])
    assert rejected_id not in rows and len(rows) == len(machine_rows) - 1
    assert (rows[edited_id]["type"], rows[edited_id]["review"]) == (
        edited["new"],
        {"status": "edited", "version": 1},
    )
    assert corrected["total"] == default["total"], "filters and totals are the machine coding's"
    both = client.get("/api/events", params={"reports": "true", "limit": 200, "coding": "both"}).json()
    rows = _by_id(both["reports"])
    assert rows[edited_id]["type"] == edited["type"] and rows[edited_id]["corrected"]["type"] == edited["new"]
    assert rows[rejected_id]["corrected"] is None and rows[rejected_id]["review"]["status"] == "rejected"
    untouched = next(r for r in both["reports"] if r["id"] not in (edited_id, rejected_id))
    assert untouched["review"] == {"status": "machine", "version": 0}
    assert untouched["corrected"] == {k: untouched[k] for k in untouched["corrected"]}
    refused = client.get("/api/events", params={"coding": "both"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_parameter"
    assert "needs reports=true" in refused.json()["error"]["message"]
    assert client.get("/api/events", params={"reports": "true", "coding": "gold"}).status_code == 400
    quotes = _by_id(client.get("/api/quotes", params={"coding": "both", "limit": 100}).json()["quotes"])
    assert quotes[quote["id"]]["corrected"]["kind"] == quote["new"] != quotes[quote["id"]]["kind"]
    corrected_quotes = _by_id(
        client.get("/api/quotes", params={"coding": "corrected", "limit": 100}).json()["quotes"]
    )
    assert corrected_quotes[quote["id"]]["kind"] == quote["new"]
    # The event list's shortcut in front of FastAPI gives the route's answer byte for byte.
    query = {"reports": "true", "limit": 50, "coding": "both"}
    answered: list[Any] = []
    answer = fastpath.event_list

    async def counted(*args: Any) -> Any:
        answered.append(await answer(*args))
        return answered[-1]

    monkeypatch.setattr(fastpath, "event_list", counted)
    fast = _client(db).get("/api/events", params=query)
    assert len(answered) == 1, "the shortcut answered"
    monkeypatch.setattr(fastpath, "EVENTS_PATH", "/api/no-shortcut")
    routed = _client(db).get("/api/events", params=query)
    assert fast.status_code == routed.status_code == 200 and fast.content == routed.content
    assert len(answered) == 1


def test_the_cli_lists_and_the_csv_and_parquet_exports_choose_the_coding(db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    with open_store(db) as store:
        edited, rejected, quote = _coded_setup(store)
    edited_id, rejected_id = (
        f"{edited['article']}:{edited['item']}",
        f"{rejected['article']}:{rejected['item']}",
    )
    runner = CliRunner()

    def run(*args: str) -> Any:
        result = runner.invoke(main, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result

    machine = json.loads(run("events", "--reports", "--limit", "200", "--format", "json").output)["reports"]
    assert all("review" not in row for row in machine)
    both = _by_id(
        json.loads(
            run("events", "--reports", "--limit", "200", "--coding", "both", "--format", "json").output
        )["reports"]
    )
    assert both[edited_id]["corrected"]["type"] == edited["new"] and both[rejected_id]["corrected"] is None
    table = run("events", "--reports", "--limit", "200", "--coding", "both").output
    assert "CORRECTED_TYPE" in table and "REVIEW_STATUS" in table and "rejected" in table
    listed = runner.invoke(main, ["events", "--coding", "corrected", "--db", db])
    assert listed.exit_code == 2 and "needs --reports" in listed.output
    quotes = _by_id(json.loads(run("quotes", "--coding", "corrected", "--format", "json").output)["quotes"])
    assert quotes[quote["id"]]["kind"] == quote["new"]
    # CSV of reports, both codings side by side: flat corrected_* and review_* columns.
    csv_path = tmp_path / "both.csv"
    run("export", "--format", "csv", "--reports", "--coding", "both", "--out", str(csv_path))
    import csv

    with csv_path.open(encoding="utf-8") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert (rows[edited_id]["type"], rows[edited_id]["corrected_type"]) == (edited["type"], edited["new"])
    assert (rows[rejected_id]["review_status"], rows[rejected_id]["corrected_type"]) == ("rejected", "")
    parquet_path = tmp_path / "corrected.parquet"
    run("export", "--format", "parquet", "--reports", "--coding", "corrected", "--out", str(parquet_path))
    table_rows = _by_id(pq.read_table(parquet_path).to_pylist())
    assert rejected_id not in table_rows and table_rows[edited_id]["type"] == edited["new"]
    assert table_rows[edited_id]["review_status"] == "edited"
    plain = tmp_path / "machine.csv"
    run("export", "--format", "csv", "--reports", "--out", str(plain))
    assert "review_status" not in plain.read_text(encoding="utf-8").splitlines()[0]
    refused = runner.invoke(main, ["export", "--format", "csv", "--coding", "corrected", "--db", db])
    assert refused.exit_code != 0 and "needs --reports" in refused.output


def _chart_corrections(store: Any) -> None:
    """Reject one of Putin's reports, give another a type no report has, and change a third's context only."""
    first, second, third = review_queue(store, actor="Putin", limit=3)["items"]
    correct(store, Correction(first["article"], "event", first["item"], "reject", 0, "ana"))
    correct(store, _edit(second, type="PROTEST", mode="demo"))
    correct(store, _edit(third, context=["military"]))  # the same event still: no count moves


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: round(v, 6) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


CHARTS = [
    ("/api/timeline", {"by": "type", "interval": "month"}, "counts"),
    ("/api/timeline", {"by": "quad", "interval": "year"}, "counts"),
    ("/api/places", {}, "places"),
    ("/api/network", {}, "edges"),
    # A filter the corrections do not touch (they change no actor) selects the same reports both ways.
    ("/api/timeline", {"by": "type", "actor": "Putin"}, "counts"),
    ("/api/network", {"actor": "Putin"}, "edges"),
]


@pytest.mark.parametrize(("path", "params", "key"), CHARTS)
def test_the_timeline_map_and_network_choose_machine_corrected_or_both(
    db: str, tmp_path: Path, path: str, params: dict[str, Any], key: str
) -> None:
    with open_store(db) as store:  # more articles: reports that share events, several of Putin's
        store.ingest(make_analysis(i) for i in range(6, 40))
    with _client(db) as client:
        machine_before = client.get(path, params=params).json()
    with open_store(db) as store:
        _chart_corrections(store)
        corrected_analyses = list(review.analyses(store, "corrected"))
    # The oracle: a database whose machine coding is the corrected one charts what coding=corrected
    # charts (the edited report's new type is one no other report has, so it clusters alone there too).
    oracle = str(tmp_path / "oracle.db")
    with open_store(oracle) as store:
        store.ingest(corrected_analyses)
    with _client(db) as client, _client(oracle) as expected:
        machine = client.get(path, params=params).json()
        corrected = client.get(path, params={**params, "coding": "corrected"}).json()
        both = client.get(path, params={**params, "coding": "both"}).json()
        wanted = expected.get(path, params=params).json()
        bad = client.get(path, params={**params, "coding": "mended"})
    assert machine == machine_before, "the default stays the machine coding"
    # A place's coordinates are the mean of its reports', a rejected one's included: the same place.
    assert _rounded(corrected[key]) == _rounded(wanted[key]) and corrected["coding"] == "corrected"
    assert corrected[key] != machine[key], "the corrections changed the chart"
    assert both[key] == machine[key] and both["corrected"] == {key: corrected[key]}
    if key == "edges":
        names = {a["name"] for a in both["actors"]}
        assert all(
            name in names
            for e in corrected[key]
            for side in (e["actor"], e["recipient"])
            for name in side.split("; ")
        )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_parameter"


def _added_event(analysis: Analysis, **changes: Any) -> Correction:
    """An event the machine missed, in the filler before the article's first sentence."""
    text = analysis.article.text
    start = text.index(" ") + 1  # the second word of the text
    end = text.index(" ", start)
    actor = analysis.entities[0].id
    return Correction(
        analysis.article.id,
        "event",
        "",
        "add",
        0,
        "ana",
        {"type": "PROTEST", "mode": "demo", "trigger_span": [start, end], "actor": [actor], **changes},
    )


def test_a_missed_event_and_quote_are_added_become_gold_and_undo_takes_them_back(db: str) -> None:
    analysis = make_analysis(3)
    article, text = analysis.article.id, analysis.article.text
    speaker = analysis.entities[1]
    with open_store(db) as store:
        state = correct(store, _added_event(analysis))
        assert (state["item"], state["status"], state["version"]) == ("AV1", "added", 1)
        quote_span = [analysis.events[0].sentence_span[0], analysis.events[0].sentence_span[1]]
        added_quote = Correction(
            article,
            "quote",
            "",
            "add",
            0,
            "ana",
            {"span": quote_span, "kind": "indirect", "speaker_span": list(speaker.mentions[0])},
        )
        assert correct(store, added_quote)["item"] == "AQ1"
        review = article_review(store, article, "both")
        assert "AV1" not in {e["id"] for e in review["machine"]["events"]}, "the machine coding is untouched"
        added = next(e for e in review["corrected"]["events"] if e["id"] == "AV1")
        assert (added["type"], added["mode"], added["quad"], added["actor"]) == (
            "PROTEST",
            "demo",
            QUAD["PROTEST"],
            [analysis.entities[0].id],
        )
        assert added["sentence_span"] == added["trigger_span"]  # no sentence given: the trigger's words
        quote = next(q for q in review["corrected"]["quotes"] if q["id"] == "AQ1")
        assert quote["speaker"] == speaker.id and quote["span"] == quote_span
        assert review["review"]["event"]["AV1"] == {"version": 1, "status": "added"}
        assert count_corrections(store)["added"] == 2
        # Once every machine event is reviewed, the layer is gold with the added event in it.
        for event in analysis.events:
            correct(store, Correction(article, "event", event.id, "accept", 0, "bob"))
        (doc,) = corrections_as_gold(store, ["events"])
        protest = [e for e in doc["events"] if e["type"] == "PROTEST" and e["mode"] == "demo"]
        assert len(doc["events"]) == len(analysis.events) + 1 and len(protest) == 1
        assert protest[0]["trigger_span"] == list(_added_event(analysis).changes["trigger_span"])
        assert text[slice(*protest[0]["actor_span"])] == protest[0]["actor"]
    plover = CliRunner().invoke(main, ["export", "--format", "plover", "--coding", "corrected", "--db", db])
    machine = CliRunner().invoke(main, ["export", "--format", "plover", "--db", db])
    assert len(plover.output.splitlines()) == len(machine.output.splitlines()) + 1, (
        "the corrected export has it"
    )
    with open_store(db) as store:
        # An added item is reviewed like any other; undo takes the addition back.
        assert (
            correct(store, Correction(article, "event", "AV1", "edit", 1, "bob", {"type": "ASSAULT"}))[
                "status"
            ]
            == "edited"
        )
        undo(store, article, "event", "AV1", version=2, author="bob")
        undo(store, article, "event", "AV1", version=3, author="bob")
        review = article_review(store, article, "corrected")
        assert "AV1" not in {e["id"] for e in review["corrected"]["events"]}
        assert (
            "AV1" not in review["review"]["event"] or review["review"]["event"]["AV1"]["status"] == "machine"
        )
        with pytest.raises(CorrectionRefused, match="add it again"):
            correct(store, Correction(article, "event", "AV1", "accept", 4, "bob"))
        assert correct(store, _added_event(analysis))["item"] == "AV2", "a new addition gets a new id"
        assert [h["action"] for h in history(store, article) if h["item"] == "AV1"] == [
            "undo",
            "undo",
            "edit",
            "add",
        ]


def test_an_added_event_survives_a_reanalysis_with_its_entities_mapped(db: str) -> None:
    analysis = make_analysis(2)
    article = analysis.article.id
    with open_store(db) as store:
        correct(store, _added_event(analysis))
        report = reanalyze(store, _renumbered(analysis))
        assert {"kind": "event", "item": "AV1", "status": "added", "now": "AV1"} in report.kept
        review = article_review(store, article, "corrected")
        added = next(e for e in review["corrected"]["events"] if e["id"] == "AV1")
        name = analysis.entities[0].name
        (actor,) = added["actor"]
        assert next(e["name"] for e in review["corrected"]["entities"] if e["id"] == actor) == name
        assert actor != analysis.entities[0].id, "the entity ids moved in the re-analysis"


@pytest.mark.parametrize(
    ("kind", "item", "changes", "message"),
    [
        ("event", "", {"type": "PROTST", "trigger_span": [0, 4]}, "unknown event type"),
        ("event", "", {"type": "PROTEST"}, "needs 'trigger_span'"),
        ("event", "", {"type": "PROTEST", "trigger_span": [0, 10**6]}, "outside the article's text"),
        ("event", "", {"type": "PROTEST", "trigger_span": [0, 4], "actor": ["E99"]}, "no entity for"),
        ("event", "", {"type": "PROTEST", "trigger_span": [0, 4], "mode": "war"}, "unknown mode"),
        ("event", "", {"type": "PROTEST", "trigger_span": [0, 4], "place": "P1"}, "has no field 'place'"),
        (
            "event",
            "",
            {"type": "PROTEST", "trigger_span": [5, 9], "sentence_span": [0, 4]},
            "outside its sentence",
        ),
        ("event", "V1", {"type": "PROTEST", "trigger_span": [0, 4]}, "named by the store"),
        ("quote", "", {"span": [0, 4], "kind": "direct", "speaker_span": [0, 2]}, "not a mention"),
        ("quote", "", {"span": [0, 4]}, "needs 'kind'"),
        ("entity", "", {"name": "X"}, "only events and quotes can be added"),
    ],
)
def test_a_bad_addition_is_refused_in_the_error_shape_and_never_stored(
    db: str, kind: str, item: str, changes: dict[str, Any], message: str
) -> None:
    article = make_analysis(1).article.id
    with _client(db) as client:
        body = {
            "article": article,
            "kind": kind,
            "item": item,
            "action": "add",
            "version": 0,
            "author": "ana",
        }
        answer = _post(client, "corrections", {**body, "changes": changes})
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "correction_refused" and message in error["message"], error
        assert client.get("/api/review/corrections").json()["counts"]["changes"] == 0
        good = _post(
            client,
            "corrections",
            {**body, "kind": "event", "item": "", "changes": {"type": "PROTEST", "trigger_span": [0, 4]}},
        )
        assert good.status_code == 201 and good.json()["item"] == "AV1", good.text


def test_merged_and_split_mentions_keep_their_own_types() -> None:
    # A reviewer merges the demonym's entity into its country: "Israeli" stays a NORP mention of
    # Israel; splitting it off again gives it back its type on the new entity.
    from newsgraph.model import Entity
    from newsgraph.store.review.applying import corrected_analysis

    text = "Israeli forces attacked. Israel said so."
    analysis = Analysis(
        article=Article(text=text),
        entities=[
            Entity(id="E1", name="Israeli", type="NORP", mentions=[(0, 7)]),
            Entity(id="E2", name="Israel", type="GPE", mentions=[(25, 31)]),
        ],
    )
    merge = {"status": "edited", "matched": True, "coding": {"merge_into": "E2"}}
    (israel,) = corrected_analysis(analysis, {("entity", "E1"): merge}).entities
    assert israel.mentions == [(0, 7), (25, 31)]
    assert (israel.type_of((0, 7)), israel.type_of((25, 31))) == ("NORP", "GPE")

    split = {
        "status": "edited",
        "matched": True,
        "coding": {"split": {"id": "E3", "name": "Israeli", "type": "PERSON", "mentions": [[0, 7]]}},
    }
    merged = Analysis(article=analysis.article, entities=[israel])
    after = corrected_analysis(merged, {("entity", "E2"): split})
    country, taken = after.entity("E2"), after.entity("E3")
    assert country is not None and taken is not None
    assert (country.mentions, country.mention_types) == ([(25, 31)], [])
    assert taken.mentions == [(0, 7)] and taken.type_of((0, 7)) == "NORP"
