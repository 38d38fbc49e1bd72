"""Cluster benchmark: `BACKORDER_INSTANCES=N backorder up` for N=1 and N=2 on this machine's
PostgreSQL and Redis, web chat conversations through HAProxy on GATEWAY_PORT, and SIGKILLs.

For each N: 10 and 50 concurrent conversations (socket.io over long polling, as the widget starts,
each one "where is my order?", the order number, the email, answered with the order's state)
give turns per second and the p50/p95 of a turn (a message sent to the reply that answers it);
then instance 1 of the gateway, and later of Rasa, is SIGKILLed while one-turn probe
conversations start every PROBE_EVERY seconds, which gives the time from the kill to the first
probe sent after it that was answered (with N=1 that waits for the supervisor's restart; with N=2
the survivor answers), and how many probes sent after the kill failed.

    .venv/bin/python bench/cluster.py            # both N (~15-20 min on the shared 2 cores)
    .venv/bin/python bench/cluster.py --quick    # fewer conversations
Needs TEST_POSTGRES_URL (or the local default; a database of its own is created and dropped) and
TEST_REDIS_URL or REDIS_URL (its keys are deleted afterwards; without one it says so and skips,
as `make bench` may run where there is no Redis), haproxy and a trained model.
Ports: BENCH_CLUSTER_BASE (default 29500): gateway base, +10 backend, +20 Rasa, +30 actions;
instance i on base + i. Results also go to test-output/bench/cluster.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import redis
import socketio

if __name__ == "__main__":
    # Run as a script, bench/ comes first on sys.path and bench/backend.py would shadow the
    # backend package: the repository root replaces it.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.proc import process_table, resident_mb  # noqa: E402
from bot.replies import APOLOGY  # noqa: E402  (Rasa did not answer: the turn failed)

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
OUTPUT = ROOT / "test-output" / "bench"
BASE = int(os.environ.get("BENCH_CLUSTER_BASE", "29500"))
PORTS = {"gateway": BASE, "backend": BASE + 10, "rasa": BASE + 20, "actions": BASE + 30}
SERVICES = tuple(PORTS)
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_cluster")
START_TIMEOUT = 420.0
TURN_TIMEOUT = 30.0
PROBE_EVERY = 0.25
PROBE_TIMEOUT = 15.0
KILL_WATCH = 420.0  # at most this long of probes after a kill (N=1: Rasa reloads its model)
# A session closed without waiting for its pending long poll (as a closed tab) makes engine.io's
# client log "packet queue is empty, aborting"; that is the intended way out, not an error.
logging.getLogger("engineio.client").setLevel(logging.CRITICAL)


# -- the customer --------------------------------------------------------------------------------


class Session:
    """One web chat visit: the widget's socket.io session over long polling."""

    def __init__(self, url: str) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.replies: list[str] = []
        self.arrived = threading.Condition()
        self.session_id = uuid.uuid4().hex
        self.sio.on("bot_uttered", self._heard)
        self.sio.on("session_confirm", self._heard)
        self.sio.connect(url, socketio_path="/socket.io/", transports=["polling"], wait_timeout=10)
        self.sio.emit("session_request", {"session_id": self.session_id})

    def _heard(self, payload: Any) -> None:
        with self.arrived:
            if isinstance(payload, dict) and "text" in payload:
                self.replies.append(str(payload["text"]))
            self.arrived.notify_all()

    def turn(self, text: str, wanted: Callable[[str], bool], timeout: float) -> float:
        """Say `text`; seconds until a reply `wanted` accepts."""
        since = len(self.replies)
        start = time.perf_counter()
        self.sio.emit(
            "user_uttered",
            {"message": text, "session_id": self.session_id, "customData": {"language": "en"}},
        )
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not any(wanted(t) for t in self.replies[since:]):
                if any(APOLOGY in t for t in self.replies[since:]):
                    raise RuntimeError(f"apology for {text!r}: {self.replies[since:]}")
                left = deadline - time.monotonic()
                if left <= 0 or not self.sio.connected:
                    raise TimeoutError(f"no answer to {text!r}; heard {self.replies[since:]}")
                self.arrived.wait(min(left, 0.5))
        return time.perf_counter() - start

    def close(self) -> None:
        if self.sio.eio.state == "connected":
            self.sio.eio.disconnect(abort=True)


