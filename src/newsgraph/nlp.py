"""Loading the spaCy pipeline that every later stage reads (sentences, tokens, parse, NER)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import Messages, ModelNotFound


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, once per process.

    Raises ModelNotFound (with how to install it) when the package is missing: newsgraph never
    downloads a model at run time.
    """
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(Messages.MODEL_NOT_FOUND.format(name=name)) from exc
