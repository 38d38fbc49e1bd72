"""`backorder up`: the four processes under one supervisor, with one prefixed log stream.

honcho runs the processes (a Procfile runner: prefixed, coloured output, and when one process
stops it stops the rest). Around it we add what honcho lacks: ports checked before anything
starts, a wait until every service answers its health check, and the URLs printed once it does.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from honcho.manager import Manager
from honcho.printer import Message

from backorder_common.settings import VAR_DIR, Settings
from bot.rasa_endpoints import EndpointsError, write_endpoints

ROOT = Path(__file__).resolve().parent.parent
APP_BIN = Path(sys.executable).parent
RASA_BIN = ROOT / ".venv-rasa" / "bin"
MODEL_DIR = ROOT / "models"
START_TIMEOUT = 300.0  # seconds; Rasa loads its model in about a minute on 2 cores


class StackError(Exception):
    """A reason not to start, said in one line."""


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    command: str
    health_url: str
    port_setting: str


def command(name: str, settings: Settings, port: int, endpoints: Path | None = None) -> str:
    """The command line of one process of a service listening on `port`."""
    local = "127.0.0.1"
    if name == "backend":
        return (
            f"{APP_BIN}/uvicorn backend.app:app --host {local} --port {port}"
            f" --workers {settings.backend_workers} --no-access-log"
        )
    if name == "actions":
        return f"{APP_BIN}/python -m rasa_sdk --actions actions --port {port}"
    if name == "rasa":
        return (
            f"env SANIC_WORKERS={settings.rasa_workers} {RASA_BIN}/rasa run --enable-api"
            f" --auth-token {settings.rasa_api_token()}"
            f" --interface {local} --port {port} --model {MODEL_DIR}"
            f" --endpoints {endpoints or rasa_endpoints(settings)}"
            " --credentials credentials.yml"
        )
    if name == "gateway":
        return f"{APP_BIN}/uvicorn bot.app:app --host {local} --port {port} --no-access-log"
    raise ValueError(f"no service called {name}")


def services(settings: Settings) -> list[Service]:
    local = "127.0.0.1"
    return [
        Service(
            "backend",
            settings.backend_port,
            command("backend", settings, settings.backend_port),
            f"http://{local}:{settings.backend_port}/healthz",
            "BACKEND_PORT",
        ),
        Service(
            "actions",
            settings.actions_port,
            command("actions", settings, settings.actions_port),
            f"http://{local}:{settings.actions_port}/health",
            "ACTIONS_PORT",
        ),
        Service(
            "rasa",
            settings.rasa_port,
            command("rasa", settings, settings.rasa_port),
            f"http://{local}:{settings.rasa_port}/status?token={settings.rasa_api_token()}",
            "RASA_PORT",
        ),
        Service(
            "gateway",
            settings.gateway_port,
            command("gateway", settings, settings.gateway_port),
            f"http://{local}:{settings.gateway_port}/healthz",
            "GATEWAY_PORT",
        ),
    ]


def rasa_endpoints(settings: Settings, var_dir: Path = VAR_DIR) -> Path:
    """var/endpoints.yml written from the settings (bot/rasa_endpoints.py)."""
    try:
        return write_endpoints(settings, var_dir)
    except EndpointsError as error:
        raise StackError(str(error)) from None


def check_ports_free(stack: list[Service]) -> None:
    for service in stack:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As the servers bind: a port whose last connections are still in TIME_WAIT after a
            # restart is free for them, and only a live listener counts as "in use".
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", service.port))
            except OSError:
                raise StackError(
                    f"port {service.port} ({service.name}) is already in use: stop what holds it"
                    f" (`lsof -i :{service.port}`) or set {service.port_setting} to another port"
                ) from None


def check_model() -> None:
    if not any(MODEL_DIR.glob("*.tar.gz")):
        raise StackError("no trained Rasa model in models/: run `make train` (or `make run`)")
    if not (RASA_BIN / "rasa").exists():
        raise StackError(".venv-rasa is missing: run `make setup`")


def child_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "BACKEND_API_KEY": settings.api_key(),
            "BACKEND_OPERATOR_KEY": settings.operator_key(),
            "RASA_TOKEN": settings.rasa_api_token(),
            "ACTIONS_PORT": str(settings.actions_port),
            # Rasa imports our own graph components (rasa_components/) from the repository root,
            # whatever directory it runs in.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "BACKEND_URL": settings.backend_url,
            "RASA_URL": settings.rasa_url,
            # Rasa's dependencies print screens of deprecation notices; the tests show ours.
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
        }
    )
    return env


def wait_until_healthy(
    stack: list[Service], say: Callable[[str], None], timeout: float = START_TIMEOUT
) -> bool:
    pending = {service.name: service for service in stack}
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending and time.monotonic() < deadline:
            for name, service in list(pending.items()):
                try:
                    if client.get(service.health_url).status_code == 200:
                        say(f"{name} is ready on port {service.port}")
                        del pending[name]
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
    if pending:
        say(f"not ready after {timeout:.0f} s: {', '.join(pending)}; stopping everything")
        return False
    return True


def banner(settings: Settings) -> str:
    return "\n".join(
        [
            "",
            "The back-order assistant is up:",
            f"  web chat     http://127.0.0.1:{settings.gateway_port}/",
            f"  backend API  http://127.0.0.1:{settings.backend_port}/docs"
            + (
                "  (bearer key: BACKEND_API_KEY)"
                if settings.backend_api_key
                else "  (bearer key in var/backend_api_key)"
            ),
            f"  Rasa         http://127.0.0.1:{settings.rasa_port}/  (internal)",
            "Try order 100042 with ada.lovelace@example.com. Ctrl-C stops everything.",
            "",
        ]
    )


def run(
    settings: Settings, stack: list[Service] | None = None, timeout: float = START_TIMEOUT
) -> int:
    """Start the stack and supervise it until Ctrl-C or until a process stops."""
    stack = stack if stack is not None else services(settings)
    check_model()
    check_ports_free(stack)
    # Rasa's tracker store lives there (endpoints.yml: var/ under Rasa's working directory, ROOT).
    VAR_DIR.mkdir(exist_ok=True)
    manager = Manager()
    env = child_environment(settings)
    for service in stack:
        manager.add_process(service.name, service.command, env=env, cwd=str(ROOT))

    def say(text: str) -> None:
        manager.events.put(
            Message(type="line", data=text + "\n", time=dt.datetime.now(), name="up", colour=None)
        )

    ready = threading.Event()

    def watch() -> None:
        if wait_until_healthy(stack, say, timeout):
            ready.set()
            say(banner(settings))
        else:
            manager.returncode = 1
            manager.terminate()

    threading.Thread(target=watch, daemon=True, name="health-watch").start()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        manager.loop()  # installs its own SIGINT/SIGTERM handlers: Ctrl-C stops every process
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    if not ready.is_set():
        print(
            "backorder up: the stack did not come up: a process stopped during start-up or was"
            " not healthy in time (its lines are above); every process has been stopped.",
            file=sys.stderr,
        )
        return manager.returncode or 1
    return manager.returncode or 0
