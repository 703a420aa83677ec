"""Pipelines that batch workers import in the tests: one stage sabotages marked articles.

Workers are separate processes, so the tests put this folder on PYTHONPATH and name the factory
("batch_factories:sabotaged_pipeline") the way a user names a pipeline with custom stages.
"""

from __future__ import annotations

import os
import time

from newsgraph.pipeline import Draft, Pipeline

CRASH_MARK = "This sentence makes the worker crash."
HANG_MARK = "This sentence makes the worker hang."


class Saboteur:
    """Kills the worker process on CRASH_MARK and blocks forever on HANG_MARK."""

    def __call__(self, draft: Draft) -> None:
        text = draft.analysis.article.text
        if CRASH_MARK in text:
            os._exit(9)
        if HANG_MARK in text:
            time.sleep(3600)


def sabotaged_pipeline() -> Pipeline:
    """spaCy alone plus the Saboteur: fast, and enough to test crash handling."""
    return Pipeline(stages=[Saboteur()])


def broken_pipeline() -> Pipeline:
    """A pipeline that cannot be built, as when the configured model is not installed."""
    raise RuntimeError("no such model: en_imaginary_model")
