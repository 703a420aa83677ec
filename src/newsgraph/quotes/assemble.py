"""Putting direct quotes and parsed attributions together into one list of quotes.

1. Each quoted run takes the attribution whose content it is, else the speech cue beside it:
   right after it in its sentence (`"...," he said`) or right before it (`He said: "..."`, also
   from the end of the previous paragraph when that ends with a colon).
2. Two runs of one paragraph with the same cue between them are one interrupted quote.
3. Every other attribution with content is an indirect quote; quoted runs inside its content
   make it ``mixed`` and are not reported on their own. A cue inside another attribution's
   content ("X said Y wants Z") is part of that claim, not a quote of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Span
from ..transcript import Turn
from .attribution import Attribution, AttributionFinder, QuotedText, introductions
from .marks import QuoteRun, find_colon_sources

if TYPE_CHECKING:
    from spacy.tokens import Doc

# How far (characters) a speech cue may stand from the quote it introduces or follows.
_AFTER_REACH = 60
_BEFORE_REACH = 200
# A quote this short with no cue beside it is a title or a scare quote, not someone's words.
_MIN_UNCUED_WORDS = 4
# A cue this close after a quote's end (or before its start, with only marks between) frames it.
_BESIDE_AFTER = 40
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_DASH_SOURCE = re.compile(
    r"[\"”»']*[ \t\xa0]*[―—–]+[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,4})"
)


@dataclass
class FoundQuote:
    """A quote before it becomes a ``model.Quote``: spans only, speaker not yet resolved."""

    span: Span
    kind: str
    cue: Span | None = None
    speaker: Span | None = None
    speaker_token: int | None = None
    parts: list[Span] | None = None
    # The attribution it came from (None for an uncued or dash-signed quote).
    attribution: Attribution | None = None
    # Whether the rules alone keep it; ``propose_quotes`` also offers the ones they pass over.
    from_rules: bool = True
    # How the rules read it: "cued", "beside" (a speech cue next to it), "dash", "uncued", "nested".
    frame: str = "cued"


@dataclass
class _Direct:
    pieces: list[Span]
    attribution: Attribution | None = None
    absorbed: bool = False

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def overlaps_well(a: Span, b: Span) -> bool:
    """Shared characters cover at least half of the longer span (the scoring rule of FORMAT.md)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= max(a[1] - a[0], b[1] - b[0])


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _paragraph_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _cue_beside(
    text: str, quotes: list[_Direct], index: int, speech: list[Attribution]
) -> Attribution | None:
    """The speech cue right after the quote in its paragraph, else the one right before it."""
    quote = quotes[index]
    after_limit = min(_paragraph_end(text, quote.end), quote.end + _AFTER_REACH)
    if index + 1 < len(quotes):
        after_limit = min(after_limit, quotes[index + 1].start)
    before_limit = max(_paragraph_start(text, quote.start), quote.start - _BEFORE_REACH)
    if index > 0:
        before_limit = max(before_limit, quotes[index - 1].end)
    after = [a for a in speech if quote.end <= a.cue[0] < after_limit and a.speaker is not None]
    if after:
        return after[0]
    before = [a for a in speech if before_limit <= a.cue[0] < quote.start and a.speaker is not None]
    if before:
        return before[-1]
    # "Smith continued:" closing the previous paragraph introduces this one
    para_start = _paragraph_start(text, quote.start)
    if para_start > 1 and text[before_limit : quote.start].strip() in ("", '"', "“", "``"):
        prev_end = para_start - 1
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end > 0 and text[prev_end - 1] == ":":
            prev_start = _paragraph_start(text, prev_end - 1)
            before = [a for a in speech if prev_start <= a.cue[0] < prev_end and a.speaker is not None]
            if before:
                return before[-1]
    return None


def _inside(quote: _Direct, content: Span) -> bool:
    return content[0] <= quote.start and quote.end <= content[1] + 1


def _beside(text: str, quote: _Direct, cue: Span) -> bool:
    """True when the cue frames the quote as direct speech: `"...," X said` or `X said: "..."`."""
    if 0 <= cue[0] - quote.end <= _BESIDE_AFTER:
        return "\n" not in text[quote.end : cue[0]]
    if 0 <= quote.start - cue[1] <= _BESIDE_AFTER:
        return not any(ch.isalnum() for ch in text[cue[1] : quote.start])
    return False


