"""subscriptions.language and handoff_tickets.language: the customer's language (en, tr)

Notifications are written in the subscriber's language; the agent console shows a ticket's
language, and what the customer is told around a handoff (wait, support hours, agent joined) is
in it. Rows from before this revision were all English.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = ("subscriptions", "handoff_tickets")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("language", sa.String(2), nullable=False, server_default="en")
            )
            batch.create_check_constraint(
                op.f(f"ck_{table}_language_known"), "language IN ('en', 'tr')"
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_language_known"), type_="check")
            batch.drop_column("language")
