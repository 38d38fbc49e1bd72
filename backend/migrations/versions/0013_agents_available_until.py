"""agents.available_until: presence, for the wait estimate and the off-duty message

An agent's console keeps `available_until` a couple of minutes ahead while it is open and the agent
has not chosen "away"; the queue is shared among the agents available now, and in support hours
with nobody available the customer is told the team is away instead of a wait.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.add_column(
            sa.Column("available_until", backend.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("available_until")
