"""The notification outbox: filled in the transaction of each change, drained by delivery workers.

- Order updates: each line event is added to a pending row per order subscription; the row waits
  GATHER_WINDOW before it may be sent, so several changes to one order go out as one message.
- Back in stock: product subscribers are told in sign-up order, in waves no larger than the free
  stock, one wave per WAVE_GAP at most, stock re-checked before each wave.
- Workers claim due rows (UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING on
  PostgreSQL, so several workers share the work; SQLite runs the same single statement, which its
  one-writer lock makes safe for one worker), each for a lease; a row whose lease ran out, because
  its worker died, is claimed again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from backend.db import rowcount
from backend.errors import Conflict, NotFound
from backend.models import (
    Notification,
    Order,
    OrderLine,
    Product,
    Subscription,
    utcnow,
)
from backend.notifications.messages import back_in_stock_text, order_update_text, subject

GATHER_WINDOW = dt.timedelta(seconds=15)
WAVE_GAP = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 8
# Customers hear about what happened to them, not about what they did themselves.
NOTIFIED_EVENTS = {"restock_moved", "ready", "shipped", "cancelled"}


def enqueue_line_events(session: Session, events: Sequence[dict[str, Any]]) -> int:
    """Add each event to its order's subscribers' pending update; returns rows touched."""
    wanted = [
        e
        for e in events
        if e["kind"] in NOTIFIED_EVENTS and e.get("detail", {}).get("reason") != "customer"
    ]
    if not wanted:
        return 0
    lines = _subscribed_lines(session, {e["order_line_id"] for e in wanted})
    wanted = [e for e in wanted if e["order_line_id"] in lines]
    if not wanted:
        return 0
    order_ids = {line.order_id for line in lines.values()}
    subscriptions = (
        session.execute(
            select(Subscription).where(
                Subscription.order_id.in_(order_ids), Subscription.status == "active"
            )
        )
        .scalars()
        .all()
    )
    if not subscriptions:
        return 0
    facts_by_order: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in wanted:
        line = lines[event["order_line_id"]]
        facts_by_order[line.order_id].append(
            {
                "line_no": line.line_no,
                "name": line.name,
                "event": event["kind"],
                "old_date": _iso(event.get("old_date")),
                "new_date": _iso(event.get("new_date")),
            }
        )
    pending = {
        row.subscription_id: row
        for row in session.execute(
            select(Notification).where(
                Notification.subscription_id.in_([s.id for s in subscriptions]),
                Notification.status == "pending",
                Notification.kind == "order_update",
            )
        ).scalars()
    }
    now = utcnow()
    # Tell subscribers in the order their lines were affected (allocation reports queue order).
    first_seen = {
        order_id: rank
        for rank, order_id in enumerate(
            dict.fromkeys(lines[e["order_line_id"]].order_id for e in wanted)
        )
    }
    for subscription in sorted(
        subscriptions, key=lambda s: (first_seen.get(s.order_id or 0, 0), s.id)
    ):
        facts = facts_by_order.get(subscription.order_id or 0)
        if not facts:
            continue
        row = pending.get(subscription.id)
        if row is None:
            session.add(
                _notice(subscription, "order_update", list(facts), now, now + GATHER_WINDOW)
            )
        else:
            row.facts = [*row.facts, *facts]  # a new list, so the JSON column is saved
    return len(subscriptions)


# Past this many lines, reading the lines of every order someone follows is cheaper than a list
# of thousands of line ids (a receipt on a busy SKU moves thousands of lines).
MAX_LINES_IN_LIST = 500


def _subscribed_lines(session: Session, line_ids: set[int]) -> dict[int, Any]:
    """(id, order_id, line_no, name) of those lines whose order someone follows."""
    followed = select(Subscription.order_id).where(
        Subscription.status == "active", Subscription.order_id.is_not(None)
    )
    query = (
        select(OrderLine.id, OrderLine.order_id, OrderLine.line_no, Product.name)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id.in_(followed))
    )
    if len(line_ids) <= MAX_LINES_IN_LIST:
        query = query.where(OrderLine.id.in_(line_ids))
    return {row.id: row for row in session.execute(query) if row.id in line_ids}


def _notice(
    subscription: Subscription,
    kind: str,
    facts: list[dict[str, Any]],
    now: dt.datetime,
    not_before: dt.datetime,
) -> Notification:
    """An outbox row for one subscriber, addressed as they subscribed."""
    return Notification(
        subscription_id=subscription.id,
        channel=subscription.channel,
        address=subscription.address,
        conversation_id=subscription.conversation_id,
        kind=kind,
        order_id=subscription.order_id,
        product_id=subscription.product_id,
        facts=facts,
        not_before=not_before,
        created_at=now,
    )


def _iso(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def schedule_restock_wave(session: Session, product: Product, available: int) -> int:
    """Tell the next subscribers a product is back, as many as there are free units."""
    if available <= 0:
        return 0
    now = utcnow()
    last_wave = session.execute(
        select(func.max(Notification.created_at)).where(
            Notification.product_id == product.id, Notification.kind == "back_in_stock"
        )
    ).scalar_one()
    if last_wave is not None and now - last_wave < WAVE_GAP:
        return 0
    subscribers = (
        session.execute(
            select(Subscription)
            .where(Subscription.product_id == product.id, Subscription.status == "active")
            .order_by(Subscription.created_at, Subscription.id)
            .limit(available)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    for subscription in subscribers:
        session.add(
            _notice(
                subscription,
                "back_in_stock",
                [{"name": product.name, "available": available}],
                now,
                now,
            )
        )
        subscription.status = "ended"  # a one-time alert
        subscription.ended_at = now
    return len(subscribers)


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    address: str
    conversation_id: str
    text: str
    attempts: int
    subject: str  # for an email
    language: str


def claim(session: Session, worker: str, limit: int, lease: dt.timedelta) -> list[Claimed]:
    """Lease up to `limit` due rows to `worker`, oldest first, with their text."""
    now = utcnow()
    due = (
        select(Notification.id)
        .where(
            or_(
                and_(Notification.status == "pending", Notification.not_before <= now),
                and_(Notification.status == "sending", Notification.claimed_until < now),
            )
        )
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed_ids = (
        session.execute(
            update(Notification)
            .where(Notification.id.in_(due.scalar_subquery()))
            .values(
                status="sending",
                claimed_by=worker,
                claimed_until=now + lease,
                attempts=Notification.attempts + 1,
            )
            .returning(Notification.id)
        )
        .scalars()
        .all()
    )
    if not claimed_ids:
        return []
    rows = session.execute(
        select(Notification, Order.order_number, Subscription.language)
        .outerjoin(Order, Order.id == Notification.order_id)
        .join(Subscription, Subscription.id == Notification.subscription_id)
        .where(Notification.id.in_(claimed_ids))
        .order_by(Notification.id)
        .execution_options(populate_existing=True)
    ).all()
    claimed = []
    for row, order_number, language in rows:
        text = _text(row, order_number, language)
        if not text:  # e.g. a date moved and moved back: nothing left to say
            row.status, row.last_error = "cancelled", "nothing to say"
            continue
        claimed.append(
            Claimed(
                row.id,
                row.channel,
                row.address,
                row.conversation_id,
                text,
                row.attempts,
                subject(row.kind, language),
                language,
            )
        )
    return claimed


def _text(row: Notification, order_number: str | None, language: str) -> str:
    """Written when claimed, in the subscriber's language (a row gathers facts until then)."""
    if row.kind == "back_in_stock":
        fact = row.facts[0]
        return back_in_stock_text(fact["name"], fact["available"], language)
    return order_update_text(order_number or "?", row.facts, row.channel, language)


