"""Shared fixtures: the spaCy pipeline and newsgraph's Pipeline are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp import load_model
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "gold"
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
