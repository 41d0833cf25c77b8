"""Reading and writing the store: documents with their events in one transaction, filtered reads.

``Store`` speaks the project's dataclasses (``Document``, ``Event``) on the outside and the
tables of ``schema`` on the inside, so callers never see a session or a row.

Adding a document stores each of its events as a mention and merges it with the stored
events that tell the same action (``strikewatch.merge``, run by ``store.identity``). People
correct the merge with ``merge_events`` and ``split_source``; their decisions are kept by
mention and honoured by every later merge, and each act is written to the audit log.

Writers never step on each other: on SQLite every write transaction takes the database's
write lock when it begins (``BEGIN IMMEDIATE``); on PostgreSQL a transaction takes advisory
locks on the document's content hash and URL and on each country whose mentions it reads
for merging, and is retried when the server breaks a deadlock between two of them.
"""

from __future__ import annotations

import calendar
import getpass
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, func, inspect, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, joinedload, selectinload, sessionmaker, undefer

from strikewatch.model import (
    DEMAND_CATEGORIES,
    KINDS,
    Actor,
    Block,
    Demand,
    Document,
    Event,
    Place,
    Span,
)
from strikewatch.merge import (
    Decisions,
    Mention,
    PairScore,
    SentenceEncoder,
    default_encoder,
    embed,
    evidence_sentences,
    explain,
    mention_key,
    pair,
    publication_order,
)
from strikewatch.sources import content_hash
from strikewatch.store import identity
from strikewatch.store.schema import (
    REVIEW_STATES,
    AuditRow,
    DemandRow,
    DocumentRow,
    EventRow,
    EventSourceRow,
    FieldChangeRow,
    MergeDecisionRow,
    OrganizationRow,
    fold,
)

DEFAULT_DATABASE_URL = "sqlite:///strikewatch.db"
DATABASE_URL_ENV = "STRIKEWATCH_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Where the migrations live, as Alembic's "package:folder" location.
MIGRATIONS = "strikewatch.store:migrations"
FIRST_REVISION = "0001"
# A transaction that PostgreSQL broke to end a deadlock, or could not serialise, is run again.
RETRIES = 5
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})

log = logging.getLogger(__name__)
T = TypeVar("T")

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class StoreError(Exception):
    """The store could not be opened, read or written; the message says what and why."""


