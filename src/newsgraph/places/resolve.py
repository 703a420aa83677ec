"""Choosing which record a place name refers to, from the article's own context.

A scoring function over features, each of which a geoparser's literature shows to matter:

- prior: population (log), the kind of record (continent, country, state, curated place, town,
  second-level division), whether the name is the record's own or an alternate, a national capital;
- agreement with NER's type (LOC is a region or a natural feature more often than a town);
- a container written beside it ("Paris, Texas");
- the article's other places: how much of their probability lies in the same state and the same
  country, and how close their candidates lie (the other names' candidates are weighted by how
  likely each is, from a first round on priors, so an ambiguous name cannot confirm itself and a
  "Washington" with a hundred candidates does not vouch for every town);
- the dateline's place: same state, same country;
- a town and its county both named ("Paris and Henry County"), counted for any reading of the other
  name, since chance agreement at that level is rare.

Regions named only inside organisations' names ("the Georgia Bureau of Investigation") count as
evidence too, though they are not toponyms. The weights were set by hand on corpus/articles train
and dev and checked there; the county and state weights were chosen on LGL (a dev set of local
news, which issue 14 allows the disambiguation to be tuned on); the rest of LGL is measured, not
fitted. A learned ranker over the same features had too few
ambiguous names to learn from in the corpus (most of its places are countries and capitals), see
docs/places.md.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..model import Place
from .build import ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, CURATED
from .gazetteer import Candidate, Gazetteer
from .names import name_key
from .toponyms import COMPASS_WORDS, PARTY_LETTERS, Mention, is_demonym, is_feature_word, region_named

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
# Only this many candidates of a name (best prior first) are scored: the rest are villages that
# share a famous name, and scoring them all would cost milliseconds for nothing.
MAX_CANDIDATES = 25
CAPITAL_BONUS = 2.0
CONTAINER_BONUS = 6.0
# 1.5 was set on the corpus; with regions inside organisations' names as evidence, 1.5, 2, 2.5
# and 3 were tried on LGL and corpus dev: 2 was best on both (LGL 0.879 -> 0.880, dev 0.969 ->
# 0.974; corpus train 0.980 -> 0.979).
SAME_STATE_WEIGHT = 2.0
SAME_COUNTRY_WEIGHT = 1.0
# Set on LGL (a dev set of US local news; issue 14 allows tuning the disambiguation there): 1.5,
# 3 and 5 were tried, 3 kept; corpus train and dev accuracy did not change.
SAME_COUNTY_WEIGHT = 3.0
NEARBY_WEIGHT = 1.5
# Evidence from other names is counted up to this many names' worth, so that a long article's
# many towns of one state do not drown everything else.
EVIDENCE_CAP = 2.0
NEARBY_SCALE_KM = 150.0
# A one-word name that is only another name of towns keeps those outside the article's countries
# only for cities this big ("Kiev", "Bombay"; see _without_stray_other_names).
STRAY_NAME_CITY_POPULATION = 1_000_000
# A town under this share of the population of the name's largest town takes the article's
# state, country and nearness evidence at this weight: Canada and Toronto in a story must not make
# "the city of Mannheim" the Ontario hamlet (1,002 people) rather than the German city (307,960).
# (Shares 0.002, 0.005 and 0.01 and weights 0 and 0.5 tried on LGL and corpus: LGL within 161 km
# 0.883, 0.882, 0.881 at 0.5, 0.875 at 0; corpus train 0.979 -> 0.980, dev equal.)
NAMESAKE_RATIO = 0.005
NAMESAKE_DAMPING = 0.5
# A first-level division with more people than this (its towns' summed population: England,
# Sao Paulo, Maharashtra) says no more than its country does: "Washington and London agreed ...,
# officials in Manchester said" must not make Washington the town in Tyne and Wear. (20, 30, 40 and
# 50 million tried: LGL 0.876, 0.882, 0.880, 0.880; corpus train and dev equal or better.)
LOCAL_STATE_POPULATION = 50_000_000
DATELINE_STATE_BONUS = 2.0
DATELINE_COUNTRY_BONUS = 1.0
NER_AGREEMENT_BONUS = 1.0
EARTH_RADIUS_KM = 6371.0
# Rounds of reading each name in the light of the others' current readings.
CONTEXT_ROUNDS = 2
# Below 1, a name's probability goes mostly to its best reading, so a name's long tail of unlikely
# namesakes adds little evidence for any state.
TEMPERATURE = 0.5
# A name written as the container of another ("White Plains, New York") is the state, not the city.
CONTAINER_REGION_BONUS = 2.0
# Subdivisions' populations are sums over the towns in them, which count a city and its districts
# alike; halved, they compare with a town's own population.
ADMIN_POPULATION_SHARE = 0.5
ALTERNATE_NAME_PENALTY = 2.0
# "Barrow and Jackson counties": each name is written as a county; this outweighs the penalties a
# county takes when its name lacks the word "County" (so that "Paris" stays the city).
COUNTY_LIST_BONUS = 5.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(a)))


def prior(key: str, cand: Candidate, capital: bool = False) -> float:
    """How likely a record is for a name before any context: population, kind, name, capital."""
    population = cand.population * (ADMIN_POPULATION_SHARE if cand.kind in (ADMIN1, ADMIN2) else 1.0)
    score = math.log10(population + 10) + _KIND_BONUS.get(cand.kind, 0.0)
    primary = name_key(cand.name) == key
    names_admin = bool(_ADMIN_WORDS & set(key.split()))
    if cand.kind in (ADMIN1, ADMIN2) and not primary:
        score -= 1.5
    elif not primary:
        # An alternate name ("Kiev") is weaker evidence than the name itself; some are a town's
        # old or foreign names that are also a landmark's ("White House" for Casablanca).
        score -= ALTERNATE_NAME_PENALTY
    if cand.kind == ADMIN2 and not names_admin:
        # "Paris" is the city, not the département of the same name around it.
        score -= 2.5
    if names_admin and cand.kind == CITY:
        score -= 2.0
    if capital:
        score += CAPITAL_BONUS
    return score


def _ner_agreement(mention: Mention, cand: Candidate) -> float:
    # spaCy's LOC is continents, regions, seas and mountains; its GPE is countries, states, towns.
    if mention.label == "LOC" and cand.kind in (CONTINENT, CURATED):
        return NER_AGREEMENT_BONUS
    if mention.label == "GPE" and cand.kind in (COUNTRY, ADMIN1, CITY):
        return NER_AGREEMENT_BONUS / 2
    return 0.0


@dataclass
class _Name:
    """One distinct name of the article: its mentions and its scored candidates."""

    key: str
    mentions: list[Mention]
    candidates: list[Candidate]
    base: np.ndarray  # prior + per-mention evidence (container, NER type)
    # Set when the name itself is unknown and a shorter name inside it was found ("South Los
    # Angeles" -> Los Angeles): the place is located there, but is not that GeoNames record.
    inside: bool = False
    # Named only inside organisations' names: evidence for the others, not a place of its own.
    context_only: bool = False


def resolve(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    dateline: Mention | None = None,
    context: Sequence[Mention] = (),
) -> list[Place]:
    """Resolve mentions to places; mentions of one place become one Place (ids P1, P2, ...).

    ``context`` mentions (regions inside organisations' names, ``ToponymFinder.context``) are
    evidence for the other names' readings, but are not places themselves.
    """
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[_key(mention)].append(mention)
    for key in list(by_key):
        # "Springfield City" or "Readington Township" beside "Springfield" or "Readington" in one
        # article is that place, not a namesake elsewhere known by the longer name as an alternate;
        # a place whose own name it is ("Kansas City" beside "Kansas") stays itself.
        reduced = reduced_name(by_key[key][0].text) if not key.startswith(("#", "=")) else None
        if (
            reduced is not None
            and not reduced[1]
            and name_key(reduced[0]) in by_key
            and not any(name_key(c.name) == key for c in gazetteer.candidates(key))
        ):
            by_key[name_key(reduced[0])].extend(by_key.pop(key))
    context_by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in context:
        if _key(mention) not in by_key:
            context_by_key[_key(mention)].append(mention)
    names = [n for n in (_name(gazetteer, key, group) for key, group in by_key.items()) if n is not None]
    names, stray = _without_stray_other_names(names)
    for key in stray:
        del by_key[key]
    names += [
        n
        for n in (_name(gazetteer, key, group, True) for key, group in context_by_key.items())
        if n is not None
    ]
    final = _choose(names, dateline, gazetteer)
    return _group(by_key, names, final)


def _without_stray_other_names(names: list[_Name]) -> tuple[list[_Name], list[str]]:
    """Drop the readings of a one-word name that is only another name of towns in countries where
    none of the article's other places likely lies, unless the town is a city of a million:
    "Allah", "Ramadan" and "Human" are among the other names of towns in Iran, Saudi Arabia and
    Ukraine; "Kiev", "Bombay", and "Falluja" beside Iraq or Baghdad stay. A name left with no
    reading is no place at all (its key is returned, to be dropped)."""
    # The country of each other name's likeliest reading on its own evidence.
    likely = {n.key: n.candidates[int(np.argmax(n.base))].country for n in names}
    kept: list[_Name] = []
    stray: list[str] = []
    for name in names:
        own = any(name_key(c.name) == name.key for c in name.candidates)
        if own or name.inside or " " in name.key or name.key.startswith(("=", "#")):
            kept.append(name)
            continue
        named = {country for key, country in likely.items() if key != name.key}
        keep = [
            i
            for i, c in enumerate(name.candidates)
            if c.kind != CITY or c.population >= STRAY_NAME_CITY_POPULATION or c.country in named
        ]
        if not keep:
            stray.append(name.key)
        else:
            kept.append(replace(name, candidates=[name.candidates[i] for i in keep], base=name.base[keep]))
    return kept, stray


def _key(mention: Mention) -> str:
    # A demonym is a mention of its country ("Russian" -> Russia); a street is not the town of its
    # name ("Harrison" of "Lakeview and Harrison streets") and is left unlocated.
    if mention.country:
        return f"={mention.country}"
    if mention.street:
        return f"#{name_key(mention.text)}"
    return name_key(mention.text)


def _name(gazetteer: Gazetteer, key: str, group: list[Mention], context_only: bool = False) -> _Name | None:
    inside = False
    if key.startswith("#") or key in COMPASS_WORDS:
        # A street is not the town of its name; "the North" alone is no one place.
        return None
    if key.startswith("="):
        country = gazetteer.country(key[1:])
        candidates = [country] if country else []
    else:
        candidates = gazetteer.candidates(key)
        text = group[0].text
        # "North Las Vegas Police" -> "Las Vegas Police" -> "Las Vegas": reduced until known.
        for _ in range(3):
            if candidates:
                break
            reduced = reduced_name(text)
            if reduced is None:
                break
            text, inside = reduced[0], inside or reduced[1]
            key = name_key(text)
            candidates = gazetteer.candidates(key)
        if not candidates:
            prefix = known_prefix(gazetteer, group[0].text)
            if prefix is not None:
                text, key, inside = prefix, name_key(prefix), True
                candidates = gazetteer.candidates(key)
    if context_only:
        # An organisation's name says which region, not which town ("Albany Police").
        candidates = [c for c in candidates if region_named(c)]
    if not candidates:
        return None
    scored = sorted(
        ((prior(key, c, gazetteer.is_capital(c.row)), i, c) for i, c in enumerate(candidates)),
        key=lambda item: (-item[0], item[1]),
    )[:MAX_CANDIDATES]
    kept = [c for _, _, c in scored]
    base = np.array(
        [
            p
            + max(
                (CONTAINER_BONUS if m.container and m.container in (c.country, c.admin1) else 0.0)
                + (CONTAINER_REGION_BONUS if m.contains and c.kind in (COUNTRY, ADMIN1) else 0.0)
                + _ner_agreement(m, c)
                + (COUNTY_LIST_BONUS if m.county and c.kind == ADMIN2 else 0.0)
                for m in group
            )
            for p, _, c in scored
        ]
    )
    return _Name(key, group, kept, base, inside, context_only)


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp((values - values.max()) / TEMPERATURE)
    result: np.ndarray = shifted / shifted.sum()
    return result


def _choose(names: list[_Name], dateline: Mention | None, gazetteer: Gazetteer) -> list[int]:
    """The index of the chosen candidate of each name."""
    if not names:
        return []
    flat = [c for name in names for c in name.candidates]
    sizes = [len(n.candidates) for n in names]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    # Names read as one name ("Dublin" and the "Dublin Arts Council" reduced to it) are not each
    # other's evidence: a name cannot confirm itself.
    keys: dict[str, int] = {}
    owner = np.repeat(np.array([keys.setdefault(n.key, len(keys)) for n in names]), sizes)
    others = owner[:, None] != owner[None, :]
    # A state as big as a country ("England", California) is no more local than the country.
    same_state = (
        _equal_codes([c.admin1 if c.kind != COUNTRY and _local(c.admin1, gazetteer) else None for c in flat])
        * others
    )
    same_country = _equal_codes([c.country for c in flat]) * others
    # A town and the county it lies in, or two towns of one county ("Paris and Henry County"):
    # counted for each other name that has any such reading, whatever its probability, because a
    # chance agreement at the level of a county is rare and the pair confirms both readings.
    same_county = _equal_codes([c.admin2 if c.kind in (CITY, ADMIN2) else None for c in flat]) * others
    county = np.maximum.reduceat(same_county, starts, axis=1).sum(axis=1)
    near = _nearness(flat) * others
    base = np.concatenate([n.base for n in names]) + _dateline_bonus(names, flat, dateline)
    damp = np.concatenate([_namesake_damping(n.candidates) for n in names])
    score = base
    for _ in range(CONTEXT_ROUNDS):
        # Each name's candidates weighted by how likely each is so far (round one: priors only).
        prob = np.concatenate([_softmax(score[s : s + k]) for s, k in zip(starts, sizes, strict=True)])
        # For each candidate, the other names' probability in the same state (country), each name
        # counting its mass there; and the nearest likely town of each other name.
        state = np.add.reduceat(same_state * prob[None, :], starts, axis=1).sum(axis=1)
        country = np.add.reduceat(same_country * prob[None, :], starts, axis=1).sum(axis=1)
        close = np.maximum.reduceat(near * prob[None, :], starts, axis=1).sum(axis=1)
        score = (
            base
            + damp
            * (
                SAME_STATE_WEIGHT * np.minimum(state, EVIDENCE_CAP)
                + SAME_COUNTRY_WEIGHT * np.minimum(country, EVIDENCE_CAP)
                + NEARBY_WEIGHT * np.minimum(close, EVIDENCE_CAP)
            )
            + SAME_COUNTY_WEIGHT * np.minimum(county, EVIDENCE_CAP)
        )
    return [int(np.argmax(score[s : s + k])) for s, k in zip(starts, sizes, strict=True)]


def _namesake_damping(candidates: list[Candidate]) -> np.ndarray:
    towns = [c.population for c in candidates if c.kind == CITY]
    largest = max(towns, default=0)
    return np.array(
        [
            NAMESAKE_DAMPING if c.kind == CITY and c.population < NAMESAKE_RATIO * largest else 1.0
            for c in candidates
        ]
    )


def _local(region: str | None, gazetteer: Gazetteer) -> bool:
    record = gazetteer.region(region) if region else None
    return record is None or record.population < LOCAL_STATE_POPULATION


def _equal_codes(codes: list[str | None]) -> np.ndarray:
    numbers: dict[str, int] = {}
    values = np.array([-1 if c is None else numbers.setdefault(c, len(numbers)) for c in codes])
    equal: np.ndarray = (values[:, None] == values[None, :]) & (values[:, None] >= 0)
    return equal.astype(float)


def _nearness(flat: list[Candidate]) -> np.ndarray:
    """How near each pair of towns is, from 1 (same point) falling off with distance; 0 for regions."""
    point = np.array([c.kind in (CITY, ADMIN2) and c.lat is not None for c in flat])
    lat = np.radians(np.array([c.lat if c.lat is not None else 0.0 for c in flat]))
    lon = np.radians(np.array([c.lon if c.lon is not None else 0.0 for c in flat]))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    near: np.ndarray = np.exp(-km / NEARBY_SCALE_KM) * (point[:, None] & point[None, :])
    return near


def _dateline_bonus(names: list[_Name], flat: list[Candidate], dateline: Mention | None) -> np.ndarray:
    bonus = np.zeros(len(flat))
    if dateline is None:
        return bonus
    anchor_name = next((n for n in names if any(m is dateline for m in n.mentions)), None)
    if anchor_name is None:
        return bonus
    # The dateline's own best reading on its own evidence (a dateline rarely needs context).
    anchor = anchor_name.candidates[int(np.argmax(anchor_name.base))]
    for i, cand in enumerate(flat):
        if cand.row == anchor.row:
            continue
        if cand.admin1 and cand.admin1 == anchor.admin1 and cand.kind != ADMIN1:
            bonus[i] += DATELINE_STATE_BONUS
        if cand.country and cand.country == anchor.country:
            bonus[i] += DATELINE_COUNTRY_BONUS
    return bonus


# Words before or after a known name that make a name the gazetteer lacks: a part of the place
# ("South Los Angeles", "Historic Dublin"), the place itself ("Readington Township", "City of
# Norfolk"), or something in it ("Boone County Jail", "the Shreveport Police Department").
_PART_WORDS = frozenset(
    "north south east west northern southern eastern western northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern central downtown historic greater upper lower "
    "midtown uptown suburban rural metro inner outer old new".split()
)
# "W. Phila.", "S.E. Paris": a part of the place, as the compass words above.
_COMPASS_ABBREVIATIONS = frozenset("N. S. E. W. N.E. N.W. S.E. S.W.".split())
_PARTY_HOME = re.compile(rf"^(?:{'|'.join(sorted(PARTY_LETTERS))})-(?=[A-Z])")
_SAME_SUFFIXES = frozenset("township twp city town village borough area proper metro".split())
_SAME_PREFIXES = re.compile(r"(?i)^(?:the\s+)?(?:city|town|village|township|borough|county|port)\s+of\s+")
_IN_WORDS = frozenset(
    "police department sheriff sheriffs office jail detention center court courthouse fire rescue "
    "schools school district board commission council hospital medical airport station hall library "
    "park stadium arena fairgrounds fair chamber commerce public works emergency management agency "
    "authority health services water utilities clerk's clerk attorney's attorney prosecutor's high hotel "
    "sheriff's".split()
)


# Besides the offices above, the things a name opens with its town's: "Hammond Marina", "San
# Diego State", "Bucharest Mall", "Insein Prison", "Tipperary North", "Augusta Herald".
_THING_WORDS = frozenset(
    "marina mall prison state center centre road news herald times post gazette tribune journal "
    "university college museum market bridge tower plaza harbor harbour beach terminal base camp "
    "church cathedral temple mosque zoo cemetery theater theatre building club north south east west "
    "central".split()
)


_THING_OR_OFFICE_WORDS = _THING_WORDS | _IN_WORDS


def _office_word(word: str) -> str:
    """ "Sheriff's," -> "sheriff": the word without its punctuation and possessive."""
    word = word.lower().rstrip(".,")
    return word[:-2] if word.endswith("'s") else word


def reduced_name(text: str) -> tuple[str, bool] | None:
    """A shorter known-place name inside an unknown one, and whether the place lies inside it.

    "Readington Township" -> ("Readington", False): the same place; "South Los Angeles" ->
    ("Los Angeles", True) and "Boone County Jail" -> ("Boone County", True): a place within.
    None when no rule applies (a street, "Washington Drive", is not put in Washington).
    """
    if _PARTY_HOME.match(text):
        # A lawmaker's "D-Iowa City": the place after the party's letter.
        return _PARTY_HOME.sub("", text), False
    stripped = _SAME_PREFIXES.sub("", text.strip())
    if stripped != text.strip() and stripped:
        return stripped, text.strip().lower().startswith(("port", "the port"))
    words = text.replace("\u2019", "'").split()
    if len(words) < 2:
        return None
    if words[-1].lower().rstrip(".") in _SAME_SUFFIXES:
        return " ".join(words[:-1]), False
    if words[0].lower() in _PART_WORDS or words[0].upper() in _COMPASS_ABBREVIATIONS:
        return " ".join(words[1:]), True
    # "Boone County Jail", "Mansfield Police Department": a known name, then only words of an office.
    for end in range(len(words) - 1, 0, -1):
        rest = [_office_word(w) for w in words[end:]]
        if all(w in _IN_WORDS or w.rstrip("s") in _IN_WORDS for w in rest):
            continue
        return (" ".join(words[: end + 1]), True) if end + 1 < len(words) else None
    # Every word after the first is an office's: "Mansfield Police Department" -> "Mansfield".
    return (words[0], True)


def known_prefix(gazetteer: Gazetteer, text: str) -> str | None:
    """The longest town, county or landmark name that opens an unknown name of a thing in that place.

    "Hammond Marina", "San Diego State", "Mount Pleasant Civic Center", "Otter Tail County Road"
    are in (or at) the place their name opens. Not a street or a natural feature ("Washington
    Drive", "Catawba River", "Zion National Park" are not at the town of their name) unless the
    place is a county; not a feature word that is also a town's name ("Lake Vermont", "Gulf of
    Alaska") or an acronym ("IDA Ireland"); only where the last word says what the thing is (not
    "Lorne Craner", a person); not a country's adjective ("Canadian Lottery" is not
    in Canadian, Texas); and not a state or a country, which open the names of organisations and
    of other places ("Tennessee Colony" is in Texas).
    """
    words = text.split()
    if len(words) < 2 or _office_word(words[-1]) not in _THING_OR_OFFICE_WORDS:
        # "Lorne Craner", "Grand Wailea Resort": a person's name or an unknown name, not a thing of
        # the town that opens it.
        return None
    for end in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:end])
        key = name_key(prefix)
        if (
            not gazetteer.has_key(key)
            or is_demonym(prefix)
            or (end == 1 and (is_feature_word(prefix) or prefix.isupper()))
        ):
            # An acronym is an organisation's, not a town's name ("IDA Ireland" is no town Ida).
            continue
        county = words[end - 1].lower() in _ADMIN_WORDS
        if not county and any(is_feature_word(word) for word in words[end:]):
            return None
        if not any(
            c.kind == CURATED or (c.kind in (CITY, ADMIN2) and name_key(c.name) == key)
            for c in gazetteer.candidates(key)
        ):
            return None
        return prefix
    return None


def _group(by_key: dict[str, list[Mention]], names: list[_Name], final: list[int]) -> list[Place]:
    resolved = {id(n.mentions): (n, choice) for n, choice in zip(names, final, strict=True)}
    places: dict[object, Place] = {}
    for key, group in by_key.items():
        name, choice = resolved.get(id(group), (None, 0))
        cand = name.candidates[choice] if name is not None else None
        inside = name is not None and name.inside
        identity: object = cand.row if cand and not inside else ("unknown", key)
        place = places.get(identity)
        if place is None:
            place = Place(
                id="",
                name=cand.name if cand and not inside else group[0].text,
                geonameid=cand.geonameid if cand and not inside else None,
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
