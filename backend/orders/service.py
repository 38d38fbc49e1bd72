"""Orders: verification (with its lock-out), each line's state, and the changes a customer may make.

Every function that touches an order takes the customer's proof (email or postal code). A failed
verification is counted and answered exactly like an unknown order number; too many lock the
order number for the client asking (backend.orders.lockout).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.catalog.repository import get_product
from backend.errors import Conflict, Invalid, NotFound
from backend.eta import is_overdue, ship_eta
from backend.events import record as record_events
from backend.models import Order, OrderLine, utcnow
from backend.orders import lockout, repository
from backend.orders.schemas import (
    OrderLineOut,
    OrderOut,
    Proof,
    RestockChange,
    ShipEtaOut,
    SwapOut,
)
from backorder_common.settings import Settings

T = TypeVar("T", Order, repository.OrderFacts)

# One message for an unknown order and a failed verification: the API never says which.
NOT_FOUND_MESSAGE = "No order matches that order number and email or postal code."
LOCKED_MESSAGE = "Too many failed attempts for this order number; try again later."


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def normalise_postal_code(value: str) -> str:
    return "".join(value.split()).casefold()


def proof_matches(order: Order | repository.OrderFacts, proof: Proof) -> bool:
    if proof.email and proof.email.strip():
        return normalise_email(order.email) == normalise_email(proof.email)
    assert proof.postal_code is not None
    return normalise_postal_code(order.postal_code) == normalise_postal_code(proof.postal_code)


@dataclass(slots=True)
class Verdict(Generic[T]):
    """A verification's outcome: the order when the proof matched, else the seconds to wait
    when the lock-out refuses (429), else neither (404, the same for an unknown number)."""

    order: T | None = None
    retry_after: int | None = None


def verified_order(
    session: Session,
    order_number: str,
    proof: Proof,
    client: str | None,
    *,
    for_update: bool = False,
) -> Verdict[Order]:
    """The order (to change it) when the proof matches, the lock-out permitting.

    A failure is counted in `session`: the caller answers (not raises) so that it commits.
    """
    now = utcnow()
    found = lockout.counters(order_number, client)
    order, lock = repository.order_and_lock(session, order_number, found, now, for_update)
    if order is None:
        lock.locked_until = lockout.locked_until(session, found, now)
    verdict = _judge(order, proof, lock, now)
    if verdict.order is None and verdict.retry_after is None:
        verdict.retry_after = lockout.record_failure(session, found, now)
    elif verdict.order is not None and lock.pending:
        lockout.clear(session, found[0])
    return verdict


def verified_facts(
    session: Session, order_number: str, proof: Proof, client: str | None
) -> tuple[Verdict[repository.OrderFacts], Callable[[Session], int | None]]:
    """`verified_order` for reading only: the verdict, and what to write afterwards in a
    transaction of its own (count the failure, or clear the pair's counter), which returns the
    seconds to wait if the failure was past a limit."""
    now = utcnow()
    found = lockout.counters(order_number, client)
    facts, lock = repository.order_facts(session, order_number, found, now)
    if facts is None:
        lock.locked_until = lockout.locked_until(session, found, now)
    verdict = _judge(facts, proof, lock, now)
    if verdict.order is None and verdict.retry_after is None:
        return verdict, lambda writer: lockout.record_failure(writer, found, now)
    if verdict.order is not None and lock.pending:
        return verdict, lambda writer: lockout.clear(writer, found[0])
    return verdict, nothing


def nothing(_session: Session) -> None:
    return None


def _judge(
    order: T | None, proof: Proof, lock: repository.LockState, now: dt.datetime
) -> Verdict[T]:
    if lock.locked_until is not None and lock.locked_until > now:
        return Verdict(retry_after=lockout.retry_after(lock.locked_until, now))
    if order is None or not proof_matches(order, proof):
        return Verdict()
    return Verdict(order=order)


def get_order(session: Session, order_number: str) -> Order:
    """An order for operations, which need no customer proof."""
    order = repository.get_order_with_lines(session, order_number, for_update=True)
    if order is None:
        raise NotFound(f"No order {order_number}.")
    return order


def view_of(session: Session, order_number: str, settings: Settings) -> OrderOut | None:
    """The order as stored now (None if there is none), for callers that verified already."""
    facts, _ = repository.order_facts(session, order_number)
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


def _close_line(
    session: Session, line: OrderLine, status: str, agent_id: int | None = None, **detail: object
) -> None:
    record_events(
        session,
        [
            {
                "order_line_id": line.id,
                "kind": status,
                "old_date": line.restock_date,
                "detail": detail,
                "agent_id": agent_id,
            }
        ],
    )
    line.status = status
    line.allocation = None
    line.allocated_quantity = 0
    line.queue_rank = None
    line.restock_date = None
    line.eta_estimated = False


def _cancel_order_whennothing_left(order: Order) -> None:
    if all(line.status == "cancelled" for line in order.lines):
        order.status = "cancelled"


def cancel_line(
    session: Session,
    order: Order,
    line_no: int,
    *,
    quantity: int | None = None,
    agent_id: int | None = None,
) -> None:
    """Cancel one line, or `quantity` of its units: the customer's wish, or an agent's for them
    (`agent_id`). Part of a line becomes a cancelled line of its own (the next line number) and
    the line keeps the rest, and its place in the queue."""
    line = _line(order, line_no)
    if order.status == "cancelled" or line.status == "cancelled":
        raise Conflict(f"Line {line_no} is already cancelled.", code="already_cancelled")
    if line.status == "shipped":
        raise Conflict(
            f"Line {line_no} has already shipped, so it can't be cancelled; it can be returned"
            " within 14 days of delivery instead.",
            code="line_shipped",
        )
    if quantity is not None and quantity > line.quantity:
        raise Invalid(f"Line {line_no} has {line.quantity} unit(s); {quantity} can't be cancelled.")
    reason = "agent" if agent_id else "customer"
    if quantity is not None and quantity < line.quantity:
        part = OrderLine(
            order_id=order.id,
            line_no=max(other.line_no for other in order.lines) + 1,
            product_id=line.product_id,
            quantity=quantity,
            status="open",
        )
        order.lines.append(part)
        line.quantity -= quantity
        session.flush()
        _close_line(session, part, "cancelled", agent_id, reason=reason, part_of=line.line_no)
    else:
        _close_line(session, line, "cancelled", agent_id, reason=reason)
    _cancel_order_whennothing_left(order)
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
    _cancel_order_whennothing_left(order)
    session.flush()
    reallocate(session, {line.product_id for line in open_lines})


def swap_line(
    session: Session, order: Order, line_no: int, sku: str, *, agent_id: int | None = None
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
    if target.category != old.category:
        # A swap keeps the kind of product: a processor is never swapped for an SSD.
        raise Invalid(
            f"Line {line_no} is {old.category}, {target.sku} is {target.category}: a swap"
            " keeps the kind of product.",
            code="different_kind",
        )
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
                "agent_id": agent_id,
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
