"""The trained events model: its file format, its errors, reproducible training, and its use.

The rules propose candidates (tests/test_events.py tests them alone); the model decides. These tests
check the contract around the model, not a score: the gates (tests/test_corpus_gate.py,
tests/test_eval_gate.py) pin the scores.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import REPO

from newsgraph.cli import main
from newsgraph.errors import TrainedModelError, TrainingDataError
from newsgraph.events import EventStage
from newsgraph.events.decide import decided_type
from newsgraph.events.features import proposal_features
from newsgraph.events.learned import (
    FORMAT_VERSION,
    EventModel,
    LinearModel,
    default_model_path,
    load_model,
    save_model,
)
from newsgraph.events.roles import dependency_path
from newsgraph.events.training import coder_for, retune_events, train_events
from newsgraph.model import Analysis, Article
from newsgraph.pipeline import Draft, Pipeline
from newsgraph.settings import Settings

SHIPPED = default_model_path()


def _tiny_model() -> EventModel:
    def part(classes: tuple[str, ...], features: tuple[str, ...], seed: int) -> LinearModel:
        weights = (
            np.random.default_rng(seed).normal(size=(len(features) + 1, len(classes))).astype(np.float32)
        )
        return LinearModel(classes=classes, features=features, weights=weights, threshold=0.3)

    return EventModel(
        type=part(("ASSAULT", "NONE", "PROTEST"), ("bias", "lemma=attack", "lemma=march"), 1),
        actor=part(("no", "yes"), ("bias", "path=vnsubj"), 2),
        recipient=part(("no", "yes"), ("bias", "path=vdobj"), 3),
        triggers=(("shootout", True, "ASSAULT"),),
        summary={"note": "test"},
    )


def test_a_model_file_round_trips_with_the_same_bytes(tmp_path: Path) -> None:
    model = _tiny_model()
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    version = save_model(model, first)
    save_model(model, second)
    assert first.read_bytes() == second.read_bytes()
    loaded = load_model(first)
    assert loaded.version == version
    assert loaded.triggers == model.triggers
    for name, part in model.parts().items():
        again = loaded.parts()[name]
        assert again.classes == part.classes and again.features == part.features
        assert np.array_equal(again.weights, part.weights)
    feats = ["bias", "lemma=attack", "unknown=feature"]
    assert np.allclose(loaded.type.probabilities(feats), model.type.probabilities(feats))
    assert loaded.type.probabilities(feats).sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "feats", [["bias"], ["bias", "path=vnsubj"], ["path=vnsubj", "path=vnsubj", "unknown"]]
)
def test_the_plain_python_role_score_is_the_softmax_of_the_weights(feats: list[str]) -> None:
    actor = _tiny_model().actor
    assert actor.probability_of(feats, "yes") == pytest.approx(float(actor.probabilities(feats)[1]), abs=1e-6)
    assert actor.probability_of(feats, "no") == pytest.approx(float(actor.probabilities(feats)[0]), abs=1e-6)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _broken_files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.zip"
    save_model(_tiny_model(), good)
    with zipfile.ZipFile(good) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(entries["meta.json"])
    newer = {**entries, "meta.json": json.dumps({**meta, "format": FORMAT_VERSION + 1}).encode()}
    truncated = {**entries, "type.f32": entries["type.f32"][:-8]}
    (tmp_path / "junk.zip").write_bytes(b"\x00\x01 not a zip file")
    return {
        "missing": tmp_path / "nowhere.zip",
        "not a zip": tmp_path / "junk.zip",
        "other format version": _zip(tmp_path / "newer.zip", newer),
        "truncated weights": _zip(tmp_path / "truncated.zip", truncated),
        "no weights": _zip(tmp_path / "partial.zip", {"meta.json": entries["meta.json"]}),
    }


@pytest.mark.parametrize(
    "case", ["missing", "not a zip", "other format version", "truncated weights", "no weights"]
)
def test_a_bad_model_file_is_a_typed_error_that_says_how_to_rebuild(tmp_path: Path, case: str) -> None:
    path = _broken_files(tmp_path)[case]
    with pytest.raises(TrainedModelError, match="newsgraph train events") as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_a_pipeline_given_a_broken_model_fails_instead_of_falling_back(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"garbage")
    with pytest.raises(TrainedModelError):
        Pipeline(Settings(events_model=str(junk)))


def test_the_shipped_model_is_in_the_package_and_loads() -> None:
    model = load_model()
    assert SHIPPED.is_file()
    assert SHIPPED.stat().st_size < 40 * 1024 * 1024
    assert model.version.startswith("events-")
    assert "NONE" in model.type.classes and "ASSAULT" in model.type.classes
    assert 0.0 < model.threshold < 1.0
    assert model.summary["trained_on"] == ["corpus/items/train.jsonl", "corpus/articles/train.jsonl"]


def test_each_analysis_records_the_model_and_its_confidence(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze("Russian troops shelled Kharkiv on Monday.", published="2024-05-01")
    model = load_model()
    assert analysis.models["events"] == model.version  # beside the quotes model's version
    assert analysis.to_dict()["models"]["events"] == model.version
    assert analysis.events, "shelling a city is an event"
    for event in analysis.events:
        assert model.threshold <= event.confidence <= 1.0
        line = next(line for line in event.evidence if line.startswith(f"model {model.version}: an event"))
        assert f"probability {event.confidence:.2f}" in line and f", {event.type};" in line
    assert Analysis.from_dict(analysis.to_dict()).models == analysis.models


def test_a_past_tense_air_strike_is_an_event(pipeline: Pipeline) -> None:
    # The corpus's items are present-tense headlines, and the model alone gives too little weight
    # to a past-tense "bombed"; the rules code it, and the rules' threshold keeps it.
    text = "Israeli warplanes bombed a Hamas command centre in Gaza on Monday, the army said."
    analysis = pipeline.analyze(text, published="2024-05-01")
    assert [e.type for e in analysis.events] == ["ASSAULT"]


def test_the_rules_alone_are_still_a_choice(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Police arrested 20 protesters in Minsk on Sunday."
    stage = EventStage(nlp, rules_only=True)
    analysis = Analysis(article=Article(text=text, published="2024-05-01"))
    stage(Draft(analysis, nlp(text)))
    assert [e.type for e in analysis.events] == ["COERCE"]
    assert analysis.models == {}


def test_a_threshold_of_one_keeps_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    model = load_model()
    model.type.threshold = model.rules_threshold = 1.01
    stage = EventStage(nlp, model=model)
    text = "Russian forces shelled Kharkiv and the mayor condemned the attack."
    analysis = Analysis(article=Article(text=text, published="2024-05-01"))
    stage(Draft(analysis, nlp(text)))
    assert analysis.events == []
    assert analysis.entities == [], "rejected candidates leave no entities behind"


@pytest.mark.parametrize(("from_rules", "kept"), [(True, True), (False, False)])
def test_a_candidate_the_rules_code_needs_only_the_rules_threshold(nlp, from_rules: bool, kept: bool) -> None:  # type: ignore[no-untyped-def]
    decide_module = sys.modules["newsgraph.events.decide"]  # (the package exports a function by that name)

    model = load_model()
    text = "Police arrested 20 protesters in Minsk on Sunday."
    sent = next(iter(nlp(text).sents))
    coder = coder_for(model.triggers, model.quiet)
    proposal = next(p for p in coder.sentence_proposals(sent, generous=True) if p.token.text == "arrested")
    proposal.from_rules = from_rules
    feats = proposal_features(proposal, 1)
    _type, probability = decided_type(model.type, feats, proposal.type, model.rule_share)
    # Between the two thresholds: kept only as a candidate the rules would code.
    model.type.threshold = probability + 0.01
    model.rules_threshold = probability - 0.01
    analysis = Analysis(article=Article(text=text, published="2024-05-01"))
    coder.sentence_proposals = lambda _sent, generous=False: [proposal]  # type: ignore[method-assign]
    events = decide_module.decide_sentence(coder, model, analysis, sent)
    assert bool(events) is kept


def test_the_rules_threshold_round_trips_and_older_files_have_none(tmp_path: Path) -> None:
    model = _tiny_model()
    save_model(model, tmp_path / "old.zip")
    assert load_model(tmp_path / "old.zip").rules_threshold is None
    model.rules_threshold = 0.15
    save_model(model, tmp_path / "new.zip")
    loaded = load_model(tmp_path / "new.zip")
    assert loaded.rules_threshold == 0.15
    assert loaded.threshold_for(True) == 0.15 and loaded.threshold_for(False) == model.threshold


def test_retuning_keeps_the_weights_and_gives_the_same_bytes_again(tmp_path: Path) -> None:
    dev = _sample(tmp_path, REPO / "corpus" / "items" / "dev.jsonl", 30, "dev.jsonl")
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    report = retune_events(default_model_path(), [dev], first)
    retune_events(first, [dev], second)
    assert first.read_bytes() == second.read_bytes()
    shipped, retuned = load_model(), load_model(first)
    assert np.array_equal(shipped.type.weights, retuned.type.weights)
    assert retuned.rules_threshold == report.rules_threshold
    assert retuned.summary["retuned_on"] == [dev.as_posix()]


@pytest.mark.parametrize(
    ("text", "trigger", "mention", "path"),
    [
        ("Police arrested the men.", "arrested", "Police", "vnsubj"),
        ("Police arrested the men.", "arrested", "men", "vdobj"),
        ("The men were arrested by police.", "arrested", "police", "vagentvpobj"),
    ],
)
def test_dependency_paths_read_the_parse(nlp, text: str, trigger: str, mention: str, path: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    find = {t.text: t for t in doc}
    assert dependency_path(find[trigger], find[mention]) == path


def _sample(tmp_path: Path, source: Path, count: int, name: str) -> Path:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:count]
    out = tmp_path / name
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_training_is_deterministic_and_the_model_it_writes_is_used(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    train = _sample(tmp_path, REPO / "corpus" / "items" / "train.jsonl", 120, "train.jsonl")
    dev = _sample(tmp_path, REPO / "corpus" / "items" / "dev.jsonl", 40, "dev.jsonl")
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    report = train_events([train], [dev], first)
    train_events([train], [dev], second)
    assert first.read_bytes() == second.read_bytes()
    model = load_model(first)
    assert model.version == report.version
    assert model.summary["trained_on"] == [train.as_posix()]
    assert report.threshold == model.threshold
    pipeline = Pipeline(Settings(events_model=str(first)))
    analysis = pipeline.analyze("Protesters marched on parliament in Tbilisi.", published="2024-05-01")
    assert analysis.models["events"] == model.version


def test_train_refuses_files_without_events(tmp_path: Path) -> None:
    empty = tmp_path / "quotes-only.jsonl"
    empty.write_text(json.dumps({"id": "a", "text": "He said so.", "quotes": []}) + "\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="no document has an 'events' list"):
        train_events([empty], [empty], tmp_path / "out.zip")


def test_the_train_command_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["train", "events", "--train", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "m.zip")]
    )
    assert result.exit_code == 1
    assert "none.jsonl" in result.output and "does not exist" in result.output
