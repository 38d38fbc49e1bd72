"""The action server's one way into the back-order backend.

Typed results in, small domain exceptions out: actions never see httpx or raw JSON. The HTTP
transport can be injected so tests run against `httpx.MockTransport` without a network.
"""

from __future__ import annotations

import asyncio
import logging
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from actions.backend_schemas import (
    Alternative,
    HandoffOpened,
    NextRestock,
    Order,
    OrderLine,
    ProductAvailability,
    ProductMatch,
    RestockChange,
    ShipEta,
    StockedProduct,
    Subscription,
    SwapResult,
)

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT")

LineStatus = Literal["ready", "backordered", "shipped", "cancelled"]

__all__ = [
    "Alternative",
    "BackendClient",
    "BackendError",
    "BackendUnavailable",
    "Conflict",
    "HandoffOpened",
    "InvalidLookup",
    "NextRestock",
    "NotFound",
    "Order",
    "OrderLine",
    "OrderNotFound",
    "ProductAvailability",
    "ProductMatch",
    "ProductNotFound",
    "RestockChange",
    "ShipEta",
    "StockedProduct",
    "Subscription",
    "SwapResult",
    "TooManyAttempts",
]


class BackendError(Exception):
    """Base class of everything the client raises."""


class OrderNotFound(BackendError):
    """Unknown order number or failed verification; the backend does not say which."""


class TooManyAttempts(BackendError):
    """The backend refuses further lookups for a while (HTTP 429)."""

    def __init__(self, order_number: str, retry_after_seconds: int | None = None) -> None:
        super().__init__(order_number)
        self.retry_after_seconds = retry_after_seconds


class InvalidLookup(BackendError):
    """The backend rejected the input itself (HTTP 422)."""


class BackendUnavailable(BackendError):
    """Timeout, connection error, 5xx, bad credentials or an unreadable answer."""


class ProductNotFound(BackendError):
    """No product with that SKU."""


class NotFound(BackendError):
    """The thing addressed (a subscription) does not exist (any more)."""


