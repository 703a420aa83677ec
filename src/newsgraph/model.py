"""The data model of ``newsgraph.analysis/1``: plain dataclasses of character-offset spans.

Every span is a ``(start, end)`` pair of Python ``str`` indices into ``Article.text``, end
exclusive. Objects own no text of their own; ``Analysis.slice`` turns a span back into words.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import Field, dataclass, field, fields, is_dataclass
from typing import Any

from .dateline import Dateline, find_dateline
from .transcript import Turn, find_turns

SCHEMA = "newsgraph.analysis/1"

Span = tuple[int, int]

# The metadata of a field that is derived from others and left out of the output format.
DERIVED = {"derived": True}


def serialized_fields(kind: type) -> tuple[Field[Any], ...]:
    """The fields of a data-model class that the output format carries (derived ones left out)."""
    return tuple(f for f in fields(kind) if not f.metadata.get("derived"))


def content_id(text: str) -> str:
    """Return the stable content hash that identifies an article: the same text, the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass
class Article:
    """One article: its text and what is known about it."""

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"
    # The id the input gave the article (a JSONL ``id`` field, a file name), kept for joining back.
    external_id: str | None = None
    # The dateline that opens the text ("MOSCOW (AP) —"), found once when the Article is built (the
    # reader passes the one it found) and read by every stage. Derived from the text: not output.
    dateline: Dateline | None = field(default=None, compare=False, repr=False, metadata=DERIVED)
    # The turns of an interview transcript in the text ("((WN)) What got you into ...?"), found once
    # when the Article is built and read by the entities and quotes stages. Derived: not output.
    turns: tuple[Turn, ...] | None = field(default=None, compare=False, repr=False, metadata=DERIVED)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)
        if self.dateline is None:
            self.dateline = find_dateline(self.text, self.published)
        if self.turns is None:
            self.turns = find_turns(self.text)


@dataclass(frozen=True, order=True)
class TypedMention:
    """One of an entity's mentions that has a type of its own (a spaCy label, like the entity's)."""

    span: Span
    type: str


