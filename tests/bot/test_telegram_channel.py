"""The Telegram channel in a real gateway, against the Telegram double and a fake Rasa."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from bot.backend_client import BackendClient
from bot.channels.telegram import (
    STOP_FAILED,
    STOPPED,
    WEBHOOK_PATH,
    CallbackPayloads,
    RedisCallbackPayloads,
    keyboard,
    payload_key,
    split_text,
)
from bot.replies import APOLOGY
from tests.bot.conftest import (
    FakeRasa,
    Gateway,
    free_port,
    start_gateway,
    start_telegram_gateway,
    wait_for,
)
from tests.telegram_double import TelegramDouble, telegram_double

BUTTONS = [
    {"title": "Where is my order?", "payload": "/order_status"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]


async def scripted(body: dict[str, Any]) -> httpx.Response:
    """Rasa's answers: a greeting with buttons, echo for the rest."""
    sender, text = body["sender"], body["message"]
    if text == "/session_start":  # a new session: Rasa says nothing until the greeting
        answer = []
    elif text in ("/greet", "/help"):
        answer = [{"recipient_id": sender, "text": "Hi! How can I help?", "buttons": BUTTONS}]
    elif text == "/order_status":
        answer = [{"recipient_id": sender, "text": "What's your order number?"}]
    elif text == "long":
        answer = [{"recipient_id": sender, "text": ("word " * 2000).strip()}]
    else:
        answer = [{"recipient_id": sender, "text": f"You said: {text}"}]
    return httpx.Response(200, json=answer)


@pytest.fixture(scope="module")
def polling(double: TelegramDouble) -> Iterator[Gateway]:
    gw, stop = start_telegram_gateway(double, FakeRasa(scripted))
    yield gw
    stop()


@pytest.fixture
def rasa(polling: Gateway) -> FakeRasa:
    polling.rasa.handler = scripted
    polling.rasa.received.clear()
    return polling.rasa


def test_start_greets_through_rasa_with_an_inline_keyboard(double, polling, rasa):
    chat = double.chat(101)
    assert chat.ask("/start") == ["Hi! How can I help?"]
    assert rasa.received[-1]["sender"] == "tg:101"
    assert rasa.received[-1]["message"] == "/greet"
    assert rasa.received[-1]["metadata"] == {"channel": "tg"}
    markup = chat.messages[-1]["reply_markup"]
    assert [[b["text"] for b in row] for row in markup["inline_keyboard"]] == [
        ["Where is my order?", "Talk to a person"]
    ]
    assert "parse_mode" not in chat.messages[-1]  # plain text: nothing to escape


def test_a_press_is_the_customers_answer_and_removes_the_keyboard(double, polling, rasa):
    chat = double.chat(102)
    chat.ask("/help")
    assert rasa.received[-1]["message"] == "/help"
    keyboard_message = chat.messages[-1]
    assert chat.click("Where is my order?") == ["What's your order number?"]
    assert rasa.received[-1] == {
        "sender": "tg:102",
        "message": "/order_status",
        "metadata": {"channel": "tg"},
    }
    assert len(double.calls_of("answerCallbackQuery")) >= 1
    edits = double.calls_of("editMessageReplyMarkup", 102)
    assert edits and int(edits[-1].params["message_id"]) == keyboard_message["message_id"]
    assert "reply_markup" not in keyboard_message  # the double applied the edit


def test_typing_is_shown_while_the_bot_works(double, polling, rasa):
    async def slow(body: dict[str, Any]) -> httpx.Response:
        await asyncio.sleep(0.5)
        return await scripted(body)

    rasa.handler = slow
    chat = double.chat(103)
    assert chat.ask("hello") == ["You said: hello"]
    actions = double.calls_of("sendChatAction", 103)
    assert actions and actions[0].params["action"] == "typing"
    first_reply = double.calls_of("sendMessage", 103)[0]
    assert actions[0].at < first_reply.at


