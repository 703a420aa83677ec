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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ..dateline import WEEKDAY_WORDS
from ..parsing import document_text
from .build import abbreviation_keys
from .gazetteer import Candidate, Gazetteer
from .names import name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A town named by NER as something else (or not at all) needs this many people to count by name
# alone; preceded by "in", "at", "near", "from" it needs fewer.
MIN_POPULATION = 100_000
MIN_POPULATION_AFTER_PREPOSITION = 5_000
# A town's name before a noun of local news ("a Crafton man", "Chiefland police") needs only to
# be a town: the noun says place, whatever NER called the name.
MIN_POPULATION_LOCAL_NOUN = 1_000
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
        "minister",
        "secretary",
        "chancellor",
        "premier",
        "queen",
        "king",
        "prince",
        "princess",
    }
)
_MAX_WORDS = 4
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
# Nouns a person's name modifies more often than a town's ("the Bush administration").
_EPONYM_NOUNS = frozenset(
    "administration government regime era presidency cabinet family campaign doctrine years".split()
)
_WORDISH = re.compile(r"^[A-Z][\w.'\u2019-]*$")


@dataclass
class Mention:
    """A stretch of text that names a place, and how it was found."""

    start: int
    end: int
    text: str
    source: str  # "ner", "dateline", "gazetteer", "feature", "list", "demonym" or "context"
    # Set when an adjacent mention names its container ("Gainesville, Ga."): that region's code.
    container: str | None = None
    # For a demonym: the country (ISO alpha-3) it names.
    country: str | None = None
    # Set when this mention names the container of the one before it ("Ga." of "Gainesville, Ga.").
    contains: bool = False
    # spaCy's entity label over the mention ("GPE", "LOC", "FAC"), "" where NER saw none.
    label: str = ""
    # Written as one of a list of counties ("Barrow and Jackson counties"): the county, not the town.
    county: bool = False
    # A street's or a road's name ("Culver" of "Culver and Charter streets"): never the town.
    street: bool = False


