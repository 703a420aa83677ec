"""Grouping name mentions into clusters: one per referent, however the name is written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Span
from ..parsing import document_text
from ..vocabulary import ENTITY_LABELS
from .coding import code_phrase
from .dictionary import ACTOR, CAPITAL, COUNTRY, DEMONYM, SEAT, Actor, ActorDictionary, fold, is_acronym
from .genders import gender_of
from .lexicon import GENDERED_ROLES, KIN_NOUNS, ORG_NOUNS, PERSON_NOUN_ENDINGS, PERSON_ROLES, TITLES

# Which NER labels may take which kind of dictionary entry: "Jordan" the PERSON is not the country.
_ENTRY_LABELS = {
    COUNTRY: {"GPE", "LOC", "ORG", "NORP", "FAC"},
    CAPITAL: {"GPE", "LOC", "ORG", "FAC"},
    SEAT: {"FAC", "ORG", "GPE", "LOC", "PERSON"},
    DEMONYM: {"NORP", "GPE"},
}
_PERSON_ENTRY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# The label a name the NER missed takes from the kind of dictionary entry it is.
_MISSED_NAME_LABELS = {COUNTRY: "GPE", CAPITAL: "GPE", DEMONYM: "NORP", SEAT: "ORG"}
# Words of a person's name that do not identify them: honorifics and suffixes.
# Words of a written name that do not tell whose it is: honorifics ("Cde Mugabe", "Prof. Ng"),
# generations, an article.
_NAME_NOISE = frozenset(
    {"mr", "mrs", "ms", "mx", "miss", "dr", "sir", "dame", "jr", "sr", "ii", "iii", "the"}
    | {"prof", "professor", "rev", "reverend", "hon", "honourable", "cde", "comrade", "mme", "shri", "smt"}
)
_ORG_NOISE = frozenset({"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "group", "the"})
# A storm's name after what kind of storm it is: "Hurricane Dorian", "Tropical Storm Imelda".
_STORM = re.compile(
    r"(?i)^(?:the\s+)?(?:super\s+)?(?:tropical\s+)?(?P<kind>hurricane|typhoon|cyclone|storm)\s+"
    r"(?P<name>[A-Z][a-z]+)$"
)
# The last word of a company's two-word name that says what it is, and the nouns for it: "Mahan
# Air" is "Mahan" and "the airline" again.
_COMPANY_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("air", "airlines", "airways"), frozenset({"airline", "carrier"})),
    "motors": frozenset({"carmaker", "company"}),
    "bank": frozenset({"bank", "lender"}),
    "energy": frozenset({"company"}),
    "petroleum": frozenset({"company"}),
    "pharmaceuticals": frozenset({"company", "drugmaker"}),
    "telecom": frozenset({"company", "operator"}),
}
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "a", "&"})
# An NER label no entity takes that the small model gives now and then to a surname it does not
# know: a name repeated from elsewhere under it is still a missed mention. (Works and laws are
# left out: "Byron composed Thyrza" names a poem after a person often enough.)
_OVERLOOKED_LABELS = frozenset({"PRODUCT"})
# Last words of names the NER calls a person that say they name a place or a body instead.
_INSTITUTION_WORDS = {
    **dict.fromkeys(
        """facility hospital prison jail school college university academy museum church cathedral
        mosque temple synagogue airport station bridge stadium arena park square street avenue road
        hall palace tower centre center library hotel""".split(),
        "FAC",
    ),
    **dict.fromkeys(
        """party company corporation group bank council committee commission ministry department
        agency foundation institute association union league club army""".split(),
        "ORG",
    ),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "queen", "dame", "princess", "madam", "lady"})
_MALE_TITLES = frozenset({"mr", "king", "sir", "prince", "lord"})
# Titles that open a person's name, for names the NER missed.
_PERSON_TITLES = frozenset(TITLES) | _FEMALE_TITLES | _MALE_TITLES | {"dr", "prof"}


@dataclass
class Cluster:
    """A referent being built: its mentions, what its names say, and how it is coded."""

    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    name_words: set[str] = field(default_factory=set)
    entry: Actor | None = None
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    # The gender a census list gives the first name: likely, but the article's pronouns may say otherwise.
    likely_gender: str | None = None
    # The head nouns of what the text said it is ("a planet", "the guitarist"): "the planet" again.
    described_as: set[str] = field(default_factory=set)
    gender: str | None = None
    is_subject: bool = False
    # Character offsets where a mention ends, and whether it was a grammatical subject: for recency.
    last_end: int = 0
    plural_org: bool = False
    # A person the text introduces without a name ("a 25-year-old man"), whose "name" is that phrase.
    unnamed: bool = False
    # ... one told only as someone's relative ("his father"), which takes no pronoun: the person it
    # is told of is the likelier "he".
    kin: bool = False
    # Mentions typed otherwise than the cluster (spaCy labels): a demonym inside its country's.
    mention_types: dict[Span, str] = field(default_factory=dict)

    def add(self, span: Span) -> None:
        """Add one mention span (kept in text order, no repeats)."""
        if span not in self.mentions:
            self.mentions.append(span)
            self.mentions.sort()
        self.last_end = max(self.last_end, span[1])

    @property
    def is_country(self) -> bool:
        """Whether the actor dictionary knows the cluster as a country (not a capital or a body)."""
        return self.entry is not None and self.entry.kind == COUNTRY

    @property
    def name(self) -> str:
        """The best full name: the dictionary's, else the fullest name written."""
        if self.entry is not None and self.entry.kind in (ACTOR, COUNTRY, CAPITAL):
            return self.entry.name
        if not self.names:
            return ""
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    @property
    def country(self) -> str | None:
        """The country code: the dictionary's, else the first the context gave."""
        if self.entry is not None and self.entry.country:
            return self.entry.country
        return self.countries[0] if self.countries else None

    @property
    def sector(self) -> str | None:
        """The sector: the dictionary's, else the most frequent the context gave."""
        if self.entry is not None and self.entry.sector:
            return self.entry.sector
        if self.entry is not None and self.entry.kind == CAPITAL and self.is_subject:
            return "GOV"
        if not self.sectors:
            return None
        return max(self.sectors, key=self.sectors.count)


