"""Every query the order service makes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.models import (
    LineEvent,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    VerificationFailure,
)


def get_order_with_lines(
    session: Session, order_number: str, for_update: bool = False
) -> Order | None:
    query = (
        select(Order)
        .where(Order.order_number == order_number)
        .options(
            selectinload(Order.lines).selectinload(OrderLine.product).selectinload(Product.supplier)
        )
        # Allocation updates lines in bulk, behind the loaded objects: always read afresh.
        .execution_options(populate_existing=True)
    )
    if for_update:  # changes to one order serialise on its row (PostgreSQL)
        query = query.with_for_update(of=Order)
    return session.execute(query).scalar_one_or_none()


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


def recent_failures(session: Session, order_number: str, since: dt.datetime) -> list[dt.datetime]:
    return list(
        session.execute(
            select(VerificationFailure.failed_at)
            .where(
                VerificationFailure.order_number == order_number,
                VerificationFailure.failed_at >= since,
            )
            .order_by(VerificationFailure.failed_at)
        ).scalars()
    )


def restock_history(
    session: Session, line_ids: list[int], per_line: int = 5
) -> dict[int, list[LineEvent]]:
    """The latest `per_line` restock changes of each line, oldest first."""
    history: dict[int, list[LineEvent]] = {line_id: [] for line_id in line_ids}
    if not line_ids:
        return history
    events = session.execute(
        select(LineEvent)
        .where(LineEvent.order_line_id.in_(line_ids), LineEvent.kind == "restock_moved")
        .order_by(LineEvent.created_at, LineEvent.id)
    ).scalars()
    for event in events:
        history[event.order_line_id].append(event)
    return {line_id: items[-per_line:] for line_id, items in history.items()}
