"""PLOVER contexts of an event from cue words in its sentence (``data/plover_contexts.tsv``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Span as SpacySpan

from ..errors import LexiconError, Messages
from ..ontology import CONTEXTS
from ..parsing import span_text


class ContextCues:
    """Cue words and phrases per context; ``find`` lists the contexts a sentence mentions."""

    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.single: dict[str, set[str]] = {}
        self.phrases: list[tuple[str, str]] = []
        for context, words in cues.items():
            for word in words:
                if " " in word:
                    self.phrases.append((f" {word} ", context))
                else:
                    self.single.setdefault(word, set()).add(context)

    @classmethod
    def from_text(cls, text: str, source: str = "contexts") -> ContextCues:
        """Read the TSV text of a context cue file."""
        cues: dict[str, list[str]] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            name, _, words = raw.partition("\t")
            if name not in CONTEXTS:
                raise LexiconError(
                    Messages.LEXICON_LINE.format(where=f"{source}:{number}", detail=f"unknown context {name}")
                )
            cues[name] = [w.strip() for w in words.split(",") if w.strip()]
        return cls(cues)

    def find(self, sentence: SpacySpan) -> list[str]:
        """Return the contexts whose cues occur in a sentence, in the manual's order."""
        found: set[str] = set()
        for tok in sentence:
            for word in (tok.lower_, tok.lemma_.lower()):
                found |= self.single.get(word, set())
        lowered = f" {span_text(sentence).lower()} "
        found |= {context for phrase, context in self.phrases if phrase in lowered}
        return [c for c in CONTEXTS if c in found]


@lru_cache(maxsize=1)
def default_cues() -> ContextCues:
    """The context cues shipped with newsgraph, read once."""
    text = resources.files("newsgraph").joinpath("data/plover_contexts.tsv").read_text(encoding="utf-8")
    return ContextCues.from_text(text, "plover_contexts.tsv")