def asks_number(text: str) -> bool:
    return "order number" in text.lower()


def asks_email(text: str) -> bool:
    return "email" in text.lower()


def conversation(url: str, number: str, email: str, timeout: float = TURN_TIMEOUT) -> list[float]:
    session = Session(url)
    try:
        return [
            session.turn("where is my order?", asks_number, timeout),
            session.turn(number, asks_email, timeout),
            session.turn(email, lambda t: f"order {number}" in t, timeout),
        ]
    finally:
        session.close()


# -- the cluster ---------------------------------------------------------------------------------


@dataclass
class Cluster:
    instances: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    started_s: float = 0.0
    pids: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{PORTS['gateway']}/"

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def pid(self, name: str) -> int:
        found = re.findall(rf"started {re.escape(name)} pid (\d+)", self.text())
        if not found:
            raise RuntimeError(f"{name} was never started; see {self.log}")
        return int(found[-1])

    def healthy(self, service: str, index: int) -> bool:
        path = {"gateway": "/healthz", "backend": "/healthz", "rasa": "/", "actions": "/health"}
        try:
            url = f"http://127.0.0.1:{PORTS[service] + index}{path[service]}"
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"backorder up exited while waiting for {what}; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} not within {timeout:.0f} s; see {self.log}")
            time.sleep(0.25)


@contextmanager
def engines() -> Iterator[tuple[str, str]]:
    """A PostgreSQL database of the benchmark's own and the Redis it may use; both left clean."""
    postgres = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1/test")
    redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if not redis_url:
        raise RuntimeError("set TEST_REDIS_URL (or REDIS_URL): the cluster shares state in Redis")
    admin = postgres.replace("postgresql+psycopg://", "postgresql://")
    name = f"{DB_PREFIX}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            + (f"/{name}"),
            redis_url,
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        clean_redis(redis_url)


def clean_redis(url: str) -> None:
    keys = redis.Redis.from_url(url)
    for pattern in ("backorder:*", "socketio*"):
        for key in keys.scan_iter(pattern):
            keys.delete(key)
    keys.close()


def cluster_env(database: str, redis_url: str, instances: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("ALLOWED_ORIGINS", "ACTIONS_URL", "BACKEND_WORKERS", "RASA_WORKERS"):
        env.pop(name, None)
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "SMTP_URL", "BACKORDER_NOW"):
        env.pop(name, None)
    env.update(
        {
            "BACKORDER_INSTANCES": str(instances),
            "DATABASE_URL": database,
            "REDIS_URL": redis_url,
            "BACKEND_API_KEY": "bench-backend-key",
            "BACKEND_OPERATOR_KEY": "bench-operator-key",
            "RASA_TOKEN": "bench-rasa-token",
            "AGENT_SESSION_SECRET": "bench-session-secret",
            "PYTHONUNBUFFERED": "1",
            **{f"{service.upper()}_PORT": str(port) for service, port in PORTS.items()},
            "BACKEND_URL": f"http://127.0.0.1:{PORTS['backend']}",
            "RASA_URL": f"http://127.0.0.1:{PORTS['rasa']}",
        }
    )
    return env


def wait_ports_free(instances: int, timeout: float = 120.0) -> None:
    """`backorder up` checks its ports with a plain bind, which the previous run's connections
    in TIME_WAIT (60 s on Linux) still refuse."""
    wanted = [port + i for port in PORTS.values() for i in range(instances + 1)]
    deadline = time.monotonic() + timeout
    while True:
        taken = []
        for port in wanted:
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    taken.append(port)
        if not taken:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"ports {taken} still taken after {timeout:.0f} s")
        time.sleep(2)


@contextmanager
def running(instances: int, database: str, redis_url: str) -> Iterator[Cluster]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    wait_ports_free(instances)
    cluster = Cluster(
        instances,
        cluster_env(database, redis_url, instances),
        OUTPUT / f"cluster-{instances}.log",
    )
    start = time.monotonic()
    with cluster.log.open("wb") as sink:
        cluster.process = subprocess.Popen(
            [BIN / "backorder", "up"],
            env=cluster.env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        cluster.wait(
            lambda: "The back-order assistant is up" in cluster.text(), START_TIMEOUT, "the cluster"
        )
        cluster.started_s = time.monotonic() - start
        yield cluster
    finally:
        cluster.process.send_signal(signal.SIGINT)
        try:
            cluster.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.process.pid, signal.SIGKILL)
            cluster.process.wait()
        clean_redis(redis_url)  # no session or lock of one run reaches the next


