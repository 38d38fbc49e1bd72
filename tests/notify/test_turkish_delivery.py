"""A Turkish subscriber's notifications, end to end: the backend writes them in Turkish and the
gateway's delivery worker sends them over the Telegram double and by email (subject included)."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller

from backend.notifications import outbox
from bot.backend_client import BackendClient
from bot.notify.setup import build_worker
from tests.notify.conftest import LiveBackend, free_port
from tests.notify.test_delivery import deliver_until, seed_order
from tests.telegram_double import telegram_double


@pytest.fixture(autouse=True)
def no_gathering_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(0))


def test_a_redate_reaches_a_turkish_telegram_subscriber_in_turkish(live_backend: LiveBackend):
    (number,) = seed_order(live_backend)
    with telegram_double() as double, live_backend.client() as api, live_backend.operator() as ops:
        subscribed = api.post(
            "/v1/subscriptions",
            json={
                "conversation_id": "tg:9090",
                "channel": "telegram",
                "address": "9090",
                "order_number": number,
                "email": "c0@example.com",
                "language": "tr",
            },
        )
        assert subscribed.status_code == 201 and subscribed.json()["language"] == "tr"
        ops.patch("/v1/purchase-orders/PO-D/GPU-D", json={"expected_date": "2026-12-09"})
        settings = live_backend.settings.model_copy(
            update={"telegram_bot_token": double.token, "telegram_api_base_url": double.base_url}
        )
        worker = build_worker(settings, BackendClient.from_settings(settings))
        deliver_until(worker, lambda: double.chat(9090).texts())
        (text,) = double.chat(9090).texts()
    assert text == (
        f"{number} numaralı siparişinizle ilgili güncelleme:\n"
        "• RTX D: stok tarihi ertelendi; ürünün 3 Aralık Perşembe yerine 9 Aralık Çarşamba"
        " günü stoğa girmesi bekleniyor.\n"
        "Bu bildirimleri artık almak istemezseniz /stop yazıp gönderebilirsiniz."
    )


def test_a_turkish_web_subscriber_gets_a_turkish_email(live_backend: LiveBackend):
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
                    "conversation_id": "web:tr1",
                    "channel": "web",
                    "address": "ayse@example.com",
                    "order_number": number,
                    "email": "c0@example.com",
                    "language": "tr",
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
    assert mail["To"] == "ayse@example.com"
    assert str(make_header(decode_header(mail["Subject"]))) == "Siparişinizle ilgili güncelleme"
    body = mail.get_payload(decode=True).decode(mail.get_content_charset())
    assert body.startswith(f"{number} numaralı siparişinizle ilgili güncelleme:")
    assert "RTX D: stoğa girdi ve sizin için ayrıldı" in body
    assert 'sohbete "bildirimleri durdur" yazabilirsiniz.' in body
