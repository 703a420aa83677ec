"""The entities stage: NER mentions grouped into one entity per referent, coded country + sector.

Public helpers for later stages: ``add_entity`` (find or create the entity of a mention) and
``newsgraph.entities.coding.code_phrase`` (country and sector of any actor phrase).
"""

from __future__ import annotations

from .registry import add_entity, next_entity_id
from .stage import EntityStage

__all__ = ["EntityStage", "add_entity", "next_entity_id"]
