"""Who the customer is, for the console's cards: the display name their channel gave (Telegram's
first and last name), kept in the console state (Redis with REDIS_URL) for 30 days, and the queue
and tickets as the backend sends them, with that name and the reason in words added."""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError

from bot.console.prose import display_name, reason_words, ticket_prose
from bot.console.state import ConsoleState

logger = logging.getLogger(__name__)

KEEP_SECONDS = 30 * 24 * 3600
MAX_NAME = 80


def _key(conversation_id: str) -> str:
    return f"customer-name:{conversation_id}"


class Customers:
    def __init__(self, state: ConsoleState) -> None:
        self.state = state

    async def remember(self, conversation_id: str, name: str) -> None:
        """Called by a channel for each message; a failure only costs the name on a card."""
        name = " ".join(name.split())[:MAX_NAME]
        if not name:
            return
        try:
            await self.state.put(_key(conversation_id), name, KEEP_SECONDS)
        except RedisError as exc:  # the message still goes through
            logger.warning("could not keep a customer's display name: %r", exc)

    async def _name(self, conversation_id: str) -> str | None:
        try:
            return await self.state.get(_key(conversation_id))
        except RedisError as exc:
            logger.warning("could not read a customer's display name: %r", exc)
            return None

    async def card(self, ticket: dict[str, Any]) -> dict[str, Any]:
        """A queue ticket with `display_name` and `reason_text`."""
        conversation = str(ticket.get("conversation_id", ""))
        name = display_name(conversation, await self._name(conversation), ticket.get("email"))
        return {**ticket, "display_name": name, "reason_text": reason_words(str(ticket["reason"]))}

    async def queue(self, queue: dict[str, Any]) -> dict[str, Any]:
        return {**queue, "tickets": [await self.card(t) for t in queue.get("tickets", [])]}

    async def ticket(self, ticket: dict[str, Any]) -> dict[str, Any]:
        """A ticket's detail with the name, the reason in words and the summary as prose."""
        slots = (ticket.get("summary") or {}).get("slots") or {}
        card = await self.card({**ticket, "email": slots.get("email")})
        # The ticket stores the language; a backend from before it did not, the slot has it.
        language = ticket.get("language") or slots.get("language")
        return {**card, "prose": ticket_prose(ticket), "language": language}
