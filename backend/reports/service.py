"""Reports for the operations team: every back-ordered line with the ETA the bot will quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.eta import is_overdue, ship_eta
from backend.models import Order, OrderLine, Product, Supplier
from backorder_common.settings import Settings

COLUMNS = [
    "order_number",
    "placed_at",
    "line_no",
    "sku",
    "name",
    "supplier_id",
    "quantity",
    "allocated_quantity",
    "queue_position",
    "restock_date",
    "eta_estimated",
    "overdue",
    "ship_earliest",
    "ship_latest",
]


def backorder_rows(session: Session, settings: Settings) -> Iterator[dict[str, object]]:
    """Back-ordered lines by SKU and queue position; no customer details, only order numbers."""
    rows = session.execute(
        select(
            Order.order_number,
            Order.placed_at,
            OrderLine.line_no,
            OrderLine.quantity,
            OrderLine.allocated_quantity,
            (OrderLine.queue_rank - Product.queue_offset).label("queue_position"),
            OrderLine.restock_date,
            OrderLine.eta_estimated,
            Product.sku,
            Product.name,
            Supplier.supplier_id,
            Supplier.lead_time_days,
            Supplier.slip_days,
        )
        .join(Order, Order.id == OrderLine.order_id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(
            OrderLine.status == "open",
            Order.status == "open",
            OrderLine.allocation == "backordered",
        )
        .order_by(Product.sku, OrderLine.queue_rank)
    ).all()
    today, tz = settings.today(), settings.store_timezone()
    for row in rows:
        eta = ship_eta(
            status="backordered",
            restock_date=row.restock_date,
            today=today,
            handling_days=settings.handling_days,
            lead_time_days=row.lead_time_days,
            slip_days=row.slip_days,
        )
        assert eta is not None
        yield {
            "order_number": row.order_number,
            "placed_at": row.placed_at.astimezone(tz).isoformat(),
            "line_no": row.line_no,
            "sku": row.sku,
            "name": row.name,
            "supplier_id": row.supplier_id,
            "quantity": row.quantity,
            "allocated_quantity": row.allocated_quantity,
            "queue_position": row.queue_position,
            "restock_date": row.restock_date.isoformat() if row.restock_date else "",
            "eta_estimated": "yes" if row.eta_estimated else "no",
            "overdue": "yes" if is_overdue(row.restock_date, today) else "no",
            "ship_earliest": eta.earliest.isoformat(),
            "ship_latest": eta.latest.isoformat(),
        }


def backorders_csv(session: Session, settings: Settings) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(backorder_rows(session, settings))
    return buffer.getvalue()
