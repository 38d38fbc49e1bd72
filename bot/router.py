"""Who answers a conversation: the bot, or the support agents while a handoff ticket owns it.

Channels call `Router.route()` with the conversation id (`web:<session>`, `tg:<chat>`) and the
user's text, and get back channel-neutral replies to render. The router never raises: when Rasa
fails it logs why and answers with a short apology, so the customer is never left in silence.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from bot.backend_client import BackendUnavailable
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Reply, apology, from_rasa, text_reply
from bot.text import clean_text

logger = logging.getLogger(__name__)

# Rasa held the conversation paused with no ticket open (a handoff that ended while Rasa could not
# be told, or a ticket the backend no longer has): the bot takes over again and says so.
RESUMED = "Your request for an agent is no longer open, so I'm answering again."


class Handoffs(Protocol):
    """What the router asks of the handoff desk (`bot.console.desk.HandoffDesk`)."""

    async def open_ticket(self, conversation_id: str) -> dict[str, Any] | None:
        """The conversation's open ticket, or None when the bot owns it."""
        ...

    async def customer_message(
        self, ticket: dict[str, Any], conversation_id: str, text: str
    ) -> list[Reply]:
        """The customer's message to the ticket; what the customer hears back."""
        ...

    async def resume_orphan(self, conversation_id: str) -> bool:
        """Resumes a paused conversation that no ticket owns; True if it did."""
        ...


def channel_of(conversation_id: str) -> str:
    return conversation_id.split(":", 1)[0]


class Router:
    def __init__(self, rasa: RasaClient, desk: Handoffs | None = None) -> None:
        self.rasa = rasa
        self.desk = desk

    async def route(self, conversation_id: str, text: str) -> list[Reply]:
        text = clean_text(text)
        channel = channel_of(conversation_id)
        no_ticket = False
        if self.desk is not None:
            try:
                ticket = await self.desk.open_ticket(conversation_id)
                if ticket is not None:
                    return await self.desk.customer_message(ticket, conversation_id, text)
                no_ticket = True
            except BackendUnavailable as exc:
                # Without the backend no ticket can be read or written; the bot (paused or not)
                # is the only one left to answer, and it says the store system is down.
                logger.warning("handoff check failed for a %s message: %s", channel, exc)
        try:
            messages = await self.rasa.send(conversation_id, text, {"channel": channel})
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for a %s message: %s", channel, exc)
            return apology()
        # Silence with no ticket: a paused Rasa conversation that nobody owns any more.
        if (
            not messages
            and no_ticket
            and self.desk is not None
            and await self.desk.resume_orphan(conversation_id)
        ):
            return await self._after_resume(conversation_id, text, channel)
        return [from_rasa(m) for m in messages]

    async def _after_resume(self, conversation_id: str, text: str, channel: str) -> list[Reply]:
        """The customer hears the bot is back, then its answer to what they just wrote."""
        try:
            messages = await self.rasa.send(conversation_id, text, {"channel": channel})
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for a %s message: %s", channel, exc)
            return [text_reply(RESUMED), *apology()]
        return [text_reply(RESUMED), *(from_rasa(m) for m in messages)]
