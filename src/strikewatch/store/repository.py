"""Reading and writing the store: documents with their events in one transaction, filtered reads.

``Store`` speaks the project's dataclasses (``Document``, ``Event``) on the outside and the
tables of ``schema`` on the inside, so callers never see a session or a row.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, create_engine, event, func, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker, undefer

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
from strikewatch.sources import content_hash
from strikewatch.store.schema import (
    Base,
    DemandRow,
    DocumentRow,
    EventRow,
    EventSourceRow,
    OrganizationRow,
    fold,
)

DEFAULT_DATABASE_URL = "sqlite:///strikewatch.db"
DATABASE_URL_ENV = "STRIKEWATCH_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000

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
    """What ``Store.add_document`` did: the document's id, whether it was new, the new events' ids."""

    document_id: int
    new: bool
    event_ids: tuple[int, ...] = field(default=())


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Turn on what SQLite leaves off: foreign keys, concurrent readers (WAL), waiting on locks."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _reason(exc: Exception) -> str:
    """The driver's own words for a database error, without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).strip().splitlines()[0]


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite hands back naive times)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _write_event_fields(row: EventRow, item: Event) -> None:
    """Set an event row's columns and child rows from an ``Event``."""
    place = item.location
    row.kind = item.kind
    row.status = item.status
    row.start_date = item.start_date
    row.end_date = item.end_date
    row.location_name = place.name if place else None
    row.location_admin1 = place.admin1 if place else None
    row.location_admin1_folded = fold(place.admin1) if place and place.admin1 else None
    row.location_country = place.country.upper() if place and place.country else None
    row.location_lat = place.lat if place else None
    row.location_lon = place.lon if place else None
    row.location_precision = place.precision if place else None
    row.location_venue = place.venue if place else None
    row.location_geonameid = place.geonameid if place else None
    row.actor_group = item.actor.group
    row.actor_sector = item.actor.sector
    row.actor_size = item.actor.size
    row.fatalities = item.fatalities
    row.arrests = item.arrests
    row.injuries = item.injuries
    row.languages = list(item.languages)
    row.summary = item.summary
    named = (
        [(name, "actor") for name in item.actor.organizations]
        + [(name, "union") for name in item.actor.unions]
        + [(name, "target") for name in item.targets]
    )
    row.organizations = [
        OrganizationRow(name=name, name_folded=fold(name), role=role) for name, role in named
    ]
    row.demands = [DemandRow(category=d.category, text=d.text, percent=d.percent) for d in item.demands]


def _add_event(session: Session, document: DocumentRow, item: Event) -> EventRow:
    """Insert one event found in ``document``, with that document as its first source."""
    row = EventRow(review_state="unreviewed")
    _write_event_fields(row, item)
    row.sources.append(
        EventSourceRow(
            document=document,
            languages=list(item.languages),
            evidence=[span.to_dict() for span in item.evidence],
            extracted=item.to_dict(),
        )
    )
    session.add(row)
    session.flush()
    return row


def _spans(data: Sequence[dict[str, Any]]) -> list[Span]:
    return [Span(int(s["start"]), int(s["end"]), s.get("language") or "") for s in data]


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
        )
        for source in row.sources
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


