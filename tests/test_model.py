"""The data model round-trips through its JSON form without losing anything."""

from __future__ import annotations

import json

from newsgraph.model import SCHEMA, Analysis, Article, Entity, Event, Place, Quote, TimeExpr, content_id


def _sample() -> Analysis:
    text = 'Kim Jong Un vowed support. "We stand together," he said.'
    return Analysis(
        article=Article(text=text, published="2023-09-13", source="AP"),
        entities=[
            Entity(
                id="E1",
                name="Kim Jong Un",
                type="PERSON",
                country="PRK",
                sector="GOV",
                mentions=[(0, 11), (49, 51)],
            )
        ],
        quotes=[
            Quote(
                id="Q1", span=(28, 46), kind="direct", speaker="E1", speaker_span=(49, 51), cue_span=(52, 56)
            )
        ],
        times=[TimeExpr(id="T1", span=(0, 0), type="DATE", value="2023-09-13")],
        places=[Place(id="P1", name="Pyongyang", lat=39.03, lon=125.75, mentions=[])],
        events=[
            Event(id="V1", type="SUPPORT", actor=["E1"], trigger_span=(18, 25), evidence=["verb 'vowed'"])
        ],
    )


def test_round_trip_through_json_is_lossless() -> None:
    analysis = _sample()
    data = json.loads(json.dumps(analysis.to_dict(explain=True)))
    assert data["schema"] == SCHEMA
    assert Analysis.from_dict(data) == analysis


def test_evidence_is_only_shown_when_explaining() -> None:
    assert "evidence" not in _sample().to_dict()["events"][0]
    assert _sample().to_dict(explain=True)["events"][0]["evidence"] == ["verb 'vowed'"]


def test_article_id_is_a_content_hash() -> None:
    assert Article(text="abc").id == content_id("abc") == Article(text="abc", title="other").id
    assert Article(text="abc").id != Article(text="abd").id


def test_entity_at_prefers_exact_then_inner_mention() -> None:
    analysis = _sample()
    assert analysis.entity_at((49, 51)).id == "E1"  # type: ignore[union-attr]
    assert analysis.entity_at((0, 20)).id == "E1"  # type: ignore[union-attr]
    assert analysis.entity_at((30, 40)) is None


def test_the_exception_tree_in_errors_py_shows_every_error_under_its_parent() -> None:
    """errors.py draws the tree a user reads to see everything that can go wrong: keep it whole."""
    import inspect
    import re

    from newsgraph import errors

    doc = errors.__doc__ or ""
    tree = doc[doc.index("::") + 2 :].strip("\n").split("\n\n")[0]
    depth: dict[str, int] = {}
    for line in tree.splitlines():
        name = re.search(r"[A-Z]\w+", line)
        assert name, line
        depth[name.group()] = (name.start() - 4) // 4
    classes = {
        name: cls
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.NewsgraphError)
    }
    assert set(depth) == set(classes), f"drawn or defined, not both: {sorted(set(depth) ^ set(classes))}"
    for name, cls in classes.items():
        parent = cls.__mro__[1].__name__
        if cls is not errors.NewsgraphError:
            assert depth[name] == depth[parent] + 1, f"{name} is not drawn under {parent}"
