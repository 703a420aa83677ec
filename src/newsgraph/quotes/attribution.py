"""Attributions read off the dependency parse: a cue, who it is attributed to, and what.

A cue is a verb of saying, thinking or intending ("said", "believes", "wants", "criticized"), a noun
("support for", "concerns about") or a source phrase ("according to"). Its content is the
complement the cue governs (a clause, an infinitive, an object, a prepositional object), or the
clause around it when the cue is a parenthetical ("The plan, he said, is dead"). Its speaker is
the cue's subject, the agent of a passive, the object of "according to", or a noun cue's possessor.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from ..entities.lexicon import PERSON_ROLES, TITLES
from ..model import Span
from ..parsing import sentence_of
from .lexicon import CueLexicon

_SUBJECTS = frozenset({"nsubj", "csubj"})
# A cue verb that depends on another verb this way shares that verb's subject ("he said, adding ...").
_SHARES_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
# A parenthetical cue: its head's clause is the content ("The plan, he said, is dead").
_PARENTHETICAL = frozenset({"parataxis"})
_RELATIVE = frozenset({"relcl", "acl"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
# An auxiliary that makes its clause finite ("has been recovered", "will close").
_FINITE_AUX = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A clause's own subject.
_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_INVERTED_SUBJECT = frozenset({"dobj", "attr", "npadvmod", "appos", "nsubjpass", "dative"})
_PUNCT_EDGE = frozenset({"PUNCT", "SPACE"})
_NOUN_CLAUSE = frozenset({"acl", "ccomp", "relcl"})
# What may follow an object in the content of a stance cue ("accused X of lying", "called X a liar").
_OBJECT_TAIL = frozenset({"prep", "oprd", "xcomp", "ccomp", "advcl", "acomp"})
# Modifiers that, set off by a comma at the end of a content, are the writer's aside, not the claim.
_ASIDES = frozenset({"appos", "advcl", "relcl", "acl", "npadvmod"})
# Punctuation after which a content goes on with the writer's own words.
_BREAKS = frozenset({";"})
# Punctuation that sets a parenthetical cue off from the clause around it.
_SET_OFF = frozenset({",", "—", "–", "--"})


@dataclass
class Attribution:
    """One cue with its speaker and, where the parse gives one, its content."""

    cue_token: int
    cue: Span
    content: Span | None
    speaker: Span | None
    speaker_token: int | None
    # "speech" cues may introduce a direct quote ("X said: ..."); the others only their complement.
    speech: bool
    # which pattern found it (clause, object, parenthetical, noun, source): for tuning and tests
    frame: str = "clause"


class QuotedText:
    """Fast "is this offset inside quotation marks?" over the sorted quoted spans."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def contains(self, offset: int) -> bool:
        """True when ``offset`` falls inside a quoted span."""
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _char_span(doc: Doc, first: int, last: int) -> Span | None:
    """The character span of tokens first..last (inclusive), edge punctuation trimmed."""
    while first <= last and doc[first].pos_ in _PUNCT_EDGE:
        first += 1
    while last >= first and doc[last].pos_ in _PUNCT_EDGE:
        last -= 1
    if first > last:
        return None
    return (doc[first].idx, doc[last].idx + len(doc[last]))


def noun_phrase(token: Token) -> Span:
    """The compact phrase of a speaker: its left modifiers and itself ("the Russian president").

    Right-hand appositions and relative clauses are left out: a short span lies inside the long
    one an annotator may mark, and a long one would not overlap a short one well.
    """
    first = token.left_edge.i
    doc = token.doc
    # a misparse can run a phrase back over a headline: a speaker never crosses a paragraph break
    for i in range(token.i - 1, first - 1, -1):
        if "\n" in doc[i].text_with_ws:
            first = i + 1
            break
    while first < token.i and doc[first].pos_ in _PUNCT_EDGE:
        first += 1
    last = token.i
    # keep a trailing name part the parser hung to the right ("Kim Jong Un")
    while last + 1 < len(doc) and doc[last + 1].dep_ in ("compound", "flat") and doc[last + 1].head.i == last:
        last += 1
    return (doc[first].idx, doc[last].idx + len(doc[last]))


def name_phrase(token: Token) -> Span:
    """The speaker as the guidelines mark it: the head word with the name parts and compounds
    joined to it ("Foreign Minister Ana Ruiz", "ministry" in "the ministry", "analysts"), without
    determiners, adjectives or possessives."""
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1].dep_ in ("compound", "flat") and first - 1 >= token.left_edge.i:
        if "\n" in doc[first - 1].text_with_ws:
            break
        first -= 1
    last = token.i
    while last + 1 < len(doc) and doc[last + 1].dep_ in ("compound", "flat") and doc[last + 1].head.i == last:
        last += 1
    return (doc[first].idx, doc[last].idx + len(doc[last]))


