"""The order API's wire format."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator

LineStatus = Literal["ready", "backordered", "shipped", "cancelled"]


class LookupRequest(BaseModel):
    order_number: str = Field(min_length=1, max_length=40, examples=["100042"])
    email: str | None = Field(default=None, max_length=320, examples=["ada@example.com"])
    postal_code: str | None = Field(default=None, max_length=20, examples=["34710"])

    @field_validator("order_number")
    @classmethod
    def _clean_number(cls, value: str) -> str:
        cleaned = value.strip().lstrip("#").replace(" ", "")
        if not cleaned:
            raise ValueError("order_number is empty")
        return cleaned

    @model_validator(mode="after")
    def _one_proof(self) -> Self:
        if not (self.email and self.email.strip()) and not (
            self.postal_code and self.postal_code.strip()
        ):
            raise ValueError("give the order's email or its postal code to verify it")
        return self


class ShipEtaOut(BaseModel):
    earliest: dt.date
    latest: dt.date


class OrderLineOut(BaseModel):
    line_no: int
    sku: str
    name: str
    quantity: int
    status: LineStatus
    allocated_quantity: int
    queue_position: int | None
    restock_date: dt.date | None
    eta_estimated: bool
    overdue: bool = Field(description="the purchase order due to restock this line is late")
    ship_eta: ShipEtaOut | None


class OrderOut(BaseModel):
    order_number: str
    placed_at: dt.datetime
    status: Literal["open", "cancelled"]
    lines: list[OrderLineOut]
