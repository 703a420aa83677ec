"""The trained entities model: its file, its errors, its setting, and what it decides."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from spacy.language import Language

from newsgraph.cli import main
from newsgraph.entities import EntityStage
from newsgraph.entities.learned import default_model_path, load_model, save_model
from newsgraph.entities.training import FOLDS, MIN_FOLD_DOCUMENTS, judges_for, train_entities
from newsgraph.errors import TrainedModelError
from newsgraph.evaluation.gold import read_gold
from newsgraph.model import Analysis, Article
from newsgraph.pipeline import Draft, Pipeline
from newsgraph.settings import Settings
from newsgraph.store import open_store
from newsgraph.store.review import Correction, article_review, correct

SHIPPED = default_model_path()


def test_the_shipped_model_is_small_and_records_its_training() -> None:
    assert SHIPPED.stat().st_size < 40 * 1024 * 1024
    model = load_model()
    assert model.version.startswith("entities-")
    assert model.summary["trained_on"] == ["corpus/articles/train.jsonl"]
    assert model.summary["tuned_on"] == ["corpus/articles/dev.jsonl"]
    # chosen on dev and on the parts of train, each judged by models trained without it
    assert model.summary["folds"] == FOLDS
    assert 0.0 < model.summary["chosen_on"]["linking_f1"] <= 1.0


@pytest.mark.parametrize("documents", [FOLDS * MIN_FOLD_DOCUMENTS, 2 * FOLDS * MIN_FOLD_DOCUMENTS + 3])
def test_each_part_of_train_is_judged_by_models_trained_without_it(documents: int) -> None:
    train = [f"train-{i}" for i in range(documents)]
    dev = ["dev-0", "dev-1"]
    judges = judges_for(train, dev)  # type: ignore[arg-type]
    assert judges[0].train == train and judges[0].scored == dev
    parts = judges[1:]
    assert len(parts) == FOLDS
    for judge in parts:
        assert not set(judge.scored) & set(judge.train)
        assert sorted(judge.scored + judge.train) == sorted(train)
    # the parts cover train once each, and dev is never trained on
    assert sorted(doc for judge in parts for doc in judge.scored) == sorted(train)
    assert all(not set(dev) & set(judge.train) for judge in judges)


def test_a_small_train_split_is_not_cut_into_parts() -> None:
    train = [f"train-{i}" for i in range(FOLDS * MIN_FOLD_DOCUMENTS - 1)]
    assert len(judges_for(train, ["dev-0"])) == 1  # type: ignore[arg-type]


def test_the_model_file_rewrites_to_the_same_bytes(tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    version = save_model(load_model(), again)
    assert again.read_bytes() == SHIPPED.read_bytes()
    assert version == load_model().version


def test_a_bad_model_file_raises_trained_model_error(tmp_path: Path) -> None:
    with pytest.raises(TrainedModelError, match="does not exist"):
        load_model(tmp_path / "missing.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(SHIPPED.read_bytes()[:5000])
    with pytest.raises(TrainedModelError):
        load_model(broken)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(other, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "meta.json":
                data = data.replace(b'"task": "entities"', b'"task": "quotes"')
            target.writestr(name, data)
    with pytest.raises(TrainedModelError, match="not for 'entities'"):
        load_model(other)


def test_the_setting_chooses_shipped_rules_or_a_file(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_ENTITIES_MODEL", "rules")
    assert Settings.from_env().entities_model == "rules"
    assert EntityStage.from_settings(nlp, Settings.from_env()).model is None
    assert EntityStage.from_settings(nlp, Settings(entities_model="shipped")).model is not None
    assert EntityStage.from_settings(nlp, Settings(entities_model=str(SHIPPED))).model is not None
    with pytest.raises(TrainedModelError):
        EntityStage.from_settings(nlp, Settings(entities_model="/nowhere/entities.zip"))


def _entities(stage: EntityStage, nlp: Language, text: str) -> Analysis:
    analysis = Analysis(article=Article(text=text))
    stage(Draft(analysis=analysis, doc=nlp(text)))
    return analysis


def test_each_analysis_names_the_entities_model(nlp: Language) -> None:
    analysis = _entities(EntityStage(nlp), nlp, "Kim Jong Un met Vladimir Putin on Wednesday.")
    assert analysis.models["entities"] == load_model().version
    rules = _entities(EntityStage(nlp, rules_only=True), nlp, "Kim Jong Un met Vladimir Putin on Wednesday.")
    assert "entities" not in rules.models


def test_the_model_links_a_pronoun_to_the_person_it_follows(nlp: Language) -> None:
    text = "Angela Merkel arrived in Paris on Monday. She said the talks would go on."
    analysis = _entities(EntityStage(nlp), nlp, text)
    she = text.index("She")
    merkel = next(e for e in analysis.entities if e.name.endswith("Merkel"))
    assert (she, she + 3) in merkel.mentions


def _sample(path: Path, source: Path, start: int, stop: int) -> list[str]:
    lines = source.read_text(encoding="utf-8").splitlines()[start:stop]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_training_is_deterministic_and_learns_from_reviewed_entities(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSGRAPH_ENTITIES_MODEL", raising=False)
    corpus = REPO / "corpus" / "articles"
    train, dev = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    _sample(train, corpus / "train.jsonl", 0, 6)
    _sample(dev, corpus / "dev.jsonl", 0, 4)
    first = train_entities([train], [dev], tmp_path / "first.zip")
    second = train_entities([train], [dev], tmp_path / "second.zip")
    assert (tmp_path / "first.zip").read_bytes() == (tmp_path / "second.zip").read_bytes()
    assert first.version == second.version
    # Three more train articles, analyzed by the machine and every entity accepted by a reviewer.
    reviewed = _sample(tmp_path / "more.jsonl", corpus / "train.jsonl", 50, 53)
    db = str(tmp_path / "reviewed.db")
    with open_store(db) as store:
        store.ingest([Article(text=json.loads(line)["text"]) for line in reviewed], pipeline)
        for line in reviewed:
            article = Article(text=json.loads(line)["text"]).id
            for entity in article_review(store, article, "machine")["machine"]["entities"]:
                correct(store, Correction(article, "entity", entity["id"], "accept", 0, "ana"))
    out = tmp_path / "with.zip"
    result = CliRunner().invoke(
        main,
        [
            "train",
            "entities",
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
    extra = tmp_path / "with.zip.corrections.jsonl"
    assert len(read_gold(extra)) == 3
    assert load_model(out).summary["trained_on"] == [train.as_posix(), extra.as_posix()]
    assert out.read_bytes() != (tmp_path / "first.zip").read_bytes(), "the reviewed articles were learned"
    assert set(report["dev"]) == set(report["dev_rules"]) >= {"linking_f1", "mention_f1"}
    refused = CliRunner().invoke(main, ["train", "entities", "--with-corrections", db])
    assert refused.exit_code != 0 and "--out" in refused.output, "the shipped model is never replaced"
