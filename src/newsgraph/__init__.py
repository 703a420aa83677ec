"""newsgraph: who did what to whom, where, when, and who says so, from news articles.

>>> import newsgraph
>>> result = newsgraph.analyze("...", published="2023-09-13")
>>> result.to_dict()["schema"]
'newsgraph.analysis/1'
"""

from typing import TYPE_CHECKING, Any

from .errors import InputError, NewsgraphError
from .model import SCHEMA, Analysis, Article, Entity, Event, Failure, Place, Quote, TimeExpr

if TYPE_CHECKING:
    from .pipeline import Pipeline, analyze

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``newsgraph.analyze`` and ``newsgraph.Pipeline``, imported on first use: the pipeline loads
    spaCy, which what only reads stored output (the store, the web layer's queries) never needs."""
    if name in ("Pipeline", "analyze"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")


__all__ = [
    "SCHEMA",
    "Analysis",
    "Article",
    "Entity",
    "Event",
    "Failure",
    "InputError",
    "NewsgraphError",
    "Pipeline",
    "Place",
    "Quote",
    "TimeExpr",
    "analyze",
]
