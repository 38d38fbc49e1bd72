"""The order repository's reads, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from backend.eta import slip_days_from_lateness, supplier_slip_days
from backend.orders import repository
from tests.backend import factories as f


def test_lateness_is_counted_in_the_database_as_the_deliveries_say(session: Session):
    supplier = f.supplier(session)
    other = f.supplier(session)
    item = f.product(session, supplier_id=supplier.id)
    expected = dt.date(2026, 10, 1)
    for n, days in enumerate([-3, 0, 0, 2, 5, 5, 9, 31]):
        f.purchase_order(
            session,
            item,
            po_number=f"PO-L{n}",
            expected_date=expected + dt.timedelta(days=n),
            status="received",
            received_date=expected + dt.timedelta(days=n + days),
        )
    f.purchase_order(session, item, po_number="PO-OPEN")  # open: no part of the record
    ids = {supplier.id, other.id}

    lateness = repository.supplier_lateness(session, ids)

    assert lateness == {supplier.id: {-3: 1, 0: 2, 2: 1, 5: 2, 9: 1, 31: 1}, other.id: {}}
    deliveries = repository.supplier_deliveries(session, ids)
    for sid in ids:
        assert slip_days_from_lateness(lateness[sid]) == supplier_slip_days(deliveries[sid])
