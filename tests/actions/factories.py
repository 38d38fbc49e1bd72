"""Builders for action tests: trackers, domain, canned backend answers, a mocked client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from ruamel.yaml import YAML

from actions.backend_client import BackendClient

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"


def load_domain() -> dict[str, Any]:
    return YAML(typ="safe").load(DOMAIN_FILE.read_text())


def make_tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    text: str = "",
    intent: str = "inform",
    active_loop: str | None = None,
) -> Tracker:
    return Tracker(
        sender_id="web:test",
        slots={"verification_failures": 0.0, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def order_json(**overrides: Any) -> dict[str, Any]:
    order: dict[str, Any] = {
        "order_number": "100042",
        "placed_at": "2026-11-03T10:15:00+03:00",
        "status": "open",
        "lines": [line_json()],
    }
    order.update(overrides)
    return order


def line_json(**overrides: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "line_no": 1,
        "sku": "GPU-4070-12G",
        "name": "RTX 4070 12 GB",
        "quantity": 2,
        "status": "backordered",
        "allocated_quantity": 0,
        "queue_position": 3,
        "restock_date": "2026-12-09",
        "eta_estimated": False,
        "ship_eta": {"earliest": "2026-12-10", "latest": "2026-12-14"},
    }
    if overrides.get("status") == "ready" and "ship_eta" not in overrides:
        # In stock: due to leave the business day after the order of 3 Nov (not late).
        line["ship_eta"] = {"earliest": "2026-11-04", "latest": "2026-11-04"}
    line.update(overrides)
    return line


Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler) -> BackendClient:
    return BackendClient(
        base_url="http://backend.test",
        api_key="test-key",
        timeout=1.0,
        transport=httpx.MockTransport(handler),
    )


def responding(status: int, body: Any = None, seen: list[httpx.Request] | None = None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, json=body if body is not None else {"detail": "x"})

    return handler


def routing(
    routes: dict[tuple[str, str], tuple[int, Any]], seen: list[httpx.Request] | None = None
) -> Handler:
    """A fake backend answering by (method, path); anything else is a 500."""

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        status, body = routes.get((request.method, request.url.path), (500, {"detail": "?"}))
        if status == 204:
            return httpx.Response(204)
        return httpx.Response(status, json=body)

    return handler


def down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def user_event(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent}, "entities": entities or []},
    }


def action_event(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def bot_event(text: str, response: str) -> dict[str, Any]:
    """The bot saying `response` (its text, and the response's name as Rasa records it)."""
    return {"event": "bot", "text": text, "metadata": {"utter_action": response}}


def tracker_for(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    sender_id: str = "web:test",
) -> Tracker:
    """A tracker whose latest message is `text`, with the given entities and slots."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    return Tracker(
        sender_id=sender_id,
        slots={"verification_failures": 0.0, **(slots or {})},
        latest_message=latest,
        events=[*(events or []), user_event(text, intent, entities)],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value}


VERIFIED_SLOTS = {
    "order_number": "100042",
    "verified_order_number": "100042",
    "email": "ada.lovelace@example.com",
}


def match_json(sku: str, name: str, score: float = 1.0, **overrides: Any) -> dict[str, Any]:
    body = {
        "sku": sku,
        "name": name,
        "category": "graphics_cards",
        "price": "571.00",
        "currency": "EUR",
        "score": score,
    }
    body.update(overrides)
    return body


# The backend's order lookup, as `routing` keys it.
LOOKUP = ("POST", "/v1/orders/lookup")


async def said_by(action: Any, tracker: Tracker) -> list[str]:
    """The responses an action says for this tracker, in order."""
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, load_domain())
    return [str(m.get("response")) for m in dispatcher.messages]
