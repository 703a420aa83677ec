"""Trained linear models in one zip file, for any stage: the file format the events model set.

A model file holds ``meta.json`` (format version, the task, per part its classes, feature names and
threshold, and whatever else the stage records) and per part ``NAME.f32`` (little-endian float32,
one row per feature and a last row of biases). The same parts and meta give the same bytes, and
the model's version is a hash of them. ``LinearModel`` is the scoring every stage shares (the events
model imports it from here), so this module depends on no stage and any stage may import it.
"""

from __future__ import annotations

import hashlib
import json
import math
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from .errors import Messages, TrainedModelError, TrainingDataError


@dataclass
class LinearModel:
    """Multinomial logistic regression: class probabilities from the sum of the features' weights."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: np.ndarray  # (len(features) + 1, len(classes)); the last row holds the biases
    threshold: float

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}
        self._logits: dict[str, float] | None = None
        self._logit_label = ""

    def probability_of(self, feats: list[str], label: str) -> float:
        """The probability of one class of a two-class model, summed in plain Python: the role
        models score every mention of a sentence, where numpy's per-call cost would dominate."""
        if self._logits is None:
            column = self.classes.index(label)
            other = 1 - column
            margin = self.weights[:, column] - self.weights[:, other]
            self._logits = {name: float(margin[i]) for i, name in enumerate(self.features)}
            self._logits[""] = float(margin[-1])
            self._logit_label = label
        if label != self._logit_label:
            return 1.0 - self.probability_of(feats, self._logit_label)
        logits = self._logits
        # map() over dict.get, not a generator: this sum runs for every mention of every sentence.
        total = logits[""] + sum(map(logits.get, set(feats), repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(min(total, 60.0), -60.0)))

    def indices(self, feats: list[str]) -> list[int]:
        """The rows of the features the model knows (unknown ones weigh nothing)."""
        index = self._index
        # The positions of all the features, -1 for those the model does not know (dropped).
        rows = set(map(index.get, feats, repeat(-1)))
        rows.discard(-1)
        return sorted(rows)

    def probabilities(self, feats: list[str]) -> np.ndarray:
        """The probability of each class for one candidate's features."""
        rows = self.indices(feats)
        scores = self.weights[rows].sum(axis=0) + self.weights[-1]
        scores = scores - scores.max()
        exp = np.exp(scores)
        probs: np.ndarray = exp / exp.sum()
        return probs

    def weighed_most(self, feats: list[str], label: str, top: int = 3) -> list[tuple[str, float]]:
        """The features that pushed hardest towards ``label`` (for ``--explain``)."""
        column = self.classes.index(label)
        rows = self.indices(feats)
        weights = [(self.features[r], float(self.weights[r, column])) for r in rows]
        weights.sort(key=lambda item: -item[1])
        return weights[:top]


__all__ = ["LinearModel", "fit", "fit_binary", "load_parts", "save_parts"]

# Zip entries carry this date so that the same weights give the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def save_parts(
    path: Path, task: str, format_version: int, parts: dict[str, LinearModel], meta: dict[str, Any]
) -> str:
    """Write linear models and their meta (deterministic bytes); return the version ("TASK-<hash>")."""
    described = {
        "format": format_version,
        "task": task,
        "models": {
            name: {
                "classes": list(part.classes),
                "features": list(part.features),
                "threshold": part.threshold,
            }
            for name, part in parts.items()
        },
        **meta,
    }
    return write_model_zip(path, task, described, parts)


