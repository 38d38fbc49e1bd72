"""POST /v1/orders/lookup as shared/CONTRACT.md fixes it."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.models import OrderLine
from tests.backend import factories as f


def lookup(client: TestClient, **body: str):  # noqa: ANN201
    return client.post("/v1/orders/lookup", json=body)


def test_lines_show_ready_backordered_with_queue_and_restock(client: TestClient, session: Session):
    gpu = f.product(session, sku="GPU-4070-12G", on_hand=3)
    ssd = f.product(session, sku="SSD-2TB", on_hand=5, category="ssds")
    f.purchase_order(session, gpu, quantity=10, expected_date=dt.date(2026, 12, 9))
    f.order(session, [(gpu, 2)])  # earlier customers take 3 units and wait for 1
    f.order(session, [(gpu, 2)])
    mine = f.order(session, [(gpu, 2), (ssd, 1)], email="Ada@Example.com")
    reallocate(session, {gpu.id, ssd.id})
    session.commit()

    response = lookup(client, order_number=mine.order_number, email="  ada@example.COM ")
    assert response.status_code == 200
    body = response.json()
    assert body["order_number"] == mine.order_number
    assert body["placed_at"].endswith("+03:00")
    gpu_line, ssd_line = body["lines"]
    assert gpu_line == {
        "line_no": 1,
        "sku": "GPU-4070-12G",
        "name": gpu.name,
        "category": "graphics_cards",
        "quantity": 2,
        "unit_price": "500.00",
        "currency": "EUR",
        "status": "backordered",
        "allocated_quantity": 0,
        "queue_position": 2,
        "restock_date": "2026-12-09",
        "eta_estimated": False,
        "overdue": False,
        "ship_eta": {"earliest": "2026-12-10", "latest": "2026-12-14"},
        "restock_history": [],
    }
    assert ssd_line["status"] == "ready"
    assert ssd_line["allocated_quantity"] == 1
    assert ssd_line["ship_eta"] == {"earliest": "2026-11-25", "latest": "2026-11-25"}


def test_postal_code_verifies_too_ignoring_spaces(client: TestClient, session: Session):
    order = f.order(session, [(f.product(session, on_hand=1), 1)], postal_code="SW1A 1AA")
    reallocate(session, {line.product_id for line in session.query(OrderLine).all()})
    session.commit()
    assert (
        lookup(client, order_number=f"#{order.order_number}", postal_code="sw1a1aa").status_code
        == 200
    )


def test_unknown_order_and_wrong_proof_get_the_same_404(client: TestClient, session: Session):
    order = f.order(session, [(f.product(session), 1)], email="real@example.com")
    session.commit()
    wrong = lookup(client, order_number=order.order_number, email="other@example.com")
    unknown = lookup(client, order_number="999999", email="real@example.com")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_cancelled_order_is_found_with_every_line_cancelled(client: TestClient, session: Session):
    item = f.product(session, on_hand=5)
    order = f.order(session, [(item, 1), (item, 2)], status="cancelled")
    reallocate(session, {item.id})
    session.commit()
    body = lookup(client, order_number=order.order_number, email=order.email).json()
    assert body["status"] == "cancelled"
    assert [line["status"] for line in body["lines"]] == ["cancelled", "cancelled"]
    assert all(line["ship_eta"] is None for line in body["lines"])


def test_shipped_line_and_uncovered_line(client: TestClient, session: Session):
    item = f.product(session, on_hand=0)
    order = f.order(session, [(item, 1), (item, 4)])
    first = session.query(OrderLine).filter_by(order_id=order.id, line_no=1).one()
    first.status = "shipped"
    f.purchase_order(session, item, quantity=2)
    reallocate(session, {item.id})
    session.commit()
    shipped, waiting = lookup(client, order_number=order.order_number, email=order.email).json()[
        "lines"
    ]
    assert shipped["status"] == "shipped" and shipped["ship_eta"] is None
    assert waiting["status"] == "backordered"
    assert waiting["restock_date"] is None and waiting["eta_estimated"] is True
    assert waiting["ship_eta"]["earliest"] >= "2026-12-08"  # today + 14 days lead time


def test_overdue_purchase_order_is_flagged_and_never_promises_the_past(
    client: TestClient, session: Session
):
    item = f.product(session, on_hand=0)
    f.purchase_order(session, item, quantity=5, expected_date=dt.date(2026, 11, 20))
    order = f.order(session, [(item, 1)])
    reallocate(session, {item.id})
    session.commit()
    line = lookup(client, order_number=order.order_number, email=order.email).json()["lines"][0]
    assert line["overdue"] is True
    assert line["restock_date"] == "2026-11-20"
    assert line["ship_eta"]["earliest"] > "2026-11-24"


def test_api_key_is_required(client: TestClient):
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer wrong"}):
        response = client.post(
            "/v1/orders/lookup", json={"order_number": "1", "email": "a@b.c"}, headers=headers
        )
        assert response.status_code == 401


def test_bad_input_gets_a_clear_422(client: TestClient):
    response = lookup(client, order_number="100042")
    assert response.status_code == 422
    assert "email or its postal code" in response.text
    assert lookup(client, order_number="  ", email="a@b.c").status_code == 422
