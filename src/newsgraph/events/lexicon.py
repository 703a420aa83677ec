"""The trigger lexicon: which words and phrases report which PLOVER event, read from a data file.

Each entry of ``data/plover_triggers.tsv`` names a head lemma (verb, or noun with ``n:``), the
particles or prepositions that must hang off it and the object lemmas it must govern. A token
matches the most specific entry whose parts are all present in its dependency neighbourhood.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from ..errors import LexiconError, Messages
from ..ontology import CONTEXTS, EVENT_TYPES, MODES

# Dependency labels under which a particle or preposition of a phrasal trigger hangs.
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "agent", "dative"})
# Dependency labels of the words that count as a trigger's object ("impose sanctions").
OBJECT_DEPS = frozenset(
    {"dobj", "attr", "oprd", "nsubjpass", "acomp", "ccomp", "pobj", "xcomp", "dative", "npadvmod"}
)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the pattern that reports an event, and the event it reports."""

    pattern: str
    head: str
    noun: bool
    particles: tuple[str, ...]
    objects: tuple[frozenset[str], ...]
    type: str
    mode: str | None
    contexts: tuple[str, ...]

    @property
    def specificity(self) -> int:
        """How specific the pattern is: an object word counts more than a particle ("withdraw
        +peacekeeper" beats "withdraw from"), since it says what the act is about."""
        return len(self.particles) + 2 * len(self.objects)


@dataclass(frozen=True)
class TriggerMatch:
    """A lexicon entry matched at a token, with the object tokens the pattern used up."""

    trigger: Trigger
    token: Token
    used: tuple[Token, ...]


def _parse_line(line: str, where: str) -> Trigger:
    cells = line.split("\t")
    if len(cells) != 4:
        raise LexiconError(Messages.LEXICON_LINE.format(where=where, detail="expected 4 tab-separated cells"))
    pattern, event_type, mode_cell, context_cell = (c.strip() for c in cells)
    mode = None if mode_cell == "-" else mode_cell
    contexts = () if context_cell == "-" else tuple(c.strip() for c in context_cell.split(","))
    if event_type not in EVENT_TYPES:
        raise LexiconError(Messages.LEXICON_LINE.format(where=where, detail=f"unknown type {event_type}"))
    if mode is not None and mode not in MODES.get(event_type, ()):
        raise LexiconError(
            Messages.LEXICON_LINE.format(where=where, detail=f"{event_type} has no mode {mode}")
        )
    for context in contexts:
        if context not in CONTEXTS:
            raise LexiconError(Messages.LEXICON_LINE.format(where=where, detail=f"unknown context {context}"))
    words = pattern.split()
    head = words[0]
    noun = head.startswith("n:")
    particles = tuple(w for w in words[1:] if not w.startswith("+"))
    objects = tuple(frozenset(w[1:].split("|")) for w in words[1:] if w.startswith("+"))
    return Trigger(pattern, head[2:] if noun else head, noun, particles, objects, event_type, mode, contexts)


