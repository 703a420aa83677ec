"""Read labelled data in ``newsgraph.gold/1``: one JSON document per line, offsets into its text.

A document carries only the task keys its set labels: a missing key means "not labelled" (kept as
None here), an empty list "labelled: there are none". Every problem is reported as a GoldFormatError
naming the file and line and what is wrong, so a hand-written gold file is quick to fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GoldFormatError, Messages, TrainingDataError
from ..model import Span
from ..vocabulary import QUOTE_KINDS

if TYPE_CHECKING:
    from ..model import Analysis

ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "OTHER")
ENTITY_FORMS = ("name", "nominal", "pronoun")
# PLOVER's 16 event types, plus YIELD for sets that merge CONCEDE and RETREAT.
EVENT_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "YIELD",
)
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class GoldQuote:
    """A labelled quote: content span, kind and (where labelled) its speaker."""

    span: Span
    kind: str
    speaker: str | None = None
    speaker_span: Span | None = None
    cue_span: Span | None = None


@dataclass(frozen=True)
class GoldEntity:
    """A labelled entity mention; mentions that share a ``link`` are one entity."""

    span: Span
    type: str
    name: str | None = None
    link: str | None = None
    form: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """A labelled event: one (type, actor, recipient) row; a null argument is not labelled."""

    type: str
    actor: str | None = None
    recipient: str | None = None
    actor_span: Span | None = None
    recipient_span: Span | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    trigger_span: Span | None = None
    # Mentioned but not stated as fact (docs/annotation.md): kept for training, left out of scoring.
    negated: bool = False
    hypothetical: bool = False
    alleged: bool = False

    @property
    def asserted(self) -> bool:
        """Whether the text states the event as fact (no flag set): only these are scored."""
        return not (self.negated or self.hypothetical or self.alleged)


@dataclass(frozen=True)
class GoldTime:
    """A labelled time expression with its TIMEX3 type and value."""

    span: Span
    type: str
    value: str | None = None


@dataclass(frozen=True)
class GoldPlace:
    """A labelled toponym with its GeoNames id and/or coordinates where known."""

    span: Span
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class GoldDoc:
    """One labelled document; a task list is None when this document does not label that task."""

    id: str
    text: str
    published: str | None = None
    where: str = ""
    quotes: tuple[GoldQuote, ...] | None = None
    entities: tuple[GoldEntity, ...] | None = None
    events: tuple[GoldEvent, ...] | None = None
    times: tuple[GoldTime, ...] | None = None
    places: tuple[GoldPlace, ...] | None = None

    def labels(self, task: str) -> tuple[Any, ...] | None:
        """Return this document's items for a task (None when the task is not labelled)."""
        items: tuple[Any, ...] | None = getattr(self, task)
        return items


