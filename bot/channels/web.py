"""The web channel: the socket.io protocol of the `rasa-webchat` widget.

It speaks what Rasa 3.6's own socketio channel speaks, so the widget works unchanged:
`session_request` → `session_confirm`, `user_uttered` → one `bot_uttered` per reply. Each browser
socket joins a room named by its session id, so a reloaded page or a second tab of the same
session gets the replies too.

The widget sends its `customData` with every message; `customData.language` ("en", "tr", set by
the store page from its own language) is passed to the router as the customer's language.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import socketio

from backorder_common.wording import language_of
from bot.locks import ConversationLock, KeyedLock
from bot.replies import Reply
from bot.router import Router
from bot.text import clean_text
from bot.words import say

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"
# Session ids come from the browser; anything else gets a fresh id instead of becoming a room.
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_MESSAGE_CHARS = 2000


def conversation_id(session_id: str) -> str:
    return f"web:{session_id}"


def language_of_message(data: dict[str, Any]) -> str | None:
    """`customData.language` normalised to 'en' or 'tr'; None when the page set none."""
    custom = data.get("customData")
    code = custom.get("language") if isinstance(custom, dict) else None
    return language_of(code) if isinstance(code, str) and code.strip() else None


def valid_session_id(value: object) -> str | None:
    return value if isinstance(value, str) and _SESSION_ID.match(value) else None


def render(reply: Reply) -> list[dict[str, Any]]:
    """The `bot_uttered` payloads for one reply, in the order Rasa's socketio channel sends them.

    The widget tells message kinds apart by their exact keys ({"text"} alone is text, {"text",
    "quick_replies"} are buttons), so no extra keys go out.
    """
    out: list[dict[str, Any]] = []
    text = reply.get("text")
    if reply["buttons"]:
        out.append(
            {
                "text": text or "",
                "quick_replies": [
                    {"content_type": "text", "title": b["title"], "payload": b["payload"]}
                    for b in reply["buttons"]
                ],
            }
        )
    elif text:
        out.append({"text": text})
    if "custom" in reply:
        custom = reply["custom"]
        # Rasa's channel emits a custom message's "data" when it has one, else the whole object.
        out.append(custom["data"] if isinstance(custom.get("data"), dict) else custom)
    if "image" in reply:
        out.append({"attachment": {"type": "image", "payload": {"src": reply["image"]}}})
    if "attachment" in reply:
        out.append({"attachment": reply["attachment"]})
    for element in reply.get("elements", []):
        out.append(
            {
                "attachment": {
                    "type": "template",
                    "payload": {"template_type": "generic", "elements": element},
                }
            }
        )
    return out


class WebChannel:
    def __init__(
        self, sio: socketio.AsyncServer, router: Router, locks: ConversationLock | None = None
    ) -> None:
        self.sio = sio
        self.router = router
        # Per session; across gateway instances when the gateway has Redis (a reconnect may land
        # on another instance while the first still answers).
        self.locks = locks if locks is not None else KeyedLock()
        # socket id → session id, for messages that arrive without one; local to this process
        # like the socket itself.
        self._sessions: dict[str, str] = {}
        sio.on("connect", self.on_connect)
        sio.on("disconnect", self.on_disconnect)
        sio.on("session_request", self.on_session_request)
        sio.on(USER_EVENT, self.on_user_uttered)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        logger.debug("web socket %s connected", sid)

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self._sessions.pop(sid, None)
        logger.debug("web socket %s disconnected", sid)

    async def _join(self, sid: str, session_id: str) -> None:
        previous = self._sessions.get(sid)
        if previous == session_id:
            return
        if previous is not None:
            await self.sio.leave_room(sid, previous)
        self._sessions[sid] = session_id
        await self.sio.enter_room(sid, session_id)

    async def on_session_request(self, sid: str, data: Any = None) -> None:
        asked = data.get("session_id") if isinstance(data, dict) else None
        session_id = valid_session_id(asked) or uuid.uuid4().hex
        await self._join(sid, session_id)
        await self.sio.emit("session_confirm", session_id, to=sid)

    async def on_user_uttered(self, sid: str, data: Any = None) -> None:
        data = data if isinstance(data, dict) else {}
        text = data.get("message")
        text = clean_text(text) if isinstance(text, str) else None
        if not text or not text.strip():
            # The widget sends its initPayload even when none is configured; nothing to answer.
            logger.debug("web socket %s sent a message without text; ignored", sid)
            return
        session_id = valid_session_id(data.get("session_id")) or self._sessions.get(sid)
        if session_id is None:
            session_id = uuid.uuid4().hex
            await self._join(sid, session_id)
            await self.sio.emit("session_confirm", session_id, to=sid)
        language = language_of_message(data)
        # Take the lock before anything else awaits, so one session's messages keep their order.
        async with self.locks.hold(session_id):
            try:
                await self._join(sid, session_id)
                replies = await self.router.route(
                    conversation_id(session_id), text[:MAX_MESSAGE_CHARS], language
                )
                await self.send(session_id, replies)
            except Exception:
                logger.exception("web channel failed to answer a message")
                await self._emit_safely(session_id, {"text": say("apology", language)})

    async def send(self, session_id: str, replies: list[Reply]) -> None:
        """Deliver replies to every open socket of a session (also for agents and notices)."""
        for reply in replies:
            for payload in render(reply):
                await self.sio.emit(BOT_EVENT, payload, room=session_id)

    async def _emit_safely(self, session_id: str, payload: dict[str, Any]) -> None:
        try:
            await self.sio.emit(BOT_EVENT, payload, room=session_id)
        except Exception:
            logger.exception("web channel could not send the apology either")
