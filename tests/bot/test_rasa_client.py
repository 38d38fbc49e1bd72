"""RasaClient against an httpx.MockTransport: what it posts and how it fails."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import APOLOGY
from bot.router import Router

pytestmark = pytest.mark.anyio


def client_for(handler, timeout: float = 1.0) -> RasaClient:
    return RasaClient("http://rasa.test/", timeout, transport=httpx.MockTransport(handler))


async def test_posts_to_the_rest_webhook() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"recipient_id": "web:s", "text": "hi"}])

    rasa = client_for(handler)
    assert await rasa.send("web:s", "hello", {"channel": "web"}) == [
        {"recipient_id": "web:s", "text": "hi"}
    ]
    await rasa.aclose()
    assert str(seen[0].url) == "http://rasa.test/webhooks/rest/webhook"
    assert json.loads(seen[0].content) == {
        "sender": "web:s",
        "message": "hello",
        "metadata": {"channel": "web"},
    }


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, text="boom"),
        httpx.Response(200, text="not json"),
        httpx.Response(200, json={"not": "a list"}),
    ],
)
async def test_bad_answers_are_unavailable(response: httpx.Response) -> None:
    rasa = client_for(lambda request: response)
    with pytest.raises(RasaUnavailable):
        await rasa.send("web:s", "hello")


async def test_connection_errors_are_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(RasaUnavailable, match="ConnectError"):
        await client_for(refuse).send("web:s", "hello")


async def test_the_timeout_bounds_the_whole_call() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json=[])

    with pytest.raises(RasaUnavailable, match="0.2s"):
        await client_for(slow, timeout=0.2).send("web:s", "hello")


async def test_router_apologises_when_rasa_fails(caplog) -> None:
    router = Router(client_for(lambda request: httpx.Response(503)))
    assert await router.route("web:s", "my email is a@b.test") == [{"text": APOLOGY, "buttons": []}]
    assert "HTTP 503" in caplog.text
    assert "a@b.test" not in caplog.text