# -- measurements --------------------------------------------------------------------------------


def open_orders(database: str, count: int) -> list[tuple[str, str]]:
    with psycopg.connect(database.replace("+psycopg", "")) as db:
        rows = db.execute(
            "SELECT order_number, email FROM orders WHERE status = 'open'"
            " AND order_number >= '100100' ORDER BY order_number LIMIT %s",
            (count,),
        ).fetchall()
    return [(str(n), str(e)) for n, e in rows]


def service_pids(cluster: Cluster) -> dict[str, list[int]]:
    return {
        service: [cluster.pid(f"{service}-{i}") for i in range(1, cluster.instances + 1)]
        for service in SERVICES
    }


def cpu_of(pids: list[int]) -> float:
    table = process_table()
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        total += table[pid][1] if pid in table else 0.0
        todo += [child for child, (parent, _) in table.items() if parent == pid]
    return total


def load(cluster: Cluster, orders: list[tuple[str, str]], concurrency: int, total: int) -> dict:
    """`total` conversations, `concurrency` at a time, through HAProxy on GATEWAY_PORT."""
    pids = service_pids(cluster)
    cpu_before = {service: cpu_of(p) for service, p in pids.items()}
    own_before = sum(os.times()[:2])
    latencies: list[float] = []
    failures: list[str] = []
    guard = threading.Lock()

    def one(n: int) -> None:
        number, email = orders[n % len(orders)]
        try:
            turns = conversation(cluster.url, number, email)
            with guard:
                latencies.extend(turns)
        except Exception as exc:  # counted and reported, not hidden
            with guard:
                failures.append(f"{type(exc).__name__}: {exc}"[:200])

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - start
    turns = len(latencies)
    ordered = sorted(latencies)
    return {
        "instances": cluster.instances,
        "concurrency": concurrency,
        # the machine's 1-minute load average at the end: what else wanted the cores
        "load_avg": os.getloadavg()[0],
        "conversations": total - len(failures),
        "failed": len(failures),
        "failures": failures[:5],
        "turns": turns,
        "turns_per_s": turns / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else None,
        "p95_ms": ordered[int(0.95 * (turns - 1))] * 1000 if ordered else None,
        "cpu_ms_per_turn": {
            **{s: (cpu_of(p) - cpu_before[s]) * 1000 / max(turns, 1) for s, p in pids.items()},
            "client": (sum(os.times()[:2]) - own_before) * 1000 / max(turns, 1),
        },
        "rss_mb": {s: [round(resident_mb(pid)) for pid in p] for s, p in pids.items()},
    }


def kill(cluster: Cluster, orders: list[tuple[str, str]], service: str) -> dict:
    """SIGKILL instance 1 of `service` while one-turn probes start every PROBE_EVERY seconds."""
    name = f"{service}-1"
    pid = cluster.pid(name)
    probes: list[tuple[float, float | None]] = []  # (sent, answered) on the monotonic clock
    guard = threading.Lock()
    stop = threading.Event()
    number, _ = orders[0]

    def probe() -> None:
        sent = time.monotonic()
        answered = None
        session = None
        try:
            session = Session(cluster.url)
            session.turn("where is my order?", asks_number, PROBE_TIMEOUT)
            answered = time.monotonic()
        except Exception:  # a failed probe: what a customer would have seen
            pass
        finally:
            if session is not None:
                session.close()
        with guard:
            probes.append((sent, answered))

    with ThreadPoolExecutor(64) as pool:
        for _ in range(8):  # a steady stream before the kill
            pool.submit(probe)
            time.sleep(PROBE_EVERY)
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        first: float | None = None
        while time.monotonic() - killed_at < KILL_WATCH and not stop.is_set():
            pool.submit(probe)
            time.sleep(PROBE_EVERY)
            with guard:
                served = [a for s, a in probes if s >= killed_at and a is not None]
            if served:
                first = min(served)
                if time.monotonic() - first > 5:  # enough probes after it to count failures
                    stop.set()
    after = [(s, a) for s, a in probes if s >= killed_at]
    cluster.wait(lambda: cluster.pid(name) != pid, 60, f"{name} restarted")
    back_start = time.monotonic()
    cluster.wait(lambda: cluster.healthy(service, 1), 300, f"{name} healthy again")
    return {
        "instances": cluster.instances,
        "killed": name,
        "first_served_s": None if first is None else first - killed_at,
        "probes_after_kill": len(after),
        "failed_after_kill": sum(1 for _, a in after if a is None),
        "restarted_healthy_s": time.monotonic() - killed_at,
        "healthy_wait_s": time.monotonic() - back_start,
    }


