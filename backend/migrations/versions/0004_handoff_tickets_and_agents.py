"""handoff tickets, their messages and the agents' console accounts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OPEN = "status IN ('waiting', 'assigned')"


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", backend.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("name", name=op.f("uq_agents_name")),
    )
    op.create_table(
        "handoff_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("in_hours", sa.Boolean(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", backend.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", backend.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_response_at", backend.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", backend.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "channel IN ('web', 'telegram')", name=op.f("ck_handoff_tickets_channel_known")
        ),
        sa.CheckConstraint(
            "status IN ('waiting', 'assigned', 'resolved', 'cancelled')",
            name=op.f("ck_handoff_tickets_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_handoff_tickets_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_tickets")),
    )
    op.create_index(
        op.f("ix_handoff_tickets_conversation_id"),
        "handoff_tickets",
        ["conversation_id"],
        unique=False,
    )
    op.create_index(
        "ix_handoff_tickets_status", "handoff_tickets", ["status", "created_at"], unique=False
    )
    op.create_index(
        "uq_handoff_tickets_open_conversation",
        "handoff_tickets",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("created_at", backend.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "author IN ('customer', 'agent', 'system')",
            name=op.f("ck_handoff_messages_author_known"),
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_handoff_messages_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["handoff_tickets.id"],
            name=op.f("fk_handoff_messages_ticket_id_handoff_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_messages")),
    )
    op.create_index(
        op.f("ix_handoff_messages_ticket_id"), "handoff_messages", ["ticket_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_handoff_messages_ticket_id"), table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index("uq_handoff_tickets_open_conversation", table_name="handoff_tickets")
    op.drop_index("ix_handoff_tickets_status", table_name="handoff_tickets")
    op.drop_index(op.f("ix_handoff_tickets_conversation_id"), table_name="handoff_tickets")
    op.drop_table("handoff_tickets")
    op.drop_table("agents")
