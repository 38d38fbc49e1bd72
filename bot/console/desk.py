"""The handoff desk: who answers while a ticket owns a conversation, and the way back to the bot.

Customer messages to a ticket are stored in the backend, recorded in Rasa's paused tracker and
pushed to the agents; agent replies go the same ways and out on the customer's channel. Rasa
never predicts while the ticket is open, so the bot stays silent. What the desk itself tells the
customer is in the ticket's language (the bot's `language` slot when it handed over).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.backend_client import BackendClient, BackendUnavailable, TicketConflict
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Button, Reply, from_rasa
from bot.words import WORDS, say

logger = logging.getLogger(__name__)

BACK_TO_BOT_PAYLOAD = "/back_to_bot"
BACK_TO_BOT_INTENT = "back_to_bot"
BACK_TO_BOT_CONFIDENCE = 0.6
# The gateway's own words while a ticket owns the conversation are in bot/words.py (the bot's
# are in domain.yml).
WAITING_ACK = WORDS["en"]["waiting_ack"]

Deliver = Callable[[str, list[Reply]], Awaitable[None]]
# Where a sentence ends, for a message that says two things ("never mind, i'll ask you. is ...").
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


class Live(Protocol):
    async def message(self, ticket_id: int, message: dict[str, Any]) -> None: ...

    async def changed(self) -> None: ...


class NoLive:
    async def message(self, ticket_id: int, message: dict[str, Any]) -> None:
        return None

    async def changed(self) -> None:
        return None


def text_reply(text: str, *, back_button: bool = False, language: str | None = None) -> Reply:
    back: Button = {"title": say("back_to_bot", language), "payload": BACK_TO_BOT_PAYLOAD}
    return {"text": text, "buttons": [back] if back_button else []}


def language_of_ticket(ticket: dict[str, Any]) -> str | None:
    """The customer's language as the ticket stores it (older backends send none)."""
    language = ticket.get("language")
    return language if isinstance(language, str) else None


# "no bot please. human.", "not the bot", "bot istemiyorum": the person, whatever the NLU heard.
_REFUSES_THE_BOT = re.compile(
    r"\b(?:no|not (?:a|the|this)|don'?t want (?:a|the|this|to talk to (?:a|the))|no more"
    r"|stop (?:the|this)) (?:chat)?bot\b|\bbot istemiyorum\b|\bbotla (?:de[ğg]il|konu[şs]mak"
    r" istemiyorum)\b",
    re.IGNORECASE,
)


def wants_the_bot(text: str, parse: dict[str, Any] | None) -> bool:
    if text.strip() == BACK_TO_BOT_PAYLOAD:
        return True
    if _REFUSES_THE_BOT.search(text):
        return False
    intent = (parse or {}).get("intent") or {}
    return bool(
        intent.get("name") == BACK_TO_BOT_INTENT
        and float(intent.get("confidence") or 0) >= BACK_TO_BOT_CONFIDENCE
    )


