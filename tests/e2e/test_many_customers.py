"""20 web sessions and 20 Telegram chats at once, each asking about its own order.

Every customer must get exactly their own answers: their order, never another customer's. The
web sessions speak the widget's socket.io protocol (python-socketio's client, a thread each); the
Telegram chats go through the session's Bot API double, which the stack's gateway long-polls.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from tests.bot.conftest import WebClient, wait_for
from tests.e2e.conftest import Stack
from tests.telegram_double import TelegramChat, TelegramDouble

pytestmark = pytest.mark.slow

CUSTOMERS = 20
TURN_TIMEOUT = 60.0
ORDER_NUMBER = re.compile(r"\b1\d{5}\b")


def asks_number(text: str) -> bool:
    return "order number" in text.lower()


def asks_email(text: str) -> bool:
    return "email" in text.lower()


def answers(number: str) -> Callable[[str], bool]:
    return lambda text: f"order {number}" in text


def web_customer(url: str, number: str, email: str) -> list[str]:
    client = WebClient(url)
    try:
        session_id = client.connect()

        def ask(text: str, wanted: Callable[[str], bool]) -> None:
            since = len(client.bot)
            client.say(text, session_id)
            wait_for(lambda: any(wanted(t) for t in texts(client.bot[since:])), TURN_TIMEOUT)

        ask("where is my order?", asks_number)
        ask(number, asks_email)
        ask(email, answers(number))
        time.sleep(1.5)  # anything else that would still arrive
        return texts(client.bot)
    finally:
        client.close()


def texts(payloads: list[Any]) -> list[str]:
    return [str(p.get("text", "")) for p in payloads if isinstance(p, dict)]


def telegram_customer(chat: TelegramChat, number: str, email: str) -> list[str]:
    def ask(text: str, wanted: Callable[[str], bool]) -> None:
        since = len(chat.messages)
        chat.say(text)
        chat.double.wait_until(lambda: any(wanted(t) for t in chat.texts()[since:]), TURN_TIMEOUT)

    ask("where is my order?", asks_number)
    ask(number, asks_email)
    ask(email, answers(number))
    time.sleep(1.5)
    return chat.texts()


def foreign_numbers(texts: list[str], own: str, everyone: set[str]) -> set[str]:
    return {n for t in texts for n in ORDER_NUMBER.findall(t) if n in everyone and n != own}


def test_twenty_web_sessions_and_twenty_telegram_chats_at_once(
    stack: Stack, telegram: TelegramDouble
):
    orders = stack.open_orders(2 * CUSTOMERS)
    web_orders, tg_orders = orders[:CUSTOMERS], orders[CUSTOMERS:]
    everyone = {number for number, _ in orders}

    results: dict[str, list[str] | BaseException] = {}

    def run(key: str, converse: Callable[[], list[str]]) -> None:
        try:
            results[key] = converse()
        except BaseException as exc:  # reported below
            results[key] = exc

    threads = [
        threading.Thread(
            target=run, args=(f"web {number}", partial(web_customer, stack.web_url, number, email))
        )
        for number, email in web_orders
    ] + [
        threading.Thread(
            target=run,
            args=(f"telegram {number}", partial(telegram_customer, telegram.chat(), number, email)),
        )
        for number, email in tg_orders
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TURN_TIMEOUT * 4)
    elapsed = time.monotonic() - started

    problems = []
    for channel, chosen in (("web", web_orders), ("telegram", tg_orders)):
        for number, _ in chosen:
            said = results.get(f"{channel} {number}", TimeoutError("no result"))
            if isinstance(said, BaseException):
                problems.append(f"{channel} {number}: {type(said).__name__} {said}")
            elif leaked := foreign_numbers(said, number, everyone):
                problems.append(f"{channel} {number} was told about {leaked}")
    assert not problems, "\n".join(problems) + f"\n(after {elapsed:.0f} s)"
