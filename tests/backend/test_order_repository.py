"""The order repository's reads, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from backend.eta import DEFAULT_SLIP_DAYS, slip_days_from_lateness, supplier_slip_days
from backend.models import Supplier
from backend.orders import repository
from backend.supply.record import refresh_slip_days
from tests.backend import factories as f


def record_deliveries(session: Session, item) -> list[tuple[dt.date, dt.date]]:  # type: ignore[no-untyped-def]
    """Eight received purchase orders, -3 to 31 days late, and an open one; (expected, received)."""
    expected = dt.date(2026, 10, 1)
    deliveries = []
    for n, days in enumerate([-3, 0, 0, 2, 5, 5, 9, 31]):
        deliveries.append((expected + dt.timedelta(days=n), expected + dt.timedelta(days=n + days)))
        f.purchase_order(
            session,
            item,
            po_number=f"PO-L{n}",
            expected_date=deliveries[-1][0],
            status="received",
            received_date=deliveries[-1][1],
        )
    f.purchase_order(session, item, po_number="PO-OPEN")  # open: no part of the record
    return deliveries


def test_lateness_is_counted_in_the_database_as_the_deliveries_say(session: Session):
    supplier = f.supplier(session)
    other = f.supplier(session)
    item = f.product(session, supplier_id=supplier.id)
    deliveries = {supplier.id: record_deliveries(session, item), other.id: []}
    ids = {supplier.id, other.id}

    lateness = repository.supplier_lateness(session, ids)

    assert lateness == {supplier.id: {-3: 1, 0: 2, 2: 1, 5: 2, 9: 1, 31: 1}, other.id: {}}
    for sid in ids:
        assert slip_days_from_lateness(lateness[sid]) == supplier_slip_days(deliveries[sid])


def test_the_stored_slip_is_the_one_the_deliveries_give(session: Session):
    supplier = f.supplier(session)
    quiet = f.supplier(session)  # nothing received yet: the default slip
    item = f.product(session, supplier_id=supplier.id)
    deliveries = record_deliveries(session, item)

    refresh_slip_days(session, {supplier.id, quiet.id})
    session.expire_all()

    assert session.get(Supplier, supplier.id).slip_days == supplier_slip_days(deliveries) == 9
    assert session.get(Supplier, quiet.id).slip_days == DEFAULT_SLIP_DAYS
