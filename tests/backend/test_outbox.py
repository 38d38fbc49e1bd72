"""The notification outbox: what is written with each change, gathering, waves, leases, retries."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.db import session_factory
from backend.models import (
    Notification,
    Order,
    OrderLine,
    Product,
    PurchaseOrder,
    Subscription,
    Supplier,
)
from backend.notifications import outbox
from tests.backend import factories as f

WORKER = {"worker": "w1"}


@pytest.fixture(autouse=True)
def no_gathering_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(0))


def subscribed_order(client: TestClient, session: Session, channel: str = "telegram"):  # noqa: ANN201
    gpu = f.product(session, sku="GPU-N", name="RTX N", on_hand=0)
    po = f.purchase_order(
        session, gpu, po_number="PO-N", quantity=5, expected_date=dt.date(2026, 12, 3)
    )
    order = f.order(session, [(gpu, 1)])
    reallocate(session, {gpu.id})
    session.commit()
    address = "555" if channel == "telegram" else "ada@example.com"
    conversation = "tg:555" if channel == "telegram" else "web:abc"
    response = client.post(
        "/v1/subscriptions",
        json={
            "conversation_id": conversation,
            "channel": channel,
            "address": address,
            "order_number": order.order_number,
            "email": order.email,
        },
    )
    assert response.status_code == 201
    return gpu, po, order


def claim(client: TestClient, **body) -> list[dict]:  # noqa: ANN003
    response = client.post("/v1/outbox/claim", json={**WORKER, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_redate_notifies_the_subscriber_once(
    operator: TestClient, client: TestClient, session: Session
):
    _, _, order = subscribed_order(client, session)
    assert claim(client) == []
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-09"})
    messages = claim(client)
    assert len(messages) == 1
    message = messages[0]
    assert (message["channel"], message["address"], message["conversation_id"]) == (
        "telegram",
        "555",
        "tg:555",
    )
    assert message["text"] == (
        f"Update on your order {order.order_number}:\n"
        "• RTX N: the restock date moved later, from Thu 3 Dec to Wed 9 Dec.\n"
        "To stop these updates, send /stop."
    )
    assert claim(client) == []  # leased
    assert client.post(f"/v1/outbox/{message['id']}/sent", json=WORKER).status_code == 204
    assert operator.get("/v1/outbox/stats").json() == {"sent": 1}


def test_changes_in_the_gathering_window_go_out_as_one_message(
    operator: TestClient, client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(minutes=1))
    subscribed_order(client, session, channel="web")
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-09"})
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-14"})
    assert claim(client) == []  # still gathering
    row = session.execute(select(Notification)).scalar_one()
    assert len(row.facts) == 2
    row.not_before = row.not_before - dt.timedelta(minutes=2)
    session.commit()
    (message,) = claim(client)
    assert "from Thu 3 Dec to Mon 14 Dec" in message["text"]
    assert 'write "stop the updates"' in message["text"]


def test_receipt_and_dispatch_are_told_but_the_customers_own_cancel_is_not(
    operator: TestClient, client: TestClient, session: Session
):
    _, _, order = subscribed_order(client, session)
    operator.post("/v1/purchase-orders/PO-N/GPU-N/receive", json={})
    (ready,) = claim(client)
    assert "in stock now and set aside for you" in ready["text"]
    client.post(f"/v1/outbox/{ready['id']}/sent", json=WORKER)
    operator.post(f"/v1/orders/{order.order_number}/lines/1/ship")
    (shipped,) = claim(client)
    assert "has shipped" in shipped["text"]

    other = f.order(session, [(f.product(session, on_hand=0), 1)])
    session.commit()
    client.post(
        "/v1/subscriptions",
        json={
            "conversation_id": "tg:9",
            "channel": "telegram",
            "address": "9",
            "order_number": other.order_number,
            "email": other.email,
        },
    )
    client.post(f"/v1/orders/{other.order_number}/lines/1/cancel", json={"email": other.email})
    assert claim(client) == []


def test_back_in_stock_goes_out_in_waves_that_match_the_stock(
    operator: TestClient, client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
):
    supplier = f.supplier(session, supplier_id="SUP-W")
    gpu = f.product(session, sku="GPU-W", name="RTX W", on_hand=0, supplier_id=supplier.id)
    f.purchase_order(session, gpu, po_number="PO-W1", quantity=2)
    f.purchase_order(session, gpu, po_number="PO-W2", quantity=3)
    session.commit()
    for n in range(5):
        client.post(
            "/v1/subscriptions",
            json={
                "conversation_id": f"tg:{n}",
                "channel": "telegram",
                "address": str(n),
                "sku": "GPU-W",
            },
        )
    operator.post("/v1/purchase-orders/PO-W1/GPU-W/receive", json={})
    first_wave = claim(client)
    assert [m["address"] for m in first_wave] == ["0", "1"]
    assert "RTX W is back in stock (2 units free right now)" in first_wave[0]["text"]

    operator.post("/v1/purchase-orders/PO-W2/GPU-W/receive", json={})
    assert claim(client) == []  # the next wave waits for the gap
    monkeypatch.setattr(outbox, "WAVE_GAP", dt.timedelta(0))
    operator.post(
        "/v1/purchase-orders",
        json={
            "po_number": "PO-W3",
            "supplier_id": "SUP-W",
            "sku": "GPU-W",
            "quantity": 1,
            "expected_date": "2026-12-20",
        },
    )  # any change re-checks
    assert [m["address"] for m in claim(client)] == ["2", "3", "4"]
    active = session.execute(select(Subscription).where(Subscription.status == "active")).all()
    assert active == []


def test_expired_leases_are_claimed_again(
    operator: TestClient, client: TestClient, session: Session
):
    subscribed_order(client, session)
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-09"})
    (first,) = claim(client)
    row = session.get(Notification, first["id"])
    row.claimed_until = row.claimed_until - dt.timedelta(minutes=5)  # the worker died
    session.commit()
    (again,) = client.post("/v1/outbox/claim", json={"worker": "w2"}).json()
    assert again["id"] == first["id"] and again["attempts"] == 2
    late = client.post(f"/v1/outbox/{first['id']}/sent", json=WORKER)
    assert late.status_code == 409 and late.json()["code"] == "not_leased"


def test_retry_backoff_dead_letter_and_replay(
    operator: TestClient, client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 2)
    subscribed_order(client, session)
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-09"})
    (message,) = claim(client)
    retried = client.post(
        f"/v1/outbox/{message['id']}/retry", json={**WORKER, "after_seconds": 0, "error": "429"}
    )
    assert retried.json() == {"status": "pending"}
    (message,) = claim(client)
    dead = client.post(f"/v1/outbox/{message['id']}/retry", json={**WORKER, "error": "timeout"})
    assert dead.json() == {"status": "dead"}
    letters = operator.get("/v1/outbox/dead").json()
    assert [(d["id"], d["last_error"]) for d in letters] == [(message["id"], "timeout")]
    assert operator.post(f"/v1/outbox/{message['id']}/replay").status_code == 204
    assert [m["id"] for m in claim(client)] == [message["id"]]


def test_a_blocked_bot_ends_the_customers_subscriptions(
    operator: TestClient, client: TestClient, session: Session
):
    subscribed_order(client, session)
    operator.patch("/v1/purchase-orders/PO-N/GPU-N", json={"expected_date": "2026-12-09"})
    (message,) = claim(client)
    response = client.post(
        f"/v1/outbox/{message['id']}/failed",
        json={**WORKER, "blocked": True, "error": "Forbidden: bot was blocked"},
    )
    assert response.json() == {"subscriptions_ended": 1}
    assert session.execute(select(Subscription.status)).scalars().all() == ["dead"]


def test_concurrent_workers_never_claim_the_same_row(engine):  # noqa: ANN001
    """Two workers claiming at once on separate connections get disjoint rows (SKIP LOCKED on
    PostgreSQL; SQLite's single writer serialises the claims)."""
    make = session_factory(engine)
    with make() as setup:
        gpu = f.product(setup, sku="GPU-CONC", on_hand=0)
        order = f.order(setup, [(gpu, 1)])
        subscriptions = [
            Subscription(
                conversation_id=f"tg:{n}", channel="telegram", address=str(n), order_id=order.id
            )
            for n in range(40)
        ]
        setup.add_all(subscriptions)
        setup.flush()
        setup.add_all(
            [
                Notification(
                    subscription_id=s.id,
                    channel="telegram",
                    address=s.address,
                    conversation_id=s.conversation_id,
                    kind="order_update",
                    order_id=order.id,
                    facts=[{"line_no": 1, "name": "X", "event": "shipped"}],
                )
                for s in subscriptions
            ]
        )
        setup.commit()
        ids = (gpu.id, gpu.supplier_id, order.id)
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        got: list[int] = []
        barrier.wait()
        while True:
            with make() as session:
                batch = outbox.claim(session, name, 3, dt.timedelta(minutes=5))
                session.commit()
            if not batch:
                break
            got += [c.id for c in batch]
        claimed[name] = got

    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not set(claimed["a"]) & set(claimed["b"])
        assert len(claimed["a"]) + len(claimed["b"]) == 40
    finally:
        with make() as cleanup:
            cleanup.execute(delete(Notification))
            cleanup.execute(delete(Subscription))
            cleanup.execute(delete(OrderLine).where(OrderLine.order_id == ids[2]))
            cleanup.execute(delete(Order).where(Order.id == ids[2]))
            cleanup.execute(delete(PurchaseOrder).where(PurchaseOrder.product_id == ids[0]))
            cleanup.execute(delete(Product).where(Product.id == ids[0]))
            cleanup.execute(delete(Supplier).where(Supplier.id == ids[1]))
            cleanup.commit()


# 0: events found through the followed orders' lines, as for a receipt moving thousands of lines
@pytest.mark.parametrize("max_lines_in_list", [outbox.MAX_LINES_IN_LIST, 0])
def test_a_receipt_tells_the_waiting_customers_it_serves_in_queue_order(
    operator: TestClient,
    client: TestClient,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    max_lines_in_list: int,
):
    monkeypatch.setattr(outbox, "MAX_LINES_IN_LIST", max_lines_in_list)
    supplier = f.supplier(session, supplier_id="SUP-R")
    gpu = f.product(session, sku="GPU-R", name="RTX R", on_hand=0, supplier_id=supplier.id)
    f.purchase_order(session, gpu, po_number="PO-R", quantity=3)
    orders = [f.order(session, [(gpu, 1)]) for _ in range(5)]
    reallocate(session, {gpu.id})
    session.commit()
    for chat, order in reversed(list(enumerate(orders, start=1))):  # signed up in reverse
        client.post(
            "/v1/subscriptions",
            json={
                "conversation_id": f"tg:{chat}",
                "channel": "telegram",
                "address": str(chat),
                "order_number": order.order_number,
                "email": order.email,
            },
        )
    operator.post("/v1/purchase-orders/PO-R/GPU-R/receive", json={})
    messages = claim(client)
    assert [m["address"] for m in messages] == ["1", "2", "3"]  # the three the stock covers
    assert all("RTX R: in stock now and set aside for you" in m["text"] for m in messages)
