"""The gateway calls the backend's console logins (/v1/agents) with the operator key and
everything else with the customer-facing key (backend keys have scopes, issue 18)."""

from __future__ import annotations

import asyncio

import httpx

from bot.console.backend_client import HandoffBackend


def test_agent_logins_carry_the_operator_key_and_tickets_the_customer_key() -> None:
    seen: dict[str, str] = {}

    def backend(request: httpx.Request) -> httpx.Response:
        seen[request.url.path] = request.headers["Authorization"]
        if request.url.path == "/v1/agents/authenticate":
            return httpx.Response(200, json={"id": 1, "name": "Deniz"})
        return httpx.Response(200, json={"tickets": [], "stats": {}})

    async def run() -> None:
        client = HandoffBackend(
            "http://backend",
            lambda: "customer-key",
            2,
            operator_key=lambda: "operator-key",
            transport=httpx.MockTransport(backend),
        )
        await client.authenticate("Deniz", "secret")
        await client.queue()
        await client.aclose()

    asyncio.run(run())
    assert seen == {
        "/v1/agents/authenticate": "Bearer operator-key",
        "/v1/handoffs/queue": "Bearer customer-key",
    }
