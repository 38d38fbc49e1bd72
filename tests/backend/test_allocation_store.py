"""Allocation's stored verdicts: a queue position is the line's rank minus its SKU's offset.

A receipt moves every back-ordered line up by the same amount; the offset moves instead, so only
the lines whose verdict really changed are written. Whatever the change, a lookup must still
show each line's place exactly as the pure allocation computes it.
"""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.allocation.core import QueuedLine, Supply, allocate
from backend.allocation.service import reallocate
from backend.models import Order, OrderLine, Product, PurchaseOrder
from tests.backend import factories as f


def lookup_positions(client: TestClient, orders: list[Order]) -> dict[str, object]:
    seen = {}
    for order in orders:
        body = {"order_number": order.order_number, "email": order.email}
        line = client.post("/v1/orders/lookup", json=body).json()["lines"][0]
        seen[order.order_number] = (
            line["queue_position"]
            if line["status"] == "backordered"
            else {"shipped": "gone", "cancelled": "gone"}.get(line["status"], line["status"])
        )
    return seen


def expected_positions(
    session: Session, product: Product, orders: list[Order]
) -> dict[str, object]:
    """What the pure function says, from the rows as they are now."""
    rows = session.execute(
        select(
            OrderLine.id, Order.placed_at, Order.order_number, OrderLine.line_no, OrderLine.quantity
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.product_id == product.id, OrderLine.status == "open", Order.status == "open"
        )
    ).all()
    on_hand = session.execute(select(Product.on_hand).where(Product.id == product.id)).scalar_one()
    supply = [
        Supply(po.po_number, po.expected_date, po.quantity)
        for po in session.execute(
            select(PurchaseOrder).where(
                PurchaseOrder.product_id == product.id, PurchaseOrder.status == "open"
            )
        ).scalars()
    ]
    result = allocate(on_hand, [QueuedLine(*row) for row in rows], supply)
    by_line = {verdict.key: verdict for verdict in result.lines}
    numbers = {row.id: row.order_number for row in rows}
    seen: dict[str, object] = {order.order_number: "gone" for order in orders}
    for line_id, verdict in by_line.items():
        seen[numbers[line_id]] = (
            verdict.queue_position if verdict.status == "backordered" else "ready"
        )
    return seen


def availability(client: TestClient, product: Product) -> tuple[int, int]:
    answer = client.get(f"/v1/products/{product.sku}/availability").json()
    return answer["available"], answer["backordered_quantity"]


def summed_from_lines(session: Session, product: Product) -> tuple[int, int]:
    """(units free to sell, units back-ordered lines miss), summed over the open lines."""
    lines = session.execute(
        select(OrderLine.allocation, OrderLine.quantity, OrderLine.allocated_quantity)
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.product_id == product.id, OrderLine.status == "open", Order.status == "open"
        )
    ).all()
    on_hand = session.execute(select(Product.on_hand).where(Product.id == product.id)).scalar_one()
    allocated = sum(line.allocated_quantity for line in lines)
    missing = sum(
        line.quantity - line.allocated_quantity
        for line in lines
        if line.allocation == "backordered"
    )
    return on_hand - allocated, missing


def receive(session: Session, product: Product, units: int) -> None:
    session.execute(
        update(Product).where(Product.id == product.id).values(on_hand=Product.on_hand + units)
    )
    reallocate(session, {product.id})
    session.commit()


def stored_ranks(session: Session, product: Product) -> dict[int, int | None]:
    return dict(
        session.execute(
            select(OrderLine.id, OrderLine.queue_rank).where(OrderLine.product_id == product.id)
        ).all()
    )


def test_a_receipt_moves_the_offset_not_the_waiting_lines(client: TestClient, session: Session):
    gpu = f.product(session, sku="GPU-OFF", on_hand=0)
    f.purchase_order(session, gpu, quantity=100)
    orders = [f.order(session, [(gpu, 1)]) for _ in range(10)]
    reallocate(session, {gpu.id})
    session.commit()
    before = stored_ranks(session, gpu)

    receive(session, gpu, 3)

    after = stored_ranks(session, gpu)
    changed = {line_id for line_id in before if before[line_id] != after[line_id]}
    assert len(changed) == 3  # the three lines that became ready, nothing else
    assert (
        session.execute(select(Product.queue_offset).where(Product.id == gpu.id)).scalar_one() == 3
    )
    seen = lookup_positions(client, orders)
    assert list(seen.values()) == ["ready"] * 3 + list(range(1, 8))
    assert seen == expected_positions(session, gpu, orders)


def test_positions_stay_exact_through_every_kind_of_change(
    operator: TestClient, client: TestClient, session: Session
):
    gpu = f.product(session, sku="GPU-MIX", on_hand=2)
    f.purchase_order(session, gpu, quantity=4, expected_date=dt.date(2026, 12, 9))
    f.purchase_order(session, gpu, quantity=50, expected_date=dt.date(2027, 1, 9))
    orders = [f.order(session, [(gpu, 1 + n % 2)]) for n in range(12)]
    reallocate(session, {gpu.id})
    session.commit()

    def check() -> None:
        assert lookup_positions(client, orders) == expected_positions(session, gpu, orders)
        # the SKU's totals stored by allocation agree with its lines as they are now
        assert availability(client, gpu) == summed_from_lines(session, gpu)

    check()
    receive(session, gpu, 3)  # the queue moves up
    check()
    first = orders[0]
    shipped = operator.post(f"/v1/orders/{first.order_number}/lines/1/ship")
    assert shipped.status_code == 200, shipped.text  # the front leaves the queue
    check()
    middle = orders[7]
    cancelled = client.post(
        f"/v1/orders/{middle.order_number}/lines/1/cancel", json={"email": middle.email}
    )
    assert cancelled.status_code == 200, cancelled.text  # the lines behind it move up
    check()
    early = f.order(session, [(gpu, 2)], placed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    late = f.order(session, [(gpu, 1)], placed_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    orders += [early, late]
    reallocate(session, {gpu.id})  # one jumps to the front (placed earlier), one joins the end
    session.commit()
    check()
    session.execute(update(Product).where(Product.id == gpu.id).values(on_hand=0))
    reallocate(session, {gpu.id})  # stock written off: ready lines go back to waiting
    session.commit()
    check()


def test_the_database_queues_order_numbers_as_python_compares_them(
    client: TestClient, session: Session
):
    gpu = f.product(session, sku="GPU-COLL", on_hand=1)
    same_time = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
    numbers = ["b1", "B2", "a-3", "A10", "a10", "a_9", "Z0"]
    orders = [
        f.order(session, [(gpu, 1)], order_number=number, placed_at=same_time) for number in numbers
    ]
    reallocate(session, {gpu.id})
    session.commit()
    seen = lookup_positions(client, orders)
    assert seen == expected_positions(session, gpu, orders)
    assert seen["A10"] == "ready"  # "A10" < "B2" < "Z0" < "a-3" < ... by code point


def test_order_lines_leave_room_on_each_page_for_in_place_verdict_updates(connection) -> None:
    # Migration 0007: re-allocation rewrites unindexed verdict columns, which PostgreSQL can do
    # in place (HOT) only when the row's page has room.
    if connection.dialect.name != "postgresql":
        return  # SQLite updates rows in place anyway
    options = connection.exec_driver_sql(
        "SELECT reloptions FROM pg_class WHERE oid = 'order_lines'::regclass"
    ).scalar_one()
    assert "fillfactor=90" in (options or [])
