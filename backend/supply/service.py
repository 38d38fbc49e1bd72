"""Purchase orders: create, re-date, cancel, receive. Each change re-allocates its SKU."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.bounds import check_planned
from backend.errors import Conflict, Invalid, NotFound
from backend.models import OrderLine, Product, PurchaseOrder, Supplier
from backend.supply.record import refresh_slip_days
from backend.supply.schemas import PurchaseOrderChange, PurchaseOrderIn, PurchaseOrderOut, Receipt


def _view(
    session: Session, po: PurchaseOrder, product: Product, supplier: Supplier
) -> PurchaseOrderOut:
    waiting = session.execute(
        select(func.count()).where(
            OrderLine.product_id == product.id,
            OrderLine.status == "open",
            OrderLine.allocation == "backordered",
        )
    ).scalar_one()
    return PurchaseOrderOut(
        po_number=po.po_number,
        supplier_id=supplier.supplier_id,
        sku=product.sku,
        quantity=po.quantity,
        expected_date=po.expected_date,
        status=po.status,  # type: ignore[arg-type]
        received_date=po.received_date,
        lines_waiting=waiting,
    )


def _find(session: Session, po_number: str, sku: str) -> tuple[PurchaseOrder, Product, Supplier]:
    row = session.execute(
        select(PurchaseOrder, Product, Supplier)
        .join(Product, Product.id == PurchaseOrder.product_id)
        .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(PurchaseOrder.po_number == po_number, Product.sku == sku.strip().upper())
        .with_for_update(of=PurchaseOrder)
    ).one_or_none()
    if row is None:
        raise NotFound(f"No purchase order {po_number} for {sku}.")
    return row[0], row[1], row[2]


def create(session: Session, body: PurchaseOrderIn, today: dt.date) -> PurchaseOrderOut:
    check_planned("expected_date", body.expected_date, today)
    product = session.execute(
        select(Product).where(Product.sku == body.sku.strip().upper())
    ).scalar_one_or_none()
    if product is None:
        raise NotFound(f"No product with SKU {body.sku!r}.")
    supplier = session.execute(
        select(Supplier).where(Supplier.supplier_id == body.supplier_id)
    ).scalar_one_or_none()
    if supplier is None:
        raise NotFound(f"No supplier {body.supplier_id!r}.")
    exists = session.execute(
        select(PurchaseOrder.id).where(
            PurchaseOrder.po_number == body.po_number, PurchaseOrder.product_id == product.id
        )
    ).first()
    if exists:
        raise Conflict(
            f"Purchase order {body.po_number} already has a line for {product.sku}.", code="exists"
        )
    po = PurchaseOrder(
        po_number=body.po_number,
        supplier_id=supplier.id,
        product_id=product.id,
        quantity=body.quantity,
        expected_date=body.expected_date,
        status="open",
    )
    session.add(po)
    session.flush()
    reallocate(session, {product.id})
    return _view(session, po, product, supplier)


def change(
    session: Session, po_number: str, sku: str, body: PurchaseOrderChange, today: dt.date
) -> PurchaseOrderOut:
    if body.expected_date is not None:
        check_planned("expected_date", body.expected_date, today)
    po, product, supplier = _find(session, po_number, sku)
    if po.status != "open":
        raise Conflict(
            f"Purchase order {po_number} is {po.status}; only open ones change.", code="not_open"
        )
    if body.expected_date is None and body.quantity is None and body.status is None:
        raise Invalid("Nothing to change: give expected_date, quantity or status.")
    if body.expected_date is not None:
        po.expected_date = body.expected_date
    if body.quantity is not None:
        po.quantity = body.quantity
    if body.status == "cancelled":
        po.status = "cancelled"
    session.flush()
    reallocate(session, {product.id})
    return _view(session, po, product, supplier)


def receive(
    session: Session, po_number: str, sku: str, body: Receipt, today: dt.date
) -> PurchaseOrderOut:
    """Stock arrived: on-hand grows by what came, the order is history, the queue moves up.

    A short delivery closes the purchase order with what arrived; order the rest anew.
    """
    if body.received_date is not None:
        check_planned("received_date", body.received_date, today)
    po, product, supplier = _find(session, po_number, sku)
    if po.status != "open":
        raise Conflict(
            f"Purchase order {po_number} is {po.status}; it can't be received.", code="not_open"
        )
    arrived = po.quantity if body.quantity is None else body.quantity
    product.on_hand += arrived
    po.status = "received"
    po.received_date = body.received_date or today
    if arrived:
        po.quantity = arrived
    session.flush()
    refresh_slip_days(session, {po.supplier_id})
    reallocate(session, {product.id})
    return _view(session, po, product, supplier)
