"""The shapes of the API's answers and requests, for validation and for the OpenAPI document.

Events keep the interchange format of EVENTS.md, with the store's id, review state and sources
around it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from strikewatch.model import DEMAND_CATEGORIES, GROUPS, KINDS, PRECISIONS, SECTORS, STATUSES

Kind = Literal[KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]
Group = Literal[GROUPS]  # type: ignore[valid-type]
Sector = Literal[SECTORS]  # type: ignore[valid-type]
DemandCategory = Literal[DEMAND_CATEGORIES]  # type: ignore[valid-type]
ReviewState = Literal["unreviewed", "accepted", "rejected", "edited"]


class SpanOut(BaseModel):
    """A stretch of a document's text, end exclusive."""

    start: int
    end: int
    language: str


class EvidenceOut(SpanOut):
    """An evidence sentence with its text and the fields of the event it supports."""

    text: str
    fields: list[str] = Field(description="Fields whose values were found in the sentence: kind, date, place, "
                                          "organisation, union, target, demand, size, arrests, injuries, fatalities.")


class PlaceOut(BaseModel):
    """Where the action took place."""

    name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str
    venue: str | None
    geonameid: int | None


class ActorOut(BaseModel):
    """Who acted."""

    group: str | None
    organizations: list[str]
    unions: list[str]
    sector: str | None
    size: int | None


class DemandOut(BaseModel):
    """One demand."""

    category: str
    text: str
    percent: float | None


class SourceOut(BaseModel):
    """A document that reports the event, and where in its text."""

    document_id: int
    doc_key: str
    url: str | None
    title: str | None
    published: str | None
    languages: list[str]
    evidence: list[SpanOut]


class EventOut(BaseModel):
    """An event: the interchange format with its id, review state and sources."""

    id: int
    kind: str
    status: str
    start_date: str | None
    end_date: str | None
    location: PlaceOut | None
    actor: ActorOut
    demands: list[DemandOut]
    targets: list[str]
    fatalities: int | None
    arrests: int | None
    injuries: int | None
    languages: list[str]
    evidence: list[SpanOut]
    summary: str
    review_state: str
    sources: list[SourceOut]
    updated_at: str


class EventPageOut(BaseModel):
    """A page of events."""

    total: int = Field(description="How many events match the filters in all.")
    limit: int
    offset: int
    sort: str
    next: str | None = Field(description="The URL of the next page, or null on the last one.")
    events: list[EventOut]


class SourceDetailOut(SourceOut):
    """A source with its evidence sentences labelled, and why it belongs to the event."""

    evidence: list[EvidenceOut]  # type: ignore[assignment]
    origin: str
    merged_with_document: int | None = Field(description="The source it is closest to, for every source after the "
                                                          "first.")
    merge_reason: str | None


class HistoryStepOut(BaseModel):
    """A value a report gave a field, in publication order."""

    field: str
    value: Any
    previous: Any
    document_id: int | None
    doc_key: str | None
    published: str | None


class FieldEditOut(BaseModel):
    """A correction a reviewer made to a field."""

    id: int
    field: str
    value: Any
    who: str
    at: str


class AuditOut(BaseModel):
    """An act recorded in the audit log."""

    id: int
    actor: str
    at: str
    action: str
    event_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventDetailOut(EventOut):
    """An event with its sources' labelled evidence, its field history, corrections and audit log."""

    sources: list[SourceDetailOut]  # type: ignore[assignment]
    history: list[HistoryStepOut]
    edits: list[FieldEditOut]
    audit: list[AuditOut]


class CountOut(BaseModel):
    """A count of events with one value."""

    model_config = ConfigDict(extra="allow")
    count: int


class PeriodCountOut(BaseModel):
    """Events of one kind starting in one week (its Monday) or month."""

    period: str
    kind: str
    count: int


class StatsOut(BaseModel):
    """Counts of the matching events."""

    total: int
    interval: Literal["week", "month"]
    by_period: list[PeriodCountOut]
    imprecise: int = Field(description="Events whose start date is too vague for the interval (a month or a year).")
    undated: int
    by_kind: list[CountOut]
    by_status: list[CountOut]
    by_country: list[CountOut]
    by_region: list[CountOut]
    by_sector: list[CountOut]
    by_demand: list[CountOut]
    by_review_state: list[CountOut]


class PointsOut(BaseModel):
    """The matching events that have coordinates, for a map."""

    total: int
    points: list[tuple[int, float, float, str, str | None]] = Field(
        description="[id, latitude, longitude, kind, start date] for each event.")


class BlockOut(BaseModel):
    """A run of a document's text in one language."""

    start: int
    end: int
    language: str


class DocumentEventOut(BaseModel):
    """An event a document tells, with the document's evidence for it."""

    event_id: int
    kind: str
    summary: str
    evidence: list[EvidenceOut]


class DocumentOut(BaseModel):
    """A stored report, its text and the events it tells."""

    id: int
    doc_key: str
    title: str | None
    url: str | None
    published: str | None
    languages: list[str]
    blocks: list[BlockOut]
    text: str
    ingested_at: str
    events: list[DocumentEventOut]


class ReviewerOut(BaseModel):
    """Who a token belongs to."""

    name: str


class PlacePatch(BaseModel):
    """Changes to the place; keys left out keep their value, null clears one."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    admin1: str | None = None
    country: str | None = Field(default=None, description="ISO 3166 code (FR or FRA).")
    lat: float | None = None
    lon: float | None = None
    precision: Precision | None = None
    venue: str | None = None
    geonameid: int | None = None


class ActorPatch(BaseModel):
    """Changes to the actor; keys left out keep their value."""

    model_config = ConfigDict(extra="forbid")
    group: Group | None = None
    organizations: list[str] | None = None
    unions: list[str] | None = None
    sector: Sector | None = None
    size: int | None = Field(default=None, ge=0)


class DemandIn(BaseModel):
    """A demand as a reviewer writes it."""

    model_config = ConfigDict(extra="forbid")
    category: DemandCategory
    text: str = ""
    percent: float | None = Field(default=None, ge=0)


class EventPatch(BaseModel):
    """Corrections to an event, as a JSON merge patch (RFC 7396): keys left out keep their value.

    ``location`` and ``actor`` are merged key by key (``"location": null`` removes the place);
    lists (organisations, unions, targets, demands) are replaced whole.
    """

    model_config = ConfigDict(extra="forbid")
    kind: Kind | None = None
    status: Status | None = None
    start_date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    end_date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    location: PlacePatch | None = None
    actor: ActorPatch | None = None
    demands: list[DemandIn] | None = None
    targets: list[str] | None = None
    fatalities: int | None = Field(default=None, ge=0)
    arrests: int | None = Field(default=None, ge=0)
    injuries: int | None = Field(default=None, ge=0)
    summary: str | None = None


class ReviewIn(BaseModel):
    """A review decision."""

    model_config = ConfigDict(extra="forbid")
    state: Literal["accepted", "rejected", "unreviewed"]


class MergeIn(BaseModel):
    """The event to merge into this one."""

    model_config = ConfigDict(extra="forbid")
    other_id: int


class SplitIn(BaseModel):
    """The source (document) to take out of the event."""

    model_config = ConfigDict(extra="forbid")
    document_id: int


class SplitOut(BaseModel):
    """The event that keeps the other sources, and the event the source belongs to now."""

    remaining: EventOut
    split_off: EventOut