def _has_own_words(text: str, content: Span, quotes: list[_Direct]) -> bool:
    """True when the content has a word of its own outside the quoted runs it contains."""
    position = content[0]
    for quote in sorted(quotes, key=lambda q: q.start):
        if any(ch.isalnum() for ch in text[position : quote.start]):
            return True
        position = max(position, quote.end)
    return any(ch.isalnum() for ch in text[position : content[1]])


def _absorb_fragments(text: str, quotes: list[_Direct], attributions: list[Attribution]) -> set[int]:
    """Mark quoted runs inside a longer attributed content (mixed quotes); return those cues."""
    mixed: set[int] = set()
    for attribution in attributions:
        content = attribution.content
        if content is None:
            continue
        inside = [q for q in quotes if _inside(q, content)]
        if (
            not inside
            or not _has_own_words(text, content, inside)
            or any(_beside(text, q, attribution.cue) for q in inside)
        ):
            continue  # a misparsed direct quote ("...," X said), not an embedded fragment
        for quote in inside:
            quote.absorbed = True
        mixed.add(attribution.cue_token)
    return mixed


def _dash_source(text: str, quote: _Direct) -> FoundQuote | None:
    """A quote signed with a dash and a name after it (`"..." ― Jane Doe`)."""
    match = _DASH_SOURCE.match(text, quote.end)
    if match is None:
        return None
    found = _direct_quote(quote)
    found.speaker = match.span(1)
    found.cue = match.span(1)
    found.frame = "dash"
    return found


def _opens(content: Span, quote: _Direct) -> bool:
    """True when a parsed content is the quoted run's words: the same words mostly, or the run's
    first sentence(s), where the parse ended the content at a sentence the quote goes on past
    ('X praised him on Twitter: "Tony was one of the best. His work was unique."')."""
    if overlaps_well(content, (quote.start, quote.end)):
        return True
    return quote.start <= content[0] <= quote.start + 1 and content[1] <= quote.end + 1


def _attribute_runs(text: str, quotes: list[_Direct], attributions: list[Attribution]) -> set[int]:
    """Give each quoted run its cue; return the cue tokens used up this way."""
    used: set[int] = set()
    for attribution in attributions:
        if attribution.content is None:
            continue
        for quote in quotes:
            if quote.attribution is None and _opens(attribution.content, quote):
                quote.attribution = attribution
                used.add(attribution.cue_token)
                break
    speech = [a for a in attributions if a.speech]
    for index, quote in enumerate(quotes):
        if quote.attribution is None:
            quote.attribution = _cue_beside(text, quotes, index, speech)
            if quote.attribution is not None:
                used.add(quote.attribution.cue_token)
    return used


def _merge_interrupted(text: str, quotes: list[_Direct]) -> list[_Direct]:
    """Join `"A," he said, "B."` (one paragraph, the cue between the parts) into one quote."""
    merged: list[_Direct] = []
    for quote in quotes:
        if merged:
            last = merged[-1]
            cue = last.attribution
            between = (last.end, quote.start)
            same_cue = quote.attribution is None or quote.attribution is cue
            if (
                cue is not None
                and same_cue
                and between[0] <= cue.cue[0] < between[1]
                and "\n" not in text[between[0] : between[1]]
            ):
                last.pieces.extend(quote.pieces)
                continue
        merged.append(quote)
    return merged


def _direct_quote(quote: _Direct) -> FoundQuote:
    attribution = quote.attribution
    return FoundQuote(
        span=(quote.start, quote.end),
        kind="direct",
        cue=attribution.cue if attribution else None,
        speaker=attribution.speaker if attribution else None,
        speaker_token=attribution.speaker_token if attribution else None,
        parts=list(quote.pieces) if len(quote.pieces) > 1 else None,
        attribution=attribution,
        frame="uncued" if attribution is None else "cued",
    )


def find_attributions(
    finder: AttributionFinder, doc: Doc, text: str, runs: Sequence[QuoteRun]
) -> list[Attribution]:
    """Every attribution of an article, for the quoted runs and the reported speech alike: the
    parse's cues, the paragraphs that open with a name and a colon, and the clauses that introduce
    a quote with no cue word (``attribution.introductions``)."""
    found = finder.find(doc, text, QuotedText(run.span for run in runs))
    found.extend(colon_attributions(text))
    found.extend(introductions(doc, text, [run.span for run in runs], {a.cue_token for a in found}))
    return found


