"""The trained quotes model: which candidate quotes are quotes, and which mention speaks each one.

Three linear models over named features (``quotes/features.py``, ``quotes/boundaries.py``), in
one zip file written by ``newsgraph train quotes`` in the format of ``newsgraph.learning``:
``bounds`` scores each content span a reported quote may have (the best one is its content),
``keep`` gives the probability that a candidate is an attribution (kept when it reaches its
threshold), ``speaker`` scores each candidate mention of a cued quote (the best one speaks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..learning import LinearModel, load_parts, save_parts

# Bumped whenever the file's layout or the features' meaning changes: an older file is refused.
FORMAT_VERSION = 1
TASK = "quotes"
PARTS = ("bounds", "keep", "speaker")


def default_model_path() -> Path:
    """Where the shipped quotes model lives inside the installed package."""
    return Path(str(resources.files("newsgraph") / "data" / "models" / "quotes.zip"))


@dataclass
class QuoteModel:
    """The three decisions of the quotes model, with what training recorded."""

    bounds: LinearModel
    keep: LinearModel
    speaker: LinearModel
    summary: dict[str, Any] = field(default_factory=dict)
    version: str = ""

    def parts(self) -> dict[str, LinearModel]:
        """The linear models by name, in file order."""
        return {"bounds": self.bounds, "keep": self.keep, "speaker": self.speaker}


def save_model(model: QuoteModel, path: Path) -> str:
    """Write the model (deterministic bytes); return its version, a hash of the file's content."""
    model.version = save_parts(path, TASK, FORMAT_VERSION, model.parts(), {"summary": model.summary})
    return model.version


def load_model(path: Path | None = None) -> QuoteModel:
    """Read a quotes model file; a missing, corrupt or other-version file raises TrainedModelError."""
    parts, meta, version = load_parts(path or default_model_path(), TASK, FORMAT_VERSION, PARTS)
    return QuoteModel(
        bounds=parts["bounds"],
        keep=parts["keep"],
        speaker=parts["speaker"],
        summary=dict(meta.get("summary", {})),
        version=version,
    )
