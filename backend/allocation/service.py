"""Re-runs allocation for the SKUs a change touched and stores each line's verdict."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.allocation.core import QueuedLine, SkuAllocation, Supply, allocate
from backend.models import Order, OrderLine, Product, PurchaseOrder


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
    stored = {
        row.id: (
            row.allocation,
            row.allocated_quantity,
            row.queue_position,
            row.restock_date,
            row.eta_estimated,
        )
        for row in queued
    }
    changes = []
    for verdict in result.lines:
        new = (
            verdict.status,
            verdict.allocated_quantity,
            verdict.queue_position,
            verdict.restock_date,
            verdict.eta_estimated,
        )
        if stored[verdict.key] != new:
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
    if changes:
        session.execute(update(OrderLine), changes)
    return result
