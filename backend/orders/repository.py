"""Every query the order service makes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased, joinedload

from backend.db import UTCDateTime
from backend.models import (
    LineEvent,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Supplier,
)
from backend.orders import lockout


@dataclass(slots=True)
class RestockMove:
    """A change of a line's restock date (either may be None: no date)."""

    old_date: dt.date | None
    new_date: dt.date | None
    created_at: dt.datetime


@dataclass(slots=True)
class OrderFacts:
    """What a view of an order needs, read as plain rows: the lookup is the busiest route, and
    building ORM objects for an order, its lines, products and suppliers cost more than the
    queries. `lines` are rows of `_FACTS` (line_no, sku, queue_rank, slip_days, ...), one per
    line; `history` holds each line's latest restock changes."""

    order_number: str
    email: str
    postal_code: str
    placed_at: dt.datetime
    status: str
    lines: list[Any] = field(default_factory=list)
    history: dict[int, list[RestockMove]] = field(default_factory=dict)  # line id: oldest first


HISTORY_PER_LINE = 5  # restock changes shown per line, the latest ones


def _facts_statement(lateral: bool) -> Select[Any]:
    """The order, its lines, their products and suppliers, the verification lock-out's state
    and each line's latest HISTORY_PER_LINE restock changes, in one statement: a
    line comes once per change it has, or once with NULL change columns.

    PostgreSQL reads the changes with a LATERAL subquery, which runs once per line on the
    index (order_line_id, created_at) whatever the planner's statistics say; with the portable
    form below, statistics taken while line_events was still empty made it hash every restock
    change of every line (~6 ms instead of ~0.1). SQLite has no LATERAL: there the change must be
    among its line's latest (a correlated IN), which SQLite's planner runs on the same index.
    """
    statement = (
        select(
            Order.order_number,
            Order.email,
            Order.postal_code,
            Order.placed_at,
            Order.status.label("order_status"),
            # the lock-out: whether a counter of this verification is locked, and until when
            lockout.locked_until_column(lockout.KEYS, lockout.NOW).label("locked_until"),
            # whether the pair (order number, client) has a counter a success clears
            lockout.pending_column(lockout.PAIR).label("pending"),
            OrderLine.id,
            OrderLine.line_no,
            OrderLine.quantity,
            OrderLine.status,
            OrderLine.allocation,
            OrderLine.allocated_quantity,
            OrderLine.queue_rank,
            OrderLine.restock_date,
            OrderLine.eta_estimated,
            Product.sku,
            Product.name,
            Product.category,
            Product.price,
            Product.currency,
            Product.queue_offset,
            Supplier.lead_time_days,
            Supplier.slip_days,
        )
        .select_from(Order)
        .outerjoin(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .outerjoin(Supplier, Supplier.id == Product.supplier_id)
        .where(Order.order_number == bindparam("order_number"))
    )
    move = aliased(LineEvent)
    latest = (
        select(move.id)
        .where(move.order_line_id == OrderLine.id, move.kind == "restock_moved")
        .order_by(move.created_at.desc(), move.id.desc())
        .limit(HISTORY_PER_LINE)
    )
    history: FromClause
    on: ColumnElement[bool]
    if lateral:
        history = latest.add_columns(move.old_date, move.new_date, move.created_at).lateral()
        on = true()
    else:
        history = LineEvent.__table__
        on = and_(
            history.c.order_line_id == OrderLine.id,
            history.c.kind == "restock_moved",
            history.c.id.in_(latest.correlate(OrderLine)),
        )
    return (
        statement.add_columns(
            history.c.id.label("move_id"),
            history.c.old_date.label("move_from"),
            history.c.new_date.label("move_to"),
            history.c.created_at.label("moved_at"),
        )
        .outerjoin(history, on)
        .order_by(OrderLine.line_no, history.c.created_at, history.c.id)
    )


# Built once: the lookup runs them with new parameters, SQLAlchemy's compiled cache does the rest.
_FACTS = {"postgresql": _facts_statement(lateral=True), "sqlite": _facts_statement(lateral=False)}


@dataclass(slots=True)
class LockState:
    """The lock-out as read with an order: locked until when (None: not locked), and whether the
    pair's counter exists (a success then clears it)."""

    locked_until: dt.datetime | None = None
    pending: bool = False


def order_facts(
    session: Session,
    order_number: str,
    counters: tuple[lockout.Counter, ...] = (),
    now: dt.datetime | None = None,
) -> tuple[OrderFacts | None, LockState]:
    """The order, its lines and their latest restock changes in one statement (one snapshot, so
    a line's queue_rank and its product's queue_offset agree), with the state of `counters`."""
    statement = _FACTS[session.get_bind().dialect.name]
    params: dict[str, Any] = {
        "order_number": order_number,
        "lock_keys": [],
        "lock_now": now,
        "lock_pair": "",
    }
    if counters:
        params.update(lockout.parameters(counters, now or dt.datetime.now(dt.UTC)))
    rows = session.execute(statement, params).all()
    if not rows:
        return None, LockState()
    first = rows[0]
    facts = OrderFacts(
        first.order_number, first.email, first.postal_code, first.placed_at, first.order_status
    )
    for row in rows:
        if row.id is None:
            continue
        if not facts.lines or facts.lines[-1].id != row.id:
            facts.lines.append(row)
            facts.history[row.id] = []
        if row.move_id is not None:
            facts.history[row.id].append(RestockMove(row.move_from, row.move_to, row.moved_at))
    return facts, LockState(first.locked_until, bool(first.pending))


def get_order_with_lines(
    session: Session, order_number: str, for_update: bool = False
) -> Order | None:
    return order_and_lock(session, order_number, (), None, for_update)[0]


def order_and_lock(
    session: Session,
    order_number: str,
    counters: tuple[lockout.Counter, ...],
    now: dt.datetime | None,
    for_update: bool = False,
) -> tuple[Order | None, LockState]:
    """The order, its lines, their products and suppliers, in one statement; with it, the state
    of the lock-out `counters` (none: not read).

    One statement is one snapshot: a line's queue_rank and its product's queue_offset, which
    together make its queue position, are read from the same committed state.
    """
    locked: Any = literal(None)
    pending: Any = literal(False)
    if counters and now is not None:
        locked = lockout.locked_until_column([c.key for c in counters], literal(now, UTCDateTime()))
        pending = lockout.pending_column(counters[0].key)
    query = (
        select(Order, locked, pending)
        .where(Order.order_number == order_number)
        .options(
            joinedload(Order.lines)
            .joinedload(OrderLine.product, innerjoin=True)
            .joinedload(Product.supplier, innerjoin=True)
        )
        # Allocation updates lines in bulk, behind the loaded objects: always read afresh.
        .execution_options(populate_existing=True)
    )
    if for_update:  # changes to one order serialise on its row (PostgreSQL)
        query = query.with_for_update(of=Order)
    row = session.execute(query).unique().one_or_none()
    if row is None:
        return None, LockState()
    return row[0], LockState(row[1], bool(row[2]))


def supplier_lateness(session: Session, supplier_ids: set[int]) -> dict[int, dict[int, int]]:
    """Per supplier: how many received purchase orders came how many days late (<0: early).

    Counted in the database, so a lookup reads a handful of rows however long the history is.
    """
    lateness: dict[int, dict[int, int]] = {sid: {} for sid in supplier_ids}
    if not supplier_ids:
        return lateness
    days: Any
    if session.get_bind().dialect.name == "sqlite":
        days = func.cast(
            func.julianday(PurchaseOrder.received_date)
            - func.julianday(PurchaseOrder.expected_date),
            Integer,
        )
    else:
        days = PurchaseOrder.received_date - PurchaseOrder.expected_date  # an integer of days
    rows = session.execute(
        select(PurchaseOrder.supplier_id, days, func.count())
        .where(
            PurchaseOrder.supplier_id.in_(supplier_ids),
            PurchaseOrder.status == "received",
            PurchaseOrder.received_date.is_not(None),
        )
        .group_by(PurchaseOrder.supplier_id, days)
    ).all()
    for supplier_id, late, count in rows:
        lateness[supplier_id][int(late)] = count
    return lateness
