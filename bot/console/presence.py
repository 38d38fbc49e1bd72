"""Presence: an agent is available while their console is open and they have not chosen "away".

The choice is kept in the console state (Redis with REDIS_URL), so it survives a reload and is
the same on every gateway. The backend hears it as `available_until`, two minutes ahead, renewed
by a heartbeat: at login, when a console connects, and every HEARTBEAT_SECONDS while one is
connected (bot/console/live.py). A console that closes lapses within two minutes; the backend
shares the queue's wait among the available agents and, in support hours with none, tells the
customer the team is away.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from redis.exceptions import RedisError

from bot.backend_client import BackendClient, BackendUnavailable
from bot.console.state import ConsoleState

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30.0
KEEP_CHOICE_SECONDS = 30 * 24 * 3600


def _key(agent_id: int) -> str:
    return f"presence-away:{agent_id}"


class Presence:
    def __init__(self, state: ConsoleState, backend: BackendClient) -> None:
        self.state = state
        self.backend = backend

    async def available(self, agent_id: int) -> bool:
        """The agent's own choice (available unless they chose away)."""
        return await self.state.get(_key(agent_id)) is None

    async def choose(self, agent_id: int, available: bool) -> bool:
        if available:
            await self.state.forget(_key(agent_id))
        else:
            await self.state.put(_key(agent_id), "away", KEEP_CHOICE_SECONDS)
        await self.backend.set_presence(agent_id, available)
        return available

    async def heartbeat(self, agent_ids: Iterable[int]) -> None:
        """Renews the available agents among these; a failure costs a beat, not the console."""
        for agent_id in set(agent_ids):
            try:
                if await self.available(agent_id):
                    await self.backend.set_presence(agent_id, True)
            except (BackendUnavailable, RedisError) as exc:
                logger.warning("could not renew an agent's presence: %r", exc)
