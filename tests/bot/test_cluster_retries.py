"""HAProxy replays a request an instance took and died with, where replaying is safe
(bot/cluster/haproxy.py): checked on the real haproxy with an instance that reads each request and
hangs up without answering, as a SIGKILLed one does."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from ruamel.yaml import YAML

from backorder_common.settings import Settings
from bot.cluster.haproxy import BUFFER_BYTES, config

ROOT = Path(__file__).resolve().parents[2]


class Instance(ThreadingHTTPServer):
    """Answers health checks; a dying one reads a request's body and closes without a word."""

    def __init__(self, port: int, dying: bool) -> None:
        self.dying = dying
        self.taken: list[str] = []  # "METHOD path" of every request it read
        super().__init__(("127.0.0.1", port), Handler)
        self.daemon_threads = True


class Handler(BaseHTTPRequestHandler):
    server: Instance
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _serve(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.taken.append(f"{self.command} {self.path}")
        if self.server.dying and self.path not in ("/health", "/healthz", "/"):
            self.connection.shutdown(socket.SHUT_RDWR)  # killed mid-request
            self.close_connection = True
            return
        answer = json.dumps({"received": len(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PATCH = _serve  # noqa: N815


def free_base(taken: set[int]) -> int:
    """A port p with p + 1 and p + 2 free too."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        wanted = {base, base + 1, base + 2}
        if wanted & taken or base + 2 > 65535:
            continue
        try:
            for port in wanted:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        taken |= wanted
        return base


@pytest.fixture
def balancer(tmp_path: Path) -> Iterator[tuple[Settings, dict[str, Instance]]]:
    """HAProxy from the cluster's configuration; instance 1 of every service dies mid-request."""
    binary = shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if binary is None:
        pytest.skip("haproxy is not installed (make setup installs it)")
    taken: set[int] = set()
    ports = {name: free_base(taken) for name in ("gateway", "backend", "rasa", "actions")}
    settings = Settings(
        database_url="sqlite://",
        gateway_port=ports["gateway"],
        backend_port=ports["backend"],
        rasa_port=ports["rasa"],
        actions_port=ports["actions"],
    )
    instances: dict[str, Instance] = {}
    for name, base in ports.items():
        for index in (1, 2):
            instances[f"{name}-{index}"] = Instance(base + index, dying=index == 1)
    for instance in instances.values():
        threading.Thread(target=instance.serve_forever, daemon=True).start()
    path = tmp_path / "haproxy.cfg"
    path.write_text(config(settings, 2))
    process = subprocess.Popen(
        [binary, "-db", "-f", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{ports['actions']}/health", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield settings, instances
    finally:
        process.terminate()
        process.wait(10)
        for instance in instances.values():
            instance.shutdown()
            instance.server_close()


def send(port: int, method: str, path: str, body: object | None = None) -> int:
    response = httpx.request(method, f"http://127.0.0.1:{port}{path}", json=body, timeout=10)
    return response.status_code


def test_an_action_call_as_large_as_a_long_conversation_is_replayed_on_the_live_instance(
    balancer: tuple[Settings, dict[str, Instance]],
) -> None:
    settings, instances = balancer
    # Rasa's action call: the whole conversation and the domain, far above HAProxy's default 16 kB.
    call = {"next_action": "action_check_order_status", "tracker": {"events": ["x" * 300_000]}}
    statuses = [send(settings.actions_port, "POST", "/webhook", call) for _ in range(6)]
    assert statuses == [200] * 6
    assert "POST /webhook" in instances["actions-1"].taken  # it did take some and die with them


def test_a_message_to_rasa_and_the_backend_reads_are_replayed(
    balancer: tuple[Settings, dict[str, Instance]],
) -> None:
    settings, instances = balancer
    message = {"sender": "web:abc", "message": "where is my order?"}
    for _ in range(4):
        assert send(settings.rasa_port, "POST", "/webhooks/rest/webhook", message) == 200
    lookup = {"order_number": "100042", "email": "ada.lovelace@example.com"}
    for _ in range(4):
        assert send(settings.backend_port, "GET", "/v1/orders/100042") == 200
        assert send(settings.backend_port, "POST", "/v1/orders/lookup", lookup) == 200
    assert "POST /webhooks/rest/webhook" in instances["rasa-1"].taken
    assert "POST /v1/orders/lookup" in instances["backend-1"].taken


def test_a_backend_write_is_not_replayed_and_the_web_chat_is_not_either(
    balancer: tuple[Settings, dict[str, Instance]],
) -> None:
    settings, instances = balancer
    # A cancellation the dead instance may have committed: its caller hears it failed (502).
    cancel = {"email": "ada.lovelace@example.com"}
    statuses = {
        send(settings.backend_port, "POST", "/v1/orders/100042/lines/1/cancel", cancel)
        for _ in range(4)
    }
    assert statuses == {200, 502}
    assert instances["backend-2"].taken.count("POST /v1/orders/100042/lines/1/cancel") < 4
    statuses = {send(settings.gateway_port, "POST", "/telegram/webhook", {}) for _ in range(4)}
    assert statuses == {200, 502}


def test_the_buffer_holds_an_action_call_with_the_domain_and_a_long_conversation() -> None:
    domain = YAML(typ="safe").load((ROOT / "domain.yml").read_text())
    domain_bytes = len(json.dumps(domain))
    assert domain_bytes > 16 * 1024  # why the default buffer would not do
    assert 4 * domain_bytes <= BUFFER_BYTES  # the rest for the conversation's events
