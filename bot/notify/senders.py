"""Sending one notification on its channel, each failure sorted into retry, blocked or failed."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.notify.limits import Pacer
from bot.notify.outbox_client import Message
from bot.notify.outcome import SENT, Outcome

logger = logging.getLogger(__name__)


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    def __init__(self, bot: Bot, pacer: Pacer | None = None) -> None:
        self.bot = bot
        self.pacer = pacer or Pacer()

    async def send(self, message: Message) -> Outcome:
        await self.pacer.wait_turn(message.address)
        try:
            await self.bot.send_message(chat_id=int(message.address), text=message.text)
        except RetryAfter as exc:
            wait = _seconds(exc.retry_after)
            self.pacer.slow_down(wait)
            return Outcome("retry", f"Telegram asked to wait {wait:g} s", wait)
        except Forbidden as exc:  # blocked by the user, or the chat is gone
            return Outcome("blocked", str(exc))
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                return Outcome("blocked", str(exc))
            return Outcome("failed", str(exc))
        except NetworkError as exc:  # includes TimedOut: a passing failure
            return Outcome("retry", f"network: {exc}")
        except TelegramError as exc:
            return Outcome("failed", str(exc))
        return SENT


class EmailSender:
    """Plain-text mail over SMTP (`SMTP_URL=smtp://[user:password@]host:port`)."""

    def __init__(self, smtp_url: str, mail_from: str, timeout: float = 10.0) -> None:
        parts = urlsplit(smtp_url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://host:port")
        self.scheme, self.host = parts.scheme, parts.hostname
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.user, self.password = parts.username, parts.password
        self.mail_from = mail_from
        self.timeout = timeout

    def _send_blocking(self, to: str, subject: str, text: str) -> None:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.mail_from, to, subject
        mail.set_content(text)
        smtp_class = smtplib.SMTP_SSL if self.scheme == "smtps" else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(mail)

    async def send(self, to: str, subject: str, text: str) -> Outcome:
        try:
            await asyncio.to_thread(self._send_blocking, to, subject, text)
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome("failed", f"recipient refused: {exc.recipients!r}"[:300])
        except (smtplib.SMTPException, OSError) as exc:
            return Outcome("retry", f"smtp: {exc}"[:300])
        return SENT


WidgetPush = Callable[[str, str], Awaitable[bool]]  # (conversation id, text) -> delivered?


class WebSender:
    """Web subscribers get an email; those with the chat open also see it in the widget."""

    SUBJECT = "An update on your order"

    def __init__(self, email: EmailSender | None, push: WidgetPush | None = None) -> None:
        self.email = email
        self.push = push

    async def send(self, message: Message) -> Outcome:
        shown = False
        if self.push is not None:
            try:
                shown = await self.push(message.conversation_id, message.text)
            except Exception:  # the widget is a bonus; the email is the delivery
                logger.exception("showing notification %s in the widget failed", message.id)
        if self.email is None:
            if shown:
                return SENT
            return Outcome("failed", "SMTP_URL is not set, and the customer is not online")
        subject = "Back in stock" if message.text.startswith("Good news") else self.SUBJECT
        return await self.email.send(message.address, subject, message.text)
