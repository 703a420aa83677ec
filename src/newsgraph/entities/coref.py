"""Pronouns and role nouns resolved to the clusters built from names, by rules over the parse.

"he"/"she" go to the most salient person before them (the subject of a clause they stand in, then
a subject of the previous sentence, then the most recent; never, for "him", the subject of its own
verb), agreeing in gender where it is known or the first name tells it; "the Russian
president", "the minister" go to a person whose country or title fits; "the company", "the country"
to the most recent organisation or country, and the same description again to the same one;
"they" outside quotation marks to an organisation that was the subject just before. Anything
unclear is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Span
from ..quotes.lexicon import load_lexicon
from .clusters import Cluster
from .coding import code_phrase
from .dictionary import COUNTRY
from .features import quotation_openings
from .genders import gender_of
from .lexicon import GENDERED_ROLES, PERSON_ROLES

_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
# Verbs whose "as" phrase says what their subject is or was.
_AS_VERBS = frozenset("know serve work".split())
# ... and verbs whose "as" phrase says it of their object, so of their subject only in the passive
# ("Dvořák was appointed as a professor"; not "Rosselló appointed Pierluisi as secretary").
_PASSIVE_AS_VERBS = frozenset("appoint elect recognize recognise commission hire employ name".split())
# Verbs that give a referent another name: "known as", "called", "nicknamed".
_ALIAS_VERBS = frozenset({"know", "call", "nickname", "dub"})
_THIRD_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_NEUTER = frozenset({"it", "its", "itself"})
# The verbs that say who spoke: the speech class of the quote cue lexicon (data/quote_cues.json).
_SPEECH_VERBS = load_lexicon().speech
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
# How far back (in sentences) a pronoun or role noun may look for its referent.
_WINDOW = 3
# Role nouns naming bodies: "the company" -> the most recent ORG.
_ORG_NOUNS = frozenset(
    """company firm organization organisation group agency ministry party maker manufacturer
    automaker carmaker retailer airline carrier bank lender insurer giant conglomerate broadcaster
    newspaper union team club alliance coalition militia committee council commission board
    charity university network chain channel outlet publisher operator supermarket""".split()
)
_COUNTRY_NOUNS = frozenset({"country", "nation"})
# Nouns for a person the article does not name, and the gender each says: "a 25-year-old man was
# arrested ... He was charged ... The man" is one referent.
_SOMEONE_NOUNS = {"man": "m", "boy": "m", "woman": "f", "girl": "f", "teenager": None, "person": None}
# Kin of someone the text names, and the gender each says: "his father" twice in an article about
# one man is one person.
_KIN_NOUNS = {
    **dict.fromkeys("father husband son brother grandfather uncle nephew stepfather".split(), "m"),
    **dict.fromkeys("mother wife daughter sister grandmother aunt niece stepmother".split(), "f"),
}
# Where an indefinite noun phrase introduces someone particular (not "as a man", "like a boy").
_INTRODUCING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
# Nouns naming a settlement or area: "the city", "the island" -> the most recent named place.
_PLACE_NOUNS = frozenset(
    """city town village island region province capital district neighborhood neighbourhood
    state county""".split()
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The type a description's head noun says its name has.
_KIND_DESCRIBED = {
    **dict.fromkeys(_ORG_NOUNS, "ORG"),
    **dict.fromkeys(PERSON_ROLES | frozenset(GENDERED_ROLES) | frozenset(_SOMEONE_NOUNS), "PERSON"),
    **dict.fromkeys({"city", "town", "village", "capital"}, "GPE"),
}
# Relative pronouns and whom they may stand for: "Putin, who praised him"; "the EU, which".
_RELATIVE_PRONOUNS = {
    "who": frozenset({"PERSON"}),
    "whom": frozenset({"PERSON"}),
    "whose": frozenset({"PERSON", "ORG", "GPE", "NORP"}),
    "which": frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}),
}


def _relative_clause(token: Token) -> Token | None:
    """The verb of the relative clause a relative pronoun opens: its head ("who praised"), or
    through the noun or preposition it hangs on ("whose plans include", "during which")."""
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return None
        if node.head.dep_ == "relcl":
            return node.head
        if node.head.i > token.i + 3 or node.head.i < token.i - 1:
            return None
        node = node.head
    return None


def _own_right_edge(head: Token) -> int:
    """The last token of a noun phrase without a noun phrase of its own conjoined to it: "a
    soldier of fortune" of "a soldier of fortune and a general" (but all of "the founder and chief
    executive", one role under one determiner)."""
    own = [c for c in head.rights if c.dep_ == "conj" and any(d.dep_ == "det" for d in c.children)]
    if not own:
        return head.right_edge.i
    end = min(c.left_edge.i for c in own) - 1
    while end > head.i and (head.doc[end].is_punct or head.doc[end].dep_ == "cc"):
        end -= 1
    while end > head.i and head.doc[end].is_punct:
        end -= 1
    return end


