"""The gateway runs a delivery worker: a web customer with the chat open sees the notice there."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.notifications import outbox
from tests.bot.conftest import FakeRasa, WebClient, start_gateway, wait_for
from tests.conftest import API_KEY
from tests.notify.conftest import LiveBackend
from tests.notify.test_delivery import seed_order


@pytest.fixture(autouse=True)
def no_gathering_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(0))


def test_an_online_web_customer_sees_the_notice_in_the_widget(live_backend: LiveBackend):
    (number,) = seed_order(live_backend)
    gateway, stop = start_gateway(
        FakeRasa(),
        delivery_worker=True,
        backend_url=live_backend.url,
        backend_api_key=API_KEY,
        smtp_url=None,
    )
    client = WebClient(gateway.url)
    try:
        session_id = client.connect()
        with live_backend.client() as api, live_backend.operator() as ops:
            api.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": f"web:{session_id}",
                    "channel": "web",
                    "address": "ada@example.com",
                    "order_number": number,
                    "email": "c0@example.com",
                },
            )
            ops.patch("/v1/purchase-orders/PO-D/GPU-D", json={"expected_date": "2026-12-09"})
            wait_for(lambda: client.bot, timeout=15)
            assert client.bot[0]["text"].startswith(f"Update on your order {number}:")
            wait_for(lambda: ops.get("/v1/outbox/stats").json() == {"sent": 1}, timeout=10)
    finally:
        client.close()
        stop()
