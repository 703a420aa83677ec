"""Train the events model from labelled documents (``newsgraph train events``).

1. Parse each document and run the stages before events (entities, quotes, times, places).
2. Let the coder propose every candidate event of every sentence (``generous``), and label each
   candidate with the type of the gold event whose trigger it is, else "no event".
3. Fit a multinomial logistic regression (scikit-learn, lbfgs: deterministic) on the training
   documents, for each regularisation strength of a small grid.
4. On the dev documents, realize the events each model keeps at each threshold of a grid and score
   them as ``newsgraph eval events`` does; keep the strength and threshold of the best triple F1
   (ties to the higher threshold: fewer, surer events).

The same files in give the same model file out, byte for byte.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from ..evaluation.events import score_events
from ..evaluation.gold import GoldDoc, GoldEvent, labelled_documents
from ..evaluation.run import gold_article
from ..learning import fit as fit_model
from ..model import Analysis
from ..pipeline import Draft, Pipeline, stages_before
from .coder import CANDIDATE_POS, EventCoder, Proposal
from .decide import decide
from .features import proposal_features
from .learned import NONE_CLASS, EventModel, LinearModel, load_model, save_model
from .lexicon import default_lexicon, learned_trigger
from .roles import candidate_mentions, role_features

# The corpus the shipped model is trained and tuned on, relative to a checkout of the repository.
CORPUS_TRAIN = ("corpus/items/train.jsonl", "corpus/articles/train.jsonl")
CORPUS_DEV = ("corpus/items/dev.jsonl", "corpus/articles/dev.jsonl")
# Regularisation strengths tried (inverse: smaller is simpler) and dev-split thresholds tried.
C_GRID = (1.0,)
THRESHOLD_GRID = tuple(round(0.3 + 0.05 * k, 2) for k in range(10))
ROLE_STRENGTH = 1.0
ROLE_THRESHOLD_GRID = (0.05, 0.15, 0.3)
# Shares of the best type's probability at which the rules' type stands (1.0: the model's type).
RULE_SHARE_GRID = (1.0, 0.5)
# Thresholds tried, once the rest is chosen, for the candidates the rules alone would code (None:
# the same threshold as any other; only lower ones are tried).
RULES_THRESHOLD_GRID: tuple[float | None, ...] = (None, 0.25, 0.2, 0.15, 0.1, 0.05)
# A feature seen in fewer training candidates than this is left out (it would only memorise).
MIN_FEATURE_COUNT = 2
MAX_ITERATIONS = 2000
# A word becomes a learned trigger when labelled as one this many times in the training text.
MIN_TRIGGER_COUNT = 2
# An extra candidate word proposed this often in training and an event in under this share of those
# is no longer proposed (it only costs time and false events).
QUIET_MIN_COUNT = 10
QUIET_MAX_SHARE = 0.03


@dataclass
class Parsed:
    """One labelled document after the stages before events: its Analysis so far and its parse."""

    gold: GoldDoc
    analysis: Analysis
    doc: Doc
    # Per candidate: its features and its label (a PLOVER type or "no event").
    features: list[list[str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # Per role ("actor", "recipient"): each candidate mention's features, and whether it is the party.
    roles: dict[str, tuple[list[list[str]], list[str]]] = field(default_factory=dict)


def gold_label(proposal: Proposal, gold: GoldDoc) -> str:
    """The type of the asserted gold event whose trigger overlaps the candidate's trigger, else no
    event. A flagged gold event (negated, hypothetical, alleged: "agreed to [resign]") counts as no
    event: the model learns to emit what the text states, which is what is scored."""
    asserted = [event for event in gold_events_at(proposal, gold) if event.asserted]
    return asserted[0].type if asserted else NONE_CLASS


def gold_events_at(proposal: Proposal, gold: GoldDoc) -> list[GoldEvent]:
    """The gold events whose trigger span overlaps the candidate's trigger word, in file order."""
    tok = proposal.token
    start, end = tok.idx, tok.idx + len(tok)
    return [
        event
        for event in gold.events or ()
        if event.trigger_span is not None and event.trigger_span[0] < end and start < event.trigger_span[1]
    ]


