"""Who speaks and who is spoken to in the turns of an interview transcript (``newsgraph.transcript``).

A turn's marker names its speaker by initials ("((WSS))" for the reporter William S. Saturn) or by
surname ("WALLACE:"): the marker is one more mention of that person. Inside the turn, "I" is its
speaker and "you" the person the turn is put to: the speaker of the nearest turn by someone else
(a transcript with both sides), else the person the article mentions most (an interview that prints
only the questions). Quotations inside a turn are left to the resolver: their "I" is whoever is
quoted.

An interview printed without markers ("Wikinews interviews Robert Sarvis ..." and then questions
and answers as plain paragraphs) is read the same way when its opening says it is an interview and
at least two of its paragraphs put a question to "you": "you" in a question and "I" in an answer are
the person the opening names (the one of them the article mentions most).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import Span
from ..parsing import document_text
from ..transcript import Turn, label_initials, line_spans
from .clusters import Cluster, ClusterBuilder
from .features import quoted_offsets

_SPEAKER_WORDS = frozenset({"i", "me", "my", "mine", "myself"})
_ADDRESSEE_WORDS = frozenset({"you", "your", "yours", "yourself"})
# Where an unmarked interview says what it is: its headline and first sentences.
_OPENING_CHARS = 600
_INTERVIEW = re.compile(r"\binterview", re.IGNORECASE)
# Questions put to "you" that make a text a question-and-answer interview, not a report.
_MIN_QUESTIONS = 2
# "Why did you run?: Because ..." (a question and its answer in one paragraph).
_QUESTION_THEN_ANSWER = "?:"


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace(".", " ").split() if word[:1].isalpha()).upper()


def _named_by(label: str, clusters: Sequence[Cluster]) -> Cluster | None:
    """The person a marker names: by initials, by surname, or in full (capitals ignored)."""
    letters = label_initials(label)
    if not letters:
        return None
    for cluster in clusters:
        if cluster.type != "PERSON":
            continue
        for name in cluster.names:
            words = [w for w in name.replace(".", " ").split() if w]
            if len(letters) >= 2 and _initials(name) == letters:
                return cluster
            if words and label_initials(words[-1]) == letters and len(letters) >= 3:
                return cluster
            if label_initials(name) == letters and len(letters) >= 3:
                return cluster
    return None


def _most_mentioned(clusters: Sequence[Cluster], other_than: Cluster | None) -> Cluster | None:
    people = [c for c in clusters if c.type == "PERSON" and c is not other_than]
    if not people:
        return None
    return max(people, key=lambda c: (len(c.mentions), -c.mentions[0][0] if c.mentions else 0))


def _outside_quotations(doc: Doc, content: Span) -> list[int]:
    """The tokens of a turn's words that are not inside quotation marks of their own."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None:
        return []
    return [token.i for token, quoted in zip(span, quoted_offsets(span), strict=True) if not quoted]


def attach_turns(doc: Doc, builder: ClusterBuilder, turns: Sequence[Turn]) -> None:
    """Add each turn's marker to the person it names, and the turn's "I" and "you" to its speaker
    and to the one it is put to. The spans join ``builder.by_span``, so no resolver takes them."""
    if not turns:
        _attach_unmarked_interview(doc, builder)
        return
    text = document_text(doc)
    speakers = [_named_by(text[turn.label[0] : turn.label[1]], builder.clusters) for turn in turns]
    for speaker, turn in zip(speakers, turns, strict=True):
        if speaker is not None and turn.label not in builder.by_span:
            speaker.add(turn.label)
            builder.by_span[turn.label] = speaker
    for index, (speaker, turn) in enumerate(zip(speakers, turns, strict=True)):
        addressee = _addressee(speakers, index) or _most_mentioned(builder.clusters, speaker)
        for i in _outside_quotations(doc, turn.content):
            token = doc[i]
            lower = token.lower_
            if token.tag_ not in ("PRP", "PRP$"):
                continue
            target = speaker if lower in _SPEAKER_WORDS else addressee if lower in _ADDRESSEE_WORDS else None
            span = (token.idx, token.idx + len(token.text))
            if target is not None and span not in builder.by_span:
                target.add(span)
                builder.by_span[span] = target


def _addressee(speakers: Sequence[Cluster | None], index: int) -> Cluster | None:
    """The speaker of the nearest turn, after this one first, whose speaker is someone else."""
    own = speakers[index]
    order = [*range(index + 1, len(speakers)), *range(index - 1, -1, -1)]
    for other in order:
        candidate = speakers[other]
        if candidate is not None and candidate is not own:
            return candidate
    return None


def _paragraphs(text: str) -> list[Span]:
    """The spans of a text's non-blank lines, without trailing white space."""
    return [
        (start, start + len(text[start:end].rstrip()))
        for start, end in line_spans(text)
        if text[start:end].strip()
    ]


def _questions_and_answers(doc: Doc) -> tuple[list[Span], list[Span]]:
    """The question and the answer parts of an interview printed without markers, from its first
    question on; two empty lists for any other text."""
    text = document_text(doc)
    questions: list[Span] = []
    answers: list[Span] = []
    for start, end in _paragraphs(text):
        paragraph = text[start:end]
        if paragraph.endswith("?"):
            questions.append((start, end))
        elif _QUESTION_THEN_ANSWER in paragraph:
            split = start + paragraph.rindex(_QUESTION_THEN_ANSWER) + 1
            questions.append((start, split))
            answers.append((split + 1, end))
        elif questions:
            answers.append((start, end))
    asking = [q for q in questions if _addresses(doc, q)]
    if len(asking) < _MIN_QUESTIONS:
        return [], []
    return questions, answers


def _addresses(doc: Doc, part: Span) -> bool:
    """Whether a question says "you" outside quotation marks."""
    return any(doc[i].lower_ in _ADDRESSEE_WORDS for i in _outside_quotations(doc, part))


def _interviewee(doc: Doc, clusters: Sequence[Cluster]) -> Cluster | None:
    """The person an interview's opening names (up to the end of the sentence that says
    "interview"), the one the article mentions most where it names several."""
    opening = document_text(doc)[:_OPENING_CHARS]
    said = _INTERVIEW.search(opening)
    if said is None:
        return None
    sentence = doc.char_span(said.start(), said.end(), alignment_mode="expand")
    ends = sentence.sent.end_char if sentence is not None else said.end()
    named = [c for c in clusters if c.type == "PERSON" and c.mentions and c.mentions[0][0] < ends]
    if not named:
        return None
    return max(named, key=lambda c: (len(c.mentions), -c.mentions[0][0]))


def _attach_unmarked_interview(doc: Doc, builder: ClusterBuilder) -> None:
    """ "you" in the questions and "I" in the answers of an interview without markers are the
    person it interviews."""
    if _INTERVIEW.search(document_text(doc)[:_OPENING_CHARS]) is None:
        return
    questions, answers = _questions_and_answers(doc)
    if not questions:
        return
    interviewee = _interviewee(doc, builder.clusters)
    if interviewee is None:
        return
    for parts, words in ((questions, _ADDRESSEE_WORDS), (answers, _SPEAKER_WORDS)):
        for part in parts:
            for i in _outside_quotations(doc, part):
                token = doc[i]
                if token.tag_ not in ("PRP", "PRP$") or token.lower_ not in words:
                    continue
                span = (token.idx, token.idx + len(token.text))
                if span not in builder.by_span:
                    interviewee.add(span)
                    builder.by_span[span] = interviewee
