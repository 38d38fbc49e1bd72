"""The CSV import's row formats (shared/CONTRACT.md) and their validation, with no I/O."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from backend.bounds import MAX_ID, PLAN_YEARS, years_from
from backend.guard import text_problem

Text = Field(min_length=1, max_length=300)
# Integer columns are 32-bit on PostgreSQL: a larger number is a row error, not a crash.
Count = Field(ge=0, le=MAX_ID)
Positive = Field(gt=0, le=MAX_ID)
EARLIEST = dt.date(2000, 1, 1)
ATTRIBUTE_DEPTH = 8  # {"a": {"b": ...}}: specs are flat; deep nesting only breaks things


def latest_date(info: ValidationInfo) -> dt.date:
    """The latest date a row may name: PLAN_YEARS after today (the import passes its today)."""
    today = (info.context or {}).get("today") or dt.date.today()
    return years_from(today, PLAN_YEARS)


def check_date(day: dt.date, info: ValidationInfo) -> dt.date:
    latest = latest_date(info)
    if not EARLIEST <= day <= latest:
        raise ValueError(f"must lie between {EARLIEST} and {latest}")
    return day


class _Row(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, values: object) -> object:
        # PostgreSQL can't store a NUL character in text
        if isinstance(values, dict):
            for column, value in values.items():
                if isinstance(value, str) and (problem := text_problem(value)):
                    raise ValueError(f"{column}: {problem}")
        return values


class SupplierRow(_Row):
    supplier_id: str = Field(min_length=1, max_length=40)
    name: str = Text
    lead_time_days: int = Field(ge=0, le=365)


class ProductRow(_Row):
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Text
    category: str = Field(min_length=1, max_length=60)
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    on_hand: int = Count
    supplier_id: str = Field(min_length=1, max_length=40)
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("sku")
    @classmethod
    def _upper_sku(cls, value: str) -> str:
        return value.upper()

    @field_validator("attributes", mode="before")
    @classmethod
    def _json_object(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return {}
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not valid JSON ({exc.msg})") from None
            except RecursionError:
                raise ValueError(f"nested deeper than {ATTRIBUTE_DEPTH} levels") from None
        if not isinstance(value, dict):
            raise ValueError('must be a JSON object such as {"vram_gb": 12}')
        _check_attributes(value, 1)
        return value


def _check_attributes(value: object, depth: int) -> None:
    if depth > ATTRIBUTE_DEPTH:
        raise ValueError(f"nested deeper than {ATTRIBUTE_DEPTH} levels")
    if isinstance(value, dict):
        for key, item in value.items():
            if problem := text_problem(key):
                raise ValueError(f"a key {problem}")
            _check_attributes(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_attributes(item, depth + 1)
    elif isinstance(value, str) and (problem := text_problem(value)):
        raise ValueError(f"a value {problem}")
    elif isinstance(value, int) and not -(2**53) <= value <= 2**53:
        raise ValueError("a number is too large")


class PurchaseOrderRow(_Row):
    po_number: str = Field(min_length=1, max_length=40)
    supplier_id: str = Field(min_length=1, max_length=40)
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Positive
    expected_date: dt.date
    status: Literal["open", "received", "cancelled"]
    received_date: dt.date | None = None

    @field_validator("expected_date", "received_date")
    @classmethod
    def _sane_date(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return None if value is None else check_date(value, info)

    @field_validator("sku")
    @classmethod
    def _upper_sku(cls, value: str) -> str:
        return value.upper()

    @field_validator("received_date", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _received_date_only_when_received(self) -> PurchaseOrderRow:
        if self.status == "received" and self.received_date is None:
            raise ValueError("a received purchase order needs its received_date")
        if self.status != "received" and self.received_date is not None:
            raise ValueError("received_date is only for received purchase orders")
        return self


class OrderRow(_Row):
    order_number: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    postal_code: str = Field(min_length=1, max_length=20)
    placed_at: dt.datetime
    status: Literal["open", "cancelled"]

    @field_validator("placed_at")
    @classmethod
    def _aware(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-11-03T10:15:00+03:00")
        check_date(value.date(), info)
        return value


class OrderLineRow(_Row):
    order_number: str = Field(min_length=1, max_length=40)
    line_no: int = Field(ge=1, le=10_000)
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Positive
    status: Literal["open", "shipped", "cancelled"]

    @field_validator("sku")
    @classmethod
    def _upper_sku(cls, value: str) -> str:
        return value.upper()


# File name -> row model, in the order files are loaded (references point backwards).
FILES: dict[str, type[_Row]] = {
    "suppliers.csv": SupplierRow,
    "products.csv": ProductRow,
    "purchase_orders.csv": PurchaseOrderRow,
    "orders.csv": OrderRow,
    "order_lines.csv": OrderLineRow,
}


def describe(error: ValidationError) -> list[str]:
    """Pydantic's errors as short 'field: problem' phrases."""
    phrases = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        phrases.append(f"{where}: {message}" if where else message)
    return phrases