def write_model_zip(path: Path, task: str, meta: dict[str, Any], parts: dict[str, LinearModel]) -> str:
    """Write ``meta`` as meta.json and each part's weights as NAME.f32 (fixed dates: the same input
    gives the same bytes); return the version, ``TASK-`` and a hash of the contents."""
    meta_bytes = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
    entries = [("meta.json", meta_bytes)]
    for name, part in parts.items():
        entries.append((f"{name}.f32", np.ascontiguousarray(part.weights, dtype="<f4").tobytes()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return model_version(task, [data for _name, data in entries])


def read_part(
    archive: zipfile.ZipFile, name: str, described: dict[str, Any], fail: Callable[[str], TrainedModelError]
) -> tuple[LinearModel, bytes]:
    """One part of a model file, as described in its meta, with its raw bytes (for the version)."""
    data = archive.read(f"{name}.f32")
    classes, features = tuple(described["classes"]), tuple(described["features"])
    weights = np.frombuffer(data, dtype="<f4")
    if weights.size != (len(features) + 1) * len(classes):
        raise fail(f"the {name} weights do not fit its features and classes (truncated?)")
    part = LinearModel(
        classes=classes,
        features=features,
        weights=weights.reshape(len(features) + 1, len(classes)),
        threshold=float(described["threshold"]),
    )
    return part, data


def model_version(task: str, contents: list[bytes]) -> str:
    """``TASK-`` and the first 12 hex digits of the SHA-256 of a model file's contents."""
    digest = hashlib.sha256()
    for data in contents:
        digest.update(data)
    return f"{task}-" + digest.hexdigest()[:12]


def load_parts(
    path: Path, task: str, format_version: int, names: Sequence[str], *, tagged: bool = True
) -> tuple[dict[str, LinearModel], dict[str, Any], str]:
    """Read the named parts, the meta and the version of a model file.

    A missing or corrupt file, one of another format version or one written for another task
    raises TrainedModelError, which says how to rebuild it. ``tagged``: the meta names its task
    (the events file predates that key and is read with ``tagged=False``).
    """

    def fail(detail: str) -> TrainedModelError:
        return TrainedModelError(Messages.TRAINED_MODEL.format(task=task, where=path, detail=detail))

    if not path.is_file():
        raise fail("the file does not exist")
    try:
        with zipfile.ZipFile(path) as archive:
            meta_bytes = archive.read("meta.json")
            meta = json.loads(meta_bytes)
            if not isinstance(meta, dict) or meta.get("format") != format_version:
                found = meta.get("format") if isinstance(meta, dict) else None
                raise fail(f"it has model format {found!r}, this newsgraph reads format {format_version}")
            if tagged and meta.get("task") != task:
                raise fail(f"it is a model for {meta.get('task')!r}, not for {task!r}")
            contents = [meta_bytes]
            parts = {}
            for name in names:
                parts[name], data = read_part(archive, name, meta["models"][name], fail)
                contents.append(data)
    except TrainedModelError:
        raise
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError, OSError, EOFError) as exc:
        raise fail(f"it is not a complete newsgraph model file ({type(exc).__name__}: {exc})") from exc
    return parts, meta, model_version(task, contents)


def fit(
    task: str,
    features: Sequence[list[str]],
    labels: Sequence[str],
    strength: float = 1.0,
    min_count: int = 2,
    max_iterations: int = 2000,
) -> LinearModel:
    """Fit a logistic regression on named features and string labels (lbfgs: deterministic), with
    one class per distinct label in sorted order: multinomial for three or more, binary for two.

    Features seen in fewer than ``min_count`` examples are left out (they would only memorise).
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    classes = tuple(sorted(set(labels)))
    if len(classes) < 2:
        raise TrainingDataError(
            Messages.TRAINING_DATA.format(
                task=task, where="the training files", detail="the examples are all of one kind"
            )
        )
    counts: Counter[str] = Counter(f for feats in features for f in set(feats))
    names = tuple(sorted(f for f, n in counts.items() if n >= min_count))
    index = {name: i for i, name in enumerate(names)}
    rows, cols = [], []
    for row, feats in enumerate(features):
        for col in sorted({index[f] for f in feats if f in index}):
            rows.append(row)
            cols.append(col)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(names)))
    target = np.array([classes.index(label) for label in labels])
    learner = LogisticRegression(C=strength, max_iter=max_iterations, solver="lbfgs")
    learner.fit(matrix, target)
    if len(classes) == 2:
        # scikit-learn keeps one column of weights (for the second class); the file keeps one per
        # class, the first the negation of the second, so that a softmax gives the same.
        column = np.concatenate([learner.coef_[0], learner.intercept_])
        weights = np.stack([-column / 2, column / 2], axis=1).astype(np.float32)
    else:
        weights = np.vstack([learner.coef_.T, learner.intercept_[None, :]]).astype(np.float32)
    return LinearModel(classes=classes, features=names, weights=weights, threshold=0.5)


def fit_binary(
    task: str,
    features: Sequence[list[str]],
    labels: Sequence[bool],
    strength: float = 1.0,
    min_count: int = 2,
    max_iterations: int = 2000,
) -> LinearModel:
    """Fit a two-class model ("no", "yes") on named features: ``fit`` with yes/no labels."""
    return fit(
        task, features, ["yes" if label else "no" for label in labels], strength, min_count, max_iterations
    )
