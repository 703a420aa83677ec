"""The trained entities model: which names are entities of which type, and which entity each
pronoun and nominal refers to.

Two linear models over named features (``entities/features.py``), in one zip file written by
``newsgraph train entities`` in the format of ``newsgraph.learning``: ``kind`` gives each NER span
the probability of each coarse type and of being no entity (``DROP``; dropped when that reaches
its threshold), ``link`` scores a pronoun or nominal with each entity in reach (the best one takes
it when its score reaches the threshold), ``start`` decides whether a nominal no entity took names a
referent of its own ("a Polish chef", whom a later "he" may follow) and of which coarse type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..learning import LinearModel, load_parts, save_parts

# Bumped whenever the file's layout or the features' meaning changes: an older file is refused.
FORMAT_VERSION = 1
TASK = "entities"
PARTS = ("kind", "link", "start")
# The class of the kind model for an NER span that is no entity.
DROP = "DROP"
# The class of the start model for a nominal that names no referent of its own.
NONE = "NONE"


def default_model_path() -> Path:
    """Where the shipped entities model lives inside the installed package."""
    return Path(str(resources.files("newsgraph") / "data" / "models" / "entities.zip"))


@dataclass
class EntityModel:
    """The two decisions of the entities model, with what training recorded."""

    kind: LinearModel
    link: LinearModel
    start: LinearModel
    summary: dict[str, Any] = field(default_factory=dict)
    version: str = ""

    def parts(self) -> dict[str, LinearModel]:
        """The linear models by name, in file order."""
        return {"kind": self.kind, "link": self.link, "start": self.start}


def save_model(model: EntityModel, path: Path) -> str:
    """Write the model (deterministic bytes); return its version, a hash of the file's content."""
    model.version = save_parts(path, TASK, FORMAT_VERSION, model.parts(), {"summary": model.summary})
    return model.version


def load_model(path: Path | None = None) -> EntityModel:
    """Read an entities model file; a missing, corrupt or other-version file raises TrainedModelError."""
    parts, meta, version = load_parts(path or default_model_path(), TASK, FORMAT_VERSION, PARTS)
    return EntityModel(
        kind=parts["kind"],
        link=parts["link"],
        start=parts["start"],
        summary=dict(meta.get("summary", {})),
        version=version,
    )
