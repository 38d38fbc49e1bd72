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

from backend.models import (
    LineEvent,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Supplier,
    VerificationFailure,
)


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
    """The order, its lines, their products and suppliers, the count of recent failed
    verifications and each line's latest HISTORY_PER_LINE restock changes, in one statement: a
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
            # how many verifications of the number failed since :since
            select(func.count())
            .where(
                VerificationFailure.order_number == bindparam("order_number"),
                VerificationFailure.failed_at >= bindparam("since"),
            )
            .scalar_subquery()
            .label("failures"),
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


def order_facts(
    session: Session, order_number: str, failures_since: dt.datetime
) -> tuple[OrderFacts | None, int]:
    """The order, its lines and their latest restock changes in one statement (one snapshot, so
    a line's queue_rank and its product's queue_offset agree), with the count of failed
    verifications since then."""
    statement = _FACTS[session.get_bind().dialect.name]
    rows = session.execute(statement, {"order_number": order_number, "since": failures_since}).all()
    if not rows:
        return None, 0
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
    return facts, first.failures


def get_order_with_lines(
    session: Session, order_number: str, for_update: bool = False
) -> Order | None:
    return order_and_failures(session, order_number, None, for_update)[0]


def order_and_failures(
    session: Session,
    order_number: str,
    failures_since: dt.datetime | None,
    for_update: bool = False,
) -> tuple[Order | None, int]:
    """The order, its lines, their products and suppliers, in one statement; with it, how many
    verifications of the number failed since `failures_since` (0 when None or no such order).

    One statement is one snapshot: a line's queue_rank and its product's queue_offset, which
    together make its queue position, are read from the same committed state.
    """
    failures: Any = literal(0)
    if failures_since is not None:
        failures = (
            select(func.count())
            .where(
                VerificationFailure.order_number == order_number,
                VerificationFailure.failed_at >= failures_since,
            )
            .scalar_subquery()
        )
    query = (
        select(Order, failures)
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
    return (None, 0) if row is None else (row[0], row[1])


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


def recent_failures(session: Session, order_number: str, since: dt.datetime) -> list[dt.datetime]:
    return list(
        session.execute(
            select(VerificationFailure.failed_at)
            .where(
                VerificationFailure.order_number == order_number,
                VerificationFailure.failed_at >= since,
            )
            .order_by(VerificationFailure.failed_at)
        ).scalars()
    )
