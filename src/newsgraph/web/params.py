"""The query parameters of each API endpoint, as pydantic models that forbid anything else.

FastAPI reads a model annotated ``Query()`` as the endpoint's query parameters; ``extra="forbid"``
makes an unknown parameter a 400 answer (a typo like ``?actr=`` must not silently match
everything), and the field constraints document each parameter in ``/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..ontology import EVENT_TYPES
from ..store.query import EventFilter

# Words typed into a search box: bounded, and without control characters (which no text holds).
Words = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]

EVENT_SORTS = ("date", "mentions", "articles", "sources", "type", "confidence")
EventSort = Literal[
    "date", "-date", "mentions", "-mentions", "articles", "-articles",
    "sources", "-sources", "type", "-type", "confidence", "-confidence",
]  # fmt: skip
MAX_PAGE = 1000


# Which coding a listing shows (store/review/rows.py): machine, corrected, or both side by side.
Coding = Literal["machine", "corrected", "both"]
CODING_HELP = (
    "machine (as the models coded it, the default), corrected (the reviewers' corrections applied; "
    "rejected items left out) or both (each row's corrected values under 'corrected')."
)


class Strict(BaseModel):
    """A set of parameters that rejects any parameter it does not name."""

    model_config = ConfigDict(extra="forbid")


class NoParameters(Strict):
    """An endpoint that takes no query parameters at all."""


class Page(Strict):
    """Pagination: at most ``limit`` rows, after skipping ``offset``."""

    limit: int = Field(50, ge=1, le=MAX_PAGE, description="Rows per page.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Rows to skip.")


class EventFilters(Strict):
    """The event filters of ``Store.events``; every one left out matches everything."""

    actor: Words | None = Field(None, description="Actor name (whole words) or code (USA, USAGOV).")
    recipient: Words | None = Field(None, description="Recipient name or code.")
    type: str | None = Field(
        None, description="PLOVER event type.", json_schema_extra={"enum": list(EVENT_TYPES)}
    )
    quad: int | None = Field(None, ge=1, le=4, description="Quad class: 1-2 cooperation, 3-4 conflict.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code.")
    since: Date | None = None
    until: Date | None = None
    place: Words | None = Field(None, description="Place name (whole words).")
    text: Words | None = Field(None, description="Words the article contains (full-text search).")

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value.upper() not in EVENT_TYPES:
            raise ValueError(f"unknown PLOVER event type; choose one of: {', '.join(EVENT_TYPES)}")
        return value

    def filters(self) -> dict[str, Any]:
        """Return the filters that were given, as keyword arguments for the store."""
        names = EventFilter.__dataclass_fields__
        return {
            name: value for name, value in self.model_dump().items() if name in names and value is not None
        }


class EventQuery(EventFilters, Page):
    """``/api/events``: filters, pagination, sort order, and events or reports."""

    sort: EventSort = Field("-date", description="Sort key; a leading '-' sorts descending.")
    reports: bool = Field(False, description="One row per report (article mention), not per event.")
    coding: Coding = Field("machine", description=CODING_HELP + " Needs reports: an event spans articles.")

    @model_validator(mode="after")
    def _coding_needs_reports(self) -> EventQuery:
        if self.coding != "machine" and not self.reports:
            raise ValueError(
                "coding=corrected or both needs reports=true: corrections are made on an article's "
                "report, and a merged event spans articles"
            )
        return self


class ExportQuery(EventFilters):
    """``/api/export``: a format and the filters of the events to export."""

    format: Literal["plover", "gdelt", "csv"] = "csv"
    reports: bool = Field(False, description="CSV: one row per report, not per event.")


CHART_CODING_HELP = (
    "machine (the default), corrected (the reviewers' corrections applied: a rejected report leaves "
    "its event, an edited one whose type, actor or recipient changed counts as an event of its own) "
    "or both (the machine counts, and the corrected ones beside them under 'corrected')."
)


class TimelineQuery(EventFilters):
    """``/api/timeline``: event counts per period, by type or quad."""

    by: Literal["type", "quad"] = "quad"
    interval: Literal["year", "month", "day"] = "month"
    coding: Coding = Field("machine", description=CHART_CODING_HELP)


class PlacesQuery(EventFilters):
    """``/api/places``: the geocoded places of matching events."""

    limit: int = Field(500, ge=1, le=5000)
    coding: Coding = Field("machine", description=CHART_CODING_HELP)


class NetworkQuery(EventFilters):
    """``/api/network``: actor-recipient pairs of matching events."""

    limit: int = Field(200, ge=1, le=2000)
    coding: Coding = Field("machine", description=CHART_CODING_HELP)


class QuoteQuery(Page):
    """``/api/quotes``: by speaker and/or words."""

    speaker: Words | None = Field(None, description="Speaker name (whole words).")
    text: Words | None = Field(None, description="Words the quote contains (full-text search).")
    coding: Coding = Field("machine", description=CODING_HELP)


class EntityQuery(Page):
    """``/api/entities``: by type and/or name."""

    type: str | None = Field(None, pattern=r"^[A-Za-z_]{1,32}$", description="PERSON, ORG, GPE, ...")
    name: Words | None = Field(None, description="Name (whole words).")


class ArticleQuery(Page):
    """``/api/articles``: current articles, optionally by words or source."""

    text: Words | None = Field(None, description="Words the article contains (full-text search).")
    source: Words | None = Field(None, description="The source (publisher) exactly.")


class SearchQuery(Page):
    """``/api/search``: full-text search over articles and quotes."""

    q: Words = Field(description="Words to find (all must occur).")