def parse_documents(docs: Sequence[GoldDoc], progress: Callable[[str], None] | None = None) -> list[Parsed]:
    """Parse labelled documents and run the stages before events on them."""
    pipeline = Pipeline(stages=stages_before("newsgraph.events"))
    articles = [gold_article(d) for d in docs]
    out = []
    for number, (gold, article, spacy_doc) in enumerate(
        zip(docs, articles, pipeline.nlp.pipe(a.text for a in articles), strict=True), start=1
    ):
        draft = Draft(analysis=Analysis(article=article), doc=spacy_doc)
        for stage in pipeline.stages:
            stage(draft)
        out.append(Parsed(gold, draft.analysis, spacy_doc))
        if progress is not None and number % 200 == 0:
            progress(f"parsed {number} of {len(docs)} documents")
    return out


def collect_candidates(parsed: Sequence[Parsed], coder: EventCoder) -> None:
    """Fill in every candidate's features and gold label, and for each candidate that is a gold
    event, every candidate mention's features for each role and whether it is that party."""
    for p in parsed:
        p.features, p.labels = [], []
        p.roles = {"actor": ([], []), "recipient": ([], [])}
        for sent in p.doc.sents:
            proposals = coder.sentence_proposals(sent, generous=True)
            for proposal in proposals:
                label = gold_label(proposal, p.gold)
                p.features.append(proposal_features(proposal, len(proposals)))
                p.labels.append(label)
                if label != NONE_CLASS:
                    _collect_roles(p, proposal, label)


def _collect_roles(p: Parsed, proposal: Proposal, label: str) -> None:
    events = [e for e in gold_events_at(proposal, p.gold) if e.type == label]
    for role in ("actor", "recipient"):
        spans = [getattr(e, f"{role}_span") for e in events if getattr(e, f"{role}_span") is not None]
        heads = {h.i for span in spans if (h := _trigger_head(p.doc, span)) is not None}
        feats, labels = p.roles[role]
        for mention in candidate_mentions(proposal):
            feats.append(role_features(proposal, mention, label))
            labels.append("yes" if mention.i in heads else "no")


def _trigger_head(doc: Doc, span: tuple[int, int]) -> Token | None:
    """The word of a labelled trigger span whose head lies outside it (its syntactic head)."""
    inside = [t for t in doc if t.idx < span[1] and span[0] < t.idx + len(t)]
    positions = {t.i for t in inside}
    for tok in inside:
        if tok.head.i not in positions or tok.head.i == tok.i:
            return tok
    return inside[0] if inside else None


def learn_triggers(parsed: Sequence[Parsed]) -> tuple[tuple[str, bool, str], ...]:
    """Words labelled as triggers at least MIN_TRIGGER_COUNT times that the lexicon does not know,
    each with the type it was labelled most often (ties: the first type by name)."""
    lexicon = default_lexicon()
    counts: dict[tuple[str, bool], Counter[str]] = {}
    for p in parsed:
        for event in p.gold.events or ():
            if event.trigger_span is None:
                continue
            tok = _trigger_head(p.doc, event.trigger_span)
            if tok is None or tok.pos_ not in CANDIDATE_POS or lexicon.loose_match(tok) is not None:
                continue
            key = (tok.lemma_.lower(), tok.pos_ in ("NOUN", "PROPN"))
            counts.setdefault(key, Counter())[event.type] += 1
    out = []
    for (lemma, noun), types in sorted(counts.items()):
        if sum(types.values()) >= MIN_TRIGGER_COUNT:
            best = max(sorted(types), key=lambda t: types[t])
            out.append((lemma, noun, best))
    return tuple(out)


