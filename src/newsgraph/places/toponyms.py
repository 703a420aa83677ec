"""Finding toponyms: spaCy's GPE/LOC/FAC mentions, the dateline, and a gazetteer pass for the rest.

The small spaCy model misses or mislabels many place names ("Vladivostok" as a PERSON, a town name
at the start of a headline as nothing at all). The gazetteer pass takes a capitalized name that NER
did not call a place when the gazetteer knows it well enough: a country, a state or province, a
curated place, or a town with a sizable population; a lone word that is also a person's name in
this article, a common word, or one that starts a sentence needs more evidence.

NER's own place mentions are checked too, because the small model calls many names GPE: a lone word
that is part of a person's name in the article ("Bush" of "George W. Bush", "Soleimani") is not a
place unless it is a country or a state, and a lone word the gazetteer does not know is kept only
where the grammar says place ("in Kutama").

What counts as a toponym follows docs/annotation.md: a demonym ("Russian troops") is an entity
mention of its country, not a toponym, so demonyms are off by default (``demonyms=True`` adds them,
as geoparsing corpora such as LGL annotate them); a place inside an organisation's name ("the Iowa
Democratic Party", "the United States Senate") is not labelled either (``inside_names=True`` keeps
the state or country that opens or closes such a name, LGL's convention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from .gazetteer import Candidate, Gazetteer
from .names import name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A town named by NER as something else (or not at all) needs this many people to count by name
# alone; preceded by "in", "at", "near", "from" it needs fewer.
MIN_POPULATION = 100_000
MIN_POPULATION_AFTER_PREPOSITION = 5_000
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "outside", "across", "into", "of", "around"})
# Words that make a name a division ("Laurel County"), so that NER's "person" reading yields.
_ADMIN_WORDS = frozenset({"county", "parish", "province", "district", "oblast", "prefecture", "borough"})
# Before a whole name that NER called an organisation or a nationality, these say it is a place.
_LOCATIVE_MISLABEL = frozenset(
    {"in", "at", "near", "from", "outside", "across", "into", "around", "throughout"}
)
_LOCATIVE_STRICT = frozenset({"in", "at", "near", "outside", "across", "into", "around", "throughout"})
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "president",
        "judge",
        "officer",
        "sgt",
        "lt",
        "capt",
        "coach",
    }
)
_MAX_WORDS = 4
_WORDISH = re.compile(r"^[A-Z][\w.'\u2019-]*$")


@dataclass
class Mention:
    """A stretch of text that names a place, and how it was found."""

    start: int
    end: int
    text: str
    source: str  # "ner", "dateline", "gazetteer", "organisation" or "demonym"
    # Set when an adjacent mention names its container ("Gainesville, Ga."): that region's code.
    container: str | None = None
    # For a demonym: the country (ISO alpha-3) it names.
    country: str | None = None
    # Set when this mention names the container of the one before it ("Ga." of "Gainesville, Ga.").
    contains: bool = False
    # spaCy's entity label over the mention ("GPE", "LOC", "FAC"), "" where NER saw none.
    label: str = ""


def _capitalized(token: Token) -> bool:
    return bool(_WORDISH.match(token.text)) and token.text.lower() not in {"i"}


def _strong(candidates: list[Candidate], threshold: int) -> bool:
    """Whether the name's best record is well known enough to count without NER's word."""
    for cand in candidates:
        if cand.kind in ("K", "C", "1", "X"):
            return True
        if cand.kind == "P" and cand.population >= threshold:
            return True
    return False


class ToponymFinder:
    """Finds the place mentions of a parsed article."""

    def __init__(self, gazetteer: Gazetteer, demonyms: bool = False, inside_names: bool = False) -> None:
        self.gazetteer = gazetteer
        # Whether "Russian" in "Russian troops" counts as a mention of Russia (geoparsing corpora
        # such as LGL annotate such adjectival toponyms; see the module docstring).
        self.demonyms = demonyms
        # Whether the place that opens or closes an organisation's name is a mention of it.
        self.inside_names = inside_names

    def find(self, doc: Doc, dateline_span: tuple[int, int] | None = None) -> list[Mention]:
        """Return the article's place mentions, in text order, without overlaps."""
        mentions: list[Mention] = []
        full_text = doc.text  # Doc.text is rebuilt on every access
        taken = [False] * len(doc)
        person_words = _person_words(doc)
        if dateline_span is not None:
            for mention in self._split_pair(full_text, dateline_span[0], dateline_span[1], "dateline"):
                mentions.append(mention)
                self._take(doc, taken, mention)
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and not any(taken[ent.start : ent.end]):
                for mention in self._split_pair(full_text, ent.start_char, ent.end_char, "ner"):
                    mention.label = ent.label_
                    if self._plausible(doc, ent, mention, person_words):
                        mentions.append(mention)
                self._take_tokens(taken, ent.start, ent.end)
        mentions.extend(self._gazetteer_pass(doc, taken, person_words))
        if self.demonyms:
            mentions = _with_demonyms(mentions, _demonym_mentions(doc, taken, self.gazetteer))
        mentions = [_without_possessive(m) for m in mentions if sum(c.isalpha() for c in m.text) > 1]
        mentions.sort(key=lambda m: m.start)
        _mark_containers(full_text, mentions, self.gazetteer)
        return mentions

    def _plausible(self, doc: Doc, ent: Span, mention: Mention, person_words: set[str]) -> bool:
        """Whether an NER place mention is a place, not a person's name or a mislabelled word."""
        if mention.start != ent.start_char or mention.end != ent.end_char or len(ent) != 1:
            return True
        candidates = self.gazetteer.candidates(mention.text)
        if any(c.kind in ("K", "C", "1") for c in candidates):
            return True
        if mention.text in person_words:
            # "Bush" of "George W. Bush", "Soleimani" of "Qasem Soleimani".
            return False
        if candidates:
            return True
        # A lone word no gazetteer knows ("Brexit", "Weibo", "Ocado" as GPE) needs the grammar of a
        # place: a locative preposition before it.
        previous = doc[ent.start - 1] if ent.start > 0 else None
        return previous is not None and previous.lower_ in _LOCATIVE_STRICT

    def _take(self, doc: Doc, taken: list[bool], mention: Mention) -> None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            self._take_tokens(taken, span.start, span.end)

    @staticmethod
    def _take_tokens(taken: list[bool], start: int, end: int) -> None:
        for i in range(start, end):
            taken[i] = True

    def _split_pair(self, full_text: str, start: int, end: int, source: str) -> list[Mention]:
        """Split "Gainesville, Ga." into its two places when the gazetteer knows both parts."""
        text = full_text[start:end]
        # "the" is not part of the name (FORMAT.md's spans are the name as written).
        lead = re.match(r"(?i)the\s+", text)
        if lead and len(text) > lead.end():
            start += lead.end()
            text = text[lead.end() :]
        parts = [p for p in re.finditer(r"[^,]+", text) if p.group().strip()]
        if len(parts) > 1 and all(p.group().strip() in self.gazetteer for p in parts):
            out = []
            for part in parts:
                offset = part.start() + (len(part.group()) - len(part.group().lstrip()))
                word = part.group().strip()
                out.append(Mention(start + offset, start + offset + len(word), word, source))
            return out
        return [Mention(start, end, text, source)]

    def _gazetteer_pass(self, doc: Doc, taken: list[bool], person_words: set[str]) -> list[Mention]:
        # Token texts, offsets and capitalization read once: indexing a Doc costs a Token object
        # each time, and this loop looks at every token up to _MAX_WORDS times.
        text = doc.text
        capitalized = [_capitalized(token) for token in doc]
        starts = [token.idx for token in doc]
        ends = [token.idx + len(token.text) for token in doc]
        found: list[Mention] = []
        i = 0
        while i < len(doc):
            if taken[i] or not capitalized[i]:
                i += 1
                continue
            limit = i
            while limit < len(doc) and limit - i < _MAX_WORDS and not taken[limit] and capitalized[limit]:
                limit += 1
            end = next(
                (
                    e
                    for e in range(limit, i, -1)
                    if self.gazetteer.has_key(name_key(text[starts[i] : ends[e - 1]]))
                ),
                None,
            )
            if end is None:
                i += 1
                continue
            span = doc[i:end]
            if self._accept(doc, span, self.gazetteer.candidates(span.text), person_words):
                found.append(Mention(span.start_char, span.end_char, span.text, "gazetteer"))
                self._take_tokens(taken, i, end)
                i = end
            else:
                i += 1
        return found

    def _accept(self, doc: Doc, span: Span, candidates: list[Candidate], person_words: set[str]) -> bool:
        first = span[0]
        previous = doc[span.start - 1] if span.start > 0 else None
        after_preposition = previous is not None and previous.lower_ in _LOCATIVE
        threshold = MIN_POPULATION_AFTER_PREPOSITION if after_preposition else MIN_POPULATION
        key = name_key(span.text)
        # "Rapides Parish", "Laurel County": a second-level division that says what it is.
        admin_named = bool(_ADMIN_WORDS & set(key.split())) and any(c.kind == "2" for c in candidates)
        if not (_strong(candidates, threshold) or admin_named):
            return False
        region = any(c.kind in ("K", "C", "1", "X") for c in candidates) or admin_named
        if not region and not after_preposition and not first.ent_type_:
            if not any(name_key(c.name) == key for c in candidates):
                # Only an old or foreign name of a town ("Molotov", once Perm's): too weak alone.
                return False
            if len(span) == 1 and span.root.dep_ in ("compound", "amod") and span.root.head.is_lower:
                # A name that modifies a common noun ("Molotov cocktails", "Panama hats").
                return False
        if previous is not None and previous.lower_.rstrip(".") in _TITLES:
            return False
        ent_label = first.ent_type_
        single = len(span) == 1
        if single and first.text in person_words:
            # "Henry" after "Chiquita Raquel Henry": a person's name, not the town.
            return False
        if ent_label in ("ORG", "NORP") and previous is not None and previous.lower_ in _LOCATIVE_MISLABEL:
            ent = _entity_at(doc, span.start)
            if ent is not None and (ent.start, ent.end) == (span.start, span.end):
                # "marched in Herat" with Herat an organisation, "sailed from Odesa" with Odesa a
                # nationality: the grammar says place.
                return True
        if ent_label == "ORG":
            # "the Kansas Highway Patrol", "University of Pennsylvania": a state or country that
            # opens or closes an organisation's name is where the organisation is (LGL labels it;
            # our guidelines do not).
            return (
                self.inside_names
                and _edge_of_entity(doc, span)
                and any(c.kind in ("C", "1") for c in candidates)
            )
        if ent_label and ent_label not in ("PERSON", "NORP"):
            # Inside a work's or an event's name; the name is not a place.
            return False
        if ent_label == "NORP":
            return False
        if ent_label == "PERSON":
            ent = _entity_at(doc, span.start)
            # Only a whole one-name "person" that the gazetteer knows is re-read as a place.
            if ent is None or (ent.start, ent.end) != (span.start, span.end):
                return False
        if first.is_sent_start and not after_preposition:
            # A sentence's first word is capitalized anyway: require a region or a big city.
            return _strong(candidates, MIN_POPULATION) and (first.pos_ == "PROPN" or first.text.isupper())
        return first.pos_ == "PROPN" or first.text.isupper() or not single


