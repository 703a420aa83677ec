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

from collections.abc import Callable

from spacy.tokens import Token

from ..model import Span
from ..parsing import sentence_of
from ..quotes.lexicon import load_lexicon
from .clusters import Cluster
from .coding import code_phrase
from .descriptions import Descriptions
from .lexicon import (
    COUNTRY_NOUNS,
    ORG_NOUNS,
    PERSON_ROLES,
    PLACE_LABELS,
    PLACE_NOUNS,
    SOMEONE_NOUNS,
)
from .pronouns import FEMALE, MALE, Pronouns
from .unnamed import UnnamedReferents

_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_THIRD_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_NEUTER = frozenset({"it", "its", "itself"})
# The verbs that say who spoke: the speech class of the quote cue lexicon (data/quote_cues.json).
_SPEECH_VERBS = load_lexicon().speech
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


# Place nouns for a settlement or part of one, never a whole country.
_SETTLEMENT_NOUNS = frozenset(
    {"city", "town", "village", "capital", "neighborhood", "neighbourhood", "district"}
)


def _head_word(name: str) -> str:
    """The word a name is headed by, lowercased: the last ("Supreme Court" -> court), or the one
    before "of" or "for" ("Court of Session" -> court)."""
    words = name.lower().split()
    for index, word in enumerate(words):
        if word in ("of", "for") and index > 0:
            return words[index - 1]
    return words[-1] if words else ""


