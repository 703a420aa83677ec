"""The pipeline: spaCy's parse, then each stage adds its part to one Analysis.

A stage is any callable that takes a ``Draft`` (the Analysis built so far and the spaCy ``Doc`` of
its text) and adds to the Analysis. Stages run in order: entities, quotes, times, places, events;
each may read what the ones before it added. Swap one by passing your own list to ``Pipeline``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from .dates import normalize_date
from .errors import EmptyInput, InputError, InputTooLarge, Messages, NotEnglish
from .language import english_verdict
from .model import Analysis, Article, Failure
from .nlp import load_model
from .parsing import forget_sentences, remember_text
from .settings import Settings


@dataclass
class Draft:
    """An article on its way through the pipeline: the Analysis so far and the parse it reads."""

    analysis: Analysis
    doc: Doc


class Stage(Protocol):
    """One step of the pipeline: reads the Draft and adds its part to ``draft.analysis``."""

    def __call__(self, draft: Draft) -> None:
        """Add this stage's findings to ``draft.analysis``."""


# (module, class) of each default stage, in the order they run. A stage class is built with the
# spaCy pipeline (for its vocab and matchers) and then called once per article.
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("newsgraph.entities", "EntityStage"),
    ("newsgraph.quotes", "QuoteStage"),
    ("newsgraph.times", "TimeStage"),
    ("newsgraph.places", "PlaceStage"),
    ("newsgraph.events", "EventStage"),
    # Give each event the time and place that govern it (else the article's defaults, flagged).
    ("newsgraph.times", "EventTimeLinker"),
    ("newsgraph.places", "EventPlaceLinker"),
)


def _build(nlp: Language, module_name: str, class_name: str, settings: Settings) -> Stage:
    # A stage with a ``from_settings`` constructor (one with a trained model) is built from the settings.
    kind = getattr(importlib.import_module(module_name), class_name)
    stage: Stage = kind.from_settings(nlp, settings) if hasattr(kind, "from_settings") else kind(nlp)
    return stage


def default_stages(nlp: Language, settings: Settings | None = None) -> list[Stage]:
    """Build the default stages for a loaded spaCy pipeline, each model the settings choose."""
    settings = settings or Settings.from_env()
    return [_build(nlp, module_name, class_name, settings) for module_name, class_name in DEFAULT_STAGES]


def stages_before(module_name: str) -> Callable[[Language], list[Stage]]:
    """A stage builder for training a stage: the default stages that run before ``module_name``'s
    first stage, in order, built from the settings as the pipeline builds them (what the trained
    stage reads is what the pipeline gives it)."""

    def build(nlp: Language) -> list[Stage]:
        settings = Settings.from_env()
        stages: list[Stage] = []
        for name, class_name in DEFAULT_STAGES:
            if name == module_name:
                break
            stages.append(_build(nlp, name, class_name, settings))
        return stages

    return build


