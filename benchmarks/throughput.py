"""Throughput and peak memory of ``newsgraph analyze``, next to the same spaCy pipeline alone.

    .venv/bin/python benchmarks/throughput.py [--limit 500] [--workers N] [--json]

Reads the first ``--limit`` articles of the Wikinews benchmark corpus
(``../shared/corpus/wikinews_toscadata/articles.jsonl``), then in the same run times

- spaCy alone: ``nlp.pipe`` over the texts (the floor every stage stands on), and
- newsgraph: ``Pipeline.analyze_many`` over the same articles (spaCy plus every stage),

and prints articles/s, words/s, the ratio newsgraph/spaCy and each process's peak memory (the RSS
high-water mark). The ratio is of wall-clock throughput; the same ratio by CPU time is printed beside
it, because on a machine busy with other work wall time is noisy and CPU time is not. With ``--workers N`` the articles are split into N shards, one per process; each
process loads the model once, and throughput is the total over the slowest shard's time. Reading the
corpus and loading the model are not timed. The floors (issue 2): ratio >= 0.75 and peak memory
<= 1 GiB per worker.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews_toscadata" / "articles.jsonl"
RATIO_FLOOR = 0.75
MEMORY_FLOOR_MIB = 1024.0
# The same batch size for both runs, so the comparison is of the work and not of the batching.
BATCH_SIZE = 16
# Parsed before timing so that lazy loading (vectors, lexeme tables, stage lexicons) is not counted.
WARMUP_ARTICLES = 8


@dataclass
class ShardResult:
    """What one process measured over its shard."""

    mode: str
    articles: int
    words: int
    seconds: float
    # CPU time of this process: unlike wall time, barely moved by other load on the machine.
    cpu_seconds: float
    failures: int
    peak_rss_mib: float


def _peak_rss_mib() -> float:
    # ru_maxrss is the high-water mark of this process: KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def load_texts(limit: int) -> list[dict[str, str]]:
    """The first ``limit`` records of the benchmark corpus."""
    records = []
    with CORPUS.open(encoding="utf-8") as stream:
        for line in stream:
            records.append(json.loads(line))
            if len(records) >= limit:
                break
    return records


def run_shard(mode: str, records: list[dict[str, str]], model: str | None) -> ShardResult:
    """Time spaCy alone or the whole newsgraph pipeline over one shard, in this process."""
    from newsgraph.model import Article, Failure
    from newsgraph.pipeline import Pipeline
    from newsgraph.settings import Settings

    settings = Settings.from_env(model=model)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    failures = 0
    if mode == "spacy":
        from newsgraph.nlp import load_model

        nlp = load_model(settings.model)
        list(nlp.pipe(texts[:WARMUP_ARTICLES]))
        started, cpu_started = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    else:
        pipeline = Pipeline(settings)
        articles = [
            Article(text=r["text"], published=r.get("published"), external_id=r.get("id")) for r in records
        ]
        list(pipeline.analyze_many(articles[:WARMUP_ARTICLES]))
        started, cpu_started = time.perf_counter(), time.process_time()
        for result in pipeline.analyze_many(articles, batch_size=BATCH_SIZE):
            failures += isinstance(result, Failure)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return ShardResult(mode, len(texts), words, seconds, cpu_seconds, failures, _peak_rss_mib())


def _shard_job(job: tuple[str, list[dict[str, str]], str | None]) -> ShardResult:
    return run_shard(*job)


def measure(mode: str, records: list[dict[str, str]], workers: int, model: str | None) -> list[ShardResult]:
    """Run one mode over all records: in this process, or in ``workers`` fresh processes."""
    if workers == 1:
        return [run_shard(mode, records, model)]
    shards = [records[i::workers] for i in range(workers)]
    # spawn: each worker starts clean, so its peak memory is its own and not the parent's copy.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return pool.map(_shard_job, [(mode, shard, model) for shard in shards])


def summarize(results: list[ShardResult]) -> dict[str, float]:
    """Combine the shards of one mode: totals over the slowest shard's time."""
    seconds = max(r.seconds for r in results)
    articles = sum(r.articles for r in results)
    words = sum(r.words for r in results)
    return {
        "articles": articles,
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 2),
        "words_per_s": round(words / seconds, 1),
        "cpu_seconds": round(sum(r.cpu_seconds for r in results), 3),
        "failures": sum(r.failures for r in results),
        "peak_rss_mib_max": round(max(r.peak_rss_mib for r in results), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a floor is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="articles to read (default 500)")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: newsgraph's setting)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"benchmark corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    records = load_texts(args.limit)
    # spaCy alone first, then newsgraph; each mode in its own processes when --workers > 1.
    spacy_shards = measure("spacy", records, args.workers, args.model)
    newsgraph_shards = measure("newsgraph", records, args.workers, args.model)
    spacy_only, newsgraph = summarize(spacy_shards), summarize(newsgraph_shards)
    ratio = newsgraph["articles_per_s"] / spacy_only["articles_per_s"]
    cpu_ratio = spacy_only["cpu_seconds"] / newsgraph["cpu_seconds"]
    peak = max(r.peak_rss_mib for r in newsgraph_shards + spacy_shards)
    passed = ratio >= RATIO_FLOOR and peak <= MEMORY_FLOOR_MIB
    report = {
        "corpus": str(CORPUS.relative_to(REPO.parent)),
        "workers": args.workers,
        "spacy_only": spacy_only,
        "newsgraph": newsgraph,
        "ratio": round(ratio, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "peak_rss_mib_per_worker": [round(r.peak_rss_mib, 1) for r in newsgraph_shards],
        "floors": {"ratio": RATIO_FLOOR, "peak_rss_mib": MEMORY_FLOOR_MIB},
        "passed": passed,
        "shards": [asdict(r) for r in spacy_shards + newsgraph_shards],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_table(report)
    return 0 if passed else 1


def _print_table(report: dict[str, object]) -> None:
    spacy_only = report["spacy_only"]
    newsgraph = report["newsgraph"]
    assert isinstance(spacy_only, dict) and isinstance(newsgraph, dict)
    print(
        f"{newsgraph['articles']} articles, {newsgraph['words']:,} words from {report['corpus']}; "
        f"{report['workers']} worker(s)"
    )
    print(f"{'':<24}{'articles/s':>12}{'words/s':>12}{'seconds':>10}{'CPU s':>10}{'peak RSS MiB':>14}")
    for name, row in (("spaCy alone (nlp.pipe)", spacy_only), ("newsgraph analyze", newsgraph)):
        print(
            f"{name:<24}{row['articles_per_s']:>12.2f}{row['words_per_s']:>12,.0f}"
            f"{row['seconds']:>10.2f}{row['cpu_seconds']:>10.2f}{row['peak_rss_mib_max']:>14.0f}"
        )
    floors = report["floors"]
    assert isinstance(floors, dict)
    print(
        f"ratio newsgraph/spaCy: {report['ratio']:.2f} (floor {floors['ratio']}; by CPU time "
        f"{report['cpu_ratio']:.2f}); peak RSS per worker: "
        f"{report['peak_rss_mib_per_worker']} MiB (floor {floors['peak_rss_mib']:.0f}); "
        f"{'PASS' if report['passed'] else 'FAIL'}"
    )
    if newsgraph["failures"]:
        print(f"({newsgraph['failures']} article(s) were refused by newsgraph's input checks)")


if __name__ == "__main__":
    sys.exit(main())
