"""Which model family should decide the events: the comparison behind docs/events-model.md.

    .venv/bin/pip install lightgbm   # only for this comparison; newsgraph does not need it
    .venv/bin/python benchmarks/events_models.py [--trees 100]

Both families see the same candidates and the same features of the corpus's train split, and share
the actor and recipient rankers; only the type decision differs: the shipped multinomial logistic
regression (scikit-learn, lbfgs) against LightGBM's gradient-boosted trees. Each is scored on the
corpus dev split (items and articles) at the same grid of thresholds, with the fitting time and the
time to score every dev candidate. The test split is not read.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from newsgraph.events.learned import EventModel, LinearModel
from newsgraph.events.training import (
    CORPUS_DEV,
    CORPUS_TRAIN,
    ROLE_STRENGTH,
    THRESHOLD_GRID,
    coder_for,
    collect_candidates,
    fit,
    learn_triggers,
    parse_documents,
    quiet_words,
    read_labelled,
    score_at,
)


class BoostedTypes:
    """LightGBM behind the interface the events stage asks of a type model."""

    def __init__(self, booster: Any, classes: tuple[str, ...], index: dict[str, int]) -> None:
        self.booster, self.classes, self.index, self.threshold = booster, classes, index, 0.5

    def matrix(self, rows: list[list[str]]) -> Any:
        from scipy.sparse import csr_matrix

        r, c = [], []
        for i, feats in enumerate(rows):
            for j in sorted({self.index[f] for f in feats if f in self.index}):
                r.append(i)
                c.append(j)
        return csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(rows), len(self.index)))

    def probabilities(self, feats: list[str]) -> np.ndarray:
        return np.asarray(self.booster.predict_proba(self.matrix([feats]))[0])

    def weighed_most(self, feats: list[str], label: str, top: int = 3) -> list[tuple[str, float]]:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=100)
    args = parser.parse_args()
    import lightgbm

    train = parse_documents(read_labelled(CORPUS_TRAIN))
    dev = parse_documents(read_labelled(CORPUS_DEV))
    triggers = learn_triggers(train)
    quiet = quiet_words(train, coder_for(triggers))
    coder = coder_for(triggers, quiet)
    collect_candidates(train, coder)
    roles = {
        role: fit(
            [f for p in train for f in p.roles[role][0]],
            [x for p in train for x in p.roles[role][1]],
            ROLE_STRENGTH,
        )
        for role in ("actor", "recipient")
    }
    for role in roles.values():
        role.threshold = 0.05
    feats = [f for p in train for f in p.features]
    labels = [x for p in train for x in p.labels]
    started = time.perf_counter()
    linear: LinearModel = fit(feats, labels, 1.0)
    linear_seconds = time.perf_counter() - started
    boosted = BoostedTypes(None, linear.classes, {n: i for i, n in enumerate(linear.features)})
    started = time.perf_counter()
    booster = lightgbm.LGBMClassifier(
        n_estimators=args.trees,
        learning_rate=0.1,
        num_leaves=15,
        min_child_samples=5,
        deterministic=True,
        force_row_wise=True,
        n_jobs=2,
        verbose=-1,
        random_state=0,
    )
    booster.fit(boosted.matrix(feats), np.array([linear.classes.index(x) for x in labels]))
    boosted.booster = booster
    boosted_seconds = time.perf_counter() - started
    print(f"{len(labels)} training candidates, {len(linear.features)} features")
    print(
        "| type model | fit (s) | dev time (s) | best threshold | triple P | triple R | triple F1 | type macro F1 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, types, seconds in (
        ("logistic regression (C=1.0)", linear, linear_seconds),
        (f"LightGBM ({args.trees} trees, 15 leaves)", boosted, boosted_seconds),
    ):
        model = EventModel(
            type=types, actor=roles["actor"], recipient=roles["recipient"], triggers=triggers, quiet=quiet
        )  # type: ignore[arg-type]
        best: tuple[float, float, dict[str, float], float] | None = None
        for threshold in THRESHOLD_GRID:
            started = time.perf_counter()
            metrics = score_at(model, coder, dev, threshold)
            elapsed = time.perf_counter() - started
            if best is None or metrics["triple_f1"] > best[0]:
                best = (metrics["triple_f1"], threshold, metrics, elapsed)
        assert best is not None
        _f1, threshold, m, elapsed = best
        print(
            f"| {name} | {seconds:.1f} | {elapsed:.1f} | {threshold:.2f} | {m['triple_precision']:.3f} | "
            f"{m['triple_recall']:.3f} | {m['triple_f1']:.3f} | {m['type_macro_f1']:.3f} |"
        )


if __name__ == "__main__":
    main()
