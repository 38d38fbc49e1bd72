"""The gateway's one client for Rasa: its REST channel (`POST /webhooks/rest/webhook`) for every
customer message, and its HTTP API (`--enable-api --auth-token`) around a handoff.

While an agent owns a conversation the Rasa tracker stays paused; the gateway appends the
customer's and the agent's messages to it so the tracker keeps the whole exchange, asks the NLU
whether a waiting customer wants the bot back, and on the way back resumes the conversation and
runs the action that greets the customer again.

Every failure (connection refused, an error status, a reply that is not JSON, a reply slower than
the timeout) becomes one `RasaUnavailable`, so callers handle exactly one error; its message says
what failed, without user data.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer usably; the message says what failed, without user data."""


class RasaClient:
    """Rasa's REST channel and HTTP API over one httpx client.

    The httpx client is created on first use (nothing happens at construction), so the gateway
    can build its app at import time; `aclose()` releases it on shutdown. `token` gives the HTTP
    API's token (read when a call needs it); the REST channel needs none.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float,
        *,
        token: Callable[[], str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.base_url, timeout=self.timeout, transport=self._transport
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # --- the REST channel: one customer message, Rasa's replies ----------------------------

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

    # --- the HTTP API: what the gateway needs around a handoff -----------------------------

    def _auth(self) -> dict[str, str]:
        return {"token": self._token()} if self._token is not None else {}

    async def _post(self, path: str, body: Any) -> Any:
        try:
            response = await self._http().post(path, params=self._auth(), json=body)
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{type(exc).__name__} on {path}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code} on {path.split('/')[-1]}")
        return response.json()

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        try:
            response = await self._http().get(path, params={**params, **self._auth()})
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{type(exc).__name__} on {path}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code} on {path.split('/')[-1]}")
        try:
            return response.json()
        except ValueError as exc:
            raise RasaUnavailable(f"{path.split('/')[-1]} did not answer JSON") from exc

    # Rasa (Sanic) takes the conversation id from the path as it is, without percent-decoding:
    # "web:abc" must stay "web:abc" (ids are [A-Za-z0-9_:-] anyway).
    @staticmethod
    def _events_path(conversation_id: str) -> str:
        return f"/conversations/{quote(conversation_id, safe=':')}/tracker/events"

    async def paused(self, conversation_id: str) -> bool:
        """Whether Rasa holds the conversation paused (it then predicts nothing)."""
        path = f"/conversations/{quote(conversation_id, safe=':')}/tracker"
        state = await self._get(path, {"include_events": "NONE"})
        return isinstance(state, dict) and state.get("paused") is True

    async def parse(self, text: str) -> dict[str, Any]:
        return await self._post("/model/parse", {"text": text})  # type: ignore[no-any-return]

    async def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        await self._post(self._events_path(conversation_id), events)

    async def log_customer(
        self, conversation_id: str, text: str, parse_data: dict[str, Any], ticket_id: int
    ) -> None:
        """The customer's message, recorded without a prediction (the tracker is paused)."""
        event = {
            "event": "user",
            "text": text,
            "parse_data": parse_data,
            "timestamp": time.time(),
            "metadata": {"handoff_ticket": ticket_id},
        }
        await self.append(conversation_id, [event])

    async def log_agent(self, conversation_id: str, text: str, agent: str, ticket_id: int) -> None:
        event = {
            "event": "bot",
            "text": text,
            "timestamp": time.time(),
            "metadata": {"agent": agent, "handoff_ticket": ticket_id},
        }
        await self.append(conversation_id, [event])

    async def resume(self, conversation_id: str, then_run: str | None) -> list[dict[str, Any]]:
        """Resumes the paused conversation and runs `then_run` (if any); returns what the bot
        said."""
        await self.append(conversation_id, [{"event": "resume", "timestamp": time.time()}])
        answer: Any = None
        if then_run is not None:
            path = f"/conversations/{quote(conversation_id, safe=':')}/execute"
            answer = await self._post(path, {"name": then_run})
        # `execute` stops after the action; the policies expect the bot to be listening before
        # the customer's next message, as after any turn.
        listen = {"event": "action", "name": "action_listen", "timestamp": time.time()}
        await self.append(conversation_id, [listen])
        messages = answer.get("messages") if isinstance(answer, dict) else None
        return [m for m in messages or [] if isinstance(m, dict)]
