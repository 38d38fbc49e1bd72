"""Who answers a conversation: the bot, or the support agents while a handoff ticket owns it.

Channels call `Router.route()` with the conversation id (`web:<session>`, `tg:<chat>`) and the
user's text, and get back channel-neutral replies to render. The router never raises: when Rasa
fails it logs why and answers with a short apology, so the customer is never left in silence.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.text import clean_text

if TYPE_CHECKING:
    from bot.console.desk import HandoffDesk

logger = logging.getLogger(__name__)

APOLOGY = "Sorry, I'm having trouble right now. Please try again in a minute."


class Button(TypedDict):
    title: str
    payload: str


class Reply(TypedDict):
    """One bot message, independent of the channel that renders it."""

    text: str | None
    buttons: list[Button]
    image: NotRequired[str]
    attachment: NotRequired[Any]
    elements: NotRequired[list[Any]]
    custom: NotRequired[dict[str, Any]]


def apology() -> list[Reply]:
    return [{"text": APOLOGY, "buttons": []}]


def channel_of(conversation_id: str) -> str:
    return conversation_id.split(":", 1)[0]


def from_rasa(message: dict[str, Any]) -> Reply:
    """Translate one message of Rasa's REST channel into a `Reply`."""
    text = message.get("text")
    buttons: list[Button] = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    reply: Reply = {"text": text if isinstance(text, str) else None, "buttons": buttons}
    if isinstance(message.get("image"), str):
        reply["image"] = message["image"]
    if message.get("attachment") is not None:
        reply["attachment"] = message["attachment"]
    if isinstance(message.get("elements"), list):
        reply["elements"] = message["elements"]
    if isinstance(message.get("custom"), dict):
        reply["custom"] = message["custom"]
    return reply


class Router:
    def __init__(self, rasa: RasaClient, desk: HandoffDesk | None = None) -> None:
        self.rasa = rasa
        self.desk = desk

    async def route(self, conversation_id: str, text: str) -> list[Reply]:
        text = clean_text(text)
        channel = channel_of(conversation_id)
        no_ticket = False
        if self.desk is not None:
            from bot.console.backend_client import BackendUnavailable

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
        from bot.console.desk import RESUMED, text_reply

        try:
            messages = await self.rasa.send(conversation_id, text, {"channel": channel})
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for a %s message: %s", channel, exc)
            return [text_reply(RESUMED), *apology()]
        return [text_reply(RESUMED), *(from_rasa(m) for m in messages)]
