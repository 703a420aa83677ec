"""What a name is said to be joins its entity: appositions, copular predicates, "known as"
phrases, and other names it is known by ("Sergei Shoigu, the defence minister"; "Shoigu is a former
engineer"; "better known by her pseudonym Jenna Marbles")."""

from __future__ import annotations

from spacy.tokens import Token

from .clusters import Cluster, inside_longer_name, whole_word_spans
from .lexicon import GENDERED_ROLES, ORG_NOUNS, PERSON_NOUN_ENDINGS, PERSON_ROLES, SOMEONE_NOUNS
from .referents import ReferentBase

# Verbs whose "as" phrase says what their subject is or was.
_AS_VERBS = frozenset("know serve work".split())
# ... and verbs whose "as" phrase says it of their object, so of their subject only in the passive
# ("Dvořák was appointed as a professor"; not "Rosselló appointed Pierluisi as secretary").
_PASSIVE_AS_VERBS = frozenset("appoint elect recognize recognise commission hire employ name".split())
# Verbs that give a referent another name: "known as", "called", "nicknamed".
_ALIAS_VERBS = frozenset({"know", "call", "nickname", "dub"})
# Verbs that give an unnamed person their name: "identified as", "named as".
_NAMING_VERBS = frozenset({"identify", "name"})
# The type a description's head noun says its name has.
_KIND_DESCRIBED = {
    **dict.fromkeys(ORG_NOUNS, "ORG"),
    **dict.fromkeys(PERSON_ROLES | frozenset(GENDERED_ROLES) | frozenset(SOMEONE_NOUNS), "PERSON"),
    **dict.fromkeys({"city", "town", "village", "capital"}, "GPE"),
}


def _same_referent(named: Cluster, alias: Cluster) -> bool:
    """Whether the name an alias verb gives can be the named one's: of its type, or for a person
    any name but a place's (the NER tags "El Chapo" of "Joaquin Guzman, nicknamed El Chapo" ORG)."""
    if alias.type == named.type:
        return True
    return named.type == "PERSON" and alias.type not in ("GPE", "LOC", "NORP", "FAC")


def _alias_targets(verb: Token) -> list[Token]:
    """The names an alias verb gives: "known as X", "known to fans as X", "better known by her
    pseudonym X", "nicknamed X", "dubbed the X"."""
    targets = [c for c in verb.children if c.dep_ in ("oprd", "dobj") and verb.lemma_ != "know"]
    prepositions = [c for c in verb.children if c.dep_ in ("prep", "agent")]
    # "known to fans as the I-Man": the parse hangs the "as" on the audience.
    prepositions += [
        g
        for p in prepositions
        if p.lower_ == "to"
        for o in p.children
        for g in o.children
        if g.dep_ == "prep"
    ]
    for preposition in prepositions:
        if preposition.lower_ in ("as", "by"):
            targets.extend(t for t in preposition.children if t.dep_ == "pobj")
    return targets


