"""The handoff over Telegram (the Bot API double): an agent in the console takes the chat over,
the bot stays silent, the agent resolves and the bot is back; and a customer who stops waiting
goes back to the bot with the keyboard's button."""

from __future__ import annotations

import time

import pytest

from tests.e2e.agent_console import AgentConsole
from tests.e2e.conftest import Stack, add_agent
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.slow


def test_an_agent_helps_a_telegram_customer_and_hands_back(
    stack: Stack, telegram: TelegramDouble
) -> None:
    console = AgentConsole(stack.web_url, "Emre", add_agent(stack, "Emre"))
    chat = telegram.chat(first_name="Grace")
    chat.ask("/start")
    told = " ".join(chat.ask("can I speak to a real person?"))
    assert "in the queue" in told, told
    assert chat.keyboard_message("Back to the bot")

    ticket = console.wait_for_ticket(f"tg:{chat.chat_id}")
    assert ticket["channel"] == "telegram" and ticket["status"] == "waiting"
    # A message while waiting is taken and acknowledged.
    waiting = chat.ask("my laptop arrived with a cracked screen")
    assert any("with our support team" in text for text in waiting), waiting

    before = len(chat.messages)
    assert console.api("POST", f"/tickets/{ticket['id']}/claim").status_code == 200
    joined = chat.wait_for_replies(before, timeout=10)
    assert any("Emre from our support team has joined" in text for text in joined), joined

    before = len(chat.messages)
    sent = time.monotonic()
    assert (
        console.api(
            "POST", f"/tickets/{ticket['id']}/reply", {"text": "Sorry to hear! Order number?"}
        ).status_code
        == 200
    )
    telegram.wait_until(lambda: len(chat.messages) > before, 5)
    assert time.monotonic() - sent < 1.5
    assert chat.texts()[-1] == "Emre (support): Sorry to hear! Order number?"

    # The customer's answer reaches the ticket; the bot says nothing.
    before = len(chat.messages)
    chat.say("100043")
    deadline = time.monotonic() + 10
    while not any(m["text"] == "100043" for m in console.messages(ticket["id"])):
        assert time.monotonic() < deadline, "the customer's message never reached the ticket"
        time.sleep(0.2)
    time.sleep(1.5)
    assert len(chat.messages) == before, chat.texts()[before:]

    before = len(chat.messages)
    assert console.api("POST", f"/tickets/{ticket['id']}/resolve").status_code == 200
    back = chat.wait_for_replies(before, timeout=15)
    assert any("handed this chat back to me" in text for text in back), back
    answer = " ".join(chat.ask("what is a back-order?"))
    assert "back-order" in answer.lower(), answer
    console.close()


def test_a_waiting_telegram_customer_goes_back_to_the_bot(
    stack: Stack, telegram: TelegramDouble
) -> None:
    console = AgentConsole(stack.web_url, "Deniz", add_agent(stack, "Deniz"))
    chat = telegram.chat(first_name="Linus")
    chat.ask("/start")
    chat.ask("I need a human")
    ticket = console.wait_for_ticket(f"tg:{chat.chat_id}")
    back = " ".join(chat.click("Back to the bot"))
    assert "withdrawn your request" in back, back
    queue = console.api("GET", "/queue").json()
    assert all(t["id"] != ticket["id"] for t in queue["tickets"])
    # The bot answers again at once.
    assert "back-order" in " ".join(chat.ask("what is a back-order?")).lower()
    console.close()


def test_a_paused_chat_whose_ticket_is_gone_gets_the_bot_back(
    stack: Stack, telegram: TelegramDouble
) -> None:
    """The ticket ends without the gateway (here: cancelled straight in the backend), so Rasa
    still holds the conversation paused: the next message resumes the bot, which says so and
    answers it, instead of "typing..." and then nothing."""
    console = AgentConsole(stack.web_url, "Ilker", add_agent(stack, "Ilker"))  # on duty
    console.close()
    chat = telegram.chat(first_name="Ida")
    chat.ask("/start")
    told = " ".join(chat.ask("I want to talk to a human"))
    assert "in the queue" in told, told
    conversation = f"tg:{chat.chat_id}"
    with stack.backend() as backend:
        ticket = backend.get("/v1/handoffs/open", params={"conversation_id": conversation})
        assert ticket.status_code == 200, ticket.text
        assert backend.post(f"/v1/handoffs/{ticket.json()['id']}/cancel").status_code == 200
    answer = chat.ask("what is a backorder?")
    assert answer[0] == "Your request for an agent is no longer open, so I'm answering again."
    assert len(answer) > 1, answer  # and the bot answers the question itself
    assert (
        "back-order" in " ".join(answer[1:]).lower() or "backorder" in " ".join(answer[1:]).lower()
    ), answer
    # From then on the bot answers as usual.
    assert chat.ask("thanks")


def test_a_waiting_customer_who_says_never_mind_and_asks_gets_the_bots_answer(
    stack: Stack, telegram: TelegramDouble
) -> None:
    """One message that leaves the queue and asks something: the ticket is withdrawn and the
    bot answers the question (bot/console/desk.py reads it a sentence at a time)."""
    console = AgentConsole(stack.web_url, "Aylin", add_agent(stack, "Aylin"))
    chat = telegram.chat(first_name="Ada")
    chat.ask("/start")
    chat.ask("i want to talk to a human")
    ticket = console.wait_for_ticket(f"tg:{chat.chat_id}")
    said = " ".join(
        chat.ask("actually never mind, I can ask you. is the samsung 990 pro 2tb in stock?")
    )
    assert "withdrawn your request" in said, said
    assert "Samsung 990 Pro 2 TB" in said, said
    queue = console.api("GET", "/queue").json()
    assert all(t["id"] != ticket["id"] for t in queue["tickets"])
    console.close()
