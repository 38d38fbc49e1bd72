"""The purchase-order API's wire format (operations)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class PurchaseOrderIn(BaseModel):
    po_number: str = Field(min_length=1, max_length=40, examples=["PO-7001"])
    supplier_id: str = Field(min_length=1, max_length=40, examples=["SUP-KESTREL"])
    sku: str = Field(min_length=1, max_length=64, examples=["GPU-RTX4070-12G"])
    quantity: int = Field(gt=0, le=1_000_000)
    expected_date: dt.date


class PurchaseOrderChange(BaseModel):
    expected_date: dt.date | None = Field(default=None, description="re-date the delivery")
    quantity: int | None = Field(default=None, gt=0, le=1_000_000)
    status: Literal["cancelled"] | None = Field(default=None, description="cancel the order")


class Receipt(BaseModel):
    quantity: int | None = Field(
        default=None, ge=0, le=1_000_000, description="units that arrived; default: as ordered"
    )
    received_date: dt.date | None = Field(default=None, description="default: today")


class PurchaseOrderOut(BaseModel):
    po_number: str
    supplier_id: str
    sku: str
    quantity: int
    expected_date: dt.date
    status: Literal["open", "received", "cancelled"]
    received_date: dt.date | None
    lines_waiting: int = Field(description="back-ordered lines this SKU has now")
