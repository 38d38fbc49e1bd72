"""The gateway's one client for the backend: handoffs and agents (the console and the router),
subscriptions (Telegram's /stop) and the notification outbox (the delivery worker).

One httpx client, one base URL, one key and one timeout for the whole gateway. Handoff calls turn
every transport failure or 5xx into `BackendUnavailable`, a 409 into `TicketConflict` with the
backend's code (`already_claimed`, `not_your_ticket`, ...), a 401 on login into `BadLogin`. The
outbox calls raise httpx's own errors (`HTTPStatusError` on any error status): the delivery worker
tells a lost lease (409) from an outage by them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import quote

import httpx

from backorder_common.settings import Settings

logger = logging.getLogger(__name__)


class BackendUnavailable(Exception):
    pass


class TicketConflict(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class BadLogin(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Message:
    """A notification claimed from the outbox."""

    id: int
    channel: str
    address: str
    conversation_id: str
    text: str
    attempts: int
    subject: str = ""  # for an email, in the subscriber's language (backends before 0014: none)
    language: str = "en"


class BackendClient:
    @classmethod
    def from_settings(cls, settings: Settings) -> BackendClient:
        """The gateway's client (console, router, Telegram's /stop, delivery), as configured."""
        return cls(
            settings.backend_url,
            settings.api_key,
            settings.backend_timeout,
            operator_key=settings.operator_key,
        )

    def __init__(
        self,
        base_url: str,
        api_key: Callable[[], str],
        timeout: float,
        *,
        operator_key: Callable[[], str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        # /v1/agents (the console's logins) takes the backend's operator key.
        self._operator_key = operator_key or api_key
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=self._timeout,
                transport=self._transport,
                headers={"Authorization": f"Bearer {self._api_key()}"},
                # The router, the console and the delivery worker share it: the pools of the
                # separate clients they had before, together.
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=40),
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        operator: bool = False,
    ) -> httpx.Response:
        headers = None
        if operator or path.startswith("/v1/agents"):
            headers = {"Authorization": f"Bearer {self._operator_key()}"}
        try:
            response = await self._http().request(
                method, path, json=json, params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"{type(exc).__name__} on {method} {path}") from exc
        if (
            response.status_code >= 500
            or response.status_code in (401, 403)
            and not path.startswith("/v1/agents")
        ):
            raise BackendUnavailable(f"HTTP {response.status_code} on {method} {path}")
        if response.status_code == 409:
            body = response.json()
            raise TicketConflict(str(body.get("code", "conflict")), str(body.get("detail", "")))
        return response

    @staticmethod
    def _json(response: httpx.Response, ok: tuple[int, ...] = (200,)) -> Any:
        if response.status_code not in ok:
            raise BackendUnavailable(f"unexpected HTTP {response.status_code} from the backend")
        return response.json()

    # --- handoffs and agents --------------------------------------------------------------

    async def open_ticket(self, conversation_id: str) -> dict[str, Any] | None:
        """The conversation's waiting or assigned ticket, or None when the bot owns it."""
        response = await self._call(
            "GET", "/v1/handoffs/open", params={"conversation_id": conversation_id}
        )
        if response.status_code == 404:
            return None
        return self._json(response)  # type: ignore[no-any-return]

    async def queue(self) -> dict[str, Any]:
        return self._json(await self._call("GET", "/v1/handoffs/queue"))  # type: ignore[no-any-return]

    async def ticket(self, ticket_id: int) -> dict[str, Any] | None:
        response = await self._call("GET", f"/v1/handoffs/{ticket_id}")
        if response.status_code == 404:
            return None
        return self._json(response)  # type: ignore[no-any-return]

    async def history(self, ticket_id: int) -> list[dict[str, Any]]:
        """The same customer's other tickets, newest first."""
        response = await self._call("GET", f"/v1/handoffs/{ticket_id}/history")
        if response.status_code == 404:
            return []
        return self._json(response)  # type: ignore[no-any-return]

    async def search_tickets(self, text: str) -> list[dict[str, Any]]:
        """Resolved and cancelled tickets by order number or words."""
        response = await self._call("GET", "/v1/handoffs/search", params={"q": text})
        return self._json(response)  # type: ignore[no-any-return]

    async def add_message(
        self, ticket_id: int, author: str, text: str, agent_id: int | None = None
    ) -> dict[str, Any]:
        body = {"author": author, "text": text, "agent_id": agent_id}
        response = await self._call("POST", f"/v1/handoffs/{ticket_id}/messages", json=body)
        return self._json(response, ok=(201,))  # type: ignore[no-any-return]

    async def change(
        self, ticket_id: int, verb: str, agent_id: int | None = None
    ) -> dict[str, Any]:
        """claim, release, resolve (with the agent) or cancel (the customer)."""
        body = {"agent_id": agent_id} if agent_id is not None else None
        response = await self._call("POST", f"/v1/handoffs/{ticket_id}/{verb}", json=body)
        return self._json(response)  # type: ignore[no-any-return]

    async def authenticate(self, name: str, password: str) -> dict[str, Any]:
        response = await self._call(
            "POST", "/v1/agents/authenticate", json={"name": name, "password": password}
        )
        if response.status_code in (401, 422):
            raise BadLogin()
        return self._json(response)  # type: ignore[no-any-return]

    async def change_password(self, name: str, password: str, new_password: str) -> dict[str, Any]:
        body = {"name": name, "password": password, "new_password": new_password}
        response = await self._call("POST", "/v1/agents/password", json=body)
        if response.status_code in (400, 401, 422):
            raise BadLogin()
        return self._json(response)  # type: ignore[no-any-return]

    # --- an agent's changes to the ticket's verified order (operations: the operator key) -----

    async def _agent_change(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A refusal (no such line, not possible now, not your ticket) is a TicketConflict with
        the backend's code and words, for the agent to read."""
        response = await self._call("POST", path, json=body, operator=True)
        if response.status_code in (404, 422):
            answer = response.json()
            detail = answer.get("detail")
            raise TicketConflict(
                str(answer.get("code", "refused")),
                detail if isinstance(detail, str) else "The store system refused the change.",
            )
        return self._json(response)  # type: ignore[no-any-return]

    async def agent_cancel_line(
        self, ticket_id: int, agent_id: int, line_no: int
    ) -> dict[str, Any]:
        path = f"/v1/handoffs/{ticket_id}/order/lines/{line_no}/cancel"
        return await self._agent_change(path, {"agent_id": agent_id})

    async def agent_swap_line(
        self, ticket_id: int, agent_id: int, line_no: int, sku: str
    ) -> dict[str, Any]:
        path = f"/v1/handoffs/{ticket_id}/order/lines/{line_no}/swap"
        return await self._agent_change(path, {"agent_id": agent_id, "sku": sku})

    async def agent_subscribe(self, ticket_id: int, agent_id: int) -> dict[str, Any]:
        return await self._agent_change(
            f"/v1/handoffs/{ticket_id}/order/subscribe", {"agent_id": agent_id}
        )

    async def alternatives(self, sku: str) -> list[dict[str, Any]]:
        """In-stock products of the same category, best first (empty for an unknown SKU)."""
        response = await self._call("GET", f"/v1/products/{quote(sku, safe='')}/alternatives")
        if response.status_code == 404:
            return []
        return self._json(response)  # type: ignore[no-any-return]

    async def set_presence(self, agent_id: int, available: bool) -> None:
        """Available for the next two minutes (repeat while the console is open), or away."""
        response = await self._call(
            "PUT", f"/v1/agents/{agent_id}/presence", json={"available": available}
        )
        if response.status_code != 200:
            raise BackendUnavailable(f"HTTP {response.status_code} on an agent's presence")

    async def desk_report(self, days: int) -> dict[str, Any]:
        """The supervisor's figures of the last `days` days (an operations report)."""
        response = await self._call(
            "GET", "/v1/reports/handoffs", params={"days": str(days)}, operator=True
        )
        return self._json(response)  # type: ignore[no-any-return]

    # --- the agents' saved replies (the operator key, as /v1/agents) ----------------------

    async def saved_replies(self) -> list[dict[str, Any]]:
        return self._json(await self._call("GET", "/v1/agents/replies"))  # type: ignore[no-any-return]

    async def save_reply(
        self, reply_id: int | None, title: str, text: str, agent_id: int
    ) -> dict[str, Any]:
        """Adds a reply (`reply_id` None) or changes one; TicketConflict `title_taken` or
        `not_found`."""
        body = {"title": title, "text": text, "agent_id": agent_id}
        if reply_id is None:
            response = await self._call("POST", "/v1/agents/replies", json=body)
        else:
            response = await self._call("PUT", f"/v1/agents/replies/{reply_id}", json=body)
        if response.status_code == 404:
            raise TicketConflict("not_found", "That saved reply is gone.")
        return self._json(response, ok=(200, 201))  # type: ignore[no-any-return]

    async def remove_reply(self, reply_id: int) -> None:
        response = await self._call("DELETE", f"/v1/agents/replies/{reply_id}")
        if response.status_code not in (204, 404):  # already gone is gone
            raise BackendUnavailable(f"unexpected HTTP {response.status_code} from the backend")

    # --- subscriptions --------------------------------------------------------------------

    async def stop_subscriptions(self, conversation_id: str) -> bool:
        """Ends every subscription of a conversation; False when the backend could not."""
        try:
            response = await self._http().delete(
                "/v1/subscriptions", params={"conversation_id": conversation_id}
            )
        except httpx.HTTPError as exc:
            logger.error("/stop: the backend is unreachable (%s)", type(exc).__name__)
            return False
        if response.status_code == 404:
            # No subscriptions for this chat, or a backend without the endpoint yet: either way
            # nothing is left to send.
            logger.warning("/stop: the backend answered 404 to DELETE /v1/subscriptions")
            return True
        if response.is_success:
            return True
        logger.error("/stop: the backend answered HTTP %s", response.status_code)
        return False

    # --- the notification outbox ----------------------------------------------------------

    def outbox(self, worker: str) -> Outbox:
        return Outbox(self, worker)

    async def _outbox_post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self._http().post(f"/v1/outbox{path}", json=body)
        response.raise_for_status()
        return response


class Outbox:
    """The outbox API as one delivery worker calls it: its name goes with every call."""

    def __init__(self, backend: BackendClient, worker: str) -> None:
        self.backend = backend
        self.worker = worker

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return await self.backend._outbox_post(path, {"worker": self.worker, **body})

    async def claim(self, limit: int, lease_seconds: int) -> list[Message]:
        response = await self._post("/claim", {"limit": limit, "lease_seconds": lease_seconds})
        known = {f.name for f in fields(Message)}
        return [
            Message(**{k: v for k, v in item.items() if k in known}) for item in response.json()
        ]

    async def sent(self, message_id: int) -> None:
        await self._post(f"/{message_id}/sent", {})

    async def retry(self, message_id: int, error: str, after_seconds: float | None) -> None:
        await self._post(f"/{message_id}/retry", {"error": error, "after_seconds": after_seconds})

    async def failed(self, message_id: int, error: str, blocked: bool) -> None:
        await self._post(f"/{message_id}/failed", {"error": error, "blocked": blocked})
