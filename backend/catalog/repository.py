"""Every query the catalogue service makes."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backend.models import Order, OrderLine, Product, PurchaseOrder


def get_product(session: Session, sku: str) -> Product | None:
    return session.execute(select(Product).where(Product.sku == sku)).scalar_one_or_none()


def claimed_units(session: Session, product_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per product: (on-hand units allocated to open lines, units back-ordered lines miss)."""
    if not product_ids:
        return {}
    missing = case(
        (OrderLine.allocation == "backordered", OrderLine.quantity - OrderLine.allocated_quantity),
        else_=0,
    )
    rows = session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.allocated_quantity), func.sum(missing))
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.product_id.in_(product_ids),
            OrderLine.status == "open",
            Order.status == "open",
        )
        .group_by(OrderLine.product_id)
    ).all()
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in rows}


def next_open_purchase_order(session: Session, product_id: int) -> PurchaseOrder | None:
    return session.execute(
        select(PurchaseOrder)
        .where(PurchaseOrder.product_id == product_id, PurchaseOrder.status == "open")
        .order_by(PurchaseOrder.expected_date, PurchaseOrder.po_number)
        .limit(1)
    ).scalar_one_or_none()


def products_in_category(session: Session, category: str, exclude_id: int) -> list[Product]:
    return list(
        session.execute(
            select(Product).where(
                Product.category == category, Product.id != exclude_id, Product.on_hand > 0
            )
        ).scalars()
    )


def all_products(session: Session) -> list[Product]:
    return list(session.execute(select(Product).order_by(Product.sku)).scalars())
