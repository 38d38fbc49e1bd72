"""A real gateway under uvicorn on a free localhost port, talking to a fake Rasa.

The fake Rasa is an httpx.MockTransport: each test says how Rasa answers, and nothing leaves the
process except the browser-side socket.io traffic over localhost.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
import uvicorn

from backorder_common.settings import Settings
from bot.app import create_app
from bot.rasa_client import RasaClient
from bot.store_page import WEBCHAT_BUNDLE
from tests.telegram_double import TelegramDouble, telegram_double

RasaHandler = Callable[[dict[str, Any]], Awaitable[httpx.Response]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class FakeRasa:
    """Answers like Rasa's REST webhook; `handler` decides the answer, `received` records bodies."""

    handler: RasaHandler | None = None
    received: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.received.append(body)
        if self.handler is not None:
            return await self.handler(body)
        return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": "ok"}])


@dataclass
class Gateway:
    url: str
    rasa: FakeRasa
    app: Any

    def client(self) -> WebClient:
        return WebClient(self.url)


class WebClient:
    """What the widget does on the wire, with the synchronous socket.io client over polling."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.Client(reconnection=False)
        self.bot: list[Any] = []
        self.confirmed: list[Any] = []
        self.sio.on("bot_uttered", self.bot.append)
        self.sio.on("session_confirm", self.confirmed.append)

    def connect(self, session_id: str | None = None) -> str:
        self.sio.connect(self.url, socketio_path="/socket.io/", transports=["polling"])
        self.sio.emit("session_request", {"session_id": session_id})
        wait_for(lambda: self.confirmed)
        return str(self.confirmed[-1])

    def say(self, text: str, session_id: str) -> None:
        self.sio.emit(
            "user_uttered",
            {"message": text, "session_id": session_id, "customData": {"language": "en"}},
        )

    def wait_for_replies(self, n: int, timeout: float = 5.0) -> list[Any]:
        wait_for(lambda: len(self.bot) >= n, timeout)
        return self.bot

    def close(self) -> None:
        # A clean disconnect waits for the pending long-poll (up to the ping interval); closing
        # the engine.io transport without waiting is what a closed browser tab does anyway.
        if self.sio.eio.state == "connected":
            self.sio.eio.disconnect(abort=True)


def wait_for(condition: Callable[[], Any], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.02)


def start_gateway(
    rasa: FakeRasa,
    *,
    rasa_timeout: float = 1.0,
    redis_url: str | None = None,
    webchat_bundle: Path = WEBCHAT_BUNDLE,
    port: int | None = None,
    **more_settings: Any,
) -> tuple[Gateway, Callable[[], None]]:
    port = port or free_port()
    more_settings.setdefault("telegram_bot_token", None)
    more_settings.setdefault("delivery_worker", False)
    settings = Settings(
        rasa_url="http://rasa.test", rasa_timeout=rasa_timeout, redis_url=redis_url, **more_settings
    )
    client = RasaClient("http://rasa.test", rasa_timeout, transport=httpx.MockTransport(rasa))
    app = create_app(settings, client, webchat_bundle=webchat_bundle)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10)

    def stop() -> None:
        # Long-polling sockets would hold a graceful shutdown until their poll times out.
        server.should_exit = server.force_exit = True
        thread.join(10)

    return Gateway(f"http://127.0.0.1:{port}", rasa, app), stop


def start_telegram_gateway(
    double: TelegramDouble, rasa: FakeRasa
) -> tuple[Gateway, Callable[[], None]]:
    """A gateway long-polling the Telegram double, once it has polled."""
    gw, stop = start_gateway(
        rasa,
        rasa_timeout=1.0,
        telegram_bot_token=double.token,
        telegram_api_base_url=double.base_url,
    )
    double.wait_until(lambda: double.calls_of("getUpdates"), 15)
    return gw, stop


@pytest.fixture(scope="module")
def double() -> Iterator[TelegramDouble]:
    """The Bot API double a module's Telegram gateway talks to."""
    with telegram_double() as d:
        yield d


@pytest.fixture(scope="module")
def shared_gateway() -> Iterator[Gateway]:
    gw, stop = start_gateway(FakeRasa())
    yield gw
    stop()


@pytest.fixture
def gateway(shared_gateway: Gateway) -> Gateway:
    shared_gateway.rasa.handler = None
    shared_gateway.rasa.received.clear()
    return shared_gateway


@pytest.fixture
def rasa(gateway: Gateway) -> FakeRasa:
    return gateway.rasa


@pytest.fixture
def clients(gateway: Gateway) -> Iterator[Callable[[], WebClient]]:
    made: list[WebClient] = []

    def make() -> WebClient:
        c = gateway.client()
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A private redis-server for one test (skipped where none is installed)."""
    server_bin = shutil.which("redis-server")
    if server_bin is None:
        pytest.skip("redis-server is not on PATH")
    redis = pytest.importorskip("redis", reason="the redis package is not installed")
    port = free_port()
    server = subprocess.Popen(
        [server_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 5
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [r.get("text") for r in replies]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