def _within_paragraph(text: str, anchor: int, span: Span | None) -> Span | None:
    """Clip a content span to the paragraph of its cue (the parser may run a sentence across one)."""
    if span is None:
        return None
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    if para_end < 0:
        para_end = len(text)
    start, end = max(span[0], para_start), min(span[1], para_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _outside_cue(text: str, found: Attribution) -> Span | None:
    """A source phrase's content with the phrase left out.

    A misparse can hang "according to X" on a word inside the clause ("..., with a fortune of
    X, according to filings"); what a source says is never the source phrase itself. The side
    before the phrase is kept; the side after it where none is before.
    """
    content = found.content
    if content is None or found.frame != "source":
        return content
    attribution_start = min(found.cue[0], found.speaker[0]) if found.speaker else found.cue[0]
    attribution_end = max(found.cue[1], found.speaker[1]) if found.speaker else found.cue[1]
    if not content[0] < attribution_start < content[1]:
        return content
    before = text[content[0] : attribution_start].rstrip(" ,;:—–-\n")
    if before:
        return (content[0], content[0] + len(before))
    return (attribution_end, content[1]) if attribution_end < content[1] else None


def _without_trailing_aside(doc: Doc, first: int, last: int) -> int:
    """Cut a comma-set aside that ends the content: an apposition, a participle, a when-clause.

    "... in partnership with NATO, the alliance that ..." -> "... in partnership with NATO".
    """
    cut = last
    for token in doc[first + 1 : last + 1]:
        if token.text in _BREAKS:
            cut = token.i - 1  # "...; they also learned", "... -- though none was secret"
            break
    for token in doc[first : cut + 1]:
        if token.dep_ in _ASIDES and token.right_edge.i >= cut and token.head.i < token.i:
            start = token.left_edge.i
            if start - 1 > first and doc[start - 1].text in _SET_OFF:
                cut = min(cut, start - 2)
    return cut


def _set_off(verb: Token) -> bool:
    """True for a cue between commas inside its sentence ("The plan, he said, is dead")."""
    doc = verb.doc
    subject = next((c for c in verb.lefts if c.dep_ in _SUBJECTS), None)
    start = subject.left_edge.i if subject is not None else verb.i
    end = verb.i + 1
    # "said on Tuesday," "said in a statement,": the cue's own modifiers stay with it
    while (
        end < len(doc)
        and doc[end].text not in _SET_OFF
        and doc[end].head.i == verb.i
        and doc[end].dep_ in ("prep", "npadvmod", "advmod")
    ):
        end = doc[end].right_edge.i + 1
    if start == 0 or end >= len(doc) or doc[start - 1].text not in _SET_OFF or doc[end].text not in _SET_OFF:
        return False
    sent = sentence_of(verb)
    return any(not t.is_punct for t in doc[end + 1 : sent.end]) and any(
        not t.is_punct for t in doc[sent.start : start - 1]
    )


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("the minister, who said ..." -> minister), else the
    token itself: the guidelines mark a name or noun as the speaker, a pronoun only when none is near."""
    if (
        token.tag_ in ("WP", "WDT")
        and token.head.dep_ in _RELATIVE
        and token.head.head.pos_ in ("NOUN", "PROPN")
    ):
        return token.head.head
    return token


def person_in_title(token: Token, is_person: Callable[[Token], bool]) -> Token:
    """The person a title's phrase names ("Former US Ambassador to the United Nations Nikki
    Haley", "First Minister of Scotland Nicola Sturgeon": the parse heads them with the title and
    hangs the name under the "of"/"to" phrase), else the token itself. Only a name that ends the
    phrase with no comma before it: "the head of the agency, Jane Doe," is an apposition.
    ``is_person`` says whether a token is part of a person's name (the entities stage knows)."""
    if token.tag_ not in ("NN", "NNP") or is_person(token):
        return token
    if token.lower_ not in TITLES and token.lemma_.lower() not in PERSON_ROLES:
        return token  # "a tweet by Mike Pompeo" is the tweet's words
    last = token.right_edge
    if last.i <= token.i or not is_person(last):
        return token
    if any(t.text in (",", "(", "—", "–") for t in token.doc[token.i : last.i]):
        return token
    return last


