"""Messages that start outside a customer's turn, sent on the customer's own channel.

An agent's reply, the bot's words after a handoff and a notice for a customer with the chat open
are addressed by conversation id (`web:<session id>`, `tg:<chat id>`); the prefix picks the
channel.
"""

from __future__ import annotations

import logging

from bot.channels.telegram import TelegramChannel
from bot.channels.web import WebChannel
from bot.replies import Reply

logger = logging.getLogger(__name__)


class Outbound:
    def __init__(self, web: WebChannel, telegram: TelegramChannel | None) -> None:
        self.web = web
        # None when no Telegram token is set: the gateway then runs no Telegram channel.
        self.telegram = telegram

    async def deliver(self, conversation: str, replies: list[Reply]) -> None:
        """Agent replies and the bot's words after a handoff, on the customer's channel."""
        channel, _, address = conversation.partition(":")
        if channel == "web":
            await self.web.send(address, replies)
        elif channel == "tg" and self.telegram is not None:
            await self.telegram.send(int(address), replies)
        else:
            logger.error("no %s channel to deliver a handoff message to", channel)

    async def show_in_widget(self, conversation: str, text: str) -> bool:
        """A notice for a web customer with the chat open appears there too; False when the
        conversation is not a web one or no socket of its session is connected."""
        if not conversation.startswith("web:"):
            return False
        session_id = conversation.removeprefix("web:")
        if not any(True for _ in self.web.sio.manager.get_participants("/", session_id)):
            return False
        await self.web.send(session_id, [{"text": text, "buttons": []}])
        return True
