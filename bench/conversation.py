"""Conversation benchmark: scripted conversations through Rasa's REST channel, custom actions and
the backend included, at 1 and 10 concurrent conversations, beside a stock `rasa init` bot served
the same way (same `rasa run`, same endpoints and SQL tracker store) in the same run.

    .venv/bin/python bench/conversation.py               # both bots (~5 min: trains the stock bot)
    .venv/bin/python bench/conversation.py --ours-only   # only ours
    .venv/bin/python bench/conversation.py --model other.tar.gz   # another build of ours
Ports (change with BENCH_*_PORT): backend 28000, actions 25055, Rasa 25005, stock Rasa 25006.
Results also go to test-output/bench/conversation.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx

if __name__ == "__main__":
    # Run as a script, bench/ comes first on sys.path and bench/backend.py would shadow the
    # backend package: the repository root replaces it.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from backorder_common.settings import Settings  # noqa: E402
from bench.httpclient import Connection  # noqa: E402
from bench.proc import process_table, resident_mb  # noqa: E402
from bot.stack import rasa_endpoints  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP_BIN = ROOT / ".venv" / "bin"
RASA_BIN = ROOT / ".venv-rasa" / "bin"
OUTPUT = ROOT / "test-output" / "bench"

BACKEND_PORT = int(os.environ.get("BENCH_BACKEND_PORT", "28000"))
ACTIONS_PORT = int(os.environ.get("BENCH_ACTIONS_PORT", "25055"))
RASA_PORT = int(os.environ.get("BENCH_RASA_PORT", "25005"))
STOCK_PORT = int(os.environ.get("BENCH_STOCK_PORT", "25006"))
CONCURRENCY = (1, 10)
MESSAGES = {1: 60, 10: 300}

# What customers do most: order status with verification, a digression, stock, alternatives,
# FAQ, notifications, goodbye with a rating. Every message goes through NLU, policies and (most)
# through the action server and the backend.
OUR_SCRIPTS = [
    [
        "hi",
        "where is my order?",
        "it's #100042",
        "ada.lovelace@example.com",
        "is there something similar in stock?",
        "when will i be charged for the back-order?",
        "notify me of changes",
        "thanks",
        "bye",
        '/feedback{"rating": "5"}',
    ],
    [
        "is the rtx 4090 in stock?",
        "what are your support hours",
        "order 100044 status please, my email is grace.hopper@example.com",
        "what can you do?",
        "do you have the samsung 990 pro 2tb",
        "what am i subscribed to",
        "are you a bot?",
        "bye",
    ],
]
STOCK_SCRIPTS = [
    ["hello", "I am sad", "yes", "are you a bot?", "bye"],
    ["hi", "I am great", "good afternoon", "no", "goodbye"],
]


class Service:
    def __init__(self, name: str, cmd: list[str], health: str, cwd: Path, env: dict, log: Path):
        self.name, self.cmd, self.health, self.cwd, self.env, self.log = (
            name,
            cmd,
            health,
            cwd,
            env,
            log,
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.ready_s: float | None = None  # from start to the first healthy answer

    def start(self) -> None:
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if httpx.get(self.health, timeout=2).status_code == 200:
                    self.ready_s = time.monotonic() - self.started
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not healthy within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process and all its live descendants."""
    table = process_table()
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += table[pid][1] if pid in table else 0.0
        todo += [child for child, (parent, _) in table.items() if parent == pid]
    return total


def cpu_snapshot(services: list[Service]) -> dict[str, float]:
    snapshot = {s.name: cpu_seconds(s.process.pid) for s in services if s.process is not None}
    own = os.times()
    snapshot["client"] = own.user + own.system
    return snapshot


@contextmanager
def running(*services: Service) -> Iterator[None]:
    try:
        for service in services:
            service.start()
            service.wait_healthy()
        yield
    finally:
        for service in reversed(services):
            service.stop()


def base_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/backend.db",
        "BACKEND_URL": f"http://127.0.0.1:{BACKEND_PORT}",
        "BACKEND_API_KEY": secrets.token_hex(16),
        "ACTIONS_PORT": str(ACTIONS_PORT),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONWARNINGS": "ignore",
    }


