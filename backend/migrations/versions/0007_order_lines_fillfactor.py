"""order_lines: leave 10% of each page free on PostgreSQL, so verdict updates stay on the page

A re-allocation rewrites the verdict columns (allocation, allocated_quantity, queue_rank,
restock_date, eta_estimated) of many lines at once, up to every line of a busy SKU. None of them
is indexed, so PostgreSQL can update a row in place (a HOT update: no new entry in any of the
table's three indexes) when the row's page has room for the new version. With the default
fillfactor (100) imported pages are full and every update moves the row and touches every index.
A busy SKU's lines are spread thinly over the table (a few per page), so 10% free room holds
them. Applies to pages written from now on; `VACUUM FULL order_lines` repacks existing ones.
SQLite updates rows in place anyway: nothing to do there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 03:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines SET (fillfactor = 90)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines RESET (fillfactor)")
