"""line_events.agent_id: which support agent made a change from the agent console

An agent cancels or swaps a line for the customer from the console (operator key, the ticket the
agent owns); the event row names the agent, so the order's history says who changed it. Customer
changes and operations leave it empty.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("line_events") as batch:
        batch.add_column(sa.Column("agent_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_line_events_agent_id_agents"), "agents", ["agent_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("line_events") as batch:
        batch.drop_constraint(batch.f("fk_line_events_agent_id_agents"), type_="foreignkey")
        batch.drop_column("agent_id")
