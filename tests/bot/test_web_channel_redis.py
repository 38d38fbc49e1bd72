"""With REDIS_URL, gateway processes share socket.io rooms: a session open in two tabs that landed
on different gateways gets every reply in both."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.bot.conftest import FakeRasa, WebClient, free_port, start_gateway, texts

pytest.importorskip("redis", reason="the redis package is not installed")
REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not on PATH")


@pytest.fixture
def redis_url() -> Iterator[str]:
    port = free_port()
    assert REDIS_SERVER is not None
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

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
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


def test_replies_reach_tabs_on_another_gateway(redis_url: str) -> None:
    rasa = FakeRasa()
    first, stop_first = start_gateway(rasa, redis_url=redis_url)
    second, stop_second = start_gateway(rasa, redis_url=redis_url)
    tab_a, tab_b = WebClient(first.url), WebClient(second.url)
    try:
        sid = tab_a.connect("acrossgateways1")
        tab_b.connect(sid)
        time.sleep(0.3)  # let both gateways' pub/sub listeners subscribe
        tab_a.say("hello", sid)
        assert texts(tab_b.wait_for_replies(1)) == ["ok"]
        assert texts(tab_a.wait_for_replies(1)) == ["ok"]
        time.sleep(0.2)
        assert len(tab_a.bot) == len(tab_b.bot) == 1
    finally:
        tab_a.close()
        tab_b.close()
        stop_first()
        stop_second()