class Pipeline:
    """spaCy plus newsgraph's stages; build once, then analyze any number of articles."""

    def __init__(
        self,
        settings: Settings | None = None,
        stages: list[Stage] | Callable[[Language], list[Stage]] | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.nlp = load_model(self.settings.model)
        if stages is None:
            chosen = self.settings
            stages = lambda nlp: default_stages(nlp, chosen)  # noqa: E731
        self.stages: list[Stage] = stages(self.nlp) if callable(stages) else list(stages)

    def check(self, article: Article) -> None:
        """Raise an InputError when an article is not fit to analyze (empty, huge, not English)."""
        if not article.text.strip():
            raise EmptyInput(Messages.EMPTY)
        if len(article.text) > self.settings.max_chars:
            raise InputTooLarge(
                Messages.TOO_LARGE.format(size=len(article.text), limit=self.settings.max_chars)
            )
        english, why = english_verdict(article.text)
        if not english:
            raise NotEnglish(Messages.NOT_ENGLISH.format(detail=why))

    def analyze_article(self, article: Article) -> Analysis:
        """Analyze one Article; raises an InputError when it is not fit to analyze."""
        self.check(article)
        return self._finish(article, self.nlp(article.text))

    def analyze(self, text: str, published: str | dt.date | None = None, **meta: str | None) -> Analysis:
        """Analyze one text; ``meta`` may give title, source, url, external_id."""
        article = Article(text=text, published=normalize_date(published), **meta)  # type: ignore[arg-type]
        return self.analyze_article(article)

    def analyze_many(
        self,
        articles: Iterable[Article | Failure],
        batch_size: int = 16,
        parse: Callable[[Language, list[str]], Iterable[Doc]] | None = None,
    ) -> Iterator[Analysis | Failure]:
        """Analyze articles in order, parsing them in batches; bad ones come back as Failures.

        Failures in the input (from the reader) pass through in their place, so a caller sees one
        result per input record. ``parse(nlp, texts)`` gives each batch's parses in order (by
        default ``nlp.pipe``; scoring passes ``evaluation.parse_cache.parse_texts``).
        """
        pending: list[Article | Failure] = []
        for item in articles:
            pending.append(item)
            if len(pending) >= batch_size:
                yield from self._run_batch(pending, parse)
                pending = []
        if pending:
            yield from self._run_batch(pending, parse)

    def _run_batch(
        self,
        items: list[Article | Failure],
        parse: Callable[[Language, list[str]], Iterable[Doc]] | None = None,
    ) -> Iterator[Analysis | Failure]:
        fit: list[Article] = []
        verdicts: list[Failure | None] = []
        for item in items:
            if isinstance(item, Failure):
                verdicts.append(item)
                continue
            try:
                self.check(item)
            except InputError as exc:
                verdicts.append(_failure(item, exc))
                continue
            verdicts.append(None)
            fit.append(item)
        texts = [a.text for a in fit]
        docs = iter(self.nlp.pipe(texts) if parse is None else parse(self.nlp, texts))
        articles = iter(fit)
        for verdict in verdicts:
            if verdict is not None:
                yield verdict
                continue
            article, doc = next(articles), next(docs)
            try:
                yield self._finish(article, doc)
            except InputError as exc:
                yield _failure(article, exc)
            except Exception as exc:  # a bug in a stage must cost one article, not the whole batch
                where = article.external_id or article.id
                reason = Messages.INTERNAL_ERROR.format(detail=f"{type(exc).__name__}: {exc}")
                yield Failure(where=where, reason=reason, kind="InternalError")

    def _finish(self, article: Article, doc: Doc) -> Analysis:
        remember_text(doc, article.text)
        draft = Draft(analysis=Analysis(article=article), doc=doc)
        try:
            for stage in self.stages:
                stage(draft)
        finally:
            forget_sentences(doc)
        return draft.analysis


def _failure(article: Article, exc: InputError) -> Failure:
    where = exc.where or article.external_id or article.id
    return Failure(where=where, reason=exc.message, kind=type(exc).__name__)


_DEFAULT_PIPELINES: dict[Settings, Pipeline] = {}


def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """Return a Pipeline for these settings, built once per process and then reused."""
    settings = settings or Settings.from_env()
    if settings not in _DEFAULT_PIPELINES:
        _DEFAULT_PIPELINES[settings] = Pipeline(settings)
    return _DEFAULT_PIPELINES[settings]


def analyze(
    text: str,
    published: str | dt.date | None = None,
    *,
    model: str | None = None,
    **meta: str | None,
) -> Analysis:
    """Analyze one news article: ``newsgraph.analyze(text, published="2023-09-13")``.

    Returns an Analysis (``.to_dict()`` gives ``newsgraph.analysis/1``). ``meta`` may give title,
    source, url and external_id. Raises an InputError subclass for text that is empty, too large
    or not English, and ModelNotFound when the spaCy pipeline is missing.
    """
    return get_pipeline(Settings.from_env(model=model)).analyze(text, published, **meta)