@dataclass
class Entity:
    """One real-world referent and every mention of it in the article."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    mentions: list[Span] = field(default_factory=list)
    # The mentions whose own type is not the entity's: a demonym that stands for its state
    # ("Israeli forces") is a NORP mention of the entity Israel.
    mention_types: list[TypedMention] = field(default_factory=list)

    def type_of(self, span: Span) -> str:
        """The type of one of the entity's mentions: its own where it has one, else the entity's."""
        for typed in self.mention_types:
            if typed.span == span:
                return typed.type
        return self.type


@dataclass
class Quote:
    """Something attributed to a source: its content, cue and speaker."""

    id: str
    span: Span
    kind: str  # "direct", "indirect" or "mixed"
    speaker: str | None = None
    speaker_span: Span | None = None
    cue_span: Span | None = None
    # The pieces of an interrupted quote ("..., he said, ..."); None when it is one piece.
    parts: list[Span] | None = None


@dataclass
class TimeExpr:
    """A time expression with its TIMEX3 type and resolved value (None when unresolvable)."""

    id: str
    span: Span
    type: str  # DATE, TIME, DURATION or SET
    value: str | None = None


@dataclass
class Place:
    """A geocoded place and its mentions; coordinates stay None when the gazetteer lacks it."""

    id: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature_class: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Event:
    """A PLOVER event: who did what to whom, where, when, and who says so."""

    id: str
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    quad: int | None = None
    event_scale: float | None = None
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    trigger_span: Span | None = None
    sentence_span: Span | None = None
    time: str | None = None
    time_is_default: bool = False
    place: str | None = None
    place_is_default: bool = False
    said_by: str | None = None
    negated: bool = False
    hypothetical: bool = False
    # An event reported inside another's claim ("accused X of supplying arms"): alleged, not asserted.
    alleged: bool = False
    confidence: float = 0.5
    # Why the coder decided what it did; shown by ``--explain``, left out of plain output.
    evidence: list[str] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: what ``dataclasses.asdict`` gives, tuples made lists.

    Written out rather than calling ``asdict``, which deep-copies every leaf and costs several
    milliseconds per article when the database stores each analysis.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value  # immutable: nothing to copy (bool is an int)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in serialized_fields(type(value)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return copy.deepcopy(value)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _span(value: Any) -> Span | None:
    return None if value is None else (int(value[0]), int(value[1]))


@dataclass
class Analysis:
    """Everything newsgraph found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Remarks about the article as a whole ("no publication date: relative dates left unresolved").
    warnings: list[str] = field(default_factory=list)
    # Which trained model produced each layer ("events": "events-3f2a..."), so that a stored analysis
    # says what coded it.
    models: dict[str, str] = field(default_factory=dict)

    def slice(self, span: Span | None) -> str:
        """Return the text a span covers ('' for None)."""
        return "" if span is None else self.article.text[span[0] : span[1]]

    def entity(self, entity_id: str | None) -> Entity | None:
        """Return the entity with this id, or None."""
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def entity_at(self, span: Span) -> Entity | None:
        """Return the entity with a mention equal to, else inside, else covering ``span``."""
        start, end = span
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            for m_start, m_end in ent.mentions:
                if (m_start, m_end) == (start, end):
                    return ent
                if start <= m_start and m_end <= end:
                    rank = 1
                elif m_start <= start and end <= m_end:
                    rank = 2
                else:
                    continue
                if best is None or rank < best[0]:
                    best = (rank, ent)
        return best[1] if best else None

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """Return the ``newsgraph.analysis/1`` object as plain JSON-ready data."""
        events = []
        for ev in self.events:
            data = _plain(ev)
            if not explain:
                data.pop("evidence")
            events.append(data)
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "article": _plain(self.article),
            "entities": _plain(self.entities),
            "quotes": _plain(self.quotes),
            "times": _plain(self.times),
            "places": _plain(self.places),
            "events": events,
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if self.models:
            out["models"] = dict(self.models)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Rebuild an Analysis from ``to_dict`` output (unknown keys are ignored)."""

        def known(kind: type, item: dict[str, Any]) -> dict[str, Any]:
            names = {f.name for f in serialized_fields(kind)}
            return {k: v for k, v in item.items() if k in names}

        entities = [
            Entity(
                **{
                    **known(Entity, e),
                    "mentions": [_span(m) for m in e.get("mentions", [])],
                    "mention_types": [
                        TypedMention((int(m["span"][0]), int(m["span"][1])), str(m["type"]))
                        for m in e.get("mention_types", [])
                    ],
                }
            )
            for e in data.get("entities", [])
        ]
        quotes = []
        for q in data.get("quotes", []):
            item = known(Quote, q)
            item["span"] = _span(q["span"])
            item["speaker_span"] = _span(q.get("speaker_span"))
            item["cue_span"] = _span(q.get("cue_span"))
            if q.get("parts") is not None:
                item["parts"] = [_span(p) for p in q["parts"]]
            quotes.append(Quote(**item))
        times = [TimeExpr(**{**known(TimeExpr, t), "span": _span(t["span"])}) for t in data.get("times", [])]
        places = [
            Place(**{**known(Place, p), "mentions": [_span(m) for m in p.get("mentions", [])]})
            for p in data.get("places", [])
        ]
        events = []
        for v in data.get("events", []):
            item = known(Event, v)
            item["trigger_span"] = _span(v.get("trigger_span"))
            item["sentence_span"] = _span(v.get("sentence_span"))
            events.append(Event(**item))
        return cls(
            article=Article(**known(Article, data["article"])),
            entities=entities,
            quotes=quotes,
            times=times,
            places=places,
            events=events,
            warnings=list(data.get("warnings", [])),
            models=dict(data.get("models", {})),
        )


@dataclass
class Failure:
    """An input that could not be analyzed: where it came from and why, for the batch's report."""

    where: str
    reason: str
    kind: str  # the error class name, e.g. "NotEnglish"
