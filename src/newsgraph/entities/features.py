"""What the trained entities model reads: features of a name the NER found, and of a pair of a
pronoun or nominal with an entity it may refer to.

Both are lists of named features (strings) for the linear models of ``newsgraph.learning``. The
rules (the NER's label, the actor dictionary, the gazetteer, the rule resolver's choice) come in
as features only: the model learns how far to trust each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Span
from ..parsing import document_text
from ..places.gazetteer import Gazetteer
from ..quotes.marks import find_quote_runs
from .clusters import Cluster
from .dictionary import ActorDictionary, fold
from .lexicon import PERSON_ROLES, TITLES

PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$"})
# Relative "which"/"that" refer to the noun their clause hangs on.
_RELATIVE_WORDS = frozenset({"which", "that", "who", "whom", "whose"})
# Pronouns that never refer to a named entity in our labels ("one", reflexive "it" of weather).
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_FIRST = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_NEUTER = frozenset({"it", "its", "itself"})
_SPEECH_LEMMAS = frozenset(
    """say tell add claim announce state write note explain insist warn argue describe ask reply
    respond recall declare confirm deny report acknowledge suggest urge""".split()
)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def shape(text: str) -> str:
    """A word's shape with runs collapsed: "Kim" -> Xx, "U.S." -> X.X., "al-Quds" -> x-Xx."""
    out: list[str] = []
    for char in text:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:8]


def name_features(ent: SpacySpan, dictionary: ActorDictionary, gazetteer: Gazetteer | None) -> list[str]:
    """Features of one NER span, for deciding its coarse type or that it is no entity at all."""
    label = ent.label_
    text = ent.text
    words = text.split()
    feats = [f"ner={label}", f"n_words={min(len(words), 5)}", f"shape={shape(text)}"]
    first, last = ent[0], ent[-1]
    feats += [f"first_pos={first.pos_}", f"last_pos={last.pos_}", f"root_dep={ent.root.dep_}"]
    feats += [f"last_lower={last.lower_}", f"first_lower={first.lower_}", f"ner_last={label}:{last.lower_}"]
    feats.append(f"suffix3={last.lower_[-3:]}")
    if all(t.is_lower for t in ent if t.is_alpha):
        feats.append("all_lower")
    if any(t.is_title or t.is_upper for t in ent):
        feats.append("has_capital")
    previous = ent.doc[ent.start - 1] if ent.start > 0 else None
    if previous is not None:
        feats.append(f"prev={previous.lower_}")
        feats.append(f"prev_pos={previous.pos_}")
        if previous.lower_.strip(".") in TITLES:
            feats.append("after_title")
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if following is not None:
        feats.append(f"next={following.lower_}")
    head = ent.root.head
    if head.i < ent.start or head.i >= ent.end:
        feats.append(f"head_lemma={head.lemma_.lower()}")
    entry = dictionary.lookup(text)
    if entry is not None:
        feats += [f"dict={entry.kind}", f"dict_type={entry.type}", f"dict={entry.kind}:ner={label}"]
    if gazetteer is not None:
        places = gazetteer.candidates(fold(text))
        if places:
            biggest = max(places, key=lambda p: p.population)
            feats += [
                "gazetteer",
                f"gaz_kind={biggest.kind}",
                f"gaz_pop={_bucket(biggest.population, (1000, 100_000, 1_000_000))}",
                f"gaz=ner={label}",
            ]
    roles = [w for w in (t.lower_ for t in ent) if w in PERSON_ROLES]
    if roles:
        feats.append("has_role_word")
    return feats


@dataclass
class Candidate:
    """A pronoun or a nominal the model may link to an entity."""

    span: Span
    kind: str  # "pronoun" or "nominal"
    head: Token
    sentence: int
    in_quote: bool
    rule_cluster: int | None = None

    @property
    def word(self) -> str:
        """The pronoun itself, or the nominal's head lemma (lowercased)."""
        return self.head.lower_ if self.kind == "pronoun" else self.head.lemma_.lower()


def quoted_offsets(doc: Doc | SpacySpan) -> list[bool]:
    """Per token of a document (or of a part read on its own), whether it stands inside quotation
    marks (``quotation_openings``)."""
    return [opening is not None for opening in quotation_openings(doc)]


def quotation_openings(doc: Doc | SpacySpan) -> list[int | None]:
    """Per token, the index of the first token of the quotation it stands in; None outside one
    (and for the marks themselves). The quoted stretches are the quote stage's
    (``quotes.marks.find_quote_runs``): marks paired paragraph by paragraph, a stray one passed
    over, a quotation of several paragraphs one."""
    base = doc.start_char if isinstance(doc, SpacySpan) else 0
    pieces = [
        (start + base, end + base, run.pieces[0][0] + base)
        for run in find_quote_runs(doc.text if isinstance(doc, SpacySpan) else document_text(doc))
        for start, end in run.pieces
    ]
    out: list[int | None] = []
    opening_token: dict[int, int] = {}
    at = 0
    for token in doc:
        while at < len(pieces) and pieces[at][1] <= token.idx:
            at += 1
        inside = at < len(pieces) and pieces[at][0] <= token.idx < pieces[at][1]
        if not inside:
            out.append(None)
            continue
        opened = opening_token.setdefault(pieces[at][2], token.i)
        out.append(opened)
    return out


