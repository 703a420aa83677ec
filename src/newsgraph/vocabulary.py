"""The closed vocabularies of newsgraph's output beside PLOVER's tables (``ontology.py``).

Kept outside the stages so that what only checks or displays output (the store, the review API)
never loads a stage, and with it spaCy: the kinds of quote, the entity labels the entity stage keeps, and the country
codes an entity may carry (those of ``data/countries.tsv`` and the non-state codes of
``data/actors.tsv``), and how a mention's spaCy label and words map to the gold format's coarse type
and form.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# The kinds of quote, in the output and in newsgraph.gold/1.
QUOTE_KINDS = ("direct", "indirect", "mixed")
# spaCy labels that name entities (others: dates, numbers, money, works of art, laws).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


def _data_rows(filename: str) -> list[list[str]]:
    text = resources.files("newsgraph.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The country codes an entity may carry: those of countries.tsv and the non-state codes of actors.tsv."""
    codes = {row[0].strip() for row in _data_rows("countries.tsv") if row and row[0].strip()}
    codes |= {row[3].strip() for row in _data_rows("actors.tsv") if len(row) > 3 and row[3].strip()}
    return frozenset(codes)


# The gold format's coarse entity types, from spaCy's labels (GPE/LOC/FAC -> PLACE; else OTHER).
_COARSE_TYPES = {
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PLACE": "PLACE",
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "NORP": "NORP",
    "EVENT": "EVENT",
}
_PRONOUNS = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves this that these
    those who whom whose which one""".split()
)
_DETERMINERS = frozenset("the a an this that these those its his her their our my your".split())


def coarse_type(label: str) -> str:
    """Map a spaCy entity label to the gold's coarse types (PLACE, PERSON, ORG, NORP, EVENT, OTHER)."""
    return _COARSE_TYPES.get(label.upper(), "OTHER")


def guess_form(text: str) -> str:
    """Guess the form of a predicted mention that no gold mention matches.

    A pronoun is a closed class; a mention starting with a capital letter and no determiner is
    taken for a name; anything else for a nominal ("the Russian president").
    """
    words = text.split()
    if not words:
        return "nominal"
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    if words[0][:1].isupper() and words[0].lower() not in _DETERMINERS:
        return "name"
    return "nominal"
