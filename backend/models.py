"""The back-order domain's tables (SQLAlchemy 2 declarative mappings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db import Base, UTCDateTime
from backend.eta import DEFAULT_SLIP_DAYS


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    lead_time_days: Mapped[int]
    # How many days late its deliveries usually arrive (80th percentile of its received purchase
    # orders, backend.eta): kept by backend.supply.record.refresh_slip_days on every receipt
    # and import, so an order lookup reads it instead of counting the history.
    slip_days: Mapped[int] = mapped_column(
        default=DEFAULT_SLIP_DAYS, server_default=str(DEFAULT_SLIP_DAYS)
    )


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(60), index=True)
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    on_hand: Mapped[int]
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    # A back-ordered line's queue position is its queue_rank minus this (see allocation.core).
    queue_offset: Mapped[int] = mapped_column(default=0, server_default="0")
    # Written by allocation with the lines' verdicts, so availability reads two numbers instead
    # of summing a busy SKU's 50,000 lines: on-hand units set aside for open lines, and units
    # back-ordered lines still miss. Every change to on_hand or to lines re-allocates.
    allocated_units: Mapped[int] = mapped_column(default=0, server_default="0")
    backordered_units: Mapped[int] = mapped_column(default=0, server_default="0")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    supplier: Mapped[Supplier] = relationship(lazy="raise")


class PurchaseOrder(Base):
    """One SKU's line of a supplier's purchase order; `po_number` may span several SKUs."""

    __tablename__ = "purchase_orders"
    __table_args__ = (
        UniqueConstraint("po_number", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("status IN ('open', 'received', 'cancelled')", name="status_known"),
        Index("ix_purchase_orders_open_supply", "product_id", "status", "expected_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    po_number: Mapped[str] = mapped_column(String(40))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    expected_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    received_date: Mapped[dt.date | None] = mapped_column(Date)

    product: Mapped[Product] = relationship(lazy="raise")


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (CheckConstraint("status IN ('open', 'cancelled')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    postal_code: Mapped[str] = mapped_column(String(20))
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(12), default="open")

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", lazy="raise", order_by="OrderLine.line_no"
    )


class OrderLine(Base):
    """A line of an order, with the allocation's latest verdict stored beside it."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("status IN ('open', 'shipped', 'cancelled')", name="status_known"),
        Index("ix_order_lines_queue", "product_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id")
    )  # indexed by the unique (order_id, line_no)
    line_no: Mapped[int]
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="open")

    # Written by allocation; meaningful while the line is open in an open order.
    allocation: Mapped[str | None] = mapped_column(String(12))  # ready | backordered
    allocated_quantity: Mapped[int] = mapped_column(default=0)
    # The queue position plus the product's queue_offset: a receipt that moves the whole queue
    # up changes the offset, not 50,000 lines. Position = queue_rank - products.queue_offset.
    queue_rank: Mapped[int | None]
    restock_date: Mapped[dt.date | None] = mapped_column(Date)
    eta_estimated: Mapped[bool] = mapped_column(default=False)

    order: Mapped[Order] = relationship(back_populates="lines", lazy="raise")
    product: Mapped[Product] = relationship(lazy="raise")


class LineEvent(Base):
    """Something that happened to an order line: its history, and what notifications are made of.

    kind: restock_moved (old/new restock dates, either may be null), ready, shipped, cancelled,
    swapped (old/new SKU in `detail`). `agent_id` names the agent who made a console change.
    """

    __tablename__ = "line_events"
    __table_args__ = (Index("ix_line_events_line", "order_line_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    kind: Mapped[str] = mapped_column(String(20))
    old_date: Mapped[dt.date | None] = mapped_column(Date)
    new_date: Mapped[dt.date | None] = mapped_column(Date)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The support agent who made the change from the agent console; null for the customer's own
    # changes and for operations.
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))


