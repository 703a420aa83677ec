"""newsgraph: who did what to whom, where, when, and who says so, from news articles.

>>> import newsgraph
>>> result = newsgraph.analyze("...", published="2023-09-13")
>>> result.to_dict()["schema"]
'newsgraph.analysis/1'
"""

from .errors import InputError, NewsgraphError
from .model import SCHEMA, Analysis, Article, Entity, Event, Failure, Place, Quote, TimeExpr
from .pipeline import Pipeline, analyze

__version__ = "0.1.0"

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
