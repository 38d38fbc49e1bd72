"""A Telegram Bot API double: a local HTTP server with the methods the gateway uses.

Point the gateway at it with `TELEGRAM_API_BASE_URL=double.base_url` (python-telegram-bot appends
the token and `/method`). A test plays the customers: `double.chat(7).say("hi")` queues an update
for getUpdates (long polling) or, after setWebhook, POSTs it to the webhook with the secret;
`chat.press("Yes")` presses a button of the last inline keyboard that has it. Everything the bot
sent is recorded per chat (`double.calls`, `chat.messages`), and `double.fail_next(...)` makes the
next calls of a method answer 429 with `parameters.retry_after`, or another error.

Requests are what python-telegram-bot sends: form-encoded, non-string values JSON-encoded.
A ThreadingHTTPServer keeps it plain and synchronous: a held getUpdates only occupies a thread.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Byte Bazaar",
    "username": "bytebazaar_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Parameters python-telegram-bot JSON-encodes; every other value is a plain string.
JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "drop_pending_updates",
    "max_connections",
    "show_alert",
    "cache_time",
}


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None
    times: int


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class TelegramDouble:
    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        # Fresh chat ids each run: Rasa's tracker store outlives a test run, and a chat id seen
        # before would continue that earlier conversation (as a returning customer's does).
        self._chat_ids = itertools.count(random.randrange(10**9, 2 * 10**9, 10**6))
        self.calls: list[Call] = []
        self.blocked: set[int] = set()
        self.limits: tuple[int, float] | None = None
        self.rate_limited = 0  # 429s the bot caused by sending too fast
        self._sent_at: deque[float] = deque()
        self._chat_sent_at: dict[int, float] = {}
        self.failures: dict[str, list[Failure]] = defaultdict(list)
        # The bot's messages as the client shows them, keyboards updated by edits.
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.webhook: dict[str, Any] | None = None
        self.webhook_responses: list[int] = []
        self.offset_confirmed = 0
        self._stopped = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="telegram-double"
        )

    # -- server ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The TELEGRAM_API_BASE_URL for the gateway."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> TelegramDouble:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                self._serve()

            def do_GET(self) -> None:  # noqa: N802
                self._serve()

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                prefix = f"/bot{double.token}/"
                if not self.path.startswith(prefix):
                    return self._reply(
                        404, {"ok": False, "error_code": 404, "description": "Not Found"}
                    )
                method = self.path[len(prefix) :].split("?", 1)[0]
                params = parse_params(body, self.headers.get("Content-Type", ""))
                status, answer = double.handle(method, params)
                self._reply(status, answer)

            def _reply(self, status: int, answer: dict[str, Any]) -> None:
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # The bot may hang up a long poll when it stops.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler

    # -- the Bot API -----------------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.calls.append(Call(method, params))
            pending = self.failures.get(method)
            if pending:
                failure = pending[0]
                failure.times -= 1
                if failure.times <= 0:
                    pending.pop(0)
                answer: dict[str, Any] = {
                    "ok": False,
                    "error_code": failure.status,
                    "description": failure.description,
                }
                if failure.retry_after is not None:
                    answer["parameters"] = {"retry_after": failure.retry_after}
                return failure.status, answer
        if method == "sendMessage":
            refusal = self._refuse_send(int(params.get("chat_id") or 0))
            if refusal is not None:
                return refusal
        if method == "getUpdates":
            if self.webhook is not None:
                return 409, {
                    "ok": False,
                    "error_code": 409,
                    "description": "Conflict: can't use getUpdates method while webhook is active",
                }
            return 200, {"ok": True, "result": self._get_updates(params)}
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method"}
        with self._lock:
            try:
                result = handler(params)
            except LookupError as exc:
                return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            self._lock.notify_all()
        return 200, {"ok": True, "result": result}

    def block(self, chat_id: int) -> None:
        """The customer of `chat_id` blocks the bot: sending to them answers 403."""
        self.blocked.add(chat_id)

    def enforce_limits(self, per_second: int = 30, per_chat_interval: float = 1.0) -> None:
        """Answer 429 as Telegram does when a bot sends faster than its limits."""
        self.limits = (per_second, per_chat_interval)

    def _refuse_send(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        with self._lock:
            if chat_id in self.blocked:
                return 403, {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
            if self.limits is None:
                return None
            per_second, interval = self.limits
            now = time.monotonic()
            while self._sent_at and self._sent_at[0] <= now - 1.0:
                self._sent_at.popleft()
            too_fast = len(self._sent_at) >= per_second or (
                now - self._chat_sent_at.get(chat_id, -1e9) < interval - 0.01
            )
            if too_fast:
                self.rate_limited += 1
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                }
            self._sent_at.append(now)
            self._chat_sent_at[chat_id] = now
            return None

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._lock:
            # Updates below the offset are confirmed: Telegram forgets them.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.offset_confirmed = max(self.offset_confirmed, offset)
            while not self._updates and not self._stopped and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self._updates[:limit])

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return BOT_USER

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        chat_id = int(params["chat_id"])
        text = str(params.get("text") or "")
        if not text.strip():
            raise LookupError("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise LookupError("message is too long")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        if params.get("parse_mode"):
            message["parse_mode"] = params["parse_mode"]
        self.messages[chat_id].append(message)
        return message

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.messages[chat_id]:
            if message["message_id"] == message_id:
                if params.get("reply_markup"):
                    message["reply_markup"] = params["reply_markup"]
                else:
                    message.pop("reply_markup", None)
                return message
        raise LookupError("message to edit not found")

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        self.webhook = {
            "url": params["url"],
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        self.webhook = None
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logOut(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    # -- the test's side -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: int | None = 1,
        description: str | None = None,
    ) -> None:
        """The next `times` calls of `method` fail; a 429 carries `retry_after` seconds."""
        if status != 429:
            retry_after = None
        text = description or (
            f"Too Many Requests: retry after {retry_after}"
            if status == 429
            else "Internal Server Error"
        )
        with self._lock:
            self.failures[method].append(Failure(status, text, retry_after, times))

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
            ]

    def chat(
        self,
        chat_id: int | None = None,
        first_name: str = "Customer",
        language_code: str | None = None,
    ) -> TelegramChat:
        """A customer's private chat; a new chat id unless one is given. `language_code` is what
        Telegram reports of the customer's app language ("tr", "en-GB"), or none."""
        return TelegramChat(self, chat_id or next(self._chat_ids), first_name, language_code)

    def push(self, update: dict[str, Any]) -> None:
        """Delivers an update: queued for getUpdates, or POSTed to the webhook when one is set."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            webhook = self.webhook
            if webhook is None:
                self._updates.append(update)
                self._lock.notify_all()
                return
        headers = {}
        if webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
        response = httpx.post(webhook["url"], json=update, headers=headers, timeout=10)
        self.webhook_responses.append(response.status_code)

    def wait_until(self, condition: Callable[[], Any], timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = condition()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"condition not met within {timeout}s")
                self._lock.wait(min(left, 0.2))


class TelegramChat:
    """One customer's private chat with the bot."""

    def __init__(
        self,
        double: TelegramDouble,
        chat_id: int,
        first_name: str,
        language_code: str | None = None,
    ) -> None:
        self.double = double
        self.chat_id = chat_id
        self.user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            self.user["language_code"] = language_code
        self._message_ids = itertools.count(1_000_000)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.double.messages[self.chat_id]

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages]

    def say(self, text: str) -> None:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private", "first_name": self.user["first_name"]},
            "from": self.user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self.double.push({"message": message})

    def keyboard_message(self, title: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The newest message whose inline keyboard has a button `title`, and the button."""
        for message in reversed(self.messages):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        return message, button
        raise AssertionError(f"no inline keyboard with {title!r} in chat {self.chat_id}")

    def press(self, title: str) -> None:
        message, button = self.keyboard_message(title)
        self.double.push(
            {
                "callback_query": {
                    "id": str(next(self.double._query_ids)),
                    "from": self.user,
                    "chat_instance": f"ci{self.chat_id}",
                    "message": message,
                    "data": button["callback_data"],
                }
            }
        )

    def wait_for_replies(
        self, count_before: int, *, quiet: float = 1.0, timeout: float = 30.0
    ) -> list[str]:
        """Waits for a new message, then until none came for `quiet` s; returns the new texts."""
        self.double.wait_until(lambda: len(self.messages) > count_before, timeout)
        last, since = len(self.messages), time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.1)
            if len(self.messages) != last:
                last, since = len(self.messages), time.monotonic()
        return self.texts()[count_before:]

    def ask(self, text: str, **wait: Any) -> list[str]:
        before = len(self.messages)
        self.say(text)
        return self.wait_for_replies(before, **wait)

    def click(self, title: str, **wait: Any) -> list[str]:
        before = len(self.messages)
        self.press(title)
        return self.wait_for_replies(before, **wait)


def parse_params(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return dict(json.loads(body))
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        if key in JSON_PARAMS:
            try:
                params[key] = json.loads(value)
                continue
            except ValueError:
                pass
        params[key] = value
    return params


@contextmanager
def telegram_double(token: str = "123456:TEST-TOKEN") -> Iterator[TelegramDouble]:
    double = TelegramDouble(token).start()
    try:
        yield double
    finally:
        double.stop()