def _phrase_end(head: Token) -> int:
    """The last token of a noun phrase with its modifiers ("a man wearing a fake vest") but not a
    relative clause, an apposition or what is conjoined to it (guideline N1)."""
    end = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "appos", "conj", "cc", "punct"):
            break
        end = child.right_edge.i
    return end


def _head_word(name: str) -> str:
    """The word a name is headed by, lowercased: the last ("Supreme Court" -> court), or the one
    before "of" or "for" ("Court of Session" -> court)."""
    words = name.lower().split()
    for index, word in enumerate(words):
        if word in ("of", "for") and index > 0:
            return words[index - 1]
    return words[-1] if words else ""


class Resolver:
    """Adds pronoun and role-noun mentions to the clusters of one document."""

    def __init__(self, doc: Doc, clusters: list[Cluster], taken: set[Span]) -> None:
        self.doc = doc
        self.clusters = clusters
        self.taken = taken
        self.sent_starts = sorted(s.start_char for s in doc.sents)
        # Per token, the mark that opened the quotation it stands in (None outside one).
        self.openings = quotation_openings(doc)
        # ``Doc.text`` joins every token on each access: read it once.
        self.text = doc.text
        # Whose relative a cluster was introduced as ("his brother, George"): by id, of the clusters.
        self._relative_of: dict[int, int] = {}
        # Each cluster's names' head words, found once (names do not change while pronouns resolve).
        self._heads: dict[int, set[str]] = {}

    def run(self) -> None:
        """Resolve every third-person singular pronoun and definite role noun phrase, in text order."""
        self._known_genders()
        chunks = {chunk.root.i: chunk for chunk in self.doc.noun_chunks}
        described = self._descriptions()
        inside_quote = False
        # The token where the quotation being read opened (for "I" inside it).
        opened_at = 0
        previous_opening: int | None = None
        # Whoever says "I" in the quotation being read: its "he" or "she" is someone else.
        speaking: list[Cluster] = []
        # The relatives met so far, by whose and which: "his father" again is the same man.
        kin: dict[tuple[int, str], Cluster] = {}
        # First-person pronouns outside quotation marks: the writer (a column, a letter, an interview).
        narrator: list[Span] = []
        # ... and in the plural: the writer and those they speak for (a speech's "we", an editorial's).
        narrators: list[Span] = []
        for token in self.doc:
            lower = token.lower_
            opening = self.openings[token.i]
            if opening != previous_opening:
                # A quotation opens or ends here: who speaks in it starts afresh.
                speaking = []
                previous_opening = opening
            inside_quote = opening is not None
            opened_at = opening if opening is not None else opened_at
            if token.tag_ in ("PRP", "PRP$") and (lower in _MALE or lower in _FEMALE):
                if (
                    inside_quote
                    and not speaking
                    and (voice := self._quotation_speaker(token, ("PERSON",), opened_at, outside_only=True))
                ):
                    # '"He was an excellent politician," Goel said': the speaker is not the "he".
                    speaking.append(voice)
                self._pronoun(token, "m" if lower in _MALE else "f", speaking)
                # "He was a contemporary of Euler": what a resolved pronoun is, is its referent.
                if token.dep_ in ("nsubj", "nsubjpass") and (found := self._cluster_at(token)):
                    self._describe(found, token, described, appositions_from=None)
            elif lower in _FIRST_PERSON and token.tag_ in ("PRP", "PRP$"):
                if inside_quote:
                    self._first_person(token, ("PERSON",), opened_at)
                    if found := self._cluster_at(token):
                        speaking.append(found)
                else:
                    narrator.append((token.idx, token.idx + len(token.text)))
            elif lower in _FIRST_PLURAL and token.tag_ in ("PRP", "PRP$"):
                if inside_quote:
                    # "We will not pay," the company said: a body speaking of itself.
                    self._first_person(token, ("ORG", "GPE", "NORP"), opened_at)
                else:
                    narrators.append((token.idx, token.idx + len(token.text)))
            elif lower in _NEUTER and token.dep_ in ("nsubj", "nsubjpass", "poss"):
                self._neuter(token)
            elif lower in _THIRD_PLURAL and token.tag_ in ("PRP", "PRP$") and not inside_quote:
                self._plural(token)
            elif lower in _RELATIVE_PRONOUNS and (clause := _relative_clause(token)) is not None:
                self._relative(token, clause)
            elif token.i in described:
                continue
            elif lower == "police" and token.pos_ in ("NOUN", "PROPN"):
                self._police(token)
            elif self._unnamed_referent(token, chunks, inside_quote, kin):
                continue
            elif token.i in chunks and token.pos_ == "NOUN":
                self._role_noun(chunks[token.i].start, token)
            elif token.dep_ == "poss" and token.pos_ == "NOUN" and token.i > 0:
                # "the city's mayor": the possessor sits inside another noun's chunk.
                self._role_noun(token.left_edge.i, token)
        for spans, name in ((narrator, "(the writer)"), (narrators, "(the writers)")):
            if len(spans) < 2:
                continue
            voice = Cluster(type="PERSON", names=[name])
            for span in spans:
                if span not in self.taken:
                    self._attach(voice, span)
            self.clusters.append(voice)

    def _known_genders(self) -> None:
        """Give each person whose titles said no gender the one the shipped table gives its first
        name (entities/genders.py), so that the first "he" or "she" need not guess it."""
        for cluster in self.clusters:
            if cluster.type != "PERSON" or cluster.gender is not None:
                continue
            for name in cluster.names:
                if gender := gender_of(name):
                    cluster.gender = gender
                    break

    def _descriptions(self) -> set[int]:
        """Appositions and copular predicates of a name join its entity; returns their token indices.

        "Sergei Shoigu, the defence minister, said" and "Shoigu is a former engineer" describe
        the named referent itself, so the description is one more mention of it.
        """
        covered: set[int] = set()
        for cluster in list(self.clusters):
            for start, end in list(cluster.mentions):
                name = self.doc.char_span(start, end, alignment_mode="expand")
                if name is not None:
                    self._describe(cluster, name.root, covered, appositions_from=name.end)
                    self._merge_alias(cluster, name.root)
        return covered

    def _merge_alias(self, cluster: Cluster, root: Token) -> None:
        """ "Joshua Abraham Norton, known as Emperor Norton", "Jenna Mourey, better known by her
        pseudonym Jenna Marbles": the other name is the same referent's, so its entity is this one."""
        verbs = [c for c in root.children if c.dep_ == "acl" and c.lemma_ in _ALIAS_VERBS]
        if root.dep_ == "nsubjpass" and root.head.lemma_ in _ALIAS_VERBS:
            verbs.append(root.head)
        for verb in verbs:
            for preposition in verb.children:
                if preposition.dep_ not in ("prep", "agent") or preposition.lower_ not in ("as", "by"):
                    continue
                for target in preposition.children:
                    names = [target, *(c for c in target.children if c.dep_ == "appos")]
                    for named in names:
                        other = self._cluster_at(named)
                        if other is not None and other is not cluster and other.type == cluster.type:
                            self._absorb(cluster, other)

    def _absorb(self, cluster: Cluster, other: Cluster) -> None:
        """Make ``other``'s mentions and names ``cluster``'s and drop ``other``."""
        for mention in other.mentions:
            cluster.add(mention)
        cluster.names.extend(other.names)
        cluster.name_words |= other.name_words
        cluster.mention_types.update(other.mention_types)
        cluster.gender = cluster.gender or other.gender
        cluster.is_subject = cluster.is_subject or other.is_subject
        self.clusters.remove(other)
        self._heads.pop(id(cluster), None)

    def _describe(
        self, cluster: Cluster, root: Token, covered: set[int], appositions_from: int | None
    ) -> None:
        """Attach to ``cluster`` the noun phrases that say what its mention ``root`` is: an
        apposition from token ``appositions_from`` on (None: none), a copula's predicate ("is a
        former engineer"), an "as" phrase ("known as the drummer"); their tokens join ``covered``."""
        described = (
            [c for c in root.children if c.dep_ == "appos" and c.i >= appositions_from]
            if appositions_from is not None
            else []
        )
        verb = root.head
        if root.dep_ == "nsubj" and verb.lemma_ == "be":
            described += [c for c in verb.children if c.dep_ == "attr"]
        if (root.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ in _AS_VERBS) or (
            root.dep_ == "nsubjpass" and verb.lemma_ in _PASSIVE_AS_VERBS
        ):
            # "Baker was known as the drummer of Cream", "she served as the head of ..."
            described += [
                g
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ == "as"
                for g in c.children
                if g.dep_ == "pobj"
            ]
        # "was a soldier and a general": each conjoined predicate says it too.
        described += [
            c
            for head in described
            for c in head.conjuncts
            if c.i > head.i and any(d.dep_ == "det" for d in c.children)
        ]
        described_before = root.head if appositions_from is not None and root.dep_ == "appos" else None
        if (
            described_before is not None
            and described_before.i < root.i
            and self.doc[root.left_edge.i - 1].text == ","
        ):
            # "The Italian foreign minister, Luigi Di Maio, joined": the name is the apposition
            # (set off by a comma: "5 p.m. local time (2100 UTC)" says no more of UTC).
            described.append(described_before)
        for head in described:
            # "one of the founders of cognitive linguistics" is headed by "one".
            one_of = head.lower_ == "one" and any(c.lower_ == "of" for c in head.children)
            # "the caretaker Prime Minister": a capitalised title is tagged a proper noun.
            title = head.pos_ == "PROPN" and head.lower_ in PERSON_ROLES
            if (head.pos_ != "NOUN" and not one_of and not title) or head.ent_type_:
                continue
            end = head.i if head is described_before else _own_right_edge(head)
            tokens = range(head.left_edge.i, end + 1)
            # A parse that runs a headline into the next paragraph is no description.
            if covered.intersection(tokens) or any("\n" in self.doc[i].text_with_ws for i in tokens[:-1]):
                continue
            covered.update(tokens)
            last = self.doc[end]
            self._attach(cluster, (head.left_edge.idx, last.idx + len(last.text)))
            if cluster.entry is None and (kind := _KIND_DESCRIBED.get(head.lemma_.lower())):
                # "Łódź is Poland's third biggest city", "Holt is an American baseball player":
                # what the text says a name is corrects what the NER took it for.
                cluster.type = kind
            if cluster.type == "PERSON" and head.lower_ in GENDERED_ROLES:
                # "Moreau was a French actress": the description says her gender.
                cluster.gender = cluster.gender or GENDERED_ROLES[head.lower_]

    def _sentence_index(self, offset: int) -> int:
        lo, hi = 0, len(self.sent_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sent_starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def _recent(self, offset: int, fits: object) -> list[tuple[int, Cluster]]:
        """Clusters with a mention before ``offset`` inside the window, by distance then recency."""
        here = self._sentence_index(offset)
        ranked: list[tuple[int, int, Cluster]] = []
        for cluster in self.clusters:
            if not fits(cluster):  # type: ignore[operator]
                continue
            # A demonym standing for its country ("Greek food") is no antecedent of "it" or "the city".
            before = [m for m in cluster.mentions if m[1] <= offset and m not in cluster.mention_types]
            if not before:
                continue
            last = before[-1]
            distance = here - self._sentence_index(last[0])
            if distance <= _WINDOW:
                ranked.append((distance, -last[1], cluster))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [(d, c) for d, _, c in ranked]

    def _pronoun(self, token: Token, gender: str, speaking: Sequence[Cluster] = ()) -> None:
        """ "he"/"she": the nearest person that agrees, other than the subject of its own clause
        when it is an object, and other than those who say "I" in the quotation it stands in
        ('"my dad received it ... he fell ill"')."""
        span = (token.idx, token.idx + len(token.text))
        if span in self.taken:
            return

        # "May appointed him", "Sirhan shot him": an object pronoun is never its own clause's
        # subject (that would be "himself").
        subject = self._clause_subject(token)

        def fits(cluster: Cluster) -> bool:
            return (
                cluster.type == "PERSON"
                and cluster.gender in (None, gender)
                and cluster is not subject
                and all(cluster is not voice for voice in speaking)
                and not cluster.kin
            )

        # A person introduced without a name ("a third person removed his knife") is too weak a
        # referent to win a clause's pronoun from the named one last mentioned.
        governing = self._governing_subject(token, lambda c: fits(c) and not c.unnamed)
        if governing is not None:
            governing.gender = governing.gender or gender
            self._attach(governing, span)
            return
        candidates = self._recent(span[0], fits)
        if not candidates:
            return
        # Someone known to agree (a title, the first-name table or an earlier pronoun told it) is
        # likelier the "he"/"she" than someone nothing has told of, often no person at all (the
        # NER's "Bloody", "ARC Studio"), unless that someone was the subject of the nearest
        # sentence ("Another voice actor, Lauren Landa, would ... She").
        agreeing = [(d, c) for d, c in candidates if c.gender == gender]
        nearest_subject = any(
            c.gender is None and self._last_named_as_subject(c, span[0])
            for d, c in candidates
            if d == candidates[0][0]
        )
        if agreeing and not nearest_subject:
            candidates = agreeing
        nearest = candidates[0][0]
        same_distance = [c for d, c in candidates if d == nearest]
        # ... nor, in the same sentence, from a named one; nor a relative ("when he found his
        # brother he had resolution") from the one it is told of.
        if nearest == 0 and any(not c.unnamed for c in same_distance):
            same_distance = [c for c in same_distance if not c.unnamed]
        if nearest == 0:
            present = {id(c) for c in same_distance}
            same_distance = [
                c for c in same_distance if self._relative_of.get(id(c)) not in present
            ] or same_distance
        # Within the nearest sentence a subject beats an object: "Kim met Putin. He said ..." -> Kim.
        subjects = [c for c in same_distance if c.is_subject]
        chosen = subjects[0] if subjects and nearest > 0 else same_distance[0]
        chosen.gender = chosen.gender or gender
        self._attach(chosen, span)

    def _last_named_as_subject(self, cluster: Cluster, offset: int) -> bool:
        """Whether the cluster was a clause's subject in the sentence of its last mention before
        ``offset`` ("Another voice actor, Lauren Landa, would list ...")."""
        before = [m for m in cluster.mentions if m[1] <= offset]
        if not before:
            return False
        sentence = self._sentence_index(before[-1][0])
        for mention in before:
            if self._sentence_index(mention[0]) != sentence:
                continue
            span = self.doc.char_span(*mention, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

    def _governing_subject(self, token: Token, fits: Callable[[Cluster], bool]) -> Cluster | None:
        """The person that is the subject of a clause the pronoun stands inside, before it:
        "Trump, also on Twitter, defended his decision" (not Twitter), "Johnson reiterated that he
        plans". The nearest such clause first."""
        inner = token
        for ancestor in token.ancestors:
            if inner.dep_ in ("relcl", "acl"):
                # "a writer whose stories she had discovered": a relative clause says nothing of
                # who the outer clause's subject is to its pronouns.
                return None
            inner = ancestor
            for child in ancestor.children:
                if child.dep_ not in ("nsubj", "nsubjpass") or child.i >= token.i:
                    continue
                cluster = self._cluster_at(child)
                if cluster is not None and fits(cluster):
                    return cluster
        return None

    def _clause_subject(self, token: Token) -> Cluster | None:
        """The cluster of the subject of the verb whose object a pronoun is ("shot him"); None for
        any other pronoun. ("spoke to him" is left out: a preposition's object may be the subject,
        "she took the dog with her".)"""
        verb = token.head
        if token.dep_ not in ("dobj", "iobj", "dative"):
            return None
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < token.i:
                return self._cluster_at(child)
        return None

    def _first_person(self, token: Token, types: tuple[str, ...], opened_at: int) -> None:
        """ "I" ("we") inside quotation marks is whoever (whichever body) the quotation's own
        sentences or the one after it say spoke, else the sentence before it says spoke.

        ``opened_at`` is the token of the quotation's opening mark.
        """
        span = (token.idx, token.idx + len(token.text))
        if span in self.taken:
            # An interview's answer already gave it its speaker (entities/interviews.py).
            return
        cluster = self._quotation_speaker(token, types, opened_at, outside_only=False)
        if cluster is not None:
            self._attach(cluster, span)

    def _quotation_speaker(
        self, token: Token, types: tuple[str, ...], opened_at: int, outside_only: bool
    ) -> Cluster | None:
        """Whoever the sentences of the quotation ``token`` stands in (opened at token
        ``opened_at``), the one after it, else the one before it say spoke; with
        ``outside_only`` the speech verbs inside the quotation marks are not read."""
        closed_at = next(
            (i for i in range(token.i, len(self.doc)) if self.openings[i] != opened_at), len(self.doc) - 1
        )
        first = self.doc[opened_at].sent
        last = self.doc[closed_at].sent
        ordered = [first]
        while ordered[-1].end <= last.start:
            ordered.append(self.doc[ordered[-1].end].sent)
        if last.end < len(self.doc):
            ordered.append(self.doc[last.end].sent)
        if first.start > 0:
            # A quotation that goes on after its speaker's sentence ('"I was not expecting this",
            # said Kosgei after the race. "But I felt my body was moving ...').
            ordered.append(self.doc[first.start - 1].sent)
        for sent in ordered:
            for verb in sent:
                if verb.lemma_ not in _SPEECH_VERBS or (outside_only and opened_at < verb.i < closed_at):
                    continue
                for child in verb.children:
                    if child.dep_ != "nsubj":
                        continue
                    cluster = self._speaker_at(child)
                    if cluster is not None and cluster.type in types:
                        return cluster
        return None

    def _speaker_at(self, token: Token) -> Cluster | None:
        """The cluster of a speech verb's subject; a "he", "she" or role noun after the quotation,
        which the walk has not reached, is resolved first ('"I lost," she said'; '"We will not
        pay," the company said')."""
        lower = token.lower_
        if token.tag_ == "PRP" and (lower in _MALE or lower in _FEMALE):
            self._pronoun(token, "m" if lower in _MALE else "f")
        elif token.pos_ == "NOUN" and self._cluster_at(token) is None:
            self._role_noun(token.left_edge.i, token)
        subject = self._cluster_at(token)
        verb = token.head
        if subject is not None and subject.type == "PERSON" and token.i < verb.i - 1:
            # "Longtime Imus in the Morning writer and performer Rob Bartlett tweeted": the parse
            # makes "Imus" the subject; the person named right before the verb, with no comma
            # between (not "Smith, a friend of Jones, said"), is the one who spoke.
            adjacent = self._cluster_at(self.doc[verb.i - 1])
            between = self.doc[token.i : verb.i]
            if (
                adjacent is not None
                and adjacent is not subject
                and adjacent.type == "PERSON"
                and not any(t.text == "," for t in between)
            ):
                return adjacent
        return subject

    def _relative(self, token: Token, clause: Token) -> None:
        """A relative pronoun is one more mention of the named referent its clause describes: the
        noun the clause hangs on, else the name just before the pronoun ("the brother of President
        John F. Kennedy, who had himself been assassinated"; "the club Marine JarHeads MC, which")."""
        fits = _RELATIVE_PRONOUNS[token.lower_]
        span = (token.idx, token.idx + len(token.text))
        cluster = self._cluster_at(clause.head)
        if cluster is None or cluster.type not in fits:
            cluster = self._cluster_ending_before(clause.left_edge)
        if cluster is not None and cluster.type in fits:
            self._attach(cluster, span)

    def _cluster_ending_before(self, token: Token) -> Cluster | None:
        """The cluster with a mention that ends at the word before ``token`` (a comma between)."""
        before = token.i - 1
        if before >= 0 and self.doc[before].text == ",":
            before -= 1
        if before < 0 or before < token.sent.start:
            return None
        end = self.doc[before].idx + len(self.doc[before].text)
        for cluster in self.clusters:
            if any(mention_end == end for _start, mention_end in cluster.mentions):
                return cluster
        return None

    def _cluster_at(self, token: Token) -> Cluster | None:
        for cluster in self.clusters:
            for start, end in cluster.mentions:
                if start <= token.idx < end:
                    return cluster
        return None

    def _neuter(self, token: Token) -> None:
        """ "it"/"its" as a subject or possessor: the organisation, country or place last a subject nearby."""
        span = (token.idx, token.idx + len(token.text))

        def fits(cluster: Cluster) -> bool:
            is_country = cluster.entry is not None and cluster.entry.kind == COUNTRY
            # A named city or region is as much an "it" as a country: "Lyon ... its mayor".
            return cluster.is_subject and (
                cluster.type == "ORG" or is_country or cluster.type in _PLACE_LABELS
            )

        candidates = self._recent(span[0], fits)
        if candidates and candidates[0][0] <= 1:
            self._attach(candidates[0][1], span)

    def _plural(self, token: Token) -> None:
        """ "they"/"their" outside quotation marks: the organisation that was the subject of this
        sentence or the one before, unless a plural noun was a subject nearer ("the protesters")."""
        span = (token.idx, token.idx + len(token.text))
        if span in self.taken:
            return
        here = token.sent
        sentences = [here]
        if here.start > 0:
            sentences.insert(0, self.doc[here.start - 1].sent)
        last_org: Cluster | None = None
        for sentence in sentences:
            for word in sentence:
                if word.i >= token.i:
                    break
                if word.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                cluster = self._cluster_at(word)
                if cluster is not None and cluster.type == "ORG":
                    last_org = cluster
                elif cluster is None and word.tag_ in ("NNS", "NNPS"):
                    last_org = None
        if last_org is not None:
            self._attach(last_org, span)

    def _role_noun(self, start: int, head: Token) -> None:
        lemma = head.lemma_.lower()
        if self._named_head(start, head):
            return
        if not (
            lemma in PERSON_ROLES
            or lemma in _SOMEONE_NOUNS
            or lemma in _ORG_NOUNS
            or lemma in _COUNTRY_NOUNS
            or lemma in _PLACE_NOUNS
        ):
            return
        first = self.doc[start]
        possessive = first.ent_type_ in ("GPE", "NORP") and any(
            t.tag_ == "POS" for t in self.doc[start : head.i]
        )
        if (first.lower_ not in ("the", "this", "that") and not possessive) or head.tag_ in ("NNS", "NNPS"):
            return
        last = head
        if head.i + 1 < len(self.doc) and self.doc[head.i + 1].tag_ == "POS":
            # A possessor's mention runs to its "'s", as a possessive pronoun is one whole word.
            last = self.doc[head.i + 1]
        span = (first.idx, last.idx + len(last.text))
        # A phrase holding a name is that name's mention ("the Russian president Putin"), not a role noun.
        if span in self.taken or any(
            t.ent_type_ not in ("", "NORP", "GPE") for t in self.doc[start : head.i + 1]
        ):
            return
        phrase = self.text[span[0] : span[1]]
        country, _sector = code_phrase(phrase)
        if lemma not in PERSON_ROLES and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.ent_type_ for g in c.children)
            for c in head.children
        ):
            # "the capital of Chad", "the city of Wuhan": the noun says which place it is, so it is
            # no anaphor of the place last named.
            return
        fits: Callable[[Cluster], bool]
        if lemma in _COUNTRY_NOUNS:
            # "the Palestinian nation" names its own country; it is no anaphor of another one.
            def fits(c: Cluster) -> bool:
                return c.entry is not None and c.entry.kind == COUNTRY and country in (None, c.country)
        elif lemma in _PLACE_NOUNS:

            def fits(c: Cluster) -> bool:
                return c.type in _PLACE_LABELS
        elif lemma in _ORG_NOUNS:

            def fits(c: Cluster) -> bool:
                return c.type == "ORG" and (country is None or c.country == country)
        else:

            def fits(c: Cluster) -> bool:
                if c.type != "PERSON":
                    return False
                if country is not None:
                    return c.country == country and (lemma in c.roles or lemma in ("leader", "official"))
                return lemma in c.roles

        # The same description twice in an article is the same referent ("the network ... the
        # network"), however many bodies were named between and however far back.
        key = _description_key(phrase)
        candidates = self._recent(span[0], fits)
        again = [
            c
            for c in [c for _d, c in candidates] + self.clusters
            if fits(c)
            and any(e <= span[0] and _description_key(self.text[s:e]) == key for s, e in c.mentions)
        ]
        if again:
            self._attach(again[0], span)
        elif candidates:
            self._attach(candidates[0][1], span)

    def _unnamed_referent(
        self,
        token: Token,
        chunks: dict[int, SpacySpan],
        inside_quote: bool,
        kin: dict[tuple[int, str], Cluster],
    ) -> bool:
        """Whether ``token`` heads a mention of someone the text does not name: a person it
        introduces ("a man") or someone's relative ("his father")."""
        if token.lemma_ in _KIN_NOUNS and token.tag_ == "NN":
            return self._kin(token, kin)
        if token.i in chunks and token.pos_ == "NOUN" and not inside_quote:
            return self._someone(chunks[token.i].start, token)
        return False

    def _kin(self, head: Token, kin: dict[tuple[int, str], Cluster]) -> bool:
        """ "his father", "Hadid's mother": a relative of a resolved referent; the same relative of
        the same person again is the same entity (``kin`` holds those met). Returns whether the
        phrase became a mention."""
        possessor = next((c for c in head.children if c.dep_ == "poss"), None)
        if possessor is None or any(c.dep_ in ("det", "compound") for c in head.children):
            return False
        whose = self._cluster_at(possessor)
        if whose is None or whose.type != "PERSON":
            return False
        # A relative named at once ("his father, Johann," / "Her father Mohammed Hadid") is that
        # named person.
        named = next(
            (
                found
                for c in head.children
                if c.dep_ == "appos" and c.i > head.i and (found := self._cluster_at(c)) is not None
            ),
            None,
        )
        last = (
            self.doc[head.i + 1]
            if head.i + 1 < len(self.doc) and self.doc[head.i + 1].tag_ == "POS"
            else head
        )
        span = (possessor.idx, last.idx + len(last.text))
        if span in self.taken:
            return False
        key = (id(whose), head.lemma_)
        earlier = kin.get(key)
        if named is not None and earlier is not None and earlier is not named and earlier.unnamed:
            # "his father ... His father, Johann,": the relative met before now has a name.
            for mention in earlier.mentions:
                named.add(mention)
            self.clusters.remove(earlier)
        relative = named or earlier
        if named is not None:
            # "his daughter Nettie Baker ... he died": the noun says her gender, her name may not.
            named.gender = named.gender or _KIN_NOUNS[head.lemma_]
        if relative is None:
            relative = Cluster(type="PERSON", names=[self.text[span[0] : span[1]]], unnamed=True, kin=True)
            relative.gender = _KIN_NOUNS[head.lemma_]
            relative.is_subject = head.dep_ in ("nsubj", "nsubjpass")
            self.clusters.append(relative)
        kin[key] = relative
        self._relative_of[id(relative)] = id(whose)
        self._attach(relative, span)
        return True

    def _someone(self, start: int, head: Token) -> bool:
        """ "a man", "a 25-year-old woman wearing a red coat": a person the article introduces
        without a name, a new entity the pronouns and "the man" after it can refer to. Returns
        whether one was made."""
        lemma = head.lemma_.lower()
        first = self.doc[start]
        if lemma not in _SOMEONE_NOUNS or first.lower_ not in ("a", "an") or head.tag_ != "NN":
            return False
        preposition = head.head if head.dep_ == "pobj" else None
        if head.dep_ not in _INTRODUCING_DEPS or (
            preposition is not None and preposition.lower_ in ("as", "like")
        ):
            return False
        last = self.doc[_phrase_end(head)]
        span = (first.idx, last.idx + len(last.text))
        if span in self.taken:
            return False
        someone = Cluster(type="PERSON", names=[self.text[span[0] : span[1]]], unnamed=True)
        someone.gender = _SOMEONE_NOUNS[lemma]
        someone.roles.add(lemma)
        someone.is_subject = head.dep_ in ("nsubj", "nsubjpass")
        self._attach(someone, span)
        self.clusters.append(someone)
        return True

    def _police(self, token: Token) -> None:
        """ "police", "the police": the one police force an article reports on, named ("the
        Metropolitan Police") or not. "police officers" and "Delhi police" are left alone."""
        if token.dep_ == "compound" or any(
            child.dep_ != "det" or child.lower_ != "the" for child in token.lefts
        ):
            return
        first = token.i - 1 if token.i > 0 and self.doc[token.i - 1].lower_ == "the" else token.i
        span = (self.doc[first].idx, token.idx + len(token.text))
        if span in self.taken:
            return
        named = [c for c in self.clusters if c.type == "ORG" and any("police" in n.lower() for n in c.names)]
        if named:
            force = max(named, key=lambda c: c.mentions[0][0] if c.mentions else -1)
        else:
            force = Cluster(type="ORG", names=["police"], sectors=["COP"])
            self.clusters.append(force)
        self._attach(force, span)

    def _named_head(self, start: int, head: Token) -> bool:
        """ "The court" after "the Supreme Court", "the committee" after "the Oversight and Reform
        Committee": a definite noun that is the head word of a recent body's or place's name is
        that one's mention. Returns whether it attached the noun."""
        first = self.doc[start]
        if first.lower_ not in ("the", "this", "that"):
            return False
        if any(t.ent_type_ or t.pos_ in ("NUM", "PROPN") for t in self.doc[start : head.i + 1]):
            return False
        span = (first.idx, head.idx + len(head.text))
        if span in self.taken:
            return False
        word = head.lower_

        def named(cluster: Cluster) -> bool:
            if cluster.type == "PERSON":
                return False
            heads = self._heads.get(id(cluster))
            if heads is None:
                heads = self._heads[id(cluster)] = {_head_word(name) for name in cluster.names}
            return word in heads

        candidates = self._recent(span[0], named)
        if not candidates:
            return False
        self._attach(candidates[0][1], span)
        return True

    def _attach(self, cluster: Cluster, span: Span) -> None:
        """Make ``span`` a mention of ``cluster``, unless another cluster has it already: one
        mention, one referent."""
        if span in self.taken and span not in cluster.mentions:
            return
        cluster.add(span)
        self.taken.add(span)


def _description_key(phrase: str) -> str:
    """A definite description as compared with another: lowercased, without "the" or "'s"."""
    words = phrase.lower().removesuffix("'s").removesuffix("’s").split()
    return " ".join(words[1:] if words and words[0] in ("the", "this", "that") else words)
