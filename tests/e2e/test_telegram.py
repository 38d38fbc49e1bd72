"""A customer asks where their order is on Telegram: the whole stack, the Bot API a local double.

The stack's gateway long-polls the session's double; the webhook run uses a second gateway (in
this process) in webhook mode, talking to the same Rasa.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest

from actions.formatting import format_day
from backorder_common.settings import Settings
from bot.channels.telegram import SECRET_HEADER, WEBHOOK_PATH
from tests.e2e.conftest import Stack, free_port, gateway
from tests.telegram_double import TelegramChat, TelegramDouble, telegram_double

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 24)


def order_status_conversation(chat: TelegramChat, stack: Stack) -> None:
    with stack.backend() as backend:
        order = backend.post(
            "/v1/orders/lookup",
            json={"order_number": "100042", "email": "ada.lovelace@example.com"},
        ).json()
    waiting = next(line for line in order["lines"] if line["status"] == "backordered")
    restock = format_day(dt.date.fromisoformat(waiting["restock_date"]), TODAY)

    greeting = chat.ask("/start")
    assert any("order" in text.lower() for text in greeting)
    assert chat.keyboard_message("Where is my order?")
    asked = chat.click("Where is my order?")
    assert any("order number" in text.lower() for text in asked)
    # The press took the keyboard away: an old question cannot be answered twice.
    assert all("reply_markup" not in m for m in chat.messages[: -len(asked)])
    asked = chat.ask("100042")
    assert any("email" in text.lower() for text in asked)
    answer = "\n".join(chat.ask("ada.lovelace@example.com"))
    assert "100042" in answer
    assert "back-ordered" in answer.lower()
    assert f"number {waiting['queue_position']} in the queue" in answer
    assert restock in answer


def test_order_status_over_telegram_with_inline_keyboard_presses(
    stack: Stack, telegram: TelegramDouble
):
    chat = telegram.chat(first_name="Ada")
    order_status_conversation(chat, stack)
    assert telegram.calls_of("answerCallbackQuery")
    assert telegram.calls_of("sendChatAction", chat.chat_id)
    assert all("parse_mode" not in m for m in chat.messages)


@pytest.fixture(scope="module")
def webhook_gateway(stack: Stack) -> Iterator[tuple[str, TelegramDouble]]:
    """A second gateway, in webhook mode, in front of the stack's Rasa."""
    with telegram_double() as double:
        port = free_port()
        settings = Settings(
            rasa_url=stack.env["RASA_URL"],
            backend_url=stack.backend_url,
            backend_api_key=stack.env["BACKEND_API_KEY"],
            backend_operator_key=stack.env["BACKEND_OPERATOR_KEY"],
            redis_url=None,
            telegram_bot_token=double.token,
            telegram_api_base_url=double.base_url,
            telegram_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            telegram_webhook_secret="e2e-webhook-secret",
            delivery_worker=False,
        )
        with gateway(settings, port) as url:
            double.wait_until(lambda: double.webhook, 30)
            yield url, double


def test_webhook_mode_refuses_a_wrong_secret_and_serves_telegram(
    stack: Stack, webhook_gateway: tuple[str, TelegramDouble]
):
    url, double = webhook_gateway
    assert double.webhook == {
        "url": f"{url}{WEBHOOK_PATH}",
        "secret_token": "e2e-webhook-secret",
        "allowed_updates": ["message", "callback_query"],
    }
    forged = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "text": "/start",
            "chat": {"id": 666, "type": "private"},
            "from": {"id": 666, "is_bot": False, "first_name": "Mallory"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    assert httpx.post(f"{url}{WEBHOOK_PATH}", json=forged).status_code == 403
    assert (
        httpx.post(
            f"{url}{WEBHOOK_PATH}", json=forged, headers={SECRET_HEADER: "guessed"}
        ).status_code
        == 403
    )
    chat = double.chat(first_name="Ada")
    order_status_conversation(chat, stack)
    assert set(double.webhook_responses) == {200}
    assert not double.messages.get(666)  # the forged update never reached the bot
