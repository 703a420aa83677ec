"""The cue lexicon: verbs and nouns of saying, thinking and intending (data/quote_cues.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# What a verb's class lets count as the content it attributes (spaCy dependency labels).
CLAUSE = frozenset({"ccomp"})
INFINITIVE = frozenset({"xcomp"})
OBJECT = frozenset({"dobj"})


@dataclass(frozen=True)
class CueLexicon:
    """Cue lemmas by class, the prepositions that introduce a cue's content, and source phrases.

    ``adjectives`` map a stance adjective to the prepositions (or "that", "to") of its content;
    ``agent_nouns`` hold a stance in their name ("a critic of X");
    ``source_nouns`` are sources that "in" introduces ("in the latest poll, ...");
    ``reporting`` are the speech and thought verbs that only report ("say", "believe"), which the
    events stage reads (an event under one is reported speech).
    """

    speech: frozenset[str]
    thought: frozenset[str]
    intent: frozenset[str]
    stance: frozenset[str]
    verb_preps: dict[str, frozenset[str]]
    nouns: dict[str, frozenset[str]]
    adjectives: dict[str, frozenset[str]]
    agent_nouns: dict[str, frozenset[str]]
    source_nouns: frozenset[str]
    source_preps: tuple[tuple[str, ...], ...]
    reporting: frozenset[str] = frozenset()

    @property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma that can cue a quote."""
        return self.speech | self.thought | self.intent | self.stance

    def content_deps(self, lemma: str) -> frozenset[str]:
        """The dependency labels of the complements that carry what ``lemma`` attributes."""
        deps: set[str] = set()
        if lemma in self.speech or lemma in self.thought:
            deps |= CLAUSE
        if lemma in self.intent or lemma in self.thought:
            deps |= CLAUSE | INFINITIVE
        if lemma in self.stance:
            deps |= CLAUSE | INFINITIVE | OBJECT
        return frozenset(deps)


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """Read the cue lexicon shipped with the package (once per process)."""
    raw = json.loads(resources.files("newsgraph").joinpath("data/quote_cues.json").read_text("utf-8"))
    verbs = raw["verbs"]
    return CueLexicon(
        speech=frozenset(verbs["speech"]),
        thought=frozenset(verbs["thought"]),
        intent=frozenset(verbs["intent"]),
        stance=frozenset(verbs["stance"]),
        verb_preps={k: frozenset(v) for k, v in raw["verb_preps"].items()},
        nouns={k: frozenset(v) for k, v in raw["nouns"].items()},
        adjectives={k: frozenset(v) for k, v in raw["adjectives"].items()},
        agent_nouns={k: frozenset(v) for k, v in raw["agent_nouns"].items()},
        source_nouns=frozenset(raw["source_nouns"]),
        source_preps=tuple(tuple(p.split()) for p in raw["source_preps"]),
        reporting=frozenset(raw.get("reporting", ())),
    )
