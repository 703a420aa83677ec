"""Score newsgraph on labelled data in ``newsgraph.gold/1``, by the rules of the gold format.

``read_gold`` reads a gold file; one scorer per task (quotes, entities, events, times, places)
compares gold documents with predicted Analyses and returns plain dataclasses of counts and
P/R/F1; ``evaluate`` runs the pipeline over a gold file and scores one task. See docs/eval.md.
"""

from __future__ import annotations

from .entities import EntityScores, score_entities
from .events import EventScores, score_events
from .gold import GoldDoc, GoldEntity, GoldEvent, GoldPlace, GoldQuote, GoldTime, read_gold
from .labelled import analysis_from_labels
from .matching import PRF, Share, max_matching, overlap_well
from .places import PlaceScores, score_places
from .quotes import QuoteScores, score_quotes
from .run import HEADLINE_METRICS, TASKS, EvalReport, Scores, compare_labels, evaluate, predict, scorer_for
from .times import TimeScores, score_times

__all__ = [
    "HEADLINE_METRICS",
    "PRF",
    "TASKS",
    "EntityScores",
    "EvalReport",
    "EventScores",
    "GoldDoc",
    "GoldEntity",
    "GoldEvent",
    "GoldPlace",
    "GoldQuote",
    "GoldTime",
    "PlaceScores",
    "QuoteScores",
    "Scores",
    "Share",
    "TimeScores",
    "analysis_from_labels",
    "compare_labels",
    "evaluate",
    "max_matching",
    "overlap_well",
    "predict",
    "read_gold",
    "score_entities",
    "score_events",
    "score_places",
    "score_quotes",
    "score_times",
    "scorer_for",
]
