"""Bounds every request's numbers and dates stay within, shared by the wire formats."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path
from pydantic import Field

from backend.errors import Invalid

# Row ids are 32-bit on PostgreSQL (SERIAL); SQLite's 64-bit ids never get that far either.
MAX_ID = 2**31 - 1
MAX_QUANTITY = 1_000_000

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
LineNoInPath = Annotated[int, Path(ge=1, le=10_000)]

# Purchase orders are due within this many years from today (a date in 9999 once broke every
# lookup that waited on its SKU), and receipts lie within it in the past.
PLAN_YEARS = 5


def years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_planned(name: str, day: dt.date, today: dt.date) -> None:
    """422 unless `day` lies within PLAN_YEARS before or after today."""
    earliest, latest = years_from(today, -PLAN_YEARS), years_from(today, PLAN_YEARS)
    if not earliest <= day <= latest:
        raise Invalid(
            f"{name} must lie between {earliest} and {latest} ({PLAN_YEARS} years either side"
            " of today).",
            code="date_out_of_range",
        )
