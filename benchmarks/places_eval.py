"""Score the places stage alone on a gold file, with the numbers issue 14 asks for.

    .venv/bin/python benchmarks/places_eval.py ../shared/eval/dev/places-lgl.jsonl
    .venv/bin/python benchmarks/places_eval.py corpus/articles/dev.jsonl
    .venv/bin/python benchmarks/places_eval.py GOLD --demonyms --inside-names   # LGL's conventions

Prints toponym P/R/F1 and accuracy within 161 km exactly as ``newsgraph eval places`` scores them
(the same scorer), the median error in km over matched places that gold locates (0 for an equal
GeoNames id, 20,000 km for a place left without coordinates), and, because LGL labels demonyms
("Russian") and newsgraph's guidelines do not, the same scores with gold's demonyms left out. Only
spaCy and the places stage run, so a full dev set takes a minute, not the whole pipeline's time.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

from newsgraph.errors import InputError
from newsgraph.evaluation.gold import GoldDoc, read_gold
from newsgraph.evaluation.matching import max_matching, span_quality
from newsgraph.evaluation.places import PlaceScores, haversine_km, score_places
from newsgraph.evaluation.run import _published
from newsgraph.model import Analysis, Article
from newsgraph.pipeline import Draft, Pipeline
from newsgraph.places import PlaceStage
from newsgraph.places.toponyms import is_demonym

UNLOCATED_KM = 20_000.0


def median_error_km(gold_docs: list[GoldDoc], analyses: list[Analysis]) -> float:
    """Median distance between gold and predicted points over matched places gold locates."""
    errors = []
    for gold, analysis in zip(gold_docs, analyses, strict=True):
        places = gold.places or ()
        predicted = [(m, p) for p in analysis.places for m in p.mentions]
        for i, j in max_matching(places, predicted, lambda g, p: span_quality(g.span, p[0])):
            g, p = places[i], predicted[j][1]
            if g.lat is None or g.lon is None:
                continue
            if g.geonameid is not None and g.geonameid == p.geonameid:
                errors.append(0.0)
            elif p.lat is None or p.lon is None:
                errors.append(UNLOCATED_KM)
            else:
                errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon))
    return statistics.median(errors) if errors else float("nan")


def _line(label: str, scores: PlaceScores, median: float) -> str:
    m = scores.metrics()
    return (
        f"{label:<24} P {m['span_precision']:.3f}  R {m['span_recall']:.3f}  F1 {m['span_f1']:.3f}  "
        f"acc@161km {m['accuracy_161km']:.3f} ({scores.accuracy.hits}/{scores.accuracy.total})  "
        f"median error {median:.1f} km"
    )


def main() -> None:
    """Parse, run the places stage, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument(
        "--demonyms", action="store_true", help="count demonyms as toponyms (LGL's convention)"
    )
    parser.add_argument(
        "--inside-names", action="store_true", help="places inside organisation names (LGL's)"
    )
    args = parser.parse_args()
    gold = [g for g in read_gold(args.gold) if g.places is not None]
    pipeline = Pipeline(stages=[])
    stage = PlaceStage(pipeline.nlp, demonyms=args.demonyms, inside_names=args.inside_names)
    stage.gazetteer  # noqa: B018 - loaded outside the timed part
    analyses: list[Analysis] = []
    fit: list[tuple[Analysis, int]] = []
    for g in gold:
        article = Article(text=g.text, published=_published(g.published), external_id=g.id)
        analyses.append(Analysis(article=article))
        try:
            pipeline.check(article)  # what the pipeline would refuse counts as predicting nothing
        except InputError:
            continue
        fit.append((analyses[-1], len(analyses) - 1))
    t0 = time.perf_counter()
    docs = list(pipeline.nlp.pipe([a.article.text for a, _ in fit]))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    for (analysis, _), doc in zip(fit, docs, strict=True):
        stage(Draft(analysis=analysis, doc=doc))
    places = time.perf_counter() - t0
    print(f"{args.gold}: {len(gold)} documents (demonyms={args.demonyms}, inside_names={args.inside_names})")
    print(_line("all gold toponyms", score_places(gold, analyses), median_error_km(gold, analyses)))
    without = [
        dataclasses.replace(
            g, places=tuple(p for p in g.places or () if not is_demonym(g.text[p.span[0] : p.span[1]]))
        )
        for g in gold
    ]
    dropped = sum(len(g.places or ()) for g in gold) - sum(len(g.places or ()) for g in without)
    print(
        _line(
            f"without {dropped} demonyms", score_places(without, analyses), median_error_km(without, analyses)
        )
    )
    n = max(len(fit), 1)
    print(
        f"places stage {places / n * 1000:.1f} ms per article; spaCy {parse / n * 1000:.1f} ms "
        f"({places / parse:.2f} x spaCy)"
    )


if __name__ == "__main__":
    main()
