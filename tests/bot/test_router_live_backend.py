"""The router against a real backend (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set):
a customer message holding NUL or a lone surrogate still reaches the ticket. On PostgreSQL the
backend cannot store NUL, so before the gateway cleaned text such a message was lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.backend_client import BackendClient
from bot.console.desk import HandoffDesk
from bot.rasa_client import RasaClient
from bot.router import Router
from tests.conftest import API_KEY
from tests.notify.conftest import LiveBackend, serve_backend, serve_backend_in_schema

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sqlite", "postgresql"])
def live_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveBackend]:
    if request.param == "sqlite":
        yield from serve_backend(f"sqlite:///{tmp_path / 'backend.db'}")
        return
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("TEST_POSTGRES_URL is not set")
    yield from serve_backend_in_schema(url)


def rasa(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={})  # the tracker takes the customer's line


@pytest.mark.parametrize(
    ("said", "stored"),
    [("my order\x00 is late", "my order is late"), ("late \ud83d", "late \ufffd")],
)
async def test_a_message_with_nul_or_a_lone_surrogate_reaches_the_ticket(
    live_backend: LiveBackend, said: str, stored: str
) -> None:
    conversation = "web:nulmessage01"
    with live_backend.client() as backend:
        opened = backend.post(
            "/v1/handoffs",
            json={"conversation_id": conversation, "channel": "web", "reason": "asked"},
        )
        assert opened.status_code == 201, opened.text
        ticket_id = opened.json()["id"]
    handoffs = BackendClient(live_backend.url, lambda: API_KEY, 5)
    rasa_client = RasaClient(
        "http://rasa", 5, token=lambda: "t", transport=httpx.MockTransport(rasa)
    )
    desk = HandoffDesk(handoffs, rasa_client)
    router = Router(rasa_client, desk)
    try:
        await router.route(conversation, said)
    finally:
        await handoffs.aclose()
        await desk.rasa.aclose()
    with live_backend.client() as backend:
        messages = backend.get(f"/v1/handoffs/{ticket_id}").json()["messages"]
    assert [m["text"] for m in messages] == [stored]
