"""Every query the order service makes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.models import Order, OrderLine, Product, PurchaseOrder


def get_order_with_lines(session: Session, order_number: str) -> Order | None:
    return session.execute(
        select(Order)
        .where(Order.order_number == order_number)
        .options(
            selectinload(Order.lines).selectinload(OrderLine.product).selectinload(Product.supplier)
        )
    ).scalar_one_or_none()


def supplier_deliveries(
    session: Session, supplier_ids: set[int]
) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """(expected_date, received_date) of each supplier's received purchase orders."""
    history: dict[int, list[tuple[dt.date, dt.date]]] = {sid: [] for sid in supplier_ids}
    if not supplier_ids:
        return history
    rows = session.execute(
        select(
            PurchaseOrder.supplier_id, PurchaseOrder.expected_date, PurchaseOrder.received_date
        ).where(
            PurchaseOrder.supplier_id.in_(supplier_ids),
            PurchaseOrder.status == "received",
            PurchaseOrder.received_date.is_not(None),
        )
    ).all()
    for row in rows:
        history[row.supplier_id].append((row.expected_date, row.received_date))
    return history
