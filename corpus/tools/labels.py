"""Labellers' worksheets -> newsgraph.gold/1: anchors resolved to offsets, every field checked.

A labeller never types an offset. Every span is written as an *anchor*: the words themselves,
optionally with the words around them and the target marked ``[[...]]``::

    "Kim Jong Un"                 the only place the text has "Kim Jong Un"
    "[[he]] told reporters"       "he" where the text reads "he told reporters" (once in the text)
    ["Kim", 3]                    the third "Kim" of the text
    {"from": "We will", "to": "it takes"}   (quotes) from the start of one anchor to the end of another

Strict anchors (mentions, quotes, times, places, triggers) must match exactly one place; event
arguments are lenient (the first occurrence), since events are scored by their text.

    .venv/bin/python corpus/tools/labels.py check FILE...   # every problem, by file, record and field
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluation.gold import ENTITY_TYPES, QUOTE_KINDS, TIME_TYPES
from newsgraph.ontology import CONTEXTS as PLOVER_CONTEXTS
from newsgraph.ontology import EVENT_TYPES as PLOVER_TYPES
from newsgraph.ontology import MODES as PLOVER_MODES

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"

# The codebook's names come from the package, spelled once: PLOVER's types, modes and contexts, and
# the coarse entity, quote and time kinds of newsgraph.gold/1.
MODES: dict[str, tuple[str, ...]] = {kind: PLOVER_MODES.get(kind, ()) for kind in PLOVER_TYPES}
CONTEXTS = frozenset(PLOVER_CONTEXTS)
SECTORS = frozenset(
    """COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL
    SOC""".split()
)
NON_STATE = frozenset("IGO UNO EUR NGO ISM IMG MNC".split())
FLAGS = ("negated", "hypothetical", "alleged")
PLACE_FEATURES = (
    "continent", "country", "admin1", "admin2", "city", "district", "region", "water", "terrain",
    "landmark", "street", "other",
)  # fmt: skip
PRONOUNS = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves who whom whose which
    this that these those one""".split()
)
TIMEX_VALUE = re.compile(
    r"^(PRESENT_REF|PAST_REF|FUTURE_REF|"
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2})?|T(MO|AF|EV|NI))?)?|-W\d{2}(-WE)?|-Q[1-4]|-(SP|SU|FA|WI)|-H[12])?|"
    r"\d{2,3}X*|"
    r"P(?=.)((\d+(\.\d+)?|X)[YMWD])*(T((\d+(\.\d+)?|X)[HMS])+)?|"
    r"XXXX(-\d{2}(-\d{2})?|-W\d{2}|-WXX-\d)|T\d{2}(:\d{2})?|T(MO|AF|EV|NI))$"
)
Span = tuple[int, int]


class LabelError(ValueError):
    """A worksheet problem, worded for the labeller: where, which field, what to write instead."""


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def resolve(text: str, anchor: Any, *, strict: bool = True) -> Span:
    """The span an anchor names (see the module docstring); LabelError when it names none or several."""
    if (
        isinstance(anchor, list)
        and len(anchor) == 2
        and isinstance(anchor[0], str)
        and isinstance(anchor[1], int)
    ):
        phrase, nth = anchor
        inner_start, inner_end, plain = _marked(phrase)
        hits = _occurrences(text, plain)
        if not 1 <= nth <= len(hits):
            raise LabelError(f"{anchor!r}: the text has {len(hits)} of {plain!r}, not a #{nth}")
        return hits[nth - 1] + inner_start, hits[nth - 1] + inner_end
    if not isinstance(anchor, str) or not anchor.strip():
        raise LabelError(f"{anchor!r} is not an anchor (a non-empty string, or [string, n])")
    inner_start, inner_end, plain = _marked(anchor)
    hits = _occurrences(text, plain)
    if not hits:
        raise LabelError(
            f"{anchor!r} is not in the text (copy it exactly, with its capitals and punctuation)"
        )
    if strict and len(hits) > 1:
        raise LabelError(
            f"{anchor!r} occurs {len(hits)} times; add words around it, e.g. '[[{plain}]] said', or write [{plain!r}, n]"
        )
    return hits[0] + inner_start, hits[0] + inner_end


