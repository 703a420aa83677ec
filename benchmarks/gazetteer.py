"""Gazetteer start-up cost: load time and memory from the disk cache, in a fresh process.

Run: ``.venv/bin/python benchmarks/gazetteer.py`` (the first run builds the cache, which is timed
separately). Targets (issue 4): load < 1 s and < 500 MB. Also times the places stage per article
against spaCy's own parse of the same text, over a short article written here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

_CHILD = """
import json, resource, time
t0 = time.perf_counter()
from newsgraph.places.gazetteer import load_gazetteer
t1 = time.perf_counter()
gaz = load_gazetteer()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "records": len(gaz),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ARTICLE = (
    "SEOUL, South Korea (AP) — North Korea fired a ballistic missile into the Sea of Japan on "
    "Wednesday, South Korea's military said. The launch from near Pyongyang came as Kim Jong Un "
    "traveled to Vladivostok for talks with Russia's president at the Vostochny Cosmodrome. Japan "
    "said the missile landed outside its economic zone, and officials in Washington and Tokyo "
    "condemned it. Georgia's governor, speaking in Atlanta, said nothing of it. "
) * 4


def _child() -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print build (first run only), load and per-article timings."""
    start = time.perf_counter()
    first = _child()
    print(f"first call (builds the cache if missing): {time.perf_counter() - start:.2f} s wall")
    runs = [_child() for _ in range(3)]
    best = min(runs, key=lambda r: r["load_s"])
    print(
        f"load from cache: {best['load_s']:.3f} s (best of 3), {best['records']:,} records, "
        f"process max RSS {max(r['max_rss_mb'] for r in runs):.0f} MB (import {best['import_s']:.2f} s)"
    )
    del first

    from newsgraph.model import Analysis, Article
    from newsgraph.nlp import load_model
    from newsgraph.pipeline import Draft
    from newsgraph.places import PlaceStage
    from newsgraph.settings import Settings

    nlp = load_model(Settings().model)
    stage = PlaceStage(nlp)
    stage.gazetteer  # noqa: B018 - load outside the timed loop
    rounds = 20
    t0 = time.perf_counter()
    docs = [nlp(ARTICLE) for _ in range(rounds)]
    parse = (time.perf_counter() - t0) / rounds
    t0 = time.perf_counter()
    for doc in docs:
        stage(Draft(analysis=Analysis(article=Article(text=ARTICLE)), doc=doc))
    places = (time.perf_counter() - t0) / rounds
    print(
        f"per article ({len(ARTICLE)} chars): spaCy {parse * 1000:.1f} ms, places stage {places * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
