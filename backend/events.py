"""Recording what happened to order lines: the history rows and, with them, the notifications.

Both are written in the caller's transaction, so a change and the messages about it commit or
roll back together.
"""

from __future__ import annotations

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
    session.execute(insert(LineEvent), rows)
    enqueue_line_events(session, rows)
