"""The action server's one way into the back-order backend.

Typed results in, small domain exceptions out: actions never see httpx or raw JSON. The HTTP
transport can be injected so tests run against `httpx.MockTransport` without a network.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound="BaseModel")

LineStatus = Literal["ready", "backordered", "shipped", "cancelled"]


class BackendError(Exception):
    """Base class of everything the client raises."""


class OrderNotFound(BackendError):
    """Unknown order number or failed verification; the backend does not say which."""


class TooManyAttempts(BackendError):
    """The backend refuses further lookups for a while (HTTP 429)."""


class InvalidLookup(BackendError):
    """The backend rejected the input itself (HTTP 422)."""


class BackendUnavailable(BackendError):
    """Timeout, connection error, 5xx, bad credentials or an unreadable answer."""


class ShipEta(BaseModel):
    earliest: dt.date
    latest: dt.date


class OrderLine(BaseModel):
    line_no: int
    sku: str
    name: str
    quantity: int
    # A plain str, not LineStatus: a status added to the backend later must not break lookups.
    status: str
    allocated_quantity: int = 0
    queue_position: int | None = None
    restock_date: dt.date | None = None
    eta_estimated: bool = False
    # The purchase order due to restock this line is late (the backend sends it; not in the
    # contract's minimum, hence the default).
    overdue: bool = False
    ship_eta: ShipEta | None = None


class Order(BaseModel):
    order_number: str
    placed_at: dt.datetime
    status: str = "open"
    lines: list[OrderLine]


class NextRestock(BaseModel):
    date: dt.date
    quantity: int


class ProductAvailability(BaseModel):
    sku: str
    available: int
    backordered_quantity: int
    next_restock: NextRestock | None = None


class BackendClient:
    """Thin async client for the backend's /v1 API; one instance per call site is fine."""

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

    @classmethod
    def from_settings(cls, transport: httpx.AsyncBaseTransport | None = None) -> BackendClient:
        # Imported here so importing the actions package does no work and reads no settings.
        from backend.settings import get_settings

        settings = get_settings()
        return cls(
            base_url=settings.backend_url,
            api_key=settings.api_key(),
            timeout=settings.backend_timeout,
            transport=transport,
        )

    async def lookup_order(
        self,
        order_number: str,
        email: str | None = None,
        postal_code: str | None = None,
    ) -> Order:
        if not email and not postal_code:
            raise ValueError("lookup_order needs an email or a postal code")
        body: dict[str, str] = {"order_number": order_number}
        if email:
            body["email"] = email
        else:
            body["postal_code"] = postal_code or ""
        response = await self._request("POST", "/v1/orders/lookup", json=body)
        if response.status_code == 404:
            raise OrderNotFound(order_number)
        if response.status_code == 429:
            raise TooManyAttempts(order_number)
        if response.status_code == 422:
            raise InvalidLookup(response.text[:200])
        return self._parse(response, Order)

    async def product_availability(self, sku: str) -> ProductAvailability:
        response = await self._request("GET", f"/v1/products/{quote(sku, safe='')}/availability")
        if response.status_code == 404:
            raise BackendError(f"unknown sku {sku!r}")
        return self._parse(response, ProductAvailability)

    async def _request(self, method: str, path: str, json: object | None = None) -> httpx.Response:
        try:
            async with httpx.AsyncClient(
                base_url=self._base_url,
                timeout=self._timeout,
                transport=self._transport,
                headers={"Authorization": f"Bearer {self._api_key}"},
            ) as client:
                response = await client.request(method, path, json=json)
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
    def _parse(response: httpx.Response, model: type[ModelT]) -> ModelT:
        if response.status_code != 200:
            logger.warning("backend answered unexpected %s", response.status_code)
            raise BackendUnavailable(f"unexpected status {response.status_code}")
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            logger.error("backend answer does not match %s: %s", model.__name__, exc)
            raise BackendUnavailable("unreadable backend answer") from exc
