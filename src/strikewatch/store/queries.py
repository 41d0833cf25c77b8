"""Reads for the web: events by page with more filters and any sort order, map points, counts.

``EventQuery`` holds an ``EventFilter`` (the filters of ``strikewatch events``) and what the
dashboard adds: status, sector, review state, text search and a bounding box. Every value
reaches the database as a bound parameter; text search folds case in any script (SQLite gets
the same ``fold`` the store uses for organisation names, PostgreSQL its own ``lower``).

Counts by week or month are made from counts by start date, grouped in Python, because dates
are stored as text that may name only a month or a year: such an event counts in its month
(and is left out of weeks, and said so by ``Stats.imprecise``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from strikewatch.model import SECTORS, STATUSES, Event, Span
from strikewatch.store.repository import (
    _EVENT_LOADING,
    EventFilter,
    Store,
    StoredEvent,
    _conditions,
    _stored_event,
)
from strikewatch.store.schema import (
    REVIEW_STATES,
    DemandRow,
    DocumentRow,
    EventRow,
    EventSourceRow,
    OrganizationRow,
    fold,
)

# What a reader may sort by, and the column behind each name.
SORT_COLUMNS: dict[str, Any] = {
    "start_date": EventRow.start_date,
    "end_date": EventRow.end_date,
    "id": EventRow.id,
    "kind": EventRow.kind,
    "status": EventRow.status,
    "place": EventRow.location_name,
    "region": EventRow.location_admin1,
    "country": EventRow.location_country,
    "sector": EventRow.actor_sector,
    "size": EventRow.actor_size,
    "review_state": EventRow.review_state,
    "updated": EventRow.updated_at,
}
SORTS = tuple(SORT_COLUMNS)
INTERVALS = ("week", "month")
REVIEWED_STATES = ("accepted", "edited")
MAX_TEXT_QUERY = 200
MAX_WORDS = 8


@dataclass(frozen=True)
class BoundingBox:
    """A box on the map: west, south, east, north in degrees (west > east crosses the antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        for name, value, limit in (("west", self.west, 180), ("east", self.east, 180),
                                   ("south", self.south, 90), ("north", self.north, 90)):
            if not math.isfinite(value) or not -limit <= value <= limit:
                raise ValueError(f"bbox: {name} must be between {-limit} and {limit}, not {value}")
        if self.south > self.north:
            raise ValueError(f"bbox: south ({self.south}) is north of north ({self.north})")

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        """A box from "west,south,east,north"."""
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError(f"bbox: {text!r} is not west,south,east,north (four numbers separated by commas)")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ValueError(f"bbox: {text!r} is not west,south,east,north (four numbers)") from None
        return cls(west, south, east, north)


@dataclass(frozen=True)
class EventQuery:
    """Which events to read: the filters of ``EventFilter`` and the dashboard's, all of which must hold."""

    criteria: EventFilter = field(default_factory=EventFilter)
    status: str | None = None
    sector: str | None = None
    review_states: tuple[str, ...] = ()
    text: str | None = None
    bbox: BoundingBox | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: choose one of {', '.join(STATUSES)}")
        if self.sector is not None and self.sector not in SECTORS:
            raise ValueError(f"unknown sector {self.sector!r}: choose one of {', '.join(SECTORS)}")
        for state in self.review_states:
            if state not in REVIEW_STATES:
                raise ValueError(f"unknown review state {state!r}: choose one of {', '.join(REVIEW_STATES)}")
        if self.text is not None and len(self.text) > MAX_TEXT_QUERY:
            raise ValueError(f"the search text has at most {MAX_TEXT_QUERY} characters")


@dataclass(frozen=True)
class EventPage:
    """One page of events and how many match in all."""

    total: int
    events: list[StoredEvent]


# An event on the map: id, latitude, longitude, kind, start date.
Point = tuple[int, float, float, str, str | None]


@dataclass(frozen=True)
class Stats:
    """Counts of the matching events: in all, by period and kind, and by each facet."""

    total: int
    interval: str
    by_period: list[dict[str, Any]]
    imprecise: int
    undated: int
    by_kind: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    by_country: list[dict[str, Any]]
    by_region: list[dict[str, Any]]
    by_sector: list[dict[str, Any]]
    by_demand: list[dict[str, Any]]
    by_review_state: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The counts as plain JSON values."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class DocumentMention:
    """An event told by a document: the event's id, and the event as that document tells it."""

    event_id: int
    mention_key: str
    evidence: list[Span]
    extracted: Event


def _folded(store: Store, column: Any) -> Any:
    """A column folded for case-insensitive matching in any script, on either backend."""
    return func.sw_fold(column) if store.dialect == "sqlite" else func.lower(column)


def _needle(store: Store, word: str) -> str:
    return fold(word) if store.dialect == "sqlite" else word.lower()


def _text_condition(store: Store, text: str) -> ColumnElement[bool] | None:
    """Every word of ``text`` somewhere in the event: summary, place, organisations, demands, titles."""
    words = text.split()[:MAX_WORDS]
    if not words:
        return None
    each: list[ColumnElement[bool]] = []
    for word in words:
        needle = _needle(store, word)
        folded_needle = fold(word)
        each.append(or_(
            _folded(store, EventRow.summary).contains(needle, autoescape=True),
            _folded(store, EventRow.location_name).contains(needle, autoescape=True),
            _folded(store, EventRow.location_venue).contains(needle, autoescape=True),
            EventRow.location_admin1_folded.contains(folded_needle, autoescape=True),
            EventRow.kind.contains(folded_needle, autoescape=True),
            EventRow.actor_sector.contains(folded_needle, autoescape=True),
            EventRow.organizations.any(OrganizationRow.name_folded.contains(folded_needle, autoescape=True)),
            EventRow.demands.any(or_(
                _folded(store, DemandRow.text).contains(needle, autoescape=True),
                DemandRow.category.contains(folded_needle, autoescape=True),
            )),
            EventRow.sources.any(EventSourceRow.document.has(
                _folded(store, DocumentRow.title).contains(needle, autoescape=True)
            )),
        ))
    return and_(*each)


def _bbox_condition(box: BoundingBox) -> ColumnElement[bool]:
    latitude = EventRow.location_lat.between(box.south, box.north)
    if box.west <= box.east:
        longitude = EventRow.location_lon.between(box.west, box.east)
    else:
        longitude = or_(EventRow.location_lon >= box.west, EventRow.location_lon <= box.east)
    return and_(EventRow.location_lat.is_not(None), latitude, longitude)


def conditions(store: Store, query: EventQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a query."""
    found = _conditions(query.criteria)
    if query.status:
        found.append(EventRow.status == query.status)
    if query.sector:
        found.append(EventRow.actor_sector == query.sector)
    if query.review_states:
        found.append(EventRow.review_state.in_(query.review_states))
    if query.text:
        condition = _text_condition(store, query.text)
        if condition is not None:
            found.append(condition)
    if query.bbox is not None:
        found.append(_bbox_condition(query.bbox))
    return found


def _ordered(statement: Select[Any], sort: str) -> Select[Any]:
    """``statement`` in the order of ``sort`` ("start_date", "-start_date", ...), empty values last."""
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    column = SORT_COLUMNS.get(name)
    if column is None:
        raise ValueError(f"cannot sort by {name!r}: choose one of {', '.join(SORTS)} (with - for descending)")
    if column is EventRow.id:
        return statement.order_by(EventRow.id.desc() if descending else EventRow.id)
    if descending:
        return statement.order_by(column.is_(None), column.desc(), EventRow.id.desc())
    return statement.order_by(column.is_(None), column, EventRow.id)


def count(store: Store, query: EventQuery) -> int:
    """How many events match."""
    with store.read_session() as session:
        return _count(session, store, query)


def _count(session: Session, store: Store, query: EventQuery) -> int:
    statement = select(func.count(EventRow.id)).where(*conditions(store, query))
    return int(session.scalar(statement) or 0)


def page(store: Store, query: EventQuery, *, sort: str = "start_date", limit: int = 50,
         offset: int = 0) -> EventPage:
    """One page of the matching events in the order of ``sort``, and how many match in all."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must be zero or more")
    statement = _ordered(select(EventRow).where(*conditions(store, query)), sort)
    statement = statement.options(*_EVENT_LOADING).offset(offset).limit(limit)
    with store.read_session() as session:
        total = _count(session, store, query)
        rows = session.scalars(statement).all() if limit else []
        return EventPage(total=total, events=[_stored_event(row) for row in rows])


def events(store: Store, query: EventQuery, *, sort: str = "start_date") -> list[StoredEvent]:
    """Every matching event in the order of ``sort`` (for downloads)."""
    statement = _ordered(select(EventRow).where(*conditions(store, query)), sort).options(*_EVENT_LOADING)
    with store.read_session() as session:
        return [_stored_event(row) for row in session.scalars(statement)]


def points(store: Store, query: EventQuery) -> list[Point]:
    """The matching events that have coordinates, as map points."""
    statement = (
        select(EventRow.id, EventRow.location_lat, EventRow.location_lon, EventRow.kind, EventRow.start_date)
        .where(*conditions(store, query), EventRow.location_lat.is_not(None), EventRow.location_lon.is_not(None))
        .order_by(EventRow.id)
    )
    with store.read_session() as session:
        # Plain tuples through the connection, past the ORM: a map of every event is the largest
        # answer the dashboard asks for.
        return [tuple(row) for row in session.connection().execute(statement)]  # type: ignore[misc]


def week_of(day: date) -> date:
    """The Monday of the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def _periods(rows: Sequence[tuple[str | None, str, int]], interval: str) -> tuple[list[dict[str, Any]], int, int]:
    """Counts by (period, kind) from counts by (start date, kind); and the imprecise and undated counts."""
    counts: Counter[tuple[str, str]] = Counter()
    imprecise = undated = 0
    for start, kind, number in rows:
        if not start:
            undated += number
            continue
        if interval == "month":
            if len(start) < 7:
                imprecise += number
                continue
            counts[(start[:7], kind)] += number
            continue
        if len(start) < 10:
            imprecise += number
            continue
        try:
            day = date.fromisoformat(start[:10])
        except ValueError:
            imprecise += number
            continue
        counts[(week_of(day).isoformat(), kind)] += number
    by_period = [{"period": period, "kind": kind, "count": n} for (period, kind), n in sorted(counts.items())]
    return by_period, imprecise, undated


def _grouped(session: Session, where: list[ColumnElement[bool]], *columns: Any) -> list[tuple[Any, ...]]:
    statement = select(*columns, func.count(EventRow.id)).where(*where).group_by(*columns)
    return [tuple(row) for row in session.connection().execute(statement)]


def _ranked(rows: Sequence[tuple[Any, ...]], *names: str) -> list[dict[str, Any]]:
    """Rows of (value..., count) as dicts, most frequent first, then by value."""
    made = [dict(zip((*names, "count"), row, strict=True)) for row in rows]
    return sorted(made, key=lambda d: (-d["count"], [str(d[n] or "") for n in names]))


def stats(store: Store, query: EventQuery, *, interval: str = "week") -> Stats:
    """Counts of the matching events by week or month and kind, and by kind, status, place, sector, demand."""
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}: choose one of {', '.join(INTERVALS)}")
    where = conditions(store, query)
    with store.read_session() as session:
        by_day = _grouped(session, where, EventRow.start_date, EventRow.kind)
        by_status = _grouped(session, where, EventRow.status)
        by_region = _grouped(session, where, EventRow.location_country, EventRow.location_admin1)
        by_sector = _grouped(session, where, EventRow.actor_sector)
        by_review = _grouped(session, where, EventRow.review_state)
        demand_statement = select(DemandRow.category, func.count(func.distinct(DemandRow.event_id)))
        if where:
            demand_statement = demand_statement.where(DemandRow.event_id.in_(select(EventRow.id).where(*where)))
        demand_statement = demand_statement.group_by(DemandRow.category)
        by_demand = [tuple(row) for row in session.execute(demand_statement)]
    by_period, imprecise, undated = _periods(by_day, interval)
    kinds: Counter[str] = Counter()
    for _start, kind, number in by_day:
        kinds[kind] += number
    countries: Counter[str | None] = Counter()
    for country, _region, number in by_region:
        countries[country] += number
    return Stats(
        total=sum(kinds.values()),
        interval=interval,
        by_period=by_period,
        imprecise=imprecise,
        undated=undated,
        by_kind=_ranked(list(kinds.items()), "kind"),
        by_status=_ranked(by_status, "status"),
        by_country=_ranked(list(countries.items()), "country"),
        by_region=_ranked(by_region, "country", "region"),
        by_sector=_ranked(by_sector, "sector"),
        by_demand=_ranked(by_demand, "demand"),
        by_review_state=_ranked(by_review, "review_state"),
    )


def mentions(store: Store, event_id: int) -> dict[str, Event]:
    """Each mention of an event, by key: the event as its report tells it."""
    statement = select(EventSourceRow.mention_key, EventSourceRow.extracted).where(EventSourceRow.event_id == event_id)
    with store.read_session() as session:
        return {key: Event.from_dict(extracted or {}) for key, extracted in session.execute(statement)}


def document_mentions(store: Store, document_id: int) -> list[DocumentMention]:
    """The events a document tells, each as that document tells it, in the document's order."""
    statement = (
        select(EventSourceRow.event_id, EventSourceRow.mention_key, EventSourceRow.evidence, EventSourceRow.extracted)
        .where(EventSourceRow.document_id == document_id)
        .order_by(EventSourceRow.ordinal)
    )
    with store.read_session() as session:
        return [
            DocumentMention(
                event_id=event_id, mention_key=key,
                evidence=[Span(int(s["start"]), int(s["end"]), s.get("language") or "") for s in evidence or []],
                extracted=Event.from_dict(extracted or {}),
            )
            for event_id, key, evidence, extracted in session.execute(statement)
        ]


def field_edits(store: Store, event_id: int) -> list[Any]:
    """The corrections that hold for an event, oldest first (see ``store.edits``)."""
    from strikewatch.store.edits import edits_on

    with store.read_session() as session:
        keys = list(session.scalars(select(EventSourceRow.mention_key).where(EventSourceRow.event_id == event_id)))
        return edits_on(session, keys)
