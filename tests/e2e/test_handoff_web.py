"""A web customer is helped by an agent in the console and handed back to the bot: two browser
contexts in headless Chromium, the customer's widget and the agent's console."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.agent_console import AgentConsole
from tests.e2e.browser import ChatWidget, chromium
from tests.e2e.conftest import Stack, add_agent

pytestmark = pytest.mark.slow


def log_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(url + "agent")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if "/agent/password" in page.url:  # the first login asks for a password of one's own
        page.get_by_label("Current password").fill(password)
        page.get_by_label("New password", exact=True).fill(password + "-mine")
        page.get_by_label("New password again").fill(password + "-mine")
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#connection")).to_have_text("live", timeout=10_000)


def session_id(page: Page) -> str:
    value = page.evaluate(
        "() => { for (const s of [localStorage, sessionStorage]) for (const k of Object.keys(s))"
        " { try { const v = JSON.parse(s.getItem(k)); if (v && v.session_id) return v.session_id; }"
        " catch (e) {} } return null; }"
    )
    assert value, "the widget keeps its session id in storage"
    return str(value)


def test_an_agent_takes_over_the_web_chat_and_hands_it_back(stack: Stack) -> None:
    password = add_agent(stack, "Selin")
    with chromium() as browser:
        # The agent is at the console (available): the customer is told a wait, not "away".
        agent = browser.new_context().new_page()
        log_in(agent, stack.web_url, "Selin", password)

        customer = ChatWidget(browser.new_context().new_page())
        customer.open(stack.web_url)
        customer.wait_for_reply(0)  # the widget greets on opening
        told = " ".join(customer.say("I want to talk to a human"))
        assert "in the queue" in told and "the wait is about" in told, told
        conversation = "web:" + session_id(customer.page)

        ticket = agent.locator("#tickets li", has_text="web").last
        expect(ticket).to_be_visible(timeout=10_000)
        # The queue entry for this customer: the console's API tells which one it is.
        console = AgentConsole(stack.web_url, "Selin", password + "-mine")
        mine = console.wait_for_ticket(conversation)
        agent.locator(f'#tickets li[data-ticket="{mine["id"]}"]').click()
        expect(agent.locator("#messages")).to_contain_text("I want to talk to a human")
        expect(agent.locator("#panel")).to_contain_text("Waiting:")

        before = len(customer.bot_messages())
        agent.get_by_role("button", name="Claim").click()
        joined = customer.wait_for_reply(before)
        assert any("Selin from our support team has joined" in m for m in joined), joined

        before = len(customer.bot_messages())
        agent.locator("#reply").fill("Hello, I'm Selin. How can I help?")
        sent = time.monotonic()
        agent.get_by_role("button", name="Send").click()
        customer.page.wait_for_function(
            "([s, n]) => document.querySelectorAll(s).length > n",
            arg=[".rw-from-response .rw-message-text", before],
            timeout=5_000,
        )
        assert time.monotonic() - sent < 2.0  # within a second, plus the browser's own time
        assert "Selin (support): Hello, I'm Selin. How can I help?" in customer.bot_messages()[-1]

        # The customer's answer reaches the console live; the bot stays silent.
        before = len(customer.bot_messages())
        box = customer.page.locator(".rw-new-message")
        box.fill("where is my order 100042?")
        box.press("Enter")
        expect(agent.locator("#messages")).to_contain_text("where is my order 100042?")
        customer.page.wait_for_timeout(1500)
        assert len(customer.bot_messages()) == before, customer.bot_messages()[before:]

        agent.get_by_role("button", name="Resolve").click()
        back = customer.wait_for_reply(before)
        assert any("handed this chat back to me" in m for m in back), back
        assert any("from 1" in m for m in back), back  # and asks for a rating

        answer = " ".join(customer.say("what does back-ordered mean?"))
        assert "back-order" in answer.lower(), answer
        console.close()