def coder_for(
    triggers: Sequence[tuple[str, bool, str]], quiet: Sequence[tuple[str, bool]] = ()
) -> EventCoder:
    """The coder that proposes candidates with the lexicon and these learned triggers."""
    learned = {(lemma, noun): learned_trigger(lemma, noun, kind) for lemma, noun, kind in triggers}
    return EventCoder(default_lexicon(), learned=learned, quiet=frozenset(quiet))


def quiet_words(parsed: Sequence[Parsed], coder: EventCoder) -> tuple[tuple[str, bool], ...]:
    """Words proposed as extra candidates (not by the rules) at least QUIET_MIN_COUNT times in the
    training text and labelled as events in under QUIET_MAX_SHARE of them ("be", "have", "year")."""
    seen: Counter[tuple[str, bool]] = Counter()
    events: Counter[tuple[str, bool]] = Counter()
    for p in parsed:
        for sent in p.doc.sents:
            for proposal in coder.sentence_proposals(sent, generous=True):
                if proposal.from_rules:
                    continue
                key = (proposal.token.lemma_.lower(), proposal.token.pos_ in ("NOUN", "PROPN"))
                seen[key] += 1
                events[key] += gold_label(proposal, p.gold) != NONE_CLASS
    return tuple(
        sorted(k for k, n in seen.items() if n >= QUIET_MIN_COUNT and events[k] < QUIET_MAX_SHARE * n)
    )


def read_labelled(paths: Sequence[str | Path]) -> list[GoldDoc]:
    """The documents of newsgraph.gold/1 files that label events."""
    return labelled_documents(paths, "events")


def fit(features: Sequence[list[str]], labels: Sequence[str], strength: float) -> LinearModel:
    """Fit a multinomial logistic regression on examples' features and labels."""
    return fit_model("events", features, labels, strength, MIN_FEATURE_COUNT, MAX_ITERATIONS)


def score_at(
    model: EventModel, coder: EventCoder, parsed: Sequence[Parsed], threshold: float
) -> dict[str, float]:
    """Triple and type scores on parsed documents with the model deciding at ``threshold``."""
    analyses = []
    for p in parsed:
        analysis = copy.deepcopy(p.analysis)
        decide(coder, model, analysis, p.doc, threshold)
        analyses.append(analysis)
    return score_events([p.gold for p in parsed], analyses).metrics()


def choose_rules_threshold(
    model: EventModel,
    coder: EventCoder,
    dev: Sequence[Parsed],
    grid: list[dict[str, Any]],
    row: dict[str, Any],
) -> dict[str, float]:
    """Set the model's threshold for the candidates the rules would code to the best of
    RULES_THRESHOLD_GRID by dev triple F1, the rest of the model as it is; return its dev scores.
    The grid's order breaks ties: none of its own (the one threshold) first, then higher ones."""
    best: tuple[float, float | None, dict[str, float]] | None = None
    for rules_threshold in RULES_THRESHOLD_GRID:
        if rules_threshold is not None and rules_threshold >= model.threshold:
            continue
        model.rules_threshold = rules_threshold
        scored = score_at(model, coder, dev, model.threshold)
        grid.append(
            {
                **row,
                "threshold": model.threshold,
                "role_threshold": model.actor.threshold,
                "rules_threshold": rules_threshold,
                **scored,
            }
        )
        if best is None or scored["triple_f1"] > best[0]:
            best = (scored["triple_f1"], rules_threshold, scored)
    assert best is not None
    model.rules_threshold = best[1]
    return best[2]


