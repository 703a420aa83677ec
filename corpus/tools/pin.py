"""Score today's pipeline on the corpus's test split and pin the gate's minimums (corpus/baseline.json).

    .venv/bin/python corpus/tools/pin.py                    # raise minimums to today's scores; pin hashes
    .venv/bin/python corpus/tools/pin.py --lower "REASON"   # also allow minimums to go down, logged with REASON
    .venv/bin/python corpus/tools/pin.py --print            # only print the scores (the README table)

A minimum is the measured score rounded down to two decimals. Without --lower, a score below a
pinned minimum stops the command and changes nothing; the CI gate (tests/test_corpus_gate.py) also
fails any commit whose baseline lowers a minimum without a logged reason.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from newsgraph.evaluation import evaluate
from newsgraph.evaluation.gate import Check, gold_problems, lowering_problems, pinned_minimum, sha256_of
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

CORPUS = Path(__file__).resolve().parents[1]
BASELINE = CORPUS / "baseline.json"
# What the gate scores, and the metrics it pins for each.
PINNED: dict[Check, tuple[str, ...]] = {
    Check("events", "items/test.jsonl"): (
        "triple_f1",
        "asserted_triple_f1",
        "type_micro_f1",
        "type_macro_f1",
    ),
    Check("events", "articles/test.jsonl"): ("triple_f1", "asserted_triple_f1", "type_micro_f1"),
    Check("quotes", "articles/test.jsonl"): ("content_f1", "speaker_accuracy"),
    Check("entities", "articles/test.jsonl"): ("mention_f1", "linking_f1"),
    Check("times", "articles/test.jsonl"): ("span_f1", "value_f1"),
    Check("places", "articles/test.jsonl"): ("span_f1", "accuracy_161km"),
}
COMMENT = [
    "The corpus quality gate (tests/test_corpus_gate.py): each check 'TASK GOLD' scores the pipeline on a",
    "test-split gold file of corpus/, whose bytes are pinned in 'gold'. Written by corpus/tools/pin.py;",
    "a minimum goes down only with `pin.py --lower REASON`, which logs it in 'lowered' (give the same REASON in the commit message). Never tune on the test split.",
]


def score_all() -> dict[str, dict[str, float]]:
    pipeline = Pipeline(Settings.from_env())
    results = {}
    for check, metrics in PINNED.items():
        report = evaluate(check.task, CORPUS / check.gold, pipeline)
        scores = report.metrics()
        results[check.key] = {m: scores[m] for m in metrics}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lower", metavar="REASON", help="allow minimums to go down; REASON is logged")
    parser.add_argument("--print", dest="only_print", action="store_true", help="print the scores only")
    args = parser.parse_args()
    results = score_all()
    print(json.dumps(results, indent=1))
    if args.only_print:
        return 0
    old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    new = {
        "_comment": COMMENT,
        "gold": {check.gold: sha256_of(CORPUS / check.gold) for check in PINNED},
        "minimums": {
            key: {m: max(pinned_minimum(v), 0.0) for m, v in scores.items()}
            for key, scores in results.items()
        },
        "lowered": list(old.get("lowered", [])),
    }
    # Never raise nothing into a lowering by accident: keep an old minimum the new score still reaches.
    for key, minimums in new["minimums"].items():
        for metric, value in minimums.items():
            before = old.get("minimums", {}).get(key, {}).get(metric)
            if before is not None and value < before:
                if not args.lower:
                    print(
                        f"{key}.{metric}: {value} is below the pinned {before}; pass --lower REASON to accept"
                    )
                    return 1
                new["lowered"].append(
                    {"check": key, "metric": metric, "from": before, "to": value, "reason": args.lower,
                     "date": datetime.date.today().isoformat()}
                )  # fmt: skip
    problems = lowering_problems(old, new) + gold_problems(new, CORPUS)
    if problems:
        print("\n".join(problems))
        return 1
    BASELINE.write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")
    print(f"pinned {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
