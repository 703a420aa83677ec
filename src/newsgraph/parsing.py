"""Shared helpers over spaCy's dependency parse, for every stage that reads it.

Each name says which relation it follows, because stages ask different questions of the same tree:
``complement_head`` climbs from a complement to the word it complements ("agreed to [withdraw]" ->
agreed), ``nearest_verb`` climbs to the first verb at or above a word (the clause a time expression
belongs to). Stage-specific readings (who is an event's actor, who speaks a quote) stay in their
stages, under names of their own.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

# Dependency labels of a passive clause's subject.
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Hops to climb at most: a parse is shallow where these questions are asked, and a cycle-free bound
# keeps a strange tree from costing more.
_COMPLEMENT_HOPS = 4
_VERB_HOPS = 6


# Where ``document_text`` keeps a Doc's text (``Doc.user_data``, which travels with the Doc).
_TEXT_KEY = "newsgraph.text"


def document_text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy's ``Doc.text`` joins every token again on each access,
    which cost the entities and places stages about half a millisecond an article."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """A span's text (a sentence's), cut from ``document_text`` rather than joined from its tokens."""
    return document_text(span.doc)[span.start_char : span.end_char]


def remember_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was parsed from, so that ``document_text`` never builds it (spaCy
    keeps a text exactly: ``nlp(text).text == text``)."""
    doc.user_data[_TEXT_KEY] = text


# Where ``sentence_of`` keeps a Doc's sentences and, per token, the number of its sentence.
_SENTENCES_KEY = "newsgraph.sentences"


def sentence_of(token: Token) -> Span:
    """The sentence ``token`` is in, as ``token.sent`` gives it, from a table built once per Doc:
    spaCy's ``Token.sent`` walks the sentence's tokens on every call (about 3 microseconds, as long
    as listing all of a Doc's sentences), and the stages ask it for most candidates they weigh."""
    doc = token.doc
    table = doc.user_data.get(_SENTENCES_KEY)
    if table is None:
        sentences = list(doc.sents)
        numbers = [0] * len(doc)
        for number, sentence in enumerate(sentences):
            numbers[sentence.start : sentence.end] = [number] * (sentence.end - sentence.start)
        table = doc.user_data[_SENTENCES_KEY] = (sentences, numbers)
    sentences, numbers = table
    found: Span = sentences[numbers[token.i]]
    return found


def forget_sentences(doc: Doc) -> None:
    """Drop the table ``sentence_of`` built: its sentences point back at the Doc, a cycle that
    would keep every analysed Doc in memory until the garbage collector's next full pass."""
    doc.user_data.pop(_SENTENCES_KEY, None)


def first_child(token: Token, deps: Collection[str]) -> Token | None:
    """The first child of ``token`` whose dependency label is one of ``deps``."""
    return next((c for c in token.children if c.dep_ in deps), None)


def expand_conjuncts(token: Token) -> list[Token]:
    """Return a head and its coordinated heads ("Russia and China" -> [Russia, China])."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(expand_conjuncts(child))
    return out


def is_passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice (has a passive subject or auxiliary)."""
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def complement_head(token: Token) -> Token | None:
    """The verb (or adjective) whose complement ``token`` is: "agreed to [withdraw]" -> agreed,
    "said [they attacked]" -> said, "is willing to [talk]" -> willing; None when it is no complement.

    Climbs through complements, prepositions and coordination ("agreed to talk and [sign]").
    """
    node = token
    for _ in range(_COMPLEMENT_HOPS):
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "acomp") and node.head is not node:
            node = node.head
            if node.pos_ in ("VERB", "AUX", "ADJ") and node is not token:
                return node
            continue
        if node.dep_ == "conj" and node.head is not node:
            node = node.head
            continue
        return None
    return None


def nearest_verb(token: Token) -> Token:
    """The first verb at or above ``token`` in the tree (the sentence root when none is near)."""
    hops = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and hops < _VERB_HOPS:
        token = token.head
        hops += 1
    return token
