"""Agent replies and notices go out on the customer's channel, picked by the conversation id."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.channels.outbound import Outbound
from bot.replies import Reply

pytestmark = pytest.mark.anyio

REPLIES: list[Reply] = [{"text": "Hello, this is Sam from support.", "buttons": []}]


@dataclass
class Manager:
    """socket.io's room register: which sockets are in which session's room."""

    rooms: dict[str, list[str]] = field(default_factory=dict)

    def get_participants(self, namespace: str, room: str) -> Any:
        assert namespace == "/"
        return iter((sid, None) for sid in self.rooms.get(room, []))


@dataclass
class Sio:
    manager: Manager = field(default_factory=Manager)


@dataclass
class Web:
    sio: Sio = field(default_factory=Sio)
    sent: list[tuple[str, list[Reply]]] = field(default_factory=list)

    async def send(self, session_id: str, replies: list[Reply]) -> None:
        self.sent.append((session_id, replies))


@dataclass
class Telegram:
    sent: list[tuple[int, list[Reply]]] = field(default_factory=list)

    async def send(self, chat_id: int, replies: list[Reply]) -> None:
        self.sent.append((chat_id, replies))


async def test_a_web_conversation_gets_its_replies_in_the_widget() -> None:
    web, telegram = Web(), Telegram()
    await Outbound(web, telegram).deliver("web:abc12345", REPLIES)  # type: ignore[arg-type]
    assert web.sent == [("abc12345", REPLIES)]
    assert telegram.sent == []


async def test_a_telegram_conversation_gets_its_replies_in_the_chat() -> None:
    web, telegram = Web(), Telegram()
    await Outbound(web, telegram).deliver("tg:4242", REPLIES)  # type: ignore[arg-type]
    assert telegram.sent == [(4242, REPLIES)]
    assert web.sent == []


async def test_without_a_telegram_channel_the_reply_is_logged_not_lost_silently(caplog) -> None:
    caplog.set_level(logging.ERROR, logger="bot.channels.outbound")
    web = Web()
    await Outbound(web, None).deliver("tg:4242", REPLIES)  # type: ignore[arg-type]
    assert web.sent == []
    assert any("no tg channel" in record.getMessage() for record in caplog.records)


async def test_a_notice_shows_in_the_widget_only_while_the_chat_is_open() -> None:
    web = Web()
    outbound = Outbound(web, Telegram())  # type: ignore[arg-type]

    assert not await outbound.show_in_widget("web:abc12345", "Your order ships today.")
    assert web.sent == []

    web.sio.manager.rooms["abc12345"] = ["socket-1"]
    assert await outbound.show_in_widget("web:abc12345", "Your order ships today.")
    assert web.sent == [("abc12345", [{"text": "Your order ships today.", "buttons": []}])]


async def test_a_notice_for_another_channel_is_not_for_the_widget() -> None:
    web = Web()
    web.sio.manager.rooms["4242"] = ["socket-1"]
    assert not await Outbound(web, Telegram()).show_in_widget("tg:4242", "Shipped.")  # type: ignore[arg-type]
    assert web.sent == []
