"""The allocation rules of shared/CONTRACT.md, example by example and as properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.allocation.core import (
    BACKORDERED,
    READY,
    QueuedLine,
    Supply,
    allocate,
    allocate_queue,
    queue_offset,
)

T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def line(
    key: str, quantity: int, minutes: int = 0, order: str | None = None, line_no: int = 1
) -> QueuedLine:
    return QueuedLine(key, T0 + dt.timedelta(minutes=minutes), order or key, line_no, quantity)


def po(number: str, quantity: int, day: int) -> Supply:
    return Supply(number, dt.date(2026, 12, day), quantity)


def by_key(result):  # noqa: ANN001, ANN201
    return {verdict.key: verdict for verdict in result.lines}


def test_stock_goes_down_the_queue_in_order_placed():
    result = by_key(allocate(3, [line("late", 2, minutes=5), line("early", 2, minutes=1)], []))
    assert result["early"].status == READY and result["early"].allocated_quantity == 2
    assert result["late"].status == BACKORDERED and result["late"].allocated_quantity == 1
    assert result["late"].queue_position == 1


def test_a_later_line_never_jumps_an_earlier_one_that_stock_cannot_cover():
    result = by_key(allocate(2, [line("big", 5, minutes=1), line("small", 1, minutes=2)], []))
    assert result["big"].status == BACKORDERED and result["big"].allocated_quantity == 2
    assert result["small"].status == BACKORDERED and result["small"].allocated_quantity == 0
    assert (result["big"].queue_position, result["small"].queue_position) == (1, 2)


def test_ties_on_time_break_by_order_number_then_line_number():
    lines = [
        line("b1", 1, order="B", line_no=1),
        line("a2", 1, order="A", line_no=2),
        line("a1", 1, order="A", line_no=1),
    ]
    result = by_key(allocate(0, lines, []))
    assert [result[k].queue_position for k in ("a1", "a2", "b1")] == [1, 2, 3]


def test_restock_date_is_that_of_the_purchase_order_supplying_the_last_missing_unit():
    lines = [line("first", 3, minutes=1), line("second", 4, minutes=2)]
    result = by_key(allocate(0, lines, [po("PO-2", 5, 20), po("PO-1", 2, 9)]))
    # first: 2 units from PO-1 (9 Dec), 1 from PO-2 (20 Dec) -> 20 Dec
    assert result["first"].restock_date == dt.date(2026, 12, 20)
    assert result["first"].supplied_by == ("PO-1", "PO-2")
    assert result["second"].restock_date == dt.date(2026, 12, 20)
    assert not result["first"].eta_estimated


def test_purchase_orders_due_the_same_day_serve_in_po_number_order():
    result = by_key(allocate(0, [line("x", 1)], [po("PO-B", 1, 9), po("PO-A", 1, 9)]))
    assert result["x"].supplied_by == ("PO-A",)


def test_lines_open_supply_cannot_cover_are_estimated_without_a_date():
    result = allocate(
        0, [line("covered", 2, 1), line("partly", 3, 2), line("none", 1, 3)], [po("PO-1", 4, 9)]
    )
    verdicts = by_key(result)
    assert verdicts["covered"].restock_date == dt.date(2026, 12, 9)
    assert verdicts["partly"].restock_date is None and verdicts["partly"].eta_estimated
    assert verdicts["none"].restock_date is None and verdicts["none"].eta_estimated
    assert result.backordered_quantity == 6
    assert result.unpromised_supply == 0


def test_unclaimed_stock_and_supply_are_reported():
    result = allocate(10, [line("a", 3)], [po("PO-1", 5, 9)])
    assert result.available == 7
    assert result.unpromised_supply == 5
    assert result.backordered_quantity == 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        allocate(-1, [], [])
    with pytest.raises(ValueError):
        allocate(1, [line("zero", 0)], [])


lines_strategy = st.lists(
    st.tuples(st.integers(0, 50), st.integers(1, 9)), min_size=0, max_size=30
).map(
    lambda items: [
        QueuedLine(i, T0 + dt.timedelta(minutes=m), f"{100000 + i}", 1, q)
        for i, (m, q) in enumerate(items)
    ]
)
supply_strategy = st.lists(st.tuples(st.integers(1, 28), st.integers(1, 15)), max_size=6).map(
    lambda items: [Supply(f"PO-{i}", dt.date(2026, 12, d), q) for i, (d, q) in enumerate(items)]
)


@given(on_hand=st.integers(0, 60), lines=lines_strategy, supply=supply_strategy)
def test_properties(on_hand: int, lines: list[QueuedLine], supply: list[Supply]) -> None:
    result = allocate(on_hand, lines, supply)
    verdicts = by_key(result)
    assert set(verdicts) == {queued.key for queued in lines}
    queue = sorted(lines, key=lambda queued: queued.queue_key)

    # No unit allocated twice, nothing beyond stock.
    allocated = sum(v.allocated_quantity for v in result.lines)
    assert allocated + result.available == on_hand
    assert all(0 <= verdicts[q.key].allocated_quantity <= q.quantity for q in queue)

    # Ready means covered in full; back-ordered lines are ranked 1..n in queue order.
    positions = []
    for queued in queue:
        verdict = verdicts[queued.key]
        assert (verdict.status == READY) == (verdict.allocated_quantity == queued.quantity)
        if verdict.status == BACKORDERED:
            positions.append(verdict.queue_position)
    assert positions == list(range(1, len(positions) + 1))

    # Strict first come, first served: once a line waits, no later line holds stock,
    # and once a line has no dated restock, no later line has one.
    waiting = False
    undated = False
    for queued in queue:
        verdict = verdicts[queued.key]
        if waiting:
            assert verdict.allocated_quantity == 0
        waiting = waiting or verdict.status == BACKORDERED
        if undated:
            assert verdict.restock_date is None
        if verdict.status == BACKORDERED:
            undated = undated or verdict.restock_date is None
            assert verdict.eta_estimated == (verdict.restock_date is None)

    # Nothing promised beyond stock plus open supply; restock dates never go backwards.
    total_supply = sum(s.quantity for s in supply)
    missing = sum(q.quantity - verdicts[q.key].allocated_quantity for q in queue)
    assert result.backordered_quantity == missing
    covered = sum(
        q.quantity - verdicts[q.key].allocated_quantity
        for q in queue
        if verdicts[q.key].restock_date is not None
    )
    assert covered <= total_supply
    assert result.unpromised_supply == max(0, total_supply - missing)
    dates = [verdicts[q.key].restock_date for q in queue if verdicts[q.key].restock_date]
    assert dates == sorted(dates)


def test_allocate_queue_is_allocate_for_a_queue_already_in_order():
    lines = [line("b", 2, minutes=1), line("a", 1), line("c", 3, minutes=2)]
    supply = [Supply("PO-1", dt.date(2026, 12, 1), 4)]
    queue = [("a", 1), ("b", 2), ("c", 3)]
    assert allocate_queue(2, queue, supply) == allocate(2, lines, supply)


def test_a_uniform_shift_keeps_every_stored_rank():
    # Ranks stored under offset 0; a receipt moved everyone up by 3: the offset follows them.
    assert queue_offset(0, [(4, 1), (5, 2), (6, 3), (None, None)]) == 3


def test_the_offset_keeps_the_most_ranks_and_prefers_the_current_one_on_a_tie():
    # A line cancelled in the middle: the two behind it move up, the three before stay.
    assert queue_offset(0, [(1, 1), (2, 2), (3, 3), (5, 4), (6, 5)]) == 0
    assert queue_offset(7, [(8, 1), (10, 1)]) == 7  # tie between 7 and 9: keep 7
    assert queue_offset(0, [(8, 1), (10, 1)]) == 7  # neither is current: the smallest
    assert queue_offset(5, [(None, 1), (3, None)]) == 5  # nothing to keep: unchanged


@given(
    current=st.integers(-5, 5),
    stored=st.lists(
        st.tuples(st.none() | st.integers(-10, 10), st.none() | st.integers(1, 10)), max_size=20
    ),
)
def test_no_other_offset_keeps_more_ranks(current: int, stored: list) -> None:  # noqa: ANN001
    def kept(offset: int) -> int:
        return sum(1 for rank, pos in stored if None not in (rank, pos) and rank - pos == offset)

    chosen = queue_offset(current, stored)
    assert all(kept(chosen) >= kept(other) for other in range(-25, 25))
    if kept(current) == kept(chosen):
        assert chosen == current