class _Line:
    """Checks the fields of one line's JSON, raising errors that name the file, line and field."""

    def __init__(self, where: str, text: str) -> None:
        self.where = where
        self.text = text

    def fail(self, detail: str) -> GoldFormatError:
        return GoldFormatError(Messages.GOLD_FORMAT.format(where=self.where, detail=detail))

    def string(self, item: dict[str, Any], key: str, label: str, *, required: bool = False) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail(f"{label} lacks '{key}' (a string)")
            return None
        if not isinstance(value, str):
            raise self.fail(f"{label}: '{key}' must be a string, not {type(value).__name__}")
        return value

    def choice(self, item: dict[str, Any], key: str, label: str, choices: tuple[str, ...]) -> str:
        value = self.string(item, key, label, required=True)
        if value not in choices:
            raise self.fail(f"{label}: '{key}' is {value!r}; expected one of {', '.join(choices)}")
        return str(value)

    def span(self, item: dict[str, Any], key: str, label: str, *, required: bool = False) -> Span | None:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail(f"{label} lacks '{key}' ([start, end] offsets into text)")
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise self.fail(f"{label}: '{key}' must be [start, end] integers, not {value!r}")
        start, end = value
        if not 0 <= start <= end <= len(self.text):
            raise self.fail(
                f"{label}: '{key}' {value} is not a span of the text (0 <= start <= end <= {len(self.text)})"
            )
        return (start, end)

    def number(self, item: dict[str, Any], key: str, label: str) -> float | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{label}: '{key}' must be a number, not {value!r}")
        return float(value)

    def flag(self, item: dict[str, Any], key: str, label: str) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{label}: '{key}' must be true or false, not {value!r}")
        return value

    def words_at(
        self, item: dict[str, Any], words_key: str, span: Span | None, label: str, *, inside: bool = False
    ) -> None:
        """Fail when a span's text is not the words the item gives for it (or, ``inside``, does not
        contain them): spans that do not match their text mean the labels were made for another
        text, and must not be scored silently."""
        words = item.get(words_key)
        if span is None or not isinstance(words, str):
            return
        found = self.text[span[0] : span[1]]
        found_words, given_words = " ".join(found.split()).casefold(), " ".join(words.split()).casefold()
        if not (given_words in found_words if inside else given_words == found_words):
            raise self.fail(
                f"{label}: '{words_key}' is {words!r} but its span {list(span)} holds {found!r} "
                "(labels made for another version of the text?)"
            )

    def integer(self, item: dict[str, Any], key: str, label: str) -> int | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{label}: '{key}' must be an integer, not {value!r}")
        return value


def _quote(line: _Line, item: dict[str, Any], label: str) -> GoldQuote:
    speaker_span = line.span(item, "speaker_span", label)
    # A speaker's span may hold more than its name ("Rep. Jerry Nadler, a Democrat from New York").
    line.words_at(item, "speaker", speaker_span, label, inside=True)
    return GoldQuote(
        span=line.span(item, "span", label, required=True) or (0, 0),
        kind=line.choice(item, "kind", label, QUOTE_KINDS),
        speaker=line.string(item, "speaker", label),
        speaker_span=speaker_span,
        cue_span=line.span(item, "cue_span", label),
    )


def _entity(line: _Line, item: dict[str, Any], label: str) -> GoldEntity:
    form = line.string(item, "form", label)
    if form is not None and form not in ENTITY_FORMS:
        raise line.fail(f"{label}: 'form' is {form!r}; expected one of {', '.join(ENTITY_FORMS)}")
    return GoldEntity(
        span=line.span(item, "span", label, required=True) or (0, 0),
        type=line.choice(item, "type", label, ENTITY_TYPES),
        name=line.string(item, "name", label),
        link=line.string(item, "link", label),
        form=form,
    )


def _event(line: _Line, item: dict[str, Any], label: str) -> GoldEvent:
    context = item.get("context") or []
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise line.fail(f"{label}: 'context' must be a list of strings, not {context!r}")
    actor_span = line.span(item, "actor_span", label)
    recipient_span = line.span(item, "recipient_span", label)
    line.words_at(item, "actor", actor_span, label)
    line.words_at(item, "recipient", recipient_span, label)
    return GoldEvent(
        type=line.choice(item, "type", label, EVENT_TYPES),
        actor=line.string(item, "actor", label),
        recipient=line.string(item, "recipient", label),
        actor_span=actor_span,
        recipient_span=recipient_span,
        mode=line.string(item, "mode", label),
        context=tuple(context),
        trigger_span=line.span(item, "trigger_span", label),
        negated=line.flag(item, "negated", label),
        hypothetical=line.flag(item, "hypothetical", label),
        alleged=line.flag(item, "alleged", label),
    )


def _time(line: _Line, item: dict[str, Any], label: str) -> GoldTime:
    return GoldTime(
        span=line.span(item, "span", label, required=True) or (0, 0),
        type=line.choice(item, "type", label, TIME_TYPES),
        value=line.string(item, "value", label),
    )


