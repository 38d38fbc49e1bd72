"""Pacing for Telegram: about 30 messages a second in all, one a second per chat.

Two rules together. Slots: a message may go when both its chat's interval and the global spacing
(1/rate s) allow, which spreads messages evenly. Window: the actual send times of the last
`int(rate)` messages are remembered, and no message starts until the oldest of them is more than
a second (plus a margin) old, so a sender that woke late can never crowd one second with more
than the limit. Telegram then never has to answer 429 because of us.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

WINDOW = 1.0
MARGIN = 0.02  # for the trip to Telegram: arrival order may differ slightly from send order


class Pacer:
    def __init__(
        self,
        per_second: float = 29.5,
        per_chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spacing = 1.0 / per_second
        self.per_window = max(1, int(per_second))
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self._next_global = 0.0
        self._next_for_chat: dict[str, float] = {}
        self._started: deque[float] = deque()
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

    def start_now(self) -> float:
        """0 and the send is recorded when the last second has room; else how long to wait."""
        now = self.clock()
        while self._started and self._started[0] <= now - WINDOW - MARGIN:
            self._started.popleft()
        if len(self._started) < self.per_window:
            self._started.append(now)
            return 0.0
        return self._started[0] + WINDOW + MARGIN - now

    async def wait_turn(self, chat: str) -> None:
        async with self._lock:
            at = self.reserve(chat)
        delay = at - self.clock()
        if delay > 0:
            await asyncio.sleep(delay)
        while True:
            async with self._lock:
                wait = self.start_now()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def slow_down(self, seconds: float) -> None:
        """Telegram asked us to wait (429): nothing goes out before then."""
        self._next_global = max(self._next_global, self.clock() + seconds)
