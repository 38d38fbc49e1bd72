"""Building a delivery worker from the settings, for the gateway and for `backorder deliver`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket

from redis.asyncio import Redis
from telegram import Bot

from backorder_common.settings import Settings
from bot.backend_client import BackendClient
from bot.notify.senders import EmailSender, TelegramSender, WebSender, WidgetPush
from bot.notify.worker import DeliveryWorker, Sender
from bot.telegram_budget import TelegramBudget


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def build_worker(
    settings: Settings,
    backend: BackendClient,
    push: WidgetPush | None = None,
    bot: Bot | None = None,
    budget: TelegramBudget | None = None,
) -> DeliveryWorker:
    """The worker calls the backend through `backend`, which its caller owns (and closes).

    `budget` is the bot token's sending budget, shared with the Telegram channel's replies (the
    gateway passes its own); without one the worker has a budget of its own in memory."""
    senders: dict[str, Sender] = {}
    if settings.telegram_bot_token or bot is not None:
        bot = bot or Bot(settings.telegram_bot_token or "", base_url=settings.telegram_api_base_url)
        senders["telegram"] = TelegramSender(
            bot, budget or TelegramBudget(settings.telegram_messages_per_second)
        )
    email = EmailSender(settings.smtp_url, settings.mail_from) if settings.smtp_url else None
    senders["web"] = WebSender(email, push)
    return DeliveryWorker(
        backend.outbox(worker_name()), senders, lease_seconds=settings.delivery_lease_seconds
    )


async def deliver(settings: Settings) -> None:
    """`backorder deliver`: one delivery worker on its own until SIGINT or SIGTERM, which let it
    finish what is in flight."""
    backend = BackendClient.from_settings(settings)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    budget = TelegramBudget(
        settings.telegram_messages_per_second,
        redis=redis,
        token=settings.telegram_bot_token or "",
    )
    worker = build_worker(settings, backend, budget=budget)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        await backend.aclose()
        if redis is not None:
            await redis.aclose()
