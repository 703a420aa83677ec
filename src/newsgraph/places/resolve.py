"""Choosing which record a place name refers to, from the article's own context.

Every mention starts from a prior (population, and whether the record is a country, a state or a
curated place); then context shifts it: a container written beside it ("Paris, Texas"), the
countries and states the rest of the article names, the dateline, and closeness to the other
places named. The context of a mention is read from the OTHER names in the article, so that an
ambiguous name cannot confirm itself.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Place
from .build import ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, CURATED
from .gazetteer import Candidate, Gazetteer
from .names import name_key
from .toponyms import Mention

_KIND_BONUS = {CONTINENT: 2.0, COUNTRY: 1.5, ADMIN1: 1.0, CURATED: 2.0, CITY: 0.0, ADMIN2: 0.0}
# Words that say the name is an administrative area ("Laurel County"), not the town of that name.
_ADMIN_WORDS = frozenset(
    {
        "county",
        "parish",
        "province",
        "state",
        "region",
        "district",
        "oblast",
        "kray",
        "krai",
        "borough",
        "prefecture",
    }
)
CONTAINER_BONUS = 6.0
SAME_STATE_BONUS = 2.5
SAME_COUNTRY_BONUS = 2.5
DATELINE_STATE_BONUS = 2.0
DATELINE_COUNTRY_BONUS = 1.0
NEARBY_BONUS = 1.5
NEARBY_KM = 200.0


@dataclass
class _Context:
    """Where the rest of the article is: weights of countries and states, and points."""

    countries: Counter[str]
    states: Counter[str]
    points: list[tuple[str, float, float]]  # (mention key, lat, lon) of resolved towns
    dateline: Candidate | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _prior(key: str, cand: Candidate) -> float:
    score = math.log10(cand.population + 10) + _KIND_BONUS.get(cand.kind, 0.0)
    primary = name_key(cand.name) == key
    names_admin = bool(_ADMIN_WORDS & set(key.split()))
    if cand.kind in (ADMIN1, ADMIN2) and not primary:
        score -= 1.5
    elif not primary:
        # An alternate name ("Kiev") is weaker evidence than the name itself.
        score -= 1.0
    if cand.kind == ADMIN2 and not names_admin:
        # "Paris" is the city, not the département of the same name around it.
        score -= 2.5
    if names_admin and cand.kind == CITY:
        score -= 2.0
    return score


def _score(key: str, mention: Mention, cand: Candidate, ctx: _Context) -> float:
    score = _prior(key, cand)
    if mention.container and mention.container in (cand.country, cand.admin1):
        score += CONTAINER_BONUS
    total = sum(ctx.countries.values()) or 1
    if cand.kind != COUNTRY and cand.admin1 and ctx.states[cand.admin1]:
        score += SAME_STATE_BONUS
    if cand.country and ctx.countries[cand.country]:
        score += SAME_COUNTRY_BONUS * (0.5 + 0.5 * ctx.countries[cand.country] / total)
    if ctx.dateline is not None and ctx.dateline.row != cand.row:
        if cand.admin1 and cand.admin1 == ctx.dateline.admin1 and cand.kind != ADMIN1:
            score += DATELINE_STATE_BONUS
        if cand.country and cand.country == ctx.dateline.country:
            score += DATELINE_COUNTRY_BONUS
    if cand.kind == CITY and cand.lat is not None and cand.lon is not None:
        for other_key, lat, lon in ctx.points:
            if other_key != key and distance_km(cand.lat, cand.lon, lat, lon) < NEARBY_KM:
                score += NEARBY_BONUS
                break
    return score


def _context(chosen: dict[str, Candidate], exclude: str, dateline: Candidate | None) -> _Context:
    countries: Counter[str] = Counter()
    states: Counter[str] = Counter()
    points = []
    for key, cand in chosen.items():
        if key == exclude:
            continue
        if cand.country:
            countries[cand.country] += 1
        if cand.admin1:
            states[cand.admin1] += 1
        if cand.kind == CITY and cand.lat is not None and cand.lon is not None:
            points.append((key, cand.lat, cand.lon))
    return _Context(countries, states, points, dateline)


def resolve(mentions: list[Mention], gazetteer: Gazetteer, dateline: Mention | None = None) -> list[Place]:
    """Resolve mentions to places; mentions of one place become one Place (ids P1, P2, ...)."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        # A demonym is a mention of its country ("Russian" -> Russia).
        by_key[f"={mention.country}" if mention.country else name_key(mention.text)].append(mention)
    candidates = {key: _lookup(gazetteer, key) for key in by_key}
    empty = _Context(Counter(), Counter(), [], None)
    # Round one: each name on its prior and its written container alone.
    chosen = {key: _choose(key, by_key[key][:1], cands, empty) for key, cands in candidates.items() if cands}
    dateline_key = name_key(dateline.text) if dateline else None
    # Round two: each name in the context of the others' first choices (and the dateline's).
    final: dict[str, Candidate] = {}
    for key, cands in candidates.items():
        if not cands:
            continue
        anchor = chosen.get(dateline_key) if dateline_key and dateline_key != key else None
        ctx = _context(chosen, key, anchor)
        final[key] = _choose(key, by_key[key], cands, ctx)
    return _group(by_key, final)


def _lookup(gazetteer: Gazetteer, key: str) -> list[Candidate]:
    if key.startswith("="):
        country = gazetteer.country(key[1:])
        return [country] if country else []
    return gazetteer.candidates(key)


def _choose(key: str, mentions: list[Mention], candidates: list[Candidate], ctx: _Context) -> Candidate:
    """The candidate that scores best for any of the name's mentions."""
    best, best_score = candidates[0], -math.inf
    for cand in candidates:
        score = max(_score(key, mention, cand, ctx) for mention in mentions)
        if score > best_score:
            best, best_score = cand, score
    return best


def _group(by_key: dict[str, list[Mention]], final: dict[str, Candidate]) -> list[Place]:
    places: dict[object, Place] = {}
    for key, group in by_key.items():
        cand = final.get(key)
        identity: object = cand.row if cand else ("unknown", key)
        place = places.get(identity)
        if place is None:
            place = Place(
                id="",
                name=cand.name if cand else group[0].text,
                geonameid=cand.geonameid if cand else None,
                lat=round(cand.lat, 5) if cand and cand.lat is not None else None,
                lon=round(cand.lon, 5) if cand and cand.lon is not None else None,
                country=cand.country if cand else None,
                feature_class=cand.feature_class if cand else None,
            )
            places[identity] = place
        place.mentions.extend((m.start, m.end) for m in group)
    ordered = sorted(places.values(), key=lambda p: min(p.mentions))
    for number, place in enumerate(ordered, start=1):
        place.id = f"P{number}"
        place.mentions.sort()
    return ordered