def colon_attributions(text: str) -> list[Attribution]:
    """Attributions for "Source: content" paragraphs (cue tokens numbered below zero: no token)."""
    return [
        Attribution(
            cue_token=-1 - number,
            cue=found.cue,
            content=found.content,
            speaker=found.source,
            speaker_token=None,
            speech=True,
            frame="colon",
        )
        for number, found in enumerate(find_colon_sources(text))
    ]


def propose_quotes(text: str, runs: list[QuoteRun], attributions: list[Attribution]) -> list[FoundQuote]:
    """Every candidate quote, in text order: the ones the rules keep (``from_rules``) and the ones
    they pass over (a short quoted run with no cue, a claim reported inside another claim), for a
    trained model to decide. Speakers are not yet carried on to uncued quotes."""
    every = [_Direct(list(run.pieces)) for run in runs]
    mixed = _absorb_fragments(text, every, attributions)
    quotes = [q for q in every if not q.absorbed]
    used = _attribute_runs(text, quotes, [a for a in attributions if a.cue_token not in mixed])
    quotes = _merge_interrupted(text, quotes)
    found: list[FoundQuote] = []
    contents = [a.content for a in attributions if a.content is not None]
    for attribution in attributions:
        content = attribution.content
        if content is None or attribution.cue_token in used:
            continue
        if attribution.cue_token not in mixed and any(
            overlaps_well(content, (q.start, q.end)) for q in quotes
        ):
            continue  # the same words as a direct quote already attributed
        # a claim reported inside another claim is, for the rules, part of that one
        nested = any(c[0] <= attribution.cue[0] < c[1] for c in contents if c != content)
        found.append(
            FoundQuote(
                span=content,
                kind="mixed" if attribution.cue_token in mixed else "indirect",
                cue=attribution.cue,
                speaker=attribution.speaker,
                speaker_token=attribution.speaker_token,
                attribution=attribution,
                from_rules=not nested,
                frame="nested" if nested else "cued",
            )
        )
    for quote in quotes:
        if quote.absorbed:
            continue
        if quote.attribution is None:
            signed = _dash_source(text, quote)
            if signed is not None:
                found.append(signed)
                continue
            candidate = _direct_quote(quote)
            candidate.from_rules = len(text[quote.start : quote.end].split()) >= _MIN_UNCUED_WORDS
            found.append(candidate)
            continue
        found.append(_direct_quote(quote))
    found.sort(key=lambda q: q.span)
    return found


def assemble_quotes(text: str, runs: list[QuoteRun], attributions: list[Attribution]) -> list[FoundQuote]:
    """Combine quoted runs and parsed attributions into the article's quotes, in text order: the
    rules' own choice among the candidates, with speakers carried on to uncued quotes."""
    found = [q for q in propose_quotes(text, runs, attributions) if q.from_rules]
    carry_speakers(text, found)
    return found


def carry_speakers(text: str, found: list[FoundQuote]) -> None:
    """An unattributed direct quote right after someone's quote is theirs (news runs quotes on).

    Only across at most one paragraph break: further away, the writer names the speaker again.
    """
    previous: FoundQuote | None = None
    for quote in found:
        if quote.kind == "direct" and quote.speaker is None and previous is not None:
            gap = text[previous.span[1] : quote.span[0]]
            if len(_PARAGRAPH_BREAK.findall(gap)) <= 1:
                quote.speaker = previous.speaker
                quote.speaker_token = previous.speaker_token
        if quote.speaker is not None:
            previous = quote


def with_turns(found: list[FoundQuote], turns: Sequence[Turn]) -> list[FoundQuote]:
    """The quotes with each turn of an interview transcript as a direct quote of its marked speaker
    with no cue (guideline Q5), in text order. A quote found over the same words, or over the
    marker ("WALLACE: But, Governor ..." in quotation marks), is the turn's and gives way; a quote
    nested inside a turn stays ("... responded with "What is Aleppo?"")."""
    if not turns:
        return found
    kept = [
        quote
        for quote in found
        if not any(
            overlaps_well(quote.span, turn.content) or quote.span[0] <= turn.label[0] < quote.span[1]
            for turn in turns
        )
    ]
    kept.extend(
        FoundQuote(span=turn.content, kind="direct", speaker=turn.label, frame="turn") for turn in turns
    )
    return sorted(kept, key=lambda quote: quote.span)
