"""verification_counters replace verification_failures: an atomic lock-out per order and client

Counting failures by inserting a row each and reading the count before checking was not atomic:
60 concurrent guesses got up to 18 checks instead of 5. A counter row per key (order number and
client, client, order number) is incremented by one upsert that returns the new count, and the
answer follows that count (backend.orders.lockout). The old rows only ever held 30 minutes of
history, so nothing of value is dropped with them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verification_counters",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_start", backend.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", backend.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_verification_counters")),
    )
    op.create_index(
        "ix_verification_counters_window_start", "verification_counters", ["window_start"]
    )
    with op.batch_alter_table("verification_failures") as batch:
        batch.drop_index("ix_verification_failures_number")
    op.drop_table("verification_failures")


def downgrade() -> None:
    op.create_table(
        "verification_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.String(length=40), nullable=False),
        sa.Column("failed_at", backend.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_failures")),
    )
    with op.batch_alter_table("verification_failures") as batch:
        batch.create_index(
            "ix_verification_failures_number", ["order_number", "failed_at"], unique=False
        )
    op.drop_index("ix_verification_counters_window_start", "verification_counters")
    op.drop_table("verification_counters")
