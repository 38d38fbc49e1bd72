"""Every query the catalogue service makes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Product, PurchaseOrder


def get_product(session: Session, sku: str) -> Product | None:
    return session.execute(select(Product).where(Product.sku == sku)).scalar_one_or_none()


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
