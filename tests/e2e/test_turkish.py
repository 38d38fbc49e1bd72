"""A Turkish-speaking customer, the whole stack: on Telegram (the app set to Turkish) the bot
answers in Turkish with the dates the Turkish way, and out of support hours a Turkish customer is
told the hours and when agents are back in Turkish; on the Turkish store page the widget does the
same in Chromium.

Needs the Turkish replies (domain.yml's `language` variations, the actions' formatting) and the
Turkish training data as well as the channels: it passes once those branches are merged.
"""

from __future__ import annotations

import datetime as dt

import pytest

from actions.formatting import format_day
from bot.words import WORDS
from tests.e2e.agent_console import AgentConsole
from tests.e2e.browser import ChatWidget, chromium
from tests.e2e.conftest import NOW, OUTPUT, Stack, add_agent
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 24)
SATURDAY = "2026-11-28T09:30:00+03:00"
ENGLISH = ("order", "back-ordered", "queue", "email")


def backordered_line(stack: Stack) -> dict:
    with stack.backend() as backend:
        order = backend.post(
            "/v1/orders/lookup",
            json={"order_number": "100042", "email": "ada.lovelace@example.com"},
        ).json()
    return next(line for line in order["lines"] if line["status"] == "backordered")


def assert_turkish_order_answer(answer: str, line: dict) -> None:
    restock = format_day(dt.date.fromisoformat(line["restock_date"]), TODAY, language="tr")
    assert "100042" in answer
    assert restock in answer, answer  # "9 Aralık Çarşamba"
    assert str(line["queue_position"]) in answer
    lowered = answer.lower()
    assert not [word for word in ENGLISH if word in lowered], answer


def test_order_status_in_turkish_over_telegram(stack: Stack, telegram: TelegramDouble) -> None:
    line = backordered_line(stack)
    chat = telegram.chat(first_name="Ayşe", language_code="tr")
    greeting = " ".join(chat.ask("/start"))
    assert "Merhaba" in greeting, greeting
    asked = " ".join(chat.ask("merhaba, siparişim nerede?"))
    assert "sipariş numaranız" in asked.lower(), asked
    asked = " ".join(chat.ask("sipariş no 100042"))
    assert "e-posta" in asked, asked
    answer = "\n".join(chat.ask("ada.lovelace@example.com"))
    assert_turkish_order_answer(answer, line)


def test_a_turkish_customer_out_of_hours_hears_the_hours_in_turkish(
    stack: Stack, telegram: TelegramDouble
) -> None:
    with stack.operator() as backend:
        assert backend.put("/v1/handoffs/clock", json={"now": SATURDAY}).status_code == 200
        try:
            chat = telegram.chat(first_name="Emre", language_code="tr")
            chat.ask("/start")
            told = " ".join(chat.ask("bir müşteri temsilcisiyle görüşmek istiyorum"))
            assert "Pazartesi–Cuma 10:00–18:00 İstanbul saatiyle" in told, told
            assert "30 Kasım Pazartesi İstanbul saatiyle 10:00" in told, told
            taken = chat.ask("100046 numaralı siparişim için beni arayabilir misiniz?")
            assert WORDS["tr"]["waiting_ack"] in taken, taken

            console = AgentConsole(stack.web_url, "Elif", add_agent(stack, "Elif"))
            ticket = console.wait_for_ticket(f"tg:{chat.chat_id}")
            assert ticket["language"] == "tr"
            console.close()
        finally:
            backend.put("/v1/handoffs/clock", json={"now": NOW})


def test_order_status_in_the_turkish_widget(stack: Stack) -> None:
    line = backordered_line(stack)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="tr-TR")
        chat = ChatWidget(page)
        try:
            chat.open(stack.web_url + "tr/")
            greeting = " ".join(chat.wait_for_reply(0))
            assert "Merhaba" in greeting, greeting
            asked = " ".join(chat.say("siparişim nerede?"))
            assert "sipariş numaranız" in asked.lower(), asked
            chat.say("100042")
            answer = "\n".join(chat.say("ada.lovelace@example.com"))
            assert_turkish_order_answer(answer, line)
        finally:
            page.screenshot(path=str(OUTPUT / "turkish_web_order_status.png"))
