"""Live updates for the agents' browsers: socket.io namespace /agent, room "agents".

Only browsers with a valid session cookie may connect. The queue (tickets and the panel's
numbers) is pushed whenever it changes: at once for what this gateway does, and by a poll of the
backend every second while agents are connected, for tickets the action server opens and for
other gateway instances. Messages are pushed as they are stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import socketio

from bot.console.backend_client import BackendUnavailable, HandoffBackend
from bot.console.sessions import COOKIE, SessionSigner, parse_cookie_header

logger = logging.getLogger(__name__)

NAMESPACE = "/agent"
ROOM = "agents"
POLL_SECONDS = 1.0


class AgentLive:
    def __init__(
        self, sio: socketio.AsyncServer, backend: HandoffBackend, signer: SessionSigner
    ) -> None:
        self.sio = sio
        self.backend = backend
        self.signer = signer
        self._connected: set[str] = set()
        self._last_queue: Any = None
        self._stop = asyncio.Event()
        sio.on("connect", self.on_connect, namespace=NAMESPACE)
        sio.on("disconnect", self.on_disconnect, namespace=NAMESPACE)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        cookies = parse_cookie_header(environ.get("HTTP_COOKIE"))
        session = self.signer.read(cookies.get(COOKIE))
        if session is None:
            return False  # socket.io refuses the connection
        self._connected.add(sid)
        await self.sio.enter_room(sid, ROOM, namespace=NAMESPACE)
        try:
            await self.sio.emit("queue", await self.backend.queue(), to=sid, namespace=NAMESPACE)
        except BackendUnavailable as exc:
            logger.warning("queue for a new console connection: %s", exc)
        return True

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self._connected.discard(sid)

    async def message(self, ticket_id: int, message: dict[str, Any]) -> None:
        await self.sio.emit(
            "message", {**message, "ticket_id": ticket_id}, room=ROOM, namespace=NAMESPACE
        )

    async def changed(self) -> None:
        await self.push_queue(force=True)

    async def push_queue(self, *, force: bool = False) -> None:
        try:
            queue = await self.backend.queue()
        except BackendUnavailable as exc:
            logger.warning("could not read the handoff queue: %s", exc)
            return
        if force or queue != self._last_queue:
            self._last_queue = queue
            await self.sio.emit("queue", queue, room=ROOM, namespace=NAMESPACE)

    async def run(self) -> None:
        """Polls the queue while agents are connected to this gateway, until stop()."""
        while not self._stop.is_set():
            if self._connected:
                await self.push_queue()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), POLL_SECONDS)

    def stop(self) -> None:
        self._stop.set()
