"""Coding an actor phrase with a country and a PLOVER sector, from the dictionary and from context.

``code_phrase("Russia's Defense Minister Sergei Shoigu")`` -> ``("RUS", "MIL")``;
``code_phrase("Syrian rebels")`` -> ``("SYR", "REB")``; ``code_phrase("the Kremlin")`` ->
``("RUS", "GOV")``; a name the dictionary does not know and no country word beside it gives
``(None, None)``: the coder never guesses a country.
"""

from __future__ import annotations

import re

from .dictionary import ACTOR, CAPITAL, COUNTRY, DEMONYM, Actor, actor_dictionary, fold
from .lexicon import FORMER, GENERIC_GOV_WORDS, SECTOR_WORDS

Coding = tuple[str | None, str | None]

# Words of a phrase: keeps "U.S." and "al-Assad" whole, splits off a possessive.
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][\w.\-']*")
_LONGEST_NAME = 6


def words_of(phrase: str) -> list[str]:
    """Split a phrase into words, dropping possessive endings and a trailing full stop."""
    out = []
    for raw in _WORD.findall(phrase.replace("’", "'")):
        word = raw[:-2] if raw.endswith("'s") else raw.rstrip("'")
        if word.endswith(".") and word.count(".") == 1:
            word = word[:-1]
        if word:
            out.append(word)
    return out


def find_actors(words: list[str]) -> list[tuple[int, int, Actor]]:
    """Return (start, end, entry) of the dictionary entries in a word list, longest first, no overlaps."""
    dictionary = actor_dictionary()
    found: list[tuple[int, int, Actor]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST_NAME, len(words) - i), 0, -1):
            entry = dictionary.lookup(" ".join(words[i : i + n]))
            if entry is None and n == 1 and words[i].endswith("s"):
                # Plural demonyms: "Russians", "Israelis".
                plural = dictionary.lookup(words[i][:-1])
                entry = plural if plural is not None and plural.kind == DEMONYM else None
            if entry is not None:
                found.append((i, i + n, entry))
                i += n - 1
                break
        i += 1
    return found


def sector_of_words(words: list[str]) -> str | None:
    """The sector the role words of a phrase name: a specific arm beats generic government words."""
    lowered = [w.lower() for w in words]
    if any(w in FORMER for w in lowered) and any(w in SECTOR_WORDS for w in lowered):
        return "ELI"
    generic = None
    specific = None
    for word in lowered:
        sector = SECTOR_WORDS.get(word)
        if sector is None:
            continue
        if word in GENERIC_GOV_WORDS:
            generic = generic or sector
        else:
            # The first specific word names the arm ("rebel commanders" -> REB, "police chief" -> COP).
            specific = specific or sector
    return specific or generic


def code_phrase(phrase: str) -> Coding:
    """Return (country, sector) for any actor phrase; either is None when the text does not say."""
    dictionary = actor_dictionary()
    whole = dictionary.lookup(fold(phrase))
    if whole is not None:
        return _coding_of_entry(whole)
    words = words_of(phrase)
    country: str | None = None
    sector: str | None = None
    covered: set[int] = set()
    for start, end, entry in find_actors(words):
        covered.update(range(start, end))
        if entry.kind == ACTOR:
            # A named person or body inside the phrase decides, the rest only fills gaps.
            country = entry.country or country
            sector = entry.sector or sector
        elif country is None:
            country = entry.country
    role_sector = sector_of_words([w for i, w in enumerate(words) if i not in covered])
    if role_sector == "ELI" or sector is None:
        sector = role_sector or sector
    return country, sector


def _coding_of_entry(entry: Actor) -> Coding:
    if entry.kind == CAPITAL:
        # A capital named as an actor stands for its government ("Pyongyang said").
        return entry.country, "GOV"
    if entry.kind in (COUNTRY, DEMONYM):
        return entry.country, None
    return entry.country, entry.sector
