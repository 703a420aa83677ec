"""Choose which source records the corpus labels, and fix their splits: deterministic, seeded.

Items (Wikipedia Current events) are drawn by whole days, so every section of a day comes along and
the split is by day; articles are the demo set plus a seeded draw from the clean Wikinews 2019-2020
set. About a tenth of each part is marked for a second, independent labelling pass.

    .venv/bin/python corpus/tools/choose.py  # writes corpus/selection.json (committed; never edit by hand)
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
SEED = 20261202
ITEM_TARGET = 3050
ARTICLE_TARGET = 150
# Long interviews would take a labeller's whole day each; the draw keeps ordinary news lengths.
ARTICLE_MAX_CHARS = 6000
# Every ninth day or article: a little over the tenth the guidelines ask to label twice.
SECOND_PASS_EVERY = 9
SPLIT_SHARES = (("train", 0.70), ("dev", 0.15), ("test", 0.15))


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _split_of(rank: int, total: int) -> str:
    """The split of the rank-th of total shuffled units: the first 70% train, then dev, then test."""
    edge = 0.0
    for name, share in SPLIT_SHARES:
        edge += share
        if rank < round(edge * total):
            return name
    return SPLIT_SHARES[-1][0]


def select_items(rng: random.Random) -> dict[str, dict]:
    items = _read(SHARED / "wikipedia_current_events" / "items.jsonl")
    by_day: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_day[item["published"]].append(item["id"])
    days = sorted(by_day)
    rng.shuffle(days)
    chosen: list[str] = []
    count = 0
    for day in days:
        if count >= ITEM_TARGET:
            break
        chosen.append(day)
        count += len(by_day[day])
    out: dict[str, dict] = {}
    second_days = set(chosen[::SECOND_PASS_EVERY])
    for rank, day in enumerate(chosen):
        split = _split_of(rank, len(chosen))
        for item_id in by_day[day]:
            out[item_id] = {"split": split, "second_pass": day in second_days}
    return out


def select_articles(rng: random.Random) -> dict[str, dict]:
    demo = [a["id"] for a in _read(SHARED / "demo" / "demo.jsonl")]
    pool = sorted(
        a["id"]
        for a in _read(SHARED / "wikinews_2019_2020" / "articles.jsonl")
        if a["id"] not in demo and len(a["text"]) <= ARTICLE_MAX_CHARS
    )
    rng.shuffle(pool)
    chosen = demo + pool[: ARTICLE_TARGET - len(demo)]
    order = list(chosen)
    rng.shuffle(order)
    second = set(order[::SECOND_PASS_EVERY])
    return {
        article_id: {"split": _split_of(rank, len(order)), "second_pass": article_id in second}
        for rank, article_id in enumerate(order)
    }


def main() -> None:
    rng = random.Random(SEED)
    selection = {"seed": SEED, "items": select_items(rng), "articles": select_articles(rng)}
    path = ROOT / "corpus" / "selection.json"
    path.write_text(json.dumps(selection, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for part in ("items", "articles"):
        chosen = selection[part]
        splits = defaultdict(int)
        for record in chosen.values():
            splits[record["split"]] += 1
        second = sum(r["second_pass"] for r in chosen.values())
        print(f"{part}: {len(chosen)} ({dict(splits)}), second pass {second}")


if __name__ == "__main__":
    main()
