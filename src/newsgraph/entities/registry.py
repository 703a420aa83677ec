"""Adding entities and mentions to an Analysis, for this stage and for later ones (events, quotes)."""

from __future__ import annotations

from ..model import Analysis, Entity, Span
from ..names import display_name


def next_entity_id(analysis: Analysis) -> str:
    """Return the next free entity id ("E1", "E2", ...)."""
    used = [int(e.id[1:]) for e in analysis.entities if e.id[:1] == "E" and e.id[1:].isdigit()]
    return f"E{max(used, default=0) + 1}"


def add_entity(
    analysis: Analysis,
    name: str,
    type: str,
    span: Span,
    country: str | None = None,
    sector: str | None = None,
) -> Entity:
    """Return the entity with this exact mention, else a new one with the next free id.

    An existing entity keeps its coding; where it has no country or sector, the given ones fill in.
    Later stages call this for nominal actors the NER does not tag ("police", "protesters").
    """
    span = (int(span[0]), int(span[1]))
    for entity in analysis.entities:
        if span in entity.mentions:
            entity.country = entity.country or country
            entity.sector = entity.sector or sector
            return entity
    entity = Entity(
        id=next_entity_id(analysis),
        name=display_name(name),
        type=type,
        country=country,
        sector=sector,
        mentions=[span],
    )
    analysis.entities.append(entity)
    return entity