def region_named(cand: Candidate) -> bool:
    """Whether a record is a region that a name inside an organisation's can stand for.

    A country, a state or a county, by any of its names: "the U.S. Department of ...", "Rapides
    Parish Fire District", "the Muscogee Sheriff's Office". "Concordia College" may wrongly say
    Concordia Parish, which is why this is only evidence, weighed with the rest of the article,
    and never a toponym. (Counties only by their own name, or only where the name says "County",
    were tried: LGL accuracy within 161 km 0.871 either way, against 0.874 for this.)
    """
    return cand.kind in ("C", "1", "2")


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
        self._abbreviations = abbreviation_keys()

    def find(self, doc: Doc, dateline_span: tuple[int, int] | None = None) -> list[Mention]:
        """Return the article's place mentions, in text order, without overlaps."""
        mentions: list[Mention] = []
        full_text = document_text(doc)
        taken = [False] * len(doc)
        entities = doc.ents  # rebuilt on every access
        person_words = _person_words(entities)
        if dateline_span is not None:
            for mention in self._split_pair(full_text, dateline_span[0], dateline_span[1], "dateline"):
                mentions.append(mention)
                self._take(doc, taken, mention)
        for ent in entities:
            if ent.label_ in PLACE_LABELS and not any(taken[ent.start : ent.end]):
                for mention in self._split_pair(full_text, ent.start_char, ent.end_char, "ner"):
                    mention.label = ent.label_
                    if self._plausible(doc, ent, mention, person_words):
                        mentions.append(mention)
                self._take_tokens(taken, ent.start, ent.end)
        # Token texts, offsets and capitalization read once: indexing a Doc costs a Token object
        # each time, and the passes below look at every token several times.
        words: list[str] = []
        starts: list[int] = []
        for token in doc:
            words.append(token.text)
            starts.append(token.idx)
        capitalized = [bool(_WORDISH.match(word)) and word != "I" for word in words]
        lowers = [word.lower() for word in words]
        mentions.extend(self._gazetteer_pass(doc, taken, person_words, capitalized, starts, words))
        mentions.extend(_feature_pass(doc, taken, capitalized, lowers))
        mentions.extend(self._list_pass(doc, taken, mentions, person_words, lowers))
        if self.demonyms:
            mentions = _with_demonyms(mentions, _demonym_mentions(doc, taken, self.gazetteer))
        mentions = [_without_possessive(m) for m in mentions if sum(c.isalpha() for c in m.text) > 1]
        mentions.sort(key=lambda m: m.start)
        _mark_containers(full_text, mentions, self.gazetteer)
        return mentions

    def context(self, doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
        """Regions named at the edge of an organisation's name: evidence of where the article is.

        "the Georgia Bureau of Investigation", "Rapides Parish Fire District 2", "the Disabilities
        Board of Charleston County" are not toponyms under docs/annotation.md, but they say which
        state an ambiguous "Albany" or "Alexandria" of the same article is in. Only a country, a
        state or a county counts (a town opening a name, "Albany Police", is mostly a toponym
        found already); mentions that overlap a toponym are left out.
        """
        found: list[Mention] = []
        taken = [(m.start, m.end) for m in mentions]
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            first = ent.start + (1 if ent[0].lower_ == "the" else 0)
            spans = [doc[first:end] for end in range(min(ent.end - 1, first + _MAX_WORDS), first, -1)]
            of = [i for i in range(first + 1, ent.end - 1) if doc[i].lower_ == "of"]
            if of and ent.end - of[-1] - 1 <= _MAX_WORDS:
                spans.append(doc[of[-1] + 1 : ent.end])
            for span in spans:
                if not span[0].is_title or any(s < span.end_char and span.start_char < e for s, e in taken):
                    continue
                if any(region_named(c) for c in self.gazetteer.candidates(span.text)):
                    found.append(Mention(span.start_char, span.end_char, span.text, "context"))
                    break
        return found

    def _abbreviation_without_its_dot(self, doc: Doc, span: Span) -> bool:
        """ "La" of "La Repubblica", "Pa said": a state's dotted short form written without its dot."""
        if name_key(span.text) not in self._abbreviations or span.text.endswith("."):
            return False
        return not (span.end < len(doc) and doc[span.end].text == "." and not doc[span.end - 1].whitespace_)

    def _plausible(self, doc: Doc, ent: Span, mention: Mention, person_words: set[str]) -> bool:
        """Whether an NER place mention is a place, not a person's name or a mislabelled word."""
        if not any(c.isupper() for c in mention.text):
            # "the metro, railway, and trams": a toponym is a name, written with capitals.
            return False
        candidates = self.gazetteer.candidates(mention.text)
        if _acronym_of_no_region(mention.text, candidates):
            return False
        if is_demonym(mention.text):
            # "Sri Lankan" tagged GPE: an adjective of its country, not a toponym (with
            # ``demonyms`` on it comes back as a mention of the country).
            return False
        previous = doc[ent.start - 1] if ent.start > 0 else None
        after_preposition = previous is not None and previous.lower_ in _LOCATIVE_STRICT
        actor = named_actor(mention.text, candidates)
        if actor == "ORG" or (actor == "PERSON" and not (after_preposition or _dateline_form(doc, ent))):
            return False
        if mention.start != ent.start_char or mention.end != ent.end_char or len(ent) != 1:
            return True
        if any(c.kind in ("K", "C", "1") for c in candidates):
            return True
        if mention.text in person_words:
            # "Bush" of "George W. Bush", "Soleimani" of "Qasem Soleimani".
            return False
        if candidates:
            return True
        # A lone word no gazetteer knows ("Brexit", "Weibo", "Ocado" as GPE) needs the grammar of a
        # place: a locative preposition before it.
        return after_preposition or _after_kind_of(doc, ent.start)

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

    def _gazetteer_pass(
        self,
        doc: Doc,
        taken: list[bool],
        person_words: set[str],
        capitalized: list[bool],
        starts: list[int],
        words: list[str],
    ) -> list[Mention]:
        # Offsets read once too (see ``find``): this loop looks at every token up to _MAX_WORDS times.
        text = document_text(doc)
        ends = [start + len(word) for start, word in zip(starts, words, strict=True)]
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
            candidates = self.gazetteer.candidates(span.text)
            if (
                end == i + 1
                and i > 0
                and taken[i - 1]
                and doc[i - 1].dep_ == "compound"
                and doc[i - 1].head.i == i
                and not any(c.kind in ("C", "1") for c in candidates)
            ):
                # "Metro" of "the Bucharest Metro": the head of a name that a place opens is a thing
                # of that place, not a town of its own name (Metro, Indonesia).
                i += 1
                continue
            if self._accept(doc, span, candidates, person_words):
                found.append(Mention(span.start_char, span.end_char, span.text, "gazetteer"))
                self._take_tokens(taken, i, end)
                i = end
            else:
                i += 1
        return found

    @staticmethod
    def _place_by_grammar(
        doc: Doc, span: Span, candidates: list[Candidate], key: str, person_words: set[str]
    ) -> bool:
        """Whether what surrounds a known name says it is a place, whatever NER called it.

        A dateline ("CORSICANA — A Henderson County woman..."), "the town of Oakdale", and a town
        before a noun of local news ("a Gainesville man", "Hanover police", "the Rock Hill school
        district"), which the small model often calls an organisation. The name must be the
        whole entity NER saw (not "Hanover" of "the Hanover Police Department", an organisation's
        name), a record's own name (not an old or foreign one), and not a surname of the article.
        """
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None and previous.lower_.rstrip(".") in _TITLES:
            return False
        own_name = any(name_key(c.name) == key or c.kind in ("C", "1") for c in candidates)
        if own_name and _party_home(doc, span.start):
            # "Rep. Wendell Gilliard, D-Charleston": the lawmaker's home, however NER read it.
            return True
        label = span[0].ent_type_
        if label and (label not in _GRAMMAR_LABELS or not _is_whole_entity(doc, span)):
            return False
        if (len(span) == 1 and span[0].text in person_words) or is_demonym(span.text):
            # "the Canadian city of Toronto": a demonym is no place, whatever follows it.
            return False
        if not any(name_key(c.name) == key or c.kind in ("C", "1") for c in candidates):
            return False
        if _dateline_form(doc, span) or _after_kind_of(doc, span.start) or _residence(doc, span.start):
            return True
        return _modifies_local_noun(doc, span) and _strong(candidates, MIN_POPULATION_LOCAL_NOUN)

    def _list_pass(
        self, doc: Doc, taken: list[bool], mentions: list[Mention], person_words: set[str], lowers: list[str]
    ) -> list[Mention]:
        """Names listed with a place are places too.

        A list closed by "counties" or "streets" names counties or streets, known or not
        ("Barrow and Jackson counties", "Culver and Charter streets"); a name listed beside a
        place found already is a place when the gazetteer knows it ("Harwinton, Bantam,
        Litchfield, Winsted and Torrington").
        """
        spans: dict[tuple[int, int], Mention] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                spans[(span.start, span.end)] = mention
        found: list[Mention] = []

        def add(start: int, end: int, known: bool) -> Mention | None:
            existing = next((m for (s, e), m in spans.items() if (s, e) == (start, end)), None)
            if existing is not None:
                return existing
            span = doc[start:end]
            if not self._list_member(doc, span, person_words, known):
                return None
            mention = Mention(span.start_char, span.end_char, span.text, "list")
            spans[(start, end)] = mention
            self._take_tokens(taken, start, end)
            found.append(mention)
            return mention

        for i, lower in enumerate(lowers):
            county, street = lower in _COUNTY_LIST, lower in _STREET_LIST
            if not (county or street) or not doc[i].is_lower:
                # "Washington County" is one name, found whole; "Barrow and Jackson counties" two.
                continue
            plural = lower.endswith("s")
            items = self._kind_list(doc, taken, spans, i, plural)
            if len(items) < (2 if plural else 1):
                # "Cuban roads" is no list of road names.
                continue
            for start, end in items:
                if not plural and not self.gazetteer.has_key(name_key(doc[start:end].text)):
                    break
                item = add(start, end, not plural)
                if item is None:
                    break
                item.county, item.street = item.county or county, item.street or street
        queue = sorted(spans.values(), key=lambda m: m.start)
        seen = {id(m) for m in queue}
        while queue:
            mention = queue.pop(0)
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for direction, edge in ((-1, span.start), (1, span.end)):
                at = _separated(doc, edge, direction)
                if at is None:
                    continue
                neighbour = self._item_at(doc, taken, spans, at, direction, known=True, add=add)
                if neighbour is not None and id(neighbour[0]) not in seen:
                    listed = neighbour[0]
                    listed.county = listed.county or mention.county
                    listed.street = listed.street or mention.street
                    seen.add(id(listed))
                    queue.append(listed)
        return found

    @staticmethod
    def _kind_list(
        doc: Doc, taken: list[bool], spans: dict[tuple[int, int], Mention], i: int, plural: bool
    ) -> list[tuple[int, int]]:
        """The token spans of the names listed before a plural kind noun at ``i`` ("Barrow and
        Jackson counties"), nearest first: each a place found already or a capitalized name."""
        found: list[tuple[int, int]] = []
        end: int | None = i
        while end is not None and end > 0:
            existing = next((span for span in spans if span[1] == end), None)
            if existing is None:
                start = end
                while start > 0 and end - start < 3 and not taken[start - 1] and _capitalized(doc[start - 1]):
                    start -= 1
                if start == end or doc[start].lower_ in _DETERMINERS or doc[start].is_stop:
                    break
                existing = (start, end)
            found.append(existing)
            if not plural:
                break
            end = _separated(doc, existing[0], -1)
        return found

    def _item_at(
        self,
        doc: Doc,
        taken: list[bool],
        spans: dict[tuple[int, int], Mention],
        edge: int,
        direction: int,
        known: bool,
        add: Callable[[int, int, bool], Mention | None],
    ) -> tuple[Mention, int] | None:
        """The list item that ends at token ``edge`` (direction -1) or starts there (+1): a place
        found already, or a capitalized name of up to four words; with its first token."""
        for (start, end), mention in spans.items():
            if (direction < 0 and end == edge) or (direction > 0 and start == edge):
                return mention, start
        if direction < 0:
            options = [(start, edge) for start in range(max(0, edge - _MAX_WORDS), edge)]
        else:
            options = [(edge, end) for end in range(min(len(doc), edge + _MAX_WORDS), edge, -1)]
        for start, end in options:
            if start < 0 or end > len(doc) or any(taken[start:end]):
                continue
            if not all(_capitalized(t) for t in doc[start:end]):
                continue
            if direction > 0 and end < len(doc) and _capitalized(doc[end]):
                continue  # not the whole of the next item
            if known and not self.gazetteer.has_key(name_key(doc[start:end].text)):
                continue
            added = add(start, end, known)
            if added is not None:
                return added, start
        return None

    def _list_member(self, doc: Doc, span: Span, person_words: set[str], known: bool) -> bool:
        """Whether a name in a list may be taken as a place there (see ``_list_pass``)."""
        first = span[0]
        if first.lower_ in _DETERMINERS or (len(span) == 1 and first.text in person_words):
            return False
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None and previous.lower_.rstrip(".") in _TITLES:
            return False
        if first.ent_type_ and not (_is_whole_entity(doc, span) or first.ent_type_ in PLACE_LABELS):
            return False
        candidates = self.gazetteer.candidates(span.text)
        if is_demonym(span.text) or named_actor(span.text, candidates):
            return False
        if len(span) == 1 and _is_acronym(first.text):
            # "Through the ODA, Japan ...": an acronym beside a place is no town (Oda, Japan).
            return any(c.kind in ("C", "1") for c in candidates)
        if not known:
            return not first.is_stop
        if first.ent_type_ == "PERSON":
            # "four daughters, Nadine, Ashley, Elizabeth": a list of people's names.
            return False
        key = name_key(span.text)
        return any(name_key(c.name) == key and c.kind != "K" for c in candidates)

    def _accept(self, doc: Doc, span: Span, candidates: list[Candidate], person_words: set[str]) -> bool:
        first = span[0]
        if len(span) == 1 and not _dateline_form(doc, span) and _common_word(doc, span):
            return False
        if len(span) == 1 and _weekday_before_date(span):
            return False
        previous = doc[span.start - 1] if span.start > 0 else None
        after_preposition = previous is not None and previous.lower_ in _LOCATIVE
        threshold = MIN_POPULATION_AFTER_PREPOSITION if after_preposition else MIN_POPULATION
        key = name_key(span.text)
        if _acronym_of_no_region(span.text, candidates):
            return False
        if self._abbreviation_without_its_dot(doc, span):
            # Only the places whose own name it is can be meant (Pa, Burkina Faso; not Pennsylvania).
            candidates = [c for c in candidates if name_key(c.name) == key]
            if not candidates:
                return False
        actor = named_actor(span.text, candidates)
        strictly_after_preposition = previous is not None and previous.lower_ in _LOCATIVE_STRICT
        if actor == "ORG" or (
            actor == "PERSON" and not (strictly_after_preposition or _dateline_form(doc, span))
        ):
            # "at the time of Bush's statement": "of" says nothing of a place before a person's name.
            return False
        if self._place_by_grammar(doc, span, candidates, key, person_words):
            return True
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
            if not any(name_key(c.name) == key for c in candidates):
                # "Chen" is among Chenzhou's other names: a person's name is a place only as one's own.
                return False
            if not region and span.root.dep_ == "compound" and span.root.head.lower_ in _EPONYM_NOUNS:
                # "the Bush administration": a person's government or family, not Bush, Egypt.
                return False
        if first.is_sent_start and not after_preposition:
            # A sentence's first word is capitalized anyway: require a region or a big city.
            return _strong(candidates, MIN_POPULATION) and (first.pos_ == "PROPN" or first.text.isupper())
        return first.pos_ == "PROPN" or first.text.isupper() or not single


def _person_words(entities: Sequence[Span]) -> set[str]:
    """Surnames of multi-word PERSON names ("Henry" of "Chiquita Raquel Henry").

    Only the last word: news calls a person by the surname alone ("Bush said"), while the first
    word of what the small model calls a PERSON is often a place ("Erie GM Sherry Bassin",
    "Lawrenceburg Parks"), and a town named there must stay a town elsewhere in the article.
    """
    words: set[str] = set()
    for ent in entities:
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_alpha:
            words.add(ent[-1].text)
            if ent[0].lower_ in _HONORIFICS:
                words.add(ent[0].text)
    return words


def _mark_containers(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """Note "X, Y" pairs where Y is a state or country: X is most likely inside Y."""
    for left, right in pairwise(mentions):
        if text[left.end : right.start].strip() != "," or left.street or names_a_street(left.text):
            # "Orchard St., Alexandria": after a street comes its town, not a state (Alexandria
            # is also an Egyptian governorate's name).
            continue
        right_candidates = gazetteer.candidates(right.text)
        if _names_a_country(right_candidates) and _names_a_country(gazetteer.candidates(left.text)):
            # "Egypt, Syria, Iraq, Iran": a list of countries, not Iraq inside Iran (which once made
            # Iraq the Iranian town of Arak, which has "Iraq" among its other names).
            continue
        for cand in right_candidates:
            if cand.kind in ("C", "1") and cand.region_code:
                left.container = cand.region_code
                right.contains = True
                break


def _names_a_country(candidates: list[Candidate]) -> bool:
    return any(c.kind == "C" for c in candidates)


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


# Nouns of local news that a town's name modifies ("a Gainesville man", "Hanover police", "the
# Rock Hill school district"): before one of them a known town's name is the town.
_LOCAL_NOUNS = frozenset(
    """
    man men woman women boy boys girl girls teen teens teenager teenagers youth resident residents
    native natives couple family families settler settlers voters taxpayers fans parents students
    student teacher teachers police policeman officer officers patrolman deputy deputies detective
    detectives firefighter firefighters firemen fire council councilman councilwoman mayor official
    officials lawmaker lawmakers legislator delegate senator commissioner commissioners governor
    leaders authorities school schools district area areas neighborhood neighbourhood suburb suburbs
    home homes house houses residence apartment condominium condo street streets road roads bar
    restaurant store shop business businesses company firm plant factory mall church hospital clinic
    attorney prosecutor judge court city town village township county station airport office site
    elections election commission crash wreck shooting murder homicide robbery
    """.split()
)
# Capitalized words that still say "someone from here" after a town ("a Kettering Republican").
_LOCAL_PROPER = frozenset({"Republican", "Democrat", "Republicans", "Democrats"})
# "the town of Oakdale", "the village of Prisi": the noun says the next name is a place.
_KIND_OF = frozenset(
    """
    town towns village villages city cities island islands hamlet municipality suburb province region
    district state county neighborhood neighbourhood capital port
    """.split()
)
# A compass word alone ("the North", "West") names no one place: never Cameroon's North Region.
COMPASS_WORDS = frozenset(
    "north south east west central northeast northwest southeast southwest midwest northern southern "
    "eastern western".split()
)
# The party letters of a US lawmaker's "D-Charleston", "R-Fairfax", "DFL-Cook".
PARTY_LETTERS = frozenset({"D", "R", "I", "DFL"})
_DASHES = frozenset({"\u2014", "\u2013", "--", "-"})
# The last word of a street's or road's name ("Hot Springs Drive", "Routon St.").
_STREET_WORDS = frozenset(
    "street st avenue ave road rd boulevard blvd drive lane ln parkway pkwy highway hwy pike "
    "turnpike expressway freeway bypass trail circle".split()
)
# The last word of a natural feature's or a landmark's name ("Otter Creek", "Canaan Valley").
_FEATURE_WORDS = frozenset(
    "river creek lake mountain mountains valley bay island canyon forest wilderness preserve park "
    "square peninsula gulf desert falls".split()
)
# The first word of one ("Lake Erie", "Mount Hood").
_FEATURE_PREFIXES = frozenset({"lake", "mount", "mt", "isle"})


def names_a_street(text: str) -> bool:
    """Whether a name ends in a street's or a road's word ("Orchard St.", "Hot Springs Drive")."""
    words = text.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in _STREET_WORDS


def is_feature_word(word: str) -> bool:
    """Whether a word names a street, a road or a natural feature ("Drive", "St.", "Islands", "Lake")."""
    lower = word.lower().rstrip(".")
    return lower in _FEATURE_LIKE_WORDS or (lower.endswith("s") and lower[:-1] in _FEATURE_LIKE_WORDS)


_FEATURE_LIKE_WORDS = _STREET_WORDS | _FEATURE_WORDS | _FEATURE_PREFIXES
# "Highway 114", "Route 31", "Interstate 75".
_NUMBERED_ROADS = frozenset({"highway", "route", "interstate"})
# Labels of entities a feature word may close without being a place ("Jurassic Park", a film).
_NOT_FEATURE_LABELS = frozenset({"WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP", "DATE", "TIME"})
# Plural nouns that close a list of names of one kind ("Barrow and Jackson counties").
_COUNTY_LIST = frozenset({"counties", "parishes", "county", "parish"})
_STREET_LIST = frozenset({"streets", "avenues", "roads", "drives", "lanes", "boulevards"})
_DETERMINERS = frozenset({"the", "a", "an"})
# NER's labels a name may carry and still be read as a place by what surrounds it (not a number,
# a date or a work's title).
_GRAMMAR_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"})
# Titles that open a person's name ("Sultan Said bin Taimur"), so alone they are no town.
_HONORIFICS = frozenset(
    {"sultan", "king", "queen", "prince", "princess", "emir", "sheikh", "shah", "pope", "lord", "lady", "sir"}
)


def named_actor(text: str, candidates: list[Candidate]) -> str | None:
    """ "PERSON" or "ORG" where a name is an actor the dictionary knows rather than a place.

    A person's name ("Bush" is not Būsh, Egypt) is the person unless the grammar says place
    (callers ask: "in Clinton", a dateline); an organisation's is never a place where no place has
    it as its own name ("Hamas" is among the other names of Hamm, Germany; "Capitol Hill" and
    "Amazon" are places' own names and stay).
    """
    from ..entities.dictionary import ACTOR, actor_dictionary

    actor = actor_dictionary().lookup(text)
    if actor is None or actor.kind != ACTOR or actor.type not in ("PERSON", "ORG"):
        return None
    if actor.type == "PERSON":
        return "PERSON"
    key = name_key(text)
    written = re.sub(r"(?i)^the\s+", "", text)
    # In capitals it is the organisation's acronym unless the place's own name is in capitals
    # too ("EU" is not Eu, France).
    own = [c for c in candidates if name_key(c.name) == key and (c.name.isupper() or not written.isupper())]
    return None if own else "ORG"


def is_demonym(text: str) -> bool:
    """Whether a name is a country's demonym or adjective ("Canadian", "Cubans")."""
    from ..entities.dictionary import DEMONYM, actor_dictionary

    dictionary = actor_dictionary()
    actor = dictionary.lookup(text) or (dictionary.lookup(text[:-1]) if text.endswith("s") else None)
    return actor is not None and actor.kind == DEMONYM


def _weekday_before_date(span: Span) -> bool:
    """ "Mon." of "Mon. Dec. 27": a weekday's abbreviation, not Mon State."""
    word = span[0]
    following = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
    return word.lower_ in WEEKDAY_WORDS and following is not None and following.text == "."


def _is_acronym(text: str) -> bool:
    # Capitals of up to five letters are an acronym more often than a town ("NICE", "REAL", "ODA").
    return text.isupper() and len(text) <= 5 and not text.endswith(".")


def _acronym_of_no_region(text: str, candidates: list[Candidate]) -> bool:
    """ "U.N." is no town Un: a dotted acronym names a country, a state, a region or no place."""
    return bool(_DOTTED_ACRONYM.match(text)) and not any(c.kind in ("C", "1", "X", "K") for c in candidates)


def _common_word(doc: Doc, span: Span) -> bool:
    """A lone word that is a common word or an acronym before it is a place name ("No", "Many",
    "North" alone, "Miss Butler County", "NICE"): the gazetteer pass does not take it by name."""
    word = span[0]
    if word.is_stop or word.lower_ in COMPASS_WORDS:
        return True
    following = doc[span.end] if span.end < len(doc) else None
    if word.lower_ in _TITLES | {"miss"} and following is not None and following.text[:1].isupper():
        return True
    return _is_acronym(word.text)


def _is_whole_entity(doc: Doc, span: Span) -> bool:
    """Whether NER's entity at the span is the span itself (a leading "the" aside)."""
    ent = _entity_at(doc, span.start)
    if ent is None:
        return False
    start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
    return (start, ent.end) == (span.start, span.end)


def _dateline_form(doc: Doc, span: Span) -> bool:
    """A name in capitals opening a sentence before a dash or "(AP)": a dateline, wherever it is
    ("Alexandria woman charged. CORSICANA — A Henderson County woman ...")."""
    if not span.text.isupper() or span.end >= len(doc):
        return False
    first = span[0]
    if not (first.is_sent_start or span.start == 0 or doc[span.start - 1].text in (".", "\n", "\n\n")):
        return False
    after = doc[span.end]
    if after.text in _DASHES:
        return True
    if after.text == "," and span.end + 1 < len(doc):
        # "HAMILTON, Ohio —": the dateline's state comes first; the dash follows it.
        return any(t.text in _DASHES for t in doc[span.end + 1 : span.end + 5])
    return after.text == "(" and span.end + 1 < len(doc) and doc[span.end + 1].text.isupper()


def _party_home(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows a party letter after a comma: "Gilliard, D-Charleston"."""
    return (
        i >= 3
        and doc[i - 1].text == "-"
        and doc[i - 2].text in PARTY_LETTERS
        and doc[i - 3].text in (",", "(")
    )


def _residence(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows "of" in a person's apposition: "Hellinghausen, 22, of Winfield"."""
    return i >= 2 and doc[i - 1].lower_ == "of" and (doc[i - 2].text == "," or doc[i - 2].text.isdigit())


def _after_kind_of(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows "the town of", "the village of" and the like."""
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _KIND_OF


def _modifies_local_noun(doc: Doc, span: Span) -> bool:
    """Whether the name stands before a noun of local news, at most two lowercase words on
    ("a Danbury stonework mason", "all Torrington volunteer departments", "Northbrook-based")."""
    i = span.end
    if i + 1 < len(doc) and doc[i].text == "-" and doc[i + 1].lower_ == "based":
        return True
    for offset in range(3):
        if i + offset >= len(doc):
            return False
        token = doc[i + offset]
        if token.text in _LOCAL_PROPER and offset == 0:
            return True
        if not (token.is_alpha and token.is_lower):
            return False
        if token.lower_ in _LOCAL_NOUNS:
            return True
        if token.is_stop or token.pos_ not in ("ADJ", "NOUN"):
            # "One of the men": only modifiers may come between the name and the noun.
            return False
    return False


def _feature_pass(doc: Doc, taken: list[bool], capitalized: list[bool], lowers: list[str]) -> list[Mention]:
    """Streets, roads, natural features and parks that say what they are ("Hot Springs Drive",
    "Highway 114", "Otter Creek Wilderness", "Lake Erie"). A street is a toponym (annotation.md)
    but never the town of its name, so it is marked ``street`` and keeps null coordinates."""
    found: list[Mention] = []
    n = len(doc)
    i = 0
    while i < n:
        if taken[i]:
            i += 1
            continue
        if lowers[i] in _NUMBERED_ROADS and capitalized[i] and i + 1 < n and doc[i + 1].like_num:
            end = i + 2
            if not any(taken[i:end]):
                span = doc[i:end]
                found.append(Mention(span.start_char, span.end_char, span.text, "feature", street=True))
                _mark(taken, i, end)
            i = end
            continue
        if not capitalized[i] or (i > 0 and capitalized[i - 1] and not taken[i - 1]):
            i += 1
            continue
        end = i
        while end < n and end - i < 6 and not taken[end] and capitalized[end]:
            end += 1
        last = lowers[end - 1].rstrip(".")
        street = last in _STREET_WORDS
        if end - i < 2 or not (
            street or last in _FEATURE_WORDS or lowers[i].rstrip(".") in _FEATURE_PREFIXES
        ):
            i = end
            continue
        start = i
        while start < end - 1 and (lowers[start] in _DETERMINERS or doc[start].is_stop):
            start += 1
        feature = last in _FEATURE_WORDS or lowers[start].rstrip(".") in _FEATURE_PREFIXES
        if end - start >= 2 and (street or feature) and _feature_entity_ok(doc, start, end):
            span = doc[start:end]
            found.append(Mention(span.start_char, span.end_char, span.text, "feature", street=street))
            _mark(taken, start, end)
        i = end
    return found


def _feature_entity_ok(doc: Doc, start: int, end: int) -> bool:
    """Whether NER's entities there leave the span a name of its own: none reaches past it
    ("Main Street Bank" is a bank), and none calls it a work, an event or a law."""
    for i in (start, end - 1):
        ent = _entity_at(doc, i)
        if ent is None:
            continue
        if ent.label_ in _NOT_FEATURE_LABELS:
            return False
        ent_start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if ent_start < start or ent.end > end:
            return False
    return True


def _separated(doc: Doc, edge: int, direction: int) -> int | None:
    """Past the "," / "and" / "or" (at most two) beside token ``edge``: the next item's edge
    (exclusive end leftward, start rightward); None when no separator is there."""
    j = edge - 1 if direction < 0 else edge
    count = 0
    while 0 <= j < len(doc) and doc[j].lower_ in (",", "and", "or") and count < 2:
        j += direction
        count += 1
    if count == 0 or not (0 <= j < len(doc)):
        return None
    return j + 1 if direction < 0 else j


def _mark(taken: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        taken[i] = True
