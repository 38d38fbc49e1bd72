"""Per-conversation ordering: one lock per key, created on demand and dropped when nobody holds
or awaits it; in this process (`KeyedLock`) or, with REDIS_URL, across every gateway instance
(`RedisKeyedLock`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)


class _Entry:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class KeyedLock:
    """Serialises work per key (a conversation) while different keys run concurrently.

    asyncio.Lock wakes waiters first-come-first-served, so work queued for one key runs in the
    order it arrived.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._entries[key]


class RedisKeyedLock:
    """The same across gateway instances: one holder per key in Redis, in arrival order within
    this process (its KeyedLock queues first, so only one task per process waits on Redis).

    The Redis lock is a lease of `lease` seconds that a background task renews while the work
    runs, so an instance killed while holding it blocks the conversation for at most `lease`
    seconds. When Redis is unreachable, or the lock is not had within `wait` seconds, the work
    runs anyway (logged): an answer out of order beats no answer.
    """

    def __init__(
        self,
        redis: Redis,
        namespace: str,
        *,
        lease: float = 10.0,
        wait: float = 30.0,
    ) -> None:
        self.redis = redis
        # Not "backorder:lock:": Rasa's lock store keeps its tickets there (key_prefix backorder).
        self.prefix = f"backorder:gateway-lock:{namespace}:"
        self.lease = lease
        self.wait = wait
        self.local = KeyedLock()

    def __len__(self) -> int:
        return len(self.local)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self.local.hold(key):
            lock = self.redis.lock(
                self.prefix + key, timeout=self.lease, sleep=0.02, blocking_timeout=self.wait
            )
            try:
                held = bool(await lock.acquire())
            except RedisError as exc:
                logger.warning("conversation lock unavailable (%s); answering without it", exc)
                held = False
            else:
                if not held:
                    logger.warning(
                        "conversation %s stayed locked for %g s; answering anyway", key, self.wait
                    )
            renewing = asyncio.create_task(self._renew(lock)) if held else None
            try:
                yield
            finally:
                if renewing is not None:
                    renewing.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await renewing
                    try:
                        await lock.release()
                    except (LockError, RedisError) as exc:
                        logger.warning("conversation lock for %s not released: %s", key, exc)

    async def _renew(self, lock: Lock) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                await lock.reacquire()
            except (LockError, RedisError) as exc:
                logger.warning("conversation lock lease not renewed: %s", exc)
                return


ConversationLock = KeyedLock | RedisKeyedLock


def conversation_locks(redis: Redis | None, namespace: str) -> ConversationLock:
    """Per-conversation ordering: in Redis when the gateway has one, else in this process."""
    return RedisKeyedLock(redis, namespace) if redis is not None else KeyedLock()
