"""The trained entities model at work: correct or drop the NER's names, then link pronouns and
nominals to the entities the names formed (mention ranking).

``correct_names`` gives each NER span the coarse type the ``kind`` model prefers, or drops it
("meeting" is no organisation). ``Linker`` walks the pronouns ("he", "its", "I" inside a quote,
"who") and nominal noun phrases ("the North Korean leader") in text order; for each, the ``link``
model scores every entity mentioned in reach, and the best one takes the mention when its score
reaches the threshold (else the mention is left out). The rule resolver's own choice is one of the
features, so the model learns when to trust it. Training walks the same way (``training.py``),
choosing the gold entity instead of the best-scored one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Span
from ..parsing import document_text
from ..places.gazetteer import Gazetteer
from .clusters import Cluster
from .coding import code_phrase
from .coref import Resolver
from .dictionary import ActorDictionary
from .features import (
    _SPEECH_LEMMAS,
    PRONOUN_TAGS,
    Candidate,
    ClusterView,
    name_features,
    nominal_features,
    pair_features,
    pronoun_class,
    quoted_offsets,
)
from .learned import DROP, NONE, EntityModel
from .lexicon import PERSON_ROLES

# How many sentences back a pronoun (a nominal) may look for its entity; a pronoun inside a quote
# may also look one sentence ahead ("I will win," Kim said).
PRONOUN_WINDOW = 3
NOMINAL_WINDOW = 6
# The spaCy label a coarse type becomes when the model changes a span's type.
_LABEL_OF = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "NORP": "NORP", "EVENT": "EVENT"}
_COARSE = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})

# Chooses among a candidate's options (each a cluster view and its features): an index or None.
Chooser = Callable[[Candidate, list[tuple[ClusterView, list[str]]]], int | None]
# Decides whether a nominal no cluster took starts one: its coarse type, or None.
Starter = Callable[[Candidate], str | None]


def correct_names(
    spans: Sequence[SpacySpan], model: EntityModel, dictionary: ActorDictionary, gazetteer: Gazetteer | None
) -> list[SpacySpan]:
    """The NER spans the ``kind`` model keeps, each relabelled when it prefers another coarse type."""
    kept = []
    for ent in spans:
        if ent.label_ not in _NAME_LABELS:
            kept.append(ent)  # a known actor the NER mislabelled: the dictionary decides
            continue
        probabilities = model.kind.probabilities(name_features(ent, dictionary, gazetteer))
        classes = model.kind.classes
        if probabilities[classes.index(DROP)] >= model.kind.threshold:
            continue
        best = max((c for c in classes if c != DROP), key=lambda c: probabilities[classes.index(c)])
        if best == _COARSE.get(ent.label_, ent.label_):
            kept.append(ent)
        else:
            kept.append(SpacySpan(ent.doc, ent.start, ent.end, label=_LABEL_OF[best]))
    return kept


def _last_before(mentions: list[Span], offset: int) -> Span | None:
    """The last of a cluster's mentions (kept sorted) that ends by ``offset``, found by bisection:
    the walk asks this of every cluster for every candidate."""
    index = bisect_right(mentions, (offset, offset)) - 1
    while index >= 0 and mentions[index][1] > offset:
        index -= 1  # a mention that starts before the offset but runs past it
    return mentions[index] if index >= 0 else None


def _token_span(token: Token) -> Span:
    return (token.idx, token.idx + len(token.text))


class Linker:
    """Finds a document's pronoun and nominal candidates and links them to clusters of names."""

    def __init__(self, doc: Doc, clusters: list[Cluster], taken: set[Span]) -> None:
        self.doc = doc
        # ``Doc.text`` joins every token on each access: read it once.
        self.text = document_text(doc)
        self.clusters = clusters
        self.taken = taken
        self.sent_starts = [s.start_char for s in doc.sents]
        self.quoted = quoted_offsets(doc)
        self.narrator: list[Span] = []

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a character offset."""
        return max(bisect_right(self.sent_starts, offset) - 1, 0)

    def _rule_picks(self) -> dict[int, int]:
        """Token index -> cluster index the rule resolver gives that token's mention (then undone)."""
        saved = [(list(c.mentions), c.gender, c.last_end) for c in self.clusters]
        count = len(self.clusters)
        Resolver(self.doc, self.clusters, set(self.taken)).run()
        picks: dict[int, int] = {}
        for index, cluster in enumerate(self.clusters[:count]):
            before = set(saved[index][0])
            for span in cluster.mentions:
                if span in before:
                    continue
                found = self.doc.char_span(span[0], span[1], alignment_mode="expand")
                if found is not None:
                    for token in found:
                        picks.setdefault(token.i, index)
            cluster.mentions, cluster.gender, cluster.last_end = saved[index]
        del self.clusters[count:]
        return picks

    def candidates(self) -> list[Candidate]:
        """Every pronoun and nominal noun phrase outside the names, in text order."""
        picks = self._rule_picks()
        taken_tokens: set[int] = set()
        for start, end in self.taken:
            found = self.doc.char_span(start, end, alignment_mode="expand")
            if found is not None:
                taken_tokens.update(t.i for t in found)
        out: list[Candidate] = []
        for token in self.doc:
            if token.i in taken_tokens:
                continue
            is_relative = token.tag_ == "WDT" and token.head.dep_ == "relcl"
            if token.tag_ in PRONOUN_TAGS or is_relative:
                if pronoun_class(token.lower_) == "other":
                    continue
                span = _token_span(token)
                if pronoun_class(token.lower_) == "first" and not self.quoted[token.i]:
                    # "I" outside quotation marks is the writer (a column, a letter, an essay),
                    # as the rules have it: it joins the writer's entity, not a named one.
                    self.narrator.append(span)
                    continue
                out.append(
                    Candidate(
                        span,
                        "pronoun",
                        token,
                        self.sentence_at(span[0]),
                        self.quoted[token.i],
                        picks.get(token.i),
                    )
                )
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.pos_ != "NOUN" or root.i in taken_tokens:
                continue
            if any(t.ent_type_ and t.ent_type_ not in ("NORP", "GPE") for t in chunk):
                continue
            tokens = [t for t in chunk if not t.is_punct]
            if not tokens:
                continue
            span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
            if span in self.taken:
                continue
            out.append(
                Candidate(
                    span, "nominal", root, self.sentence_at(span[0]), self.quoted[root.i], picks.get(root.i)
                )
            )
        out.sort(key=lambda c: c.span)
        return out

    def _views(self) -> list[ClusterView]:
        views = []
        for index, cluster in enumerate(self.clusters):
            view = ClusterView(cluster=cluster, index=index, heads=set(), speaking=set())
            for span in cluster.mentions:
                self._note(view, span)
            views.append(view)
        return views

    def _note(self, view: ClusterView, span: Span) -> None:
        found = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if found is None:
            return
        root = found.root
        view.heads.add(root.i)
        view.sentences.append(self.sentence_at(span[0]))
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _SPEECH_LEMMAS:
            view.speaking.add(self.sentence_at(span[0]))

    def options(self, candidate: Candidate, views: list[ClusterView]) -> list[tuple[ClusterView, list[str]]]:
        """The clusters in reach of a candidate, each with its pair features."""
        window = PRONOUN_WINDOW if candidate.kind == "pronoun" else NOMINAL_WINDOW
        # (where the cluster's last mention before the candidate ends, or -1; sentences back to it,
        # or None when the cluster is only mentioned after the candidate; the cluster)
        reach: list[tuple[int, int | None, ClusterView]] = []
        start, end = candidate.span
        for view in views:
            last = _last_before(view.cluster.mentions, start)
            if last is not None:
                distance = candidate.sentence - self.sentence_at(last[0])
                if distance <= window:
                    reach.append((last[1], distance, view))
            elif candidate.kind == "pronoun" and candidate.in_quote:
                mentions = view.cluster.mentions
                ahead = bisect_left(mentions, (end, -1))
                if ahead < len(mentions) and self.sentence_at(mentions[ahead][0]) - candidate.sentence <= 1:
                    reach.append((-1, None, view))
        reach.sort(key=lambda item: -item[0])
        # The country a nominal's words name ("the Russian minister") is the same for every option.
        country = (
            code_phrase(self.text[candidate.span[0] : candidate.span[1]])[0]
            if candidate.kind == "nominal"
            else None
        )
        return [
            (view, pair_features(candidate, view, distance, rank, country))
            for rank, (_end, distance, view) in enumerate(reach)
        ]

    def run(self, choose: Chooser, start: Starter | None = None) -> None:
        """Decide every candidate in text order; a chosen cluster takes the mention at once, so
        later candidates see it (a chain of "he"s follows its first one). A nominal no cluster
        takes may start one of its own (``start`` gives its type, or None)."""
        views = self._views()
        for candidate in self.candidates():
            if candidate.span in self.taken:
                continue
            options = self.options(candidate, views)
            chosen = choose(candidate, options) if options else None
            if chosen is None:
                kind = start(candidate) if start is not None and candidate.kind == "nominal" else None
                if kind is not None:
                    views.append(self._start(candidate, kind, len(views)))
                continue
            view = options[chosen][0]
            cluster = view.cluster
            cluster.add(candidate.span)
            self.taken.add(candidate.span)
            self._note(view, candidate.span)
            view.last_form = candidate.word
            kind = pronoun_class(candidate.word) if candidate.kind == "pronoun" else ""
            if kind in ("m", "f") and cluster.type == "PERSON":
                cluster.gender = cluster.gender or kind
        if len(self.narrator) >= 2:
            writer = Cluster(type="PERSON", names=["(the writer)"])
            for span in self.narrator:
                writer.add(span)
                self.taken.add(span)
            self.clusters.append(writer)

    def _start(self, candidate: Candidate, coarse: str, index: int) -> ClusterView:
        """A new cluster for a nominal that names a referent of its own."""
        phrase = self.text[candidate.span[0] : candidate.span[1]]
        cluster = Cluster(type=_LABEL_OF[coarse], names=[phrase])
        cluster.add(candidate.span)
        if candidate.word in PERSON_ROLES:
            cluster.roles.add(candidate.word)
        country, sector = code_phrase(phrase)
        if country:
            cluster.countries.append(country)
        if sector:
            cluster.sectors.append(sector)
        cluster.is_subject = candidate.head.dep_ in ("nsubj", "nsubjpass")
        self.clusters.append(cluster)
        self.taken.add(candidate.span)
        view = ClusterView(cluster=cluster, index=index, heads=set(), speaking=set())
        self._note(view, candidate.span)
        view.last_form = candidate.word
        return view


def model_chooser(model: EntityModel) -> Chooser:
    """Pick the option the ``link`` model scores highest, if it reaches the model's threshold."""

    def choose(_candidate: Candidate, options: list[tuple[ClusterView, list[str]]]) -> int | None:
        scores = [model.link.probability_of(feats, "yes") for _view, feats in options]
        best = max(range(len(scores)), key=lambda i: scores[i])
        return best if scores[best] >= model.link.threshold else None

    return choose


def model_starter(model: EntityModel) -> Starter:
    """A new entity for a nominal when the ``start`` model's NONE falls below its threshold."""
    classes = model.start.classes

    def start(candidate: Candidate) -> str | None:
        probabilities = model.start.probabilities(nominal_features(candidate))
        if probabilities[classes.index(NONE)] >= model.start.threshold:
            return None
        return max((c for c in classes if c != NONE), key=lambda c: probabilities[classes.index(c)])

    return start
