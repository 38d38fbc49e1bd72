"""The allocation rules of shared/CONTRACT.md as one pure function.

For one SKU: the open lines of open orders queue by (placed_at, order_number, line_no). On-hand
units go down the queue first; a line covered in full is ready. The rest are back-ordered, ranked
1..n, and their missing units are drawn from open purchase orders in (expected_date, po_number)
order. A line's restock date is the expected date of the purchase order that supplies its last
missing unit; a line the open supply cannot cover has no restock date and an estimated ETA.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

READY = "ready"
BACKORDERED = "backordered"


@dataclass(frozen=True, slots=True)
class QueuedLine:
    key: Hashable
    placed_at: dt.datetime
    order_number: str
    line_no: int
    quantity: int

    @property
    def queue_key(self) -> tuple[dt.datetime, str, int]:
        return (self.placed_at, self.order_number, self.line_no)


@dataclass(frozen=True, slots=True)
class Supply:
    po_number: str
    expected_date: dt.date
    quantity: int


class LineAllocation(NamedTuple):  # a tuple: the busy SKU makes 50,000 of them per run
    key: Hashable
    status: str
    allocated_quantity: int  # units of on-hand stock set aside for the line
    queue_position: int | None  # rank among the SKU's back-ordered lines, 1-based
    restock_date: dt.date | None
    eta_estimated: bool
    supplied_by: tuple[str, ...] = ()  # purchase orders that cover the missing units


@dataclass(frozen=True, slots=True)
class SkuAllocation:
    lines: list[LineAllocation]
    available: int  # on-hand units no line claims
    backordered_quantity: int  # units that back-ordered lines still miss
    unpromised_supply: int  # open purchase-order units no line claims yet


def allocate(on_hand: int, lines: Sequence[QueuedLine], supply: Sequence[Supply]) -> SkuAllocation:
    queue = sorted(lines, key=lambda line: line.queue_key)
    return allocate_queue(on_hand, [(line.key, line.quantity) for line in queue], supply)


def allocate_queue(
    on_hand: int, queue: Sequence[tuple[Hashable, int]], supply: Sequence[Supply]
) -> SkuAllocation:
    """`allocate` for lines already in queue order, each as (key, quantity).

    The database sorts a long queue faster than Python can; verdicts come back in queue order.
    """
    if on_hand < 0:
        raise ValueError("on_hand cannot be negative")
    stock = on_hand
    incoming: list[list[Any]] = [  # [po_number, expected_date, units left]
        [po.po_number, po.expected_date, po.quantity]
        for po in sorted(supply, key=lambda po: (po.expected_date, po.po_number))
        if po.quantity > 0
    ]
    po_index = 0
    results: list[LineAllocation] = []
    append = results.append
    new = tuple.__new__  # skips the NamedTuple's Python-level __new__: 50,000 times per busy SKU
    backordered_units = 0
    position = 0
    for key, quantity in queue:
        if quantity <= 0:
            raise ValueError(f"line {key!r} has a non-positive quantity")
        if stock >= quantity:
            stock -= quantity
            append(new(LineAllocation, (key, READY, quantity, None, None, False, ())))
            continue
        from_stock = stock
        stock = 0
        missing = quantity - from_stock
        position += 1
        backordered_units += missing
        restock: dt.date | None = None
        sources: list[str] = []
        while missing and po_index < len(incoming):
            po = incoming[po_index]
            take = min(missing, po[2])
            po[2] -= take
            missing -= take
            sources.append(po[0])
            restock = po[1]
            if po[2] == 0:
                po_index += 1
        covered = missing == 0
        append(
            new(
                LineAllocation,
                (
                    key,
                    BACKORDERED,
                    from_stock,
                    position,
                    restock if covered else None,
                    not covered,
                    tuple(sources),
                ),
            )
        )
    unpromised = sum(po[2] for po in incoming[po_index:])
    return SkuAllocation(results, stock, backordered_units, unpromised)


def queue_offset(current: int, stored: Iterable[tuple[int | None, int | None]]) -> int:
    """The offset under which the most stored queue ranks stay valid.

    A line stores `queue_rank`, its SKU stores `queue_offset`, and the line's queue position is
    rank minus offset. A receipt moves every back-ordered line up by the same amount: choosing
    the offset that moves with them leaves their stored ranks valid, so only the lines whose
    verdict really changed are written. `stored` holds (stored rank, new position) per line;
    among equally good offsets the current one is kept, else the smallest is taken.
    """
    shifts = Counter(
        rank - position for rank, position in stored if rank is not None and position is not None
    )
    if not shifts:
        return current
    best = max(shifts.values())
    if shifts.get(current) == best:
        return current
    return min(shift for shift, count in shifts.items() if count == best)
