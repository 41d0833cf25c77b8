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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, func, inspect, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, joinedload, selectinload, sessionmaker, undefer

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
)
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
from strikewatch.store import edits, identity
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
from strikewatch.store.sqlite_setup import wait_on_locks_and_use_wal

DEFAULT_DATABASE_URL = "sqlite:///strikewatch.db"
DATABASE_URL_ENV = "STRIKEWATCH_DB"
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
        wait_on_locks_and_use_wal(cursor)
        # In WAL mode NORMAL never corrupts the database; only a power cut may lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
    # SQLAlchemy emits BEGIN itself (see _begin_sqlite), so that DDL is transactional and a write
    # transaction can take the write lock when it starts instead of failing when it first writes.
    dbapi_connection.isolation_level = None
    # Text search folds case in any script, which SQLite's lower() does not (see store.queries).
    dbapi_connection.create_function("sw_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(value: str | None) -> str | None:
    return fold(value) if isinstance(value, str) else None


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



class _DefaultEncoder:
    """Stands for "the installed sentence encoder, if any" as the default of ``Store(encoder=...)``."""


DEFAULT_ENCODER = _DefaultEncoder()


class Store:
    """The event database: documents, the events found in them, and their sources."""

    def __init__(self, url: str, *, encoder: SentenceEncoder | _DefaultEncoder | None = DEFAULT_ENCODER) -> None:
        """Open the database at ``url`` (an SQLAlchemy URL), creating or upgrading its tables.

        ``encoder`` embeds evidence sentences for the merge; by default the installed one (see
        ``merge.default_encoder``), None to merge on the events' fields alone.
        """
        self.url = url
        try:
            shown = make_url(url).render_as_string(hide_password=True)
            self._engine: Engine = create_engine(url)
        except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc
        self.shown_url = shown
        self.dialect = self._engine.dialect.name
        if self.dialect == "sqlite":
            event.listen(self._engine, "connect", _configure_sqlite)
            event.listen(self._engine, "begin", _begin_sqlite)
        self._writer = self._engine.execution_options(sqlite_begin="IMMEDIATE")
        try:
            self._migrate()
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open database {shown}: {_reason(exc)}") from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._encoder_choice = encoder

    # ---- opening --------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Bring the schema to the newest revision, one writer at a time."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from alembic.util.exc import CommandError

        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        head = ScriptDirectory.from_config(config).get_current_head()
        with self._engine.connect() as connection:
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
        with self._writer.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(_lock_id("schema"))))
            config.attributes["connection"] = connection
            tables = set(inspect(connection).get_table_names())
            try:
                if "alembic_version" not in tables and "documents" in tables:
                    # Made before migrations existed: it holds the first revision's tables.
                    command.stamp(config, FIRST_REVISION)
                command.upgrade(config, "head")
            except CommandError as exc:
                raise StoreError(
                    f"cannot open database {self.shown_url}: its schema is not one this strikewatch knows "
                    f"({exc}); upgrade strikewatch"
                ) from exc

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def encoder(self) -> SentenceEncoder | None:
        """The sentence encoder that embeds new mentions, or None."""
        if isinstance(self._encoder_choice, _DefaultEncoder):
            self._encoder_choice = default_encoder()
        return self._encoder_choice

    # ---- sessions and locks ---------------------------------------------------------------

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only session whose database errors come out as ``StoreError``."""
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.shown_url}: {_reason(exc)}") from exc

    def advisory_locker(self, session: Session) -> Callable[[Iterable[str]], None]:
        """Take named advisory locks for the rest of the session's transaction (PostgreSQL only)."""
        held: set[str] = session.info.setdefault("locks", set())

        def lock(names: Iterable[str]) -> None:
            if self.dialect != "postgresql":
                return  # SQLite's write transactions already hold the whole database
            for name in sorted(set(names) - held):
                session.execute(select(func.pg_advisory_xact_lock(_lock_id(name))))
                held.add(name)

        return lock

    def run_in_transaction(self, what: str, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction, again if the server broke a deadlock; errors as StoreError."""
        for attempt in range(RETRIES):
            try:
                with self._write_sessions.begin() as session:
                    return work(session)
            except DBAPIError as exc:
                if _retryable(exc) and attempt < RETRIES - 1:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise StoreError(f"cannot {what}: {_reason(exc)}") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot {what}: {_reason(exc)}") from exc
        raise StoreError(f"cannot {what}: gave up after {RETRIES} deadlocks")  # pragma: no cover

    def _embed(self, text: str, item: Event) -> tuple[bytes | None, str | None]:
        """The stored form of a mention's embedding, and the encoder's name."""
        encoder = self.encoder
        if encoder is None:
            return None, None
        vector = embed(encoder, evidence_sentences(text, item))
        return (vector.tobytes(), encoder.name) if vector is not None else (None, None)

    # ---- documents ------------------------------------------------------------------------

    @staticmethod
    def _find_document(session: Session, digest: str, url: str | None) -> int | None:
        """The id of a stored document with this content hash or this URL."""
        same = DocumentRow.content_hash == digest
        if url:
            same = or_(same, DocumentRow.url == url)
        return session.scalars(select(DocumentRow.id).where(same).limit(1)).first()

    def has_document(self, document: Document) -> bool:
        """Whether this document (same text, or same URL) is already stored."""
        with self.read_session() as session:
            return self._find_document(session, content_hash(document.text), document.url) is not None

    def add_document(self, document: Document, events: Sequence[Event]) -> AddResult:
        """Store a document and merge its events with the stored ones, in one transaction.

        A document already stored (same text or same URL) adds nothing.
        """
        digest = content_hash(document.text)
        # Embedding is the slow part of a write: done before the transaction, outside any lock.
        embeddings = [self._embed(document.text, item) for item in events]

        def work(session: Session) -> AddResult:
            self.advisory_locker(session)([f"document:{digest}"] + ([f"url:{document.url}"] if document.url else []))
            existing = self._find_document(session, digest, document.url)
            if existing is not None:
                return AddResult(document_id=existing, new=False)
            row = DocumentRow(
                doc_key=document.id, content_hash=digest, url=document.url or None,
                title=document.title, published=document.published,
                languages=document.languages,
                blocks=[{"start": b.start, "end": b.end, "language": b.language} for b in document.blocks],
                text=document.text,
            )
            session.add(row)
            session.flush()
            sources: list[EventSourceRow] = []
            fresh: list[int] = []
            for item, (vector, encoder) in zip(events, embeddings, strict=True):
                added = _add_event(session, row, item)
                source = added.sources[0]
                source.embedding, source.encoder = vector, encoder
                sources.append(source)
                fresh.append(added.id)
            session.flush()
            if not sources:
                return AddResult(document_id=row.id, new=True)
            others = {s.id for s in sources}
            regrouped = identity.regroup(session, sources, self.advisory_locker(session), fresh=fresh)
            event_ids = tuple(regrouped.event_of[s.mention_key] for s in sources)
            merged = tuple(sorted({
                event_id for event_id in event_ids
                if session.scalar(select(func.count(EventSourceRow.id)).where(
                    EventSourceRow.event_id == event_id, EventSourceRow.id.not_in(others)))
            }))
            return AddResult(document_id=row.id, new=True, event_ids=event_ids, merged=merged)

        try:
            return self.run_in_transaction(f"store document {document.id!r}", work)
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            # Another writer stored the same document between our look-up and our insert.
            with self.read_session() as session:
                existing = self._find_document(session, digest, document.url)
            if existing is not None:
                return AddResult(document_id=existing, new=False)
            raise

    def attach_source(self, event_id: int, document_id: int, extracted: Event, *, who: str | None = None) -> None:
        """Record by hand that another stored document reports this event (kept through later merges)."""
        who = who or current_user()

        def work(session: Session) -> None:
            row = session.get(EventRow, event_id, options=[selectinload(EventRow.sources)])
            if row is None:
                raise StoreError(f"no event with id {event_id}")
            document = session.get(DocumentRow, document_id, options=[undefer(DocumentRow.text)])
            if document is None:
                raise StoreError(f"no document with id {document_id}")
            if any(source.document_id == document_id for source in row.sources):
                raise StoreError(f"document {document_id} is already a source of event {event_id}")
            before = _stored_event(row).to_dict()
            ordinal = 1 + max(
                session.scalars(select(EventSourceRow.ordinal).where(EventSourceRow.document_id == document_id)),
                default=-1,
            )
            source = _new_source(document, extracted, ordinal=ordinal, origin="attached")
            source.embedding, source.encoder = self._embed(document.text, extracted)
            row.sources.append(source)
            session.flush()
            identity.set_decisions(
                session, [(source.mention_key, other.mention_key) for other in row.sources if other is not source],
                together=True, who=who,
            )
            regrouped = identity.regroup(session, [source], self.advisory_locker(session), fresh=[event_id], actor=who)
            after = self._event_dict(session, regrouped.event_of[source.mention_key])
            session.add(AuditRow(actor=who, action="attach", event_id=regrouped.event_of[source.mention_key],
                                 before={"event": before}, after={"event": after}))

        self.run_in_transaction(f"attach document {document_id} to event {event_id}", work)

    # ---- merging and splitting by hand ----------------------------------------------------

    @staticmethod
    def _event_dict(session: Session, event_id: int) -> dict[str, Any]:
        session.expire_all()
        row = session.get(EventRow, event_id, options=_EVENT_LOADING)
        if row is None:  # pragma: no cover - the caller just wrote it
            raise StoreError(f"no event with id {event_id}")
        return _stored_event(row).to_dict()

    def merge_events(self, first_id: int, second_id: int, *, who: str | None = None) -> StoredEvent:
        """Make two events one, by hand: kept through later merges, recorded in the audit log."""
        who = who or current_user()
        if first_id == second_id:
            raise StoreError(f"event {first_id} cannot be merged with itself")

        def work(session: Session) -> int:
            rows = []
            for event_id in (first_id, second_id):
                row = session.get(EventRow, event_id, options=_EVENT_LOADING)
                if row is None:
                    raise StoreError(f"no event with id {event_id}")
                rows.append(row)
            first, second = rows
            shared = {s.document_id for s in first.sources} & {s.document_id for s in second.sources}
            if shared:
                raise StoreError(
                    f"events {first_id} and {second_id} both come from document {min(shared)}, "
                    "which tells them as distinct actions; split that source off one of them first"
                )
            before = {"events": [_stored_event(first).to_dict(), _stored_event(second).to_dict()]}
            keys_a = [s.mention_key for s in first.sources]
            keys_b = [s.mention_key for s in second.sources]
            identity.set_decisions(session, [(a, b) for a in keys_a for b in keys_b], together=True, who=who)
            seeds = [*first.sources, *second.sources]
            regrouped = identity.regroup(session, seeds, self.advisory_locker(session), keep=[first_id], actor=who)
            merged_id = regrouped.event_of[keys_a[0]]
            merged = session.get_one(EventRow, merged_id)
            merged.review_state = "edited"
            session.flush()
            session.add(AuditRow(actor=who, action="merge", event_id=merged_id, before=before,
                                 after={"event": self._event_dict(session, merged_id)}))
            return merged_id

        merged_id = self.run_in_transaction(f"merge events {first_id} and {second_id}", work)
        return self._require_event(merged_id)

    def split_source(self, event_id: int, document_id: int, *, who: str | None = None) -> SplitResult:
        """Take one document's report out of an event, by hand: kept through later merges, audited."""
        who = who or current_user()

        def work(session: Session) -> tuple[int, int]:
            row = session.get(EventRow, event_id, options=_EVENT_LOADING)
            if row is None:
                raise StoreError(f"no event with id {event_id}")
            leaving = next((s for s in row.sources if s.document_id == document_id), None)
            if leaving is None:
                known = ", ".join(str(s.document_id) for s in sorted(row.sources, key=_source_order))
                raise StoreError(f"document {document_id} is not a source of event {event_id} (its sources: {known})")
            staying = [s for s in row.sources if s is not leaving]
            if not staying:
                raise StoreError(f"document {document_id} is the only source of event {event_id}: nothing to split")
            before = {"event": _stored_event(row).to_dict()}
            identity.set_decisions(
                session, [(leaving.mention_key, s.mention_key) for s in staying], together=False, who=who,
            )
            # The leaving source starts an event of its own, so that the event keeps its id; the
            # merge may still join that source with another event.
            own = EventRow(review_state="unreviewed")
            _write_event_fields(own, Event.from_dict(leaving.extracted))
            session.add(own)
            leaving.event = own
            session.flush()
            regrouped = identity.regroup(session, [*staying, leaving], self.advisory_locker(session), fresh=[own.id],
                                         actor=who)
            remaining_id = regrouped.event_of[staying[0].mention_key]
            split_id = regrouped.event_of[leaving.mention_key]
            for changed in {remaining_id, split_id}:
                session.get_one(EventRow, changed).review_state = "edited"
            session.flush()
            after = {"event": self._event_dict(session, remaining_id),
                     "split_off": self._event_dict(session, split_id)}
            session.add(AuditRow(actor=who, action="split", event_id=remaining_id, before=before, after=after))
            return remaining_id, split_id

        remaining_id, split_id = self.run_in_transaction(f"split document {document_id} from event {event_id}", work)
        return SplitResult(remaining=self._require_event(remaining_id), split_off=self._require_event(split_id))

    def set_review_state(self, event_id: int, state: str, *, who: str | None = None) -> StoredEvent:
        """Mark an event as reviewed (accepted, rejected, edited) or not; recorded in the audit log."""
        who = who or current_user()
        if state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}: choose one of {', '.join(REVIEW_STATES)}")

        def work(session: Session) -> None:
            row = session.get(EventRow, event_id)
            if row is None:
                raise StoreError(f"no event with id {event_id}")
            session.add(AuditRow(actor=who, action="review", event_id=event_id,
                                 before={"review_state": row.review_state}, after={"review_state": state}))
            row.review_state = state

        self.run_in_transaction(f"review event {event_id}", work)
        return self._require_event(event_id)

    def edit_event(self, event_id: int, changes: Mapping[str, Any], *, who: str | None = None) -> StoredEvent:
        """Correct fields of an event by hand (see ``edits.EDITABLE_FIELDS``): kept through later merges, audited."""
        who = who or current_user()
        checked = edits.checked_changes(changes)

        def work(session: Session) -> None:
            row = session.get(EventRow, event_id, options=_EVENT_LOADING)
            if row is None:
                raise StoreError(f"no event with id {event_id}")
            current = _stored_event(row).event
            edited, before, after = edits.record_edit(
                session, current, checked, [s.mention_key for s in row.sources], who,
            )
            if not after:
                return
            edits.check_dates(edited)
            _write_event_fields(row, edited)
            row.review_state = "edited"
            session.add(AuditRow(actor=who, action="edit", event_id=event_id, before=before, after=after))

        self.run_in_transaction(f"edit event {event_id}", work)
        return self._require_event(event_id)

    def rebuild_events(self) -> int:
        """Merge every stored mention afresh (after an upgrade from a store without merging); the event count."""

        def work(session: Session) -> int:
            seeds = list(session.scalars(select(EventSourceRow).options(joinedload(EventSourceRow.document))))
            if seeds:
                # Events made before merging existed have no history: write every one in full.
                every = set(session.scalars(select(EventRow.id)))
                identity.regroup(session, seeds, self.advisory_locker(session), fresh=every)
            return int(session.scalar(select(func.count(EventRow.id))) or 0)

        return self.run_in_transaction("rebuild the events", work)

    def _require_event(self, event_id: int) -> StoredEvent:
        stored = self.event(event_id)
        if stored is None:  # pragma: no cover - written in the transaction just committed
            raise StoreError(f"no event with id {event_id}")
        return stored

    # ---- reading --------------------------------------------------------------------------

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
        with self.read_session() as session:
            return [_stored_event(row) for row in session.scalars(statement)]

    def count_events(self, criteria: EventFilter | None = None) -> int:
        """How many events match ``criteria`` (limit and offset aside)."""
        criteria = criteria or EventFilter()
        statement = select(func.count(EventRow.id)).where(*_conditions(criteria))
        with self.read_session() as session:
            return int(session.scalar(statement) or 0)

    def event(self, event_id: int) -> StoredEvent | None:
        """One event by id, or None."""
        with self.read_session() as session:
            row = session.get(EventRow, event_id, options=_EVENT_LOADING)
            return _stored_event(row) if row is not None else None

    def history(self, event_id: int) -> list[FieldHistory]:
        """How each field of an event came to be: every value a report gave it, in publication order."""
        statement = (
            select(FieldChangeRow, DocumentRow.doc_key)
            .outerjoin(DocumentRow, DocumentRow.id == FieldChangeRow.document_id)
            .where(FieldChangeRow.event_id == event_id)
            .order_by(FieldChangeRow.position)
        )
        with self.read_session() as session:
            return [
                FieldHistory(field=row.field, value=row.value, previous=row.previous, document_id=row.document_id,
                             doc_key=doc_key, published=row.published, mention_key=row.mention_key)
                for row, doc_key in session.execute(statement)
            ]

    def merge_reasons(self, event_id: int) -> list[MergeReason]:
        """Why each source after the first belongs to the event: its closest source and the signals."""
        with self.read_session() as session:
            row = session.get(EventRow, event_id, options=_EVENT_LOADING)
            if row is None:
                return []
            make = identity.MentionCache()
            mentions: list[Mention] = [make(source) for source in row.sources]
            decisions: Decisions = identity.decisions_for(session, [m.key for m in mentions])
            keys = [m.key for m in mentions]
            deciders = {
                (d.mention_a, d.mention_b): d.who
                for d in session.scalars(select(MergeDecisionRow).where(
                    MergeDecisionRow.together.is_(True), MergeDecisionRow.mention_a.in_(keys),
                    MergeDecisionRow.mention_b.in_(keys),
                ))
            }
        document_of = {m.key: m.document_id for m in mentions}
        return [
            MergeReason(
                document_id=document_of[link.mention.key] or 0, closest_document_id=document_of[link.closest.key] or 0,
                score=link.score, by_hand=link.by_hand, who=deciders.get(pair(link.mention.key, link.closest.key)),
            )
            for link in explain(mentions, decisions)
        ]

    def audit(self, event_id: int | None = None) -> list[AuditEntry]:
        """The audit log, oldest first; only the entries about one event when ``event_id`` is given."""
        statement = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if event_id is not None:
            statement = statement.where(AuditRow.event_id == event_id)
        with self.read_session() as session:
            return [
                AuditEntry(id=row.id, actor=row.actor, at=_aware(row.at), action=row.action, event_id=row.event_id,
                           before=row.before, after=row.after)
                for row in session.scalars(statement)
            ]

    def document(self, document_id: int) -> StoredDocument | None:
        """One stored document, text included, by id, or None."""
        with self.read_session() as session:
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
        with self.read_session() as session:
            return int(session.scalar(select(func.count(DocumentRow.id))) or 0)

