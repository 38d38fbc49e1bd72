"""Re-runs allocation for the SKUs a change touched and stores each line's verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.allocation.core import (
    BACKORDERED,
    READY,
    QueuedLine,
    SkuAllocation,
    Supply,
    allocate,
)
from backend.events import record as record_events
from backend.models import Order, OrderLine, Product, PurchaseOrder, utcnow
from backend.notifications.outbox import schedule_restock_wave


def reallocate(session: Session, product_ids: Iterable[int]) -> dict[int, SkuAllocation]:
    """Allocate each product's stock and open supply again; call inside the change's transaction.

    Products are locked (FOR UPDATE on PostgreSQL) in id order, so two changes touching the same
    SKUs serialise instead of writing interleaved verdicts, and never deadlock.
    """
    results: dict[int, SkuAllocation] = {}
    for product_id in sorted(set(product_ids)):
        product = session.execute(
            select(Product).where(Product.id == product_id).with_for_update()
        ).scalar_one()
        results[product_id] = _reallocate_one(session, product)
        schedule_restock_wave(session, product, results[product_id].available)
    return results


def _reallocate_one(session: Session, product: Product) -> SkuAllocation:
    queued = session.execute(
        select(
            OrderLine.id,
            Order.placed_at,
            Order.order_number,
            OrderLine.line_no,
            OrderLine.quantity,
            OrderLine.allocation,
            OrderLine.allocated_quantity,
            OrderLine.queue_position,
            OrderLine.restock_date,
            OrderLine.eta_estimated,
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.product_id == product.id, OrderLine.status == "open", Order.status == "open"
        )
    ).all()
    supply = session.execute(
        select(PurchaseOrder.po_number, PurchaseOrder.expected_date, PurchaseOrder.quantity).where(
            PurchaseOrder.product_id == product.id, PurchaseOrder.status == "open"
        )
    ).all()
    result = allocate(
        product.on_hand,
        [
            QueuedLine(row.id, row.placed_at, row.order_number, row.line_no, row.quantity)
            for row in queued
        ],
        [Supply(row.po_number, row.expected_date, row.quantity) for row in supply],
    )
    stored = {row.id: row for row in queued}
    changes, events = [], []
    for verdict in result.lines:
        before = stored[verdict.key]
        new = (
            verdict.status,
            verdict.allocated_quantity,
            verdict.queue_position,
            verdict.restock_date,
            verdict.eta_estimated,
        )
        old = (
            before.allocation,
            before.allocated_quantity,
            before.queue_position,
            before.restock_date,
            before.eta_estimated,
        )
        if old == new:
            continue
        changes.append(
            {
                "id": verdict.key,
                "allocation": verdict.status,
                "allocated_quantity": verdict.allocated_quantity,
                "queue_position": verdict.queue_position,
                "restock_date": verdict.restock_date,
                "eta_estimated": verdict.eta_estimated,
            }
        )
        events.extend(
            line_events(
                verdict.key,
                before.allocation,
                before.restock_date,
                verdict.status,
                verdict.restock_date,
            )
        )
    if changes:
        session.execute(update(OrderLine), changes)
    record_events(session, events)
    return result


def line_events(
    line_id: int,
    old_status: str | None,
    old_restock: dt.date | None,
    new_status: str,
    new_restock: dt.date | None,
) -> list[dict[str, Any]]:
    """What a customer waiting on the line should hear about this change, as event rows.

    A line allocated for the first time (old_status None) has no history yet: nothing to say.
    """
    if old_status is None:
        return []
    now = utcnow()
    if new_status == READY and old_status == BACKORDERED:
        return [
            {
                "order_line_id": line_id,
                "kind": "ready",
                "old_date": old_restock,
                "new_date": None,
                "detail": {},
                "created_at": now,
            }
        ]
    if new_status == BACKORDERED and (old_status != BACKORDERED or old_restock != new_restock):
        return [
            {
                "order_line_id": line_id,
                "kind": "restock_moved",
                "old_date": old_restock,
                "new_date": new_restock,
                "detail": {},
                "created_at": now,
            }
        ]
    return []
