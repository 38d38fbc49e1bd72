"""The delivery worker: claim due messages, send each on its channel, report each outcome.

Guarantee (see README, "Notifications"): every message is sent at least once. A message is marked
sent right after its channel accepted it; a worker stopped by SIGTERM finishes what it is sending
and hands back what it had not started, so nothing is sent twice. A worker killed outright
(SIGKILL, power loss) between the channel accepting a message and the backend recording it leaves
that message leased; when the lease runs out it is sent again: at most `concurrency` duplicates
per kill, never a loss.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Protocol

import httpx

from bot.backend_client import Message, Outbox
from bot.notify.outcome import Outcome

logger = logging.getLogger(__name__)
REPORT_ATTEMPTS = 8  # about 20 s of backend outage


class Sender(Protocol):
    async def send(self, message: Message) -> Outcome: ...


class DeliveryWorker:
    def __init__(
        self,
        outbox: Outbox,
        senders: Mapping[str, Sender],
        *,
        batch: int = 50,
        concurrency: int = 4,
        lease_seconds: int = 120,
        idle_seconds: float = 1.0,
    ) -> None:
        self.outbox = outbox
        self.senders = senders
        self.batch = batch
        self.concurrency = concurrency
        self.lease_seconds = lease_seconds
        self.idle_seconds = idle_seconds
        self.stopping = asyncio.Event()
        self.delivered = 0

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        logger.info("delivery worker %s started", self.outbox.worker)
        while not self.stopping.is_set():
            try:
                handled = await self.run_once()
            except httpx.HTTPError as exc:
                logger.warning("delivery: the backend is unreachable (%s); retrying", exc)
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stopping.wait(), self.idle_seconds)
        logger.info(
            "delivery worker %s stopped after %d messages", self.outbox.worker, self.delivered
        )

    async def run_once(self) -> int:
        """Claim one batch and deliver it; returns how many messages were claimed."""
        messages = await self.outbox.claim(self.batch, self.lease_seconds)
        if not messages:
            return 0
        queue: asyncio.Queue[Message] = asyncio.Queue()
        for message in messages:
            queue.put_nowait(message)
        await asyncio.gather(*(self._drain(queue) for _ in range(self.concurrency)))
        # Stopping: what no one started goes back to the outbox at once, not at lease expiry.
        while not queue.empty():
            await self.outbox.retry(queue.get_nowait().id, "worker stopping", 0)
        return len(messages)

    async def _drain(self, queue: asyncio.Queue[Message]) -> None:
        while not self.stopping.is_set() and not queue.empty():
            await self.deliver(queue.get_nowait())

    async def deliver(self, message: Message) -> None:
        sender = self.senders.get(message.channel)
        if sender is None:
            await self.outbox.failed(
                message.id, f"no sender for channel {message.channel}", blocked=False
            )
            return
        try:
            outcome = await sender.send(message)
        except Exception as exc:  # a sender bug must not stop the others; keep the message
            logger.exception("delivery of notification %s failed unexpectedly", message.id)
            outcome = Outcome("retry", f"unexpected: {exc!r}"[:300])
        await self._report(message, outcome)

    async def _report(self, message: Message, outcome: Outcome) -> None:
        """Tell the backend, insisting through a short outage: an unrecorded send is resent."""
        if outcome.kind in ("failed", "blocked"):
            logger.warning(
                "notification %s failed for good on %s: %s",
                message.id,
                message.channel,
                outcome.error,
            )
        error: Exception | None = None
        for attempt in range(REPORT_ATTEMPTS):
            try:
                if outcome.kind == "sent":
                    await self.outbox.sent(message.id)
                    self.delivered += 1
                elif outcome.kind == "retry":
                    await self.outbox.retry(message.id, outcome.error, outcome.after_seconds)
                else:
                    await self.outbox.failed(message.id, outcome.error, outcome.kind == "blocked")
                return
            except httpx.HTTPStatusError as exc:
                if exc.response.status_code == 409:  # our lease ran out; another worker has it
                    logger.warning(
                        "notification %s: lease lost before reporting %s", message.id, outcome.kind
                    )
                    return
                error = exc
            except httpx.HTTPError as exc:
                error = exc
            await asyncio.sleep(min(5.0, 0.2 * 2**attempt))
        logger.error(
            "notification %s: could not report %s to the backend (%s); it will be"
            " claimed again when its lease ends",
            message.id,
            outcome.kind,
            error,
        )
