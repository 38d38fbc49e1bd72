"""Sending one notification on its channel, each failure sorted into retry, blocked or failed."""

from __future__ import annotations

import datetime as dt
import logging
import ssl
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.backend_client import Message
from bot.notify.outcome import SENT, Outcome
from bot.telegram_budget import TelegramBudget

logger = logging.getLogger(__name__)


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    """Notifications on Telegram, within the token's budget that chat replies spend too."""

    def __init__(self, bot: Bot, budget: TelegramBudget | None = None) -> None:
        self.bot = bot
        self.budget = budget or TelegramBudget()

    async def send(self, message: Message) -> Outcome:
        await self.budget.wait_turn(message.address)
        try:
            await self.bot.send_message(chat_id=int(message.address), text=message.text)
        except RetryAfter as exc:
            wait = _seconds(exc.retry_after)
            await self.budget.slow_down(wait)
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
    """Plain-text mail over SMTP, encrypted as `SMTP_URL` asks.

    `smtps://host[:465]`: TLS from the first byte. `smtp://host[:25]`: STARTTLS whenever the server
    offers it, and required when the URL carries credentials (`smtp://user:password@host:587`):
    a server that does not offer it gets no password in clear; the message waits and is retried.
    Certificates are verified (`tls_context` lets tests trust their own).
    """

    def __init__(
        self,
        smtp_url: str,
        mail_from: str,
        timeout: float = 10.0,
        *,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        parts = urlsplit(smtp_url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://host:port or smtps://host:port")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.mail_from = mail_from
        self.timeout = timeout
        self.tls_context = tls_context

    def _start_tls(self) -> bool | None:
        if self.implicit_tls:
            return False
        return True if self.user else None  # None: when the server offers it

    async def send(self, to: str, subject: str, text: str) -> Outcome:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.mail_from, to, subject
        mail.set_content(text)
        try:
            await aiosmtplib.send(
                mail,
                hostname=self.host,
                port=self.port,
                username=self.user,
                password=self.password if self.user else None,
                use_tls=self.implicit_tls,
                start_tls=self._start_tls(),
                tls_context=self.tls_context,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = [r.recipient for r in exc.recipients]
            return Outcome("failed", f"recipient refused: {refused!r}"[:300])
        except (aiosmtplib.SMTPException, OSError) as exc:
            logger.warning("email to the SMTP server failed: %s", exc)
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
        subject = message.subject or self.SUBJECT
        return await self.email.send(message.address, subject, message.text)
