"""Recording what happened to order lines: the history rows and, with them, the notifications.

Both are written in the caller's transaction, so a change and the messages about it commit or
roll back together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend.models import LineEvent, utcnow
from backend.notifications.outbox import enqueue_line_events


def record(session: Session, events: Sequence[dict[str, Any]]) -> None:
    """Store line events ({order_line_id, kind, old_date?, new_date?, detail?}) and notify."""
    if not events:
        return
    now = utcnow()
    rows = [
        {"old_date": None, "new_date": None, "detail": {}, "created_at": now, **event}
        for event in events
    ]
    if len(rows) >= COPY_FROM and session.connection().dialect.name == "postgresql":
        _copy(session, rows)
    else:
        session.execute(insert(LineEvent), rows)
    enqueue_line_events(session, rows)


# A receipt on a busy SKU records thousands of events: COPY takes them ~10x faster than an
# INSERT of many rows, whose parameters SQLAlchemy processes one by one.
COPY_FROM = 100
_COLUMNS = ("order_line_id", "kind", "old_date", "new_date", "detail", "created_at")


def _copy(session: Session, rows: list[dict[str, Any]]) -> None:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    statement = f"COPY {LineEvent.__tablename__} ({', '.join(_COLUMNS)}) FROM STDIN"
    with cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                (
                    row["order_line_id"],
                    row["kind"],
                    row["old_date"],
                    row["new_date"],
                    json.dumps(row["detail"]),
                    row["created_at"],
                )
            )
