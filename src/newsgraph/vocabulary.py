"""The closed vocabularies of newsgraph's output beside PLOVER's tables (``ontology.py``).

Kept outside the stages so that what only checks or displays output (the store, the review API)
never loads a stage, and with it spaCy: the kinds of quote, the entity labels the entity stage keeps, and the country
codes an entity may carry (those of ``data/countries.tsv`` and the non-state codes of
``data/actors.tsv``).
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
