"""Presence from the gateway's side: the heartbeat renews available agents only, and a backend
that is down costs a beat, not the console."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.backend_client import BackendClient
from bot.console.presence import Presence
from bot.console.state import MemoryState

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_heartbeat_leaves_an_away_agent_away() -> None:
    said: list[tuple[str, bool, str]] = []
    down = False

    def backend(request: httpx.Request) -> httpx.Response:
        if down:
            return httpx.Response(503)
        body = json.loads(request.content)
        said.append((request.url.path, body["available"], request.headers["authorization"]))
        return httpx.Response(200, json=body)

    client = BackendClient(
        "http://backend",
        lambda: "customer-key",
        2,
        operator_key=lambda: "operator-key",
        transport=httpx.MockTransport(backend),
    )
    presence = Presence(MemoryState(), client)
    await presence.heartbeat([3, 4, 3])
    assert sorted(said) == [
        ("/v1/agents/3/presence", True, "Bearer operator-key"),
        ("/v1/agents/4/presence", True, "Bearer operator-key"),
    ]
    said.clear()
    await presence.choose(4, False)
    assert said == [("/v1/agents/4/presence", False, "Bearer operator-key")]
    said.clear()
    await presence.heartbeat([3, 4])
    assert said == [("/v1/agents/3/presence", True, "Bearer operator-key")]
    assert not await presence.available(4) and await presence.available(3)
    down = True
    await presence.heartbeat([3])  # logged, not raised
