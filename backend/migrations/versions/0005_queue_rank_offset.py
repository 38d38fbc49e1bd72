"""queue rank and offset: a receipt moves the offset, not every back-ordered line

order_lines.queue_position becomes queue_rank, read as queue_rank - products.queue_offset.
Stored positions stay valid under offset 0, so no data moves.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 23:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # RENAME COLUMN is metadata only on PostgreSQL and SQLite (3.25+): no table rebuild.
    op.execute("ALTER TABLE order_lines RENAME COLUMN queue_position TO queue_rank")
    op.add_column(
        "products", sa.Column("queue_offset", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    op.execute(
        "UPDATE order_lines SET queue_rank = queue_rank - (SELECT queue_offset FROM products"
        " WHERE products.id = order_lines.product_id) WHERE queue_rank IS NOT NULL"
    )
    with op.batch_alter_table("products") as batch_op:
        batch_op.drop_column("queue_offset")
    op.execute("ALTER TABLE order_lines RENAME COLUMN queue_rank TO queue_position")
