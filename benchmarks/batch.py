"""Scaling of ``newsgraph batch``: 1 worker against N workers on the same articles, in one run.

    .venv/bin/python benchmarks/batch.py [--limit 200] [--workers 2] [--engine local|dask] [--json]

Runs the batch over the first ``--limit`` articles of the Wikinews benchmark corpus
(``../shared/corpus/wikinews_toscadata/articles.jsonl``) into a fresh temporary folder, once with
one worker and once with ``--workers``, and prints for each: articles/s after start-up (model
loading is reported apart), engine overhead (the share of the workers' wall time not spent in
analyze: scheduling, Parquet writing, idle tails) and peak memory per worker. Then the speed-up.
The floors (issue 7): speed-up >= 1.7x with 2 workers on a 2-core machine, overhead <= 10%,
memory <= 1 GiB per worker.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews_toscadata" / "articles.jsonl"
SPEEDUP_FLOOR = 1.7
OVERHEAD_FLOOR = 0.10
MEMORY_FLOOR_MIB = 1024.0


def _articles(limit: int) -> list:
    from newsgraph.model import Article

    articles = []
    with CORPUS.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            articles.append(
                Article(text=record["text"], published=record.get("published"), external_id=record["id"])
            )
            if len(articles) >= limit:
                break
    return articles


def _run(articles: list, workers: int, engine: str, task_size: int) -> dict[str, float]:
    from newsgraph.batch import run_batch

    with tempfile.TemporaryDirectory() as out:
        report = run_batch(
            [],
            out,
            items=articles,
            engine=engine,
            workers=workers,
            task_size=task_size,
            progress=False,
            announce=lambda line: None,
        )
    return {
        "workers": workers,
        "articles": report.articles,
        "failures": report.failures,
        "startup_s": round(report.startup_seconds, 2),
        "wall_s": round(report.wall_seconds, 2),
        "articles_per_s": round(report.articles_per_second, 3),
        "overhead": round(report.engine_overhead, 4),
        "peak_rss_mib_max": round(max(report.peak_rss_mb_by_worker.values(), default=0.0), 1),
    }


def main() -> None:
    """Run both configurations and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--task-size", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"benchmark corpus not found at {CORPUS}")
    articles = _articles(args.limit)
    one = _run(articles, 1, args.engine, args.task_size)
    many = _run(articles, args.workers, args.engine, args.task_size)
    speedup = many["articles_per_s"] / one["articles_per_s"] if one["articles_per_s"] else 0.0
    result = {"engine": args.engine, "limit": args.limit, "runs": [one, many], "speedup": round(speedup, 3)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"newsgraph batch, engine {args.engine}, {len(articles)} articles")
    print(f"{'workers':>8} {'articles/s':>11} {'overhead':>9} {'start-up s':>11} {'peak MiB/worker':>16}")
    for run in (one, many):
        print(
            f"{run['workers']:>8} {run['articles_per_s']:>11.2f} {run['overhead']:>9.1%} "
            f"{run['startup_s']:>11.1f} {run['peak_rss_mib_max']:>16.0f}"
        )
    print(f"speed-up with {args.workers} workers: {speedup:.2f}x (floor {SPEEDUP_FLOOR}x on 2 cores)")


if __name__ == "__main__":
    main()