def _person_words(doc: Doc) -> set[str]:
    """Words of multi-word PERSON names ("Henry" of "Chiquita Raquel Henry")."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(t.text for t in ent if t.is_alpha)
    return words


def _mark_containers(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """Note "X, Y" pairs where Y is a state or country: X is most likely inside Y."""
    for left, right in pairwise(mentions):
        if text[left.end : right.start].strip() != ",":
            continue
        for cand in gazetteer.candidates(right.text):
            if cand.kind in ("C", "1") and cand.region_code:
                left.container = cand.region_code
                right.contains = True
                break


def _entity_at(doc: Doc, i: int) -> Span | None:
    """The entity that token ``i`` is in (``Doc.ents`` rebuilds every span on each access)."""
    token = doc[i]
    if not token.ent_type_:
        return None
    start = i
    while start > 0 and token.ent_iob_ != "B" and doc[start - 1].ent_type_ == token.ent_type_:
        start -= 1
        token = doc[start]
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _edge_of_entity(doc: Doc, span: Span) -> bool:
    ent = _entity_at(doc, span.start)
    if ent is None or (ent.start, ent.end) == (span.start, span.end):
        return False
    first = ent.start + (1 if ent[0].lower_ == "the" else 0)
    return span.start == first or (span.end == ent.end and doc[span.start - 1].lower_ == "of")


def _with_demonyms(mentions: list[Mention], demonyms: list[Mention]) -> list[Mention]:
    """Add demonym mentions, replacing a country-less NER mention of the same span."""
    spans = {(d.start, d.end) for d in demonyms}
    return [m for m in mentions if (m.start, m.end) not in spans] + demonyms


def _demonym_mentions(doc: Doc, taken: list[bool], gazetteer: Gazetteer) -> list[Mention]:
    """NORP mentions that are a country's demonym ("Russian", "Palestinians")."""
    from ..entities.dictionary import DEMONYM, actor_dictionary

    dictionary = actor_dictionary()
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("NORP", *PLACE_LABELS):
            continue
        if ent.label_ != "NORP" and (ent.text in gazetteer or not all(taken[ent.start : ent.end])):
            # A "place" NER found that the gazetteer lacks may be a demonym it mislabelled.
            continue
        if ent.label_ == "NORP" and any(taken[ent.start : ent.end]):
            continue
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        actor = dictionary.lookup(text)
        if actor is None and text.endswith("s"):
            actor = dictionary.lookup(text[:-1])
        if actor is not None and actor.kind == DEMONYM and actor.country:
            start = ent.end_char - len(text)
            found.append(Mention(start, ent.end_char, text, "demonym", country=actor.country))
    return found


def _without_possessive(mention: Mention) -> Mention:
    """ "Boone County's" -> "Boone County": the possessive is not part of the name."""
    for suffix in ("'s", "\u2019s"):
        if mention.text.endswith(suffix) and len(mention.text) > len(suffix):
            mention.text = mention.text[: -len(suffix)]
            mention.end -= len(suffix)
    return mention
