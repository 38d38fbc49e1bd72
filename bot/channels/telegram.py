"""The Telegram channel, on python-telegram-bot 22.

Long polling by default; webhook mode when TELEGRAM_WEBHOOK_URL is set (the gateway then serves
`WEBHOOK_PATH` and checks Telegram's secret-token header). Either way each update becomes one
`Router.route()` call under the conversation id `tg:<chat_id>`, like a web message.

The customer's language is Telegram's `from.language_code` ("tr", "tr-TR"), normalised to the
shop's languages and passed to the router with each message (Rasa gets it as metadata); the
channel's own words (/stop) are in it too.

Replies go out as plain text, with no parse mode: the bot's wording has no markup, and what the
customer typed (an email like `ada_l@example.com`, `#100042`) is echoed back, so any parse mode
would need every reply escaped and one slip makes Telegram refuse the whole message ("can't parse
entities"). Plain text cannot fail that way.

Building the channel does no I/O; `start()` and `stop()` are called from the gateway's lifespan.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from backorder_common.settings import Settings, secret_file
from backorder_common.wording import language_of
from bot.backend_client import BackendClient
from bot.locks import conversation_locks
from bot.replies import Button, Reply
from bot.router import Router
from bot.telegram_budget import BudgetRateLimiter, TelegramBudget
from bot.text import clean_text
from bot.words import WORDS, say

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
MAX_MESSAGE_CHARS = 2000  # what the customer sends; same bound as the web channel
TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096, counted by Telegram in UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes
TYPING_EVERY = 4.0  # Telegram shows "typing…" for 5 s per sendChatAction
START_RETRY_MAX = 60.0

# The gateway's own words for the commands Rasa does not handle (bot/words.py); English here.
STOPPED = WORDS["en"]["stopped"]
STOP_FAILED = WORDS["en"]["stop_failed"]


def conversation_id(chat_id: int) -> str:
    return f"tg:{chat_id}"


def language_of_update(update: Update) -> str | None:
    """The customer's language from Telegram's `from.language_code`, as 'en' or 'tr'; None when
    Telegram sends none (the bot then keeps the conversation's language)."""
    user = update.effective_user
    code = user.language_code if user is not None else None
    return language_of(code) if code else None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a reply into messages Telegram accepts: at a paragraph, line or word break if there is
    one in the second half of the chunk, else hard at the limit."""
    chunks: list[str] = []
    rest = text
    while _utf16_len(rest) > limit:
        # Longest prefix within the limit (characters outside the BMP count twice).
        end = min(len(rest), limit)
        while _utf16_len(rest[:end]) > limit:
            end -= 1
        cut = end
        for sep in ("\n\n", "\n", " "):
            at = rest.rfind(sep, end // 2, end)
            if at > 0:
                cut = at
                break
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest.strip() or not chunks:
        chunks.append(rest)
    return chunks


def payload_key(payload: str) -> str:
    """A short stand-in for a long payload, the same for the same payload in every instance."""
    digest = hashlib.sha256(payload.encode()).digest()[:12]
    return "#" + base64.urlsafe_b64encode(digest).decode()


def _fits(payload: str) -> bool:
    return not payload.startswith("#") and len(payload.encode()) <= CALLBACK_DATA_LIMIT


class CallbackPayloads:
    """Button payloads longer than Telegram's 64-byte callback_data, kept under a short key.

    Most payloads (`/order_status`) fit and travel as they are; a longer one is kept here,
    bounded, and a press on a key this process forgot falls back to the button's title.
    """

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._payloads: OrderedDict[str, str] = OrderedDict()

    async def data_for(self, payload: str) -> str:
        if _fits(payload):
            return payload
        key = payload_key(payload)
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self.size:
            self._payloads.popitem(last=False)
        return key

    async def payload_of(self, data: str) -> str | None:
        if not data.startswith("#"):
            return data
        return self._payloads.get(data)


class RedisCallbackPayloads:
    """The same in Redis (REDIS_URL), so a press reaches whichever gateway instance Telegram's
    webhook call lands on. Each key lives `ttl` seconds from the last keyboard that used it."""

    PREFIX = "backorder:telegram:payload:"

    def __init__(self, redis: Redis, ttl: float = 30 * 24 * 3600) -> None:
        self.redis = redis
        self.ttl = int(ttl)

    async def data_for(self, payload: str) -> str:
        if _fits(payload):
            return payload
        key = payload_key(payload)
        await self.redis.set(self.PREFIX + key, payload.encode(), ex=self.ttl)
        return key

    async def payload_of(self, data: str) -> str | None:
        if not data.startswith("#"):
            return data
        try:
            value = await self.redis.get(self.PREFIX + data)
        except RedisError as exc:
            logger.warning("button payload unavailable (%s); using the button's title", exc)
            return None
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)


Payloads = CallbackPayloads | RedisCallbackPayloads


async def keyboard(buttons: list[Button], payloads: Payloads) -> InlineKeyboardMarkup:
    """Short titles two to a row, long ones alone, as Telegram clients lay them out well."""
    per_row = 2 if all(len(b["title"]) <= 20 for b in buttons) else 1
    keys = [
        InlineKeyboardButton(
            b["title"] or b["payload"], callback_data=await payloads.data_for(b["payload"])
        )
        for b in buttons
    ]
    return InlineKeyboardMarkup([keys[i : i + per_row] for i in range(0, len(keys), per_row)])


def build_application(settings: Settings, budget: TelegramBudget, *, webhook: bool) -> Application:  # type: ignore[type-arg]
    assert settings.telegram_bot_token
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        # Telegram's flood limits, in the token's one budget that notifications spend too; a 429
        # is waited out (its retry_after) by every sender and retried.
        .rate_limiter(BudgetRateLimiter(budget, max_retries=3))
        # Many chats at once; one chat's updates keep their order through the channel's lock.
        .concurrent_updates(64)
    )
    if webhook:
        builder = builder.updater(None)
    return builder.build()


class TelegramChannel:
    """`redis` (REDIS_URL) shares button payloads and per-chat ordering with the other gateway
    instances; `budget` is the token's sending budget, shared with the delivery worker."""

    def __init__(
        self,
        settings: Settings,
        router: Router,
        backend: BackendClient,
        *,
        redis: Redis | None = None,
        budget: TelegramBudget | None = None,
    ) -> None:
        self.settings = settings
        self.router = router
        self.backend = backend  # /stop ends the chat's subscriptions there
        self.webhook_url = settings.telegram_webhook_url or None
        self.budget = budget or TelegramBudget(settings.telegram_messages_per_second)
        self.application = build_application(
            settings, self.budget, webhook=self.webhook_url is not None
        )
        self.payloads: Payloads = (
            RedisCallbackPayloads(redis) if redis is not None else CallbackPayloads()
        )
        self.locks = conversation_locks(redis, "tg")
        self._secret: str | None = None
        self._runner: asyncio.Task[None] | None = None
        self.running = asyncio.Event()
        # Told each customer's display name (the agent console's queue cards).
        self.seen: Callable[[str, str], Awaitable[None]] | None = None
        app = self.application
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_help))
        app.add_handler(CommandHandler("stop", self.on_stop))
        app.add_handler(CallbackQueryHandler(self.on_press))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        # Other commands (/foo) are answered like "help": Rasa would read them as intents.
        app.add_handler(MessageHandler(filters.COMMAND, self.on_help))
        app.add_error_handler(self.on_error)

    @property
    def webhook_secret(self) -> str:
        """TELEGRAM_WEBHOOK_SECRET, else one generated into var/ (Telegram sends it back)."""
        if self._secret is None:
            self._secret = self.settings.telegram_webhook_secret or secret_file(
                "telegram_webhook_secret"
            )
        return self._secret

    def secret_ok(self, header: str | None) -> bool:
        return header is not None and hmac.compare_digest(
            header.encode(), self.webhook_secret.encode()
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Starts in the background, retrying while Telegram is unreachable, so the web channel
        never waits for Telegram."""
        if self.webhook_url is not None:
            self.webhook_secret  # noqa: B018 (generated before the first request can arrive)
        self._runner = asyncio.create_task(self._start_with_retries(), name="telegram-start")

    async def _start_with_retries(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._start_once()
                return
            except InvalidToken:
                logger.error("Telegram refused TELEGRAM_BOT_TOKEN; the Telegram channel is off")
                return
            except TelegramError as exc:
                logger.warning("Telegram channel not started (%s); retrying in %gs", exc, delay)
                with contextlib.suppress(TelegramError):
                    await self.application.shutdown()
                await asyncio.sleep(delay)
                delay = min(delay * 2, START_RETRY_MAX)

    async def _start_once(self) -> None:
        app = self.application
        await app.initialize()  # getMe: checks the token
        if self.webhook_url is not None:
            await app.bot.set_webhook(
                url=self.webhook_url,
                secret_token=self.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            await app.start()
            mode = f"webhook {self.webhook_url}"
        else:
            assert app.updater is not None
            # bootstrap deletes a webhook left from a webhook-mode run, retried until it works.
            await app.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1, timeout=10
            )
            await app.start()
            mode = "long polling"
        self.running.set()
        logger.info("Telegram channel up as @%s (%s)", app.bot.username, mode)

    async def stop(self) -> None:
        if self._runner is not None and not self._runner.done():
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        app = self.application
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
        except TelegramError as exc:
            logger.warning("Telegram channel did not stop cleanly: %s", exc)
        self.running.clear()

    async def process_webhook(self, data: dict[str, Any]) -> bool:
        """One update POSTed by Telegram; handled in the background, the POST answered at once.
        False for a body that is not an update (Telegram never sends one; a probe might)."""
        if not isinstance(data.get("update_id"), int):
            logger.warning("Telegram webhook body without an update_id; refused")
            return False
        try:
            update = Update.de_json(data, self.application.bot)
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            logger.warning("Telegram webhook body is not an update (%r); refused", exc)
            return False
        await self.application.update_queue.put(update)
        return True

    # -- handlers --------------------------------------------------------------------------

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # /start begins afresh: a new Rasa session, so proof of an order given before lapses.
        await self._answer(update, "/session_start")
        await self._answer(update, "/greet")

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._answer(update, "/help")

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = clean_text(message.text) if message is not None and message.text else ""
        if not text.strip():
            return
        await self._answer(update, text[:MAX_MESSAGE_CHARS])

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or update.effective_chat is None:
            return
        payload = await self.payloads.payload_of(query.data or "") or self._title_of(query)
        chat_id = update.effective_chat.id
        conversation = conversation_id(chat_id)
        async with self.locks.hold(conversation):
            # Telegram shows a spinner on the button until the press is answered.
            try:
                await query.answer()
            except TelegramError as exc:
                logger.warning("answerCallbackQuery failed: %s", exc)
            # One answer per keyboard: remove it so an old question cannot be answered twice.
            if query.message is not None:
                try:
                    await query.edit_message_reply_markup(reply_markup=None)
                except BadRequest as exc:
                    logger.debug("keyboard already gone: %s", exc)
                except TelegramError as exc:
                    logger.warning("editMessageReplyMarkup failed: %s", exc)
            if payload:
                await self._reply(chat_id, conversation, payload, language_of_update(update))

    def _title_of(self, query: Any) -> str | None:
        markup = getattr(query.message, "reply_markup", None)
        for row in getattr(markup, "inline_keyboard", ()):
            for button in row:
                if button.callback_data == query.data:
                    return str(button.text)
        logger.warning("a button press with unknown callback data; ignored")
        return None

    async def on_stop(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        conversation = conversation_id(chat.id)
        async with self.locks.hold(conversation):
            stopped = await self.backend.stop_subscriptions(conversation)
            said = say("stopped" if stopped else "stop_failed", language_of_update(update))
            await self._send_text(chat.id, said)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("Telegram update failed: %r", context.error, exc_info=context.error)

    # -- routing and sending ---------------------------------------------------------------

    async def _answer(self, update: Update, text: str) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        conversation = conversation_id(chat.id)
        # Taken before anything else awaits, so one chat's messages are answered in order.
        async with self.locks.hold(conversation):
            user = update.effective_user
            if self.seen is not None and user is not None:
                await self.seen(conversation, user.full_name)
            await self._reply(chat.id, conversation, text, language_of_update(update))

    async def _reply(
        self, chat_id: int, conversation: str, text: str, language: str | None = None
    ) -> None:
        """Routes one customer message and sends the replies; the caller holds the chat's lock."""
        try:
            async with self._typing(chat_id):
                replies = await self.router.route(conversation, text, language)
            await self.send(chat_id, replies, language)
        except Forbidden:
            logger.info("chat %s blocked the bot; reply dropped", chat_id)
        except Exception:
            logger.exception("Telegram channel failed to answer a message")
            with contextlib.suppress(TelegramError):
                await self._send_text(chat_id, say("apology", language))

    @contextlib.asynccontextmanager
    async def _typing(self, chat_id: int) -> AsyncIterator[None]:
        async def keep_typing() -> None:
            while True:
                try:
                    await self.application.bot.send_chat_action(chat_id, ChatAction.TYPING)
                except TelegramError as exc:
                    logger.debug("sendChatAction failed: %s", exc)
                await asyncio.sleep(TYPING_EVERY)

        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def send(self, chat_id: int, replies: list[Reply], language: str | None = None) -> None:
        """Deliver replies to a chat in order (also for agents' replies and notices)."""
        for reply in replies:
            text = reply.get("text") or ""
            if reply["buttons"]:
                chunks = split_text(text or say("choose", language))
                for chunk in chunks[:-1]:
                    await self._send_text(chat_id, chunk)
                markup = await keyboard(reply["buttons"], self.payloads)
                await self.application.bot.send_message(chat_id, chunks[-1], reply_markup=markup)
            elif text:
                for chunk in split_text(text):
                    await self._send_text(chat_id, chunk)
            if "image" in reply:
                await self.application.bot.send_photo(chat_id, reply["image"])
            if any(key in reply for key in ("custom", "attachment", "elements")):
                logger.debug("a reply part Telegram does not render was left out")

    async def _send_text(self, chat_id: int, text: str) -> None:
        await self.application.bot.send_message(chat_id, text)
