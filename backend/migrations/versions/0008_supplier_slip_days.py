"""suppliers.slip_days: each supplier's usual lateness, kept instead of counted per lookup

The latest ship date of a back-ordered line adds its supplier's slip: the 80th percentile of
how late its received purchase orders arrived (backend.eta.slip_days_from_lateness). Counting
that over the supplier's whole history on every order lookup cost a query and ~1.5 ms per
lookup, growing with the history; the figure only changes when a purchase order is received or
imported, so it is stored on the supplier then (backend.supply.record.refresh_slip_days).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DEFAULT_SLIP_DAYS = 2  # backend.eta.DEFAULT_SLIP_DAYS as of this revision


def upgrade() -> None:
    with op.batch_alter_table("suppliers") as batch:
        batch.add_column(
            sa.Column(
                "slip_days",
                sa.Integer(),
                nullable=False,
                server_default=str(DEFAULT_SLIP_DAYS),
            )
        )
    # Fill it from the history already stored (plain SQL: the models may change later).
    from backend.eta import slip_days_from_lateness

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        late = "CAST(julianday(received_date) - julianday(expected_date) AS INTEGER)"
    else:
        late = "received_date - expected_date"
    lateness: dict[int, dict[int, int]] = {}
    for supplier_id, days, count in bind.execute(
        sa.text(
            f"SELECT supplier_id, {late}, count(*) FROM purchase_orders"
            " WHERE status = 'received' AND received_date IS NOT NULL GROUP BY 1, 2"
        )
    ):
        lateness.setdefault(supplier_id, {})[int(days)] = count
    for supplier_id, counts in lateness.items():
        bind.execute(
            sa.text("UPDATE suppliers SET slip_days = :slip WHERE id = :id"),
            {"slip": slip_days_from_lateness(counts), "id": supplier_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("suppliers") as batch:
        batch.drop_column("slip_days")
