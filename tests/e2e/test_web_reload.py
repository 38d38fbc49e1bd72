"""The web widget as customers use it: quick-reply clicks, and a page reload mid-conversation."""

from __future__ import annotations

import pytest

from tests.e2e.browser import ChatWidget, chromium
from tests.e2e.conftest import OUTPUT, Stack

pytestmark = pytest.mark.slow


def test_quick_replies_and_a_reload_that_keeps_the_conversation(stack: Stack):
    """A reload keeps the conversation (sessionStorage lives as long as the tab)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        chat = ChatWidget(page)
        try:
            chat.open(stack.web_url)
            chat.wait_for_reply(0)
            asked = chat.click_reply("Where is my order?")
            assert any("order number" in text.lower() for text in asked)
            asked = chat.say("100042")
            assert any("email" in text.lower() for text in asked)
            before = chat.bot_messages()
            session = page.evaluate("() => window.sessionStorage.getItem('chat_session')")
            assert session, "the widget keeps its session in the tab's sessionStorage"
            kept = page.evaluate("() => window.localStorage.getItem('chat_session')")
            assert kept is None, "nothing outlives the tab: a shared computer forgets the chat"

            page.reload()
            chat.open(stack.web_url)  # same URL: the widget restores its session and history
            page.wait_for_function(
                "([selector, n]) => document.querySelectorAll(selector).length >= n",
                arg=[".rw-from-response .rw-message-text", len(before)],
                timeout=15_000,
            )
            assert chat.bot_messages()[: len(before)] == before
            page.locator(".rw-client", has_text="100042").first.wait_for(timeout=5_000)

            # The conversation goes on where it was: Rasa still waits for the email.
            answer = "\n".join(chat.say("ada.lovelace@example.com"))
            assert "100042" in answer
            assert "back-ordered" in answer.lower()
        finally:
            page.screenshot(path=str(OUTPUT / "web_reload_order_status.png"))