class Conflict(BackendError):
    """The change is not possible in the current state (HTTP 409); `code` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class BackendClient:
    """Thin async client for the backend's /v1 API.

    An instance keeps one `httpx.AsyncClient` (a keep-alive connection pool) per event loop and
    reuses it: a new client per call cost a TLS context and a TCP connection each time, over a
    third of the action server's CPU (measured, README "Speed"). `from_settings()` hands every
    action the same instance.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_settings(cls, transport: httpx.AsyncBaseTransport | None = None) -> BackendClient:
        """The process's shared client (a new one when a transport is injected)."""
        if transport is not None:
            return cls._from_settings(transport)
        return _shared_client()

    @classmethod
    def _from_settings(cls, transport: httpx.AsyncBaseTransport | None) -> BackendClient:
        # Imported here so importing the actions package does no work and reads no settings.
        from backorder_common.settings import get_settings

        settings = get_settings()
        return cls(
            base_url=settings.backend_url,
            api_key=settings.api_key(),
            timeout=settings.backend_timeout,
            transport=transport,
        )

    def _http(self) -> httpx.AsyncClient:
        # A connection pool belongs to the event loop it was made on; a new loop (a test, a
        # forked worker) gets its own. The old one is left to the garbage collector: its loop is
        # gone or not ours to await on.
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop or self._client.is_closed:
            self._client = httpx.AsyncClient(
                base_url=self._base_url,
                timeout=self._timeout,
                transport=self._transport,
                headers={"Authorization": f"Bearer {self._api_key}"},
            )
            self._client_loop = loop
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def lookup_order(
        self,
        order_number: str,
        email: str | None = None,
        postal_code: str | None = None,
        client_id: str | None = None,
    ) -> Order:
        """`client_id` (the conversation) makes the backend count failed verifications for this
        conversation only: a stranger's guesses don't lock the customer out."""
        if not email and not postal_code:
            raise ValueError("lookup_order needs an email or a postal code")
        body: dict[str, str] = {"order_number": order_number}
        if client_id:
            body["client_id"] = client_id[:200]
        if email:
            body["email"] = email
        else:
            body["postal_code"] = postal_code or ""
        response = await self._request("POST", "/v1/orders/lookup", json=body)
        if response.status_code == 404:
            raise OrderNotFound(order_number)
        if response.status_code == 429:
            raise TooManyAttempts(order_number, _retry_after(response))
        if response.status_code == 422:
            raise InvalidLookup(response.text[:200])
        return self._parse(response, Order)

    async def product_availability(self, sku: str) -> ProductAvailability:
        response = await self._request("GET", f"/v1/products/{_seg(sku)}/availability")
        if response.status_code == 404:
            raise ProductNotFound(sku)
        return self._parse(response, ProductAvailability)

    async def alternatives(self, sku: str, limit: int = 3) -> list[Alternative]:
        response = await self._request(
            "GET", f"/v1/products/{_seg(sku)}/alternatives", params={"limit": limit}
        )
        if response.status_code == 404:
            raise ProductNotFound(sku)
        return self._parse(response, list[Alternative])

    async def search_products(self, query: str, limit: int = 5) -> list[ProductMatch]:
        response = await self._request(
            "GET", "/v1/products/search", params={"q": query, "limit": limit}
        )
        return self._parse(response, list[ProductMatch])

    async def in_stock(
        self, query: str, max_price: Decimal | None = None, limit: int = 20
    ) -> list[StockedProduct]:
        """Products of the kind `query` names ("1tb ssd") that ship now, cheapest first."""
        params: dict[str, Any] = {"q": query, "limit": limit}
        if max_price is not None:
            params["max_price"] = str(max_price)
        response = await self._request("GET", "/v1/products/in-stock", params=params)
        return self._parse(response, list[StockedProduct])

    async def cancel_line(
        self,
        order_number: str,
        line_no: int,
        email: str | None,
        postal_code: str | None,
        quantity: int | None = None,
    ) -> Order:
        """Cancel the line, or `quantity` of its units."""
        path = f"/v1/orders/{_seg(order_number)}/lines/{line_no}/cancel"
        body: dict[str, object] = {**_credentials(email, postal_code)}
        if quantity is not None:
            body = {**body, "quantity": quantity}
        response = await self._request("POST", path, json=body)
        self._raise_order_errors(response, order_number)
        return self._parse(response, Order)

    async def cancel_order(
        self, order_number: str, email: str | None, postal_code: str | None
    ) -> Order:
        path = f"/v1/orders/{_seg(order_number)}/cancel"
        response = await self._request("POST", path, json=_credentials(email, postal_code))
        self._raise_order_errors(response, order_number)
        return self._parse(response, Order)

    async def swap_line(
        self,
        order_number: str,
        line_no: int,
        sku: str,
        email: str | None,
        postal_code: str | None,
    ) -> SwapResult:
        path = f"/v1/orders/{_seg(order_number)}/lines/{line_no}/swap"
        body = {**_credentials(email, postal_code), "sku": sku}
        response = await self._request("POST", path, json=body)
        if response.status_code == 404 and _mentions_product(response):
            raise ProductNotFound(sku)
        self._raise_order_errors(response, order_number)
        return self._parse(response, SwapResult)

    async def subscribe(
        self,
        conversation_id: str,
        channel: str,
        address: str,
        *,
        sku: str | None = None,
        order_number: str | None = None,
        email: str | None = None,
        postal_code: str | None = None,
        language: str = "en",
    ) -> tuple[Subscription, bool]:
        """Creates the subscription; the flag is False when the same one existed already.
        `language` ("en", "tr") is the one its notices are written in."""
        body: dict[str, str] = {
            "conversation_id": conversation_id,
            "channel": channel,
            "address": address,
            "language": language,
        }
        if sku:
            body["sku"] = sku
        else:
            body.update({"order_number": order_number or "", **_credentials(email, postal_code)})
        response = await self._request("POST", "/v1/subscriptions", json=body)
        if response.status_code == 404:
            if sku:
                raise ProductNotFound(sku)
            raise OrderNotFound(order_number or "")
        created = response.status_code == 201
        return self._parse(response, Subscription, ok=(200, 201)), created

    async def subscriptions(self, conversation_id: str) -> list[Subscription]:
        response = await self._request(
            "GET", "/v1/subscriptions", params={"conversation_id": conversation_id}
        )
        return self._parse(response, list[Subscription])

    async def unsubscribe(self, subscription_id: int | str, conversation_id: str) -> None:
        response = await self._request(
            "DELETE",
            f"/v1/subscriptions/{_seg(str(subscription_id))}",
            params={"conversation_id": conversation_id},
        )
        if response.status_code == 404:
            raise NotFound(str(subscription_id))
        if response.status_code not in (200, 204):
            raise BackendUnavailable(f"unexpected status {response.status_code}")

    async def unsubscribe_all(self, conversation_id: str) -> int:
        response = await self._request(
            "DELETE", "/v1/subscriptions", params={"conversation_id": conversation_id}
        )
        return self._parse(response, _Ended).ended

    async def send_feedback(
        self, conversation_id: str, channel: str, rating: int, comment: str | None = None
    ) -> str:
        body: dict[str, object] = {
            "conversation_id": conversation_id,
            "channel": channel,
            "rating": rating,
        }
        if comment:
            body["comment"] = comment
        response = await self._request("POST", "/v1/feedback", json=body)
        return str(self._parse(response, _Created, ok=(200, 201)).id)

    async def open_handoff(
        self,
        conversation_id: str,
        channel: str,
        reason: str,
        summary: dict[str, object],
        transcript: list[dict[str, object]],
    ) -> HandoffOpened:
        """Opens a ticket for the agents (or returns the conversation's open one)."""
        body = {
            "conversation_id": conversation_id,
            "channel": channel,
            "reason": reason,
            "summary": summary,
            "transcript": transcript,
        }
        response = await self._request("POST", "/v1/handoffs", json=body)
        return self._parse(response, HandoffOpened, ok=(200, 201))

    @staticmethod
    def _raise_order_errors(response: httpx.Response, order_number: str) -> None:
        if response.status_code == 404:
            raise OrderNotFound(order_number)
        if response.status_code == 409:
            code, detail = _error_code(response)
            raise Conflict(code, detail)
        if response.status_code == 422:
            raise InvalidLookup(response.text[:200])

    async def _request(
        self,
        method: str,
        path: str,
        json: object | None = None,
        params: dict[str, str | int] | None = None,
    ) -> httpx.Response:
        try:
            response = await self._http().request(method, path, json=json, params=params)
        except httpx.HTTPError as exc:
            logger.warning("backend %s %s failed: %r", method, path, exc)
            raise BackendUnavailable(str(exc)) from exc
        if response.status_code == 401:
            # Our own misconfiguration, but to the customer it is the same as an outage.
            logger.error("backend rejected the API key on %s %s", method, path)
            raise BackendUnavailable("backend rejected the API key")
        if response.status_code >= 500:
            logger.warning("backend %s %s answered %s", method, path, response.status_code)
            raise BackendUnavailable(f"backend answered {response.status_code}")
        return response

    @staticmethod
    def _parse(
        response: httpx.Response, model: type[ModelT], ok: tuple[int, ...] = (200,)
    ) -> ModelT:
        if response.status_code not in ok:
            logger.warning(
                "backend answered unexpected %s on %s", response.status_code, response.request.url
            )
            raise BackendUnavailable(f"unexpected status {response.status_code}")
        try:
            return _adapter(model).validate_json(response.content)
        except ValidationError as exc:
            logger.error("backend answer does not match %s: %s", model, exc)
            raise BackendUnavailable("unreadable backend answer") from exc


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(model: type[ModelT]) -> TypeAdapter[ModelT]:
    # Building a TypeAdapter compiles a validator; do it once per answer type.
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    return adapter


@lru_cache(maxsize=1)
def _shared_client() -> BackendClient:
    return BackendClient._from_settings(None)


class _Ended(BaseModel):
    ended: int


class _Created(BaseModel):
    id: int | str


def _seg(value: str) -> str:
    """One URL path segment: nothing the customer typed can change the path."""
    return quote(value, safe="")


def _credentials(email: str | None, postal_code: str | None) -> dict[str, str]:
    if email:
        return {"email": email}
    if postal_code:
        return {"postal_code": postal_code}
    raise ValueError("an order change needs an email or a postal code")


def _error_body(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_code(response: httpx.Response) -> tuple[str, str]:
    body = _error_body(response)
    return str(body.get("code") or "conflict"), str(body.get("detail") or "")


def _retry_after(response: httpx.Response) -> int | None:
    value = _error_body(response).get("retry_after_seconds")
    return value if isinstance(value, int) else None


def _mentions_product(response: httpx.Response) -> bool:
    body = _error_body(response)
    text = f"{body.get('code', '')} {body.get('detail', '')}".lower()
    return "sku" in text or "product" in text
