"""agents: the password from `backorder agent add` is for one login only

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Accounts made before this revision chose no password of their own either.
    with op.batch_alter_table("agents") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("must_change_password")
