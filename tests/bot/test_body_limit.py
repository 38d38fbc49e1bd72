"""Request bodies are capped before the app reads them: 413, and small bodies pass whole."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from bot.body_limit import MAX_BODY_BYTES, BodyLimit
from tests.bot.conftest import Gateway

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the body it read."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def client(limit: int = 100) -> httpx.AsyncClient:
    app = BodyLimit(echo, limit, larger={"/big": 1000})
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://gw.test")


def chunks(total: int, size: int = 7) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


async def test_bodies_up_to_the_limit_pass_whole() -> None:
    async with client() as http:
        assert (await http.post("/", content=b"a" * 100)).content == b"a" * 100
        assert (await http.get("/")).content == b""


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    async with client() as http:
        answer = await http.post("/", content=b"a" * 101)
        assert answer.status_code == 413 and "over" in answer.json()["detail"]
        assert (await http.post("/big", content=b"a" * 1000)).status_code == 200
        assert (await http.post("/big", content=b"a" * 1001)).status_code == 413


async def test_a_streamed_body_is_cut_at_the_limit() -> None:
    async def stream(total: int) -> httpx.Response:
        async def body() -> object:
            for chunk in chunks(total):
                yield chunk

        async with client() as http:
            return await http.post("/", content=body())  # chunked: no Content-Length

    assert (await stream(100)).content == b"x" * 100
    assert (await stream(101)).status_code == 413


def test_the_gateway_refuses_a_10_mb_post_on_every_path(gateway: Gateway) -> None:
    big = b"name=" + b"a" * (10 * 1024 * 1024)
    for path in (
        "/agent/login",
        "/agent/api/tickets/1/reply",
        "/socket.io/?EIO=4&transport=polling",
    ):
        assert httpx.post(gateway.url + path, content=big, timeout=30).status_code == 413, path
    # A normal form still works.
    assert httpx.get(gateway.url + "/agent/login").status_code == 200
    assert MAX_BODY_BYTES == 64 * 1024
