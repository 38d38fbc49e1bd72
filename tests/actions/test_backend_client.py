import asyncio
import datetime as dt
import json
import re
import sys

import httpx
import pytest

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    InvalidLookup,
    OrderNotFound,
    TooManyAttempts,
)
from tests.actions.factories import client_with, line_json, order_json, responding

pytestmark = pytest.mark.anyio


async def test_lookup_posts_the_body_with_the_bearer_token_and_parses_the_order() -> None:
    seen: list[httpx.Request] = []
    client = client_with(responding(200, order_json(), seen))

    order = await client.lookup_order("100042", email="jane@example.com")

    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == "http://backend.test/v1/orders/lookup"
    assert request.headers["Authorization"] == "Bearer test-key"
    assert json.loads(request.content) == {"order_number": "100042", "email": "jane@example.com"}
    assert order.order_number == "100042"
    line = order.lines[0]
    assert line.status == "backordered"
    assert line.restock_date == dt.date(2026, 12, 9)
    assert line.ship_eta is not None and line.ship_eta.latest == dt.date(2026, 12, 14)


async def test_lookup_by_postal_code_and_nullable_fields() -> None:
    seen: list[httpx.Request] = []
    body = order_json(
        lines=[
            line_json(restock_date=None, eta_estimated=True),
            line_json(line_no=2, status="shipped", queue_position=None, ship_eta=None),
        ]
    )
    client = client_with(responding(200, body, seen))

    order = await client.lookup_order("100042", postal_code="34710")

    assert json.loads(seen[0].content) == {"order_number": "100042", "postal_code": "34710"}
    assert order.lines[0].restock_date is None and order.lines[0].eta_estimated
    assert order.lines[1].ship_eta is None


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, OrderNotFound),
        (429, TooManyAttempts),
        (422, InvalidLookup),
        (401, BackendUnavailable),
        (500, BackendUnavailable),
        (503, BackendUnavailable),
    ],
)
async def test_error_statuses_become_domain_errors(status: int, error: type[Exception]) -> None:
    client = client_with(responding(status))
    with pytest.raises(error):
        await client.lookup_order("100042", email="jane@example.com")


async def test_connection_errors_and_timeouts_mean_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def too_slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    for handler in (refuse, too_slow):
        with pytest.raises(BackendUnavailable):
            await client_with(handler).lookup_order("100042", email="jane@example.com")


async def test_an_unreadable_answer_means_unavailable() -> None:
    client = client_with(responding(200, {"order_number": "100042"}))
    with pytest.raises(BackendUnavailable):
        await client.lookup_order("100042", email="jane@example.com")


async def test_lookup_needs_a_verification() -> None:
    with pytest.raises(ValueError):
        await client_with(responding(200, order_json())).lookup_order("100042")


async def test_product_availability() -> None:
    seen: list[httpx.Request] = []
    body = {
        "sku": "GPU-4070-12G",
        "available": 0,
        "backordered_quantity": 7,
        "price": "1999.00",
        "next_restock": {"date": "2026-12-09", "quantity": 10},
    }
    availability = await client_with(responding(200, body, seen)).product_availability(
        "GPU-4070-12G"
    )
    assert seen[0].url.path == "/v1/products/GPU-4070-12G/availability"
    assert availability.next_restock is not None
    assert availability.next_restock.date == dt.date(2026, 12, 9)


async def test_one_connection_pool_serves_every_call_and_keeps_the_timeout() -> None:
    client = client_with(responding(200, order_json()))

    await client.lookup_order("100042", email="jane@example.com")
    pool = client._http()
    await client.lookup_order("100042", postal_code="34710")

    assert client._http() is pool
    assert pool.timeout == httpx.Timeout(1.0)
    await client.aclose()


def test_from_settings_shares_one_client_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from actions import backend_client

    monkeypatch.setenv("BACKEND_API_KEY", "test-key")
    backend_client._shared_client.cache_clear()
    try:
        assert BackendClient.from_settings() is BackendClient.from_settings()
    finally:
        backend_client._shared_client.cache_clear()


class _ModuleLookups:
    """A `sys.meta_path` finder that records every module Python searches for and finds none."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.names.append(name)


async def test_a_request_over_a_real_connection_searches_for_no_module() -> None:
    # httpcore imports sniffio inside every request; when it is missing each call pays a failed
    # import (a search of sys.path, ~40 us) several times per request.
    body = json.dumps(order_json()).encode()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while head := await reader.readuntil(b"\r\n\r\n"):
            length = int(re.search(rb"content-length: *(\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                b"content-length: %d\r\n\r\n%s" % (len(body), body)
            )
            await writer.drain()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = BackendClient(base_url=f"http://127.0.0.1:{port}", api_key="k", timeout=5.0)
    lookups = _ModuleLookups()
    try:
        await client.lookup_order("100042", email="jane@example.com")  # imports what it needs
        sys.meta_path.insert(0, lookups)
        try:
            order = await client.lookup_order("100042", email="jane@example.com")
        finally:
            sys.meta_path.remove(lookups)
    finally:
        await client.aclose()
        server.close()
    assert order.order_number == "100042"
    assert lookups.names == []
