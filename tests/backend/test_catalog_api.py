"""Availability and alternatives of a product."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from tests.backend import factories as f


def test_availability_counts_only_unclaimed_stock(client: TestClient, session: Session):
    item = f.product(session, sku="SSD-1TB", on_hand=5)
    f.order(session, [(item, 2)])
    f.order(session, [(item, 4)])  # gets 3, misses 1
    f.purchase_order(session, item, quantity=7, expected_date=dt.date(2026, 12, 1))
    f.purchase_order(session, item, quantity=9, expected_date=dt.date(2026, 12, 20))
    reallocate(session, {item.id})
    session.commit()
    body = client.get("/v1/products/ssd-1tb/availability").json()
    assert body == {
        "sku": "SSD-1TB",
        "name": item.name,
        "price": "500.00",
        "currency": "EUR",
        "available": 0,
        "backordered_quantity": 1,
        "next_restock": {"date": "2026-12-01", "quantity": 7, "overdue": False},
    }


def test_availability_of_unknown_product_is_404(client: TestClient):
    response = client.get("/v1/products/NOPE/availability")
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]


def test_alternatives_are_in_stock_same_category_ranked(client: TestClient, session: Session):
    wanted = f.product(
        session,
        sku="GPU-A",
        price=Decimal("600"),
        on_hand=0,
        attributes={"chipset": "RTX 4070", "vram_gb": 12},
    )
    f.product(
        session,
        sku="GPU-B",
        price=Decimal("552"),
        on_hand=4,
        attributes={"chipset": "RTX 4070", "vram_gb": 12},
    )
    f.product(
        session,
        sku="GPU-C",
        price=Decimal("300"),
        on_hand=4,
        attributes={"chipset": "RTX 4060", "vram_gb": 8},
    )
    f.product(
        session,
        sku="GPU-GONE",
        price=Decimal("600"),
        on_hand=0,
        attributes={"chipset": "RTX 4070", "vram_gb": 12},
    )
    f.product(session, sku="SSD-X", category="ssds", on_hand=9)
    session.commit()
    body = client.get(f"/v1/products/{wanted.sku}/alternatives").json()
    assert [alt["sku"] for alt in body] == ["GPU-B", "GPU-C"]
    assert body[0]["reasons"][:3] == ["same chipset (RTX 4070)", "same 12 GB VRAM", "8% cheaper"]
    assert body[0]["available"] == 4


def test_search_finds_products_from_what_customers_type(client: TestClient, session: Session):
    f.product(session, sku="GPU-RTX4070-12G", name="GeForce RTX 4070 12 GB Windforce")
    f.product(session, sku="GPU-RTX4080S-16G", name="GeForce RTX 4080 Super 16 GB")
    f.product(session, sku="SSD-SAM990-2TB", name="Samsung 990 Pro 2 TB NVMe", category="ssds")
    session.commit()
    found = client.get("/v1/products/search", params={"q": "is the rtx4070 in stock?"}).json()
    assert [m["sku"] for m in found] == ["GPU-RTX4070-12G"]
    assert found[0]["name"] == "GeForce RTX 4070 12 GB Windforce" and found[0]["score"] > 80
    assert [
        m["sku"] for m in client.get("/v1/products/search", params={"q": "samsng 990 pro"}).json()
    ] == ["SSD-SAM990-2TB"]
    assert client.get("/v1/products/search", params={"q": "a pizza"}).json() == []
    assert client.get("/v1/products/search", params={"q": ""}).status_code == 422
