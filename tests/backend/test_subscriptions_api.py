"""Subscriptions and feedback, as the bot uses them."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Feedback
from tests.backend import factories as f


def test_subscribe_to_an_order_and_a_product_list_and_stop(client: TestClient, session: Session):
    gpu = f.product(session, sku="GPU-X", name="RTX X")
    order = f.order(session, [(gpu, 1)])
    session.commit()
    web = {"conversation_id": "web:abc123", "channel": "web", "address": "ada@example.com"}

    first = client.post(
        "/v1/subscriptions", json={**web, "order_number": order.order_number, "email": order.email}
    )
    assert first.status_code == 201
    assert first.json()["target"] == "order" and first.json()["order_number"] == order.order_number
    again = client.post(
        "/v1/subscriptions", json={**web, "order_number": order.order_number, "email": order.email}
    )
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    product = client.post("/v1/subscriptions", json={**web, "sku": "gpu-x"})
    assert product.status_code == 201 and product.json()["name"] == "RTX X"

    listed = client.get("/v1/subscriptions", params={"conversation_id": "web:abc123"}).json()
    assert [s["target"] for s in listed] == ["order", "product"]
    assert client.get("/v1/subscriptions", params={"conversation_id": "tg:1"}).json() == []

    stop_one = client.delete(
        f"/v1/subscriptions/{first.json()['id']}", params={"conversation_id": "web:abc123"}
    )
    assert stop_one.status_code == 204
    assert (
        client.delete(
            f"/v1/subscriptions/{first.json()['id']}", params={"conversation_id": "web:abc123"}
        ).status_code
        == 404
    )
    stop_all = client.delete("/v1/subscriptions", params={"conversation_id": "web:abc123"})
    assert stop_all.json() == {"ended": 1}
    assert client.get("/v1/subscriptions", params={"conversation_id": "web:abc123"}).json() == []


def test_order_subscriptions_need_the_proof(client: TestClient, session: Session):
    order = f.order(session, [(f.product(session), 1)])
    session.commit()
    base = {
        "conversation_id": "tg:42",
        "channel": "telegram",
        "address": "42",
        "order_number": order.order_number,
    }
    assert client.post("/v1/subscriptions", json=base).status_code == 422
    wrong = client.post("/v1/subscriptions", json={**base, "email": "x@example.com"})
    assert wrong.status_code == 404


def test_bad_subscriptions_get_clear_422s(client: TestClient, session: Session):
    f.product(session, sku="GPU-Y")
    session.commit()
    cases = [
        {"conversation_id": "web:a", "channel": "web", "address": "not-an-email", "sku": "GPU-Y"},
        {"conversation_id": "tg:1", "channel": "telegram", "address": "@ada", "sku": "GPU-Y"},
        {"conversation_id": "email:1", "channel": "web", "address": "a@b.co", "sku": "GPU-Y"},
        {"conversation_id": "web:a", "channel": "web", "address": "a@b.co"},
    ]
    for body in cases:
        assert client.post("/v1/subscriptions", json=body).status_code == 422, body
    unknown = client.post(
        "/v1/subscriptions",
        json={"conversation_id": "web:a", "channel": "web", "address": "a@b.co", "sku": "NOPE"},
    )
    assert unknown.status_code == 404


def test_feedback_is_stored(client: TestClient, session: Session):
    response = client.post(
        "/v1/feedback",
        json={
            "conversation_id": "web:abc",
            "channel": "web",
            "rating": 2,
            "comment": "slow restock",
        },
    )
    assert response.status_code == 201
    stored = session.execute(select(Feedback)).scalar_one()
    assert (stored.rating, stored.comment) == (2, "slow restock")
    assert (
        client.post(
            "/v1/feedback", json={"conversation_id": "web:abc", "channel": "web", "rating": 6}
        ).status_code
        == 422
    )
