"""Train the entities model from labelled documents (``newsgraph train entities``).

1. Parse each document (through ``NEWSGRAPH_PARSE_CACHE`` when it is set).
2. ``kind``: every NER span the stage would read is labelled with the coarse type of the gold
   mention it overlaps well (FORMAT.md's rule), or ``DROP`` when none does (or the gold calls it
   OTHER, which the stage does not list). A multinomial logistic regression learns it.
3. ``link``: with the names corrected by ``kind`` and grouped by the rules (``ClusterBuilder``),
   the stage's linker walks every pronoun and nominal in text order; each entity in reach is a
   positive example when its names match the same gold entity as the candidate, else a negative
   one, and the candidate then joins its gold entity (if in reach), as the walk at run time would.
4. Choose the drop threshold by mention F1, then the link model's regularisation and threshold
   by linking F1 (ties to the higher threshold: fewer, surer links), then the threshold at which a
   nominal no entity took starts one. Each setting is scored on the dev documents with the models
   trained on all of train, and on each of ``FOLDS`` parts of train with the models trained on the
   other parts, all scored together: the 23 dev articles alone flipped the choice between settings
   at each small change of the rules (docs/entities-model.md).
5. The model written is the one trained on all of train with the settings chosen.

The same files in give the same model file out, byte for byte. The test split is never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
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
from ..transcript import find_turns
from ..vocabulary import ENTITY_LABELS
from .clusters import Cluster, ClusterBuilder
from .decide import Linker, correct_names
from .features import Candidate, ClusterView, name_features, nominal_features
from .interviews import attach_turns
from .learned import DROP, NONE, EntityModel, save_model
from .stage import EntityStage

CORPUS_TRAIN = ("corpus/articles/train.jsonl",)
CORPUS_DEV = ("corpus/articles/dev.jsonl",)
C_GRID = (0.3, 1.0, 3.0)
LINK_THRESHOLDS = tuple(round(0.05 + 0.05 * k, 2) for k in range(12))
START_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
DROP_THRESHOLDS = tuple(round(0.3 + 0.1 * k, 2) for k in range(7))
# Parts of the train split that each judge the models trained on the others (document i goes to
# part i % FOLDS); a train split under MIN_FOLD_DOCUMENTS * FOLDS documents is not split.
FOLDS = 4
MIN_FOLD_DOCUMENTS = 5
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
        attach_turns(p.doc, builder, find_turns(p.gold.text))
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


def _analyses(model: EntityModel | None, parsed: Sequence[Parsed], stage: EntityStage) -> list[Analysis]:
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
    return analyses


def dev_scores(model: EntityModel | None, parsed: Sequence[Parsed], stage: EntityStage) -> dict[str, float]:
    """Score the entities stage with ``model`` (None: the rules alone) on parsed dev documents."""
    return score_entities([p.gold for p in parsed], _analyses(model, parsed, stage)).metrics()


@dataclass
class Judge:
    """Documents that score the settings with models trained without them: the dev split (models
    trained on all of train) or one part of train (models trained on the other parts)."""

    train: list[Parsed]
    scored: list[Parsed]
    kind: LinearModel | None = None
    links: dict[float, LinearModel] = field(default_factory=dict)
    start: LinearModel | None = None

    def model(self, strength: float | None = None) -> EntityModel:
        """This judge's models, with the link model of ``strength`` (the kind model stands in for
        link and start models not trained yet: the names alone are then scored)."""
        assert self.kind is not None
        link = self.links[strength] if strength is not None else self.kind
        return EntityModel(kind=self.kind, link=link, start=self.start or self.kind)


def judges_for(train: Sequence[Parsed], dev: Sequence[Parsed], folds: int = FOLDS) -> list[Judge]:
    """The dev judge first (its models are the ones written), then one judge per part of train."""
    judges = [Judge(train=list(train), scored=list(dev))]
    if len(train) < folds * MIN_FOLD_DOCUMENTS:
        return judges
    for part in range(folds):
        held = [p for i, p in enumerate(train) if i % folds == part]
        rest = [p for i, p in enumerate(train) if i % folds != part]
        judges.append(Judge(train=rest, scored=held))
    return judges


def pooled_scores(
    judges: Sequence[Judge], stage: EntityStage, model_of: Callable[[Judge], EntityModel]
) -> dict[str, float]:
    """The scores of every judge's documents together, each analyzed with that judge's model."""
    golds: list[GoldDoc] = []
    analyses: list[Analysis] = []
    for judge in judges:
        golds.extend(p.gold for p in judge.scored)
        analyses.extend(_analyses(model_of(judge), judge.scored, stage))
    return score_entities(golds, analyses).metrics()


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
    # The scores the settings were chosen by: dev and the parts of train together.
    chosen_on: dict[str, float] = field(default_factory=dict)
    folds: int = 0
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
    judges = judges_for(train, dev)
    say(
        f"parsed {len(train)} training and {len(dev)} dev documents; {len(judges) - 1} parts of train also judge"
    )
    # A name's features do not depend on which judge reads it: found once per training document.
    kinds = {id(p): kind_examples([p], stage) for p in train}
    for judge in judges:
        kind_x = [f for p in judge.train for f in kinds[id(p)][0]]
        kind_y = [y for p in judge.train for y in kinds[id(p)][1]]
        judge.kind = fit("entities", kind_x, kind_y, 1.0)
    names = sum(len(labels) for _feats, labels in kinds.values())
    say(f"{names} names")
    grid: list[dict[str, Any]] = []
    rules = dev_scores(None, dev, stage)
    # The drop threshold, on the names alone (no pronoun or nominal linked): which names there are.
    best_drop: tuple[tuple[float, float], float] | None = None
    stage.resolve_pronouns = False
    for threshold in DROP_THRESHOLDS:
        for judge in judges:
            assert judge.kind is not None
            judge.kind.threshold = threshold
        metrics = pooled_scores(judges, stage, lambda judge: judge.model())
        grid.append({"drop_threshold": threshold, **metrics})
        key = (round(metrics["mention_f1"], 6), threshold)
        if best_drop is None or key > best_drop[0]:
            best_drop = (key, threshold)
    stage.resolve_pronouns = True
    assert best_drop is not None
    pairs = 0
    for judge in judges:
        assert judge.kind is not None
        judge.kind.threshold = best_drop[1]
        (link_x, link_y), (start_x, start_y) = link_examples(judge.train, stage, judge.kind)
        pairs = pairs or len(link_y)
        judge.start = fit("entities", start_x, start_y, 1.0)
        # Link strength and threshold first, with no nominal starting an entity (threshold 0),
        # then the start threshold with that link model.
        judge.start.threshold = 0.0
        judge.links = {c: fit("entities", link_x, link_y, c) for c in C_GRID}
    say(f"drop threshold {best_drop[1]}: mention F1 {best_drop[0][0]:.3f}; {pairs} candidate links")
    best: tuple[tuple[float, float], float, dict[str, float]] | None = None
    for c in C_GRID:
        for threshold in LINK_THRESHOLDS:
            for judge in judges:
                judge.links[c].threshold = threshold
            metrics = pooled_scores(judges, stage, partial(Judge.model, strength=c))
            grid.append({"link_C": c, "link_threshold": threshold, **metrics})
            key = (round(metrics["linking_f1"], 6), threshold)
            if best is None or key > best[0]:
                best = (key, c, metrics)
    assert best is not None
    (_f1, link_threshold), strength, metrics = best
    for judge in judges:
        judge.links[strength].threshold = link_threshold
    say(f"link C={strength}, threshold {link_threshold}: linking F1 {metrics['linking_f1']:.3f}")
    best_start = (round(metrics["linking_f1"], 6), 0.0)
    for threshold in START_THRESHOLDS[1:]:
        for judge in judges:
            assert judge.start is not None
            judge.start.threshold = threshold
        scored = pooled_scores(judges, stage, lambda judge: judge.model(strength))
        grid.append({"start_threshold": threshold, **scored})
        if (round(scored["linking_f1"], 6), -threshold) > (best_start[0], -best_start[1]):
            best_start, metrics = (round(scored["linking_f1"], 6), threshold), scored
    for judge in judges:
        assert judge.start is not None
        judge.start.threshold = best_start[1]
    say(f"start threshold {best_start[1]}: linking F1 {metrics['linking_f1']:.3f}")
    pooled = metrics
    final = judges[0]
    kind, link, start = final.kind, final.links[strength], final.start
    assert kind is not None and start is not None
    metrics = dev_scores(final.model(strength), dev, stage)
    model = EntityModel(kind=kind, link=link, start=start)
    model.summary = {
        "trained_on": [Path(p).as_posix() for p in train_paths],
        "tuned_on": [Path(p).as_posix() for p in dev_paths],
        "drop_threshold": kind.threshold,
        "link_C": strength,
        "start_threshold": start.threshold,
        "dev": {k: round(v, 4) for k, v in metrics.items()},
        "chosen_on": {k: round(v, 4) for k, v in pooled.items()},
        "folds": len(judges) - 1,
        "names": names,
        "candidate_links": pairs,
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
        names=names,
        pairs=pairs,
        chosen_on=pooled,
        folds=len(judges) - 1,
        version=version,
    )
