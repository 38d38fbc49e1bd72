"""Order lookup: verification and each line's state as a customer should hear it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from backend.errors import NotFound
from backend.eta import is_overdue, ship_eta, supplier_slip_days
from backend.models import Order, OrderLine
from backend.orders import repository
from backend.orders.schemas import LookupRequest, OrderLineOut, OrderOut, ShipEtaOut
from backend.settings import Settings

# One message for an unknown order and a failed verification: the API never says which.
NOT_FOUND_MESSAGE = "No order matches that order number and email or postal code."


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def normalise_postal_code(value: str) -> str:
    return "".join(value.split()).casefold()


def verified(order: Order, request: LookupRequest) -> bool:
    if request.email and request.email.strip():
        return normalise_email(order.email) == normalise_email(request.email)
    assert request.postal_code is not None
    return normalise_postal_code(order.postal_code) == normalise_postal_code(request.postal_code)


def lookup_order(session: Session, request: LookupRequest, settings: Settings) -> OrderOut:
    order = repository.get_order_with_lines(session, request.order_number)
    if order is None or not verified(order, request):
        raise NotFound(NOT_FOUND_MESSAGE)
    today = settings.today()
    slips = {
        supplier_id: supplier_slip_days(deliveries)
        for supplier_id, deliveries in repository.supplier_deliveries(
            session, {line.product.supplier_id for line in order.lines}
        ).items()
    }
    lines = [
        _line_view(order, line, today, settings.handling_days, slips[line.product.supplier_id])
        for line in order.lines
    ]
    return OrderOut(
        order_number=order.order_number,
        placed_at=order.placed_at.astimezone(settings.store_timezone()),
        status=order.status,  # type: ignore[arg-type]
        lines=lines,
    )


def line_status(order: Order, line: OrderLine) -> str:
    if order.status == "cancelled" or line.status == "cancelled":
        return "cancelled"
    if line.status == "shipped":
        return "shipped"
    return line.allocation or "backordered"


def _line_view(
    order: Order, line: OrderLine, today: dt.date, handling_days: int, slip_days: int
) -> OrderLineOut:
    status = line_status(order, line)
    open_line = status in ("ready", "backordered")
    backordered = status == "backordered"
    restock = line.restock_date if backordered else None
    eta = ship_eta(
        status=status,
        restock_date=restock,
        today=today,
        handling_days=handling_days,
        lead_time_days=line.product.supplier.lead_time_days,
        slip_days=slip_days,
    )
    return OrderLineOut(
        line_no=line.line_no,
        sku=line.product.sku,
        name=line.product.name,
        quantity=line.quantity,
        status=status,  # type: ignore[arg-type]
        allocated_quantity=line.allocated_quantity if open_line else 0,
        queue_position=line.queue_position if backordered else None,
        restock_date=restock,
        eta_estimated=line.eta_estimated if backordered else False,
        overdue=backordered and is_overdue(restock, today),
        ship_eta=ShipEtaOut(earliest=eta.earliest, latest=eta.latest) if eta else None,
    )
