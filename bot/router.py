"""Who answers a conversation: the bot, or the support agents while a handoff ticket owns it.

Channels call `Router.route()` with the conversation id (`web:<session>`, `tg:<chat>`), the
user's text and the language the channel reports for the customer (Telegram's `language_code`,
the widget's `customData.language`), and get back channel-neutral replies to render. The
language goes to Rasa in the message's metadata (`{"language": "tr"}`), where the bot's
`language` slot takes it, and picks the language of the router's own words. The router never
raises: when Rasa fails it logs why and answers with a short apology, so the customer is never
left in silence.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from bot.backend_client import BackendUnavailable
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Reply, apology, from_rasa, text_reply
from bot.text import clean_text
from bot.words import WORDS, say

logger = logging.getLogger(__name__)

# Rasa held the conversation paused with no ticket open (a handoff that ended while Rasa could not
# be told, or a ticket the backend no longer has): the bot takes over again and says so.
RESUMED = WORDS["en"]["resumed"]


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

    async def route(
        self, conversation_id: str, text: str, language: str | None = None
    ) -> list[Reply]:
        """`language`: the customer's language as the channel reports it ('en', 'tr'), or None
        when it reports none (Rasa's slot then keeps what it had)."""
        text = clean_text(text)
        channel = channel_of(conversation_id)
        metadata = {"channel": channel} | ({"language": language} if language else {})
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
            messages = await self.rasa.send(conversation_id, text, metadata)
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for a %s message: %s", channel, exc)
            return apology(language)
        # Silence with no ticket: a paused Rasa conversation that nobody owns any more.
        if (
            not messages
            and no_ticket
            and self.desk is not None
            and await self.desk.resume_orphan(conversation_id)
        ):
            return await self._after_resume(conversation_id, text, metadata)
        return [from_rasa(m) for m in messages]

    async def _after_resume(
        self, conversation_id: str, text: str, metadata: dict[str, str]
    ) -> list[Reply]:
        """The customer hears the bot is back, then its answer to what they just wrote."""
        language = metadata.get("language")
        resumed = text_reply(say("resumed", language))
        try:
            messages = await self.rasa.send(conversation_id, text, metadata)
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for a %s message: %s", metadata["channel"], exc)
            return [resumed, *apology(language)]
        return [resumed, *(from_rasa(m) for m in messages)]