class HandoffDesk:
    def __init__(self, backend: BackendClient, rasa: RasaClient) -> None:
        self.backend = backend
        self.rasa = rasa
        self.live: Live = NoLive()
        self._deliver: Deliver | None = None

    def deliver_with(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def deliver(self, conversation_id: str, replies: list[Reply]) -> None:
        if self._deliver is None:
            logger.error("no channel to deliver to %s", conversation_id.split(":")[0])
            return
        await self._deliver(conversation_id, replies)

    async def open_ticket(self, conversation_id: str) -> dict[str, Any] | None:
        return await self.backend.open_ticket(conversation_id)

    # --- the customer's side -------------------------------------------------------------

    async def customer_message(
        self, ticket: dict[str, Any], conversation_id: str, text: str
    ) -> list[Reply]:
        ticket_id = int(ticket["id"])
        parse: dict[str, Any] | None = None
        try:
            parse = await self.rasa.parse(text)
        except RasaUnavailable as exc:
            logger.warning("Rasa could not parse a message to ticket %s: %s", ticket_id, exc)
        if ticket["status"] == "waiting":
            rest = await self._the_rest_if_back_to_bot(text, parse)
            if rest is not None:
                back = await self.back_to_bot(ticket_id, conversation_id)
                if back is not None:
                    return back + await self._ask_the_bot(conversation_id, rest)
        message = await self.backend.add_message(ticket_id, "customer", text)
        await self._record(
            self.rasa.log_customer(conversation_id, text, parse or _no_parse(text), ticket_id)
        )
        await self.live.message(ticket_id, message)
        if ticket["status"] == "waiting":
            language = language_of_ticket(ticket)
            return [text_reply(say("waiting_ack", language), back_button=True, language=language)]
        return []  # the agent answers

    async def _the_rest_if_back_to_bot(self, text: str, parse: dict[str, Any] | None) -> str | None:
        """When the customer wants the bot back, what else the message asks ("" for nothing):
        "actually never mind, i can ask you. is the 990 pro in stock?" is read a sentence at a
        time, since the question would outweigh the first sentence. None otherwise."""
        if wants_the_bot(text, parse):
            return ""
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) < 2:
            return None
        try:
            first = await self.rasa.parse(sentences[0])
        except RasaUnavailable:
            return None
        if not wants_the_bot(sentences[0], first):
            return None
        return text[text.index(sentences[1]) :].strip()

    async def _ask_the_bot(self, conversation_id: str, text: str) -> list[Reply]:
        if not text:
            return []
        channel = conversation_id.split(":", 1)[0]
        try:
            messages = await self.rasa.send(conversation_id, text, {"channel": channel})
        except RasaUnavailable as exc:
            logger.warning("Rasa could not answer after going back to the bot: %s", exc)
            return []
        return [from_rasa(m) for m in messages]

    async def back_to_bot(self, ticket_id: int, conversation_id: str) -> list[Reply] | None:
        """Cancels a waiting ticket and gives the conversation back; None if an agent took it."""
        try:
            await self.backend.change(ticket_id, "cancel")
        except TicketConflict:
            return None
        await self.live.changed()
        return await self._resume(conversation_id, "utter_back_to_bot")

    async def _resume(self, conversation_id: str, action: str) -> list[Reply]:
        try:
            return [from_rasa(m) for m in await self.rasa.resume(conversation_id, action)]
        except RasaUnavailable as exc:
            logger.error("resuming %s in Rasa failed: %s", conversation_id.split(":")[0], exc)
            return []

    async def _record(self, call: Awaitable[None]) -> None:
        # The ticket holds the exchange too; a tracker that misses a line is logged, not fatal.
        try:
            await call
        except RasaUnavailable as exc:
            logger.warning("could not record a handoff message in Rasa's tracker: %s", exc)

    async def resume_orphan(self, conversation_id: str) -> bool:
        """Resumes a conversation that Rasa holds paused while no ticket owns it; True if it did.
        Called when the bot said nothing to a message while the backend had no open ticket."""
        try:
            if not await self.rasa.paused(conversation_id):
                return False
            if await self.backend.open_ticket(conversation_id) is not None:
                return False  # a ticket was opened meanwhile: it owns the conversation now
            await self.rasa.resume(conversation_id, None)
        except (RasaUnavailable, BackendUnavailable) as exc:
            logger.error(
                "could not resume a paused %s conversation without a ticket: %s",
                conversation_id.split(":")[0],
                exc,
            )
            return False
        logger.warning(
            "a %s conversation was paused without an open ticket; resumed the bot",
            conversation_id.split(":")[0],
        )
        return True

    # --- the agent's side ----------------------------------------------------------------

    async def claim(self, ticket_id: int, agent: dict[str, Any]) -> dict[str, Any]:
        ticket = await self.backend.change(ticket_id, "claim", agent["id"])
        await self.live.changed()
        joined = say("agent_joined", language_of_ticket(ticket), agent=agent["name"])
        await self.tell(ticket, joined)
        return ticket

    async def reply(self, ticket_id: int, agent: dict[str, Any], text: str) -> dict[str, Any]:
        message = await self.backend.add_message(ticket_id, "agent", text, agent["id"])
        ticket = await self.backend.ticket(ticket_id)
        if ticket is None:
            raise BackendUnavailable("ticket vanished")
        conversation_id = ticket["conversation_id"]
        said = say("agent_says", language_of_ticket(ticket), agent=agent["name"], text=text)
        await self.deliver(conversation_id, [text_reply(said)])
        await self._record(self.rasa.log_agent(conversation_id, text, agent["name"], ticket_id))
        await self.live.message(ticket_id, message)
        return message

    async def release(self, ticket_id: int, agent: dict[str, Any]) -> dict[str, Any]:
        ticket = await self.backend.change(ticket_id, "release", agent["id"])
        await self.live.changed()
        await self.tell(ticket, say("agent_left", language_of_ticket(ticket), agent=agent["name"]))
        return ticket

    async def resolve(self, ticket_id: int, agent: dict[str, Any]) -> dict[str, Any]:
        ticket = await self.backend.change(ticket_id, "resolve", agent["id"])
        await self.live.changed()
        replies = await self._resume(ticket["conversation_id"], "action_handoff_resolved")
        if replies:
            await self.deliver(ticket["conversation_id"], replies)
        return ticket

    async def tell(self, ticket: dict[str, Any], text: str) -> None:
        """A line from the support desk itself: to the customer, the ticket and the tracker."""
        ticket_id = int(ticket["id"])
        await self.deliver(ticket["conversation_id"], [text_reply(text)])
        message = await self.backend.add_message(ticket_id, "system", text)
        await self._record(
            self.rasa.log_agent(ticket["conversation_id"], text, "support desk", ticket_id)
        )
        await self.live.message(ticket_id, message)


def _no_parse(text: str) -> dict[str, Any]:
    return {"text": text, "intent": {"name": None, "confidence": 0.0}, "entities": []}
