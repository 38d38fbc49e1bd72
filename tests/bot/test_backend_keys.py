"""The gateway calls the backend's console logins (/v1/agents) with the operator key and
everything else with the customer-facing key (backend keys have scopes, issue 18)."""

from __future__ import annotations

import asyncio

import httpx

from bot.backend_client import BackendClient


def test_agent_logins_carry_the_operator_key_and_tickets_the_customer_key() -> None:
    seen: dict[str, str] = {}

    def backend(request: httpx.Request) -> httpx.Response:
        seen[request.url.path] = request.headers["Authorization"]
        if request.url.path == "/v1/agents/authenticate":
            return httpx.Response(200, json={"id": 1, "name": "Deniz"})
        return httpx.Response(200, json={"tickets": [], "stats": {}})

    async def run() -> None:
        client = BackendClient(
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


def test_the_gateways_client_takes_both_keys_from_the_settings() -> None:
    from backorder_common.settings import Settings

    settings = Settings(backend_api_key="customer-key", backend_operator_key="operator-key")
    client = BackendClient.from_settings(settings)
    assert client._api_key() == "customer-key"
    assert client._operator_key() == "operator-key"
