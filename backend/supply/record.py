"""Suppliers' delivery record: how late their purchase orders usually arrive."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from backend.eta import slip_days_from_lateness
from backend.models import Supplier
from backend.orders.repository import supplier_lateness


def refresh_slip_days(session: Session, supplier_ids: Iterable[int] | None = None) -> None:
    """Store `slip_days` of the given suppliers (all when None) from their received orders.

    Call it in the transaction that receives or imports purchase orders: order lookups read
    the stored figure instead of counting the supplier's whole history each time.
    """
    ids = set(
        session.execute(select(Supplier.id)).scalars() if supplier_ids is None else supplier_ids
    )
    if not ids:
        return
    slips = [
        {"supplier": supplier_id, "slip_days": slip_days_from_lateness(lateness)}
        for supplier_id, lateness in supplier_lateness(session, ids).items()
    ]
    table = cast(Table, Supplier.__table__)
    session.execute(update(table).where(table.c.id == bindparam("supplier")), slips)