class VerificationCounter(Base):
    """Failed order verifications of one key (an order number and client, a client, an order
    number) since `window_start`; `locked_until` is set when they reach the key's limit.
    Written only by atomic upserts (backend.orders.lockout)."""

    __tablename__ = "verification_counters"
    __table_args__ = (Index("ix_verification_counters_window_start", "window_start"),)

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    attempts: Mapped[int]
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Subscription(Base):
    """A customer's wish to hear about an order or a product, on the channel they asked on."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("channel IN ('web', 'telegram')", name="channel_known"),
        CheckConstraint("status IN ('active', 'ended', 'dead')", name="status_known"),
        CheckConstraint("(order_id IS NULL) <> (product_id IS NULL)", name="one_target"),
        CheckConstraint("language IN ('en', 'tr')", name="language_known"),
        Index("ix_subscriptions_conversation", "conversation_id", "status"),
        Index("ix_subscriptions_order", "order_id", "status"),
        Index("ix_subscriptions_product", "product_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(320))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    # The customer's language (en, tr): the notifications are written in it.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    status: Mapped[str] = mapped_column(String(8), default="active")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    order: Mapped[Order | None] = relationship(lazy="raise")
    product: Mapped[Product | None] = relationship(lazy="raise")


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(120), index=True)
    channel: Mapped[str] = mapped_column(String(12))
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(Base):
    """The outbox: one message to one subscriber, written in the transaction of its change.

    status: pending (waiting, not before `not_before`), sending (claimed by a delivery worker
    until `claimed_until`), sent, dead (failed for good: operators can list and replay it),
    cancelled (its subscriber blocked the bot). Order updates for one subscription gather in one
    pending row while it waits, so several changes go out as one message.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("kind IN ('order_update', 'back_in_stock')", name="kind_known"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'dead', 'cancelled')", name="status_known"
        ),
        Index("ix_notifications_due", "status", "not_before", "id"),
        Index("ix_notifications_subscription", "subscription_id", "status"),
        Index("ix_notifications_product", "product_id", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"))
    channel: Mapped[str] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(320))
    conversation_id: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    facts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Agent(Base):
    """A support agent's console account (`backorder agent add NAME`); argon2-hashed password."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    # The password `agent add` printed is for one login: the console asks for a new one first.
    must_change_password: Mapped[bool] = mapped_column(default=True, server_default="1")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Presence: the agent is available until then (their console keeps it a little ahead while
    # it is open and they have not chosen "away"); null or past means away.
    available_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class HandoffTicket(Base):
    """A conversation handed from the bot to the agents.

    status: waiting (in the queue), assigned (an agent owns the conversation), resolved (the bot
    has it back), cancelled (the customer went back to the bot before an agent answered).
    """

    __tablename__ = "handoff_tickets"
    __table_args__ = (
        CheckConstraint("channel IN ('web', 'telegram')", name="channel_known"),
        CheckConstraint(
            "status IN ('waiting', 'assigned', 'resolved', 'cancelled')", name="status_known"
        ),
        Index("ix_handoff_tickets_status", "status", "created_at"),
        CheckConstraint("language IN ('en', 'tr')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(120), index=True)
    channel: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The customer's language (en, tr): shown to agents; the customer is told the wait in it.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    in_hours: Mapped[bool] = mapped_column(default=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assigned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    first_response_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    agent: Mapped[Agent | None] = relationship(lazy="raise")


# One open ticket per conversation: a second handoff request joins the first.
Index(
    "uq_handoff_tickets_open_conversation",
    HandoffTicket.conversation_id,
    unique=True,
    sqlite_where=HandoffTicket.status.in_(("waiting", "assigned")),
    postgresql_where=HandoffTicket.status.in_(("waiting", "assigned")),
)


class SavedReply(Base):
    """An answer agents keep for reuse; `{order_number}` and the like are filled in per ticket by
    the console (bot/console/saved_replies.py)."""

    __tablename__ = "saved_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80), unique=True)
    text: Mapped[str] = mapped_column(String(2000))
    # The agent who wrote or last changed it.
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HandoffMessage(Base):
    """What the customer and the agents said while a ticket owned the conversation."""

    __tablename__ = "handoff_messages"
    __table_args__ = (
        CheckConstraint("author IN ('customer', 'agent', 'system')", name="author_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("handoff_tickets.id"), index=True)
    author: Mapped[str] = mapped_column(String(10))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    text: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
