"""The backend's outbox API, as the delivery worker uses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    channel: str
    address: str
    conversation_id: str
    text: str
    attempts: int


class OutboxClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        worker: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.worker = worker
        self.http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/v1/outbox",
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {api_key}"},
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self.http.post(path, json={"worker": self.worker, **body})
        response.raise_for_status()
        return response

    async def claim(self, limit: int, lease_seconds: int) -> list[Message]:
        response = await self._post("/claim", {"limit": limit, "lease_seconds": lease_seconds})
        return [Message(**item) for item in response.json()]

    async def sent(self, message_id: int) -> None:
        await self._post(f"/{message_id}/sent", {})

    async def retry(self, message_id: int, error: str, after_seconds: float | None) -> None:
        await self._post(f"/{message_id}/retry", {"error": error, "after_seconds": after_seconds})

    async def failed(self, message_id: int, error: str, blocked: bool) -> None:
        await self._post(f"/{message_id}/failed", {"error": error, "blocked": blocked})