class Lexicon:
    """Trigger entries indexed by head lemma; ``match`` finds the best entry for a token."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self.by_head: dict[tuple[str, bool], list[Trigger]] = {}
        for trig in triggers:
            self.by_head.setdefault((trig.head, trig.noun), []).append(trig)
        for entries in self.by_head.values():
            entries.sort(key=lambda t: -t.specificity)
        # Every word the lexicon names, as a head or an object: a hyphenated compound written as
        # one of them ("cease-fire" for "ceasefire") is that word, not its last part ("fire").
        self.words = frozenset(t.head for t in triggers) | frozenset(
            w for t in triggers for o in t.objects for w in o
        )

    @classmethod
    def from_text(cls, text: str, source: str = "lexicon") -> Lexicon:
        """Build a lexicon from the TSV text of a trigger file."""
        triggers = []
        seen: set[str] = set()
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            trig = _parse_line(raw, f"{source}:{number}")
            if trig.pattern in seen:
                raise LexiconError(
                    Messages.LEXICON_LINE.format(
                        where=f"{source}:{number}", detail=f"duplicate {trig.pattern!r}"
                    )
                )
            seen.add(trig.pattern)
            triggers.append(trig)
        return cls(triggers)

    def match(self, token: Token) -> TriggerMatch | None:
        """Return the most specific entry that matches at ``token``, or None."""
        if token.pos_ not in ("NOUN", "PROPN", "VERB", "AUX"):
            return None
        entries = self._entries(token)
        for trig in entries:
            used = _satisfies(trig, token)
            if used is not None:
                return TriggerMatch(trig, token, used)
        return None

    def loose_match(self, token: Token) -> TriggerMatch | None:
        """The least specific entry for the token's head word, its particles and objects not
        required: a candidate for the trained model ("the meeting", "charges" without "+with")."""
        noun = token.pos_ in ("NOUN", "PROPN")
        entries = self._entries(token) or self.by_head.get((token.lower_, noun), [])
        return TriggerMatch(entries[-1], token, ()) if entries else None

    def _entries(self, token: Token) -> list[Trigger]:
        """The entries for a token's head word: by lemma, else (for a noun) by its surface form.
        The last part of a hyphenated compound the lexicon knows whole ("fire" of "cease-fire") is
        that compound; a part before it is none."""
        noun = token.pos_ in ("NOUN", "PROPN")
        after = _compound_part_before(token)
        if after is not None and hyphen_joined(after) in self.words:
            return []
        joined = hyphen_joined(token)
        if joined is not None and joined in self.words:
            return self.by_head.get((joined, noun), [])
        entries = self.by_head.get((token.lemma_.lower(), noun))
        if not entries and noun:
            entries = self.by_head.get((token.lower_, noun))
        return entries or []


def learned_trigger(lemma: str, noun: bool, event_type: str) -> Trigger:
    """A trigger the events model learned from labelled text (a word labelled as an event's
    trigger there), with no particles, objects, mode or contexts of its own."""
    return Trigger(f"learned:{'n:' if noun else ''}{lemma}", lemma, noun, (), (), event_type, None, ())


def hyphen_joined(token: Token) -> str | None:
    """The word a hyphenated compound ends in ``token`` writes without its hyphen ("ceasefire"
    for the "fire" of "cease-fire"), None when ``token`` ends none. The tokenizer splits them."""
    doc = token.doc
    if (
        token.i < 2
        or doc[token.i - 1].text != "-"
        or doc[token.i - 1].whitespace_
        or doc[token.i - 2].whitespace_
    ):
        return None
    first = doc[token.i - 2]
    return first.lower_ + token.lemma_.lower() if first.is_alpha else None


def _compound_part_before(token: Token) -> Token | None:
    """The compound's last part when ``token`` is the part before its hyphen ("cease" of "cease-fire")."""
    doc = token.doc
    if (
        token.i + 2 >= len(doc)
        or token.whitespace_
        or doc[token.i + 1].text != "-"
        or doc[token.i + 1].whitespace_
    ):
        return None
    return doc[token.i + 2]


def _words(token: Token) -> set[str]:
    words = {token.lemma_.lower(), token.lower_}
    joined = hyphen_joined(token)
    return words | {joined} if joined is not None else words


def _dated(prep: Token) -> bool:
    """Whether a preposition only introduces a date ("called on Friday" is no "call on")."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _satisfies(trig: Trigger, token: Token) -> tuple[Token, ...] | None:
    """Return the object tokens a pattern uses at ``token`` (empty for none), or None when it fails."""
    children = list(token.children)
    particle_words: set[str] = set()
    for child in children:
        if child.dep_ in PARTICLE_DEPS and not _dated(child):
            particle_words |= _words(child)
        # "fail to": the infinitival marker of a governed verb counts as the particle "to".
        if child.dep_ == "xcomp":
            particle_words |= {g.lower_ for g in child.children if g.dep_ == "aux"}
    if any(p not in particle_words for p in trig.particles):
        return None
    candidates = [c for c in children if c.dep_ in OBJECT_DEPS]
    for child in children:
        if child.dep_ in ("prep", "prt", "dobj", "agent", "dative"):
            candidates.extend(g for g in child.children if g.dep_ in ("pobj", "prep", "compound", "amod"))
    grand = [g for c in candidates for g in c.children if g.dep_ in ("pobj", "prep", "compound")]
    candidates.extend(g for g in grand)
    candidates.extend(gg for g in grand for gg in g.children if gg.dep_ == "pobj")
    used: list[Token] = []
    for alternatives in trig.objects:
        found = next(
            (c for c in candidates if _words(c) & alternatives or c.lower_.rstrip("s") in alternatives), None
        )
        if found is None:
            return None
        used.append(found)
    return tuple(used)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with newsgraph (``data/plover_triggers.tsv``), read once."""
    text = resources.files("newsgraph").joinpath("data/plover_triggers.tsv").read_text(encoding="utf-8")
    return Lexicon.from_text(text, "plover_triggers.tsv")
