"""The first tables: documents, events, their organisations, demands and sources, and the audit log.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Databases made before migrations existed hold exactly these tables; ``Store`` stamps them with
this revision and upgrades them from here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("doc_key", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", _UTC_TIME, nullable=False),
        sa.UniqueConstraint("content_hash"),
        sa.UniqueConstraint("url"),
    )
    op.create_index("ix_documents_doc_key", "documents", ["doc_key"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("location_admin1", sa.Text(), nullable=True),
        sa.Column("location_admin1_folded", sa.Text(), nullable=True),
        sa.Column("location_country", sa.String(2), nullable=True),
        sa.Column("location_lat", sa.Float(), nullable=True),
        sa.Column("location_lon", sa.Float(), nullable=True),
        sa.Column("location_precision", sa.String(16), nullable=True),
        sa.Column("location_venue", sa.Text(), nullable=True),
        sa.Column("location_geonameid", sa.Integer(), nullable=True),
        sa.Column("actor_group", sa.String(32), nullable=True),
        sa.Column("actor_sector", sa.String(32), nullable=True),
        sa.Column("actor_size", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("arrests", sa.Integer(), nullable=True),
        sa.Column("injuries", sa.Integer(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("review_state", sa.String(16), nullable=False),
        sa.Column("created_at", _UTC_TIME, nullable=False),
        sa.Column("updated_at", _UTC_TIME, nullable=False),
        sa.CheckConstraint(
            "review_state IN ('unreviewed', 'accepted', 'rejected', 'edited')", name="ck_events_review_state",
        ),
    )
    for column in ("kind", "start_date", "location_admin1_folded", "location_country", "review_state"):
        op.create_index(f"ix_events_{column}", "events", [column])

    op.create_table(
        "event_organizations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_folded", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.CheckConstraint("role IN ('actor', 'union', 'target')", name="ck_event_organizations_role"),
    )
    op.create_index("ix_event_organizations_event_id", "event_organizations", ["event_id"])
    op.create_index("ix_event_organizations_name_folded", "event_organizations", ["name_folded"])

    op.create_table(
        "event_demands",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("percent", sa.Float(), nullable=True),
    )
    op.create_index("ix_event_demands_event_id", "event_demands", ["event_id"])
    op.create_index("ix_event_demands_category", "event_demands", ["category"])

    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("added_at", _UTC_TIME, nullable=False),
        sa.UniqueConstraint("event_id", "document_id", name="uq_event_sources_event_document"),
    )
    op.create_index("ix_event_sources_event_id", "event_sources", ["event_id"])
    op.create_index("ix_event_sources_document_id", "event_sources", ["document_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("at", _UTC_TIME, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_audit_log_event_id_at", "audit_log", ["event_id", "at"])


def downgrade() -> None:
    """Drop the first tables."""
    for table in ("audit_log", "event_sources", "event_demands", "event_organizations", "events", "documents"):
        op.drop_table(table)
