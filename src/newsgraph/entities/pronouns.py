"""Third-person "he" and "she": which person each stands for (a part of the resolver, coref.py).

A pronoun goes to the person its clause is governed by, else to the nearest person who may be it:
one whose gender agrees or is unknown (a title, the first-name table of entities/genders.py, a
role noun, an earlier pronoun say it; the census lists only make it likely), preferring one known
to agree, a subject over an object, and never its own clause's subject when it is an object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Token

from ..parsing import sentence_of
from .clusters import Cluster
from .genders import gender_from_census, gender_of
from .referents import ReferentBase

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
_REFLEXIVE = frozenset({"himself", "herself"})


def _gender(cluster: Cluster) -> str | None:
    """What the text says a person's gender is, else what the census lists make likely."""
    return cluster.gender or cluster.likely_gender


class Pronouns(ReferentBase):
    """The "he"/"she" part of the resolver."""

    def _known_genders(self) -> None:
        """Give each person whose titles said no gender the one the shipped table gives its first
        name (entities/genders.py), so that the first "he" or "she" need not guess it."""
        for cluster in self.clusters:
            if cluster.type != "PERSON" or cluster.gender is not None:
                continue
            for name in cluster.names:
                if gender := gender_of(name):
                    if gender_from_census(name):
                        cluster.likely_gender = gender
                        continue
                    cluster.gender = gender
                    break

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
        if token.lower_ in _REFLEXIVE:
            # "Rittenhouse turned himself in": a reflexive is its own clause's subject.
            own = self._reflexive_subject(token)
            if own is not None and own.type == "PERSON" and own.gender in (None, gender):
                own.gender = own.gender or gender
                self._attach(own, span)
                return
            subject = None

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
        governing = self._governing_subject(
            token, lambda c: fits(c) and not c.unnamed and _gender(c) in (None, gender)
        )
        if governing is not None:
            governing.gender = governing.gender or gender
            self._attach(governing, span)
            return
        candidates = self._recent(span[0], fits)
        if all(_gender(c) not in (None, gender) for _d, c in candidates):
            # No one nearby may be the "she" (or is likely to be): the last person before known to
            # be one ('Sacoolas ... Foreign Secretary Dominic Raab urged ... "She didn't purposely
            # drive"'); else the nearby one the census alone doubts ("Ginger Baker ... his daughter").
            known = self._last_known(span[0], lambda c: fits(c) and _gender(c) == gender and not c.unnamed)
            if known is not None:
                self._attach(known, span)
                known.gender = known.gender or gender
                return
            if not candidates:
                return
        # Someone known to agree (a title, the first-name table or an earlier pronoun told it) is
        # likelier the "he"/"she" than someone nothing has told of, often no person at all (the
        # NER's "Bloody", "ARC Studio"), unless that someone was the subject of the nearest
        # sentence ("Another voice actor, Lauren Landa, would ... She").
        agreeing = [(d, c) for d, c in candidates if _gender(c) == gender]
        nearest_subject = any(
            _gender(c) is None and self._last_named_as_subject(c, span[0])
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
        if nearest == 0 and token.dep_ in ("nsubj", "nsubjpass") and len(same_distance) > 1:
            # "He had a lead role as journalist Stanley Mitchell, for which he earned ...": a
            # subject pronoun in the sentence of someone else's subject mention is that subject.
            before_here = [c for c in same_distance if self._subject_in_sentence_before(c, token)]
            if before_here:
                chosen = before_here[0]
        chosen.gender = chosen.gender or gender
        self._attach(chosen, span)

    def _last_known(self, offset: int, fits: Callable[[Cluster], bool]) -> Cluster | None:
        """The cluster that fits with the latest mention before ``offset``, however far back."""
        best: tuple[int, Cluster] | None = None
        for cluster in self.clusters:
            if not fits(cluster):
                continue
            before = [m for m in cluster.mentions if m[1] <= offset]
            if before and (best is None or before[-1][1] > best[0]):
                best = (before[-1][1], cluster)
        return best[1] if best is not None else None

    def _subject_in_sentence_before(self, cluster: Cluster, token: Token) -> bool:
        """Whether a mention of the cluster before ``token`` in its sentence is a clause's subject."""
        sent = sentence_of(token)
        for start, end in cluster.mentions:
            if start < sent.start_char or end > token.idx:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

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

    def _reflexive_subject(self, token: Token) -> Cluster | None:
        """The cluster of the subject of the verb a reflexive pronoun hangs on, however it hangs
        ("shot himself", "spoke for herself")."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < token.i:
                return self._cluster_at(child)
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