def _marked(anchor: str) -> tuple[int, int, str]:
    """(start, end) of the [[target]] inside the anchor once the marks are removed, and that text."""
    if "[[" not in anchor:
        return 0, len(anchor), anchor
    before, _, rest = anchor.partition("[[")
    target, sep, after = rest.partition("]]")
    if not sep or not target:
        raise LabelError(f"{anchor!r}: mark the target as [[words]] (both brackets, something inside)")
    return len(before), len(before) + len(target), before + target + after


@dataclass
class Checker:
    """Collects the problems of one record instead of stopping at the first."""

    where: str
    text: str
    problems: list[str]

    def fail(self, field: str, message: str) -> None:
        self.problems.append(f"{self.where}: {field}: {message}")

    def span(self, field: str, anchor: Any, *, strict: bool = True) -> Span | None:
        try:
            return resolve(self.text, anchor, strict=strict)
        except LabelError as exc:
            self.fail(field, str(exc))
            return None

    def choice(self, field: str, value: Any, choices: Iterable[str], *, optional: bool = False) -> None:
        if optional and value is None:
            return
        if value not in set(choices):
            self.fail(field, f"{value!r} is not one of {', '.join(sorted(choices))}")


def _strip_marks(value: str) -> str:
    """The words an anchor names, without the words around them."""
    start, end, plain = _marked(value)
    return plain[start:end]


def build_event(check: Checker, event: dict[str, Any], field: str) -> dict[str, Any]:
    """One worksheet event -> a gold event with its argument and trigger spans."""
    kind = event.get("type")
    check.choice(f"{field}.type", kind, MODES)
    mode = event.get("mode")
    if mode is not None:
        check.choice(f"{field}.mode", mode, MODES.get(str(kind), ()))
    context = event.get("context") or []
    if not isinstance(context, list):
        check.fail(f"{field}.context", "must be a list of context names")
        context = []
    for name in context:
        check.choice(f"{field}.context", name, CONTEXTS)
    gold: dict[str, Any] = {"type": kind, "mode": mode, "context": context}
    for role in ("actor", "recipient"):
        value = event.get(role)
        if value is None:
            gold[role] = None
            continue
        if not isinstance(value, str):
            check.fail(f"{field}.{role}", f"{value!r} must be the party's words as a string, or null")
            continue
        gold[role] = _strip_marks(value)
        span = check.span(f"{field}.{role}", value, strict=False)
        gold[f"{role}_span"] = list(span) if span else None
    if event.get("trigger") is not None:
        span = check.span(f"{field}.trigger", event["trigger"], strict=False)
        gold["trigger_span"] = list(span) if span else None
    for flag in FLAGS:
        value = event.get(flag, False)
        if not isinstance(value, bool):
            check.fail(f"{field}.{flag}", f"{value!r} must be true or false")
        gold[flag] = bool(value)
    for key in ("actor_entity", "recipient_entity"):
        if event.get(key) is not None:
            gold[key] = event[key]
    unknown = set(event) - {
        "type", "mode", "context", "actor", "recipient", "trigger", "note", "actor_entity",
        "recipient_entity", *FLAGS,
    }  # fmt: skip
    if unknown:
        check.fail(field, f"unknown keys {sorted(unknown)}")
    if event.get("note"):
        gold["note"] = event["note"]
    return gold


def guess_form(words: str) -> str:
    """A mention's form when the labeller gives none: pronoun, name (capitalised) or nominal."""
    lowered = words.lower()
    # "US", "IT" in capitals are names, not the pronouns "us", "it" ("I" is the one capital pronoun).
    if lowered in PRONOUNS and (words == "I" or not words.isupper()):
        return "pronoun"
    first = words.split()[0] if words.split() else ""
    if first[:1].isupper() and first.lower() not in {"the", "a", "an", "his", "her", "its", "their"}:
        return "name"
    return "nominal"


