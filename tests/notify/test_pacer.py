"""Pacing: never more than the rate in any one-second window, one a second per chat."""

from __future__ import annotations

import bisect

from hypothesis import given
from hypothesis import strategies as st

from bot.notify.limits import Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@given(
    chats=st.lists(st.integers(0, 30), min_size=1, max_size=300),
    gaps=st.lists(st.floats(0, 0.2), min_size=300, max_size=300),
)
def test_slots_respect_both_limits(chats: list[int], gaps: list[float]) -> None:
    clock = Clock()
    pacer = Pacer(per_second=30, per_chat_interval=1.0, clock=clock)
    slots: list[float] = []
    by_chat: dict[int, list[float]] = {}
    for chat, gap in zip(chats, gaps, strict=False):
        clock.now += gap
        at = pacer.reserve(str(chat))
        assert at >= clock.now
        slots.append(at)
        by_chat.setdefault(chat, []).append(at)
    slots.sort()
    for index, start in enumerate(slots):
        in_window = bisect.bisect_left(slots, start + 1.0) - index
        assert in_window <= 30
    for times in by_chat.values():
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:], strict=False))


def test_a_busy_stream_runs_at_the_rate():
    clock = Clock()
    pacer = Pacer(per_second=29.5, clock=clock)
    last = [pacer.reserve(str(chat)) for chat in range(600)][-1]
    assert 599 / last >= 29.4  # 600 messages to different chats: full speed, within the limit


def test_a_429_holds_everything_back():
    clock = Clock()
    pacer = Pacer(clock=clock)
    pacer.slow_down(5)
    assert pacer.reserve("1") >= 5


def test_the_window_holds_back_a_sender_that_would_crowd_one_second():
    clock = Clock()
    pacer = Pacer(per_second=30, clock=clock)
    for _ in range(30):
        assert pacer.start_now() == 0.0
        clock.now += 0.01  # thirty late wake-ups in a burst
    assert pacer.start_now() > 0.6  # the 31st waits until the first is a second old
    clock.now += 1.0
    assert pacer.start_now() == 0.0