def _leased(session: Session, notification_id: int, worker: str) -> Notification:
    row = session.execute(
        select(Notification).where(Notification.id == notification_id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No notification {notification_id}.")
    if row.status != "sending" or row.claimed_by != worker:
        raise Conflict(
            f"Notification {notification_id} is not leased to {worker}.", code="not_leased"
        )
    return row


def mark_sent(session: Session, notification_id: int, worker: str) -> None:
    row = _leased(session, notification_id, worker)
    row.status, row.sent_at, row.claimed_until = "sent", utcnow(), None


def retry_later(
    session: Session, notification_id: int, worker: str, error: str, after_seconds: float | None
) -> str:
    """A passing failure: try again after `after_seconds` (Telegram's retry_after) or a backoff.

    After MAX_ATTEMPTS the row is dead-lettered instead. Returns the new status.
    """
    row = _leased(session, notification_id, worker)
    row.last_error = error[:500]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "dead"
        return row.status
    delay = after_seconds if after_seconds is not None else min(600, 5 * 2 ** (row.attempts - 1))
    row.status, row.not_before = "pending", utcnow() + dt.timedelta(seconds=delay)
    return row.status


def fail(session: Session, notification_id: int, worker: str, error: str, blocked: bool) -> int:
    """A failure for good. `blocked`: the customer blocked the bot, so their subscriptions on
    that channel end (status dead) and their other pending messages are cancelled.
    Returns how many subscriptions ended."""
    row = _leased(session, notification_id, worker)
    row.last_error = error[:500]
    row.claimed_until = None
    if not blocked:
        row.status = "dead"
        return 0
    row.status = "cancelled"
    now = utcnow()
    ended = rowcount(
        session.execute(
            update(Subscription)
            .where(
                Subscription.channel == row.channel,
                Subscription.address == row.address,
                Subscription.status == "active",
            )
            .values(status="dead", ended_at=now)
        )
    )
    session.execute(
        update(Notification)
        .where(
            Notification.channel == row.channel,
            Notification.address == row.address,
            Notification.status == "pending",
        )
        .values(status="cancelled", last_error="the customer blocked the bot")
    )
    return ended


def dead_letters(session: Session, limit: int = 100) -> list[Notification]:
    return list(
        session.execute(
            select(Notification)
            .where(Notification.status == "dead")
            .order_by(Notification.id)
            .limit(limit)
        ).scalars()
    )


def replay(session: Session, notification_id: int) -> None:
    row = session.get(Notification, notification_id, with_for_update=True)
    if row is None:
        raise NotFound(f"No notification {notification_id}.")
    if row.status != "dead":
        raise Conflict(
            f"Notification {notification_id} is {row.status}, not dead.", code="not_dead"
        )
    row.status, row.attempts, row.not_before, row.last_error = "pending", 0, utcnow(), None


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Notification.status, func.count()).group_by(Notification.status)
    ).all()
    return {status: count for status, count in rows}
