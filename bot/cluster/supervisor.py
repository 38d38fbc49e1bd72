"""`BACKORDER_INSTANCES=N backorder up`: N instances of every service behind HAProxy, supervised.

Instance i (1..N) of each service listens on the service's base port + i; HAProxy (Debian's
`haproxy`, configured by bot/cluster/haproxy.py) listens on the base ports, so the services reach
each other only through it: the gateways call BACKEND_PORT and RASA_PORT, Rasa calls ACTIONS_PORT,
the actions call BACKEND_PORT. Every gateway runs a delivery worker (N in all; they share the
outbox through `FOR UPDATE SKIP LOCKED` leases).

Unlike the single stack (honcho, where one process stopping stops all), a process that dies here is
started again: after 1 s, doubling up to 30 s while it keeps dying within 10 s of its start. Its
old process group is killed first, so nothing it left behind holds its port. Ctrl-C or SIGTERM
stops everything (SIGTERM, then SIGKILL after 20 s).

Each process's output is printed with its name (`rasa-2 | ...`); the supervisor's own lines are
`up | ...`, among them `started NAME pid PID` and `NAME exited with RC; restarting in S s`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from backorder_common.settings import VAR_DIR, Settings
from bot import stack
from bot.cluster.haproxy import config, pools

RESTART_FIRST = 1.0
RESTART_MAX = 30.0
STABLE_AFTER = 10.0  # a process that ran this long before dying is restarted after RESTART_FIRST
STOP_GRACE = 20.0
# Rasa's lock store: how long a conversation's ticket lives, so how long a Rasa instance killed
# mid-message keeps that conversation locked (Rasa's default: 60 s). Nobody alive holds one
# longer: a gateway waits at most 9 s for Rasa (bot/app.py, MAX_RASA_WAIT), then hangs up, and Rasa
# (Sanic) cancels the message's handling, which gives its ticket back.
TICKET_LOCK_LIFETIME = "10"
SERVICES = ("backend", "actions", "rasa", "gateway")


def haproxy_binary() -> str:
    # Debian puts it in /usr/sbin, which a user's PATH may lack.
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"])
    found = shutil.which("haproxy", path=path)
    if found is None:
        raise stack.StackError("haproxy is not installed: run `make setup` (Debian's haproxy)")
    return found


@dataclass
class Member:
    """One supervised process."""

    name: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    delay: float = RESTART_FIRST
    start_at: float | None = 0.0  # when to (re)start it; None while it runs
    restarts: int = 0
    pumps: list[threading.Thread] = field(default_factory=list)


class Supervisor:
    def __init__(self, members: list[Member], out: IO[str] | None = None) -> None:
        self.members = members
        self.out = out or sys.stdout
        self.stopping = threading.Event()
        self._print = threading.Lock()

    def say(self, name: str, text: str) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        with self._print:
            for line in text.splitlines() or [""]:
                self.out.write(f"{stamp} {name:<10} | {line}\n")
            self.out.flush()

    def _pump(self, member: Member, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self.say(member.name, raw.decode(errors="replace").rstrip("\n"))
        stream.close()

    def start(self, member: Member) -> None:
        process = subprocess.Popen(
            member.command,
            env=member.env,
            cwd=stack.ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, with any children
        )
        member.process, member.started_at, member.start_at = process, time.monotonic(), None
        assert process.stdout is not None
        pump = threading.Thread(target=self._pump, args=(member, process.stdout), daemon=True)
        pump.start()
        member.pumps = [pump]
        self.say("up", f"started {member.name} pid {process.pid}")

    @staticmethod
    def _kill_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def check(self) -> None:
        """One round: notice who died, start who is due."""
        now = time.monotonic()
        for member in self.members:
            process = member.process
            if process is not None and member.start_at is None and process.poll() is not None:
                ran = now - member.started_at
                if ran >= STABLE_AFTER:  # it had been working: back to a quick restart
                    member.delay = RESTART_FIRST
                wait, member.delay = member.delay, min(RESTART_MAX, member.delay * 2)
                self._kill_group(process, signal.SIGKILL)  # what it left behind
                member.start_at = now + wait
                member.restarts += 1
                self.say(
                    "up",
                    f"{member.name} exited with {process.returncode} after {ran:.0f} s;"
                    f" restarting in {wait:g} s",
                )
            if member.start_at is not None and now >= member.start_at:
                self.start(member)

    def stop_all(self) -> None:
        running = [m.process for m in self.members if m.process and m.process.poll() is None]
        for process in running:
            self._kill_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say("up", f"pid {process.pid} did not stop in {STOP_GRACE:g} s; killing it")
                self._kill_group(process, signal.SIGKILL)
                process.wait()
        for member in self.members:
            for pump in member.pumps:
                pump.join(2)


def members(settings: Settings, instances: int, var_dir: Path = VAR_DIR) -> list[Member]:
    """HAProxy and N processes of each service, with their environments."""
    local = "127.0.0.1"
    internal = settings.model_copy(
        update={
            "backend_url": f"http://{local}:{settings.backend_port}",
            "rasa_url": f"http://{local}:{settings.rasa_port}",
            "actions_url": f"http://{local}:{settings.actions_port}",
        }
    )
    endpoints = stack.rasa_endpoints(internal, var_dir)
    env = stack.child_environment(internal)
    env["ACTIONS_URL"] = internal.actions_endpoint()
    haproxy_cfg = var_dir / "haproxy.cfg"
    haproxy_cfg.write_text(config(settings, instances))
    found: list[Member] = [
        Member("haproxy", [haproxy_binary(), "-db", "-f", str(haproxy_cfg)], dict(env))
    ]
    for name in SERVICES:
        pool = next(p for p in pools(settings) if p.name == name)
        for index in range(1, instances + 1):
            port = pool.instance_port(index)
            line = stack.command(name, internal, port, endpoints)
            own = dict(env)
            if name == "rasa":
                own["TICKET_LOCK_LIFETIME"] = TICKET_LOCK_LIFETIME
            found.append(Member(f"{name}-{index}", shlex.split(line), own))
    return found


def health_checks(settings: Settings, instances: int) -> list[stack.Service]:
    """Every instance directly, then every front of the balancer."""
    checks = []
    for pool in pools(settings):
        for index in [*range(1, instances + 1), 0]:
            port = pool.instance_port(index)
            name = f"{pool.name}-{index}" if index else f"{pool.name} (balancer)"
            checks.append(
                stack.Service(
                    name,
                    port,
                    "",
                    f"http://127.0.0.1:{port}{pool.health_path}",
                    f"{pool.name.upper()}_PORT",
                )
            )
    return checks


def banner(settings: Settings, instances: int) -> str:
    return "\n".join(
        [
            stack.banner(settings).rstrip("\n"),
            f"  cluster      {instances} instances of each service behind HAProxy;"
            " instance i listens on the base port + i",
            "",
        ]
    )


def run(settings: Settings, timeout: float = stack.START_TIMEOUT) -> int:
    """Start the cluster and supervise it until Ctrl-C or SIGTERM."""
    instances = settings.backorder_instances or 1
    stack.check_model()
    stack.check_ports_free(health_checks(settings, instances))
    VAR_DIR.mkdir(exist_ok=True)
    supervisor = Supervisor(members(settings, instances))
    failed = threading.Event()

    def watch() -> None:
        def say(text: str) -> None:
            supervisor.say("up", text)

        if stack.wait_until_healthy(health_checks(settings, instances), say, timeout):
            say(banner(settings, instances))
        else:
            failed.set()
            supervisor.stopping.set()

    def stop(signum: int, _frame: object) -> None:
        supervisor.stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        threading.Thread(target=watch, daemon=True, name="cluster-health").start()
        while not supervisor.stopping.is_set():
            supervisor.check()
            supervisor.stopping.wait(0.25)
    finally:
        supervisor.say("up", "stopping every process")
        supervisor.stop_all()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failed.is_set():
        print(
            "backorder up: the cluster did not come up in time (its lines are above); every"
            " process has been stopped.",
            file=sys.stderr,
        )
        return 1
    return 0
