"""One Telegram budget per token: 30 a second in all, one a second per chat after a short burst,
shared through Redis by every instance, and a 429 holds every sender back."""

from __future__ import annotations

import asyncio
import bisect
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from bot.telegram_budget import CHAT_BURST, TelegramBudget


class FakeTime:
    """A clock in milliseconds that sleeping moves forward."""

    def __init__(self) -> None:
        self.ms = 1_000_000

    def __call__(self) -> int:
        return self.ms

    async def sleep(self, seconds: float) -> None:
        self.ms += max(1, round(seconds * 1000))


def spend(
    budget: TelegramBudget, now: FakeTime, plan: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sends one message per (chat, gap in ms) in turn; the times they were let out."""

    async def run() -> list[tuple[int, int]]:
        sent = []
        for chat, gap in plan:
            now.ms += gap
            await budget.wait_turn(chat)
            sent.append((chat, now.ms))
        return sent

    return asyncio.run(run())


@settings(max_examples=60, deadline=None)
@given(
    chats=st.lists(st.integers(0, 20), min_size=1, max_size=200),
    gaps=st.lists(st.integers(0, 200), min_size=200, max_size=200),
)
def test_never_more_than_the_rate_in_a_second_nor_a_chat_beyond_its_burst(chats, gaps) -> None:
    now = FakeTime()
    budget = TelegramBudget(30, clock=now, sleep=now.sleep)
    sent = spend(budget, now, list(zip(chats, gaps, strict=False)))
    times = sorted(at for _, at in sent)
    for index, start in enumerate(times):
        assert bisect.bisect_left(times, start + 1000) - index <= 30
    by_chat: dict[int, list[int]] = {}
    for chat, at in sent:
        by_chat.setdefault(chat, []).append(at)
    for at in by_chat.values():
        # After a burst of CHAT_BURST, one a second: n messages need (n - burst) seconds.
        for i in range(len(at)):
            for j in range(i + CHAT_BURST, len(at)):
                assert at[j] - at[i] >= (j - i - CHAT_BURST + 1) * 1000


def test_a_busy_stream_to_many_chats_runs_at_the_rate() -> None:
    now = FakeTime()
    budget = TelegramBudget(29.5, clock=now, sleep=now.sleep)
    start = now.ms
    sent = spend(budget, now, [(chat, 0) for chat in range(600)])
    elapsed = (sent[-1][1] - start) / 1000
    assert 599 / elapsed == pytest.approx(29.5, rel=0.01)


def test_a_reply_in_three_parts_goes_at_once_then_one_a_second() -> None:
    now = FakeTime()
    budget = TelegramBudget(30, clock=now, sleep=now.sleep)
    start = now.ms
    sent = [at - start for _, at in spend(budget, now, [(7, 0)] * 5)]
    assert sent[CHAT_BURST - 1] < 100  # the burst: spaced by the overall rate only
    assert sent[CHAT_BURST] >= 1000 - 100
    assert sent[CHAT_BURST + 1] - sent[CHAT_BURST] >= 1000 - 1


def test_a_429_holds_every_chat_back() -> None:
    now = FakeTime()
    budget = TelegramBudget(30, clock=now, sleep=now.sleep)
    start = now.ms
    asyncio.run(budget.slow_down(5))
    sent = spend(budget, now, [(1, 0), (2, 0)])
    assert all(at - start >= 5000 for _, at in sent)


def test_instances_share_one_budget_through_redis(redis_url: str) -> None:
    rate, messages = 20, 40

    async def run() -> tuple[float, float]:
        first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
        one = TelegramBudget(rate, redis=first, token="123:abc")
        other = TelegramBudget(rate, redis=second, token="123:abc")
        stranger = TelegramBudget(rate, redis=second, token="456:def")  # another bot's budget
        try:
            started = time.monotonic()
            await asyncio.gather(
                *(
                    (one if n % 2 else other).wait_turn(f"chat{n}")  # 40 different chats
                    for n in range(messages)
                )
            )
            shared = time.monotonic() - started
            started = time.monotonic()
            await stranger.wait_turn("chat0")
            separate = time.monotonic() - started
            assert not [k async for k in first.scan_iter("*123:abc*")]  # the token stays secret
            return shared, separate
        finally:
            await first.aclose()
            await second.aclose()

    shared, separate = asyncio.run(run())
    # Two instances spending alone would take half as long; together they keep to the one rate.
    assert shared >= (messages - 1) / rate * 0.95
    assert separate < 0.5


def test_a_429_seen_by_one_instance_holds_back_the_others(redis_url: str) -> None:
    async def run() -> float:
        first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
        try:
            await TelegramBudget(30, redis=first, token="t").slow_down(1.0)
            started = time.monotonic()
            await TelegramBudget(30, redis=second, token="t").wait_turn(1)
            return time.monotonic() - started
        finally:
            await first.aclose()
            await second.aclose()

    assert asyncio.run(run()) >= 0.9
