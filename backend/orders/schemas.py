"""The order API's wire format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LineStatus = Literal["ready", "backordered", "shipped", "cancelled"]


def clean_order_number(value: str) -> str:
    cleaned = value.strip().lstrip("#").replace(" ", "")
    if not cleaned:
        raise ValueError("order_number is empty")
    return cleaned


# The schema says what `_one_proof` checks: an email or a postal code, not blank.
ONE_PROOF_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"required": [name], "properties": {name: {"type": "string", "pattern": r"\S"}}}
        for name in ("email", "postal_code")
    ]
}


class Proof(BaseModel):
    """What proves the customer owns the order: its email or its postal code."""

    model_config = ConfigDict(json_schema_extra=ONE_PROOF_SCHEMA)

    email: str | None = Field(default=None, max_length=320, examples=["ada@example.com"])
    postal_code: str | None = Field(default=None, max_length=20, examples=["34710"])
    client_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        examples=["web:3f9c2a"],
        description="who is asking: the conversation id or the caller's address. Failed"
        " verifications lock the order number for this client (5 in 15 minutes), not for"
        " everyone; without it, for every caller that gives none.",
    )

    @model_validator(mode="after")
    def _one_proof(self) -> Self:
        if not (self.email and self.email.strip()) and not (
            self.postal_code and self.postal_code.strip()
        ):
            raise ValueError("give the order's email or its postal code to verify it")
        return self


class LookupRequest(Proof):
    order_number: str = Field(min_length=1, max_length=40, examples=["100042"])

    @field_validator("order_number")
    @classmethod
    def _clean_number(cls, value: str) -> str:
        return clean_order_number(value)


class CancelLineRequest(Proof):
    """The proof, and how many of the line's units to cancel (all of them when left out)."""

    quantity: int | None = Field(default=None, ge=1, le=10_000, examples=[1])


class SwapRequest(Proof):
    sku: str = Field(min_length=1, max_length=64, examples=["GPU-RTX4070S-12G"])


class RestockChange(BaseModel):
    from_: dt.date | None = Field(serialization_alias="from")
    to: dt.date | None
    changed_at: dt.datetime


class ShipEtaOut(BaseModel):
    earliest: dt.date
    latest: dt.date


class OrderLineOut(BaseModel):
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: Decimal
    currency: str
    status: LineStatus
    allocated_quantity: int
    queue_position: int | None
    restock_date: dt.date | None
    eta_estimated: bool
    overdue: bool = Field(description="the purchase order due to restock this line is late")
    ship_eta: ShipEtaOut | None
    restock_history: list[RestockChange] = Field(
        description="the line's restock date changes, oldest first, at most 5"
    )


class OrderOut(BaseModel):
    order_number: str
    placed_at: dt.datetime
    status: Literal["open", "cancelled"]
    lines: list[OrderLineOut]


class SwapOut(BaseModel):
    order: OrderOut
    old_sku: str
    new_sku: str
    price_difference: Decimal = Field(description="new minus old price of the whole line")
    currency: str
