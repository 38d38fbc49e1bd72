"""The whole stack, started the way `make run` starts it, on ports of its own, for browser tests.

`backorder up` runs against a fresh SQLite database seeded with the demo data and a frozen
"today", so the dates the bot says are known. Its log goes to test-output/e2e/stack.log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
BIN = Path(sys.executable).parent
TODAY = "2026-11-24"
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
        return httpx.Client(base_url=self.backend_url, timeout=10,
                            headers={"Authorization": f"Bearer {self.env['BACKEND_API_KEY']}"})

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
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("stack")
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'backorder.db'}",
        "BACKORDER_TODAY": TODAY,
        "BACKEND_API_KEY": "e2e-backend-key",
        "RASA_TOKEN": "e2e-rasa-token",
        "PYTHONUNBUFFERED": "1",
    })
    for name in ("GATEWAY_PORT", "BACKEND_PORT", "RASA_PORT", "ACTIONS_PORT"):
        env[name] = str(free_port())
    env["BACKEND_URL"] = f"http://127.0.0.1:{env['BACKEND_PORT']}"
    env["RASA_URL"] = f"http://127.0.0.1:{env['RASA_PORT']}"
    for name in ("TELEGRAM_BOT_TOKEN", "REDIS_URL"):
        env.pop(name, None)
    subprocess.run([BIN / "backorder", "seed"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    log = OUTPUT / "stack.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([BIN / "backorder", "up"], env=env, cwd=ROOT, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    stack = Stack(env, process, log)
    try:
        _wait_until_up(stack)
        yield stack
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does in `make run`
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("backorder up did not stop within 30 s of Ctrl-C")
        still_listening = [name for name in ("GATEWAY_PORT", "BACKEND_PORT", "RASA_PORT",
                                             "ACTIONS_PORT") if _listening(int(env[name]))]
        assert not still_listening, f"still listening after Ctrl-C: {still_listening}"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
