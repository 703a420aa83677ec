"""Today's pipeline on the corpus's test split, as the README's accuracy table (Markdown).

    .venv/bin/python corpus/tools/report.py [--split test]

Per layer precision, recall and F1; and, per section of the items, the events per item in the gold
and in the pipeline's output (a coder that emits events for earthquakes and football shows here).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from newsgraph.evaluation import (
    predict,
    read_gold,
    score_entities,
    score_events,
    score_places,
    score_quotes,
    score_times,
)
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

CORPUS = Path(__file__).resolve().parents[1]
POLITICAL = {
    "armed conflicts and attacks",
    "international relations",
    "law and crime",
    "politics and elections",
}
# The sections where a careful coder finds few events (the events issue's floor is measured on these).
NON_POLITICAL = {
    "sports",
    "disasters and accidents",
    "science and technology",
    "arts and culture",
    "health and environment",
}


def row(layer: str, what: str, p: float, r: float, f: float, extra: str = "") -> str:
    return f"| {layer} | {what} | {p:.3f} | {r:.3f} | {f:.3f} | {extra} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    args = parser.parse_args()
    pipeline = Pipeline(Settings.from_env())
    items = read_gold(CORPUS / "items" / f"{args.split}.jsonl")
    articles = read_gold(CORPUS / "articles" / f"{args.split}.jsonl")
    item_analyses, _ = predict(pipeline, items)
    article_analyses, _ = predict(pipeline, articles)
    lines = ["| layer | measured on | P | R | F1 | also |", "| --- | --- | --- | --- | --- | --- |"]
    ev = score_events(items, item_analyses)
    lines.append(row("events", f"{len(items)} items: triples", ev.triples.precision, ev.triples.recall, ev.triples.f1,
                     f"type micro F1 {ev.types.f1:.3f}, macro {ev.type_macro_f1:.3f}; asserted-only triple F1 {ev.asserted_triples.f1:.3f}"))  # fmt: skip
    ev = score_events(articles, article_analyses)
    lines.append(row("events", f"{len(articles)} articles: triples", ev.triples.precision, ev.triples.recall, ev.triples.f1,
                     f"type micro F1 {ev.types.f1:.3f}; asserted-only triple F1 {ev.asserted_triples.f1:.3f}"))  # fmt: skip
    qu = score_quotes(articles, article_analyses)
    lines.append(row("quotes", "articles: content spans", qu.content.precision, qu.content.recall, qu.content.f1,
                     f"speaker accuracy {qu.speaker.value:.3f}"))  # fmt: skip
    en = score_entities(articles, article_analyses)
    lines.append(row("entities", "articles: mentions (span+type)", en.mentions.precision, en.mentions.recall, en.mentions.f1,
                     f"linking F1 {en.linking.f1:.3f}"))  # fmt: skip
    ti = score_times(articles, article_analyses)
    lines.append(
        row(
            "times",
            "articles: spans",
            ti.spans.precision,
            ti.spans.recall,
            ti.spans.f1,
            f"value F1 {ti.values.f1:.3f}",
        )
    )
    pl = score_places(articles, article_analyses)
    lines.append(row("places", "articles: toponyms", pl.spans.precision, pl.spans.recall, pl.spans.f1,
                     f"within 161 km {pl.accuracy.value:.3f}"))  # fmt: skip
    print("\n".join(lines))
    sections: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lines_of_items = (CORPUS / "items" / f"{args.split}.jsonl").read_text(encoding="utf-8").splitlines()
    raw = {record["id"]: record for record in map(json.loads, lines_of_items)}
    for doc, analysis in zip(items, item_analyses, strict=True):
        gold_events = sum(1 for e in doc.events or () if e.asserted)
        # A few sections are spelled two ways upstream ("Law and Crime"): grouped by their lower case.
        sections[raw[doc.id].get("category", "?").casefold()].append((gold_events, len(analysis.events)))
    print(
        "\n| section | items | gold events per item | newsgraph events per item |\n| --- | --- | --- | --- |"
    )

    def line(name: str, counts: list[tuple[int, int]]) -> str:
        n = len(counts)
        return f"| {name} | {n} | {sum(g for g, _ in counts) / n:.2f} | {sum(p for _, p in counts) / n:.2f} |"

    for name, counts in sorted(sections.items(), key=lambda kv: (kv[0] in POLITICAL, kv[0])):
        print(line(name.capitalize(), counts))
    quiet = [c for name, counts in sections.items() if name in NON_POLITICAL for c in counts]
    if quiet:
        print(line("**all non-political sections** (sports, disasters, science, arts, health)", quiet))


if __name__ == "__main__":
    main()
