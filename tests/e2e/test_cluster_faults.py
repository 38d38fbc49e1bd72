"""`BACKORDER_INSTANCES=2 backorder up` on PostgreSQL and Redis, and one instance of every service
SIGKILLed while 20 web and 10 Telegram customers ask about their orders and 20 notices go out.

Every customer must end with their own order's answer (a customer's client may reconnect and send
an unanswered message again, as the widget does); every notice must arrive, and a duplicate is
allowed only within the stated guarantee (a killed delivery worker's in-flight messages, at most
its concurrency); the killed instances must come back.

Needs the machine's PostgreSQL (TEST_POSTGRES_URL: a database of its own is created and dropped)
and Redis (TEST_REDIS_URL: the test's keys are deleted afterwards), and Debian's haproxy.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis

from bot.replies import APOLOGY
from tests.bot.conftest import WebClient
from tests.e2e.conftest import BIN, NOW, OUTPUT, ROOT, TODAY
from tests.telegram_double import TelegramChat, TelegramDouble, telegram_double

pytestmark = pytest.mark.slow

INSTANCES = 2
WEB_CUSTOMERS, TELEGRAM_CUSTOMERS, SUBSCRIBERS = 20, 10, 20
START_TIMEOUT = 360.0
TURN_WAIT = 20.0  # then the customer sends the message again
TURN_TRIES = 6
DELIVERY_CONCURRENCY = 4  # bot/notify/worker.py: duplicates allowed per killed worker
SERVICES = ("gateway", "backend", "rasa", "actions")
NOTICE_ORDER, NOTICE_EMAIL, NOTICE_SKU = "100045", "linus.t@example.com", "CPU-R7-7800X3D"


def free_base_port(taken: set[int]) -> int:
    """A port p with p + 1 .. p + INSTANCES free too, below Linux's ephemeral ports (32768 on),
    where no outgoing connection can take one between this check and the instance's start.
    TEST_CLUSTER_PORTS=B keeps them in B .. B + 99 (a machine shared by several test runs)."""
    block = os.environ.get("TEST_CLUSTER_PORTS")
    low, high = (int(block), int(block) + 100) if block else (20_000, 32_000)
    while True:
        base = random.randrange(low, high - INSTANCES)
        wanted = set(range(base, base + INSTANCES + 1))
        if not wanted & taken and all(_free(port) for port in wanted):
            taken |= wanted
            return base


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Cluster:
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path
    database: str  # libpq URL of its own database

    def port(self, service: str, index: int = 0) -> int:
        return int(self.env[f"{service.upper()}_PORT"]) + index

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.port('gateway')}/"

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(
            base_url=f"http://127.0.0.1:{self.port('backend')}",
            timeout=15,
            headers={"Authorization": f"Bearer {self.env[key]}"},
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(line[:300] for line in self.text().splitlines()[-lines:])

    def pid(self, name: str) -> int:
        found = re.findall(rf"started {re.escape(name)} pid (\d+)", self.text())
        assert found, f"{name} was never started:\n{self.tail()}"
        return int(found[-1])

    def healthy(self, service: str, index: int) -> bool:
        path = {"gateway": "/healthz", "backend": "/healthz", "rasa": "/", "actions": "/health"}
        try:
            url = f"http://127.0.0.1:{self.port(service, index)}{path[service]}"
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def _wait(condition: Callable[[], Any], timeout: float, what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if cluster.process.poll() is not None:
            pytest.fail(f"backorder up exited with {cluster.process.returncode}:\n{cluster.tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not within {timeout:.0f} s:\n{cluster.tail()}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[str, str]]:
    """A PostgreSQL database of the test's own, and the test's Redis; both left clean."""
    postgres, redis_url = os.environ.get("TEST_POSTGRES_URL"), os.environ.get("TEST_REDIS_URL")
    if not postgres or not redis_url:
        pytest.skip("the cluster test needs TEST_POSTGRES_URL and TEST_REDIS_URL")
    if not shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin"):
        pytest.fail("haproxy is not installed: run `make setup`")
    admin = postgres.replace("postgresql+psycopg://", "postgresql://")
    name = f"cluster_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    own = admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield own.replace("postgresql://", "postgresql+psycopg://"), redis_url
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        keys = redis.Redis.from_url(redis_url)
        for pattern in ("backorder:*", "socketio*"):
            for key in keys.scan_iter(pattern):
                keys.delete(key)
        keys.close()


@pytest.fixture(scope="module")
def telegram() -> Iterator[TelegramDouble]:
    with telegram_double() as double:
        yield double


@pytest.fixture(scope="module")
def cluster(engines: tuple[str, str], telegram: TelegramDouble) -> Iterator[Cluster]:
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    database, redis_url = engines
    env = dict(os.environ)
    for name in ("ALLOWED_ORIGINS", "ACTIONS_URL", "BACKEND_WORKERS", "RASA_WORKERS"):
        env.pop(name, None)
    env.update(
        {
            "BACKORDER_INSTANCES": str(INSTANCES),
            "DATABASE_URL": database,
            "REDIS_URL": redis_url,
            "BACKORDER_TODAY": TODAY,
            "BACKORDER_NOW": NOW,
            "BACKEND_API_KEY": "cluster-backend-key",
            "BACKEND_OPERATOR_KEY": "cluster-operator-key",
            "RASA_TOKEN": "cluster-rasa-token",
            "AGENT_SESSION_SECRET": "cluster-session-secret",
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "TELEGRAM_WEBHOOK_SECRET": "cluster-webhook-secret",
            "PYTHONUNBUFFERED": "1",
        }
    )
    taken: set[int] = set()
    for service in SERVICES:
        env[f"{service.upper()}_PORT"] = str(free_base_port(taken))
    env["BACKEND_URL"] = f"http://127.0.0.1:{env['BACKEND_PORT']}"
    env["RASA_URL"] = f"http://127.0.0.1:{env['RASA_PORT']}"
    env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{env['GATEWAY_PORT']}/telegram/webhook"
    subprocess.run([BIN / "backorder", "seed"], env=env, cwd=ROOT, check=True, capture_output=True)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / "cluster.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [BIN / "backorder", "up"],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    cluster = Cluster(env, process, log, database)
    try:
        _wait(
            lambda: "The back-order assistant is up" in cluster.text(),
            START_TIMEOUT,
            "the cluster up",
            cluster,
        )
        yield cluster
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("backorder up did not stop within 60 s of Ctrl-C")
        ports = {f"{s}-{i}": cluster.port(s, i) for s in SERVICES for i in range(INSTANCES + 1)}
        listening = [name for name, port in ports.items() if _listening(port)]
        assert not listening, f"still listening after Ctrl-C: {listening}"


# -- customers -----------------------------------------------------------------------------------


def asks_number(text: str) -> bool:
    return "order number" in text.lower()


def asks_email(text: str) -> bool:
    return "email" in text.lower()


def answers(number: str) -> Callable[[str], bool]:
    return lambda text: f"order {number}" in text


def texts(payloads: list[Any]) -> list[str]:
    return [str(p.get("text", "")) for p in payloads if isinstance(p, dict)]


def answered(said: list[str], wanted: Callable[[str], bool]) -> str | None:
    """The wanted answer among what the bot said, else its apology, else None."""
    return next((t for t in said if wanted(t)), APOLOGY if APOLOGY in said else None)


def stamp(at: float | None = None) -> str:
    """A wall-clock time (now by default) as the cluster's log prints it, with milliseconds."""
    at = time.time() if at is None else at
    return time.strftime("%H:%M:%S", time.localtime(at)) + f".{int(at % 1 * 1000):03d}"


