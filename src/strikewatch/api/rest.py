"""The REST API under /api: events, their details, counts, map points, documents, downloads, review."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from strikewatch.api.app import Context, context
from strikewatch.api.details import document_detail, event_detail, event_dict
from strikewatch.api.params import Filters, event_filters
from strikewatch.api.schemas import (
    DocumentOut,
    EventDetailOut,
    EventOut,
    EventPageOut,
    EventPatch,
    MergeIn,
    PointsOut,
    ReviewerOut,
    ReviewIn,
    SplitIn,
    SplitOut,
    StatsOut,
)
from strikewatch.api.security import bearer_token, unauthorized
from strikewatch.exports import write_events
from strikewatch.store import Reviewer, StoreError, queries
from strikewatch.store.queries import SORTS

router = APIRouter(prefix="/api", tags=["events"])

MAX_PAGE = 500
SortName = Literal[tuple(f"{prefix}{name}" for name in SORTS for prefix in ("", "-"))]  # type: ignore[misc]
ExportFormat = Literal["csv", "geojson", "acled", "json", "jsonl"]
EXPORT_MEDIA = {
    "csv": ("text/csv; charset=utf-8", "strikewatch-events.csv"),
    "acled": ("text/csv; charset=utf-8", "strikewatch-events-acled.csv"),
    "geojson": ("application/geo+json", "strikewatch-events.geojson"),
    "json": ("application/json", "strikewatch-events.json"),
    "jsonl": ("application/x-ndjson", "strikewatch-events.jsonl"),
}

Ctx = Annotated[Context, Depends(context)]
FiltersDep = Annotated[Filters, Depends(event_filters)]
EventId = Annotated[int, Path(ge=1, description="The event's id.")]


def api_reviewer(request: Request, ctx: Ctx) -> Reviewer:
    """The reviewer whose bearer token came with the request; 401 without a valid one."""
    if not ctx.settings.review:
        raise HTTPException(status_code=403, detail="review is off on this server: start it with --review")
    token = bearer_token(request)
    if token is None:
        raise unauthorized("a reviewer's token is required: send 'Authorization: Bearer TOKEN' "
                           "(make one with `strikewatch token create NAME`)")
    reviewer = ctx.reviewers.for_token(token)
    if reviewer is None:
        raise unauthorized("the token is not valid (unknown or revoked)")
    return reviewer


ReviewerDep = Annotated[Reviewer, Depends(api_reviewer)]


def _store_failure(exc: StoreError) -> HTTPException:
    """A store's refusal as an answer: 404 for a missing event or document, else 409."""
    message = str(exc)
    status = 404 if message.startswith("no event with id") or message.startswith("no document with id") else 409
    return HTTPException(status_code=status, detail=message)


