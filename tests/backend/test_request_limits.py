"""Bad input gets a clear 4xx, never a 500: NUL and lone surrogates, sizes, ids, dates, unknown
agents; and an unexpected error leaves the caller's connection usable (issue 18)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.app import create_app
from backend.eta import add_business_days, ship_eta
from backorder_common.settings import Settings
from tests.backend import factories
from tests.conftest import API_KEY, TODAY

HANDOFF = {"conversation_id": "web:limits1", "channel": "web", "reason": "asked"}


def refused(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = json.loads(response.content.decode("utf-8"))  # encodable, and JSON
    return body  # type: ignore[no-any-return]


# (key scope, method, path, body) with a string to spoil; NUL broke each on PostgreSQL.
CUSTOMER_BODIES = [
    ("POST", "/v1/orders/lookup", {"order_number": "100042", "email": "{}"}),
    ("POST", "/v1/handoffs", {**HANDOFF, "summary": {"note": "{}"}}),
    ("POST", "/v1/feedback", {**HANDOFF, "rating": 4, "comment": "{}"}),
    (
        "POST",
        "/v1/subscriptions",
        {"conversation_id": "web:abc", "channel": "web", "address": "a@b.co", "sku": "{}"},
    ),
]
OPERATOR_BODIES = [
    (
        "POST",
        "/v1/purchase-orders",
        {"po_number": "{}", "supplier_id": "S", "sku": "X", "quantity": 1,
         "expected_date": "2026-12-09"},
    ),
    ("POST", "/v1/agents/authenticate", {"name": "{}", "password": "secret"}),
]  # fmt: skip


def spoil(body: dict[str, Any], bad: str) -> str:
    return json.dumps(body).replace("{}", bad)


@pytest.mark.parametrize("bad", [r"a\u0000b", r"a\ud800b", r"\udc00"], ids=["nul", "hi", "lo"])
@pytest.mark.parametrize("scope", ["customer", "operator"])
def test_nul_and_lone_surrogates_get_a_422_that_can_be_sent(
    client: TestClient, operator: TestClient, scope: str, bad: str
) -> None:
    caller, cases = (
        (client, CUSTOMER_BODIES) if scope == "customer" else (operator, OPERATOR_BODIES)
    )
    for method, path, body in cases:
        response = caller.request(
            method, path, content=spoil(body, bad), headers={"Content-Type": "application/json"}
        )
        assert refused(response)["code"] == "invalid_request", path


def test_a_surrogate_pair_is_a_character_like_any_other(client: TestClient) -> None:
    body = spoil(CUSTOMER_BODIES[0][2], r"\ud83d\ude00@example.com")
    response = client.post(
        "/v1/orders/lookup", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 404  # taken, and no such order


def test_nul_in_the_path_or_the_query_is_refused(client: TestClient) -> None:
    assert refused(client.get("/v1/products/GPU%00X/availability"))["code"] == "invalid_request"
    assert refused(client.get("/v1/products/search", params={"q": "rtx\x00"}))
    listed = client.get("/v1/subscriptions", params={"conversation_id": "web:a\x00"})
    assert refused(listed)


def test_a_422_names_the_problem_without_echoing_the_input(client: TestClient) -> None:
    secret = "x" * 400 + "@example.com"
    body = refused(client.post("/v1/orders/lookup", json={"order_number": "1", "email": secret}))
    assert body["code"] == "invalid_request"
    assert body["detail"][0]["loc"] == ["body", "email"]
    assert secret not in json.dumps(body)


def test_bodies_over_64_kb_are_refused_before_validation(client: TestClient) -> None:
    big = {"order_number": "100042", "email": "a@b.co", "padding": "x" * 70_000}
    assert refused(client.post("/v1/orders/lookup", json=big), 413)["code"] == "too_large"
    huge = {**HANDOFF, "summary": {"padding": "x" * (3 * 1024 * 1024)}}
    assert refused(client.post("/v1/handoffs", json=huge), 413)["code"] == "too_large"


def test_a_long_transcript_is_kept_to_its_latest_part_with_a_note(client: TestClient) -> None:
    transcript = [{"author": "customer", "text": f"{i:04d} " + "y" * 3995} for i in range(300)]
    transcript[-1]["text"] = "the last one " + "z" * 5000
    opened = client.post("/v1/handoffs", json={**HANDOFF, "transcript": transcript})
    assert opened.status_code == 201, opened.text
    kept = client.get(f"/v1/handoffs/{opened.json()['id']}").json()["transcript"]
    assert kept[0]["author"] == "system"
    assert kept[0]["text"].startswith(f"({300 - len(kept) + 1} earlier messages left out")
    assert kept[1]["text"].startswith(f"{300 - len(kept) + 1:04d} ")  # the latest ones, in order
    assert len(kept) <= 200 and sum(len(entry["text"]) for entry in kept) <= 40_200
    assert kept[-1]["text"].startswith("the last one") and len(kept[-1]["text"]) == 4000


def test_a_short_transcript_is_kept_whole(client: TestClient) -> None:
    transcript = [{"author": "customer", "text": "hi"}, {"author": "bot", "text": "hello"}]
    opened = client.post("/v1/handoffs", json={**HANDOFF, "transcript": transcript})
    kept = client.get(f"/v1/handoffs/{opened.json()['id']}").json()["transcript"]
    assert [entry["text"] for entry in kept] == ["hi", "hello"]


def test_summaries_are_bounded_in_size_and_depth(client: TestClient) -> None:
    large = {**HANDOFF, "summary": {"notes": ["n" * 1000] * 20}}
    assert refused(client.post("/v1/handoffs", json=large))
    deep: dict[str, Any] = {}
    for _ in range(40):
        deep = {"d": deep}
    nested = {**HANDOFF, "summary": deep}
    assert refused(client.post("/v1/handoffs", json=nested))["code"] == "invalid_request"


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64 + 1])
def test_ids_beyond_32_bits_are_refused(client: TestClient, number: int) -> None:
    assert refused(client.get(f"/v1/handoffs/{number}"))
    assert refused(client.post(f"/v1/handoffs/{number}/claim", json={"agent_id": 1}))
    assert refused(client.post("/v1/handoffs/1/claim", json={"agent_id": number}))
    assert refused(client.post(f"/v1/outbox/{number}/sent", json={"worker": "w"}))
    assert refused(
        client.delete(f"/v1/subscriptions/{number}", params={"conversation_id": "web:abc"})
    )
    assert refused(client.post(f"/v1/orders/100042/lines/{number}/cancel", json={"email": "a@b"}))


def test_a_claim_by_an_unknown_agent_is_a_404(client: TestClient) -> None:
    ticket = client.post("/v1/handoffs", json=HANDOFF).json()
    response = client.post(f"/v1/handoffs/{ticket['id']}/claim", json={"agent_id": 987654})
    assert refused(response, 404)["code"] == "unknown_agent"
    # the failed claim left the request's transaction usable: the ticket still waits
    assert (
        client.get("/v1/handoffs/open", params={"conversation_id": "web:limits1"}).json()["status"]
        == "waiting"
    )


def test_purchase_order_dates_stay_within_five_years(
    operator: TestClient, session: Session
) -> None:
    supplier = factories.supplier(session, supplier_id="SUP-D")
    product = factories.product(session, sku="GPU-D", supplier_id=supplier.id)
    factories.purchase_order(session, product, po_number="PO-D")
    order = factories.order(session, [(product, 1)])
    new = {"po_number": "PO-E", "supplier_id": "SUP-D", "sku": "GPU-D", "quantity": 1}
    far = {"expected_date": "9999-12-31"}
    assert refused(operator.post("/v1/purchase-orders", json={**new, **far}))["code"] == (
        "date_out_of_range"
    )
    assert refused(operator.patch("/v1/purchase-orders/PO-D/GPU-D", json=far))
    five_years = {"expected_date": str(TODAY.replace(year=TODAY.year + 5))}
    assert operator.patch("/v1/purchase-orders/PO-D/GPU-D", json=five_years).status_code == 200
    old = {"received_date": "1900-01-01"}
    assert refused(operator.post("/v1/purchase-orders/PO-D/GPU-D/receive", json=old))
    lookup = {"order_number": order.order_number, "email": order.email}
    assert operator.get("/v1/reports/backorders.csv").status_code == 200
    assert operator.post("/v1/orders/lookup", json=lookup).status_code == 403


def test_ship_dates_near_the_end_of_the_calendar_do_not_fail() -> None:
    # a date stored before the bound existed must not fail the lookups waiting on it
    assert add_business_days(dt.date(9999, 12, 30), 3) == dt.date.max
    eta = ship_eta(
        status="backordered",
        restock_date=dt.date(9999, 12, 25),
        today=TODAY,
        handling_days=1,
        lead_time_days=14,
        slip_days=30,
    )
    assert eta is not None and eta.latest == dt.date.max


# --- an unexpected error keeps the connection ------------------------------------------------


@pytest.fixture
def live(settings: Settings, make_session: sessionmaker[Session]) -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings, sessionmaker=make_session)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


def _exchange(connection: socket.socket, path: str) -> tuple[int, bytes]:
    connection.sendall(
        f"GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {API_KEY}\r\n\r\n".encode()
    )
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += connection.recv(65536)
    return int(head.split(b" ")[1]), body


def test_after_a_500_the_same_connection_serves_the_next_request(
    live: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("backend.catalog.service.search", broken)
    with socket.create_connection(("127.0.0.1", live), timeout=10) as connection:
        status, body = _exchange(connection, "/v1/products/search?q=rtx")
        assert status == 500 and json.loads(body)["code"] == "internal"
        status, _ = _exchange(connection, "/healthz")
        assert status == 200


def test_the_test_clock_stays_within_sane_years(operator: TestClient) -> None:
    frozen = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC)
    operator.app.state.settings.backorder_now = frozen  # type: ignore[attr-defined]
    far = operator.put("/v1/handoffs/clock", json={"now": "9999-12-31T23:00:00-05:00"})
    assert refused(far)["code"] == "invalid_request"
    assert operator.put("/v1/handoffs/clock", json={"now": frozen.isoformat()}).status_code == 200