class Stuck(AssertionError):
    """A conversation that got no wanted answer: where, and what it heard, for the report."""

    def __init__(self, conversation_id: str, text: str, transcript: list[str]) -> None:
        super().__init__(f"no answer to {text!r} after {TURN_TRIES} tries")
        self.conversation_id = conversation_id
        self.transcript = transcript


class WebCustomer:
    """The widget: one session id for the whole visit; after a silence or a dropped connection it
    connects again (maybe to another gateway) and sends the unanswered message again."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session_id = uuid.uuid4().hex
        self.client: WebClient | None = None
        self.heard: list[str] = []
        self.retries = 0
        self.transcript: list[str] = []

    def _connected(self) -> WebClient:
        if self.client is not None and self.client.sio.connected:
            return self.client
        if self.client is not None:
            self.heard += texts(self.client.bot)
            self.client.close()
            self.transcript.append(f"{stamp()} (connection lost; connecting again)")
        client = WebClient(self.url)

        def heard(payload: Any) -> None:
            client.bot.append(payload)
            self.transcript.append(f"{stamp()} bot: {texts([payload])[0][:90]!r}")

        client.sio.on("bot_uttered", heard)
        client.connect(self.session_id)
        self.client = client
        return client

    def ask(self, text: str, wanted: Callable[[str], bool]) -> None:
        for attempt in range(TURN_TRIES):
            try:
                client = self._connected()
                since = len(client.bot)
                self.transcript.append(f"{stamp()} customer (try {attempt + 1}): {text!r}")
                client.say(text, self.session_id)
                deadline = time.monotonic() + TURN_WAIT
                while time.monotonic() < deadline and client.sio.connected:
                    said = texts(client.bot[since:])
                    if any(wanted(t) for t in said):
                        return
                    if APOLOGY in said:  # "please try again": the customer does
                        break
                    time.sleep(0.1)
            except Exception as exc:  # a connection refused or dropped mid-way: as the widget
                self.transcript.append(f"{stamp()} ({type(exc).__name__}: {exc})")
                time.sleep(1)
            self.retries += 1
        raise Stuck(f"web:{self.session_id}", text, self.transcript)

    def close(self) -> list[str]:
        if self.client is not None:
            self.heard += texts(self.client.bot)
            self.client.close()
        return self.heard


def web_conversation(
    url: str, number: str, email: str, turned: Callable[[], None]
) -> tuple[list[str], int]:
    customer = WebCustomer(url)
    try:
        customer.ask("where is my order?", asks_number)
        turned()
        customer.ask(number, asks_email)
        turned()
        customer.ask(email, answers(number))
    finally:
        heard = customer.close()
    return heard, customer.retries


def telegram_conversation(
    chat: TelegramChat, number: str, email: str, turned: Callable[[], None]
) -> tuple[list[str], int]:
    retries = 0
    transcript: list[str] = []

    def ask(text: str, wanted: Callable[[str], bool]) -> None:
        nonlocal retries
        for attempt in range(TURN_TRIES):
            since = len(chat.messages)
            transcript.append(f"{stamp()} customer (try {attempt + 1}): {text!r}")
            try:
                chat.say(text)  # the webhook POST through the balancer
                said = chat.double.wait_until(
                    lambda since=since: answered(chat.texts()[since:], wanted), TURN_WAIT
                )
                if said != APOLOGY:
                    return
                time.sleep(1)  # "please try again": the customer does
            except (AssertionError, httpx.HTTPError) as exc:
                transcript.append(f"{stamp()} ({type(exc).__name__}: {exc})")
            finally:
                transcript.extend(f"{stamp()} bot: {t[:90]!r}" for t in chat.texts()[since:])
            retries += 1
        raise Stuck(f"tg:{chat.chat_id}", text, transcript)

    ask("where is my order?", asks_number)
    turned()
    ask(number, asks_email)
    turned()
    ask(email, answers(number))
    return chat.texts(), retries


def rasa_events(cluster: Cluster, conversation_id: str) -> list[str]:
    """The conversation as Rasa's tracker store holds it, one line an event."""
    with psycopg.connect(cluster.database.replace("+psycopg", "")) as db:
        rows = db.execute(
            "SELECT timestamp, type_name, intent_name, action_name, data FROM events"
            " WHERE sender_id = %s ORDER BY id",
            (conversation_id,),
        ).fetchall()
    lines = []
    for timestamp, kind, intent, action, data in rows:
        detail = intent or action or ""
        if kind == "slot":
            detail = re.sub(r"\s+", " ", str(data))[-120:]
        elif kind in ("user", "bot"):
            detail += " " + repr(json.loads(data).get("text", ""))[:80]
        elif kind == "active_loop":
            detail = str(json.loads(data).get("name"))
        lines.append(f"    {stamp(timestamp)} {kind:<24} {detail}")
    return lines