def build_entities(check: Checker, entities: list[Any], doc_id: str) -> tuple[list[dict[str, Any]], set[str]]:
    """Worksheet entities (each with its mentions) -> one gold record per mention, linked by entity."""
    out: list[dict[str, Any]] = []
    ids: set[str] = set()
    taken: dict[Span, str] = {}
    for number, entity in enumerate(entities):
        field = f"entities[{number}]"
        if not isinstance(entity, dict):
            check.fail(field, "must be an object")
            continue
        local = entity.get("id")
        if not isinstance(local, str) or local in ids:
            check.fail(f"{field}.id", f"{local!r}: give each entity its own id (e1, e2, ...)")
        ids.add(str(local))
        check.choice(f"{field}.type", entity.get("type"), ENTITY_TYPES)
        country = entity.get("country")
        if country is not None and not (
            country in NON_STATE or (isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country))
        ):
            check.fail(f"{field}.country", f"{country!r} is not an ISO alpha-3 code or {sorted(NON_STATE)}")
        check.choice(f"{field}.sector", entity.get("sector"), SECTORS, optional=True)
        link = entity.get("link") or f"{doc_id}#{local}"
        mentions = entity.get("mentions")
        if not isinstance(mentions, list) or not mentions:
            check.fail(f"{field}.mentions", "list at least one mention")
            continue
        for m, mention in enumerate(mentions):
            anchor, form, own_type = (
                (mention.get("at"), mention.get("form"), mention.get("type"))
                if isinstance(mention, dict)
                else (mention, None, None)
            )
            span = check.span(f"{field}.mentions[{m}]", anchor)
            if span is None:
                continue
            if span in taken:
                check.fail(f"{field}.mentions[{m}]", f"{anchor!r} is already a mention of {taken[span]}")
                continue
            taken[span] = str(local)
            words = check.text[span[0] : span[1]]
            form = form or guess_form(words)
            check.choice(f"{field}.mentions[{m}].form", form, ("name", "nominal", "pronoun"))
            if own_type is not None:
                check.choice(f"{field}.mentions[{m}].type", own_type, ENTITY_TYPES)
            out.append(
                {
                    "span": list(span),
                    # A mention may be typed apart from its entity: "Russian" (NORP) of Russia (PLACE).
                    "type": own_type or entity.get("type"),
                    "name": entity.get("name"),
                    "link": link,
                    "form": form,
                    "country": country,
                    "sector": entity.get("sector"),
                    "entity": local,
                }
            )
    out.sort(key=lambda r: r["span"])
    return out, ids


def build_quote(check: Checker, quote: dict[str, Any], field: str, entity_ids: set[str]) -> dict[str, Any]:
    """One worksheet quote -> a gold quote: content span, kind, speaker and cue."""
    content = quote.get("content")
    if isinstance(content, dict):
        start = check.span(f"{field}.content.from", content.get("from"))
        end = check.span(f"{field}.content.to", content.get("to"))
        span = (start[0], end[1]) if start and end and start[0] < end[1] else None
        if start and end and span is None:
            check.fail(f"{field}.content", "'to' must come after 'from'")
    else:
        span = check.span(f"{field}.content", content)
    check.choice(f"{field}.kind", quote.get("kind"), QUOTE_KINDS)
    gold: dict[str, Any] = {"span": list(span) if span else None, "kind": quote.get("kind")}
    if quote.get("speaker") is not None:
        speaker_span = check.span(f"{field}.speaker", quote["speaker"])
        if speaker_span:
            gold["speaker"] = check.text[speaker_span[0] : speaker_span[1]]
            gold["speaker_span"] = list(speaker_span)
    else:
        gold["speaker"] = None
    if quote.get("cue") is not None:
        cue_span = check.span(f"{field}.cue", quote["cue"])
        gold["cue_span"] = list(cue_span) if cue_span else None
    if quote.get("speaker_entity") is not None:
        if quote["speaker_entity"] not in entity_ids:
            check.fail(f"{field}.speaker_entity", f"{quote['speaker_entity']!r} is not an entity id here")
        gold["speaker_entity"] = quote["speaker_entity"]
    return gold


def build_time(check: Checker, time: dict[str, Any], field: str) -> dict[str, Any]:
    """One worksheet time -> a gold TIMEX3 (span, type, value)."""
    span = check.span(f"{field}.at", time.get("at"))
    check.choice(f"{field}.type", time.get("type"), TIME_TYPES)
    value = time.get("value")
    if value is not None and not (isinstance(value, str) and TIMEX_VALUE.match(value)):
        check.fail(
            f"{field}.value", f"{value!r} is not a TIMEX3 value (2023-09-13, 2023-W37, P3D, PAST_REF, ...)"
        )
    return {"span": list(span) if span else None, "type": time.get("type"), "value": value}


