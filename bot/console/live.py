"""Live updates for the agents' browsers: socket.io namespace /agent, room "agents".

Only browsers with a live session that may see the queue connect (not one logged in with the
one-time password before the agent chose their own); a socket whose session ends (logout, a
password change, expiry) is disconnected within a poll. The queue (tickets and the panel's
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

from bot.backend_client import BackendClient, BackendUnavailable
from bot.console.customers import Customers
from bot.console.presence import HEARTBEAT_SECONDS, Presence
from bot.console.sessions import COOKIE, AgentSession, ConsoleSessions, parse_cookie_header

logger = logging.getLogger(__name__)

NAMESPACE = "/agent"
ROOM = "agents"
POLL_SECONDS = 1.0


class AgentLive:
    def __init__(
        self,
        sio: socketio.AsyncServer,
        backend: BackendClient,
        sessions: ConsoleSessions,
        customers: Customers,
        presence: Presence,
    ) -> None:
        self.sio = sio
        self.backend = backend
        self.sessions = sessions
        self.customers = customers
        self.presence = presence
        self._beat_at = 0.0
        self._connected: dict[str, AgentSession] = {}
        self._last_queue: Any = None
        self._stop = asyncio.Event()
        sio.on("connect", self.on_connect, namespace=NAMESPACE)
        sio.on("disconnect", self.on_disconnect, namespace=NAMESPACE)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        cookies = parse_cookie_header(environ.get("HTTP_COOKIE"))
        session = await self.sessions.read(cookies.get(COOKIE))
        if session is None or session.must_change_password:
            return False  # socket.io refuses the connection
        self._connected[sid] = session
        await self.sio.enter_room(sid, ROOM, namespace=NAMESPACE)
        await self.presence.heartbeat([session.agent_id])
        try:
            queue = await self.customers.queue(await self.backend.queue())
            await self.sio.emit("queue", queue, to=sid, namespace=NAMESPACE)
        except BackendUnavailable as exc:
            logger.warning("queue for a new console connection: %s", exc)
        return True

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self._connected.pop(sid, None)

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
        # The waits grow every second; the browsers count them on. A push is for a change.
        changed = _without_waits(queue)
        if force or changed != self._last_queue:
            self._last_queue = changed
            queue = await self.customers.queue(queue)
            await self.sio.emit("queue", queue, room=ROOM, namespace=NAMESPACE)

    async def run(self) -> None:
        """Polls the queue while agents are connected to this gateway, until stop()."""
        while not self._stop.is_set():
            if self._connected:
                await self.drop_ended_sessions()
            if self._connected:
                await self.push_queue()
                now = asyncio.get_running_loop().time()
                if now - self._beat_at >= HEARTBEAT_SECONDS:
                    self._beat_at = now
                    await self.presence.heartbeat(s.agent_id for s in self._connected.values())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), POLL_SECONDS)

    async def drop_ended_sessions(self) -> None:
        """Disconnects the sockets whose session was ended (on any gateway) or expired."""
        for sid, session in list(self._connected.items()):
            try:
                alive = await self.sessions.alive(session)
            except Exception as exc:  # the state (Redis) is down: keep sockets, retry next poll
                logger.warning("could not check a console session: %r", exc)
                return
            if not alive:
                self._connected.pop(sid, None)
                await self.sio.disconnect(sid, namespace=NAMESPACE)

    def stop(self) -> None:
        self._stop.set()


def _without_waits(queue: dict[str, Any]) -> Any:
    tickets = [{k: v for k, v in t.items() if k != "waited_seconds"} for t in queue["tickets"]]
    stats = {k: v for k, v in queue.get("stats", {}).items() if k != "oldest_wait_seconds"}
    return {"tickets": tickets, "stats": stats}
