"""Builders for action tests: trackers, domain, canned backend answers, a mocked client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rasa_sdk import Tracker
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
