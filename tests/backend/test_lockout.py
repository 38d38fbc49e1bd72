"""The verification lock-out (issue 18): per order number and client, reset by a success, and
atomic, so that concurrent guesses get no more than 5 checks."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from backend.app import create_app
from backend.db import session_factory
from backend.models import Order, OrderLine, Product, Supplier, VerificationCounter
from backend.orders import lockout
from backorder_common.settings import Settings
from tests.backend import factories as f
from tests.conftest import API_KEY

LOOKUP = "/v1/orders/lookup"


def guess(order: Order, client: str | None = None, right: bool = False) -> dict[str, str]:
    body = {"order_number": order.order_number, "email": order.email if right else "x@y.zz"}
    if client:
        body["client_id"] = client
    return body


@pytest.fixture
def order(session: Session) -> Order:
    made = f.order(session, [(f.product(session, on_hand=1), 1)])
    session.commit()
    return made


def test_a_stranger_s_failures_lock_the_stranger_not_the_customer(
    client: TestClient, order: Order
) -> None:
    for _ in range(5):
        assert client.post(LOOKUP, json=guess(order, "web:stranger")).status_code == 404
    locked = client.post(LOOKUP, json=guess(order, "web:stranger", right=True))
    assert locked.status_code == 429 and locked.json()["code"] == "too_many_attempts"
    assert 0 < int(locked.headers["Retry-After"]) <= 900
    mine = client.post(LOOKUP, json=guess(order, "tg:4242", right=True))
    assert mine.status_code == 200, mine.text


def test_a_locked_unknown_number_answers_like_a_locked_real_one(client: TestClient) -> None:
    unknown = {"order_number": "999999", "email": "x@y.zz", "client_id": "web:s"}
    assert [client.post(LOOKUP, json=unknown).status_code for _ in range(6)] == [404] * 5 + [429]


def test_a_success_resets_the_count(client: TestClient, order: Order) -> None:
    for _ in range(4):
        assert client.post(LOOKUP, json=guess(order, "web:typo")).status_code == 404
    assert client.post(LOOKUP, json=guess(order, "web:typo", right=True)).status_code == 200
    answers = [client.post(LOOKUP, json=guess(order, "web:typo")).status_code for _ in range(6)]
    assert answers == [404] * 5 + [429]


def test_without_a_client_the_order_number_is_locked_for_every_caller_without_one(
    client: TestClient, order: Order
) -> None:
    for _ in range(5):
        assert client.post(LOOKUP, json=guess(order)).status_code == 404
    assert client.post(LOOKUP, json=guess(order, right=True)).status_code == 429
    assert client.post(LOOKUP, json=guess(order, "web:mine", right=True)).status_code == 200


def test_one_client_trying_many_order_numbers_is_slowed(client: TestClient) -> None:
    answers = [
        client.post(
            LOOKUP, json={"order_number": f"9{n:05d}", "email": "x@y.zz", "client_id": "web:many"}
        ).status_code
        for n in range(lockout.PER_CLIENT + 1)
    ]
    assert answers == [404] * lockout.PER_CLIENT + [429]


def test_guesses_spread_over_made_up_clients_still_lock_the_number(
    client: TestClient, order: Order
) -> None:
    for n in range(lockout.PER_ORDER):
        assert client.post(LOOKUP, json=guess(order, f"web:fake{n // 5}")).status_code == 404
    assert client.post(LOOKUP, json=guess(order, "web:fresh")).status_code == 429


def test_the_other_verifying_routes_count_and_refuse_alike(
    client: TestClient, order: Order
) -> None:
    cancel = f"/v1/orders/{order.order_number}/cancel"
    wrong = {"email": "x@y.zz", "client_id": "web:canceller"}
    assert [client.post(cancel, json=wrong).status_code for _ in range(6)] == [404] * 5 + [429]
    subscribe = {
        "conversation_id": "web:canceller",
        "channel": "web",
        "address": "a@b.co",
        "order_number": order.order_number,
        "email": order.email,
    }
    assert client.post("/v1/subscriptions", json=subscribe).status_code == 429
    assert client.post(LOOKUP, json=guess(order, "web:other", right=True)).status_code == 200


# --- concurrency: a live server on a committed database ------------------------------------


@pytest.fixture
def committed(engine: Engine) -> Iterator[tuple[Engine, Order]]:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        supplier = f.supplier(session)
        made = f.order(session, [(f.product(session, on_hand=1, supplier_id=supplier.id), 1)])
    yield engine, made
    with Session(engine) as session, session.begin():
        session.execute(delete(VerificationCounter))
        session.execute(delete(OrderLine).where(OrderLine.order_id == made.id))
        session.execute(delete(Order).where(Order.id == made.id))
        session.execute(delete(Product).where(Product.supplier_id == supplier.id))
        session.execute(delete(Supplier).where(Supplier.id == supplier.id))


@pytest.fixture
def server(committed: tuple[Engine, Order], settings: Settings) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings, sessionmaker=session_factory(committed[0]))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.mark.parametrize("client_id", [None, "web:attacker"])
def test_concurrent_guesses_get_at_most_five_checks(
    server: str, committed: tuple[Engine, Order], client_id: str | None
) -> None:
    engine, order = committed
    guesses = 60
    barrier = threading.Barrier(guesses)

    def send(_: int) -> int:
        with httpx.Client(base_url=server, timeout=30) as http:
            headers = {"Authorization": f"Bearer {API_KEY}"}
            barrier.wait()
            return http.post(LOOKUP, json=guess(order, client_id), headers=headers).status_code

    with ThreadPoolExecutor(guesses) as pool:
        answers = Counter(pool.map(send, range(guesses)))
    assert answers == {404: 5, 429: guesses - 5}, answers
    with Session(engine) as session:
        pair = lockout.counters(order.order_number, client_id)[0]
        counter = session.get(VerificationCounter, pair.key)
        # guesses that read the lock took no check and weren't counted; the rest were
        assert counter is not None and counter.attempts >= 5
        assert counter.locked_until is not None


def test_counters_lapsed_a_day_ago_are_pruned_when_a_new_one_starts(
    client: TestClient, session: Session, order: Order
) -> None:
    now = dt.datetime.now(dt.UTC)
    old = now - dt.timedelta(days=2)
    session.add_all(
        [
            VerificationCounter(key="order:1 client:gone", attempts=3, window_start=old),
            VerificationCounter(key="order:2 client:recent", attempts=3, window_start=now),
        ]
    )
    session.commit()
    assert client.post(LOOKUP, json=guess(order, "web:new")).status_code == 404
    session.expire_all()
    assert session.get(VerificationCounter, "order:1 client:gone") is None
    assert session.get(VerificationCounter, "order:2 client:recent") is not None
