"""Train the entities model from labelled documents (``newsgraph train entities``).

1. Parse each document (through ``NEWSGRAPH_PARSE_CACHE`` when it is set).
2. ``kind``: every NER span the stage would read is labelled with the coarse type of the gold
   mention it overlaps well (FORMAT.md's rule), or ``DROP`` when none does (or the gold calls it
   OTHER, which the stage does not list). A multinomial logistic regression learns it.
3. ``link``: with the names corrected by ``kind`` and grouped by the rules (``ClusterBuilder``),
   the stage's linker walks every pronoun and nominal in text order; each entity in reach is a
   positive example when its names match the same gold entity as the candidate, else a negative
   one, and the candidate then joins its gold entity (if in reach), as the walk at run time would.
4. On the dev documents choose the drop threshold by mention F1, then the link model's
   regularisation and threshold by linking F1 (ties to the higher threshold: fewer, surer links).

The same files in give the same model file out, byte for byte. The test split is never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..evaluation.entities import score_entities
from ..evaluation.gold import GoldDoc, GoldEntity, labelled_documents
from ..evaluation.matching import span_quality
from ..evaluation.parse_cache import parse_texts
from ..evaluation.run import gold_article
from ..learning import LinearModel, fit
from ..model import Analysis, Span
from ..nlp import load_model as load_spacy
from ..pipeline import Draft
from ..places.gazetteer import shared_gazetteer
from ..settings import Settings
from ..vocabulary import ENTITY_LABELS
from .clusters import Cluster, ClusterBuilder
from .decide import Linker, correct_names
from .features import Candidate, ClusterView, name_features, nominal_features
from .learned import DROP, NONE, EntityModel, save_model
from .stage import EntityStage

CORPUS_TRAIN = ("corpus/articles/train.jsonl",)
CORPUS_DEV = ("corpus/articles/dev.jsonl",)
C_GRID = (0.3, 1.0, 3.0)
LINK_THRESHOLDS = tuple(round(0.05 + 0.05 * k, 2) for k in range(12))
START_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
DROP_THRESHOLDS = tuple(round(0.3 + 0.1 * k, 2) for k in range(7))
Examples = tuple[list[list[str]], list[str]]
_KEPT_TYPES = frozenset({"PERSON", "ORG", "PLACE", "NORP", "EVENT"})


@dataclass
class Parsed:
    """One labelled document and its parse."""

    gold: GoldDoc
    doc: Doc


def read_labelled(paths: Sequence[str | Path]) -> list[GoldDoc]:
    """The documents of newsgraph.gold/1 files that label entities."""
    return labelled_documents(paths, "entities")


def parse_documents(docs: Sequence[GoldDoc], model_name: str) -> list[Parsed]:
    """Parse labelled documents (from the parse cache when NEWSGRAPH_PARSE_CACHE names one)."""
    nlp = load_spacy(model_name)
    return [
        Parsed(gold, doc) for gold, doc in zip(docs, parse_texts(nlp, [d.text for d in docs]), strict=True)
    ]


def _best_gold(span: Span, gold: Sequence[GoldEntity]) -> GoldEntity | None:
    best: tuple[float, GoldEntity] | None = None
    for item in gold:
        quality = span_quality(span, item.span)
        if quality is not None and (best is None or quality > best[0]):
            best = (quality, item)
    return best[1] if best else None


def kind_examples(parsed: Sequence[Parsed], stage: EntityStage) -> tuple[list[list[str]], list[str]]:
    """Features and gold class of every NER span the stage reads."""
    feats: list[list[str]] = []
    labels: list[str] = []
    gazetteer = shared_gazetteer()
    for p in parsed:
        gold = p.gold.entities or ()
        for ent in _rule_spans(stage, p.doc):
            if ent.label_ not in ENTITY_LABELS:
                continue
            match = _best_gold((ent.start_char, ent.end_char), gold)
            labels.append(match.type if match is not None and match.type in _KEPT_TYPES else DROP)
            feats.append(name_features(ent, stage.dictionary, gazetteer))
    return feats, labels


def _rule_spans(stage: EntityStage, doc: Doc) -> list[Any]:
    model, stage.model = stage.model, None
    try:
        return stage.name_spans(doc)
    finally:
        stage.model = model


def link_examples(
    parsed: Sequence[Parsed], stage: EntityStage, kind: LinearModel
) -> tuple[Examples, Examples]:
    """Pair features and labels from walking each training document with the gold choices, and
    the start examples of the nominals no cluster took (their gold type, or NONE)."""
    links: Examples = ([], [])
    starts: Examples = ([], [])
    probe = EntityModel(kind=kind, link=kind, start=kind)
    gazetteer = shared_gazetteer()
    for p in parsed:
        gold = [g for g in (p.gold.entities or ()) if g.link]
        builder = ClusterBuilder(stage.dictionary)
        spans = _rule_spans(stage, p.doc)
        for span in correct_names(spans, probe, stage.dictionary, gazetteer):
            builder.add_name(span)
        builder.add_missed_surnames(p.doc)
        known: dict[int, str | None] = {}

        def link_of(
            cluster: Cluster, gold: list[GoldEntity] = gold, known: dict[int, str | None] = known
        ) -> str | None:
            # The gold entity most of a cluster's mentions match, when first seen (before the walk
            # adds pronouns to it).
            if id(cluster) not in known:
                found = Counter(
                    match.link
                    for m in cluster.mentions
                    if (match := _best_gold(m, gold)) is not None and match.link
                )
                known[id(cluster)] = found.most_common(1)[0][0] if found else None
            return known[id(cluster)]

        for cluster in builder.clusters:
            link_of(cluster)

        def teacher(
            candidate: Candidate,
            options: list[tuple[ClusterView, list[str]]],
            gold: list[GoldEntity] = gold,
            link_of: Callable[[Cluster], str | None] = link_of,
        ) -> int | None:
            match = _best_gold(candidate.span, gold)
            target = match.link if match is not None else None
            chosen = None
            for index, (view, option_feats) in enumerate(options):
                right = target is not None and link_of(view.cluster) == target
                links[0].append(option_feats)
                links[1].append("yes" if right else "no")
                if right and chosen is None:
                    chosen = index
            return chosen

        def starter(candidate: Candidate, gold: list[GoldEntity] = gold) -> str | None:
            match = _best_gold(candidate.span, gold)
            label = match.type if match is not None and match.type in _KEPT_TYPES else NONE
            starts[0].append(nominal_features(candidate))
            starts[1].append(label)
            return None if label == NONE else label

        Linker(p.doc, builder.clusters, set(builder.by_span)).run(teacher, starter)
    return links, starts


def dev_scores(model: EntityModel | None, parsed: Sequence[Parsed], stage: EntityStage) -> dict[str, float]:
    """Score the entities stage with ``model`` (None: the rules alone) on parsed dev documents."""
    saved = stage.model
    stage.model = model
    analyses = []
    try:
        for p in parsed:
            draft = Draft(analysis=Analysis(article=gold_article(p.gold)), doc=p.doc)
            stage(draft)
            analyses.append(draft.analysis)
    finally:
        stage.model = saved
    return score_entities([p.gold for p in parsed], analyses).metrics()


def dev_scores_of(
    model: EntityModel, dev_paths: Sequence[str | Path], settings: Settings | None = None
) -> dict[str, float]:
    """Score an entities model on dev gold files with the entities stage alone, as training
    scores its candidates (for the before/after of ``train entities --with-corrections``)."""
    settings = settings or Settings.from_env()
    stage = EntityStage(load_spacy(settings.model), model=model)
    return dev_scores(model, parse_documents(read_labelled(dev_paths), settings.model), stage)


@dataclass
class TrainingReport:
    """What training chose and how it scored on the dev documents."""

    drop_threshold: float
    link_strength: float
    link_threshold: float
    start_threshold: float
    dev: dict[str, float]
    dev_rules: dict[str, float]
    grid: list[dict[str, Any]]
    names: int
    pairs: int
    version: str = ""


def train_entities(
    train_paths: Sequence[str | Path],
    dev_paths: Sequence[str | Path],
    out: Path,
    progress: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> TrainingReport:
    """Train on ``train_paths``, choose thresholds and strength on ``dev_paths``, write ``out``."""
    say = progress or (lambda _message: None)
    settings = settings or Settings.from_env()
    nlp = load_spacy(settings.model)
    stage = EntityStage(nlp, rules_only=True)
    stage.gazetteer = shared_gazetteer()
    train = parse_documents(read_labelled(train_paths), settings.model)
    dev = parse_documents(read_labelled(dev_paths), settings.model)
    say(f"parsed {len(train)} training and {len(dev)} dev documents")
    kind_x, kind_y = kind_examples(train, stage)
    kind = fit("entities", kind_x, kind_y, 1.0)
    say(f"{len(kind_y)} names ({sum(y == DROP for y in kind_y)} no entity)")
    grid: list[dict[str, Any]] = []
    rules = dev_scores(None, dev, stage)
    # The drop threshold, on the names alone (no pronoun or nominal linked): which names there are.
    best_drop: tuple[tuple[float, float], float] | None = None
    stage.resolve_pronouns = False
    for threshold in DROP_THRESHOLDS:
        kind.threshold = threshold
        metrics = dev_scores(EntityModel(kind=kind, link=kind, start=kind), dev, stage)
        grid.append({"drop_threshold": threshold, **metrics})
        key = (round(metrics["mention_f1"], 6), threshold)
        if best_drop is None or key > best_drop[0]:
            best_drop = (key, threshold)
    stage.resolve_pronouns = True
    assert best_drop is not None
    kind.threshold = best_drop[1]
    say(f"drop threshold {kind.threshold}: dev mention F1 {best_drop[0][0]:.3f}")
    (link_x, link_y), (start_x, start_y) = link_examples(train, stage, kind)
    say(f"{len(link_y)} candidate links ({link_y.count('yes')} right), {len(start_y)} nominals left")
    start = fit("entities", start_x, start_y, 1.0)
    # Link strength and threshold first, with no nominal starting an entity (threshold 0), then
    # the start threshold with that link model.
    start.threshold = 0.0
    best: tuple[tuple[float, float], float, dict[str, float]] | None = None
    links = {c: fit("entities", link_x, link_y, c) for c in C_GRID}
    for c in C_GRID:
        for threshold in LINK_THRESHOLDS:
            links[c].threshold = threshold
            metrics = dev_scores(EntityModel(kind=kind, link=links[c], start=start), dev, stage)
            grid.append({"link_C": c, "link_threshold": threshold, **metrics})
            key = (round(metrics["linking_f1"], 6), threshold)
            if best is None or key > best[0]:
                best = (key, c, metrics)
    assert best is not None
    (_f1, link_threshold), strength, metrics = best
    link = links[strength]
    link.threshold = link_threshold
    say(f"link C={strength}, threshold {link_threshold}: dev linking F1 {metrics['linking_f1']:.3f}")
    best_start = (round(metrics["linking_f1"], 6), 0.0)
    for threshold in START_THRESHOLDS[1:]:
        start.threshold = threshold
        scored = dev_scores(EntityModel(kind=kind, link=link, start=start), dev, stage)
        grid.append({"start_threshold": threshold, **scored})
        if (round(scored["linking_f1"], 6), -threshold) > (best_start[0], -best_start[1]):
            best_start, metrics = (round(scored["linking_f1"], 6), threshold), scored
    start.threshold = best_start[1]
    say(f"start threshold {start.threshold}: dev linking F1 {metrics['linking_f1']:.3f}")
    model = EntityModel(kind=kind, link=link, start=start)
    model.summary = {
        "trained_on": [Path(p).as_posix() for p in train_paths],
        "tuned_on": [Path(p).as_posix() for p in dev_paths],
        "drop_threshold": kind.threshold,
        "link_C": strength,
        "start_threshold": start.threshold,
        "dev": {k: round(v, 4) for k, v in metrics.items()},
        "names": len(kind_y),
        "candidate_links": len(link_y),
    }
    version = save_model(model, out)
    return TrainingReport(
        drop_threshold=kind.threshold,
        link_strength=strength,
        link_threshold=link_threshold,
        start_threshold=start.threshold,
        dev=metrics,
        dev_rules=rules,
        grid=grid,
        names=len(kind_y),
        pairs=len(link_y),
        version=version,
    )
