"""The trained events model: a linear model over named features, read from one file in the package.

The file is a zip, written byte-for-byte the same by the same training run: ``meta.json`` (format
version; per decision its classes, feature names and threshold; the learned trigger words; a
training summary) and per decision ``NAME.f32`` (little-endian float32, one row per feature and a
last row of biases). Numpy is
all it needs at run time; scikit-learn only trains it (``newsgraph train events``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Messages, TrainedModelError
from ..learning import LinearModel, load_parts, write_model_zip

# Bumped whenever the file's layout or the features' meaning changes: an older file is refused.
FORMAT_VERSION = 1
NONE_CLASS = "NONE"


def default_model_path() -> Path:
    """Where the shipped events model lives inside the installed package."""
    return Path(str(resources.files("newsgraph") / "data" / "models" / "events.zip"))


@dataclass
class EventModel:
    """The three decisions of the events model: the type of a candidate (or none), and for a kept
    one which candidate mention is its actor and which its recipient."""

    type: LinearModel
    actor: LinearModel
    recipient: LinearModel
    # Trigger words learned from the training text: (lemma, is a noun, most frequent type).
    triggers: tuple[tuple[str, bool, str], ...] = ()
    # Words proposed as extra candidates in training that almost never were events: (lemma, is a noun).
    quiet: tuple[tuple[str, bool], ...] = ()
    # The rules' type stands when at least this share as probable as the model's best type.
    rule_share: float = 1.0
    # The probability a candidate the rules alone would code needs (None: the same as any other's).
    # Lower than the threshold, it lets the rules' reading stand on weaker evidence from the model.
    rules_threshold: float | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    version: str = ""

    @property
    def threshold(self) -> float:
        """The probability a candidate's type needs for the event to be kept."""
        return self.type.threshold

    def threshold_for(self, from_rules: bool, threshold: float | None = None) -> float:
        """The probability a candidate needs: ``threshold`` (default the model's), or for one the
        rules would code the lower of that and the model's rules threshold."""
        limit = self.threshold if threshold is None else threshold
        if from_rules and self.rules_threshold is not None:
            return min(limit, self.rules_threshold)
        return limit

    def parts(self) -> dict[str, LinearModel]:
        """The linear models by name, in file order."""
        return {"type": self.type, "actor": self.actor, "recipient": self.recipient}


def save_model(model: EventModel, path: Path) -> str:
    """Write the model (deterministic bytes); return its version, a hash of the whole file's content."""
    meta = {
        "format": FORMAT_VERSION,
        "models": {
            name: {
                "classes": list(part.classes),
                "features": list(part.features),
                "threshold": part.threshold,
            }
            for name, part in model.parts().items()
        },
        "triggers": [list(t) for t in model.triggers],
        "rule_share": model.rule_share,
        **({} if model.rules_threshold is None else {"rules_threshold": model.rules_threshold}),
        "quiet": [list(q) for q in model.quiet],
        "summary": model.summary,
    }
    # The events file predates the shared format's "task" key: its meta is written as it always was.
    model.version = write_model_zip(path, "events", meta, model.parts())
    return model.version


def load_model(path: Path | None = None) -> EventModel:
    """Read a model file; a missing, corrupt or other-version file raises TrainedModelError."""
    path = path or default_model_path()
    parts, meta, version = load_parts(
        path, "events", FORMAT_VERSION, ("type", "actor", "recipient"), tagged=False
    )
    try:
        triggers = tuple((str(a), bool(b), str(c)) for a, b, c in meta.get("triggers", []))
        rule_share = float(meta["rule_share"])
        # (Files written before it have none: every candidate needs the one threshold.)
        rules_threshold = None if meta.get("rules_threshold") is None else float(meta["rules_threshold"])
        quiet = tuple((str(a), bool(b)) for a, b in meta.get("quiet", []))
    except (KeyError, TypeError, ValueError) as exc:
        detail = f"it is not a complete newsgraph model file ({type(exc).__name__}: {exc})"
        raise TrainedModelError(
            Messages.TRAINED_MODEL.format(task="events", where=path, detail=detail)
        ) from exc
    return EventModel(
        type=parts["type"],
        actor=parts["actor"],
        recipient=parts["recipient"],
        triggers=triggers,
        rule_share=rule_share,
        rules_threshold=rules_threshold,
        quiet=quiet,
        summary=dict(meta.get("summary", {})),
        version=version,
    )
