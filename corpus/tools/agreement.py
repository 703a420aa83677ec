"""Agreement between the two independent labelling passes, as the table in corpus/README.md.

    .venv/bin/python corpus/tools/agreement.py

Each figure is `newsgraph eval TASK corpus/agreement/PART-pass1.jsonl --predictions
corpus/agreement/PART-pass2.jsonl` (the first pass as gold, the second as predictions), so agreement
is measured by exactly the rules the pipeline is scored by. Event triples are compared as asserted
events on both sides (flagged events are not gold triples).
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.evaluation import compare_labels

AGREEMENT = Path(__file__).resolve().parents[1] / "agreement"


def main() -> None:
    rows = ["| part | layer | documents | agreement |", "| --- | --- | --- | --- |"]
    for part in ("items", "articles"):
        first, second = AGREEMENT / f"{part}-pass1.jsonl", AGREEMENT / f"{part}-pass2.jsonl"
        tasks = ("events",) if part == "items" else ("events", "quotes", "entities", "times", "places")
        for task in tasks:
            report = compare_labels(task, first, second)
            m, scores = report.metrics(), report.scores
            documents = getattr(scores, "documents", 0)
            if task == "events":
                text = (
                    f"triple F1 {m['asserted_triple_f1']:.3f} (P {m['asserted_triple_precision']:.3f}, "
                    f"R {m['asserted_triple_recall']:.3f}); type F1 micro {m['type_micro_f1']:.3f}, "
                    f"macro {m['type_macro_f1']:.3f}"
                )
            elif task == "quotes":
                text = f"quote F1 {m['content_f1']:.3f}; speaker agreement {m['speaker_accuracy']:.3f}"
            elif task == "entities":
                text = f"mention F1 (span+type) {m['mention_f1']:.3f}; linking F1 {m['linking_f1']:.3f}"
            elif task == "times":
                text = f"span F1 {m['span_f1']:.3f}; value F1 {m['value_f1']:.3f}"
            else:
                text = f"span F1 {m['span_f1']:.3f}; same place within 161 km {m['accuracy_161km']:.3f}"
            rows.append(f"| {part} | {task} | {documents} | {text} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