def rasa_service(
    name: str,
    model: Path,
    port: int,
    cwd: Path,
    env: dict,
    tmp: Path,
    workers: int = 1,
    redis_url: str | None = None,
) -> Service:
    # Served like `backorder up` serves ours: REST channel, HTTP API, the project's endpoints
    # (SQL tracker store in the working directory's var/; with several workers, the Redis lock
    # store `backorder up` adds for RASA_WORKERS > 1).
    (cwd / "var").mkdir(parents=True, exist_ok=True)
    endpoints = rasa_endpoints(
        Settings(rasa_workers=workers, redis_url=redis_url), var_dir=cwd / "var"
    )
    # Our model names components in rasa_components/, which `rasa` imports from its working
    # directory; that is not the repository here.
    env = {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        "SANIC_WORKERS": str(workers),
    }
    return Service(
        name,
        [
            str(RASA_BIN / "rasa"),
            "run",
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(ROOT / "credentials.yml"),
        ],
        f"http://127.0.0.1:{port}/",
        cwd,
        env,
        tmp / f"{name}.log",
    )


async def converse(
    port: int,
    sender: str,
    script: list[str],
    latencies: list[float],
    by_text: dict[str, list[float]] | None = None,
) -> list[list[str]]:
    by_text = {} if by_text is None else by_text
    replies = []
    connection = Connection(port)
    try:
        for text in script:
            start = time.perf_counter()
            answer = await connection.post_json(
                "/webhooks/rest/webhook", {"sender": sender, "message": text}
            )
            latencies.append(time.perf_counter() - start)
            by_text.setdefault(text, []).append(latencies[-1])
            replies.append([m.get("text", "") for m in answer])
    finally:
        await connection.close()
    return replies


async def measure(
    port: int, scripts: list[list[str]], label: str, services: list[Service]
) -> list[dict]:
    results = []
    # Warm-up: the first messages load lazy parts of the model and open connections.
    await converse(port, f"web:warmup-{label}", scripts[0], [])
    for concurrency in CONCURRENCY:
        total = MESSAGES[concurrency]
        latencies: list[float] = []
        by_text: dict[str, list[float]] = {}
        counter = iter(range(10**9))

        async def worker(
            worker_id: int,
            latencies: list[float] = latencies,
            by_text: dict[str, list[float]] = by_text,
            total: int = total,
            counter=counter,
        ) -> None:
            while len(latencies) < total:
                n = next(counter)
                script = scripts[n % len(scripts)]
                await converse(port, f"web:{label}-{worker_id}-{n}", script, latencies, by_text)

        cpu_before = cpu_snapshot(services)
        start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - start
        cpu_after = cpu_snapshot(services)
        bot = services[-1]  # the Rasa server
        ordered = sorted(latencies)
        results.append(
            {
                "bot": label,
                "concurrency": concurrency,
                "messages": len(latencies),
                "msgs_per_s": len(latencies) / elapsed,
                "p50_ms": statistics.median(ordered) * 1000,
                "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
                # The messages that take longest, mean ms (where the tail comes from).
                "slowest": sorted(
                    ((statistics.mean(v) * 1000, t) for t, v in by_text.items()), reverse=True
                )[:4],
                # CPU milliseconds per message, per process (children included).
                "cpu_ms_per_msg": {
                    name: (cpu_after[name] - cpu_before[name]) * 1000 / len(latencies)
                    for name in cpu_after
                },
                # Rasa's start-up (model load included) and resident memory after the run.
                "rasa_ready_s": bot.ready_s,
                "rasa_rss_mb": resident_mb(bot.process.pid) if bot.process else None,
            }
        )
    return results


