"""Gazetteer start-up cost and the places stage's time per article.

    .venv/bin/python benchmarks/gazetteer.py            # cold build (fresh cache dir), warm loads, stage time
    .venv/bin/python benchmarks/gazetteer.py --no-cold  # warm loads and stage time only

Cold: the index is built from the packages into an empty cache directory, in a fresh process.
Warm: loaded from that cache in a fresh process (best of 3), with the process's peak RSS after
loading spaCy too, which is what a pipeline process holds; the baseline is the peak RSS of a
fresh process that loads spaCy alone, measured in the same run. Floors (issue 14): warm load <= 1 s,
process memory <= 600 MB, places stage <= 10 ms per article. The stage is timed over the articles
of corpus/articles/dev.jsonl, next to spaCy's parse of the same texts (the ratio is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import json, resource, time
t0 = time.perf_counter()
from newsgraph.places.gazetteer import load_gazetteer
t1 = time.perf_counter()
gaz = load_gazetteer()
t2 = time.perf_counter()
rss_gazetteer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from newsgraph.nlp import load_model
from newsgraph.settings import Settings
load_model(Settings().model)
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "records": len(gaz),
                  "rss_gazetteer_mb": rss_gazetteer,
                  "rss_with_spacy_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The baseline for memory: the same process with spaCy alone, no gazetteer.
_BASELINE_CHILD = """
import json, resource
from newsgraph.nlp import load_model
from newsgraph.settings import Settings
load_model(Settings().model)
print(json.dumps({"rss_spacy_only_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

REPO = Path(__file__).resolve().parent.parent


def _child(cache: str, code: str = _CHILD) -> dict[str, float]:
    env = {**os.environ, "NEWSGRAPH_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _stage_time() -> None:
    from newsgraph.model import Analysis, Article
    from newsgraph.nlp import load_model
    from newsgraph.pipeline import Draft
    from newsgraph.places import PlaceStage
    from newsgraph.settings import Settings

    texts = [json.loads(line)["text"] for line in (REPO / "corpus/articles/dev.jsonl").open(encoding="utf-8")]
    nlp = load_model(Settings().model)
    stage = PlaceStage(nlp)
    stage.gazetteer  # noqa: B018 - load outside the timed loop
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = (time.perf_counter() - t0) / len(texts)
    stage(Draft(analysis=Analysis(article=Article(text=texts[0])), doc=docs[0]))  # first-call set-up
    t0 = time.perf_counter()
    for text, doc in zip(texts, docs, strict=True):
        stage(Draft(analysis=Analysis(article=Article(text=text)), doc=doc))
    places = (time.perf_counter() - t0) / len(texts)
    chars = sum(map(len, texts)) / len(texts)
    print(
        f"per article ({len(texts)} corpus dev articles, {chars:,.0f} chars on average): spaCy {parse * 1000:.1f} ms, "
        f"places stage {places * 1000:.1f} ms ({places / parse:.2f} x spaCy)"
    )


def main() -> None:
    """Print cold build, warm load and per-article timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cold", action="store_true", help="skip the cold build (uses the user cache)")
    args = parser.parse_args()
    cold: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        cache = os.environ.get("NEWSGRAPH_CACHE_DIR", "") if args.no_cold else scratch
        if not args.no_cold:
            start = time.perf_counter()
            cold = _child(cache)
            size = sum(p.stat().st_size for p in Path(cache).glob("gazetteer-*.marshal"))
            print(
                f"cold build (empty cache, fresh process): {cold['load_s']:.1f} s, "
                f"{time.perf_counter() - start:.1f} s wall, cache file {size / 2**20:.0f} MiB, "
                f"peak RSS {cold['rss_gazetteer_mb']:.0f} MB"
            )
        runs = [_child(cache) for _ in range(3)]
        best = min(runs, key=lambda r: r["load_s"])
        ratio = "" if args.no_cold else f"; cold/warm {cold['load_s'] / best['load_s']:.0f}x"
        print(
            f"warm load from cache: {best['load_s']:.3f} s (best of 3{ratio}), {best['records']:,} records; "
            f"process peak RSS {max(r['rss_gazetteer_mb'] for r in runs):.0f} MB with the gazetteer, "
            f"{max(r['rss_with_spacy_mb'] for r in runs):.0f} MB with spaCy too"
        )
        spacy_only = _child(cache, _BASELINE_CHILD)["rss_spacy_only_mb"]
        with_both = max(r["rss_with_spacy_mb"] for r in runs)
        print(
            f"baseline, spaCy alone in a fresh process: peak RSS {spacy_only:.0f} MB; with the gazetteer "
            f"{with_both:.0f} MB ({with_both / spacy_only:.2f} x, +{with_both - spacy_only:.0f} MB)"
        )
    _stage_time()


if __name__ == "__main__":
    main()
