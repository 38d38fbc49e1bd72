"""The allocation rules of shared/CONTRACT.md as one pure function.

For one SKU: the open lines of open orders queue by (placed_at, order_number, line_no). On-hand
units go down the queue first; a line covered in full is ready. The rest are back-ordered, ranked
1..n, and their missing units are drawn from open purchase orders in (expected_date, po_number)
order. A line's restock date is the expected date of the purchase order that supplies its last
missing unit; a line the open supply cannot cover has no restock date and an estimated ETA.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class LineAllocation:
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
    if on_hand < 0:
        raise ValueError("on_hand cannot be negative")
    stock = on_hand
    incoming = [
        [po.po_number, po.expected_date, po.quantity]
        for po in sorted(supply, key=lambda po: (po.expected_date, po.po_number))
        if po.quantity > 0
    ]
    po_index = 0
    results: list[LineAllocation] = []
    backordered_units = 0
    position = 0
    for line in sorted(lines, key=lambda line: line.queue_key):
        if line.quantity <= 0:
            raise ValueError(f"line {line.key!r} has a non-positive quantity")
        from_stock = min(stock, line.quantity)
        stock -= from_stock
        missing = line.quantity - from_stock
        if missing == 0:
            results.append(LineAllocation(line.key, READY, from_stock, None, None, False))
            continue
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
        results.append(
            LineAllocation(
                line.key,
                BACKORDERED,
                from_stock,
                position,
                restock if covered else None,
                not covered,
                tuple(sources),
            )
        )
    unpromised = sum(po[2] for po in incoming[po_index:])
    return SkuAllocation(results, stock, backordered_units, unpromised)
