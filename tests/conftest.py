"""Shared fixtures: the spaCy pipeline and newsgraph's Pipeline are loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp import load_model
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "gold"
# The web app answers loopback host names only (against DNS rebinding): test clients speak as 127.0.0.1.
LOOPBACK_URL = "http://127.0.0.1"
# The development sets live beside the repository in ../shared; tests that use them skip without it.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default spaCy pipeline."""
    return load_model(Settings().model)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """newsgraph's full default pipeline."""
    return Pipeline(Settings())


@pytest.fixture(scope="session")
def rules_pipeline() -> Pipeline:
    """The default pipeline with the events stage's rules alone deciding (no trained model)."""
    return Pipeline(Settings(events_model="rules"))


@pytest.fixture(autouse=True, scope="session")
def _default_database_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A test that forgets --db must not create or fill ./newsgraph.db in the working tree."""
    previous = os.environ.get("NEWSGRAPH_DB")
    os.environ["NEWSGRAPH_DB"] = f"sqlite:///{tmp_path_factory.mktemp('default-db') / 'newsgraph.db'}"
    yield
    if previous is None:
        os.environ.pop("NEWSGRAPH_DB", None)
    else:
        os.environ["NEWSGRAPH_DB"] = previous
