"""Orders: verification (with its lock-out), each line's state, and the changes a customer may make.

Every function that touches an order takes the customer's proof (email or postal code). A failed
verification is recorded and answered exactly like an unknown order number; five failures of one
order number within 15 minutes lock its lookups for 15 minutes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.catalog.repository import get_product
from backend.errors import Conflict, Invalid, NotFound, TooManyAttempts
from backend.eta import is_overdue, ship_eta
from backend.events import record as record_events
from backend.models import Order, OrderLine, VerificationFailure, utcnow
from backend.orders import repository
from backend.orders.schemas import (
    OrderLineOut,
    OrderOut,
    Proof,
    RestockChange,
    ShipEtaOut,
    SwapOut,
)
from backend.settings import Settings

# One message for an unknown order and a failed verification: the API never says which.
NOT_FOUND_MESSAGE = "No order matches that order number and email or postal code."
LOCK_AFTER_FAILURES = 5
LOCK_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def normalise_postal_code(value: str) -> str:
    return "".join(value.split()).casefold()


def proof_matches(order: Order | repository.OrderFacts, proof: Proof) -> bool:
    if proof.email and proof.email.strip():
        return normalise_email(order.email) == normalise_email(proof.email)
    assert proof.postal_code is not None
    return normalise_postal_code(order.postal_code) == normalise_postal_code(proof.postal_code)


def locked_until(failures: list[dt.datetime]) -> dt.datetime | None:
    """When the lock made by `failures` (sorted) ends: 5 within 15 minutes lock for 15 minutes."""
    until = None
    for index in range(LOCK_AFTER_FAILURES - 1, len(failures)):
        if failures[index] - failures[index - LOCK_AFTER_FAILURES + 1] <= LOCK_WINDOW:
            until = failures[index] + LOCK_DURATION
    return until


def verified_order(
    session: Session,
    order_number: str,
    proof: Proof,
    *,
    for_update: bool = False,
    record: Callable[[VerificationFailure], None] | None = None,
) -> Order | None:
    """The order (to change it) when the proof matches; None (and the failure recorded) otherwise.

    Returns None rather than raising so that the request still commits the recorded failure.
    The failure goes into `session` unless `record` takes it (a read-only request writes it in a
    transaction of its own).
    """
    now = utcnow()
    # One round trip in the usual case: the order comes with its count of recent failures, and
    # only a count that could make a lock (or an unknown number) needs the failures themselves.
    order, failure_count = repository.order_and_failures(
        session, order_number, _failures_since(now), for_update
    )
    if _verified(session, order_number, proof, order, failure_count, now, record):
        return order
    return None


def verified_facts(
    session: Session,
    order_number: str,
    proof: Proof,
    record: Callable[[VerificationFailure], None] | None = None,
) -> repository.OrderFacts | None:
    """`verified_order` for reading only: the order's facts, for `order_view`."""
    now = utcnow()
    facts, failure_count = repository.order_facts(session, order_number, _failures_since(now))
    if _verified(session, order_number, proof, facts, failure_count, now, record):
        return facts
    return None


def _failures_since(now: dt.datetime) -> dt.datetime:
    """The oldest failure that can still hold a lock now."""
    return now - LOCK_WINDOW - LOCK_DURATION


def _verified(
    session: Session,
    order_number: str,
    proof: Proof,
    order: Order | repository.OrderFacts | None,
    failure_count: int,
    now: dt.datetime,
    record: Callable[[VerificationFailure], None] | None,
) -> bool:
    """Raise TooManyAttempts while the number is locked; else whether the proof matches."""
    if order is None or failure_count >= LOCK_AFTER_FAILURES:
        until = locked_until(
            repository.recent_failures(session, order_number, _failures_since(now))
        )
        if until is not None and until > now:
            wait = math.ceil((until - now).total_seconds())
            raise TooManyAttempts(
                "Too many failed attempts for this order number; try again later.",
                retry_after_seconds=wait,
            )
    if order is None or not proof_matches(order, proof):
        (record or session.add)(VerificationFailure(order_number=order_number, failed_at=now))
        return False
    return True


def get_order(session: Session, order_number: str) -> Order:
    """An order for operations, which need no customer proof."""
    order = repository.get_order_with_lines(session, order_number, for_update=True)
    if order is None:
        raise NotFound(f"No order {order_number}.")
    return order


def view_of(session: Session, order_number: str, settings: Settings) -> OrderOut | None:
    """The order as stored now (None if there is none), for callers that verified already."""
    facts, _ = repository.order_facts(session, order_number, utcnow())
    return None if facts is None else order_view(facts, settings)


def order_view(order: repository.OrderFacts, settings: Settings) -> OrderOut:
    today = settings.today()
    return OrderOut(
        order_number=order.order_number,
        placed_at=order.placed_at.astimezone(settings.store_timezone()),
        status=order.status,  # type: ignore[arg-type]
        lines=[
            _line_view(order.status, line, today, settings.handling_days, order.history[line.id])
            for line in order.lines
        ],
    )


def line_status(order_status: str, line_status: str, allocation: str | None) -> str:
    if order_status == "cancelled" or line_status == "cancelled":
        return "cancelled"
    if line_status == "shipped":
        return "shipped"
    return allocation or "backordered"


