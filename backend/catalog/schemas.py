"""The catalogue API's wire format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel


class NextRestock(BaseModel):
    date: dt.date
    quantity: int
    overdue: bool


class AvailabilityOut(BaseModel):
    sku: str
    name: str
    price: Decimal
    currency: str
    available: int
    backordered_quantity: int
    next_restock: NextRestock | None


class AlternativeOut(BaseModel):
    sku: str
    name: str
    price: Decimal
    currency: str
    available: int
    reasons: list[str]


class ProductMatch(BaseModel):
    sku: str
    name: str
    category: str
    price: Decimal
    currency: str
    score: float


class StockedProduct(BaseModel):
    """A product of the kind asked for that can ship now."""

    sku: str
    name: str
    category: str
    price: Decimal
    currency: str
    available: int
