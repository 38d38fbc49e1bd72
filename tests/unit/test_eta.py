"""Ship-date arithmetic: business days, supplier slip, and windows that never lie in the past."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from backend.eta import (
    DEFAULT_SLIP_DAYS,
    MAX_SLIP_DAYS,
    add_business_days,
    ship_eta,
    slip_days_from_lateness,
    supplier_slip_days,
)

TUE = dt.date(2026, 11, 24)
FRI = dt.date(2026, 11, 27)
SAT = dt.date(2026, 11, 28)


def test_business_days_skip_weekends():
    assert add_business_days(TUE, 1) == dt.date(2026, 11, 25)
    assert add_business_days(FRI, 1) == dt.date(2026, 11, 30)
    assert add_business_days(SAT, 0) == dt.date(2026, 11, 30)
    assert add_business_days(SAT, 1) == dt.date(2026, 12, 1)


def test_slip_is_the_80th_percentile_of_lateness_and_early_counts_as_on_time():
    expected = dt.date(2026, 10, 1)
    deliveries = [(expected, expected + dt.timedelta(days=d)) for d in (-3, 0, 1, 2, 10)]
    assert supplier_slip_days(deliveries) == 2
    assert supplier_slip_days([]) == DEFAULT_SLIP_DAYS


def eta(**kwargs):  # noqa: ANN003, ANN201
    defaults = {
        "today": TUE,
        "handling_days": 1,
        "lead_time_days": 14,
        "slip_days": 3,
        "restock_date": None,
    }
    return ship_eta(**{**defaults, **kwargs})


def test_ready_lines_ship_after_the_handling_days():
    window = eta(status="ready")
    assert window.earliest == window.latest == dt.date(2026, 11, 25)


def test_backordered_window_runs_from_restock_to_restock_plus_slip_plus_handling():
    window = eta(status="backordered", restock_date=dt.date(2026, 12, 9))  # a Wednesday
    assert window.earliest == dt.date(2026, 12, 10)
    # 9 Dec + 3 days of slip is Saturday 12: received Monday 14, dispatched a working day later
    assert window.latest == dt.date(2026, 12, 15)


def test_overdue_purchase_order_moves_the_window_forward():
    window = eta(status="backordered", restock_date=dt.date(2026, 11, 20))
    assert window.earliest > TUE


def test_no_supply_estimates_from_lead_time():
    window = eta(status="backordered", lead_time_days=21)
    assert window.earliest >= TUE + dt.timedelta(days=21)
    assert window.latest >= window.earliest


def test_shipped_and_cancelled_lines_have_no_window():
    assert eta(status="shipped") is None
    assert eta(status="cancelled") is None


@given(
    status=st.sampled_from(["ready", "backordered"]),
    restock_offset=st.one_of(st.none(), st.integers(-60, 120)),
    handling=st.integers(0, 5),
    lead=st.integers(0, 90),
    slip=st.integers(0, 30),
)
def test_windows_are_ordered_in_the_future_and_on_working_days(
    status, restock_offset, handling, lead, slip
):
    restock = None if restock_offset is None else TUE + dt.timedelta(days=restock_offset)
    window = ship_eta(
        status=status,
        restock_date=restock,
        today=TUE,
        handling_days=handling,
        lead_time_days=lead,
        slip_days=slip,
    )
    assert window is not None
    assert TUE <= window.earliest <= window.latest
    assert window.earliest.weekday() < 5 and window.latest.weekday() < 5


@given(
    lateness=st.lists(st.integers(-10, 80), max_size=40),
)
def test_slip_from_counted_lateness_is_the_slip_of_the_deliveries(lateness: list[int]) -> None:
    expected = dt.date(2026, 11, 2)
    deliveries = [(expected, expected + dt.timedelta(days=days)) for days in lateness]
    counts: dict[int, int] = {}
    for days in lateness:
        counts[days] = counts.get(days, 0) + 1
    # The rule spelled out: the 80th percentile of the sorted lateness, early counting as 0.
    ordered = sorted(max(0, days) for days in lateness)
    rule = (
        min(ordered[max(0, math.ceil(0.8 * len(ordered)) - 1)], MAX_SLIP_DAYS)
        if ordered
        else DEFAULT_SLIP_DAYS
    )
    assert slip_days_from_lateness(counts) == supplier_slip_days(deliveries) == rule