def _place(line: _Line, item: dict[str, Any], label: str) -> GoldPlace:
    lat, lon = line.number(item, "lat", label), line.number(item, "lon", label)
    if (lat is None) != (lon is None):
        raise line.fail(f"{label}: give both 'lat' and 'lon', or neither")
    return GoldPlace(
        span=line.span(item, "span", label, required=True) or (0, 0),
        name=line.string(item, "name", label),
        geonameid=line.integer(item, "geonameid", label),
        lat=lat,
        lon=lon,
    )


_READERS: dict[str, Callable[[_Line, dict[str, Any], str], Any]] = {
    "quotes": _quote,
    "entities": _entity,
    "events": _event,
    "times": _time,
    "places": _place,
}


def _items(line: _Line, data: dict[str, Any], task: str) -> tuple[Any, ...] | None:
    if task not in data or data[task] is None:
        return None
    raw = data[task]
    if not isinstance(raw, list):
        raise line.fail(f"'{task}' must be a list of objects, not {type(raw).__name__}")
    read = _READERS[task]
    items = []
    for number, item in enumerate(raw):
        label = f"{task}[{number}]"
        if not isinstance(item, dict):
            raise line.fail(f"{label} must be an object, not {type(item).__name__}")
        items.append(read(line, item, label))
    return tuple(items)


def parse_gold_line(raw: str, where: str) -> GoldDoc:
    """Parse one line of a gold file; ``where`` ("file:line") goes into any error."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            Messages.GOLD_FORMAT.format(
                where=where, detail=f"not valid JSON ({exc.msg} at column {exc.colno})"
            )
        ) from exc
    if not isinstance(data, dict):
        raise GoldFormatError(
            Messages.GOLD_FORMAT.format(where=where, detail="each line must be a JSON object")
        )
    text = data.get("text")
    if not isinstance(text, str) or not text:
        raise GoldFormatError(
            Messages.GOLD_FORMAT.format(where=where, detail="the document lacks a non-empty 'text' string")
        )
    line = _Line(where, text)
    doc_id = data.get("id")
    return GoldDoc(
        id=str(doc_id) if doc_id is not None else where,
        text=text,
        published=line.string(data, "published", "the document"),
        where=where,
        **{task: _items(line, data, task) for task in _READERS},
    )


def read_gold(path: str | Path) -> list[GoldDoc]:
    """Read a ``newsgraph.gold/1`` JSON Lines file; blank lines are skipped.

    Raises GoldFormatError naming ``file:line`` for a malformed line, and for a file with no documents.
    """
    path = Path(path)
    try:
        # split("\n"), not splitlines(): JSON strings may hold U+2028 and other line separators raw.
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError as exc:
        raise GoldFormatError(Messages.GOLD_FORMAT.format(where=path, detail="no such file")) from exc
    except UnicodeDecodeError as exc:
        raise GoldFormatError(
            Messages.GOLD_FORMAT.format(where=path, detail=f"not UTF-8 text ({exc.reason})")
        ) from exc
    docs = [
        parse_gold_line(raw, f"{path}:{number}") for number, raw in enumerate(lines, start=1) if raw.strip()
    ]
    if not docs:
        raise GoldFormatError(Messages.GOLD_FORMAT.format(where=path, detail="the file holds no documents"))
    return docs


def labelled_pairs(
    task: str, gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]
) -> list[tuple[GoldDoc, Analysis]]:
    """Pair gold documents with their predictions, keeping the documents that label ``task``."""
    return [(d, a) for d, a in zip(gold_docs, analyses, strict=True) if d.labels(task) is not None]


def labelled_documents(paths: Sequence[str | Path], layer: str) -> list[GoldDoc]:
    """The documents of newsgraph.gold/1 files that label ``layer`` (events, quotes, entities,
    places): what a trained stage learns from. Raises TrainingDataError when none does."""
    docs = [d for path in paths for d in read_gold(path) if d.labels(layer) is not None]
    if not docs:
        where = ", ".join(str(p) for p in paths)
        article = "an" if layer[0] in "aeiou" else "a"
        raise TrainingDataError(
            Messages.TRAINING_DATA.format(
                task=layer, where=where, detail=f"no document has {article} '{layer}' list"
            )
        )
    return docs
