"""Who speaks and who is spoken to in the turns of an interview transcript (``newsgraph.transcript``).

A turn's marker names its speaker by initials ("((WSS))" for the reporter William S. Saturn) or by
surname ("WALLACE:"): the marker is one more mention of that person. Inside the turn, "I" is its
speaker and "you" the person the turn is put to: the speaker of the nearest turn by someone else
(a transcript with both sides), else the person the article mentions most (an interview that prints
only the questions). Quotations inside a turn are left to the resolver: their "I" is whoever is
quoted.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import Span
from ..transcript import Turn, label_initials
from .clusters import Cluster, ClusterBuilder
from .features import quoted_offsets

_SPEAKER_WORDS = frozenset({"i", "me", "my", "mine", "myself"})
_ADDRESSEE_WORDS = frozenset({"you", "your", "yours", "yourself"})


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
        return
    text = doc.text
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
