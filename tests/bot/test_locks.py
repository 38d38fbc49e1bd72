"""Per-conversation locks: in order within a key, concurrent across keys, nothing left behind;
with Redis, across gateway instances, and a dead holder lets go when its lease ends."""

from __future__ import annotations

import asyncio
import time

import pytest
from redis.asyncio import Redis

from bot.locks import KeyedLock, RedisKeyedLock

pytestmark = pytest.mark.anyio


async def test_same_key_runs_in_arrival_order_and_cleans_up() -> None:
    locks, done = KeyedLock(), []

    async def work(key: str, name: str, delay: float) -> None:
        async with locks.hold(key):
            await asyncio.sleep(delay)
            done.append(name)

    await asyncio.gather(work("a", "a1", 0.05), work("a", "a2", 0), work("b", "b1", 0.01))
    assert done.index("a1") < done.index("a2")
    assert done[0] == "b1"  # b did not wait for a
    assert len(locks) == 0


async def test_lock_is_released_when_the_work_fails() -> None:
    locks = KeyedLock()
    try:
        async with locks.hold("a"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert len(locks) == 0
    async with locks.hold("a"):
        pass


async def test_redis_locks_serialise_a_key_across_instances(redis_url: str) -> None:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    # Two gateway instances: each its own RedisKeyedLock over its own connection.
    one, other = RedisKeyedLock(first, "web"), RedisKeyedLock(second, "web")
    inside, overlaps, done = [0], [], []

    async def work(locks: RedisKeyedLock, key: str, name: str) -> None:
        async with locks.hold(key):
            inside[0] += 1
            overlaps.append(inside[0])
            await asyncio.sleep(0.05)
            inside[0] -= 1
            done.append(name)

    try:
        await asyncio.gather(*(work(one if n % 2 else other, "s1", f"s1-{n}") for n in range(6)))
        assert max(overlaps) == 1  # never two at once, whichever instance
        assert len(one) == len(other) == 0
        assert not await first.keys("backorder:gateway-lock:*")  # released, nothing left behind
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_dead_holder_blocks_its_conversation_only_until_its_lease_ends(
    redis_url: str,
) -> None:
    redis = Redis.from_url(redis_url)
    try:
        # An instance killed while it held the lock: its lease is never renewed nor released.
        await redis.set("backorder:gateway-lock:tg:tg:7", "dead-token", px=1000)
        locks = RedisKeyedLock(redis, "tg", lease=1.0)
        started = time.monotonic()
        async with locks.hold("tg:7"):
            waited = time.monotonic() - started
        assert 0.5 < waited < 3.0
        async with locks.hold("tg:8"):  # other conversations never waited
            pass
    finally:
        await redis.aclose()


async def test_a_long_answer_keeps_its_lock_past_the_lease(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        locks = RedisKeyedLock(redis, "web", lease=0.6)
        async with locks.hold("slow"):
            await asyncio.sleep(1.5)  # Rasa thinking for longer than the lease
            assert await redis.exists("backorder:gateway-lock:web:slow")
    finally:
        await redis.aclose()


async def test_without_redis_the_work_still_runs() -> None:
    locks = RedisKeyedLock(Redis(port=1, socket_connect_timeout=0.2), "web")
    ran = False
    async with locks.hold("s"):
        ran = True
    assert ran