def name_words(text: str) -> set[str]:
    """The identifying words of a person's name, lowercased ("Mr. Kim Jong Un" -> kim, jong, un)."""
    words = {_plain_letters(w.strip(".,'").lower()) for w in text.replace("-", " ").split()}
    return {w for w in words if w and w not in _NAME_NOISE}


def _spelled_otherwise(words: set[str], other: set[str]) -> bool:
    """Two names of three words or more that differ in one, spelt one letter apart: "Hamza bin
    Ladin" and "Hamza bin Laden" (transliterations). Two-word names so close are too often two
    people ("Anna Berg", "Anna Borg")."""
    if len(words) < 3 or len(words) != len(other):
        return False
    mine, theirs = words - other, other - words
    if len(mine) != 1 or len(theirs) != 1:
        return False
    a, b = next(iter(mine)), next(iter(theirs))
    return len(a) >= 4 and len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _salience(cluster: Cluster) -> tuple[int, int]:
    """How prominent a person is so far: mentions, then how early they came up."""
    return len(cluster.mentions), -(cluster.mentions[0][0] if cluster.mentions else 0)


def _plain_letters(word: str) -> str:
    """A word without its accents: "Ḥadīd" and "Hadid", "Erdoğan" and "Erdogan" are one name."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def initials(text: str) -> str:
    """The acronym a name would have ("World Health Organization" -> WHO)."""
    return "".join(w[0] for w in text.split() if w.lower() not in _ACRONYM_SKIP and w[:1].isalpha()).upper()


def _mixed_acronym(text: str) -> str:
    """The capitals of an acronym written with small letters among them ("AfCFTA" -> ACFTA,
    "AfDB" -> ADB): one word with three capitals or more; empty for anything else ("PayPal")."""
    if " " in text.strip() or not text[:1].isupper():
        return ""
    capitals = "".join(c for c in text if c.isupper())
    lower = sum(c.islower() for c in text)
    return capitals if len(capitals) >= 3 and 0 < lower < len(capitals) else ""


def _short_org_name(name: str) -> str:
    """An organisation's name without the words that only say it is a company, as written:
    "Salling Group" -> "Salling" (empty when nothing is left)."""
    return " ".join(w for w in name.split() if w.lower().strip(".,") not in _ORG_NOISE)


def _org_key(text: str) -> str:
    words = [w for w in fold(text).lower().replace(".", "").split() if w not in _ORG_NOISE]
    return " ".join(words)


def context_phrase(ent: SpacySpan) -> tuple[str, list[str]]:
    """Words around a name that code it: "Russia's Defense Minister" before, an appositive after.

    Returns the phrase and the role words found in it (for role nouns later: "the minister").
    """
    doc = ent.doc
    root = ent.root
    start = ent.start
    left = root.left_edge.i
    if left < start:
        prefix = doc[max(left, start - 8) : start]
        # Stop at a comma or a verb: the prefix is the noun phrase's own modifiers only.
        pieces = [t for t in prefix if t.pos_ not in ("VERB", "AUX", "ADP") or t.dep_ == "case"]
        cut = max((i for i, t in enumerate(pieces) if t.text in {",", ";", ":", "(", "—"}), default=-1)
        words = [t.text_with_ws for t in pieces[cut + 1 :]]
    else:
        words = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.ent_type_ == "":
            words.append(" " + doc[child.left_edge.i : child.i + 1].text)
    phrase = "".join(words).strip()
    roles = [w.lower().strip(".") for w in phrase.split()]
    return phrase, [r for r in roles if r in PERSON_ROLES or r in TITLES]


class ClusterBuilder:
    """Turns a document's NER spans into clusters, merging the ways one referent is named."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.clusters: list[Cluster] = []
        self.by_key: dict[str, Cluster] = {}
        self.by_span: dict[Span, Cluster] = {}
        # The names the NER labels a place somewhere in the document (for "Chad" tagged PERSON).
        self._place_names: tuple[Doc, set[str]] | None = None

    def add_name(self, ent: SpacySpan) -> Cluster | None:
        """Add one NER span as a mention; returns its cluster (None for labels not kept)."""
        text = ent.text
        label = ent.label_
        if label not in ENTITY_LABELS:
            # The NER sometimes mislabels a known actor ("Keir Starmer" as WORK_OF_ART).
            known = self.dictionary.lookup(text)
            if known is None or known.kind != ACTOR:
                return None
            label = known.type
        span = (ent.start_char, ent.end_char)
        if label == "PERSON" and all(w.strip(".").lower() in _PERSON_TITLES for w in text.split()):
            # "Dame" cut off "Dame Zaha Mohammad Hadid" by the NER, "a Dame": a title is no name.
            return None
        if label == "PERSON" and fold(text) in self._places_named(ent.doc):
            # The small model tags a country "Chad" or "Jordan" a person in some sentences and a
            # place in others; a name the dictionary knows as a country, tagged a place elsewhere
            # in the document, is that country throughout.
            known = self.dictionary.lookup(text)
            if known is not None and known.kind == COUNTRY:
                label = "GPE"
        if label == "PERSON" and self._known_body(text):
            # The small model tags "Twitter" or "Google" a person in some sentences; the
            # dictionary knows the organisation, and no person of that name was named before.
            label = "ORG"
        if (
            label == "ORG"
            and self.dictionary.lookup(text) is None
            and (_described_as_person(ent) or _ends_titled_phrase(ent))
        ):
            # "The current president of Namibia, Hage Geingob," "Ambassador to the United Nations
            # Nikki Haley" (tagged ORG): the role says a person.
            label = "PERSON"
        if label == "PERSON" and _STORM.match(fold(text)):
            label = "EVENT"  # "Storm Imelda" (tagged PERSON) is a storm
        if label == "PERSON" and (kind_word := _INSTITUTION_WORDS.get(text.split()[-1].lower())):
            # "Richard J. Donovan Correctional Facility", "Baylor Scott and White Medical Center":
            # a name that ends in what kind of place or body it is names no person.
            label = kind_word
        entry = self._entry_for(text, label)
        company = self.by_key.get("firm:" + fold(text).lower()) if " " not in text.strip() else None
        if company is not None:
            # "Mahan Air ... Mahan said": a company by the first word of its name (which the
            # dictionary may know as a town), once the full name was written.
            entry, label = None, company.type
        for_state = entry is not None and entry.kind == DEMONYM and _modifies_noun(ent)
        if for_state and entry is not None:
            # "Israeli forces", "the Russian government": the demonym stands for the state, and is a
            # NORP mention of the country's entity (the guidelines' metonymy rule); "Russians
            # queued" is the people, an entity of its own.
            entry = Actor(entry.name, "GPE", entry.country, None, COUNTRY)
        kind = label if entry is None or entry.type != "PERSON" else "PERSON"
        if entry is not None and entry.kind in (CAPITAL, SEAT) and len(text.split()) == 1:
            # "Sudesh Amman ... Amman had been released": a city's name that is the surname of a
            # person named before is that person (a country's name is left alone: "Jordan").
            person = self._find_person(name_words(text))
            if person is not None and len(person.name.split()) > 1:
                entry = None
        if entry is None and kind != "PERSON" and "text:" + fold(text).lower() not in self.by_key:
            # A surname the NER labels as an organisation or place after the full name was a person
            # ("Brock Holt ... Holt") is that person again.
            person = self._find_person(name_words(text))
            if person is not None and len(text.split()) < len(person.name.split()):
                kind = label = "PERSON"
        cluster = company or self._find(text, kind, entry)
        if (
            cluster is not None
            and kind == "PERSON"
            and cluster.name_words < name_words(text)
            and _introduced_as_relative(ent)
        ):
            # "Van Halen ... his son, Wolfgang Van Halen": a relative's full name is not the bare
            # surname named so far, which stays free for the full name of its own ("Eddie Van Halen").
            cluster = None
        if cluster is None:
            cluster = Cluster(type=entry.type if entry is not None and entry.kind != SEAT else label)
            cluster.entry = entry
            self.clusters.append(cluster)
        cluster.names.append(fold(text))
        cluster.add(span)
        self.by_span[span] = cluster
        self._remember(cluster, text, entry)
        if for_state:
            # The words around an adjective describe the noun it modifies, not the country.
            cluster.mention_types[span] = "NORP"
            self._add_government(cluster, ent)
            return cluster
        if ent.root.dep_ in _SUBJECT_DEPS:
            cluster.is_subject = True
        self._code(cluster, ent)
        return cluster

    def _add_government(self, country: Cluster, demonym: SpacySpan) -> None:
        """ "the Sudanese government", "the Iranian regime": the phrase is one more mention of the
        country, an organisation-typed one (guideline N2), beside the demonym's own."""
        head = demonym.root.head
        if head.lemma_.lower() not in _GOVERNMENT_NOUNS or head.i < demonym.end:
            return
        first = self._phrase_start(head)
        span = (demonym.doc[first].idx, head.idx + len(head.text))
        if span in self.by_span:
            return
        country.add(span)
        country.mention_types[span] = "ORG"
        self.by_span[span] = country

    @staticmethod
    def _phrase_start(head: Token) -> int:
        """The first word of a noun's phrase before it: its determiner or possessor and modifiers."""
        first = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "nmod", "poss"):
                first = min(first, child.left_edge.i)
        return first

    def _places_named(self, doc: Doc) -> set[str]:
        if self._place_names is None or self._place_names[0] is not doc:
            self._place_names = (doc, {fold(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC")})
        return self._place_names[1]

    def add_missed_known_names(self, doc: Doc) -> None:
        """Add runs of proper nouns the NER missed that the actor dictionary knows whole:
        "Twitter", "Hezbollah", "Pakistan" untagged in a sentence the small model read badly."""
        run: list[Token] = []
        for token in [*doc, None]:
            if token is not None and not token.ent_type_ and token.pos_ == "PROPN":
                run.append(token)
                continue
            if run:
                self._add_known_run(doc, run)
                run = []

    def _add_known_run(self, doc: Doc, run: list[Token]) -> None:
        start, end = run[0].i, run[-1].i + 1
        entry = self.dictionary.lookup(doc[start:end].text)
        if entry is None:
            self._add_titled_run(doc, run)
            return
        label = _MISSED_NAME_LABELS.get(entry.kind) or entry.type
        if label not in ENTITY_LABELS:
            return
        self.add_name(SpacySpan(doc, start, end, label=label))

    def _add_titled_run(self, doc: Doc, run: list[Token]) -> None:
        """A name the NER missed after a title: "Princess Ubolratana Mahidol", "Dr Anna Kalnins"."""
        opening = 0
        while opening < len(run) and run[opening].lower_.strip(".") in _PERSON_TITLES:
            opening += 1
        name = run[opening:]
        if not opening or not name or not all(t.text[:1].isupper() for t in name):
            return
        span = SpacySpan(doc, name[0].i, name[-1].i + 1, label="PERSON")
        if self.dictionary.lookup(span.text) is not None:
            return
        if len(span) == 1 and self._find_person(name_words(span.text)) is None:
            # One word after a title is a surname, placed only once its full name is known.
            return
        self.add_name(span)

    def add_repeated_names(self, doc: Doc) -> None:
        """Add the places where a name found once is written again and the NER tagged nothing
        ("K2-18b", "Area 51", "the Amazon rainforest" tagged on first mention only): the same
        words, capitals and all, on token boundaries, after the name's first mention. Names of
        two words or more, or one word with a capital or digit inside ("ABS-CBN", "K2-18b"):
        one plain word ("Amazon") is left to the surname rule, which asks for a proper noun."""
        covered = [span for cluster in self.clusters for span in cluster.mentions]
        text = document_text(doc)
        for cluster in list(self.clusters):
            # In the order written (a dict, not a set: which name claims a span first must not
            # depend on the process's string hashing).
            names = dict.fromkeys(text[start:end] for start, end in cluster.mentions)
            if cluster.type == "ORG":
                # "ABS-CBN" for "ABS-CBN Corporation", also before the full name comes
                names.update(dict.fromkeys(s for n in list(names) if (s := _short_org_name(n)) != n))
            for name in names:
                # (str.find, not a regular expression per name: this runs for every name found.)
                if text.count(name) < 2 or not _repeatable(name):
                    continue
                for span in whole_word_spans(text, name):
                    if any(a < span[1] and span[0] < b for a, b in covered):
                        continue
                    words = doc.char_span(*span)
                    if words is None or inside_longer_name(words):
                        continue
                    cluster.add(span)
                    self.by_span[span] = cluster
                    covered.append(span)

    def add_missed_surnames(self, doc: Doc) -> None:
        """Add proper nouns the NER missed that repeat a known one-word name or a person's surname.

        "Lindqvist runs it" after "Emma Lindqvist"; "Boston" once the NER has tagged "Boston" before.
        """
        known: dict[str, Cluster] = {}
        for cluster in self.clusters:
            if cluster.type == "PERSON" and cluster.names:
                known.setdefault(cluster.name.split()[-1], cluster)
            for name in cluster.names:
                if " " not in name:
                    known.setdefault(name, cluster)
                elif cluster.type != "PERSON" and (storm := _STORM.match(name)):
                    known.setdefault(storm["name"], cluster)  # "Dorian" after "Hurricane Dorian"
                elif cluster.type == "ORG" and (short := _short_org_name(name)) and " " not in short:
                    # "Salling Group ... Salling said": a company without its "Group" or "Inc".
                    known.setdefault(short, cluster)
        for token in doc:
            named = known.get(token.text)
            # The small NER tags a surname it missed as a product now and then ("of Bharat Ratna
            # Pranab Mukherjee").
            hidden = token.ent_type_ and token.ent_type_ not in _OVERLOOKED_LABELS
            if named is None or hidden or not _proper_noun(token):
                continue
            # "Pranab Mukherjee" the NER missed whole: the name's other words before it join it.
            # A middle name between them ("Elijah Eugene Cummings" after "Elijah Cummings") comes
            # along when the run opens with a word of the name.
            first = token
            scan = token
            while (
                scan.i > 0
                and (before := doc[scan.i - 1]).dep_ == "compound"
                and not before.ent_type_
                and _proper_noun(before)
            ):
                scan = before
                if (words := name_words(before.text)) and words <= named.name_words:
                    first = before
            span = (first.idx, token.idx + len(token.text))
            if named.mentions and named.mentions[0][0] < span[0]:
                named.add(span)
                self.by_span[span] = named
                if token.dep_ in _SUBJECT_DEPS:
                    named.is_subject = True

    def _known_body(self, text: str) -> bool:
        """Whether the dictionary knows a name as an organisation and no person here bears it."""
        known = self.dictionary.lookup(text)
        if known is None or known.kind != ACTOR or known.type != "ORG":
            return False
        return self._find_person(name_words(text)) is None

    def _entry_for(self, text: str, label: str) -> Actor | None:
        entry = self.dictionary.lookup(text)
        if entry is None and label in ("GPE", "LOC") and text.isupper() and len(text) > 3:
            # A place in capitals (a dateline's "OSLO", a headline's "MOSCOW") is no acronym.
            entry = self.dictionary.lookup(text.title())
        if entry is None:
            return None
        if entry.kind == ACTOR:
            allowed = _PERSON_ENTRY_LABELS if entry.type == "PERSON" else ENTITY_LABELS - {"PERSON"}
            if label in allowed or is_acronym(fold(text)):
                return entry
            return None
        return entry if label in _ENTRY_LABELS[entry.kind] else None

    def _find(self, text: str, kind: str, entry: Actor | None) -> Cluster | None:
        if entry is not None:
            found = self.by_key.get(_entry_key(entry))
            if found is None and kind == "PERSON":
                # "Bush" (a dictionary entry) after "George W Bush" (written so the dictionary
                # missed it) is the person already named.
                found = self._find_person(name_words(text))
            return found
        folded = fold(text).lower()
        if kind == "PERSON":
            return self._find_person(name_words(text)) or self.by_key.get("text:" + folded)
        found = self.by_key.get("text:" + folded)
        if found is not None or kind not in ("ORG", "FAC", "GPE"):
            return found
        found = self.by_key.get("org:" + _org_key(text))
        if found is None and (country_key := self._country_key(text)) is not None:
            # "U.S. Embassy" after "United States Embassy", "American Embassy": one country.
            found = self.by_key.get(country_key)
        if found is None and is_acronym(fold(text)):
            found = self.by_key.get("initials:" + fold(text).replace(".", "").upper())
        if found is None and (capitals := _mixed_acronym(text)):
            found = self.by_key.get("initials:" + capitals)
        if found is None and len(text.split()) > 1:
            found = self.by_key.get("acronym:" + initials(fold(text)))
        return found

    def _country_prefix(self, text: str) -> tuple[str, str] | None:
        """The country a body's name opens with (by name, alias or demonym: "United States",
        "U.S.", "American") and the rest of the name, when the rest has a capitalised word."""
        words = text.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        for cut in range(min(3, len(words) - 1), 0, -1):
            known = self.dictionary.lookup(" ".join(words[:cut]))
            if known is None or known.kind not in (COUNTRY, DEMONYM) or known.country is None:
                continue
            rest = " ".join(words[cut:])
            if rest[:1].isupper():
                return known.country, rest
            return None
        return None

    def _country_key(self, text: str) -> str | None:
        split = self._country_prefix(text)
        return None if split is None else f"country:{split[0]}:{_org_key(split[1])}"

    def _find_person(self, words: set[str]) -> Cluster | None:
        if not words:
            return None
        best: Cluster | None = None
        for cluster in self.clusters:
            if cluster.type != "PERSON" or not cluster.name_words:
                continue
            contained = (
                words <= cluster.name_words
                or cluster.name_words <= words
                or _spelled_otherwise(words, cluster.name_words)
            )
            # Relatives share a surname: the bare surname is the most-mentioned of them (the
            # story's subject), not whichever relative came up last; between equals, the one named
            # first ("Ginger Baker ... his daughter Nettie Baker. Baker was hospitalized").
            if contained and (best is None or _salience(cluster) > _salience(best)):
                best = cluster
        return best

    def _remember(self, cluster: Cluster, text: str, entry: Actor | None) -> None:
        if entry is not None:
            self.by_key.setdefault(_entry_key(entry), cluster)
        self.by_key.setdefault("text:" + fold(text).lower(), cluster)
        if cluster.type != "PERSON" and (storm := _STORM.match(fold(text))):
            # "Hurricane Dorian ... Dorian made landfall": a storm goes by its own name (which
            # the small model then tags anything from a person to a people, "Dorian" NORP).
            self.by_key.setdefault("text:" + storm["name"].lower(), cluster)
            # "the cyclone", "the storm" after "Cyclone Phailin"
            cluster.described_as.update({storm["kind"].lower(), "storm"})
        if cluster.type == "PERSON":
            cluster.name_words |= name_words(text)
            if entry is not None:
                cluster.name_words |= name_words(entry.name)
            lowered = {w.strip(".").lower() for w in text.split()}
            if lowered & _FEMALE_TITLES:
                cluster.gender = "f"
            elif lowered & _MALE_TITLES:
                cluster.gender = "m"
        elif cluster.type in ("ORG", "FAC", "GPE"):
            self.by_key.setdefault("org:" + _org_key(text), cluster)
            words = fold(text).split()
            if words and words[0].lower() == "the":
                words = words[1:]
            if len(words) == 2 and (kind := _COMPANY_KINDS.get(words[1].lower())) and words[0][:1].isupper():
                # "Mahan Air": "Mahan" again, and "the airline"
                self.by_key.setdefault("firm:" + words[0].lower(), cluster)
                cluster.described_as.update(kind)
            split = self._country_prefix(text)
            if split is not None:
                code, rest = split
                self.by_key.setdefault(f"country:{code}:{_org_key(rest)}", cluster)
                if len(rest.split()) > 1:
                    # "the Supreme Court" after "the United States Supreme Court", "Solidarity
                    # Party" after "American Solidarity Party": the body named again without its
                    # country (only a name of two words or more, and only after the full one).
                    self.by_key.setdefault("org:" + _org_key(rest), cluster)
            folded = fold(text)
            if is_acronym(folded):
                self.by_key.setdefault("acronym:" + folded.replace(".", "").upper(), cluster)
            elif capitals := _mixed_acronym(text):
                self.by_key.setdefault("acronym:" + capitals, cluster)
            elif len(folded.split()) > 1:
                self.by_key.setdefault("initials:" + initials(folded), cluster)

    def _code(self, cluster: Cluster, ent: SpacySpan) -> None:
        phrase, roles = context_phrase(ent)
        cluster.roles.update(roles)
        if cluster.type == "PERSON" and ent.start > 0:
            # "French inventor Franky Zapata ... the inventor": the noun before a name is a role.
            before = ent.doc[ent.start - 1]
            lemma = before.lemma_.lower()
            if (
                before.pos_ == "NOUN"
                and before.head.i in range(ent.start, ent.end)
                and (lemma in PERSON_ROLES or lemma.endswith(PERSON_NOUN_ENDINGS))
            ):
                cluster.described_as.add(lemma)
        lowered = {w.strip(".,").lower() for w in phrase.split()}
        said = {GENDERED_ROLES[w] for w in lowered if w in GENDERED_ROLES}
        if lowered & _FEMALE_TITLES:
            cluster.gender = cluster.gender or "f"
        elif lowered & _MALE_TITLES:
            cluster.gender = cluster.gender or "m"
        elif len(said) == 1:
            # "actress Jeanne Moreau", "Salling's chairman, Per Bank" (one gender said, not two)
            cluster.gender = cluster.gender or said.pop()
        if cluster.entry is not None and cluster.entry.kind == ACTOR:
            # The dictionary is authoritative for the actors it lists ("Secretary-General" is no general).
            return
        # A person's own name words never code it ("Chad Smith" is not from Chad); a body's may
        # ("Bank of Japan").
        own = "" if cluster.type == "PERSON" or cluster.entry is not None else ent.text
        country, sector = code_phrase(f"{phrase} {own}".strip()) if (phrase or own) else (None, None)
        if country:
            cluster.countries.append(country)
        if sector:
            cluster.sectors.append(sector)


# The nouns a demonym before which names the state itself (guideline N2).
_GOVERNMENT_NOUNS = frozenset({"government", "administration", "regime"})


def _modifies_noun(ent: SpacySpan) -> bool:
    """Whether a name is a modifier of a noun outside it ("Israeli" in "Israeli forces")."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Greek, Cypriot and French counterparts": Cypriot hangs on Greek
    head = root.head
    outside = head.i < ent.start or head.i >= ent.end
    return root.dep_ in ("amod", "compound", "nmod") and outside and head.pos_ in ("NOUN", "PROPN")


def _entry_key(entry: Actor) -> str:
    # A demonym for people ("Russians queued", "a Russian was held") is an entity of its own, apart
    # from the country; one that stands for the state comes here as the country's entry (add_name).
    return f"entry:{entry.kind == DEMONYM}:{entry.country}:{entry.name}"


def whole_word_spans(text: str, words: str) -> list[Span]:
    """Where ``words`` are written in ``text`` as whole words (no letter, digit or hyphen glued on)."""
    found: list[Span] = []
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            found.append((start, end))
        start = text.find(words, start + 1)
    return found


def inside_longer_name(words: SpacySpan) -> bool:
    """Whether a name written again is only part of a longer one ("the U.S. Constitution",
    "International Women's Day Celebration", "the United States of America"): a capitalised word
    runs on from it, or "of" and one."""
    doc = words.doc
    after = doc[words.end] if words.end < len(doc) else None
    if after is not None and after.lower_ == "of" and after.i + 1 < len(doc):
        after = doc[after.i + 1]
    if after is not None and after.text[:1].isupper() and not after.is_sent_start:
        return True
    before = doc[words.start - 1] if words.start > 0 else None
    return before is not None and before.pos_ == "PROPN" and not before.is_sent_start


_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "la", "du", "von", "van", "al", "bin", "&"})


def _repeatable(name: str) -> bool:
    """Whether a name is distinctive enough to be its referent wherever it is written again: two
    words or more of a name's shape, or one word with a digit or a capital past its first letter."""
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    if len(words) > 1:
        # "Area 51", "Bank of England": capitalised words, numbers and the small words of names
        return all(w[:1].isupper() or w[:1].isdigit() or w in _NAME_JOINERS for w in words[1:])
    word = words[0]
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def _described_as_person(ent: SpacySpan) -> bool:
    """Whether an apposition says the name is a person's: "the president of Namibia, Hage
    Geingob", "Hage Geingob, the president"."""
    # A person's name: two or more capitalised words, none all capitals or naming a kind of body.
    if len(ent) < 2 or not all(
        t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in ORG_NOUNS for t in ent
    ):
        return False
    root = ent.root
    heads = [child for child in root.children if child.dep_ == "appos" and child.i >= ent.end]
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        if head.ent_type_ == "GPE" and head.dep_ == "pobj" and head.head.dep_ == "prep":
            # The parse hangs the name on the last noun before it: "president of Namibia, Hage".
            head = head.head.head
        heads.append(head)
    return any(h.pos_ == "NOUN" and not h.ent_type_ and h.lemma_.lower() in PERSON_ROLES for h in heads)


def _ends_titled_phrase(ent: SpacySpan) -> bool:
    """Whether a name that opens with a first name ends an office title's phrase, run on from the
    name before it: "Ambassador to the United Nations Nikki Haley", "Secretary of State Mike
    Pompeo". Not "chairman of Ford Motor" (a preposition before it, no name run on)."""
    doc = ent.doc
    if not 2 <= len(ent) <= 3 or ent.start == 0 or gender_of(ent.text) is None:
        return False
    if not all(t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in ORG_NOUNS for t in ent):
        return False
    before = doc[ent.start - 1]
    if before.pos_ != "PROPN" or not before.text[:1].isupper():
        return False
    for token in doc[max(ent.sent.start, ent.start - 8) : ent.start]:
        if token.lower_ in TITLES and token.right_edge.i == ent.end - 1:
            return True
    return False


def _introduced_as_relative(ent: SpacySpan) -> bool:
    """Whether a name comes as someone's relative: "his son, Wolfgang", "his brother Alex"."""
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in KIN_NOUNS:
        return True
    before = ent.start - 1
    if before >= 0 and ent.doc[before].text == ",":
        before -= 1
    return before >= 0 and ent.doc[before].lower_ in KIN_NOUNS


def _proper_noun(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for a common noun: the small model tags
    a surname that opens a sentence as one ("Kalnins said ...", tagged a plural)."""
    return token.pos_ == "PROPN" or (
        token.pos_ == "NOUN" and token.text[:1].isupper() and token.text[1:].islower()
    )