def database_url(cli_value: str | None) -> str:
    """The database to use: ``--db`` if given, else ``$STRIKEWATCH_DB``, else ./strikewatch.db."""
    if cli_value:
        return cli_value
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def parse_date_bound(value: str, *, end: bool = False) -> date:
    """A day from YYYY-MM-DD, YYYY-MM or YYYY: the period's first day, or its last when ``end``."""
    match = _DATE_BOUND.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            return date(int(year), int(month), int(day))
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), last if end else 1)
        return date(int(year), 12, 31) if end else date(int(year), 1, 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date: {exc}") from exc


@dataclass(frozen=True)
class EventFilter:
    """Which events to read: every given criterion must hold."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    region: str | None = None
    kind: str | None = None
    demand: str | None = None
    org: str | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}: choose one of {', '.join(KINDS)}")
        if self.demand is not None and self.demand not in DEMAND_CATEGORIES:
            raise ValueError(
                f"unknown demand category {self.demand!r}: choose one of {', '.join(DEMAND_CATEGORIES)}"
            )
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be zero or more, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be zero or more, not {self.offset}")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")


@dataclass(frozen=True)
class EventSource:
    """A document that reports an event, and where in its text the event is told."""

    document_id: int
    doc_key: str
    url: str | None
    title: str | None
    published: date | None
    languages: list[str]
    evidence: list[Span]
    mention_key: str = ""
    origin: str = "extracted"

    def to_dict(self) -> dict[str, Any]:
        """The source as plain JSON values."""
        return {
            "document_id": self.document_id,
            "doc_key": self.doc_key,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "languages": list(self.languages),
            "evidence": [span.to_dict() for span in self.evidence],
        }


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored: its id, the event, its review state and the documents that report it."""

    id: int
    event: Event
    review_state: str
    sources: list[EventSource]
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The event's interchange dict with its id, review state and sources."""
        return {
            "id": self.id,
            **self.event.to_dict(),
            "review_state": self.review_state,
            "sources": [source.to_dict() for source in self.sources],
        }


@dataclass(frozen=True)
class StoredDocument:
    """A document as stored: its surrogate id, the document itself, its content hash and ingest time."""

    id: int
    document: Document
    content_hash: str
    ingested_at: datetime


@dataclass(frozen=True)
class AddResult:
    """What ``Store.add_document`` did: the document's id, whether it was new, and its events' ids.

    ``event_ids`` has the id of the stored event of each given event, in order; ``merged`` the
    ones among them that other documents already reported.
    """

    document_id: int
    new: bool
    event_ids: tuple[int, ...] = field(default=())
    merged: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class FieldHistory:
    """One step in the history of an event's field: the value, the one before, and the report that set it."""

    field: str
    value: Any
    previous: Any
    document_id: int | None
    doc_key: str | None
    published: date | None
    mention_key: str

    def to_dict(self) -> dict[str, Any]:
        """The step as plain JSON values."""
        return {
            "field": self.field, "value": self.value, "previous": self.previous,
            "document_id": self.document_id, "doc_key": self.doc_key,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True)
class MergeReason:
    """Why a source belongs to its event: the source it is closest to, the signals, or a person's word."""

    document_id: int
    closest_document_id: int
    score: PairScore
    by_hand: bool
    who: str | None = None

    def describe(self) -> str:
        """The reason in one line."""
        if self.by_hand:
            said = f"put together by hand by {self.who}" if self.who else "put together by hand"
            return f"{said}; {self.score.explain()}" if self.score.signals else said
        return f"score {self.score.total:.1f}: {self.score.explain()}"


@dataclass(frozen=True)
class AuditEntry:
    """One act recorded in the audit log: who, when, what, on which event, before and after."""

    id: int
    actor: str
    at: datetime
    action: str
    event_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class SplitResult:
    """What ``Store.split_source`` did: the event that keeps the other sources, and the source's event now."""

    remaining: StoredEvent
    split_off: StoredEvent


def current_user() -> str:
    """The name of the person at the keyboard, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers) and no $USER
        return "unknown"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Turn on what SQLite leaves off: foreign keys, concurrent readers (WAL), waiting on locks."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
    # SQLAlchemy emits BEGIN itself (see _begin_sqlite), so that DDL is transactional and a write
    # transaction can take the write lock when it starts instead of failing when it first writes.
    dbapi_connection.isolation_level = None


def _begin_sqlite(connection: Connection) -> None:
    """BEGIN IMMEDIATE for write transactions (they queue for the lock), a plain BEGIN for reads."""
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _reason(exc: Exception) -> str:
    """The driver's own words for a database error, without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).strip().splitlines()[0]


def _retryable(exc: Exception) -> bool:
    """Whether the server ended the transaction to break a deadlock or a serialisation conflict."""
    original = getattr(exc, "orig", None)
    return getattr(original, "sqlstate", None) in _RETRY_SQLSTATES


def _lock_id(name: str) -> int:
    """A signed 64-bit advisory lock key for a name."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite hands back naive times)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _write_event_fields(row: EventRow, item: Event) -> None:
    """Set an event row's columns and child rows from an ``Event``."""
    identity.write_event_fields(row, item)


def _new_source(document: DocumentRow, item: Event, *, ordinal: int, origin: str) -> EventSourceRow:
    """A mention of ``item`` in ``document``, with its blocking keys (its embedding comes later)."""
    return EventSourceRow(
        document=document, ordinal=ordinal, mention_key=mention_key(document.content_hash, ordinal),
        origin=origin, languages=list(item.languages), evidence=[span.to_dict() for span in item.evidence],
        extracted=item.to_dict(), **identity.block_columns(item, document.published),
    )


def _add_event(session: Session, document: DocumentRow, item: Event) -> EventRow:
    """Insert one event found in ``document``, with that document as its first source (merged later)."""
    row = EventRow(review_state="unreviewed")
    _write_event_fields(row, item)
    row.sources.append(_new_source(document, item, ordinal=len(document.sources), origin="extracted"))
    session.add(row)
    session.flush()
    return row


def _spans(data: Sequence[dict[str, Any]]) -> list[Span]:
    return [Span(int(s["start"]), int(s["end"]), s.get("language") or "") for s in data]


def _source_order(source: EventSourceRow) -> tuple[bool, date, str, str]:
    """Sources in publication order, as the merge folds them (see ``merge.publication_order``)."""
    published = source.document.published
    return (published is None, published or date.max, source.document.doc_key, source.mention_key)


def _stored_event(row: EventRow) -> StoredEvent:
    """An ``EventRow`` with its loaded children as a ``StoredEvent``."""
    place = None
    if row.location_name is not None:
        place = Place(
            name=row.location_name, country=row.location_country, admin1=row.location_admin1,
            lat=row.location_lat, lon=row.location_lon, precision=row.location_precision or "city",
            geonameid=row.location_geonameid, venue=row.location_venue,
        )
    by_role: dict[str, list[str]] = {"actor": [], "union": [], "target": []}
    for organization in row.organizations:
        by_role[organization.role].append(organization.name)
    sources = [
        EventSource(
            document_id=source.document_id, doc_key=source.document.doc_key, url=source.document.url,
            title=source.document.title, published=source.document.published,
            languages=list(source.languages or []), evidence=_spans(source.evidence or []),
            mention_key=source.mention_key, origin=source.origin,
        )
        for source in sorted(row.sources, key=_source_order)
    ]
    item = Event(
        kind=row.kind, status=row.status, start_date=row.start_date, end_date=row.end_date,
        location=place,
        actor=Actor(group=row.actor_group, organizations=by_role["actor"], unions=by_role["union"],
                    sector=row.actor_sector, size=row.actor_size),
        demands=[Demand(category=d.category, text=d.text, percent=d.percent) for d in row.demands],
        targets=by_role["target"],
        fatalities=row.fatalities, arrests=row.arrests, injuries=row.injuries,
        languages=list(row.languages or []),
        # Offsets only mean something inside one text: the event carries its first source's spans,
        # and every source keeps its own.
        evidence=list(sources[0].evidence) if sources else [],
        summary=row.summary,
    )
    return StoredEvent(
        id=row.id, event=item, review_state=row.review_state, sources=sources,
        created_at=_aware(row.created_at), updated_at=_aware(row.updated_at),
    )


def _conditions(criteria: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter, as plain SQL that SQLite and PostgreSQL both run."""
    conditions: list[ColumnElement[bool]] = []
    if criteria.since is not None:
        # A partial date stands for a period: "2022-02" ends on "2022-02-99" for this comparison,
        # so an event known only by its month matches any range that reaches into that month.
        period_end = func.substr(EventRow.start_date + "-99-99", 1, 10)
        conditions.append(period_end >= criteria.since.isoformat())
    if criteria.until is not None:
        # As text, "2022-02" sorts before every day of February, i.e. the period's start.
        conditions.append(EventRow.start_date <= criteria.until.isoformat())
    if criteria.country:
        conditions.append(EventRow.location_country == criteria.country.upper())
    if criteria.region:
        conditions.append(EventRow.location_admin1_folded == fold(criteria.region))
    if criteria.kind:
        conditions.append(EventRow.kind == criteria.kind)
    if criteria.demand:
        conditions.append(EventRow.demands.any(DemandRow.category == criteria.demand))
    if criteria.org:
        needle = fold(criteria.org)
        matching = OrganizationRow.name_folded.contains(needle, autoescape=True)
        conditions.append(EventRow.organizations.any(matching))
    return conditions


_EVENT_LOADING = (
    selectinload(EventRow.organizations),
    selectinload(EventRow.demands),
    selectinload(EventRow.sources).joinedload(EventSourceRow.document),
)


