"""An agent changes the customer's order from the console (operator key, the ticket they own):
cancel a line, swap it with the price difference, subscribe the customer; each change names the
agent in the order's history. Both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.handoffs import service
from backend.models import LineEvent, Subscription
from backorder_common.settings import Settings
from tests.backend.test_order_changes_api import setup_waiting_gpu
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY

IN_HOURS = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))


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


def claimed_ticket(
    client: TestClient, session: Session, order_number: str | None, conversation: str = "tg:42"
) -> tuple[int, int]:
    agent, _ = service.create_agent(session, f"Agent {conversation}")
    session.commit()
    opened = client.post(
        "/v1/handoffs",
        json={
            "conversation_id": conversation,
            "channel": "telegram" if conversation.startswith("tg:") else "web",
            "reason": "asked",
            "summary": {"order_number": order_number, "verified": bool(order_number)},
        },
    ).json()
    claimed = client.post(f"/v1/handoffs/{opened['id']}/claim", json={"agent_id": agent.id})
    assert claimed.status_code == 200, claimed.text
    return opened["id"], agent.id


def test_an_agent_cancels_a_line_and_the_history_names_them(
    client: TestClient, operator: TestClient, session: Session
) -> None:
    _, _, _, mine = setup_waiting_gpu(session)
    ticket, agent = claimed_ticket(client, session, mine.order_number)
    done = operator.post(f"/v1/handoffs/{ticket}/order/lines/1/cancel", json={"agent_id": agent})
    assert done.status_code == 200, done.text
    assert [line["status"] for line in done.json()["lines"]] == ["cancelled", "ready"]
    event = session.execute(select(LineEvent).where(LineEvent.kind == "cancelled")).scalar_one()
    assert event.agent_id == agent and event.detail["reason"] == "agent"
    again = operator.post(f"/v1/handoffs/{ticket}/order/lines/1/cancel", json={"agent_id": agent})
    assert again.status_code == 409 and again.json()["code"] == "already_cancelled"
    missing = operator.post(f"/v1/handoffs/{ticket}/order/lines/9/cancel", json={"agent_id": agent})
    assert missing.status_code == 404


def test_an_agent_swaps_a_line_with_the_price_difference(
    client: TestClient, operator: TestClient, session: Session
) -> None:
    _, _, _, mine = setup_waiting_gpu(session)
    ticket, agent = claimed_ticket(client, session, mine.order_number)
    swapped = operator.post(
        f"/v1/handoffs/{ticket}/order/lines/1/swap", json={"agent_id": agent, "sku": "GPU-B"}
    )
    assert swapped.status_code == 200, swapped.text
    assert swapped.json()["price_difference"] == "-96.00"
    event = session.execute(select(LineEvent).where(LineEvent.kind == "swapped")).scalar_one()
    assert event.agent_id == agent


def test_an_agent_subscribes_the_customer_on_their_channel(
    client: TestClient, operator: TestClient, session: Session
) -> None:
    _, _, _, mine = setup_waiting_gpu(session)
    ticket, agent = claimed_ticket(client, session, mine.order_number, "web:abc12345")
    done = operator.post(f"/v1/handoffs/{ticket}/order/subscribe", json={"agent_id": agent})
    assert done.status_code == 200, done.text
    assert done.json()["order_number"] == mine.order_number
    assert done.json()["channel"] == "web" and done.json()["address"] == mine.email
    again = operator.post(f"/v1/handoffs/{ticket}/order/subscribe", json={"agent_id": agent})
    assert again.json()["id"] == done.json()["id"]  # once is enough
    rows = session.execute(select(Subscription)).scalars().all()
    assert len(rows) == 1 and rows[0].conversation_id == "web:abc12345"


def test_only_the_owner_with_the_operator_key_and_a_verified_order(
    client: TestClient, operator: TestClient, session: Session
) -> None:
    _, _, _, mine = setup_waiting_gpu(session)
    ticket, agent = claimed_ticket(client, session, mine.order_number)
    other, _ = service.create_agent(session, "Someone else")
    session.commit()
    path = f"/v1/handoffs/{ticket}/order/lines/1/cancel"
    assert client.post(path, json={"agent_id": agent}).status_code == 403  # the customer key
    refused = operator.post(path, json={"agent_id": other.id})
    assert refused.status_code == 409 and refused.json()["code"] == "not_your_ticket"
    unverified, owner = claimed_ticket(client, session, None, "tg:43")
    none = operator.post(f"/v1/handoffs/{unverified}/order/subscribe", json={"agent_id": owner})
    assert none.status_code == 409 and none.json()["code"] == "no_verified_order"
    assert session.execute(select(LineEvent)).first() is None


def test_agents_keep_saved_replies(operator: TestClient, session: Session) -> None:
    agent, _ = service.create_agent(session, "Writer")
    session.commit()
    text = "Your order {order_number} is due to restock on {restock_date}."
    added = operator.post(
        "/v1/agents/replies", json={"title": " Restock date ", "text": text, "agent_id": agent.id}
    )
    assert added.status_code == 201, added.text
    reply = added.json()
    assert reply["title"] == "Restock date" and reply["agent_id"] == agent.id
    twin = operator.post(
        "/v1/agents/replies", json={"title": "Restock date", "text": "x", "agent_id": agent.id}
    )
    assert twin.status_code == 409 and twin.json()["code"] == "title_taken"
    nobody = operator.post("/v1/agents/replies", json={"title": "A", "text": "x", "agent_id": 999})
    assert nobody.status_code == 404
    changed = operator.put(
        f"/v1/agents/replies/{reply['id']}",
        json={"title": "Restock", "text": "Soon: {restock_date}.", "agent_id": agent.id},
    )
    assert changed.status_code == 200 and changed.json()["text"] == "Soon: {restock_date}."
    assert [r["title"] for r in operator.get("/v1/agents/replies").json()] == ["Restock"]
    assert operator.delete(f"/v1/agents/replies/{reply['id']}").status_code == 204
    assert operator.delete(f"/v1/agents/replies/{reply['id']}").status_code == 404
    assert operator.get("/v1/agents/replies").json() == []
