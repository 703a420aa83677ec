"""A readable plain-text summary of an Analysis, for people (``--format text`` and ``demo``)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from .humandates import describe_time, event_when
from .model import Analysis, Event, Quote

# How much of a quote or an article title the summary shows before cutting it with an ellipsis.
QUOTE_CHARS = 140
TITLE_CHARS = 100
_QUOTE_MARKS = ('"', "\u201c", "\u2018", "'", "\u00ab")
SECTIONS = ("entities", "quotes", "times", "places", "events")


def shorten(text: str, width: int) -> str:
    """Collapse white space and cut ``text`` to ``width`` characters, marking a cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def heading(analysis: Analysis) -> str:
    """One line naming the article: title (or its input id), date and source."""
    article = analysis.article
    name = article.title or article.external_id or article.id
    facts = [article.published or "no date", article.source or ""]
    return f"== {shorten(name, TITLE_CHARS)} ({', '.join(f for f in facts if f)})"


def _codes(country: str | None, sector: str | None) -> str:
    return "/".join(code for code in (country, sector) if code) or "-"


def _entity_lines(analysis: Analysis) -> list[str]:
    width = max((len(e.name) for e in analysis.entities), default=0)
    return [
        f"  {ent.name:<{width}}  {ent.type:<7} {_codes(ent.country, ent.sector):<9} "
        f"{len(ent.mentions)} mention{'s' if len(ent.mentions) != 1 else ''}"
        for ent in analysis.entities
    ]


def _speaker(analysis: Analysis, quote: Quote) -> str:
    entity = analysis.entity(quote.speaker)
    if entity is not None:
        return entity.name
    if quote.speaker_span is not None:
        # The words that name the speaker, in quotation marks: no entity stands for them ("analysts").
        return f'"{analysis.slice(quote.speaker_span)}"'
    return "(no speaker)"


def _quote_lines(analysis: Analysis) -> list[str]:
    lines = []
    for quote in analysis.quotes:
        content = shorten(analysis.slice(quote.span), QUOTE_CHARS)
        if quote.kind == "direct" and not content.startswith(_QUOTE_MARKS):
            content = f'"{content}"'
        cue = f" [{analysis.slice(quote.cue_span)}]" if quote.cue_span else ""
        lines.append(f"  {_speaker(analysis, quote)}{cue} ({quote.kind}): {content}")
    return lines


def _time_lines(analysis: Analysis) -> list[str]:
    # What each expression means in words ("Tuesday morning, 12 Sep 2023", "some years"); the
    # TIMEX3 value itself is in the JSON output, for programs.
    lines = []
    for t in analysis.times:
        if t.span[1] > t.span[0]:
            meaning = describe_time(t.value, t.type) or "(not resolved to a date)"
            lines.append(f"  {analysis.slice(t.span)!r}: {meaning}")
    return lines


def _place_lines(analysis: Analysis) -> list[str]:
    lines = []
    for place in analysis.places:
        where = (
            f"{place.lat:.2f}, {place.lon:.2f}" if place.lat is not None and place.lon is not None else "?"
        )
        lines.append(f"  {place.name} ({place.country or '-'}; {where})")
    return lines


def _party(analysis: Analysis, ids: Iterable[str], missing: str) -> str:
    names = []
    for entity_id in ids:
        entity = analysis.entity(entity_id)
        if entity is not None:
            codes = _codes(entity.country, entity.sector)
            names.append(entity.name if codes == "-" else f"{entity.name} [{codes}]")
    return " + ".join(names) or missing


def event_line(analysis: Analysis, event: Event) -> str:
    """``actor TYPE(mode) recipient — "trigger"`` with its flags, time, place and source."""
    kind = f"{event.type}({event.mode})" if event.mode else event.type
    recipient = f" {_party(analysis, event.recipient, '(unknown recipient)')}" if event.recipient else ""
    trigger = f' — "{analysis.slice(event.trigger_span)}"' if event.trigger_span else ""
    extras = []
    if event.context:
        extras.append("context " + ",".join(event.context))
    for flag in ("negated", "hypothetical", "alleged"):
        if getattr(event, flag):
            extras.append(flag)
    time = next((t for t in analysis.times if t.id == event.time), None)
    when = event_when(time.value) if time is not None else None
    if when:
        extras.append(when)
    place = next((p for p in analysis.places if p.id == event.place), None)
    if place is not None:
        extras.append(f"in {place.name}{' (the dateline)' if event.place_is_default else ''}")
    said_by = analysis.entity(event.said_by)
    if said_by is not None:
        extras.append(f"says {said_by.name}")
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return f"  {_party(analysis, event.actor, '(unknown actor)')} {kind}{recipient}{trigger}{tail}"


def _event_lines(analysis: Analysis, explain: bool) -> list[str]:
    lines = []
    for event in analysis.events:
        lines.append(event_line(analysis, event))
        if explain:
            lines.extend(
                textwrap.indent(textwrap.fill(f"- {why}", 100, subsequent_indent="  "), "      ")
                for why in event.evidence
            )
    return lines


def _first_items(lines: list[str], count: int) -> list[str]:
    # Item lines start with two spaces, evidence lines under an event with more: keep whole items.
    kept: list[str] = []
    items = 0
    for line in lines:
        if not line.startswith("   "):
            items += 1
            if items > count:
                break
        kept.append(line)
    return kept


def summarize(
    analysis: Analysis,
    *,
    explain: bool = False,
    sections: Iterable[str] = SECTIONS,
    max_lines: int | None = None,
) -> str:
    """Return the summary: a heading, then one block per non-empty section, then any warnings.

    ``max_lines`` caps each section (the rest is counted, not shown); evidence lines do not count.
    """
    builders = {
        "entities": lambda: _entity_lines(analysis),
        "quotes": lambda: _quote_lines(analysis),
        "times": lambda: _time_lines(analysis),
        "places": lambda: _place_lines(analysis),
        "events": lambda: _event_lines(analysis, explain),
    }
    out = [heading(analysis)]
    for name in sections:
        lines = builders[name]()
        if lines:
            count = len(getattr(analysis, name))
            out.append(f"{name.capitalize()} ({count}):")
            if max_lines is not None and count > max_lines:
                shown = _first_items(lines, max_lines)
                out.extend(shown)
                out.append(f"  … and {count - max_lines} more")
            else:
                out.extend(lines)
    out.extend(f"  warning: {w}" for w in analysis.warnings)
    return "\n".join(out) + "\n"
