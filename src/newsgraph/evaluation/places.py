"""Score places: toponym spans that overlap well, and geocoding accuracy within 161 km."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis, Place
from .gold import GoldDoc, GoldPlace, labelled_pairs
from .matching import PRF, Share, max_matching, span_quality
from .tables import PRF_HEADER, aligned, prf_cells

# 100 miles, the customary tolerance of geoparsing evaluations (accuracy@161km).
TOLERANCE_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def resolved_correctly(gold: GoldPlace, place: Place) -> bool:
    """Equal GeoNames id, or both coordinates known and within 161 km of each other."""
    if gold.geonameid is not None and gold.geonameid == place.geonameid:
        return True
    if None in (gold.lat, gold.lon, place.lat, place.lon):
        return False
    return haversine_km(gold.lat, gold.lon, place.lat, place.lon) <= TOLERANCE_KM  # type: ignore[arg-type]


@dataclass
class PlaceScores:
    """Toponym span P/R/F1, and accuracy within 161 km among matched places gold has located."""

    documents: int = 0
    spans: PRF = field(default_factory=PRF)
    accuracy: Share = field(default_factory=Share)

    def metrics(self) -> dict[str, float]:
        """The headline numbers by name, as the quality gate and ``--json`` report them."""
        return {
            "span_precision": self.spans.precision,
            "span_recall": self.spans.recall,
            "span_f1": self.spans.f1,
            "accuracy_161km": self.accuracy.value,
        }

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as plain data."""
        return {
            "documents": self.documents,
            "spans": self.spans.to_dict(),
            "accuracy_161km": self.accuracy.to_dict(),
            "metrics": self.metrics(),
        }

    def table(self) -> str:
        """A readable table of the scores."""
        rows = [["", *PRF_HEADER], ["toponyms", *prf_cells(self.spans)]]
        return (
            f"places: {self.documents} documents\n"
            f"accuracy within {TOLERANCE_KM:.0f} km {self.accuracy.value:.3f} "
            f"({self.accuracy.hits}/{self.accuracy.total} matched places that gold locates)\n" + aligned(rows)
        )


def score_places(gold_docs: Sequence[GoldDoc], analyses: Sequence[Analysis]) -> PlaceScores:
    """Score predicted place mentions against every document that labels places."""
    scores = PlaceScores()
    for doc, analysis in labelled_pairs("places", gold_docs, analyses):
        scores.documents += 1
        gold = doc.places or ()
        # Each mention of a predicted place is one predicted toponym, carrying the place's geocode.
        predicted = [(m, place) for place in analysis.places for m in place.mentions]
        pairs = max_matching(gold, predicted, lambda g, p: span_quality(g.span, p[0]))
        scores.spans.add(len(pairs), len(predicted), len(gold))
        for i, j in pairs:
            if gold[i].geonameid is not None or gold[i].lat is not None:
                scores.accuracy.add(resolved_correctly(gold[i], predicted[j][1]))
    return scores