def build_place(check: Checker, place: dict[str, Any], field: str) -> dict[str, Any]:
    """One worksheet toponym -> a gold place (span, name, country, feature, coordinates)."""
    span = check.span(f"{field}.at", place.get("at"))
    check.choice(f"{field}.feature", place.get("feature"), PLACE_FEATURES)
    lat, lon = place.get("lat"), place.get("lon")
    if (lat is None) != (lon is None):
        check.fail(f"{field}", "give both lat and lon, or neither")
    elif lat is not None and not (
        isinstance(lat, (int, float))
        and isinstance(lon, (int, float))
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    ):
        check.fail(f"{field}", f"lat {lat!r}, lon {lon!r} are not coordinates in degrees")
    geonameid = place.get("geonameid")
    if geonameid is not None and not isinstance(geonameid, int):
        check.fail(f"{field}.geonameid", f"{geonameid!r} must be an integer")
    gold = {
        "span": list(span) if span else None,
        "name": place.get("name"),
        "country": place.get("country"),
        "feature": place.get("feature"),
        "geonameid": geonameid,
        "lat": lat,
        "lon": lon,
    }
    if place.get("entity") is not None:
        gold["entity"] = place["entity"]
    return gold


def build_record(
    source: dict[str, Any], sheet: dict[str, Any], where: str
) -> tuple[dict[str, Any], list[str]]:
    """A source record and its worksheet -> one gold line, with the problems found (empty when clean)."""
    check = Checker(where, source["text"], [])
    gold: dict[str, Any] = {
        "id": source["id"],
        "text": source["text"],
        "published": source["published"],
    }
    for key in ("title", "category", "url"):
        if source.get(key) is not None:
            gold[key] = source[key]
    entity_ids: set[str] = set()
    if "entities" in sheet:
        gold["entities"], entity_ids = build_entities(check, sheet["entities"], source["id"])
    if "quotes" in sheet:
        gold["quotes"] = [
            build_quote(check, q, f"quotes[{n}]", entity_ids) for n, q in enumerate(sheet["quotes"])
        ]
    if "times" in sheet:
        gold["times"] = [build_time(check, t, f"times[{n}]") for n, t in enumerate(sheet["times"])]
    if "places" in sheet:
        gold["places"] = [build_place(check, p, f"places[{n}]") for n, p in enumerate(sheet["places"])]
    if "events" not in sheet:
        check.fail("events", "every worksheet labels events: a list, [] when the text states none")
    else:
        gold["events"] = [build_event(check, e, f"events[{n}]") for n, e in enumerate(sheet["events"] or [])]
        for n, event in enumerate(gold["events"]):
            for key in ("actor_entity", "recipient_entity"):
                if key in event and event[key] not in entity_ids:
                    check.fail(f"events[{n}].{key}", f"{event[key]!r} is not an entity id here")
    unknown = set(sheet) - {"id", "entities", "quotes", "times", "places", "events", "note"}
    if unknown:
        check.fail("worksheet", f"unknown keys {sorted(unknown)}")
    return gold, check.problems


def load_sources() -> dict[str, dict[str, Any]]:
    """Every source record the corpus may label, by id."""
    sources: dict[str, dict[str, Any]] = {}
    for path in (
        SHARED / "wikipedia_current_events" / "items.jsonl",
        SHARED / "wikinews_2019_2020" / "articles.jsonl",
        SHARED / "demo" / "demo.jsonl",
    ):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                sources[record["id"]] = record
    return sources


def read_sheets(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The worksheets in a file: a .jsonl of one per line, or a .json of one object."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [(str(path), json.loads(text))]
    return [
        (f"{path}:{n}", json.loads(line)) for n, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]


def check_files(paths: list[Path]) -> int:
    """Check worksheets; print each problem; return how many there were."""
    sources = load_sources()
    total = count = 0
    for path in paths:
        try:
            sheets = read_sheets(path)
        except json.JSONDecodeError as exc:
            print(f"{path}: not valid JSON: {exc}")
            total += 1
            continue
        for where, sheet in sheets:
            count += 1
            source = sources.get(sheet.get("id"))
            if source is None:
                print(f"{where}: id {sheet.get('id')!r} is not a source record")
                total += 1
                continue
            _, problems = build_record(source, sheet, f"{where} ({sheet['id']})")
            for problem in problems:
                print(problem)
            total += len(problems)
    print(f"{count} worksheets, {total} problems")
    return total


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "check":
        sys.exit(__doc__)
    sys.exit(1 if check_files([Path(p) for p in sys.argv[2:]]) else 0)
