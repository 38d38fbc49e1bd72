"""Expected waits in the agents' queue: pure functions over recent handling times."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from backorder_common.wording import language_of

# With no handled tickets to learn from yet, assume five minutes a conversation.
DEFAULT_HANDLING_SECONDS = 300.0


def median_or_none(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def expected_wait_seconds(
    position: int, recent_handling_seconds: Sequence[float], agents: int = 1
) -> int:
    """How long the customer at `position` (1 = next) should wait: the conversations ahead of
    them and their own turn coming up, shared among the agents on duty, at the median handling
    time of recent conversations."""
    if position < 1:
        return 0
    per_conversation = median_or_none(recent_handling_seconds) or DEFAULT_HANDLING_SECONDS
    rounds = math.ceil(position / max(agents, 1))
    # The first round starts when an agent is free: on average half a conversation away.
    # Rounded up: round() made half of a 1-second median 0, a wait of nothing for the next one.
    return math.ceil((rounds - 0.5) * per_conversation)


def describe_wait(seconds: int, language: str = "en") -> str:
    """'about 2 minutes' (never 'about 0 minutes'), 'about 1 hour 10 minutes' for long ones;
    'yaklaşık 2 dakika', 'yaklaşık 1 saat 10 dakika' in Turkish."""
    minutes = max(1, math.ceil(seconds / 60))
    if language_of(language) == "tr":
        hours, rest = divmod(minutes, 60)
        parts = ([f"{hours} saat"] if hours else []) + ([f"{rest} dakika"] if rest else [])
        return "yaklaşık " + " ".join(parts)
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    text = f"about {hours} hour{'s' if hours != 1 else ''}"
    return text + (f" {rest} minute{'s' if rest != 1 else ''}" if rest else "")