def _person_before_verb(subject: Token, verb: Token) -> Token | None:
    """ "Longtime Imus in the Morning writer and performer Rob Bartlett tweeted": the parse makes
    the first proper noun ("Imus") the subject; the person named right before the verb, inside the
    subject's phrase and with no comma between (not "Smith, a friend of Jones, said"), speaks."""
    if subject.pos_ != "PROPN" or subject.i >= verb.i - 1:
        return None
    before = verb.doc[verb.i - 1]
    if before.ent_type_ != "PERSON" or not (subject.left_edge.i <= before.i <= subject.right_edge.i):
        return None
    if subject.ent_type_ == "PERSON" and not any(
        t.ent_iob_ == "B" for t in verb.doc[subject.i + 1 : before.i + 1]
    ):
        return None  # one name: "Rob Bartlett"
    if any(t.text == "," for t in verb.doc[subject.i : verb.i]):
        return None
    return before


def _mistagged_name(token: Token) -> bool:
    """A capitalized word the tagger read as an adverb or adjective, which no word list knows as
    one (not "Also", "Later"): at the head of a clause with no subject, a name it did not know."""
    return (
        token.pos_ in ("ADV", "ADJ", "X", "INTJ")
        and token.is_alpha
        and token.is_title
        and not token.is_stop
        and token.dep_ in ("advmod", "npadvmod", "amod", "dep", "intj")
    )


def _reads_as_clause(obj: Token) -> bool:
    """Whether a speech verb's object is a reported clause's subject the parser took for an object:
    it is described by a verb right after it ("said several acres of land burned before ...")."""
    return obj.pos_ in ("NOUN", "PROPN") and any(
        child.dep_ == "acl"
        and child.tag_ in ("VBD", "VBN")
        and not any(g.dep_ == "agent" for g in child.children)
        for child in obj.rights
    )


def _object_as_subject(verb: Token, clauses: list[Token]) -> Token | None:
    """The object standing between a cue verb and its clause when that clause is finite and has no
    subject of its own: the parser split the clause's subject off as the cue's object ("announced
    [the cockpit voice recorder] [has been recovered]"), and the content starts with it."""
    clause = min(clauses, key=lambda c: c.i)
    if clause.i < verb.i or any(c.dep_ in _CLAUSE_SUBJECTS for c in clause.children):
        return None
    finite = clause.tag_ in _FINITE or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_AUX for c in clause.children
    )
    if not finite:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.left_edge.i), None)


def subject_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, a passive's agent, or the subject it shares."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ in _SUBJECTS:
                return _person_before_verb(child, node) or antecedent(child)
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        if node.dep_ in _RELATIVE and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head  # "officials saying ..." -> officials
        if node.i == verb.i and verb.i > 0 and verb.doc[verb.i - 1].is_punct and verb.tag_ in _FINITE:
            # `"...," says Jane Doe`: the parser may take the inverted subject for an object
            for child in node.rights:
                if (
                    child.dep_ in _INVERTED_SUBJECT
                    and child.pos_ in ("PROPN", "NOUN")
                    and child.i <= node.i + 4
                ):
                    return child
        if node.dep_ not in _SHARES_SUBJECT or node.head.i == node.i:
            return None
        node = node.head
    return None


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def _clause_without(head: Token, cut: Token) -> tuple[int, int] | None:
    """The token range of ``head``'s clause with ``cut``'s subtree removed from its edges."""
    first, last = _subtree_range(head)
    cut_first, cut_last = _subtree_range(cut)
    if cut_first <= first:
        first = cut_last + 1
    if cut_last >= last:
        last = cut_first - 1
    return (first, last) if first <= last else None


def _attribution(
    cue_first: Token,
    cue_last: Token,
    content: Span | None,
    speaker: Token | None,
    frame: str,
    speech: bool = False,
) -> Attribution:
    """An attribution from the tokens the parse gave; only speech verbs may introduce direct quotes."""
    return Attribution(
        cue_token=cue_first.i,
        cue=(cue_first.idx, cue_last.idx + len(cue_last)),
        content=content,
        speaker=noun_phrase(speaker) if speaker is not None else None,
        speaker_token=speaker.i if speaker is not None else None,
        speech=speech,
        frame=frame,
    )


