"""10,000 notices through the Telegram double with injected 429s while the worker is stopped
(SIGTERM) and killed (SIGKILL) mid-run: none lost; none doubled by a stop, at most one per
message in flight by a kill (the guarantee the README states)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.notify.worker import DeliveryWorker
from tests.conftest import API_KEY, in_ci
from tests.notify.conftest import LiveBackend, fill_outbox, serve_backend, serve_backend_in_schema
from tests.telegram_double import TelegramDouble, telegram_double

pytestmark = pytest.mark.slow
NOTICES = 10_000
BIN = Path(sys.executable).parent
IN_FLIGHT = DeliveryWorker.__init__.__kwdefaults__["concurrency"]  # type: ignore[index]


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[LiveBackend]:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if in_ci():
            pytest.fail("CI runs this test on PostgreSQL: TEST_POSTGRES_URL is not set")
        yield from serve_backend(f"sqlite:///{tmp_path / 'backend.db'}")
        return
    yield from serve_backend_in_schema(url)


def start_worker(backend: LiveBackend, double: TelegramDouble, log: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        BACKEND_URL=backend.url,
        BACKEND_API_KEY=API_KEY,
        TELEGRAM_BOT_TOKEN=double.token,
        TELEGRAM_API_BASE_URL=double.base_url,
        TELEGRAM_MESSAGES_PER_SECOND="500",
        PYTHONUNBUFFERED="1",
    )
    return subprocess.Popen(
        [BIN / "backorder", "deliver"], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def sent_count(double: TelegramDouble) -> int:
    return sum(len(messages) for messages in double.messages.values())


def wait_for(condition, timeout: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_ten_thousand_notices_survive_a_stop_and_a_kill(backend: LiveBackend, tmp_path: Path):
    fill_outbox(backend.settings.database_url, NOTICES)
    log = tmp_path / "worker.log"
    workers: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        workers.append(start_worker(backend, double, log))
        return workers[-1]

    with telegram_double() as double, backend.operator() as ops:
        try:
            double.fail_next("sendMessage", status=429, retry_after=1, times=25)
            worker = start()
            wait_for(lambda: sent_count(double) >= 2_000, 300, "2,000 sends")
            worker.send_signal(signal.SIGTERM)  # a deploy: finish in-flight sends, then stop
            assert worker.wait(timeout=60) == 0, log.read_text()[-2000:]
            after_stop = Counter(m["text"] for ms in double.messages.values() for m in ms)
            assert max(after_stop.values()) == 1, "a graceful stop must not double anything"

            double.fail_next("sendMessage", status=429, retry_after=1, times=25)
            worker = start()
            wait_for(lambda: sent_count(double) >= 6_000, 300, "6,000 sends")
            worker.send_signal(signal.SIGKILL)  # a crash
            worker.wait(timeout=30)

            worker = start()
            wait_for(
                lambda: ops.get("/v1/outbox/stats").json().get("sent") == NOTICES,
                600,
                "every notice marked sent",
            )
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        finally:
            for process in workers:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    texts = Counter(m["text"] for ms in double.messages.values() for m in ms)
    expected = {f"item-{chat}" for chat in range(1, NOTICES + 1)}
    delivered = {line.split("• ")[1].split(":")[0] for line in texts}
    assert delivered == expected, f"lost: {sorted(expected - delivered)[:10]}"
    doubled = sum(count - 1 for count in texts.values())
    assert doubled <= IN_FLIGHT, f"{doubled} duplicates after one kill"
    assert api_stats_ok(backend)


def api_stats_ok(backend: LiveBackend) -> bool:
    with backend.operator() as ops:
        return ops.get("/v1/outbox/stats").json() == {"sent": NOTICES}
