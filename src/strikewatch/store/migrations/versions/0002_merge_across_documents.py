"""Merging across documents: mentions with blocking keys and embeddings, field history, people's decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02

Each source row becomes a mention: its position among its document's events (``ordinal``), a
key that names it in any database (content hash and ordinal), and the blocking keys under which
the merge compares it with others. Sources stored before this revision keep their events; run
``Store.rebuild_events()`` to merge them and write their history (they have no embeddings, so
their evidence is not compared across languages).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_UTC_TIME = sa.DateTime(timezone=True)


def _backfill() -> None:
    """Give every existing source its ordinal, key, origin and blocking keys."""
    from strikewatch.merge import mention_key
    from strikewatch.model import Event
    from strikewatch.store.identity import block_columns

    connection = op.get_bind()
    sources = sa.table(
        "event_sources", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer),
        sa.column("extracted", sa.JSON), sa.column("ordinal", sa.Integer), sa.column("mention_key", sa.String),
        sa.column("origin", sa.String), sa.column("block_country", sa.String), sa.column("kind_family", sa.String),
        sa.column("date_from", sa.String), sa.column("date_to", sa.String),
    )
    documents = sa.table(
        "documents", sa.column("id", sa.Integer), sa.column("content_hash", sa.String),
        sa.column("published", sa.Date),
    )
    rows = connection.execute(
        sa.select(sources.c.id, sources.c.document_id, sources.c.extracted, documents.c.content_hash,
                  documents.c.published)
        .join(documents, documents.c.id == sources.c.document_id)
        .order_by(sources.c.document_id, sources.c.id)
    ).all()
    ordinals: dict[int, int] = {}
    for row in rows:
        ordinal = ordinals.get(row.document_id, 0)
        ordinals[row.document_id] = ordinal + 1
        published: date | None = row.published
        extracted: dict[str, Any] = row.extracted or {}
        values = block_columns(Event.from_dict(extracted), published)
        connection.execute(
            sources.update().where(sources.c.id == row.id).values(
                ordinal=ordinal, mention_key=mention_key(row.content_hash, ordinal), origin="extracted", **values,
            )
        )


def upgrade() -> None:
    """Turn sources into mentions; add the history and decision tables."""
    with op.batch_alter_table("event_sources") as batch:
        batch.add_column(sa.Column("ordinal", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("mention_key", sa.String(80), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(16), nullable=True))
        batch.add_column(sa.Column("block_country", sa.String(2), nullable=True))
        batch.add_column(sa.Column("kind_family", sa.String(16), nullable=True))
        batch.add_column(sa.Column("date_from", sa.String(10), nullable=True))
        batch.add_column(sa.Column("date_to", sa.String(10), nullable=True))
        batch.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("encoder", sa.String(64), nullable=True))
    _backfill()
    with op.batch_alter_table("event_sources") as batch:
        for name in ("ordinal", "mention_key", "origin", "kind_family"):
            batch.alter_column(name, nullable=False)
        # A person may merge two events that one report tells apart no more than the merge may:
        # the rule lives in the merge now, and mentions move between events within a transaction.
        batch.drop_constraint("uq_event_sources_event_document", type_="unique")
        batch.create_unique_constraint("uq_event_sources_document_ordinal", ["document_id", "ordinal"])
        batch.create_unique_constraint("uq_event_sources_mention_key", ["mention_key"])
        batch.create_check_constraint("ck_event_sources_origin", "origin IN ('extracted', 'attached')")
        batch.create_index("ix_event_sources_block", ["block_country", "kind_family", "date_from"])

    op.create_table(
        "event_field_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("previous", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("mention_key", sa.String(80), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
    )
    op.create_index("ix_event_field_history_event_position", "event_field_history", ["event_id", "position"])

    op.create_table(
        "merge_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mention_a", sa.String(80), nullable=False),
        sa.Column("mention_b", sa.String(80), nullable=False),
        sa.Column("together", sa.Boolean(), nullable=False),
        sa.Column("who", sa.String(256), nullable=False),
        sa.Column("at", _UTC_TIME, nullable=False),
        sa.UniqueConstraint("mention_a", "mention_b", name="uq_merge_decisions_pair"),
        sa.CheckConstraint("mention_a < mention_b", name="ck_merge_decisions_order"),
    )
    op.create_index("ix_merge_decisions_mention_a", "merge_decisions", ["mention_a"])
    op.create_index("ix_merge_decisions_mention_b", "merge_decisions", ["mention_b"])


def downgrade() -> None:
    """Back to sources without mentions (decisions and history are lost)."""
    op.drop_table("merge_decisions")
    op.drop_table("event_field_history")
    with op.batch_alter_table("event_sources") as batch:
        batch.drop_index("ix_event_sources_block")
        batch.drop_constraint("ck_event_sources_origin", type_="check")
        batch.drop_constraint("uq_event_sources_mention_key", type_="unique")
        batch.drop_constraint("uq_event_sources_document_ordinal", type_="unique")
        batch.create_unique_constraint("uq_event_sources_event_document", ["event_id", "document_id"])
        for name in ("encoder", "embedding", "date_to", "date_from", "kind_family", "block_country", "origin",
                     "mention_key", "ordinal"):
            batch.drop_column(name)
