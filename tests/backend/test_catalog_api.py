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


def test_in_stock_lists_a_kind_cheapest_first_within_the_budget(
    client: TestClient, session: Session
):
    f.product(
        session,
        sku="SSD-SAM-1TB",
        name="Samsung 990 Pro 1 TB",
        category="ssds",
        price=Decimal("119"),
        on_hand=5,
    )
    f.product(
        session,
        sku="SSD-WD-1TB",
        name="WD Black SN850X 1 TB",
        category="ssds",
        price=Decimal("99"),
        on_hand=2,
    )
    f.product(
        session,
        sku="SSD-CRU-4TB",
        name="Crucial P3 Plus 4 TB",
        category="ssds",
        price=Decimal("239"),
        on_hand=3,
    )
    f.product(
        session,
        sku="SSD-GONE-1TB",
        name="Kingston KC3000 1 TB",
        category="ssds",
        price=Decimal("89"),
        on_hand=0,
    )
    f.product(
        session,
        sku="CPU-R5",
        name="AMD Ryzen 5 7600X",
        category="cpus",
        price=Decimal("229"),
        on_hand=4,
    )
    session.commit()

    def skus(**params: object) -> list[str]:
        response = client.get("/v1/products/in-stock", params=params)
        assert response.status_code == 200, response.text
        return [p["sku"] for p in response.json()]

    # Sold out is left out; cheapest first; the stock each can ship.
    assert skus(q="ssd") == ["SSD-WD-1TB", "SSD-SAM-1TB", "SSD-CRU-4TB"]
    body = client.get("/v1/products/in-stock", params={"q": "ssds"}).json()
    assert body[0] == {
        "sku": "SSD-WD-1TB",
        "name": "WD Black SN850X 1 TB",
        "category": "ssds",
        "price": "99.00",
        "currency": "EUR",
        "available": 2,
    }
    # A size or a brand narrows it; words no SSD has ("good", "cheap") don't.
    assert skus(q="a good cheap 1tb ssd") == ["SSD-WD-1TB", "SSD-SAM-1TB"]
    assert skus(q="4 tb drives") == ["SSD-CRU-4TB"]
    assert skus(q="samsung nvme") == ["SSD-SAM-1TB"]
    assert skus(q="ssd", max_price="110") == ["SSD-WD-1TB"]
    assert skus(q="processors", max_price="100") == []
    assert skus(q="ssd", limit=1) == ["SSD-WD-1TB"]
    # No kind named: a clear error, not every product.
    response = client.get("/v1/products/in-stock", params={"q": "something nice"})
    assert response.status_code == 422 and "kind of product" in response.json()["detail"]
    assert (
        client.get("/v1/products/in-stock", params={"q": "ssd", "max_price": "-1"}).status_code
        == 422
    )
