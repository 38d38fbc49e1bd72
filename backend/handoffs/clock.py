"""The handoff desk's test clock: the frozen "now" (BACKORDER_NOW) that `PUT /v1/handoffs/clock`
moves, e.g. to a Saturday, seen alike by every backend process.

With REDIS_URL (always so in cluster mode) the moved moment lives in Redis under
`backorder:handoff-clock:<BACKORDER_NOW>`, so N backend instances and their workers answer with the
same clock; without it, in this process's memory (one backend process: the default
`BACKEND_WORKERS=1`). The key names the frozen moment it moves and lapses after a day, so a run
with another BACKORDER_NOW, or a demo left overnight, starts from BACKORDER_NOW again. Without
BACKORDER_NOW there is nothing to share and nothing is asked of Redis: the real clock.
"""

from __future__ import annotations

import datetime as dt

from redis import Redis

from backorder_common.settings import Settings

PREFIX = "backorder:handoff-clock:"
LIFETIME = dt.timedelta(days=1)


class HandoffClock:
    def __init__(self, settings: Settings, redis: Redis | None = None) -> None:
        self.settings = settings
        self.redis = redis
        self._moved: dt.datetime | None = None  # without Redis

    @classmethod
    def from_settings(cls, settings: Settings) -> HandoffClock:
        # No connection is made until the clock is read or moved.
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        return cls(settings, redis)

    @property
    def frozen(self) -> bool:
        return self.settings.backorder_now is not None

    def _key(self) -> str:
        assert self.settings.backorder_now is not None
        return PREFIX + self.settings.backorder_now.isoformat()

    def now(self) -> dt.datetime:
        """The moved moment if it was moved, else BACKORDER_NOW, else the real time."""
        if not self.frozen:
            return self.settings.now()
        if self.redis is None:
            return self._moved or self.settings.now()
        stored = self.redis.get(self._key())
        if not stored:
            return self.settings.now()
        return dt.datetime.fromisoformat(stored.decode() if isinstance(stored, bytes) else stored)

    def move(self, moment: dt.datetime) -> None:
        """Only for a frozen clock (callers check `frozen`); `moment` carries its UTC offset."""
        if self.redis is None:
            self._moved = moment
        else:
            self.redis.set(self._key(), moment.isoformat(), ex=LIFETIME)

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()