def test_long_replies_are_split_at_telegrams_limit(double, polling, rasa):
    chat = double.chat(104)
    parts = chat.ask("long")
    assert len(parts) == 3
    assert all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == ("word " * 2000).strip()


def test_rasa_down_gets_the_apology_and_recovers(double, polling, rasa):
    async def down(body: dict[str, Any]) -> httpx.Response:
        raise httpx.ConnectError("refused")

    rasa.handler = down
    chat = double.chat(105)
    started = time.monotonic()
    assert chat.ask("hello", quiet=0.3) == [APOLOGY]
    assert time.monotonic() - started < 10
    rasa.handler = scripted
    assert chat.ask("again") == ["You said: again"]


def test_a_429_is_waited_out_and_retried(double, polling, rasa):
    chat = double.chat(106)
    double.fail_next("sendMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert chat.ask("hello") == ["You said: hello"]
    sends = double.calls_of("sendMessage", 106)
    assert len(sends) == 2  # refused once, then sent
    assert sends[1].at - sends[0].at >= 1.0
    assert time.monotonic() - started < 10


def test_one_chats_messages_are_answered_in_order_and_chats_do_not_mix(double, polling, rasa):
    async def jittery(body: dict[str, Any]) -> httpx.Response:
        await asyncio.sleep(0.05 * (hash(body["message"]) % 4))
        return await scripted(body)

    rasa.handler = jittery
    chats = [double.chat(200 + i) for i in range(5)]
    for n in range(4):
        for chat in chats:
            chat.say(f"{chat.chat_id}-{n}")
    for chat in chats:
        double.wait_until(lambda c=chat: len(c.messages) >= 4, 15)
        assert chat.texts() == [f"You said: {chat.chat_id}-{n}" for n in range(4)]


def test_stop_ends_the_updates_in_the_backend(double, polling, rasa):
    seen: list[httpx.Request] = []

    def backend(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    channel = polling.app.http.state.telegram
    channel.backend = BackendClient(
        "http://backend", lambda: "key", 5, transport=httpx.MockTransport(backend)
    )
    chat = double.chat(107)
    assert chat.ask("/stop") == [STOPPED]
    assert seen[0].method == "DELETE"
    assert seen[0].url.path == "/v1/subscriptions"
    assert seen[0].url.params["conversation_id"] == "tg:107"
    assert not rasa.received


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (httpx.Response(404, json={"detail": "Not Found"}), STOPPED),
        (httpx.Response(500), STOP_FAILED),
        (None, STOP_FAILED),
    ],
)
def test_stop_when_the_backend_cannot(double, polling, rasa, answer, said, caplog):
    def backend(request: httpx.Request) -> httpx.Response:
        if answer is None:
            raise httpx.ConnectError("refused")
        return answer

    channel = polling.app.http.state.telegram
    channel.backend = BackendClient(
        "http://backend", lambda: "key", 5, transport=httpx.MockTransport(backend)
    )
    chat = double.chat(108 if answer is None else 108 + answer.status_code)
    assert chat.ask("/stop", quiet=0.3) == [said]
    assert "/stop: the backend" in caplog.text


def test_webhook_mode_checks_the_secret(double):
    with telegram_double() as hooked:
        port = free_port()
        gw, stop = start_gateway(
            FakeRasa(scripted),
            port=port,
            telegram_bot_token=hooked.token,
            telegram_api_base_url=hooked.base_url,
            telegram_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            telegram_webhook_secret="s3cret-token",
        )
        try:
            hooked.wait_until(lambda: hooked.webhook, 15)
            assert hooked.webhook["secret_token"] == "s3cret-token"
            assert hooked.webhook["allowed_updates"] == ["message", "callback_query"]
            assert not hooked.calls_of("getUpdates")
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "text": "sneaky",
                    "chat": {"id": 9, "type": "private"},
                    "from": {"id": 9, "is_bot": False, "first_name": "Eve"},
                },
            }
            url = f"{gw.url}{WEBHOOK_PATH}"
            assert httpx.post(url, json=update).status_code == 403
            assert (
                httpx.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                ).status_code
                == 403
            )
            time.sleep(0.3)
            assert not gw.rasa.received
            chat = hooked.chat(301)
            assert chat.ask("/start") == ["Hi! How can I help?"]
            assert chat.click("Where is my order?") == ["What's your order number?"]
            assert hooked.webhook_responses == [200, 200]
            # /start is two messages to Rasa (a new session, then the greeting), then the press.
            assert [b["sender"] for b in gw.rasa.received] == ["tg:301"] * 3
        finally:
            stop()


