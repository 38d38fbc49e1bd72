"""Turkish customers in the backend: subscriptions and tickets keep the customer's language,
notifications are written in it (dates through Babel), and a Turkish customer handed to the
agents is told the wait, the support hours and when agents are back in Turkish."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.handoffs import service
from backend.models import HandoffTicket, Subscription
from backend.notifications import outbox
from backorder_common.settings import Settings
from tests.backend import factories as f
from tests.backend.test_handoffs_api import IN_HOURS, SATURDAY, agent, available, handoff
from tests.backend.test_order_changes_api import setup_waiting_gpu
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY

WORKER = {"worker": "w1"}


@pytest.fixture
def settings() -> Settings:
    return Settings(
        database_url="sqlite://",
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        rasa_token="test-rasa-token",
        backorder_today=TODAY,
        backorder_now=IN_HOURS,
    )


@pytest.fixture(autouse=True)
def no_gathering_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "GATHER_WINDOW", dt.timedelta(0))


def subscribe(client: TestClient, session: Session, channel: str, **extra: object) -> dict:
    gpu = f.product(session, sku="GPU-T", name="RTX 4070 Super", on_hand=0)
    f.purchase_order(session, gpu, po_number="PO-T", quantity=5, expected_date=dt.date(2026, 12, 3))
    order = f.order(session, [(gpu, 1)])
    reallocate(session, {gpu.id})
    session.commit()
    tg = channel == "telegram"
    body = {
        "conversation_id": "tg:777" if tg else "web:tr123456",
        "channel": channel,
        "address": "777" if tg else "ayse@example.com",
        "order_number": order.order_number,
        "email": order.email,
        **extra,
    }
    response = client.post("/v1/subscriptions", json=body)
    assert response.status_code == 201, response.text
    return {"order_number": order.order_number, **response.json()}


def claim(client: TestClient) -> list[dict]:
    response = client.post("/v1/outbox/claim", json=WORKER)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_subscription_keeps_the_customers_language(client: TestClient, session: Session):
    made = subscribe(client, session, "telegram", language="tr")
    assert made["language"] == "tr"
    stored = session.execute(select(Subscription)).scalar_one()
    assert stored.language == "tr"


def test_the_language_defaults_to_english_and_anything_else_is_refused(
    client: TestClient, session: Session
):
    f.product(session, sku="GPU-L")
    session.commit()
    body = {"conversation_id": "tg:9", "channel": "telegram", "address": "9", "sku": "GPU-L"}
    assert client.post("/v1/subscriptions", json=body).json()["language"] == "en"
    refused = client.post("/v1/subscriptions", json={**body, "language": "de"})
    assert refused.status_code == 422
    assert "language" in refused.text and "'tr'" in refused.text


def test_a_turkish_subscriber_gets_the_update_in_turkish_on_telegram(
    operator: TestClient, client: TestClient, session: Session
):
    made = subscribe(client, session, "telegram", language="tr")
    operator.patch("/v1/purchase-orders/PO-T/GPU-T", json={"expected_date": "2026-12-09"})
    [message] = claim(client)
    assert message["language"] == "tr"
    assert message["text"] == (
        f"{made['order_number']} numaralı siparişinizle ilgili güncelleme:\n"
        "• RTX 4070 Super: stok tarihi ertelendi; ürünün 3 Aralık Perşembe yerine"
        " 9 Aralık Çarşamba günü stoğa girmesi bekleniyor.\n"
        "Bu bildirimleri artık almak istemezseniz /stop yazıp gönderebilirsiniz."
    )


def test_a_turkish_email_has_a_turkish_subject_and_says_how_to_stop(
    operator: TestClient, client: TestClient, session: Session
):
    subscribe(client, session, "web", language="tr")
    operator.post("/v1/purchase-orders/PO-T/GPU-T/receive", json={})
    [message] = claim(client)
    assert message["subject"] == "Siparişinizle ilgili güncelleme"
    assert "RTX 4070 Super: stoğa girdi ve sizin için ayrıldı" in message["text"]
    assert message["text"].endswith('sohbete "bildirimleri durdur" yazabilirsiniz.')


def test_english_subscribers_still_read_english(
    operator: TestClient, client: TestClient, session: Session
):
    subscribe(client, session, "web")
    operator.patch("/v1/purchase-orders/PO-T/GPU-T", json={"expected_date": "2026-12-09"})
    [message] = claim(client)
    assert message["subject"] == "An update on your order" and message["language"] == "en"
    assert "moved later, from Thu 3 Dec to Wed 9 Dec" in message["text"]


def test_a_back_in_stock_alert_in_turkish(
    operator: TestClient, client: TestClient, session: Session
):
    gpu = f.product(session, sku="GPU-B", name="RX 7800 XT", on_hand=0)
    f.purchase_order(session, gpu, po_number="PO-B", quantity=3, expected_date=dt.date(2026, 12, 3))
    session.commit()
    body = {"conversation_id": "tg:8", "channel": "telegram", "address": "8", "sku": "GPU-B"}
    assert client.post("/v1/subscriptions", json={**body, "language": "tr"}).status_code == 201
    operator.post("/v1/purchase-orders/PO-B/GPU-B/receive", json={})
    [message] = claim(client)
    assert message["subject"] == "Ürün yeniden stokta"
    assert message["text"].startswith("Güzel haber: RX 7800 XT yeniden stokta (şu anda 3 adet")


def test_a_ticket_stores_the_language_of_the_bots_slot(client: TestClient, session: Session):
    summary = {"order_number": None, "intents": ["human_handoff"], "slots": {"language": "tr"}}
    opened = client.post("/v1/handoffs", json=handoff("tg:31", summary=summary)).json()
    assert opened["language"] == "tr"
    assert session.get(HandoffTicket, opened["id"]).language == "tr"  # type: ignore[union-attr]
    explicit = client.post("/v1/handoffs", json=handoff("tg:32", language="tr")).json()
    assert explicit["language"] == "tr"
    card = {t["id"]: t for t in client.get("/v1/handoffs/queue").json()["tickets"]}
    assert card[opened["id"]]["language"] == "tr"
    assert client.get(f"/v1/handoffs/{explicit['id']}").json()["language"] == "tr"
    assert client.post("/v1/handoffs", json=handoff("tg:33", language="de")).status_code == 422


def test_a_turkish_customer_hears_the_wait_in_turkish(client: TestClient, session: Session):
    ayse = agent(session)
    session.commit()
    available(client, ayse)
    client.post("/v1/handoffs", json=handoff("web:first0001"))
    body = client.post("/v1/handoffs", json=handoff("tg:4242", language="tr")).json()
    assert body["availability"]["queue_position"] == 2
    assert body["availability"]["expected_wait"] == "yaklaşık 8 dakika"
    assert body["availability"]["support_hours"] == "Pazartesi–Cuma 10:00–18:00 İstanbul saatiyle"


def test_out_of_hours_a_turkish_customer_hears_when_agents_are_back(
    client: TestClient, settings: Settings
):
    settings.backorder_now = SATURDAY
    body = client.post("/v1/handoffs", json=handoff(language="tr")).json()
    assert body["availability"]["back_at"] == "30 Kasım Pazartesi İstanbul saatiyle 10:00"
    settings.backorder_now = IN_HOURS  # in hours, nobody at the console
    away = client.post("/v1/handoffs", json=handoff("tg:5", language="tr")).json()
    assert away["availability"]["back_at"] == "bir temsilcimiz müsait olur olmaz"


def test_an_agent_signs_a_turkish_customer_up_in_turkish(
    client: TestClient, operator: TestClient, session: Session
):
    _, _, _, mine = setup_waiting_gpu(session)
    agent, _ = service.create_agent(session, "Selin")
    session.commit()
    summary = {"order_number": mine.order_number, "verified": True, "slots": {"language": "tr"}}
    opened = client.post("/v1/handoffs", json=handoff("tg:4343", summary=summary)).json()
    client.post(f"/v1/handoffs/{opened['id']}/claim", json={"agent_id": agent.id})
    done = operator.post(
        f"/v1/handoffs/{opened['id']}/order/subscribe", json={"agent_id": agent.id}
    )
    assert done.status_code == 200, done.text
    assert done.json()["language"] == "tr"