def our_stack(tmp: Path, env: dict) -> list[Service]:
    seed = subprocess.run(
        [str(APP_BIN / "backorder"), "seed"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if seed.returncode != 0:
        raise RuntimeError(f"seeding failed: {seed.stderr[-2000:]}")
    backend = Service(
        "backend",
        [
            str(APP_BIN / "uvicorn"),
            "backend.app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(BACKEND_PORT),
            "--log-level",
            "warning",
        ],
        f"http://127.0.0.1:{BACKEND_PORT}/healthz",
        ROOT,
        env,
        tmp / "backend.log",
    )
    actions = Service(
        "actions",
        [
            str(APP_BIN / "python"),
            "-m",
            "rasa_sdk",
            "--actions",
            "actions",
            "--port",
            str(ACTIONS_PORT),
        ],
        f"http://127.0.0.1:{ACTIONS_PORT}/health",
        ROOT,
        env,
        tmp / "actions.log",
    )
    return [backend, actions]


def redis_for_workers() -> str | None:
    """The Redis that several Rasa workers can share locks through, if one answers."""
    url = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if not url:
        return None
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2).close()
    except OSError:
        return None
    return url


def stock_bot(tmp: Path, env: dict) -> Service:
    project = tmp / "stock"
    project.mkdir()
    start = time.monotonic()
    init = subprocess.run(
        [str(RASA_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        raise RuntimeError(f"rasa init failed: {init.stdout[-2000:]}{init.stderr[-2000:]}")
    print(f"stock `rasa init` bot trained in {time.monotonic() - start:.0f} s", flush=True)
    return rasa_service("stock", project / "models", STOCK_PORT, project, env, tmp)


def table(rows: list[dict]) -> str:
    lines = [
        "| bot | concurrent conversations | messages | msgs/s | p50 ms | p95 ms "
        "| CPU ms per message | Rasa start s | Rasa RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cpu = ", ".join(f"{name} {ms:.1f}" for name, ms in r["cpu_ms_per_msg"].items())
        lines.append(
            f"| {r['bot']} | {r['concurrency']} | {r['messages']} | {r['msgs_per_s']:.1f} "
            f"| {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {cpu} "
            f"| {r['rasa_ready_s']:.1f} | {r['rasa_rss_mb']:.0f} |"
        )
    lines.append("")
    lines.append("Slowest messages (mean ms), one conversation at a time:")
    for r in rows:
        if r["concurrency"] == 1:
            slowest = "; ".join(f"{text!r} {ms:.0f}" for ms, text in r["slowest"])
            lines.append(f"- {r['bot']}: {slowest}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours-only", action="store_true", help="skip the stock rasa init bot")
    parser.add_argument("--show", action="store_true", help="print our scripted replies and stop")
    parser.add_argument(
        "--model",
        type=Path,
        default=ROOT / "models" / "current.tar.gz",
        help="our model to serve (an earlier build, to compare before and after a change)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-conversation-"))
    env = base_env(tmp)
    rows: list[dict] = []
    model = args.model.resolve()
    redis_url = redis_for_workers()
    worker_counts = [1] if args.show or not redis_url else [1, 2]
    if not redis_url:
        print("no Redis at REDIS_URL / TEST_REDIS_URL: measuring 1 Rasa worker only", flush=True)
    try:
        if not model.exists():
            raise RuntimeError("no trained model: run `make train`")
        services = our_stack(tmp, env)
        with running(*services):
            for workers in worker_counts:
                rasa = rasa_service(
                    "rasa", model, RASA_PORT, tmp / f"ours-{workers}", env, tmp, workers, redis_url
                )
                with running(rasa):
                    if args.show:
                        for n, script in enumerate(OUR_SCRIPTS):
                            replies = asyncio.run(_show(script, f"web:show-{n}"))
                            for text, answer in zip(script, replies, strict=True):
                                print(f"> {text}")
                                for line in answer:
                                    print(f"  {line}")
                        return 0
                    label = "ours" if workers == 1 else f"ours, {workers} Rasa workers"
                    rows += asyncio.run(measure(RASA_PORT, OUR_SCRIPTS, label, [*services, rasa]))
        if not args.ours_only:
            stock = stock_bot(tmp, env)
            with running(stock):
                rows += asyncio.run(measure(STOCK_PORT, STOCK_SCRIPTS, "rasa init", [stock]))
    except RuntimeError as exc:
        print(f"bench/conversation.py: {exc}", file=sys.stderr)
        return 1
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        "\nConversations through the REST channel (latency per message, client on the same machine)"
    )
    print(table(rows))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "conversation.json").write_text(json.dumps(rows, indent=2))
    return 0


async def _show(script: list[str], sender: str) -> list[list[str]]:
    return await converse(RASA_PORT, sender, script, [])


if __name__ == "__main__":
    sys.exit(main())
