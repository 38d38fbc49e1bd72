"""Pacing for Telegram: about 30 messages a second in all, one a second per chat.

A message may go when both its chat's interval and the global spacing allow; the global spacing
is strict (one slot every 1/rate s), so no one-second window ever holds more than `rate` messages
and Telegram never has to answer 429 because of us.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Pacer:
    def __init__(
        self,
        per_second: float = 29.5,
        per_chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spacing = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self._next_global = 0.0
        self._next_for_chat: dict[str, float] = {}
        self._lock = asyncio.Lock()

    def reserve(self, chat: str) -> float:
        """Book the earliest slot this chat may use; returns the time to send at."""
        now = self.clock()
        at = max(now, self._next_global, self._next_for_chat.get(chat, 0.0))
        self._next_global = at + self.spacing
        self._next_for_chat[chat] = at + self.per_chat_interval
        if len(self._next_for_chat) > 10_000:  # forget chats whose interval has passed
            self._next_for_chat = {c: t for c, t in self._next_for_chat.items() if t > now}
        return at

    async def wait_turn(self, chat: str) -> None:
        async with self._lock:
            at = self.reserve(chat)
        delay = at - self.clock()
        if delay > 0:
            await asyncio.sleep(delay)

    def slow_down(self, seconds: float) -> None:
        """Telegram asked us to wait (429): nothing goes out before then."""
        self._next_global = max(self._next_global, self.clock() + seconds)