class Store:
    """The event database: documents, the events found in them, and their sources."""

    def __init__(self, url: str) -> None:
        """Open the database at ``url`` (an SQLAlchemy URL), creating the tables if missing."""
        self.url = url
        try:
            shown = make_url(url).render_as_string(hide_password=True)
            self._engine: Engine = create_engine(url)
        except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc
        self.shown_url = shown
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _configure_sqlite)
        try:
            Base.metadata.create_all(self._engine)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open database {shown}: {_reason(exc)}") from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """A read-only session whose database errors come out as ``StoreError``."""
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.shown_url}: {_reason(exc)}") from exc

    @staticmethod
    def _find_document(session: Session, digest: str, url: str | None) -> int | None:
        """The id of a stored document with this content hash or this URL."""
        same = DocumentRow.content_hash == digest
        if url:
            same = or_(same, DocumentRow.url == url)
        return session.scalars(select(DocumentRow.id).where(same).limit(1)).first()

    def has_document(self, document: Document) -> bool:
        """Whether this document (same text, or same URL) is already stored."""
        with self._reading() as session:
            return self._find_document(session, content_hash(document.text), document.url) is not None

    def add_document(self, document: Document, events: Sequence[Event]) -> AddResult:
        """Store a document, its events and sources in one transaction; a known document adds nothing."""
        digest = content_hash(document.text)
        try:
            with self._sessions.begin() as session:
                existing = self._find_document(session, digest, document.url)
                if existing is not None:
                    return AddResult(document_id=existing, new=False)
                row = DocumentRow(
                    doc_key=document.id, content_hash=digest, url=document.url or None,
                    title=document.title, published=document.published,
                    languages=document.languages,
                    blocks=[{"start": b.start, "end": b.end, "language": b.language}
                            for b in document.blocks],
                    text=document.text,
                )
                session.add(row)
                session.flush()
                event_ids = tuple(_add_event(session, row, item).id for item in events)
                return AddResult(document_id=row.id, new=True, event_ids=event_ids)
        except IntegrityError as exc:
            # Another writer stored the same document between our look-up and our insert.
            with self._reading() as session:
                existing = self._find_document(session, digest, document.url)
            if existing is not None:
                return AddResult(document_id=existing, new=False)
            raise StoreError(f"cannot store document {document.id!r}: {_reason(exc)}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store document {document.id!r}: {_reason(exc)}") from exc

    def attach_source(self, event_id: int, document_id: int, extracted: Event) -> None:
        """Record that another stored document reports this event; its languages gather all sources'."""
        try:
            with self._sessions.begin() as session:
                row = session.get(EventRow, event_id)
                if row is None:
                    raise StoreError(f"no event with id {event_id}")
                document = session.get(DocumentRow, document_id)
                if document is None:
                    raise StoreError(f"no document with id {document_id}")
                if any(source.document_id == document_id for source in row.sources):
                    raise StoreError(f"document {document_id} is already a source of event {event_id}")
                row.sources.append(
                    EventSourceRow(
                        document=document, languages=list(extracted.languages),
                        evidence=[span.to_dict() for span in extracted.evidence],
                        extracted=extracted.to_dict(),
                    )
                )
                languages = list(row.languages or [])
                for language in extracted.languages:
                    if language not in languages:
                        languages.append(language)
                row.languages = languages
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot attach document {document_id} to event {event_id}: {_reason(exc)}"
            ) from exc

    def events(self, criteria: EventFilter | None = None) -> list[StoredEvent]:
        """The events that match ``criteria``, by start date (undated last), then id."""
        criteria = criteria or EventFilter()
        statement = (
            select(EventRow)
            .where(*_conditions(criteria))
            .options(*_EVENT_LOADING)
            .order_by(EventRow.start_date.is_(None), EventRow.start_date, EventRow.id)
            .offset(criteria.offset)
        )
        if criteria.limit is not None:
            statement = statement.limit(criteria.limit)
        with self._reading() as session:
            return [_stored_event(row) for row in session.scalars(statement)]

    def count_events(self, criteria: EventFilter | None = None) -> int:
        """How many events match ``criteria`` (limit and offset aside)."""
        criteria = criteria or EventFilter()
        statement = select(func.count(EventRow.id)).where(*_conditions(criteria))
        with self._reading() as session:
            return int(session.scalar(statement) or 0)

    def event(self, event_id: int) -> StoredEvent | None:
        """One event by id, or None."""
        with self._reading() as session:
            row = session.get(EventRow, event_id, options=_EVENT_LOADING)
            return _stored_event(row) if row is not None else None

    def document(self, document_id: int) -> StoredDocument | None:
        """One stored document, text included, by id, or None."""
        with self._reading() as session:
            row = session.get(DocumentRow, document_id, options=[undefer(DocumentRow.text)])
            if row is None:
                return None
            document = Document(
                id=row.doc_key, text=row.text, url=row.url, title=row.title, published=row.published,
                blocks=[Block(int(b["start"]), int(b["end"]), b["language"]) for b in row.blocks or []],
            )
            return StoredDocument(
                id=row.id, document=document, content_hash=row.content_hash,
                ingested_at=_aware(row.ingested_at),
            )

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._reading() as session:
            return int(session.scalar(select(func.count(DocumentRow.id))) or 0)
