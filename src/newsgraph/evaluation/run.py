"""Run the pipeline over a gold file and score one task: what ``newsgraph eval`` and the gate call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from ..dates import normalize_date
from ..errors import BadDate, GoldFormatError, Messages, UnknownTask
from ..model import Analysis, Article, Failure
from ..pipeline import Pipeline
from .entities import score_entities
from .events import score_events
from .gold import GoldDoc, read_gold
from .labelled import labelled_predictions
from .parse_cache import cache_dir, parse_texts
from .places import score_places
from .quotes import score_quotes
from .times import score_times


class Scores(Protocol):
    """What every task's scorer returns."""

    def metrics(self) -> dict[str, float]:
        """Headline numbers by name."""

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""

    def table(self) -> str:
        """A readable table."""


Scorer = Callable[[Sequence[GoldDoc], Sequence[Analysis]], Scores]

# Each task's scorer; the task name is also the gold key it reads.
TASKS: dict[str, Scorer] = {
    "quotes": score_quotes,
    "entities": score_entities,
    "events": score_events,
    "times": score_times,
    "places": score_places,
}

# The numbers each task is judged by (the issues' floors), for summaries; --json reports them all.
HEADLINE_METRICS: dict[str, tuple[str, ...]] = {
    "quotes": ("content_f1", "speaker_accuracy", "recall_direct"),
    "entities": (
        "mention_f1",
        "linking_f1",
        "name_span_recall",
        "nominal_span_recall",
        "pronoun_span_recall",
    ),
    "events": ("type_macro_f1", "type_micro_f1", "triple_f1"),
    "times": ("span_f1", "value_f1"),
    "places": ("span_f1", "accuracy_161km"),
}


def scorer_for(task: str) -> Scorer:
    """Return the scorer of a task; UnknownTask names the choices."""
    if task not in TASKS:
        raise UnknownTask(Messages.UNKNOWN_TASK.format(task=task, choices=", ".join(TASKS)))
    return TASKS[task]


@dataclass
class EvalReport:
    """One task scored on one gold file, with the documents the pipeline could not analyze."""

    task: str
    gold: str
    scores: Scores
    failures: list[Failure] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name."""
        return self.scores.metrics()

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "task": self.task,
            "gold": self.gold,
            **self.scores.to_dict(),
            "failures": [{"where": f.where, "kind": f.kind, "reason": f.reason} for f in self.failures],
        }

    def text(self) -> str:
        """A readable report: the task's tables, then the documents that failed and why."""
        out = f"{self.gold}\n{self.scores.table()}"
        if self.failures:
            out += f"\n\n{len(self.failures)} documents could not be analyzed (scored as predicting nothing):"
            out += "".join(f"\n  {f.where}: {f.kind}: {f.reason}" for f in self.failures)
        return out


def _published(value: str | None) -> str | None:
    try:
        return normalize_date(value)
    except BadDate:
        return None


def gold_article(doc: GoldDoc) -> Article:
    """The Article a labelled document stands for (its id kept as the external id)."""
    return Article(text=doc.text, published=_published(doc.published), external_id=doc.id)


def predict(pipeline: Pipeline, docs: Sequence[GoldDoc]) -> tuple[list[Analysis], list[Failure]]:
    """Analyze each gold document's text; one that fails counts as an Analysis with nothing in it."""
    articles = [gold_article(d) for d in docs]
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    # With NEWSGRAPH_PARSE_CACHE set, scoring the same gold file again parses nothing (parse_cache).
    results = (
        pipeline.analyze_many(articles, parse=parse_texts)
        if cache_dir() is not None
        else pipeline.analyze_many(articles)
    )
    # The bar shows on a terminal only (disable=None), so logs and tests stay clean.
    for article, result in zip(
        articles, tqdm(results, total=len(articles), desc="analyzing", unit="doc", disable=None), strict=True
    ):
        if isinstance(result, Failure):
            failures.append(result)
            analyses.append(Analysis(article=article))
        else:
            analyses.append(result)
    return analyses, failures


def labelled_docs(task: str, docs: Sequence[GoldDoc], where: str) -> list[GoldDoc]:
    """The documents that label a task; GoldFormatError when none does."""
    chosen = [d for d in docs if d.labels(task) is not None]
    if not chosen:
        raise GoldFormatError(
            Messages.GOLD_FORMAT.format(where=where, detail=f"no document labels '{task}' (a '{task}' list)")
        )
    return chosen


def evaluate(task: str, gold_path: str | Path, pipeline: Pipeline, limit: int | None = None) -> EvalReport:
    """Score ``task`` on a gold file: read it, analyze the documents that label the task, score.

    ``limit`` keeps the first N labelled documents (a quick look at a large set).
    """
    scorer = scorer_for(task)
    docs = labelled_docs(task, read_gold(gold_path), str(gold_path))
    if limit is not None:
        docs = docs[:limit]
    analyses, failures = predict(pipeline, docs)
    return EvalReport(task=task, gold=str(gold_path), scores=scorer(docs, analyses), failures=failures)


def compare_labels(
    task: str, gold_path: str | Path, predictions_path: str | Path, limit: int | None = None
) -> EvalReport:
    """Score a second set of labels (``newsgraph.gold/1``) against a gold file, paired by id: how two
    labelling passes are compared. Only the gold documents that label ``task`` are scored."""
    scorer = scorer_for(task)
    docs = labelled_docs(task, read_gold(gold_path), str(gold_path))
    if limit is not None:
        docs = docs[:limit]
    analyses = labelled_predictions(docs, read_gold(predictions_path), str(predictions_path))
    return EvalReport(task=task, gold=f"{gold_path} vs {predictions_path}", scores=scorer(docs, analyses))