def retune_events(
    model_path: Path,
    dev_paths: Sequence[str | Path],
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> TrainingReport:
    """Keep a model file's weights and thresholds and choose only its threshold for the candidates
    the rules would code on ``dev_paths``; write ``out``. Retuning the file it wrote gives the same
    bytes."""
    model = load_model(model_path)
    dev = parse_documents(read_labelled(dev_paths), progress)
    coder = coder_for(model.triggers, model.quiet)
    grid: list[dict[str, Any]] = []
    metrics = choose_rules_threshold(model, coder, dev, grid, {"retuned": model.version})
    model.summary = {
        **model.summary,
        "rules_threshold": model.rules_threshold,
        "retuned_on": [Path(p).as_posix() for p in dev_paths],
        "dev": {k: round(v, 4) for k, v in metrics.items()},
    }
    version = save_model(model, out)
    return TrainingReport(
        strength=float(model.summary.get("C", 0.0)),
        threshold=model.threshold,
        dev=metrics,
        grid=grid,
        candidates=int(model.summary.get("candidates", 0)),
        features=len(model.type.features),
        version=version,
        rules_threshold=model.rules_threshold,
    )


@dataclass
class TrainingReport:
    """What training chose and how it scored on the dev documents."""

    strength: float
    threshold: float
    dev: dict[str, float]
    grid: list[dict[str, Any]]
    candidates: int
    features: int
    version: str = ""
    # The threshold of the candidates the rules would code (None: the one threshold).
    rules_threshold: float | None = None


def train_events(
    train_paths: Sequence[str | Path],
    dev_paths: Sequence[str | Path],
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> TrainingReport:
    """Train on ``train_paths``, choose strength and threshold on ``dev_paths``, write ``out``."""
    say = progress or (lambda _message: None)
    train = parse_documents(read_labelled(train_paths), say)
    dev = parse_documents(read_labelled(dev_paths), say)
    triggers = learn_triggers(train)
    quiet = quiet_words(train, coder_for(triggers))
    coder = coder_for(triggers, quiet)
    collect_candidates(train, coder)
    say(f"{sum(len(p.labels) for p in train)} training candidates")
    roles = {}
    for role in ("actor", "recipient"):
        feats = [f for p in train for f in p.roles[role][0]]
        labels = [label for p in train for label in p.roles[role][1]]
        roles[role] = fit(feats, labels, ROLE_STRENGTH)
    best: tuple[tuple[float, float, float, float], float, EventModel, dict[str, float]] | None = None
    grid: list[dict[str, Any]] = []
    for strength in C_GRID:
        kinds = fit([f for p in train for f in p.features], [x for p in train for x in p.labels], strength)
        model = EventModel(
            type=kinds, actor=roles["actor"], recipient=roles["recipient"], triggers=triggers, quiet=quiet
        )
        for share in RULE_SHARE_GRID:
            model.rule_share = share
            for role_threshold in ROLE_THRESHOLD_GRID:
                model.actor.threshold = model.recipient.threshold = role_threshold
                for threshold in THRESHOLD_GRID:
                    metrics = score_at(model, coder, dev, threshold)
                    grid.append(
                        {
                            "C": strength,
                            "rule_share": share,
                            "threshold": threshold,
                            "role_threshold": role_threshold,
                            **metrics,
                        }
                    )
                    # Ties go to the higher thresholds (fewer, surer events and parties), then to the model's type.
                    key = (metrics["triple_f1"], threshold, role_threshold, share)
                    if best is None or key > best[0]:
                        best = (key, strength, model, metrics)
        say(f"C={strength}: best dev triple F1 so far {best[0][0] if best else 0:.3f}")
    assert best is not None
    (_f1, threshold, role_threshold, share), strength, model, metrics = best
    model.type.threshold = threshold
    model.actor.threshold = model.recipient.threshold = role_threshold
    model.rule_share = share
    metrics = choose_rules_threshold(model, coder, dev, grid, {"C": strength, "rule_share": share})
    model.summary = {
        "trained_on": [Path(p).as_posix() for p in train_paths],
        "tuned_on": [Path(p).as_posix() for p in dev_paths],
        "C": strength,
        "role_C": ROLE_STRENGTH,
        "rules_threshold": model.rules_threshold,
        "dev": {k: round(v, 4) for k, v in metrics.items()},
        "candidates": sum(len(p.labels) for p in train),
    }
    version = save_model(model, out)
    return TrainingReport(
        strength=strength,
        threshold=threshold,
        dev=metrics,
        grid=grid,
        candidates=sum(len(p.labels) for p in train),
        features=len(model.type.features),
        version=version,
        rules_threshold=model.rules_threshold,
    )