class Descriptions(ReferentBase):
    """The descriptions of the names a document's clusters hold."""

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
        pseudonym Jenna Marbles", "Ginger Baker was born Peter Edward Baker": the other name is the
        same referent's, so its entity is this one."""
        verbs = [c for c in root.children if c.dep_ == "acl" and c.lemma_ in _ALIAS_VERBS]
        if root.dep_ == "nsubjpass" and root.head.lemma_ in _ALIAS_VERBS:
            verbs.append(root.head)
        if cluster.type == "PERSON":
            # "Ginger Baker was born Peter Edward Baker", "Madonna, born Madonna Louise Ciccone":
            # the name someone was born with is theirs.
            born = [c for c in root.children if c.dep_ == "acl" and c.lower_ == "born"]
            if root.dep_ == "nsubjpass" and root.head.lower_ == "born":
                born.append(root.head)
            for verb in born:
                for named in verb.children:
                    other = self._cluster_at(named) if named.dep_ in ("dobj", "oprd", "attr") else None
                    if other is not None and other is not cluster and other.type == "PERSON":
                        other.names = []  # the name they go by stays the entity's name
                        self._absorb(cluster, other)
        for verb in verbs:
            for target in _alias_targets(verb):
                names = [target, *(c for c in target.children if c.dep_ == "appos")]
                for named in names:
                    other = self._cluster_at(named)
                    if other is not None and other is not cluster and _same_referent(cluster, other):
                        self._absorb(cluster, other)
                    elif other is None and named.pos_ == "PROPN" and cluster.type == "PERSON":
                        self._attach_nickname(cluster, named)

    def _attach_nickname(self, cluster: Cluster, head: Token) -> None:
        """ "Don Imus, known to fans as the I-Man": a name the NER did not tag is the person's
        other name, there and wherever it is written again (without its "the"). People only: what
        a place is "known as" is mostly a description ("England's City of Festivals")."""
        words = [t for t in head.subtree if t.i <= head.i]
        while words and (words[0].pos_ in ("DET", "PUNCT") or words[0].dep_ == "poss"):
            words = words[1:]
        if not words or any(t.pos_ not in ("PROPN", "PUNCT", "NUM") for t in words):
            return
        nickname = self.text[words[0].idx : head.idx + len(head.text)]
        for span in whole_word_spans(self.text, nickname):
            if span[0] < words[0].idx or any(a < span[1] and span[0] < b for a, b in self.taken):
                continue
            found = self.doc.char_span(*span)
            if found is not None and (span[0] == words[0].idx or not inside_longer_name(found)):
                self._attach(cluster, span)

    def _identified(self) -> None:
        """ "The attacker, identified as Sudesh Amman," / "The victim was named as Jane Doe": the
        unnamed person met so far (with the pronouns that went to them) is the named one."""
        for cluster in list(self.clusters):
            if cluster.type != "PERSON" or cluster.unnamed or cluster not in self.clusters:
                continue
            for start, end in list(cluster.mentions):
                name = self.doc.char_span(start, end, alignment_mode="expand")
                if name is None:
                    continue
                root = name.root
                preposition, verb = root.head, root.head.head
                if root.dep_ != "pobj" or preposition.lower_ != "as" or verb.lemma_ not in _NAMING_VERBS:
                    continue
                described: Token | None = (
                    verb.head  # "The attacker, identified as ..."
                    if verb.dep_ == "acl"
                    else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                )
                if described is None or described.pos_ != "NOUN":
                    continue
                other = self._cluster_at(described) or self._someone_before(start)
                if other is not None and other is not cluster and other.unnamed and not other.kin:
                    other.names = []  # "a man wearing a fake vest" described him; it is no name
                    self._absorb(cluster, other)
                phrase = (described.left_edge.idx, described.idx + len(described.text))
                if described.left_edge.i < described.i and phrase not in self.taken:
                    self._attach(cluster, phrase)  # "The attacker" is a mention of him too

    def _someone_before(self, offset: int) -> Cluster | None:
        """The person introduced without a name before ``offset`` whom "the attacker, identified as
        ..." names: the one the story has said most of so far (the attacker with his "he"s, not the
        "a man" he injured), the nearest of equals."""
        best: tuple[int, int, Cluster] | None = None
        for cluster in self.clusters:
            if cluster.type != "PERSON" or not cluster.unnamed or cluster.kin or not cluster.mentions:
                continue
            first = cluster.mentions[0][0]
            said = sum(1 for start, _end in cluster.mentions if start < offset)
            if first < offset and (best is None or (said, first) > (best[0], best[1])):
                best = (said, first, cluster)
        return best[2] if best else None

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
            if cluster.type == "PERSON" and head.tag_ == "NNS" and not one_of:
                # "His parents, Robert Cummings Sr. and Ruth Elma Cummings": a plural says what
                # the pair is, not what one person is.
                continue
            if _hyphen_after(head):
                continue  # "co" of "the co-founder", which the parse split into three predicates
            end = head.i if head is described_before else _own_right_edge(head)
            tokens = range(_hyphenated_start(head), end + 1)
            # A parse that runs a headline into the next paragraph is no description.
            if covered.intersection(tokens) or any("\n" in self.doc[i].text_with_ws for i in tokens[:-1]):
                continue
            covered.update(tokens)
            last = self.doc[end]
            self._attach(cluster, (self.doc[tokens[0]].idx, last.idx + len(last.text)))
            # "K2-18b, a planet circling a star ... the planet": what it was said to be names it again.
            lemma = head.lemma_.lower()
            if cluster.type != "PERSON" or lemma in PERSON_ROLES or lemma.endswith(PERSON_NOUN_ENDINGS):
                # (A parse that makes "the tusk" a predicate of a person says no role of hers.)
                cluster.described_as.add(lemma)
            if cluster.entry is None and (kind := _KIND_DESCRIBED.get(head.lemma_.lower())):
                # "Łódź is Poland's third biggest city", "Holt is an American baseball player":
                # what the text says a name is corrects what the NER took it for.
                cluster.type = kind
            if cluster.type == "PERSON" and head.lower_ in GENDERED_ROLES:
                # "Moreau was a French actress": the description says her gender.
                cluster.gender = cluster.gender or GENDERED_ROLES[head.lower_]


def _hyphen_after(token: Token) -> bool:
    """Whether a hyphen is glued to the word's end ("co" in "co-founder") or the word is one."""
    doc = token.doc
    if token.text in ("-", "–") and not token.whitespace_:
        return True
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "–")


def _hyphenated_start(head: Token) -> int:
    """Where a noun phrase starts when its head is the last part of a hyphenated word the parse
    split ("the co-founder" headed by "founder"): at the first part's own left edge."""
    doc = head.doc
    start = head.left_edge.i
    while (
        start >= 2
        and doc[start - 1].text in ("-", "–")
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
    ):
        start = doc[start - 2].left_edge.i
    return start


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
    return end
