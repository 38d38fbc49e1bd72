"""The gateway's side of an agent's order changes, with a fake backend: what the customer reads,
which key goes to the backend, and the refusals the agent sees."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.backend_client import BackendClient, TicketConflict
from bot.console.desk import HandoffDesk
from bot.console.order_actions import OrderActions
from bot.console.prose import order_status_text, price_difference_text
from bot.rasa_client import RasaClient

pytestmark = pytest.mark.anyio

ORDER = {
    "order_number": "100042",
    "placed_at": "2026-11-12T10:15:00+03:00",
    "status": "open",
    "lines": [
        {
            "line_no": 1,
            "sku": "GPU-A",
            "name": "GeForce RTX 4070",
            "quantity": 2,
            "unit_price": "600.00",
            "currency": "EUR",
            "status": "backordered",
            "queue_position": 3,
            "restock_date": "2026-12-09",
            "ship_eta": {"earliest": "2026-12-10", "latest": "2026-12-22"},
        },
        {
            "line_no": 2,
            "sku": "SSD-B",
            "name": "Samsung 990 Pro",
            "quantity": 1,
            "unit_price": "189.00",
            "currency": "EUR",
            "status": "ready",
            "ship_eta": {"earliest": "2026-11-25", "latest": "2026-11-25"},
        },
    ],
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Backend:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, Any]] = []
        self.ticket: dict[str, Any] = {
            "id": 5,
            "status": "assigned",
            "agent_id": 3,
            "conversation_id": "tg:42",
            "order": ORDER,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        self.calls.append((request.method, path, request.headers.get("authorization", ""), body))
        if path == "/v1/handoffs/5":
            return httpx.Response(200, json=self.ticket)
        if path.endswith("/messages"):
            return httpx.Response(201, json={"id": 1, "author": "system", "text": body["text"]})
        if path == "/v1/handoffs/5/order/lines/1/swap":
            line = {
                **ORDER["lines"][0],
                "sku": "GPU-C",
                "name": "Radeon RX 7700",
                "status": "ready",
            }
            order = {**ORDER, "lines": [line, ORDER["lines"][1]]}
            return httpx.Response(
                200, json={"order": order, "price_difference": "-280.00", "currency": "EUR"}
            )
        if path == "/v1/handoffs/5/order/lines/9/cancel":
            return httpx.Response(
                404, json={"detail": "Order 100042 has no line 9.", "code": "not_found"}
            )
        if path == "/v1/products/GPU-A/alternatives":
            return httpx.Response(
                200, json=[{"sku": "GPU-C", "name": "Radeon", "price": "460.00", "available": 4}]
            )
        return httpx.Response(200, json={})


@pytest.fixture
def backend() -> Backend:
    return Backend()


@pytest.fixture
def actions(backend: Backend) -> OrderActions:
    transport = httpx.MockTransport(backend)
    client = BackendClient(
        "http://backend",
        lambda: "customer-key",
        2,
        operator_key=lambda: "operator-key",
        transport=transport,
    )
    desk = HandoffDesk(client, RasaClient("http://rasa", 2, token=lambda: "t", transport=transport))
    said: list[tuple[str, Any]] = []

    async def deliver(conversation: str, replies: Any) -> None:
        said.append((conversation, replies))

    desk.deliver_with(deliver)
    actions = OrderActions(desk)
    actions.said = said  # type: ignore[attr-defined]
    return actions


AYSE = {"id": 3, "name": "Ayse"}


async def test_a_swap_goes_with_the_operator_key_and_tells_the_difference(
    actions: OrderActions, backend: Backend
) -> None:
    await actions.swap_line(5, AYSE, 1, "GPU-C")
    method, path, key, body = next(c for c in backend.calls if c[1].endswith("/swap"))
    assert key == "Bearer operator-key" and body == {"agent_id": 3, "sku": "GPU-C"}
    conversation, replies = actions.said[-1]  # type: ignore[attr-defined]
    assert conversation == "tg:42"
    assert replies[0]["text"] == (
        "Ayse changed line 1 of your order 100042 to Radeon RX 7700 (ready to ship);"
        " 280.00 EUR back to you."
    )
    stored = next(c[3] for c in backend.calls if c[1].endswith("/messages"))
    assert stored["author"] == "system"


async def test_alternatives_carry_the_difference_for_the_whole_line(actions: OrderActions) -> None:
    found = await actions.alternatives(5, 1)
    assert found[0]["price_difference"] == "-280.00" and found[0]["currency"] == "EUR"


async def test_refusals_reach_the_agent_in_words(actions: OrderActions, backend: Backend) -> None:
    with pytest.raises(TicketConflict, match="no line 9"):
        await actions.cancel_line(5, AYSE, 9)
    backend.ticket["agent_id"] = 4
    with pytest.raises(TicketConflict) as refused:
        await actions.send_status(5, AYSE)
    assert refused.value.code == "not_your_ticket"
    backend.ticket = {**backend.ticket, "agent_id": 3, "order": None}
    with pytest.raises(TicketConflict, match="not verified"):
        await actions.send_status(5, AYSE)
    assert not actions.said  # type: ignore[attr-defined]


def test_the_status_the_customer_reads() -> None:
    assert order_status_text(ORDER) == (
        "Order 100042, placed Thu 12 Nov:\n"
        "• 2 × GeForce RTX 4070: back-ordered, number 3 in the queue, restock Wed 9 Dec,"
        " ships Thu 10 Dec – Tue 22 Dec\n"
        "• 1 × Samsung 990 Pro: ready, ships Wed 25 Nov"
    )
    assert order_status_text({**ORDER, "status": "cancelled"}).endswith(": cancelled.")
    assert price_difference_text("48.00", "EUR") == "48.00 EUR more to pay"
    assert price_difference_text("0.00", "EUR") == "no price difference"
