"""Delivery end to end: a change in the backend reaches the customer over the Telegram double
or by email, within the channel's limits, and failures end where they should."""

from __future__ import annotations

import asyncio
import datetime as dt
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from backend.allocation.service import reallocate
from backend.db import make_engine, session_factory
from backend.models import Order, OrderLine, Product, PurchaseOrder, Supplier
from backend.notifications import outbox
from bot.backend_client import BackendClient
from bot.notify.setup import build_worker
from tests.notify.conftest import LiveBackend, free_port
from tests.telegram_double import telegram_double

ISTANBUL = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture(autouse=True)
def no_gathering_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(0))


def seed_order(backend: LiveBackend, waiting: int = 1) -> list[str]:
    """A GPU with `waiting` back-ordered orders; returns their order numbers."""
    make = session_factory(make_engine(backend.settings.database_url))
    with make() as session:
        supplier = Supplier(supplier_id="SUP-D", name="Kestrel", lead_time_days=14)
        session.add(supplier)
        session.flush()
        gpu = Product(
            sku="GPU-D",
            name="RTX D",
            category="graphics_cards",
            price=500,
            currency="EUR",
            on_hand=0,
            supplier_id=supplier.id,
            attributes={},
        )
        session.add(gpu)
        session.flush()
        session.add(
            PurchaseOrder(
                po_number="PO-D",
                supplier_id=supplier.id,
                product_id=gpu.id,
                quantity=waiting,
                expected_date=dt.date(2026, 12, 3),
            )
        )
        numbers = []
        for n in range(waiting):
            order = Order(
                order_number=str(300000 + n),
                email=f"c{n}@example.com",
                postal_code="34710",
                status="open",
                placed_at=dt.datetime(2026, 11, 1, 9, tzinfo=ISTANBUL) + dt.timedelta(minutes=n),
            )
            session.add(order)
            session.flush()
            session.add(OrderLine(order_id=order.id, line_no=1, product_id=gpu.id, quantity=1))
            numbers.append(order.order_number)
        session.flush()
        reallocate(session, {gpu.id})
        session.commit()
    return numbers


def deliver_until(worker, condition, timeout: float = 30) -> None:  # noqa: ANN001
    async def go() -> None:
        task = asyncio.create_task(worker.run())
        try:
            deadline = asyncio.get_running_loop().time() + timeout
            while not condition():
                assert asyncio.get_running_loop().time() < deadline, "not delivered in time"
                await asyncio.sleep(0.05)
        finally:
            worker.stop()
            await task
            await worker.outbox.backend.aclose()

    asyncio.run(go())


def test_a_redate_reaches_the_telegram_subscriber(live_backend: LiveBackend):
    (number,) = seed_order(live_backend)
    with telegram_double() as double, live_backend.client() as api, live_backend.operator() as ops:
        assert (
            api.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": "tg:4242",
                    "channel": "telegram",
                    "address": "4242",
                    "order_number": number,
                    "email": "c0@example.com",
                },
            ).status_code
            == 201
        )
        ops.patch("/v1/purchase-orders/PO-D/GPU-D", json={"expected_date": "2026-12-09"})
        settings = live_backend.settings.model_copy(
            update={"telegram_bot_token": double.token, "telegram_api_base_url": double.base_url}
        )
        worker = build_worker(settings, BackendClient.from_settings(settings))
        deliver_until(worker, lambda: double.chat(4242).texts())
        (text,) = double.chat(4242).texts()
        assert text.startswith(f"Update on your order {number}:")
        assert "from Thu 3 Dec to Wed 9 Dec" in text and "/stop" in text
        assert ops.get("/v1/outbox/stats").json() == {"sent": 1}


def test_429_is_waited_out_and_a_blocked_chat_ends_its_subscriptions(live_backend: LiveBackend):
    numbers = seed_order(live_backend, waiting=2)
    with telegram_double() as double, live_backend.client() as api, live_backend.operator() as ops:
        for chat, number in zip((11, 12), numbers, strict=True):
            api.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": f"tg:{chat}",
                    "channel": "telegram",
                    "address": str(chat),
                    "order_number": number,
                    "email": f"c{numbers.index(number)}@example.com",
                },
            )
        double.fail_next("sendMessage", status=429, retry_after=1, times=1)
        ops.patch("/v1/purchase-orders/PO-D/GPU-D", json={"expected_date": "2026-12-09"})
        double.block(12)
        settings = live_backend.settings.model_copy(
            update={"telegram_bot_token": double.token, "telegram_api_base_url": double.base_url}
        )
        worker = build_worker(settings, BackendClient.from_settings(settings))

        def done() -> bool:
            stats = ops.get("/v1/outbox/stats").json()
            return stats.get("sent") == 1 and stats.get("cancelled") == 1

        deliver_until(worker, done)
        assert len(double.chat(11).texts()) == 1
        statuses = api.get("/v1/subscriptions", params={"conversation_id": "tg:12"}).json()
        assert statuses == []  # ended as dead


def test_web_subscribers_get_an_email(live_backend: LiveBackend):
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
            received.append(envelope.content)
            return "250 OK"

    port = free_port()
    smtp = Controller(Handler(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        (number,) = seed_order(live_backend)
        with live_backend.client() as api, live_backend.operator() as ops:
            api.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": "web:s1",
                    "channel": "web",
                    "address": "ada@example.com",
                    "order_number": number,
                    "email": "c0@example.com",
                },
            )
            ops.post("/v1/purchase-orders/PO-D/GPU-D/receive", json={})
            settings = live_backend.settings.model_copy(
                update={"smtp_url": f"smtp://127.0.0.1:{port}"}
            )
            deliver_until(
                build_worker(settings, BackendClient.from_settings(settings)), lambda: received
            )
    finally:
        smtp.stop()
    mail = message_from_bytes(received[0])
    assert mail["To"] == "ada@example.com"
    assert mail["Subject"] == "An update on your order"
    assert "RTX D: in stock now and set aside for you" in mail.get_payload()
    assert "stop the updates" in mail.get_payload()