# -- the test ------------------------------------------------------------------------------------


def open_orders(cluster: Cluster, count: int) -> list[tuple[str, str]]:
    """Open orders from 100100 on, read from the cluster's database."""
    with psycopg.connect(cluster.database.replace("+psycopg", "")) as db:
        rows = db.execute(
            "SELECT o.order_number, o.email FROM orders o WHERE o.status = 'open'"
            " AND o.order_number >= '100100' ORDER BY o.order_number LIMIT %s",
            (count,),
        ).fetchall()
    assert len(rows) == count
    return [(str(n), str(e)) for n, e in rows]


def subscribe(cluster: Cluster, chats: list[TelegramChat]) -> None:
    with cluster.client("BACKEND_API_KEY") as backend:
        for chat in chats:
            response = backend.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": f"tg:{chat.chat_id}",
                    "channel": "telegram",
                    "address": str(chat.chat_id),
                    "order_number": NOTICE_ORDER,
                    "email": NOTICE_EMAIL,
                },
            )
            assert response.status_code == 201, response.text


def redate_purchase_order(cluster: Cluster) -> None:
    with psycopg.connect(cluster.database.replace("+psycopg", "")) as db:
        (po_number,) = db.execute(
            "SELECT po.po_number FROM purchase_orders po JOIN products p ON p.id = po.product_id"
            " WHERE p.sku = %s AND po.status = 'open' ORDER BY po.expected_date LIMIT 1",
            (NOTICE_SKU,),
        ).fetchone()
    with cluster.client("BACKEND_OPERATOR_KEY") as operator:
        response = operator.patch(
            f"/v1/purchase-orders/{po_number}/{NOTICE_SKU}", json={"expected_date": "2026-12-04"}
        )
        assert response.status_code == 200, response.text


