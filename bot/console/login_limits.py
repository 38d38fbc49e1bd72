"""Limits on console logins, so that guessing passwords is slow and cannot burn the backend's CPU.

Every password check (login, password change) costs the backend an argon2 hash. Before one is
asked for, the attempt is counted against the agent's name and against the client's address, in
a window that starts with the first attempt; over either limit the gateway answers 429 with
Retry-After and never calls the backend. Counting happens before the check, atomically (a Redis
transaction, or no await between read and write in memory), so concurrent guesses cannot slip
past the limit. A right password takes its own attempt back and clears the name's count; wrong
ones stay counted. At most `concurrent` checks run at once per gateway process; one that waits
longer than `max_wait` for its turn is answered 429 without being counted.

Trade-off: someone who knows an agent's name can hold that agent's new logins back for the
window; sessions already open are not affected.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.backend_client import BadLogin
from bot.console.state import ConsoleState

T = TypeVar("T")

PER_NAME = 10
PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60
CONCURRENT = 2
MAX_WAIT_SECONDS = 5.0


class TooManyAttempts(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many login attempts; retry after {retry_after:g} s")
        self.retry_after = max(1, math.ceil(retry_after))


def _name_key(name: str) -> str:
    # The backend matches names after trimming; a digest keeps odd input out of key names.
    digest = hashlib.sha256(name.strip().casefold().encode("utf-8", "replace")).hexdigest()
    return f"login-name:{digest[:32]}"


def _address_key(address: str) -> str:
    return f"login-address:{address[:64]}"


class LoginLimiter:
    def __init__(
        self,
        state: ConsoleState,
        *,
        per_name: int = PER_NAME,
        per_address: int = PER_ADDRESS,
        window: float = WINDOW_SECONDS,
        concurrent: int = CONCURRENT,
        max_wait: float = MAX_WAIT_SECONDS,
    ) -> None:
        self.state = state
        self.per_name = per_name
        self.per_address = per_address
        self.window = window
        self.max_wait = max_wait
        self._turns = asyncio.Semaphore(concurrent)

    async def check(self, name: str, address: str, verify: Callable[[], Awaitable[T]]) -> T:
        """Runs `verify` (which raises BadLogin for a wrong password) within the limits."""
        name_key, address_key = _name_key(name), _address_key(address)
        by_name, name_left = await self.state.count(name_key, self.window)
        by_address, address_left = await self.state.count(address_key, self.window)
        over = [
            left
            for count, limit, left in (
                (by_name, self.per_name, name_left),
                (by_address, self.per_address, address_left),
            )
            if count > limit
        ]
        if over:
            raise TooManyAttempts(max(over))
        try:
            await asyncio.wait_for(self._turns.acquire(), self.max_wait)
        except TimeoutError:
            await self._take_back(name_key, address_key)
            raise TooManyAttempts(self.max_wait) from None
        try:
            result = await verify()
        except BadLogin:
            raise
        except BaseException:
            # Not a guess that failed (the backend is down, the request was cancelled).
            await self._take_back(name_key, address_key)
            raise
        finally:
            self._turns.release()
        await self.state.forget(name_key)
        await self.state.uncount(address_key)
        return result

    async def _take_back(self, name_key: str, address_key: str) -> None:
        await self.state.uncount(name_key)
        await self.state.uncount(address_key)
