"""Ship-date estimates as pure functions: business days, supplier slip and the ship window."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_SLIP_DAYS = 2  # a supplier with no delivery record yet
MAX_SLIP_DAYS = 60


@dataclass(frozen=True, slots=True)
class ShipEta:
    earliest: dt.date
    latest: dt.date


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Mon-Fri) after `start`; 0 rolls a weekend day to Monday.

    Stops at the last date there is: a stored date near it must not fail every lookup."""
    current = start
    while current.weekday() >= 5 and current < dt.date.max:
        current += dt.timedelta(days=1)
    remaining = days
    while remaining > 0 and current < dt.date.max:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def plus_days(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, no later than the last date there is."""
    return day + dt.timedelta(days=min(days, (dt.date.max - day).days))


def supplier_slip_days(deliveries: Iterable[tuple[dt.date, dt.date]]) -> int:
    """How many days late a supplier's deliveries arrive, at the 80th percentile.

    `deliveries` holds (expected_date, received_date) of received purchase orders. Early
    deliveries count as on time, so the result is never negative.
    """
    counts: dict[int, int] = {}
    for expected, received in deliveries:
        days = (received - expected).days
        counts[days] = counts.get(days, 0) + 1
    return slip_days_from_lateness(counts)


def slip_days_from_lateness(lateness: Mapping[int, int]) -> int:
    """`supplier_slip_days` from {days late (negative: early): how many deliveries}."""
    total = sum(lateness.values())
    if not total:
        return DEFAULT_SLIP_DAYS
    rank = max(0, math.ceil(0.8 * total) - 1)  # 0-based index into the sorted lateness
    seen = 0
    for days in sorted(lateness):
        seen += lateness[days]
        if seen > rank:
            return min(max(0, days), MAX_SLIP_DAYS)
    raise AssertionError("unreachable: rank < total")


def is_overdue(restock_date: dt.date | None, today: dt.date) -> bool:
    return restock_date is not None and restock_date < today


def ship_eta(
    *,
    status: str,
    restock_date: dt.date | None,
    today: dt.date,
    handling_days: int,
    lead_time_days: int,
    slip_days: int,
) -> ShipEta | None:
    """The window in which a line should leave the warehouse; None once shipped or cancelled.

    - ready: stock is in hand, it ships after the handling days.
    - backordered with a restock date still ahead: from that date to that date plus the supplier's
      usual slip, each plus the handling days.
    - backordered with an overdue restock date: the purchase order is late, so the window starts
      tomorrow and never shows a past date.
    - backordered without covering supply: estimated from the supplier's lead time.
    """
    if status == "ready":
        day = add_business_days(today, handling_days)
        return ShipEta(day, day)
    if status != "backordered":
        return None
    if restock_date is None:
        arrive_first = plus_days(today, lead_time_days)
        arrive_last = plus_days(arrive_first, max(slip_days, DEFAULT_SLIP_DAYS))
    elif is_overdue(restock_date, today):
        arrive_first = plus_days(today, 1)
        arrive_last = plus_days(arrive_first, max(slip_days, DEFAULT_SLIP_DAYS))
    else:
        arrive_first = restock_date
        arrive_last = plus_days(restock_date, slip_days)
    return ShipEta(
        add_business_days(arrive_first, handling_days),
        add_business_days(arrive_last, handling_days),
    )