class AttributionFinder:
    """Finds attributions in a parsed Doc; build once per spaCy vocab, call per article."""

    def __init__(self, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon
        self.verb_cues = lexicon.verbs
        self.noun_cues = lexicon.nouns
        self.adjective_cues = lexicon.adjectives
        self.agent_nouns = lexicon.agent_nouns
        self.source_nouns = lexicon.source_nouns
        self.deps = {lemma: lexicon.content_deps(lemma) for lemma in self.verb_cues}
        self.source_heads = {phrase[0]: phrase for phrase in lexicon.source_preps}
        self._wanted_for: StringStore | None = None
        self._wanted_hashes: frozenset[int] = frozenset()

    def find(self, doc: Doc, text: str, quoted: QuotedText) -> list[Attribution]:
        """Every attribution whose cue lies outside quotation marks, in text order.

        ``text`` is the article text (``doc.text``, passed in because the Doc rebuilds it per call).
        """
        found: list[Attribution] = []
        verbs, nouns, sources = self.verb_cues, self.noun_cues, self.source_heads
        # The token attributes read in one pass in C pick the few candidates worth a Python look.
        table = doc.to_array([LEMMA, LOWER])
        strings = doc.vocab.strings
        wanted = self._wanted(strings)
        # A set lookup per token: numpy.isin sorts both arrays on each call, ten times as slow here.
        rows = table.tolist()
        for i in [
            i
            for i, (lemma_hash, lower_hash) in enumerate(rows)
            if lemma_hash in wanted or lower_hash in wanted
        ]:
            token = doc[i]
            lemma = token.lemma_
            pos = token.pos_
            found_one: Attribution | None = None
            if quoted.contains(token.idx):
                continue
            if pos == "VERB" and lemma in verbs:
                found_one = self._verb(token, lemma)
            elif pos == "NOUN" and lemma in nouns:
                found_one = self._noun(token, nouns[lemma])
            elif pos == "NOUN" and lemma in self.agent_nouns:
                found_one = self._noun(token, self.agent_nouns[lemma], needs_speaker=True)
            elif pos == "ADJ" and lemma in self.adjective_cues:
                found_one = self._adjective(token, self.adjective_cues[lemma])
            elif pos == "NOUN" and lemma in self.source_nouns:
                found_one = self._poll(token)
            elif token.lower_ in sources:
                found_one = self._source(token, sources[token.lower_])
            if found_one is not None:
                content = _outside_cue(text, found_one)
                found_one.content = _within_paragraph(text, found_one.cue[0], content)
                found.append(found_one)
        return found

    def _wanted(self, strings: StringStore) -> frozenset[int]:
        """The string hashes of every cue word, computed once per vocabulary."""
        if self._wanted_for is not strings:
            words = set(self.verb_cues) | set(self.noun_cues) | set(self.source_heads)
            words |= set(self.adjective_cues) | set(self.agent_nouns) | self.source_nouns
            self._wanted_hashes = frozenset(strings.add(w) for w in words)
            self._wanted_for = strings
        return self._wanted_hashes

    def _verb(self, verb: Token, lemma: str) -> Attribution:
        doc = verb.doc
        deps = self.deps[lemma]
        preps = self.lexicon.verb_preps.get(lemma, frozenset())
        clauses: list[Token] = []
        objects: list[Token] = []
        cue_last = verb.i
        for child in verb.children:
            dep = child.dep_
            if dep in deps:
                (objects if dep == "dobj" else clauses).append(child)
            elif dep == "prep" and child.lower_ in preps:
                pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if pobjs:
                    objects.append(pobjs[0])
                    cue_last = max(cue_last, child.i)
            elif dep == "prt" and child.i == verb.i + 1:
                cue_last = child.i  # "pointed out"
        if not clauses and not objects and lemma in self.lexicon.speech:
            # "CalFire said several acres of land burned ...": the parser read the reported clause's
            # subject as the object, and its verb as a participle describing it.
            clauses = [c for c in verb.rights if c.dep_ == "dobj" and _reads_as_clause(c)][:1]
        # "told reporters that ...": the clause is what was said, the object its recipient
        content: Span | None = None
        frame = "clause" if clauses else "object"
        if clauses:
            content = self._clause_content(verb, clauses)
        elif objects:
            # "accused the government of lying": the object and what follows it
            first = min(o.left_edge.i for o in objects)
            last = max(
                [o.right_edge.i for o in objects]
                + [c.right_edge.i for c in verb.rights if c.dep_ in _OBJECT_TAIL]
            )
            content = _char_span(doc, first, _without_trailing_aside(doc, first, last))
        elif verb.dep_ in _PARENTHETICAL and lemma in self.lexicon.speech:
            frame = "parenthetical"
            rng = _clause_without(verb.head, verb)
            if rng is not None:
                content = _char_span(doc, *rng)
        subject = subject_of(verb)
        sentence_start = sentence_of(verb).start
        if subject is None and verb.i > sentence_start and doc[verb.i - 1].pos_ in ("PROPN", "NOUN"):
            # a misparse left the cue without a subject ('", Caloundra coach Geoff Ingram said' with
            # "coach" read as a verb): the name right before the cue is the one who spoke
            subject = doc[verb.i - 1]
        elif subject is None and verb.i == sentence_start + 1 and _mistagged_name(doc[verb.i - 1]):
            # "Vesey said ...": a name the tagger did not know, read as an adverb, opens the sentence
            subject = doc[verb.i - 1]
        return _attribution(verb, doc[cue_last], content, subject, frame, lemma in self.lexicon.speech)

    def _clause_content(self, verb: Token, clauses: list[Token]) -> Span | None:
        """A clause complement's span; the whole sentence when the cue is set off inside it.

        "Though the move was bold, he said, it came too late": the parse hangs only the first
        half on "said", but the claim is the sentence around the parenthetical cue.
        """
        doc = verb.doc
        first = min(c.left_edge.i for c in clauses)
        last = max(c.right_edge.i for c in clauses)
        subject = _object_as_subject(verb, clauses)
        if subject is not None:
            first = subject.left_edge.i
        if first < verb.i and _set_off(verb):
            sent = sentence_of(verb)
            end = _without_trailing_aside(doc, sent.start, sent.end - 1)
            return _char_span(doc, sent.start, end)
        return _char_span(doc, first, _without_trailing_aside(doc, first, last))

    def _noun(self, noun: Token, preps: frozenset[str], needs_speaker: bool = False) -> Attribution | None:
        doc = noun.doc
        content_tok: Token | None = None
        cue_last = noun.i
        children = list(noun.children)
        if noun.dep_ == "dobj":
            # "took a swipe at X": the parser often hangs the noun's preposition on the light verb
            children += [c for c in noun.head.rights if c.i > noun.i]
        for child in children:
            if child.dep_ == "prep" and child.lower_ in preps:
                pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if pobjs:
                    content_tok = pobjs[0]
                    cue_last = child.i
                    break
            if child.dep_ in _NOUN_CLAUSE and "that" in preps and child.i > noun.i:
                content_tok = child
                break
        if content_tok is None:
            return None
        content = _char_span(doc, content_tok.left_edge.i, content_tok.right_edge.i)
        speaker_tok: Token | None = None
        for child in noun.children:
            if child.dep_ == "poss":
                speaker_tok = child
                break
        if speaker_tok is None and noun.dep_ in ("dobj", "attr"):
            # "voiced concern about ...", "she is a critic of ..."
            speaker_tok = subject_of(noun.head)
        elif speaker_tok is None and noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
            speaker_tok = subject_of(noun.head.head)  # "voted in favor of ...", "spoke in support of ..."
        elif speaker_tok is None and noun.dep_ == "appos":
            speaker_tok = noun.head  # "Jane Doe, a critic of the plan, ..."
        if speaker_tok is None and needs_speaker:
            return None
        return _attribution(noun, doc[cue_last], content, speaker_tok, "noun")

    def _adjective(self, adjective: Token, preps: frozenset[str]) -> Attribution | None:
        """A stance adjective's attribution: "X is critical of Y", "X is sure that Y", "eager to"."""
        content_tok: Token | None = None
        cue_last = adjective.i
        for child in adjective.children:
            if child.i < adjective.i:
                continue
            if child.dep_ == "prep" and child.lower_ in preps:
                content_tok = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                cue_last = child.i
            elif (child.dep_ == "ccomp" and "that" in preps) or (child.dep_ == "xcomp" and "to" in preps):
                content_tok = child
            if content_tok is not None:
                break
        if content_tok is None:
            return None
        # the stance is someone's: the subject of "is/seems/remains", or the noun it describes
        if adjective.dep_ in ("acomp", "oprd"):
            speaker_tok = subject_of(adjective.head)
        elif adjective.dep_ in ("amod", "appos") and adjective.head.pos_ in ("NOUN", "PROPN"):
            speaker_tok = adjective.head
        else:
            speaker_tok = None
        # a speaker-less stance ("it is unclear whether ...") is too often the writer's own
        if speaker_tok is None or speaker_tok.dep_ == "expl" or speaker_tok.lower_ == "it":
            return None
        doc = adjective.doc
        content = _char_span(doc, content_tok.left_edge.i, content_tok.right_edge.i)
        return _attribution(adjective, doc[cue_last], content, speaker_tok, "adjective")

    def _poll(self, source: Token) -> Attribution | None:
        """ "In the latest poll, X leads by five points": the poll is the source of its clause."""
        prep = source.head
        # only a fronted "In the poll, ...": after its verb "in the polls" is mostly a standing
        if (
            source.dep_ != "pobj"
            or prep.lower_ != "in"
            or prep.head.pos_ not in ("VERB", "AUX")
            or prep.i > prep.head.i
        ):
            return None
        head = prep.head
        rng = _clause_without(head, prep)
        if rng is None:
            return None
        return _attribution(prep, prep, _char_span(source.doc, *rng), source, "source")

    def _source(self, first: Token, phrase: tuple[str, ...]) -> Attribution | None:
        doc = first.doc
        end = first.i + len(phrase)
        if end > len(doc) or tuple(t.lower_ for t in doc[first.i : end]) != phrase:
            return None
        last_word = doc[end - 1]
        source = next((c for c in last_word.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        # the phrase's own top token, and the clause it modifies
        top = first
        while top.head.i in range(first.i, end) and top.head.i != top.i:
            top = top.head
        head = top.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:
            head = head.head
        content: Span | None = None
        sentence = sentence_of(top)
        if head.i == top.i and top.dep_ == "ROOT" and top.i == sentence.start:
            # "According to Dallorso, for days the phone was off": the parser made the phrase the
            # sentence's root; what follows it is the claim.
            content = _char_span(doc, source.right_edge.i + 1, sentence.end - 1)
        elif head.i != top.i and head.dep_ == "conj" and top.i > head.i:
            # "At least 17 people died and 35 were rescued, according to officials": the parse hangs
            # the phrase on the last conjunct, but it attributes the whole coordination before it.
            coordinated = head
            while coordinated.dep_ == "conj" and coordinated.head.i != coordinated.i:
                coordinated = coordinated.head
            content = _char_span(doc, coordinated.left_edge.i, top.left_edge.i - 1)
        elif head.i != top.i:
            rng = _clause_without(head, top)
            if rng is not None:
                content = _char_span(doc, *rng)
        return _attribution(first, last_word, content, source, "source")


# What may stand between an introducing clause's last word and the quote: its mark and spaces.
_OPENING = "\"“«„`' \t\xa0"
# A quote introduced after a comma must read as a sentence of its own: this many words at least.
_MIN_COMMA_WORDS = 4


def introductions(doc: Doc, text: str, runs: Iterable[Span], cued: Iterable[int]) -> list[Attribution]:
    """Direct quotes introduced by a clause with no cue word ('Michael Morell praised Mendez on
    Twitter: "Tony was ..."', 'Mick Jagger reacted on Twitter, "Sad news ..."'): the clause's verb
    is the cue and its subject the speaker. A colon introduces any quote; a comma only one that
    opens with a capital and runs at least four words (not 'called it, "a mistake"'). Verbs the
    lexicon already reads as cues (``cued``: their tokens) are left to it."""
    taken = set(cued)
    found: list[Attribution] = []
    for start, end in runs:
        before = text[:start].rstrip(_OPENING)
        if not before or before[-1] not in ":,":
            continue
        if before[-1] == "," and (
            not text[start : start + 1].isupper() or len(text[start:end].split()) < _MIN_COMMA_WORDS
        ):
            continue
        mark = _token_at(doc, len(before) - 1)
        if mark is None or not mark.is_punct or mark.i == 0:
            continue
        verb = mark.head if mark.head.i < mark.i else _clause_head_before(doc[mark.i - 1], mark.i)
        if verb.pos_ not in ("VERB", "AUX") or verb.i in taken:
            continue
        speaker = subject_of(verb)
        if speaker is None or speaker.pos_ not in ("NOUN", "PROPN", "PRON") or speaker.i > verb.i:
            continue
        found.append(_attribution(verb, verb, None, speaker, "introduced", speech=True))
    return found


def _clause_head_before(token: Token, limit: int) -> Token:
    """The nearest verb above ``token`` that still stands before ``limit``: the verb of the clause
    that ends there (the parse may hang that clause on a verb inside the quote after it); nearest,
    so that "X, who cited his experience: ..." is the relative clause's verb, not the sentence's."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and token.head.i < limit:
        token = token.head
    return token


def _token_at(doc: Doc, offset: int) -> Token | None:
    """The token that covers a character offset, if any."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
