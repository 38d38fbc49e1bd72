"""Out of support hours: the customer's request and message are taken, and they are told the
hours and when agents are back. The stack's frozen clock is moved to a Saturday morning."""

from __future__ import annotations

import pytest

from tests.e2e.agent_console import AgentConsole
from tests.e2e.conftest import NOW, Stack, add_agent
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.slow

SATURDAY = "2026-11-28T09:30:00+03:00"


def test_out_of_hours_the_message_is_taken_and_the_hours_are_stated(
    stack: Stack, telegram: TelegramDouble
) -> None:
    with stack.operator() as backend:
        assert backend.put("/v1/handoffs/clock", json={"now": SATURDAY}).status_code == 200
        try:
            chat = telegram.chat(first_name="Margaret")
            chat.ask("/start")
            told = " ".join(chat.ask("I want to talk to a real person"))
            assert "off duty" in told, told
            assert "Mon–Fri 10:00–18:00 Istanbul time" in told
            assert "back Monday 30 November at 10:00 Istanbul time" in told
            taken = chat.ask("Please call me back about order 100046")
            assert any("with our support team" in text for text in taken), taken

            console = AgentConsole(stack.web_url, "Kaan", add_agent(stack, "Kaan"))
            ticket = console.wait_for_ticket(f"tg:{chat.chat_id}")
            assert ticket["status"] == "waiting"
            texts = [m["text"] for m in console.messages(ticket["id"])]
            assert "Please call me back about order 100046" in texts
            console.close()
        finally:
            backend.put("/v1/handoffs/clock", json={"now": NOW})
