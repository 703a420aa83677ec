"""Referents the text does not name: a person it introduces ("a 25-year-old man") and someone's
relative ("his father"), each a new entity the pronouns and descriptions after it can refer to."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .clusters import Cluster
from .lexicon import KIN_NOUNS, SOMEONE_NOUNS
from .referents import ReferentBase

# Where an indefinite noun phrase introduces someone particular (not "as a man", "like a boy").
_INTRODUCING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


class UnnamedReferents(ReferentBase):
    """Entities for the people a document introduces without a name."""

    def _unnamed_referent(
        self,
        token: Token,
        chunks: dict[int, SpacySpan],
        inside_quote: bool,
        kin: dict[tuple[int, str], Cluster],
    ) -> bool:
        """Whether ``token`` heads a mention of someone the text does not name: a person it
        introduces ("a man") or someone's relative ("his father")."""
        if token.lemma_ in KIN_NOUNS and token.tag_ == "NN":
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
            named.gender = named.gender or KIN_NOUNS[head.lemma_]
        if relative is None:
            relative = Cluster(type="PERSON", names=[self.text[span[0] : span[1]]], unnamed=True, kin=True)
            relative.gender = KIN_NOUNS[head.lemma_]
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
        if lemma not in SOMEONE_NOUNS or first.lower_ not in ("a", "an") or head.tag_ != "NN":
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
        someone.gender = SOMEONE_NOUNS[lemma]
        someone.roles.add(lemma)
        someone.is_subject = head.dep_ in ("nsubj", "nsubjpass")
        self._attach(someone, span)
        self.clusters.append(someone)
        return True


def _phrase_end(head: Token) -> int:
    """The last token of a noun phrase with its modifiers ("a man wearing a fake vest") but not a
    relative clause, an apposition or what is conjoined to it (guideline N1)."""
    end = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "appos", "conj", "cc", "punct"):
            break
        end = child.right_edge.i
    return end