class Resolver(Pronouns, Descriptions, UnnamedReferents):
    """Adds pronoun and role-noun mentions to the clusters of one document."""

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
            if token.tag_ in ("PRP", "PRP$") and (lower in MALE or lower in FEMALE):
                if (
                    inside_quote
                    and not speaking
                    and (
                        voice := self._quotation_speaker(token, ("PERSON",), opened_at, outside_only=True)
                        or self._introducer(opened_at)
                    )
                ):
                    # '"He was an excellent politician," Goel said': the speaker is not the "he".
                    speaking.append(voice)
                self._pronoun(token, "m" if lower in MALE else "f", speaking)
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
                    if lower == "our":
                        self._our_country(token)
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
            elif token.i in chunks and (
                token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.lower_ in PERSON_ROLES)
            ):
                # "The President was 55": a capitalised office is tagged a proper noun.
                self._role_noun(chunks[token.i].start, token)
            elif token.dep_ == "poss" and token.pos_ == "NOUN" and token.i > 0:
                # "the city's mayor": the possessor sits inside another noun's chunk.
                self._role_noun(token.left_edge.i, token)
        self._identified()
        for spans, name in ((narrator, "(the writer)"), (narrators, "(the writers)")):
            if len(spans) < 2:
                continue
            voice = Cluster(type="PERSON", names=[name])
            for span in spans:
                if span not in self.taken:
                    self._attach(voice, span)
            self.clusters.append(voice)

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
        if cluster is None and "PERSON" in types:
            cluster = self._subject_before_quotation(opened_at) or self._introducer(opened_at)
        if cluster is None and "PERSON" not in types:
            # '"We made a lot of ground," Caloundra coach Geoff Ingram said': a person's "we" is the
            # body their name is introduced with ("US President Trump", "Caloundra coach").
            person = self._quotation_speaker(token, ("PERSON",), opened_at, outside_only=False)
            cluster = self._body_before(person, token, types) if person is not None else None
            if cluster is None and person is not None:
                cluster = self._state_of(person)
        if cluster is not None:
            self._attach(cluster, span)

    def _our_country(self, token: Token) -> None:
        """ "our country", "our nation" in a quotation: the country its "our" speaks for (a state's
        own "our", or a government person's, docs/annotation.md N2)."""
        head = token.head
        if token.dep_ != "poss" or head.lemma_.lower() not in COUNTRY_NOUNS or head.tag_ != "NN":
            return
        span = (token.idx, head.idx + len(head.text))
        if span in self.taken:
            return
        speaker = self._cluster_at(token)
        if speaker is None:
            return
        country = speaker if speaker.is_country else None
        if country is None and speaker.type == "PERSON":
            country = self._state_of(speaker)
        if country is not None:
            self._attach(country, span)

    def _subject_before_quotation(self, opened_at: int) -> Cluster | None:
        """The person the sentence before a quotation is about, in the quotation's paragraph,
        when no speech verb says who spoke ('Underwhelmed with her role, she left the series.
        "This is not what I wanted ..."'): news runs a quotation on from its speaker's sentence."""
        opening = self.doc[opened_at]
        sentence = sentence_of(opening)
        if sentence.start == 0 or any(t.i < opened_at and not t.is_punct for t in sentence):
            return None  # the quotation does not open its sentence
        before = sentence_of(self.doc[sentence.start - 1])
        if "\n" in self.text[before.start_char : opening.idx]:
            return None
        subject = next((t for t in before.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        cluster = self._cluster_at(subject) if subject is not None else None
        return cluster if cluster is not None and cluster.type == "PERSON" else None

    def _introducer(self, opened_at: int) -> Cluster | None:
        """The person whose clause introduces a quotation with a colon, when no speech verb says
        who spoke ('In his message, he appreciated Soleimani's lifepath: "He was a stellar
        example ..."'): the subject of the clause the colon ends."""
        before = opened_at - 1
        while before >= 0 and (self.doc[before].is_space or self.doc[before].is_quote):
            before -= 1
        if before < 1 or self.doc[before].text != ":":
            return None
        clause = sentence_of(self.doc[before - 1]).root
        if clause.i >= before:
            return None  # the parse made the quotation's own verb the sentence's
        subject = next((t for t in clause.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        cluster = self._cluster_at(subject) if subject is not None else None
        return cluster if cluster is not None and cluster.type == "PERSON" else None

    def _state_of(self, person: Cluster) -> Cluster | None:
        """The country a government's or an army's person speaks for, where the document names it:
        Turkey in "We need NATO to stand by us," said Erdoğan (coded TUR, GOV)."""
        if person.sector not in ("GOV", "MIL") or person.country is None:
            return None
        for cluster in self.clusters:
            if cluster.is_country and cluster.country == person.country:
                return cluster
        return None

    def _body_before(self, person: Cluster, token: Token, types: tuple[str, ...]) -> Cluster | None:
        """The body or country written just before the person's name nearest ``token`` (within its
        noun phrase: no verb or punctuation between)."""
        names = [
            span
            for start, end in person.mentions
            if (span := self.doc.char_span(start, end, alignment_mode="expand")) is not None
            and span.root.pos_ == "PROPN"
        ]
        if not names:
            return None
        # The nearest of the person's names (not the "I" of their quotation, already theirs).
        name = min(names, key=lambda span: abs(span.start_char - token.idx))
        for i in range(name.start - 1, max(name.start - 6, -1), -1):
            word = self.doc[i]
            # (A role word the parser took for a verb, "Caloundra coach Geoff Ingram", is no verb.)
            verb = word.pos_ in ("VERB", "AUX") and word.lower_ not in PERSON_ROLES
            if word.is_punct or verb or word.is_space:
                break
            found = self._cluster_at(word)
            if found is not None and found is not person and found.type in types:
                return found
        return None

    def _quotation_speaker(
        self, token: Token, types: tuple[str, ...], opened_at: int, outside_only: bool
    ) -> Cluster | None:
        """Whoever the sentences of the quotation ``token`` stands in (opened at token
        ``opened_at``), the one after it, else the one before it say spoke; with
        ``outside_only`` the speech verbs inside the quotation marks are not read."""
        closed_at = next(
            (i for i in range(token.i, len(self.doc)) if self.openings[i] != opened_at), len(self.doc) - 1
        )
        first = sentence_of(self.doc[opened_at])
        last = sentence_of(self.doc[closed_at])
        ordered = [first]
        while ordered[-1].end <= last.start:
            ordered.append(sentence_of(self.doc[ordered[-1].end]))
        if (
            last.end < len(self.doc)
            and "\n" not in self.text[self.doc[closed_at].idx : self.doc[last.end].idx]
        ):
            # The sentence after the quotation, in its paragraph ('"...," Marshall said.'); one in
            # the next paragraph introduces someone else.
            ordered.append(sentence_of(self.doc[last.end]))
        if first.start > 0:
            # A quotation that goes on after its speaker's sentence ('"I was not expecting this",
            # said Kosgei after the race. "But I felt my body was moving ...').
            ordered.append(sentence_of(self.doc[first.start - 1]))
        after_paragraph = self.text.find("\n", self.doc[closed_at].idx)
        for sent in ordered:
            for verb in sent:
                if verb.lemma_ not in _SPEECH_VERBS or (outside_only and opened_at < verb.i < closed_at):
                    continue
                if verb.i > closed_at and 0 <= after_paragraph < verb.idx:
                    continue  # past the paragraph the quotation ends in (a parse may run on into it)
                subjects = [child for child in verb.children if child.dep_ == "nsubj"]
                for child in subjects:
                    cluster = self._speaker_at(child)
                    if cluster is not None and cluster.type in types:
                        return cluster
                if not subjects and verb.i > 0 and self.doc[verb.i - 1].pos_ == "PROPN":
                    # '", Caloundra coach Geoff Ingram said': a parse that finds the verb no
                    # subject still has the name written right before it.
                    cluster = self._cluster_at(self.doc[verb.i - 1])
                    if cluster is not None and cluster.type in types:
                        return cluster
                if not subjects and verb.dep_ in ("advcl", "xcomp", "conj"):
                    # 'Amodei voiced support, telling the Nevada Independent: "I ...': the one who
                    # tells is the subject of the verb the participle hangs on.
                    for child in verb.head.children:
                        cluster = self._speaker_at(child) if child.dep_ == "nsubj" else None
                        if cluster is not None and cluster.type in types:
                            return cluster
        return None

    def _speaker_at(self, token: Token) -> Cluster | None:
        """The cluster of a speech verb's subject; a "he", "she" or role noun after the quotation,
        which the walk has not reached, is resolved first ('"I lost," she said'; '"We will not
        pay," the company said')."""
        lower = token.lower_
        if token.tag_ == "PRP" and (lower in MALE or lower in FEMALE):
            self._pronoun(token, "m" if lower in MALE else "f")
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
        if before < 0 or before < sentence_of(token).start:
            return None
        end = self.doc[before].idx + len(self.doc[before].text)
        for cluster in self.clusters:
            if any(mention_end == end for _start, mention_end in cluster.mentions):
                return cluster
        return None

    def _neuter(self, token: Token) -> None:
        """ "it"/"its" as a subject or possessor: the organisation, country or place last a subject nearby."""
        span = (token.idx, token.idx + len(token.text))

        def fits(cluster: Cluster) -> bool:
            is_country = cluster.is_country
            # A named city or region is as much an "it" as a country: "Lyon ... its mayor".
            return cluster.is_subject and (
                cluster.type == "ORG" or is_country or cluster.type in PLACE_LABELS
            )

        candidates = self._recent(span[0], fits)
        if candidates and candidates[0][0] <= 1:
            self._attach(candidates[0][1], span)
            return
        if token.lower_ != "its":
            return

        def body(cluster: Cluster) -> bool:
            is_country = cluster.is_country
            return cluster.type == "ORG" or is_country

        # "Germany bans Mahan Air, citing its flights to Syria": a possessor named in the same
        # sentence, subject or not.
        near = self._recent(span[0], body)
        if near and near[0][0] == 0:
            self._attach(near[0][1], span)

    def _plural(self, token: Token) -> None:
        """ "they"/"their" outside quotation marks: the organisation that was the subject of this
        sentence or the one before, unless a plural noun was a subject nearer ("the protesters")."""
        span = (token.idx, token.idx + len(token.text))
        if span in self.taken:
            return
        here = sentence_of(token)
        sentences = [here]
        if here.start > 0:
            sentences.insert(0, sentence_of(self.doc[here.start - 1]))
        last_org: Cluster | None = None
        for sentence in sentences:
            for word in sentence:
                if word.i >= token.i:
                    break
                if word.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                cluster = self._cluster_at(word)
                # A country as the subject of the same sentence: "Turkey justified the claim based on their".
                country = (
                    cluster is not None
                    and sentence is here
                    and cluster.is_country
                    and not any(c.dep_ == "conj" for c in word.children)
                )
                if cluster is not None and (cluster.type == "ORG" or country):
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
            or lemma in SOMEONE_NOUNS
            or lemma in ORG_NOUNS
            or lemma in COUNTRY_NOUNS
            or lemma in PLACE_NOUNS
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
        if lemma in COUNTRY_NOUNS:
            # "the Palestinian nation" names its own country; it is no anaphor of another one.
            def fits(c: Cluster) -> bool:
                return c.is_country and country in (None, c.country)
        elif lemma in PLACE_NOUNS:
            # "Minsk, the capital of Belarus ... the city": a settlement is no country.
            settlement = lemma in _SETTLEMENT_NOUNS

            def fits(c: Cluster) -> bool:
                return c.type in PLACE_LABELS and not (settlement and c.is_country)
        elif lemma in ORG_NOUNS:

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
        chosen = again[0] if again else candidates[0][1] if candidates else None
        if chosen is not None:
            self._attach(chosen, span)
            if head.dep_ in ("nsubj", "nsubjpass") and chosen.type != "PERSON":
                # "The Iranian airline runs 300 flights, and its planes ...": a body named as the
                # subject by a noun is as much the "it" nearby as one named so.
                chosen.is_subject = True

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
        lemma = head.lemma_.lower()

        def named(cluster: Cluster) -> bool:
            if lemma in cluster.described_as:
                return True
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
        if head.dep_ in ("nsubj", "nsubjpass") and candidates[0][1].type != "PERSON":
            candidates[0][1].is_subject = True
        return True


def _description_key(phrase: str) -> str:
    """A definite description as compared with another: lowercased, without "the" or "'s"."""
    words = phrase.lower().removesuffix("'s").removesuffix("’s").split()
    return " ".join(words[1:] if words and words[0] in ("the", "this", "that") else words)
