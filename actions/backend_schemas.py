"""The backend's wire format as the actions read it: pydantic models, lenient on extra fields.

Fields beyond the contract's minimum have defaults, so an older backend still parses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field


class ShipEta(BaseModel):
    earliest: dt.date
    latest: dt.date


class RestockChange(BaseModel):
    """One move of a line's restock date; `from`/`to` null mean "no confirmed date"."""

    from_date: dt.date | None = Field(default=None, alias="from")
    to_date: dt.date | None = Field(default=None, alias="to")
    changed_at: dt.datetime


class OrderLine(BaseModel):
    line_no: int
    sku: str
    name: str
    quantity: int
    # A plain str, not a Literal: a status added to the backend later must not break lookups.
    status: str
    allocated_quantity: int = 0
    queue_position: int | None = None
    restock_date: dt.date | None = None
    eta_estimated: bool = False
    # The purchase order due to restock this line is late.
    overdue: bool = False
    ship_eta: ShipEta | None = None
    unit_price: Decimal | None = None
    currency: str = "EUR"
    category: str | None = None
    restock_history: list[RestockChange] = []


class Order(BaseModel):
    order_number: str
    placed_at: dt.datetime
    status: str = "open"
    lines: list[OrderLine]


class NextRestock(BaseModel):
    date: dt.date
    quantity: int
    overdue: bool = False


class ProductAvailability(BaseModel):
    sku: str
    name: str | None = None
    price: Decimal
    currency: str = "EUR"
    available: int
    backordered_quantity: int
    next_restock: NextRestock | None = None


class Alternative(BaseModel):
    sku: str
    name: str
    price: Decimal
    currency: str = "EUR"
    available: int
    reasons: list[str] = []


class ProductMatch(BaseModel):
    sku: str
    name: str
    category: str | None = None
    price: Decimal | None = None
    currency: str = "EUR"
    score: float = 0.0


class StockedProduct(BaseModel):
    """A product of a kind the customer asked for that can ship now (`GET /products/in-stock`)."""

    sku: str
    name: str
    category: str | None = None
    price: Decimal
    currency: str = "EUR"
    available: int


class SwapResult(BaseModel):
    order: Order
    old_sku: str
    new_sku: str
    price_difference: Decimal
    currency: str = "EUR"


class Subscription(BaseModel):
    id: int | str
    target: str
    order_number: str | None = None
    sku: str | None = None
    name: str | None = None  # the product's name, for product subscriptions
    channel: str
    address: str
    created_at: dt.datetime | None = None


class HandoffAvailability(BaseModel):
    """What the customer is told when a handoff ticket opens."""

    in_hours: bool
    queue_position: int | None = None
    expected_wait: str | None = None
    support_hours: str
    back_at: str | None = None


class HandoffOpened(BaseModel):
    id: int
    status: str
    availability: HandoffAvailability
