"""A real backend on a free port (SQLite file, migrated), for the delivery tests."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import insert, text

from backend.app import create_app
from backend.db import make_engine, session_factory
from backend.migrate import upgrade
from backend.models import Notification, Subscription
from backorder_common.settings import Settings
from tests.backend import factories as f
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveBackend:
    url: str
    settings: Settings

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, timeout=10, headers={"Authorization": f"Bearer {API_KEY}"}
        )

    def operator(self) -> httpx.Client:
        """A client with the operator's key: purchase orders, receipts, outbox stats."""
        return httpx.Client(
            base_url=self.url, timeout=10, headers={"Authorization": f"Bearer {OPERATOR_KEY}"}
        )


def serve_backend(database_url: str, **settings: object) -> Iterator[LiveBackend]:
    upgrade(database_url)
    port = free_port()
    config = Settings(
        database_url=database_url,
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        backorder_today=TODAY,
        backend_url=f"http://127.0.0.1:{port}",
        **settings,
    )  # type: ignore[arg-type]
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the backend did not start")
        time.sleep(0.05)
    try:
        yield LiveBackend(config.backend_url, config)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def serve_backend_in_schema(url: str) -> Iterator[LiveBackend]:
    """`serve_backend` on PostgreSQL at `url`, in a schema of its own, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield from serve_backend(f"{url}?options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def live_backend(tmp_path: Path) -> Iterator[LiveBackend]:
    yield from serve_backend(f"sqlite:///{tmp_path / 'backend.db'}")


def fill_outbox(database_url: str, notices: int) -> None:
    """`notices` order updates to as many Telegram chats (1..n), due now, each naming `item-<n>`."""
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        order = f.order(session, [(f.product(session), 1)])
        session.execute(
            insert(Subscription),
            [
                {
                    "conversation_id": f"tg:{chat}",
                    "channel": "telegram",
                    "address": str(chat),
                    "order_id": order.id,
                }
                for chat in range(1, notices + 1)
            ],
        )
        ids = dict(session.execute(text("SELECT address, id FROM subscriptions")).all())
        now = dt.datetime.now(dt.UTC)
        session.execute(
            insert(Notification),
            [
                {
                    "subscription_id": ids[str(chat)],
                    "channel": "telegram",
                    "address": str(chat),
                    "conversation_id": f"tg:{chat}",
                    "kind": "order_update",
                    "order_id": order.id,
                    "facts": [{"line_no": 1, "name": f"item-{chat}", "event": "shipped"}],
                    "not_before": now,
                    "created_at": now,
                }
                for chat in range(1, notices + 1)
            ],
        )
        session.commit()
    engine.dispose()
