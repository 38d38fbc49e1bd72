"""Line events: a long batch (PostgreSQL COPY) is stored exactly as a short one (INSERT)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import events
from backend.models import LineEvent, OrderLine
from tests.backend import factories as f


def test_a_long_batch_is_stored_like_a_short_one(session: Session):
    item = f.product(session)
    order = f.order(session, [(item, 1)])
    line_id = session.execute(
        select(OrderLine.id).where(OrderLine.order_id == order.id)
    ).scalar_one()
    when = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    batch = [
        {
            "order_line_id": line_id,
            "kind": "restock_moved",
            "old_date": dt.date(2026, 12, 1) if n % 2 else None,
            "new_date": dt.date(2026, 12, 1) + dt.timedelta(days=n),
            "detail": {"n": n, "note": 'quote " and \\ backslash,\ttab,\nnewline, ünïcode'}
            if n % 3
            else {},
            "created_at": when,
        }
        for n in range(events.COPY_FROM + 5)
    ]
    events.record(session, batch[:3])  # INSERT
    events.record(session, batch[3:])  # COPY on PostgreSQL
    stored = session.execute(
        select(LineEvent).where(LineEvent.order_line_id == line_id).order_by(LineEvent.id)
    ).scalars()
    assert [
        {
            "order_line_id": e.order_line_id,
            "kind": e.kind,
            "old_date": e.old_date,
            "new_date": e.new_date,
            "detail": e.detail,
            "created_at": e.created_at,
        }
        for e in stored
    ] == batch