@router.get("/events", response_model=EventPageOut, summary="Events, filtered, sorted and paged")
def list_events(
    request: Request, ctx: Ctx, filters: FiltersDep,
    sort: Annotated[SortName, Query(description="Field to sort by; a leading - sorts descending.")] = "start_date",
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE, description="Events per page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Events to skip.")] = 0,
) -> dict[str, Any]:
    """Events that match every filter, one page at a time, with how many match in all."""
    try:
        found = queries.page(ctx.store, filters.query, sort=sort, limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    following = None
    if limit and offset + limit < found.total:
        following = f"{request.url.path}?{filters.query_string(sort=sort, limit=limit, offset=offset + limit)}"
    return {"total": found.total, "limit": limit, "offset": offset, "sort": sort, "next": following,
            "events": [event_dict(stored) for stored in found.events]}


@router.get("/events/{event_id}", response_model=EventDetailOut, summary="One event with everything about it")
def get_event(ctx: Ctx, event_id: EventId) -> dict[str, Any]:
    """An event's fields, its sources with their evidence sentences labelled, its field history,
    the corrections reviewers made and its audit log."""
    detail = event_detail(ctx.store, event_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no event with id {event_id}")
    return detail.to_dict()


@router.get("/stats", response_model=StatsOut, summary="Counts by period, kind, country, region, sector, demand")
def get_stats(
    ctx: Ctx, filters: FiltersDep,
    interval: Annotated[Literal["week", "month"], Query(description="Period of the timeline counts.")] = "week",
) -> dict[str, Any]:
    """Counts of the events that match the filters: by week (its Monday) or month and kind, and by
    kind, status, country, region, sector, demand and review state."""
    return queries.stats(ctx.store, filters.query, interval=interval).to_dict()


@router.get("/points", response_model=PointsOut, summary="Map points of the matching events")
def get_points(ctx: Ctx, filters: FiltersDep) -> Response:
    """Every matching event that has coordinates, as [id, latitude, longitude, kind, start date]."""
    found = queries.points(ctx.store, filters.query)
    # Answered directly (the shape is PointsOut): checking 100,000 tuples one by one would cost more than the query.
    return JSONResponse({"total": len(found), "points": found})


@router.get("/documents/{document_id}", response_model=DocumentOut, tags=["documents"],
            summary="One report with its text and the events it tells")
def get_document(ctx: Ctx, document_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    """A stored report: metadata, full text, language blocks, and each event it tells with the evidence."""
    detail = document_detail(ctx.store, document_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no document with id {document_id}")
    return detail.to_dict()


@router.get("/export", tags=["downloads"], summary="Download the matching events",
            responses={200: {"content": {"text/csv": {}, "application/geo+json": {}, "application/json": {},
                                         "application/x-ndjson": {}},
                             "description": "The file."}})
def export(
    ctx: Ctx, filters: FiltersDep,
    format: Annotated[ExportFormat, Query(description="csv, geojson, acled (ACLED-style CSV), json or jsonl.")],
    sort: Annotated[SortName, Query()] = "start_date",
) -> Response:
    """Every matching event as a file; `review=reviewed` keeps only reviewed events. The header
    X-Strikewatch-Omitted says how many a format left out and why (GeoJSON needs coordinates, ACLED
    records only actions that took place)."""
    found = queries.events(ctx.store, filters.query, sort=sort)
    out = io.StringIO()
    result = write_events(found, format, out)
    media_type, filename = EXPORT_MEDIA[format]
    headers = {"Content-Disposition": f'attachment; filename="{filename}"',
               "X-Strikewatch-Written": str(result.written)}
    if result.omitted:
        headers["X-Strikewatch-Omitted"] = f"{result.omitted} ({result.omitted_reason})"
    return Response(out.getvalue(), media_type=media_type, headers=headers)


# ---- review --------------------------------------------------------------------------------


@router.get("/reviewer", response_model=ReviewerOut, tags=["review"], summary="Who the token belongs to")
def whoami(reviewer: ReviewerDep) -> dict[str, Any]:
    """The reviewer whose bearer token came with the request."""
    return {"name": reviewer.name}


def patch_changes(patch: dict[str, Any], current_location: dict[str, Any] | None) -> dict[str, Any]:
    """A JSON merge patch of an event as the store's field changes ("actor.size", "location", ...)."""
    changes: dict[str, Any] = {}
    for name, value in patch.items():
        if name == "actor":
            if value is None:
                raise HTTPException(status_code=400, detail="actor cannot be removed: change its fields instead")
            changes.update({f"actor.{key}": item for key, item in value.items()})
        elif name == "location":
            changes["location"] = None if value is None else {**(current_location or {}), **value}
        else:
            changes[name] = value
    return changes


@router.patch("/events/{event_id}", response_model=EventOut, tags=["review"], summary="Correct an event's fields",
              responses={401: {"description": "No valid reviewer token."}})
def patch_event(
    ctx: Ctx, reviewer: ReviewerDep, event_id: EventId,
    patch: Annotated[EventPatch, Body(openapi_examples={"correct": {"summary": "Correct a date and the size",
                                                                     "value": {"start_date": "2024-05-02",
                                                                               "actor": {"size": 300}}}})],
) -> dict[str, Any]:
    """Correct fields of an event. The corrections hold through later ingests and merges, are
    written to the audit log (who, when, before, after) and set the review state to 'edited'."""
    stored = ctx.store.event(event_id)
    if stored is None:
        raise HTTPException(status_code=404, detail=f"no event with id {event_id}")
    given = patch.model_dump(exclude_unset=True)
    current = stored.event.location.to_dict() if stored.event.location else None
    try:
        edited = ctx.store.edit_event(event_id, patch_changes(given, current), who=reviewer.name)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    except StoreError as exc:
        raise _store_failure(exc) from None
    return event_dict(edited)


@router.post("/events/{event_id}/review", response_model=EventOut, tags=["review"],
             summary="Accept or reject an event")
def review_event(ctx: Ctx, reviewer: ReviewerDep, event_id: EventId, decision: ReviewIn) -> dict[str, Any]:
    """Set an event's review state (accepted, rejected, or back to unreviewed); audited."""
    try:
        return event_dict(ctx.store.set_review_state(event_id, decision.state, who=reviewer.name))
    except StoreError as exc:
        raise _store_failure(exc) from None


@router.post("/events/{event_id}/merge", response_model=EventOut, tags=["review"], summary="Merge two events")
def merge_event(ctx: Ctx, reviewer: ReviewerDep, event_id: EventId, other: MergeIn) -> dict[str, Any]:
    """Make another event part of this one (they tell the same action); kept through later merges, audited."""
    try:
        return event_dict(ctx.store.merge_events(event_id, other.other_id, who=reviewer.name))
    except StoreError as exc:
        raise _store_failure(exc) from None


@router.post("/events/{event_id}/split", response_model=SplitOut, tags=["review"], summary="Split a source off")
def split_event(ctx: Ctx, reviewer: ReviewerDep, event_id: EventId, source: SplitIn) -> dict[str, Any]:
    """Take one document's report out of the event (it tells another action); kept, audited."""
    try:
        result = ctx.store.split_source(event_id, source.document_id, who=reviewer.name)
    except StoreError as exc:
        raise _store_failure(exc) from None
    return {"remaining": event_dict(result.remaining), "split_off": event_dict(result.split_off)}

