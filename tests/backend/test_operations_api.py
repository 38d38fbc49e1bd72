"""Operations: purchase orders, receipts, dispatch and the back-order report move the queue."""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.eta import add_business_days
from backend.models import LineEvent, Product
from tests.backend import factories as f


def lookup(client: TestClient, order) -> dict:  # noqa: ANN001
    return client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, "email": order.email}
    ).json()


def waiting_line(session: Session):  # noqa: ANN201
    supplier = f.supplier(session, supplier_id="SUP-Q")
    gpu = f.product(session, sku="GPU-Q", on_hand=0, supplier_id=supplier.id)
    order = f.order(session, [(gpu, 2)])
    reallocate(session, {gpu.id})
    session.commit()
    return gpu, order


def test_a_new_purchase_order_dates_the_waiting_line(
    operator: TestClient, client: TestClient, session: Session
):
    _, order = waiting_line(session)
    supplier_code = "SUP-Q"
    created = operator.post(
        "/v1/purchase-orders",
        json={
            "po_number": "PO-9",
            "supplier_id": supplier_code,
            "sku": "gpu-q",
            "quantity": 5,
            "expected_date": "2026-12-09",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["lines_waiting"] == 1
    line = lookup(client, order)["lines"][0]
    assert line["restock_date"] == "2026-12-09" and not line["eta_estimated"]
    assert line["restock_history"][-1]["from"] is None
    duplicate = operator.post(
        "/v1/purchase-orders",
        json={
            "po_number": "PO-9",
            "supplier_id": supplier_code,
            "sku": "GPU-Q",
            "quantity": 1,
            "expected_date": "2026-12-10",
        },
    )
    assert duplicate.status_code == 409


def test_redating_moves_the_restock_date_and_records_it(
    operator: TestClient, client: TestClient, session: Session
):
    gpu, order = waiting_line(session)
    f.purchase_order(session, gpu, po_number="PO-1", quantity=5, expected_date=dt.date(2026, 12, 3))
    reallocate(session, {gpu.id})
    session.commit()
    response = operator.patch(
        "/v1/purchase-orders/PO-1/GPU-Q", json={"expected_date": "2026-12-09"}
    )
    assert response.status_code == 200
    line = lookup(client, order)["lines"][0]
    assert line["restock_date"] == "2026-12-09"
    assert [(c["from"], c["to"]) for c in line["restock_history"]][-1] == (
        "2026-12-03",
        "2026-12-09",
    )
    assert operator.patch("/v1/purchase-orders/PO-1/GPU-Q", json={}).status_code == 422
    assert (
        operator.patch("/v1/purchase-orders/PO-404/GPU-Q", json={"quantity": 3}).status_code == 404
    )


def test_a_receipt_makes_the_line_ready_then_dispatch_ships_it(
    operator: TestClient, client: TestClient, session: Session
):
    gpu, order = waiting_line(session)
    f.purchase_order(session, gpu, po_number="PO-2", quantity=5, expected_date=dt.date(2026, 12, 3))
    reallocate(session, {gpu.id})
    session.commit()
    received = operator.post("/v1/purchase-orders/PO-2/GPU-Q/receive", json={})
    assert received.status_code == 200
    assert received.json()["status"] == "received" and received.json()["lines_waiting"] == 0
    assert received.json()["received_date"] == "2026-11-24"
    assert lookup(client, order)["lines"][0]["status"] == "ready"
    kinds = session.execute(select(LineEvent.kind).order_by(LineEvent.id)).scalars().all()
    assert kinds[-1] == "ready"
    assert operator.post("/v1/purchase-orders/PO-2/GPU-Q/receive", json={}).status_code == 409

    shipped = operator.post(f"/v1/orders/{order.order_number}/lines/1/ship")
    assert shipped.status_code == 200 and shipped.json()["lines"][0]["status"] == "shipped"
    assert session.execute(select(Product.on_hand).where(Product.id == gpu.id)).scalar_one() == 3
    assert operator.post(f"/v1/orders/{order.order_number}/lines/1/ship").status_code == 409


def test_the_backorder_report_lists_waiting_lines_with_etas(
    operator: TestClient, client: TestClient, session: Session
):
    gpu, order = waiting_line(session)
    response = operator.get("/v1/reports/backorders.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    assert rows[0]["order_number"] == order.order_number and rows[0]["sku"] == "GPU-Q"
    assert rows[0]["eta_estimated"] == "yes" and rows[0]["ship_earliest"] >= "2026-12-08"
    assert "email" not in rows[0]


def test_a_late_receipt_widens_the_supplier_s_ship_windows(
    operator: TestClient, client: TestClient, session: Session, settings
):  # noqa: ANN001
    gpu, first = waiting_line(session)
    second = f.order(session, [(gpu, 2)])
    f.purchase_order(
        session, gpu, po_number="PO-L", quantity=2, expected_date=dt.date(2026, 11, 14)
    )
    f.purchase_order(
        session, gpu, po_number="PO-N", quantity=2, expected_date=dt.date(2026, 12, 10)
    )
    reallocate(session, {gpu.id})
    session.commit()
    window = lookup(client, second)["lines"][0]["ship_eta"]
    # no delivery on record: the default slip
    assert window["latest"] == str(add_business_days(dt.date(2026, 12, 12), settings.handling_days))

    # PO-L arrives today, 10 days late: the supplier's record is that one delivery
    received = operator.post("/v1/purchase-orders/PO-L/GPU-Q/receive", json={})
    assert received.status_code == 200
    assert lookup(client, first)["lines"][0]["status"] == "ready"
    window = lookup(client, second)["lines"][0]["ship_eta"]
    assert window["earliest"] == str(
        add_business_days(dt.date(2026, 12, 10), settings.handling_days)
    )
    assert window["latest"] == str(add_business_days(dt.date(2026, 12, 20), settings.handling_days))