def _line_view(
    order_status: str,
    line: Any,
    today: dt.date,
    handling_days: int,
    history: list[repository.RestockMove],
) -> OrderLineOut:
    """One line of the view from a row of `repository.order_facts`."""
    status = line_status(order_status, line.status, line.allocation)
    open_line = status in ("ready", "backordered")
    backordered = status == "backordered"
    restock = line.restock_date if backordered else None
    eta = ship_eta(
        status=status,
        restock_date=restock,
        today=today,
        handling_days=handling_days,
        lead_time_days=line.lead_time_days,
        slip_days=line.slip_days,
    )
    return OrderLineOut(
        line_no=line.line_no,
        sku=line.sku,
        name=line.name,
        category=line.category,
        quantity=line.quantity,
        unit_price=line.price,
        currency=line.currency,
        status=status,  # type: ignore[arg-type]
        allocated_quantity=line.allocated_quantity if open_line else 0,
        # a back-ordered line's 1-based place among its SKU's back-ordered lines
        queue_position=line.queue_rank - line.queue_offset
        if backordered and line.queue_rank is not None
        else None,
        restock_date=restock,
        eta_estimated=line.eta_estimated if backordered else False,
        overdue=backordered and is_overdue(restock, today),
        ship_eta=ShipEtaOut(earliest=eta.earliest, latest=eta.latest) if eta else None,
        restock_history=[
            RestockChange(from_=event.old_date, to=event.new_date, changed_at=event.created_at)
            for event in history
        ],
    )


def _line(order: Order, line_no: int) -> OrderLine:
    for line in order.lines:
        if line.line_no == line_no:
            return line
    raise NotFound(f"Order {order.order_number} has no line {line_no}.")


def _close_line(session: Session, line: OrderLine, status: str, **detail: object) -> None:
    record_events(
        session,
        [
            {
                "order_line_id": line.id,
                "kind": status,
                "old_date": line.restock_date,
                "detail": detail,
            }
        ],
    )
    line.status = status
    line.allocation = None
    line.allocated_quantity = 0
    line.queue_rank = None
    line.restock_date = None
    line.eta_estimated = False


def _cancel_order_when_nothing_left(order: Order) -> None:
    if all(line.status == "cancelled" for line in order.lines):
        order.status = "cancelled"


def cancel_line(session: Session, order: Order, line_no: int) -> None:
    line = _line(order, line_no)
    if order.status == "cancelled" or line.status == "cancelled":
        raise Conflict(f"Line {line_no} is already cancelled.", code="already_cancelled")
    if line.status == "shipped":
        raise Conflict(
            f"Line {line_no} has already shipped, so it can't be cancelled; it can be returned"
            " within 14 days of delivery instead.",
            code="line_shipped",
        )
    _close_line(session, line, "cancelled", reason="customer")
    _cancel_order_when_nothing_left(order)
    session.flush()
    reallocate(session, {line.product_id})


def cancel_order(session: Session, order: Order) -> None:
    open_lines = [line for line in order.lines if line.status == "open"]
    if order.status == "cancelled" or not open_lines:
        raise Conflict(
            "Nothing in this order can be cancelled: every line has shipped or is"
            " already cancelled.",
            code="nothing_to_cancel",
        )
    for line in open_lines:
        _close_line(session, line, "cancelled", reason="customer")
    _cancel_order_when_nothing_left(order)
    session.flush()
    reallocate(session, {line.product_id for line in open_lines})


def swap_line(
    session: Session, order: Order, line_no: int, sku: str
) -> tuple[str, str, Decimal, str]:
    """Move a back-ordered line to a product in stock: (old sku, new sku, difference, currency)."""
    line = _line(order, line_no)
    if order.status != "open" or line.status != "open" or line.allocation != "backordered":
        raise Conflict(
            f"Line {line_no} is not back-ordered, so there is nothing to swap.",
            code="not_backordered",
        )
    target = get_product(session, sku.strip().upper())
    if target is None:
        raise NotFound(f"No product with SKU {sku!r}.")
    old = line.product
    if target.id == old.id:
        raise Invalid(f"Line {line_no} is already {old.sku}.", code="same_product")
    if target.on_hand - target.allocated_units < line.quantity:
        raise Conflict(
            f"{target.name} no longer has {line.quantity} in stock.", code="not_enough_stock"
        )
    difference = (target.price - old.price) * line.quantity
    record_events(
        session,
        [
            {
                "order_line_id": line.id,
                "kind": "swapped",
                "old_date": line.restock_date,
                "detail": {
                    "old_sku": old.sku,
                    "new_sku": target.sku,
                    "price_difference": str(difference),
                },
            }
        ],
    )
    line.product_id = target.id
    line.allocation = None  # a new queue: allocation starts the line afresh
    session.flush()
    reallocate(session, {old.id, target.id})
    return old.sku, target.sku, difference, target.currency


def ship_line(session: Session, order: Order, line_no: int) -> None:
    """The warehouse dispatched a ready line: its units leave stock."""
    line = _line(order, line_no)
    if order.status != "open" or line.status != "open" or line.allocation != "ready":
        raise Conflict(f"Line {line_no} is not ready to ship.", code="not_ready")
    product = line.product
    product.on_hand -= line.quantity
    _close_line(session, line, "shipped")
    session.flush()
    reallocate(session, {product.id})


def fresh_view(session: Session, order_number: str, settings: Settings) -> OrderOut:
    """The order as stored now: allocation's bulk updates bypass the loaded objects."""
    session.flush()
    view = view_of(session, order_number, settings)
    assert view is not None
    return view


def swap_view(
    session: Session, order_number: str, swapped: tuple[str, str, Decimal, str], settings: Settings
) -> SwapOut:
    old_sku, new_sku, difference, currency = swapped
    return SwapOut(
        order=fresh_view(session, order_number, settings),
        old_sku=old_sku,
        new_sku=new_sku,
        price_difference=difference,
        currency=currency,
    )
