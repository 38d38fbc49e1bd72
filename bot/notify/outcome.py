"""What a sender reports for one message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Literal["sent", "retry", "blocked", "failed"]
    error: str = ""
    after_seconds: float | None = None  # for retry: Telegram's retry_after, when it gave one


SENT = Outcome("sent")