def pronoun_class(word: str) -> str:
    """Which kind of pronoun a word is: m, f, plural, first, first_plural, second, neuter, relative."""
    for name, words in (
        ("m", _MALE),
        ("f", _FEMALE),
        ("plural", _PLURAL),
        ("first", _FIRST),
        ("first_plural", _FIRST_PLURAL),
        ("second", _SECOND),
        ("neuter", _NEUTER),
    ):
        if word in words:
            return name
    return "relative" if word in _RELATIVE_WORDS else "other"


@dataclass
class ClusterView:
    """What the pair features read of a cluster at the time a candidate is decided."""

    cluster: Cluster
    index: int
    # The heads of its mentions (token indices), for "the clause hangs on this mention".
    heads: set[int]
    # Sentences where one of its mentions is the subject of a speech verb.
    speaking: set[int]
    last_form: str = ""
    # Sentence index of each of its mentions so far (for how present it is around a candidate).
    sentences: list[int] = field(default_factory=list)


def pair_features(
    candidate: Candidate,
    view: ClusterView,
    distance: int | None,
    rank: int,
    nominal_country: str | None,
) -> list[str]:
    """Features of linking one pronoun or nominal to one cluster (``distance``: sentences back to
    the cluster's last mention before it, None when all come after it; ``rank``: how many other
    fitting clusters were mentioned more recently before it; ``nominal_country``: the country a
    nominal's own words name, ``code_phrase``'s, or None)."""
    cluster = view.cluster
    ctype = cluster.type
    word = candidate.word
    kind = pronoun_class(word) if candidate.kind == "pronoun" else "nominal"
    dist = "after" if distance is None else _bucket(distance, (0, 1, 2, 4))
    size = _bucket(len(cluster.mentions), (1, 3, 7))
    feats = [
        f"kind={kind}",
        f"kind={kind}:type={ctype}",
        f"kind={kind}:dist={dist}",
        f"kind={kind}:rank={min(rank, 3)}",
        f"kind={kind}:dist={dist}:rank={min(rank, 3)}",
        f"kind={kind}:size={size}",
        f"type={ctype}:dist={dist}",
        f"word={word}:type={ctype}",
    ]
    if candidate.kind == "pronoun":
        gender = cluster.gender or "none"
        feats.append(f"kind={kind}:gender={gender}")
        feats.append(f"kind={kind}:in_quote={candidate.in_quote}:type={ctype}")
        if candidate.sentence in view.speaking or candidate.sentence + 1 in view.speaking:
            feats.append(f"kind={kind}:speaks_here:quote={candidate.in_quote}")
        if kind == "relative" and candidate.head.head.head.i in view.heads:
            feats.append("relative_attaches")
    else:
        feats.append(f"nominal_head={word}:type={ctype}")
        if word in cluster.roles:
            feats.append("nominal_role_of_cluster")
        names = " ".join(cluster.names).lower()
        if word in names.split():
            feats.append("nominal_word_in_name")
        if nominal_country is not None:
            feats.append("nominal_country=" + ("same" if nominal_country == cluster.country else "other"))
        if candidate.head.lower_ != word:
            feats.append("nominal_plural" if candidate.head.tag_ in ("NNS", "NNPS") else "nominal_inflected")
    recent = sum(1 for s in view.sentences if 0 <= candidate.sentence - s <= 3)
    feats.append(f"kind={kind}:recent={_bucket(recent, (0, 1, 3, 6))}")
    feats.append(f"kind={kind}:recent={_bucket(recent, (0, 1, 3, 6))}:rank={min(rank, 3)}")
    if cluster.is_subject:
        feats.append(f"kind={kind}:subject")
    if view.last_form:
        feats.append(f"kind={kind}:last={view.last_form}")
        if view.last_form == word:
            feats.append("same_word_as_last")
    if cluster.entry is not None:
        feats.append(f"kind={kind}:entry={cluster.entry.kind}")
    if candidate.rule_cluster is not None:
        feats.append(f"kind={kind}:rule={'yes' if candidate.rule_cluster == view.index else 'other'}")
    else:
        feats.append(f"kind={kind}:rule=none")
    return feats


def nominal_features(candidate: Candidate) -> list[str]:
    """Features of a nominal no entity took, for deciding whether it starts an entity of its own
    ("a Polish chef", whom a "he" may follow) and of which type."""
    head = candidate.head
    first = head.doc[head.left_edge.i] if head.left_edge.i <= head.i else head
    chunk = head.doc[first.i : head.i + 1]
    lemma = head.lemma_.lower()
    feats = [
        f"head={lemma}",
        f"first={first.lower_}",
        f"dep={head.dep_}",
        f"tag={head.tag_}",
        f"n_words={min(len(chunk), 5)}",
        f"in_quote={candidate.in_quote}",
        f"head_of={head.head.lemma_.lower()}",
        f"first_pos={first.pos_}",
    ]
    if lemma in PERSON_ROLES:
        feats.append("person_role")
    for token in chunk:
        if token.ent_type_:
            feats.append(f"has_ent={token.ent_type_}")
        if token.pos_ == "ADJ":
            feats.append(f"adj={token.lower_}")
        if token.pos_ == "NUM":
            feats.append("has_number")
    return feats
