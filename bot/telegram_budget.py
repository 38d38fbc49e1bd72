"""One Telegram sending budget per bot token: about 30 messages a second in all, one a second per
chat (a chat may burst a few, as Telegram tolerates), shared by everything that sends on the token.

Chat replies (the channel's bot, through `BudgetRateLimiter`, python-telegram-bot's rate limiter
hook), agents' replies and notifications (`bot.notify.senders.TelegramSender`) all wait their turn
here. The arithmetic is pyrate-limiter's GCRA (one timestamp per rate and key): in this process's
memory without REDIS_URL, so one gateway shares one budget between its replies and its delivery
worker; in Redis with REDIS_URL, where each check is one atomic Lua call, so every gateway and
delivery worker on the machine or beyond spends the same budget and none can overbook it.

A 429 from Telegram (its `retry_after`) holds everything on the token back, in Redis for all.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from inspect import isawaitable
from typing import Any

from pyrate_limiter import GCRA, InMemoryStateStore, Rate, RedisStateStore, StateStore
from redis.asyncio import Redis
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

# Telegram: "avoid sending more than one message per second" in a chat, with short bursts
# allowed. A reply in three parts goes out at once; a longer stream runs at one a second.
CHAT_BURST = 3
CHAT_INTERVAL_MS = 1000
# Requests that carry a chat id but send no message: not counted against the budget.
UNCOUNTED = frozenset({"sendChatAction", "answerCallbackQuery", "getChat"})
MEMORY_CHATS = 10_000  # per-chat states kept in memory; a forgotten chat only loses its history

Clock = Callable[[], int]  # milliseconds
Sleep = Callable[[float], Awaitable[None]]


def _wall_ms() -> int:
    # Shared by machines through Redis: wall-clock time, as pyrate-limiter's Redis store expects.
    return time.time_ns() // 1_000_000


def token_key(token: str) -> str:
    """A name for the bot token in Redis keys that does not give the token away."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


class TelegramBudget:
    def __init__(
        self,
        per_second: float = 29.5,
        *,
        redis: Redis | None = None,
        token: str = "",
        chat_burst: int = CHAT_BURST,
        clock: Clock = _wall_ms,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        # An integer limit over a longer interval says 29.5/s exactly; burst 1 spaces messages
        # evenly, so no second ever holds more than the rate, however late a sender wakes.
        self.overall = [Rate(round(per_second * 100), 100_000, burst=1)]
        self.per_chat = [Rate(1, CHAT_INTERVAL_MS, burst=chat_burst)]
        self.redis = redis
        self.prefix = f"backorder:telegram:{token_key(token)}:"
        self.clock = clock
        self.sleep = sleep
        self.algorithm = GCRA()
        self._overall_store: StateStore = self._store("all")
        self._chat_stores: OrderedDict[str, StateStore] = OrderedDict()
        self._held_until = 0  # ms; memory only: Telegram's last retry_after

    def _store(self, name: str) -> StateStore:
        if self.redis is None:
            return InMemoryStateStore()
        return RedisStateStore(self.redis, self.prefix + name)

    def _chat_store(self, chat: str) -> StateStore:
        if self.redis is not None:
            return self._store(f"chat:{chat}")  # expires in Redis on its own
        store = self._chat_stores.get(chat)
        if store is None:
            store = self._chat_stores[chat] = InMemoryStateStore()
            while len(self._chat_stores) > MEMORY_CHATS:
                self._chat_stores.popitem(last=False)
        else:
            self._chat_stores.move_to_end(chat)
        return store

    async def wait_turn(self, chat: str | int) -> None:
        """Returns when a message to `chat` may go out now; its slot is then spent."""
        await self._wait_out_hold()
        await self._take(self._chat_store(str(chat)), self.per_chat)
        await self._take(self._overall_store, self.overall)

    async def _take(self, store: StateStore, rates: list[Rate]) -> None:
        while True:
            decision: Any = store.check(self.algorithm, rates, self.clock(), 1)
            if isawaitable(decision):
                decision = await decision
            if decision.allowed:
                return
            await self.sleep(max(1, decision.retry_after_ms or 1) / 1000)

    async def _wait_out_hold(self) -> None:
        if self.redis is None:
            left_ms = self._held_until - self.clock()
        else:
            left_ms = int(await self.redis.pttl(self.prefix + "hold"))
        if left_ms > 0:
            await self.sleep(left_ms / 1000)

    async def slow_down(self, seconds: float) -> None:
        """Telegram answered 429: nothing goes out on this token before `seconds` have passed."""
        ms = max(1, int(seconds * 1000))
        logger.warning("Telegram asked to wait %g s; every sender on the token holds back", seconds)
        if self.redis is None:
            self._held_until = max(self._held_until, self.clock() + ms)
        else:
            await self.redis.set(self.prefix + "hold", "1", px=ms)


class BudgetRateLimiter(BaseRateLimiter[int]):
    """python-telegram-bot's hook: every message the channel's bot sends waits for the budget, and
    a 429 is waited out (for every sender) and retried, up to `max_retries` times."""

    def __init__(self, budget: TelegramBudget, max_retries: int = 3) -> None:
        self.budget = budget
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        counted = chat_id is not None and endpoint not in UNCOUNTED
        retries = rate_limit_args or self.max_retries
        for attempt in range(retries + 1):
            if counted:
                await self.budget.wait_turn(str(chat_id))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                wait = exc.retry_after
                await self.budget.slow_down(
                    wait.total_seconds() if not isinstance(wait, int) else float(wait)
                )
        raise AssertionError("unreachable")  # the loop returns or raises