# -- report --------------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def tables(loads: list[dict], kills: list[dict], starts: dict[int, float]) -> str:
    lines = [
        "| instances | concurrent | conversations (failed) | turns/s | p50 ms | p95 ms "
        "| CPU ms per turn | RSS MB per instance | load avg |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in loads:
        cpu = ", ".join(f"{s} {ms:.0f}" for s, ms in r["cpu_ms_per_turn"].items())
        rss = ", ".join(f"{s} {'/'.join(map(str, mb))}" for s, mb in r["rss_mb"].items())
        lines.append(
            f"| {r['instances']} | {r['concurrency']} | {r['conversations']} ({r['failed']}) "
            f"| {r['turns_per_s']:.1f} | {ms(r['p50_ms'])} | {ms(r['p95_ms'])} | {cpu} | {rss} "
            f"| {r['load_avg']:.1f} |"
        )
    lines += [
        "",
        "| instances | SIGKILL | to the first probe answered | probes failed after the kill "
        "| killed instance healthy again |",
        "|---|---|---|---|---|",
    ]
    for k in kills:
        first = "none" if k["first_served_s"] is None else f"{k['first_served_s']:.2f} s"
        lines.append(
            f"| {k['instances']} | {k['killed']} | {first} "
            f"| {k['failed_after_kill']} of {k['probes_after_kill']} "
            f"| {k['restarted_healthy_s']:.0f} s |"
        )
    lines.append("")
    lines.append(
        "Start to healthy (`backorder up`, migrations and model loads included): "
        + ", ".join(f"N={n} {s:.0f} s" for n, s in starts.items())
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer conversations per level")
    parser.add_argument("--instances", default="1,2", help="the N to measure (default 1,2)")
    args = parser.parse_args()
    sizes = {10: 30, 50: 100} if args.quick else {10: 60, 50: 200}
    if not (os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")):
        print("bench/cluster.py: skipped: set TEST_REDIS_URL (or REDIS_URL) to measure the cluster")
        return 0
    if not (ROOT / "models" / "current.tar.gz").exists():
        print("bench/cluster.py: no trained model: run `make train`", file=sys.stderr)
        return 1
    loads: list[dict] = []
    kills: list[dict] = []
    starts: dict[int, float] = {}
    try:
        with engines() as (database, redis_url):
            seed_env = cluster_env(database, redis_url, 1)
            subprocess.run(
                [BIN / "backorder", "seed"], env=seed_env, cwd=ROOT, check=True, capture_output=True
            )
            orders = open_orders(database, 200)
            for instances in (int(n) for n in args.instances.split(",")):
                with running(instances, database, redis_url) as cluster:
                    starts[instances] = cluster.started_s
                    print(f"N={instances}: up in {cluster.started_s:.0f} s", flush=True)
                    conversation(cluster.url, *orders[0])  # warm-up: lazy model parts, pools
                    for concurrency, total in sizes.items():
                        loads.append(load(cluster, orders, concurrency, total))
                        print(json.dumps(loads[-1]), flush=True)
                    for service in ("gateway", "rasa"):
                        kills.append(kill(cluster, orders, service))
                        print(json.dumps(kills[-1]), flush=True)
    except (RuntimeError, subprocess.CalledProcessError, psycopg.Error) as exc:
        print(f"bench/cluster.py: {exc}", file=sys.stderr)
        return 1
    print("\nThe cluster on this machine: web chat conversations through HAProxy (GATEWAY_PORT)")
    print(tables(loads, kills, starts))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "cluster.json").write_text(
        json.dumps({"loads": loads, "kills": kills, "starts": starts}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
