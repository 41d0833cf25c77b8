"""Review by a person (reviewers, tokens, browser sessions, corrections of fields); indexes for the dashboard.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03

``reviewers`` holds each reviewer's name and the SHA-256 digest of their token;
``review_sessions`` the signed-in (or signing-in) browsers with their form tokens;
``field_edits`` and ``field_edit_mentions`` the corrections people made to events' fields,
kept on the mentions of the event so that every later merge lays them over the fields again.
The new indexes cover the dashboard's counts (by week and kind, status, place, sector, demand),
so that they scan an index instead of the events table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_UTC_TIME = sa.DateTime(timezone=True)
_EVENT_INDEXES = {
    "ix_events_start_date_kind": ["start_date", "kind"],
    "ix_events_status": ["status"],
    "ix_events_country_admin1": ["location_country", "location_admin1"],
    "ix_events_actor_sector": ["actor_sector"],
}


def upgrade() -> None:
    """Create the reviewer, session and correction tables and the dashboard's indexes."""
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", _UTC_TIME, nullable=False),
        sa.Column("revoked_at", _UTC_TIME, nullable=True),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "review_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewers.id", ondelete="CASCADE"), nullable=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", _UTC_TIME, nullable=False),
        sa.Column("expires_at", _UTC_TIME, nullable=False),
        sa.UniqueConstraint("session_hash"),
    )
    op.create_index("ix_review_sessions_reviewer_id", "review_sessions", ["reviewer_id"])
    op.create_index("ix_review_sessions_expires_at", "review_sessions", ["expires_at"])

    op.create_table(
        "field_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("who", sa.String(256), nullable=False),
        sa.Column("at", _UTC_TIME, nullable=False),
    )
    op.create_table(
        "field_edit_mentions",
        sa.Column("edit_id", sa.Integer(), sa.ForeignKey("field_edits.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("mention_key", sa.String(80), primary_key=True),
    )
    op.create_index("ix_field_edit_mentions_mention_key", "field_edit_mentions", ["mention_key"])

    for name, columns in _EVENT_INDEXES.items():
        op.create_index(name, "events", columns)
    op.create_index("ix_event_demands_category_event_id", "event_demands", ["category", "event_id"])


def downgrade() -> None:
    """Drop the indexes and the reviewer, session and correction tables (tokens and corrections are lost)."""
    op.drop_index("ix_event_demands_category_event_id", table_name="event_demands")
    for name in _EVENT_INDEXES:
        op.drop_index(name, table_name="events")
    op.drop_table("field_edit_mentions")
    op.drop_table("field_edits")
    op.drop_table("review_sessions")
    op.drop_table("reviewers")
