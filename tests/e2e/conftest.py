"""The whole stack, started the way `make run` starts it, on ports of its own, for browser tests.

`backorder up` runs against a fresh SQLite database seeded with the demo data and a frozen
"today", so the dates the bot says are known. Its log goes to test-output/e2e/stack.log.
Its gateway runs the Telegram channel too, long-polling the session's Telegram double.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from backorder_common.settings import Settings
from bot.app import create_app
from tests.telegram_double import TelegramDouble, telegram_double

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
BIN = Path(sys.executable).parent
TODAY = "2026-11-24"
NOW = "2026-11-24T11:00:00+03:00"
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Stack:
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.env['GATEWAY_PORT']}/"

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.env['BACKEND_PORT']}"

    def backend(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.backend_url,
            timeout=10,
            headers={"Authorization": f"Bearer {self.env['BACKEND_API_KEY']}"},
        )

    def operator(self) -> httpx.Client:
        """The backend with the operator's key: purchase orders, the test clock."""
        return httpx.Client(
            base_url=self.backend_url,
            timeout=10,
            headers={"Authorization": f"Bearer {self.env['BACKEND_OPERATOR_KEY']}"},
        )

    @property
    def database(self) -> Path:
        return Path(self.env["DATABASE_URL"].removeprefix("sqlite:///"))

    def open_orders(self, count: int, first: str = "100100") -> list[tuple[str, str]]:
        """(order number, email) of seeded open orders from `first` on, read from the database."""
        with sqlite3.connect(self.database) as db:
            rows = db.execute(
                "SELECT order_number, email FROM orders WHERE status = 'open'"
                " AND order_number >= ? ORDER BY order_number LIMIT ?",
                (first, count),
            ).fetchall()
        assert len(rows) == count, f"the seed has only {len(rows)} open orders from {first}"
        return [(str(number), str(email)) for number, email in rows]

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_up(stack: Stack) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if stack.process.poll() is not None:
            pytest.fail(f"backorder up exited with {stack.process.returncode}:\n{stack.log_tail()}")
        if "The back-order assistant is up" in stack.log.read_text(errors="replace"):
            return
        time.sleep(1)
    pytest.fail(f"the stack was not up after {START_TIMEOUT} s:\n{stack.log_tail()}")


@pytest.fixture(scope="session")
def telegram() -> Iterator[TelegramDouble]:
    """The Bot API double the stack's gateway long-polls (TELEGRAM_API_BASE_URL)."""
    with telegram_double() as double:
        yield double


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, telegram: TelegramDouble) -> Iterator[Stack]:
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("stack")
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'backorder.db'}",
            "BACKORDER_TODAY": TODAY,
            # A Tuesday 11:00 in the shop's zone: agents are on duty for the handoff tests.
            "BACKORDER_NOW": NOW,
            "BACKEND_API_KEY": "e2e-backend-key",
            "BACKEND_OPERATOR_KEY": "e2e-operator-key",
            "RASA_TOKEN": "e2e-rasa-token",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for name in ("GATEWAY_PORT", "BACKEND_PORT", "RASA_PORT", "ACTIONS_PORT"):
        env[name] = str(free_port())
    env["BACKEND_URL"] = f"http://127.0.0.1:{env['BACKEND_PORT']}"
    env["RASA_URL"] = f"http://127.0.0.1:{env['RASA_PORT']}"
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "REDIS_URL", "ALLOWED_ORIGINS"):
        env.pop(name, None)
    env["TELEGRAM_BOT_TOKEN"] = telegram.token
    env["TELEGRAM_API_BASE_URL"] = telegram.base_url
    subprocess.run([BIN / "backorder", "seed"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = OUTPUT / "stack.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [BIN / "backorder", "up"],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stack = Stack(env, process, log)
    try:
        _wait_until_up(stack)
        try:
            telegram.wait_until(lambda: telegram.calls_of("getUpdates"), 60)
        except AssertionError:
            pytest.fail(f"the gateway never polled the Telegram double:\n{stack.log_tail()}")
        yield stack
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does in `make run`
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("backorder up did not stop within 30 s of Ctrl-C")
        still_listening = [
            name
            for name in ("GATEWAY_PORT", "BACKEND_PORT", "RASA_PORT", "ACTIONS_PORT")
            if _listening(int(env[name]))
        ]
        assert not still_listening, f"still listening after Ctrl-C: {still_listening}"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def gateway(settings: Settings, port: int | None = None) -> Iterator[str]:
    """A second gateway in this process (uvicorn in a thread) with its own settings; its URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True, name=f"gateway-{port}")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the in-process gateway did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        # Long-polling sockets would hold a graceful shutdown until their poll times out.
        server.should_exit = server.force_exit = True
        thread.join(30)


def add_agent(stack: Stack, name: str) -> str:
    """`backorder agent add NAME` against the stack's database; the one-time password."""
    done = subprocess.run(
        [BIN / "backorder", "agent", "add", name],
        env=stack.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split("(shown only now): ", 1)[1].split()[0]
