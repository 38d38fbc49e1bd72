"""A real backend (SQLite file, the demo data seeded) and a real gateway with a fake Rasa, for
driving the agent console in Chromium: tickets as the action server opens them, an agent who has
chosen a password, and the customer side recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from backend.db import make_engine, session_factory
from backend.handoffs import service as handoffs
from backend.imports.service import load
from backend.seed import demo_batch
from backorder_common.settings import Settings
from bot.app import create_app
from bot.rasa_client import RasaClient
from tests.bot.conftest import free_port, wait_for
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY
from tests.notify.conftest import LiveBackend, serve_backend

PASSWORD = "a long agent password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "console"


@dataclass
class Rasa:
    """Rasa's HTTP API as the handoff desk uses it: records what the tracker is told."""

    events: list[Any] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/tracker/events"):
            self.events.append(json.loads(request.content))
            return httpx.Response(200, json={})
        if path.endswith("/execute"):
            return httpx.Response(200, json={"messages": [{"text": "The bot is back."}]})
        if path == "/model/parse":
            body = json.loads(request.content)
            return httpx.Response(200, json={"text": body["text"], "intent": {"name": "inform"}})
        if path.endswith("/tracker"):
            return httpx.Response(200, json={"paused": False, "events": None})
        return httpx.Response(200, json=[])


@dataclass
class ConsoleStack:
    backend: LiveBackend
    url: str
    app: Any
    rasa: Rasa
    delivered: list[tuple[str, list[Any]]]

    def open_ticket(self, conversation: str, reason: str, summary: dict[str, Any]) -> int:
        now = dt.datetime.now(dt.UTC)
        said = [
            ("customer", "hi", "greet"),
            ("bot", "Hi! I'm the Byte Bazaar assistant. How can I help?", None),
            ("customer", "where is my order", "order_status"),
            ("bot", "Your order: the graphics card is back-ordered, number 1 in the queue.", None),
            ("customer", "can I talk to a person please", "human_handoff"),
        ]
        transcript = [
            {
                "author": author,
                "text": text,
                "intent": intent,
                "at": (now - dt.timedelta(minutes=6 - i)).isoformat(),
            }
            for i, (author, text, intent) in enumerate(said)
        ]
        body = {
            "conversation_id": conversation,
            "channel": "telegram" if conversation.startswith("tg:") else "web",
            "reason": reason,
            "summary": summary,
            "transcript": transcript,
        }
        with self.backend.client() as client:
            opened = client.post("/v1/handoffs", json=body)
            assert opened.status_code == 201, opened.text
            return int(opened.json()["id"])

    def name_customer(self, conversation: str, name: str) -> None:
        # In a thread of its own: Playwright's sync API keeps an event loop in this one.
        remember = self.app.http.state.customers.remember
        thread = threading.Thread(target=lambda: asyncio.run(remember(conversation, name)))
        thread.start()
        thread.join(5)


def verified(order_number: str, email: str, language: str = "en") -> dict[str, Any]:
    return {
        "order_number": order_number,
        "verified": True,
        "intents": ["greet", "order_status", "human_handoff"],
        "slots": {"verified_order_number": order_number, "email": email, "language": language},
    }


def make_agent(database_url: str, name: str) -> None:
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        _, one_time = handoffs.create_agent(session, name)
        handoffs.change_password(session, name, one_time, PASSWORD)
        session.commit()
    engine.dispose()


def serve_console(tmp_path: Path) -> Iterator[ConsoleStack]:
    database_url = f"sqlite:///{tmp_path / 'backend.db'}"
    with contextmanager(serve_backend)(database_url) as backend:
        engine = make_engine(database_url)
        with session_factory(engine)() as session:
            load(session, demo_batch(TODAY))
            session.commit()
        engine.dispose()
        for name in ("Selin", "Mehmet"):
            make_agent(database_url, name)
        rasa = Rasa()
        settings = Settings(
            rasa_url="http://rasa.test",
            backend_url=backend.url,
            backend_api_key=API_KEY,
            backend_operator_key=OPERATOR_KEY,
            agent_session_secret="console test secret",
            telegram_bot_token=None,
            delivery_worker=False,
            redis_url=None,
        )
        client = RasaClient("http://rasa.test", 2.0, transport=httpx.MockTransport(rasa))
        app = create_app(settings, client)
        delivered: list[tuple[str, list[Any]]] = []
        desk = app.http.state.desk
        send = desk._deliver

        async def record(conversation: str, replies: list[Any]) -> None:
            delivered.append((conversation, replies))
            await send(conversation, replies)

        desk.deliver_with(record)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        wait_for(lambda: server.started, 10)
        try:
            yield ConsoleStack(backend, f"http://127.0.0.1:{port}", app, rasa, delivered)
        finally:
            server.should_exit = server.force_exit = True
            thread.join(10)
