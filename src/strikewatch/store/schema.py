"""The database schema: documents, events, their organisations, demands and sources, and the audit log.

Only portable column types are used (String, Text, Integer, Float, Date, JSON, timezone-aware
DateTime), so the same models create the same tables on SQLite and on PostgreSQL.

An event's columns hold its current view; ``event_sources`` keeps, for every document that
reports the event, the event as extracted from that document (a *mention*), its evidence spans,
the blocking keys under which it meets other mentions and the embedding of its evidence
sentences. Which mentions make one event is decided by ``strikewatch.merge`` from the mentions
alone and from the decisions people recorded in ``merge_decisions``; the event's columns and
``event_field_history`` are derived from its mentions in publication order.

The tables are created and changed by the Alembic migrations of
``strikewatch.store.migrations``, never by ``create_all``.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

REVIEW_STATES = ("unreviewed", "accepted", "rejected", "edited")
ORGANIZATION_ROLES = ("actor", "union", "target")
SOURCE_ORIGINS = ("extracted", "attached")


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def fold(text: str) -> str:
    """A form of ``text`` for case-insensitive matching in any script."""
    # Folded in Python and stored, because SQLite's lower() only folds ASCII letters
    # and a Cyrillic or Greek organisation name must match as well as a Latin one.
    return unicodedata.normalize("NFKC", text).casefold()


class Base(DeclarativeBase):
    """The declarative base of all strikewatch tables."""


class DocumentRow(Base):
    """One stored report: its identity (content hash, canonical URL), metadata and full text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(Text, index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # NULLs are distinct under a unique constraint on both SQLite and PostgreSQL,
    # so documents without a URL never collide with each other.
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    blocks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Deferred: listing events reads their sources' metadata, never the texts.
    text: Mapped[str] = mapped_column(Text, deferred=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    sources: Mapped[list[EventSourceRow]] = relationship(back_populates="document")


class EventRow(Base):
    """One collective action, with every field of ``Event`` as a column for filtering."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "review_state IN ({})".format(", ".join(f"'{s}'" for s in REVIEW_STATES)),
            name="ck_events_review_state",
        ),
        # Covering indexes for the dashboard's counts (timeline, facets): scanned instead of the table.
        Index("ix_events_start_date_kind", "start_date", "kind"),
        Index("ix_events_status", "status"),
        Index("ix_events_country_admin1", "location_country", "location_admin1"),
        Index("ix_events_actor_sector", "actor_sector"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32))
    # ISO strings: a date may be YYYY-MM-DD, YYYY-MM or YYYY; they sort as text.
    start_date: Mapped[str | None] = mapped_column(String(10), index=True)
    end_date: Mapped[str | None] = mapped_column(String(10))
    location_name: Mapped[str | None] = mapped_column(Text)
    location_admin1: Mapped[str | None] = mapped_column(Text)
    location_admin1_folded: Mapped[str | None] = mapped_column(Text, index=True)
    location_country: Mapped[str | None] = mapped_column(String(2), index=True)
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str | None] = mapped_column(String(16))
    location_venue: Mapped[str | None] = mapped_column(Text)
    location_geonameid: Mapped[int | None] = mapped_column(Integer)
    actor_group: Mapped[str | None] = mapped_column(String(32))
    actor_sector: Mapped[str | None] = mapped_column(String(32))
    actor_size: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    arrests: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    review_state: Mapped[str] = mapped_column(String(16), default="unreviewed", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    organizations: Mapped[list[OrganizationRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="OrganizationRow.id",
    )
    demands: Mapped[list[DemandRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="DemandRow.id",
    )
    sources: Mapped[list[EventSourceRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSourceRow.id",
    )


class OrganizationRow(Base):
    """An organisation named in an event: an actor's employer, a union, or a target."""

    __tablename__ = "event_organizations"
    __table_args__ = (
        CheckConstraint(
            "role IN ({})".format(", ".join(f"'{r}'" for r in ORGANIZATION_ROLES)),
            name="ck_event_organizations_role",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    name_folded: Mapped[str] = mapped_column(Text, index=True)
    role: Mapped[str] = mapped_column(String(16))

    event: Mapped[EventRow] = relationship(back_populates="organizations")


class DemandRow(Base):
    """One demand of an event: category, the words, and a demanded raise in percent."""

    __tablename__ = "event_demands"
    __table_args__ = (Index("ix_event_demands_category_event_id", "category", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[float | None] = mapped_column(Float)

    event: Mapped[EventRow] = relationship(back_populates="demands")


class EventSourceRow(Base):
    """A mention: one event as read from one document, the event it belongs to, and how to find its peers."""

    __tablename__ = "event_sources"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal", name="uq_event_sources_document_ordinal"),
        UniqueConstraint("mention_key", name="uq_event_sources_mention_key"),
        CheckConstraint(
            "origin IN ({})".format(", ".join(f"'{o}'" for o in SOURCE_ORIGINS)),
            name="ck_event_sources_origin",
        ),
        Index("ix_event_sources_block", "block_country", "kind_family", "date_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    # The position of this event among the document's events; with the document's content hash it
    # names the mention in every database and every ingest order (see ``mention_key``).
    ordinal: Mapped[int] = mapped_column(Integer)
    mention_key: Mapped[str] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(16), default="extracted")
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Blocking keys: only mentions with the same country and kind family and nearby dates are compared.
    block_country: Mapped[str | None] = mapped_column(String(2))
    kind_family: Mapped[str] = mapped_column(String(16), default="other")
    date_from: Mapped[str | None] = mapped_column(String(10))
    date_to: Mapped[str | None] = mapped_column(String(10))
    # float32 vector of the evidence sentences, and the encoder that made it (vectors of different
    # encoders are never compared).
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    encoder: Mapped[str | None] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    event: Mapped[EventRow] = relationship(back_populates="sources")
    document: Mapped[DocumentRow] = relationship(back_populates="sources")


class FieldChangeRow(Base):
    """One step in the history of an event's field: the value a source gave it, in publication order."""

    __tablename__ = "event_field_history"
    __table_args__ = (Index("ix_event_field_history_event_position", "event_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    previous: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    mention_key: Mapped[str] = mapped_column(String(80))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    published: Mapped[date | None] = mapped_column(Date)


class MergeDecisionRow(Base):
    """A person's word on two mentions: one event (``together``) or two (not ``together``)."""

    __tablename__ = "merge_decisions"
    __table_args__ = (
        UniqueConstraint("mention_a", "mention_b", name="uq_merge_decisions_pair"),
        CheckConstraint("mention_a < mention_b", name="ck_merge_decisions_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Mention keys, not ids: a decision names the reports themselves, so it holds however the
    # events around them are rebuilt.
    mention_a: Mapped[str] = mapped_column(String(80), index=True)
    mention_b: Mapped[str] = mapped_column(String(80), index=True)
    together: Mapped[bool] = mapped_column(Boolean)
    who: Mapped[str] = mapped_column(String(256))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AuditRow(Base):
    """One change made to an event (a review, an edit, a merge): who, when, before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_event_id_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(256))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    action: Mapped[str] = mapped_column(String(64))
    # No foreign key on purpose: the history of an event outlives the event itself.
    event_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
