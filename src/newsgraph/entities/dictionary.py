"""The actor dictionary: countries, leaders, institutions, IGOs and NGOs with PLOVER codes.

Two TSV files ship under ``newsgraph/data``: ``countries.tsv`` (names, demonyms, capitals and seats
of government beyond what ISO 3166 gives; the ISO list itself comes from pycountry) and
``actors.tsv`` (people and organisations with country and sector). Both load once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry

# What a dictionary key names; the stage and the phrase coder treat each kind a little differently.
COUNTRY, DEMONYM, CAPITAL, SEAT, ACTOR = "country", "demonym", "capital", "seat", "actor"

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-"})


@dataclass(frozen=True)
class Actor:
    """One dictionary entry: the canonical name and its PLOVER coding."""

    name: str
    type: str
    country: str | None
    sector: str | None
    kind: str


@lru_cache(maxsize=65536)
def fold(phrase: str) -> str:
    """Return the lookup key of a phrase: one-spaced, plain quotes, no leading 'the', no possessive.
    (Kept per phrase: the entities stage folds the same names many times an article.)"""
    text = _SPACES.sub(" ", phrase.translate(_QUOTES)).strip()
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith("'s") or text.endswith("s'"):
        text = text[:-2] if text.endswith("'s") else text[:-1]
    return text


def is_acronym(text: str) -> bool:
    """True for short all-capital forms ("US", "U.N.", "IAEA") that must match case-sensitively."""
    letters = text.replace(".", "").replace("-", "")
    return len(letters) <= 6 and letters.isupper()


class ActorDictionary:
    """Lookup from a surface form to an Actor; acronyms match case-sensitively, the rest folded."""

    def __init__(self) -> None:
        self.exact: dict[str, Actor] = {}
        self.folded: dict[str, Actor] = {}
        self._load_countries()
        self._load_actors()

    def add(self, surface: str, actor: Actor) -> None:
        """Add one surface form; the first entry for a form wins (the files list the likelier first)."""
        key = fold(surface)
        if not key:
            return
        if is_acronym(key):
            self.exact.setdefault(key, actor)
        else:
            self.folded.setdefault(key.lower(), actor)

    def lookup(self, phrase: str) -> Actor | None:
        """Return the entry for a phrase, or None."""
        key = fold(phrase)
        found = self.exact.get(key)
        if found is None and not is_acronym(key):
            found = self.folded.get(key.lower())
        return found

    def _load_countries(self) -> None:
        iso = {c.alpha_3: c for c in pycountry.countries}
        for row in _rows("countries.tsv"):
            code, names, demonyms, capitals, seats = [*row, "", "", "", ""][:5]
            extra = [n for n in names.split("|") if n]
            canonical = _canonical_country_name(iso.get(code), extra)
            surfaces = [canonical, *(n.lstrip("=") for n in extra)]
            country = iso.get(code)
            if country is not None:
                surfaces += [
                    country.name,
                    getattr(country, "common_name", ""),
                    getattr(country, "official_name", ""),
                ]
            for surface in surfaces:
                if surface and "," not in surface:
                    self.add(surface, Actor(canonical, "GPE", code, None, COUNTRY))
            for demonym in filter(None, demonyms.split("|")):
                self.add(demonym, Actor(canonical, "NORP", code, None, DEMONYM))
            for capital in filter(None, capitals.split("|")):
                self.add(capital, Actor(capital, "GPE", code, None, CAPITAL))
            for seat in filter(None, seats.split("|")):
                self.add(seat, Actor(fold(seat), "FAC", code, "GOV", SEAT))

    def _load_actors(self) -> None:
        for row in _rows("actors.tsv"):
            name, aliases, kind, country, sector = [*row, "", "", "", ""][:5]
            actor = Actor(name, kind, country or None, sector or None, ACTOR)
            for surface in [name, *aliases.split("|")]:
                self.add(surface, actor)
        # A person's entry also answers to its name without a leading title ("Pope Francis" -> no).
        # Plural demonyms ("Russians") are handled by the coder, not stored.


def _canonical_country_name(country: object, extra: list[str]) -> str:
    marked = [n[1:] for n in extra if n.startswith("=")]
    if marked:
        return marked[0]
    if country is None:
        return extra[0] if extra else ""
    name = getattr(country, "common_name", None) or country.name  # type: ignore[attr-defined]
    return str(name).split(",")[0]


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("newsgraph.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def actor_dictionary() -> ActorDictionary:
    """The shipped actor dictionary, loaded once per process."""
    return ActorDictionary()
