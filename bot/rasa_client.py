"""The gateway's client for Rasa's REST channel (`POST /webhooks/rest/webhook`).

Every failure (connection refused, an error status, a reply that is not JSON, a reply slower than
the timeout) becomes one `RasaUnavailable`, so callers handle exactly one error.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer usably; the message says what failed, without user data."""


class RasaClient:
    """Sends one user message to Rasa and returns Rasa's replies as it sent them.

    The httpx client is created on first use (nothing happens at construction), so the gateway
    can build its app at import time; `aclose()` releases it on shutdown.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.base_url, timeout=self.timeout, transport=self._transport
            )
        return self._client

    async def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        body = {"sender": conversation_id, "message": text, "metadata": metadata or {}}
        try:
            # httpx's timeout bounds each phase (connect, each read); this bounds the whole call,
            # so a server that trickles bytes cannot hold a customer longer than `timeout`.
            async with asyncio.timeout(self.timeout):
                response = await self._http().post(WEBHOOK_PATH, json=body)
        except TimeoutError as exc:
            raise RasaUnavailable(f"no answer within {self.timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{type(exc).__name__} talking to {self.base_url}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code} from {WEBHOOK_PATH}")
        try:
            replies = response.json()
        except ValueError as exc:
            raise RasaUnavailable("reply is not JSON") from exc
        if not isinstance(replies, list) or not all(isinstance(r, dict) for r in replies):
            raise RasaUnavailable("reply is not a list of messages")
        return replies

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
