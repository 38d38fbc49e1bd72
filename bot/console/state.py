"""Short-lived console state: live session records and login attempt counters.

In Redis when REDIS_URL is set, so every gateway instance sees the same sessions and counts and
both survive a gateway restart; in this process's memory otherwise (the embedded single gateway:
a restart logs the agents out, which fails safe). Building either does no I/O.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis

PREFIX = "backorder:console:"
# Takes one back from a counter that still exists (a missing one must not come back negative).
_UNCOUNT = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end
return 0
"""


class ConsoleState(Protocol):
    async def count(self, key: str, window: float) -> tuple[int, float]:
        """Adds one to a counter that lives `window` seconds from its first count; returns the
        new count and the seconds the counter has left. Atomic under any concurrency."""
        ...

    async def uncount(self, key: str) -> None: ...

    async def put(self, key: str, value: str, ttl: float) -> None: ...

    async def get(self, key: str) -> str | None: ...

    async def forget(self, *keys: str) -> None: ...

    async def add_member(self, key: str, member: str, ttl: float) -> None:
        """Adds to a set whose lifetime restarts at `ttl` with each addition."""
        ...

    async def members(self, key: str) -> set[str]: ...

    async def aclose(self) -> None: ...


class MemoryState:
    """One process's state; expiry by the injected monotonic clock."""

    PURGE_ABOVE = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._items: dict[str, tuple[object, float]] = {}

    def _live(self, key: str) -> object | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[1] <= self.clock():
            del self._items[key]
            return None
        return item[0]

    def _store(self, key: str, value: object, expires: float) -> None:
        if len(self._items) > self.PURGE_ABOVE:  # counters of past attacks, ended sessions
            now = self.clock()
            self._items = {k: v for k, v in self._items.items() if v[1] > now}
        self._items[key] = (value, expires)

    async def count(self, key: str, window: float) -> tuple[int, float]:
        value = self._live(key)
        expires = self._items[key][1] if value is not None else self.clock() + window
        count = (value if isinstance(value, int) else 0) + 1
        self._store(key, count, expires)
        return count, expires - self.clock()

    async def uncount(self, key: str) -> None:
        value = self._live(key)
        if isinstance(value, int):
            self._items[key] = (value - 1, self._items[key][1])

    async def put(self, key: str, value: str, ttl: float) -> None:
        self._store(key, value, self.clock() + ttl)

    async def get(self, key: str) -> str | None:
        value = self._live(key)
        return value if isinstance(value, str) else None

    async def forget(self, *keys: str) -> None:
        for key in keys:
            self._items.pop(key, None)

    async def add_member(self, key: str, member: str, ttl: float) -> None:
        value = self._live(key)
        members = set(value) if isinstance(value, set) else set()
        self._store(key, members | {member}, self.clock() + ttl)

    async def members(self, key: str) -> set[str]:
        value = self._live(key)
        return set(value) if isinstance(value, set) else set()

    async def aclose(self) -> None:
        return None


class RedisState:
    """The same in Redis, shared by every gateway instance; keys under `backorder:console:`."""

    def __init__(self, url: str) -> None:
        # No connection until the first command.
        self.redis: Redis = Redis.from_url(url, decode_responses=True)

    async def count(self, key: str, window: float) -> tuple[int, float]:
        ms = max(1, math.ceil(window * 1000))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(PREFIX + key, 0, px=ms, nx=True)
            pipe.incr(PREFIX + key)
            pipe.pttl(PREFIX + key)
            _, count, left_ms = await pipe.execute()
        return int(count), max(0, int(left_ms)) / 1000

    async def uncount(self, key: str) -> None:
        await self.redis.eval(_UNCOUNT, 1, PREFIX + key)  # type: ignore[misc]

    async def put(self, key: str, value: str, ttl: float) -> None:
        await self.redis.set(PREFIX + key, value, px=max(1, math.ceil(ttl * 1000)))

    async def get(self, key: str) -> str | None:
        value = await self.redis.get(PREFIX + key)
        return None if value is None else str(value)

    async def forget(self, *keys: str) -> None:
        if keys:
            await self.redis.delete(*(PREFIX + k for k in keys))

    async def add_member(self, key: str, member: str, ttl: float) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(PREFIX + key, member)
            pipe.pexpire(PREFIX + key, max(1, math.ceil(ttl * 1000)))
            await pipe.execute()

    async def members(self, key: str) -> set[str]:
        return {str(m) for m in await self.redis.smembers(PREFIX + key)}  # type: ignore[misc]

    async def aclose(self) -> None:
        await self.redis.aclose()


def console_state(redis_url: str | None) -> ConsoleState:
    return RedisState(redis_url) if redis_url else MemoryState()
