"""Rows for tests, with keyword defaults: say only what the test is about."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from backend.models import Order, OrderLine, Product, PurchaseOrder, Supplier

_ids = itertools.count(1)
ISTANBUL = dt.timezone(dt.timedelta(hours=3))


def supplier(session: Session, **fields: Any) -> Supplier:
    n = next(_ids)
    row = Supplier(
        **{"supplier_id": f"SUP-{n}", "name": f"Supplier {n}", "lead_time_days": 14, **fields}
    )
    session.add(row)
    session.flush()
    return row


def product(session: Session, **fields: Any) -> Product:
    n = next(_ids)
    if "supplier_id" not in fields:
        fields["supplier_id"] = supplier(session).id
    row = Product(
        **{
            "sku": f"SKU-{n}",
            "name": f"Product {n}",
            "category": "graphics_cards",
            "price": Decimal("500.00"),
            "currency": "EUR",
            "on_hand": 0,
            "attributes": {},
            **fields,
        }
    )
    session.add(row)
    session.flush()
    return row


def purchase_order(session: Session, product: Product, **fields: Any) -> PurchaseOrder:
    n = next(_ids)
    row = PurchaseOrder(
        **{
            "po_number": f"PO-{n}",
            "supplier_id": product.supplier_id,
            "product_id": product.id,
            "quantity": 10,
            "expected_date": dt.date(2026, 12, 9),
            "status": "open",
            **fields,
        }
    )
    session.add(row)
    session.flush()
    return row


def order(session: Session, lines: list[tuple[Product, int]] | None = None, **fields: Any) -> Order:
    n = next(_ids)
    row = Order(
        **{
            "order_number": str(200000 + n),
            "email": f"customer{n}@example.com",
            "postal_code": "34710",
            "placed_at": dt.datetime(2026, 11, 3, 10, 15, tzinfo=ISTANBUL)
            + dt.timedelta(minutes=n),
            "status": "open",
            **fields,
        }
    )
    session.add(row)
    session.flush()
    for line_no, (item, quantity) in enumerate(lines or [], start=1):
        session.add(
            OrderLine(
                order_id=row.id,
                line_no=line_no,
                product_id=item.id,
                quantity=quantity,
                status="open",
            )
        )
    session.flush()
    return row
