"""Rasa stops mid-conversation: the customer gets the apology within 10 s, and the conversation
goes on once Rasa is back.

`backorder up` stops every process when one stops, so this test runs a Rasa of its own (the
command `backorder up` uses, in a directory of its own for its tracker store) behind a gateway in
this process; the actions server and backend are the stack's.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backorder_common.settings import Settings
from bot.replies import APOLOGY
from bot.stack import Service, child_environment, services
from tests.bot.conftest import WebClient, wait_for
from tests.e2e.conftest import OUTPUT, ROOT, Stack, free_port, gateway

pytestmark = pytest.mark.slow

RASA_START_TIMEOUT = 240


class OwnRasa:
    def __init__(self, settings: Settings, workdir: Path) -> None:
        self.settings = settings
        self.workdir = workdir
        self.service: Service = next(s for s in services(settings) if s.name == "rasa")
        self.process: subprocess.Popen[bytes] | None = None
        self.log = OUTPUT / "rasa_restart.log"

    def start(self) -> None:
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                shlex.split(self.service.command),
                cwd=self.workdir,
                env=child_environment(self.settings),
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + RASA_START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"Rasa exited; see {self.log}"
            try:
                if httpx.get(self.service.health_url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        pytest.fail(f"Rasa was not up after {RASA_START_TIMEOUT} s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def own_rasa(stack: Stack, tmp_path: Path) -> Iterator[OwnRasa]:
    # Rasa reads endpoints.yml and credentials.yml from its working directory and keeps its
    # tracker store in var/ there: a directory of its own, so the stack's Rasa is not touched.
    for name in ("endpoints.yml", "credentials.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "var").mkdir()
    settings = Settings(
        rasa_port=free_port(),
        rasa_token=stack.env["RASA_TOKEN"],
        actions_port=int(stack.env["ACTIONS_PORT"]),
        backend_url=stack.backend_url,
        backend_api_key=stack.env["BACKEND_API_KEY"],
        backend_operator_key=stack.env["BACKEND_OPERATOR_KEY"],
        telegram_bot_token=None,
        redis_url=None,
    )
    rasa = OwnRasa(settings, tmp_path)
    try:
        rasa.start()
        yield rasa
    finally:
        rasa.stop()


def texts(payloads: list[object]) -> list[str]:
    return [str(p.get("text", "")) for p in payloads if isinstance(p, dict)]


def test_rasa_stopped_mid_conversation_then_back(stack: Stack, own_rasa: OwnRasa):
    settings = Settings(
        rasa_url=f"http://127.0.0.1:{own_rasa.settings.rasa_port}",
        backend_url=stack.backend_url,
        redis_url=None,
        telegram_bot_token=None,
        delivery_worker=False,
    )
    with gateway(settings) as url:
        client = WebClient(url)
        try:
            session = client.connect()

            def ask(text: str, timeout: float = 30) -> list[str]:
                since = len(client.bot)
                client.say(text, session)
                wait_for(lambda: len(client.bot) > since, timeout)
                time.sleep(1.0)  # the rest of the turn's replies
                return texts(client.bot[since:])

            assert any("order number" in t.lower() for t in ask("where is my order?"))

            own_rasa.stop()
            started = time.monotonic()
            assert ask("100042", timeout=10) == [APOLOGY]
            assert time.monotonic() - started < 10

            own_rasa.start()
            # The tracker store kept the conversation: Rasa still wants the order number.
            assert any("email" in t.lower() for t in ask("100042"))
            answer = "\n".join(ask("ada.lovelace@example.com"))
            assert "100042" in answer and "back-ordered" in answer.lower()
        finally:
            client.close()
