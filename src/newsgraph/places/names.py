"""How a place name is turned into the key the gazetteer is indexed by."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Abbreviations that news and GeoNames spell differently ("St. Paul" / "Saint Paul").
_ABBREVIATIONS = (
    (re.compile(r"^(st|ste)\b\.?\s*"), "saint "),
    (re.compile(r"\bst\.\s*"), "saint "),
    (re.compile(r"^ft\b\.?\s*"), "fort "),
    (re.compile(r"^mt\b\.?\s*"), "mount "),
    # Before the dots go: "L.A." is Los Angeles, "La." Louisiana (aliases.tsv).
    (re.compile(r"^l\.a\.$"), "los angeles"),
)
_DROP = re.compile(r"[.\u2019'`\u2018]")
_SPACE = re.compile(r"[\s,\-\u2010-\u2015/]+")


def fold(text: str) -> str:
    """Strip accents and case: 'Zürich' -> 'zurich'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Return the lookup key of a place name: folded, a leading 'the' and punctuation dropped.

    'the Gaza Strip' -> 'gaza strip'; 'St. Petersburg' -> 'saint petersburg'; 'W.Va.' -> 'wva'.
    """
    key = fold(text.strip())
    for pattern, replacement in _ABBREVIATIONS:
        key = pattern.sub(replacement, key)
    key = _DROP.sub("", key)
    key = _SPACE.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key
