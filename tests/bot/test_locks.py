"""Per-conversation locks: in order within a key, concurrent across keys, nothing left behind."""

from __future__ import annotations

import asyncio

import pytest

from bot.locks import KeyedLock

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