def kill_one_of_each(cluster: Cluster) -> dict[str, int]:
    killed = {}
    for service in SERVICES:
        name = f"{service}-1"
        pid = cluster.pid(name)
        os.kill(pid, signal.SIGKILL)
        killed[name] = pid
    return killed


def test_every_customer_and_notice_survives_killing_one_instance_of_each_service(
    cluster: Cluster, telegram: TelegramDouble
) -> None:
    orders = open_orders(cluster, WEB_CUSTOMERS + TELEGRAM_CUSTOMERS)
    web_orders, tg_orders = orders[:WEB_CUSTOMERS], orders[WEB_CUSTOMERS:]
    subscribers = [telegram.chat(first_name="Subscriber") for _ in range(SUBSCRIBERS)]
    subscribe(cluster, subscribers)

    results: dict[str, tuple[list[str], int] | BaseException] = {}
    turns, midway = [0], threading.Event()
    guard = threading.Lock()

    def turned() -> None:
        with guard:
            turns[0] += 1
            if turns[0] >= WEB_CUSTOMERS + TELEGRAM_CUSTOMERS:  # a third of all turns answered
                midway.set()

    def run(key: str, converse: Callable[[], tuple[list[str], int]]) -> None:
        try:
            results[key] = converse()
        except BaseException as exc:  # reported below
            results[key] = exc

    threads = [
        threading.Thread(
            target=run, args=(f"web {n}", partial(web_conversation, cluster.web_url, n, e, turned))
        )
        for n, e in web_orders
    ] + [
        threading.Thread(
            target=run,
            args=(f"telegram {n}", partial(telegram_conversation, telegram.chat(), n, e, turned)),
        )
        for n, e in tg_orders
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    # The notices fall due 15 s after the change (the outbox's gathering window), while the
    # killed instances are coming back.
    redate_purchase_order(cluster)
    assert midway.wait(120), "a third of the turns were not answered within 120 s"
    kill_stamp = stamp()
    killed = kill_one_of_each(cluster)  # with the conversations in full flow
    killed_at = time.monotonic() - started
    for thread in threads:
        thread.join(TURN_WAIT * TURN_TRIES * 3 + 60)

    problems = []
    retries = 0
    for channel, chosen in (("web", web_orders), ("telegram", tg_orders)):
        for number, _ in chosen:
            result = results.get(f"{channel} {number}", TimeoutError("still talking"))
            if isinstance(result, Stuck):
                problems.append(
                    "\n".join(
                        [
                            f"{channel} {number} ({result.conversation_id}) stuck: {result}",
                            "  what the customer saw:",
                            *(f"    {line}" for line in result.transcript),
                            "  Rasa's tracker:",
                            *rasa_events(cluster, result.conversation_id),
                        ]
                    )
                )
                continue
            if isinstance(result, BaseException):
                problems.append(f"{channel} {number}: {type(result).__name__} {result}")
                continue
            heard, tries = result
            retries += tries
            others = {n for n, _ in orders} - {number}
            if leaked := {n for t in heard for n in re.findall(r"\b1\d{5}\b", t) if n in others}:
                problems.append(f"{channel} {number} was told about {leaked}")
    assert not problems, (
        "\n".join(problems) + f"\n(killed {killed} at {kill_stamp})\n{cluster.tail()}"
    )

    # Every notice arrived; duplicates only within the guarantee (one killed delivery worker).
    def notices(chat: TelegramChat) -> int:
        return sum(t.startswith(f"Update on your order {NOTICE_ORDER}") for t in chat.texts())

    telegram.wait_until(lambda: all(notices(chat) >= 1 for chat in subscribers), 90)
    time.sleep(2)
    duplicates = sum(notices(chat) - 1 for chat in subscribers)
    assert duplicates <= DELIVERY_CONCURRENCY, f"{duplicates} notices sent twice"
    with psycopg.connect(cluster.database.replace("+psycopg", "")) as db:
        statuses = dict(
            db.execute("SELECT status, count(*) FROM notifications GROUP BY status").fetchall()
        )
    assert statuses == {"sent": SUBSCRIBERS}, statuses

    # The killed instances came back, each a new process, healthy behind the balancer.
    for name, pid in killed.items():
        service, index = name.split("-")
        _wait(lambda n=name, p=pid: cluster.pid(n) != p, 60, f"{name} restarted", cluster)
        _wait(
            lambda s=service, i=int(index): cluster.healthy(s, i), 180, f"{name} healthy", cluster
        )
    print(
        f"\n{len(threads)} conversations, {retries} repeated messages, {duplicates} duplicate"
        f" notices, kills at {killed_at:.0f} s, done in {time.monotonic() - started:.0f} s"
    )