def test_webhook_bodies_that_are_not_updates_get_a_400_without_a_traceback(caplog):
    with telegram_double() as hooked:
        port = free_port()
        gw, stop = start_gateway(
            FakeRasa(scripted),
            port=port,
            telegram_bot_token=hooked.token,
            telegram_api_base_url=hooked.base_url,
            telegram_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            telegram_webhook_secret="s3cret-token",
        )
        try:
            url, secret = (
                f"{gw.url}{WEBHOOK_PATH}",
                {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
            )
            for body in (
                {},
                {"update_id": "1"},
                {"update_id": 1, "message": "x"},
                {"update_id": 2, "message": {"message_id": 1}},
                [],
                "x",
            ):
                assert httpx.post(url, json=body, headers=secret).status_code == 400, body
            assert httpx.post(url, content=b"{", headers=secret).status_code == 400
            too_big = {"update_id": 3, "message": {"text": "x" * 300_000}}
            assert httpx.post(url, json=too_big, headers=secret).status_code == 413
            chat = hooked.chat(302)
            assert chat.ask("hello") == ["You said: hello"]  # real updates still go through
            failures = [r for r in caplog.records if r.exc_info or r.name.startswith("uvicorn")]
            assert not failures, [r.getMessage() for r in failures]
        finally:
            stop()


def test_split_text_prefers_breaks_and_respects_utf16():
    assert split_text("short") == ["short"]
    parts = split_text("a" * 3000 + "\n\n" + "b" * 3000)
    assert parts == ["a" * 3000, "b" * 3000]
    emoji = "😀" * 3000  # two UTF-16 units each
    parts = split_text(emoji)
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert "".join(parts) == emoji
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]


LONG = '/inform{"order_number": "100042", "email": "ada.lovelace@example.com"}'


def test_long_payloads_travel_under_a_short_key():
    async def run() -> None:
        payloads = CallbackPayloads(size=2)
        markup = await keyboard([{"title": "That's me", "payload": LONG}], payloads)
        data = markup.inline_keyboard[0][0].callback_data
        assert isinstance(data, str) and len(data.encode()) <= 64
        assert await payloads.payload_of(data) == LONG
        assert await payloads.data_for("/affirm") == "/affirm"
        await payloads.data_for(LONG + "1")
        await payloads.data_for(LONG + "2")
        assert await payloads.payload_of(data) is None  # forgotten: the press uses the title

    asyncio.run(run())


def test_a_long_payload_kept_by_one_instance_is_found_by_another(redis_url: str):
    async def run() -> None:
        first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
        try:
            data = await RedisCallbackPayloads(first).data_for(LONG)
            assert data == payload_key(LONG) and len(data.encode()) <= 64
            assert await RedisCallbackPayloads(second).payload_of(data) == LONG
            assert await RedisCallbackPayloads(second).payload_of("#unknown") is None
            assert await RedisCallbackPayloads(second).payload_of("/affirm") == "/affirm"
            assert await first.ttl(RedisCallbackPayloads.PREFIX + data) > 0
        finally:
            await first.aclose()
            await second.aclose()

    asyncio.run(run())


def test_gateway_without_a_token_has_no_telegram(gateway):
    assert gateway.app.http.state.telegram is None
    assert httpx.post(f"{gateway.url}{WEBHOOK_PATH}", json={}).status_code in (404, 405)
    wait_for(lambda: True)
