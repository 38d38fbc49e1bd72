"""Debian's chromium under Playwright: no downloaded browser, flags that suit a closed network."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


# A bot message's text; the widget's typing indicator (.rw-loading) has none.
BOT_MESSAGE = ".rw-from-response .rw-message-text"
TYPING = ".rw-loading"


class ChatWidget:
    """The rasa-webchat widget on the store page, driven as a customer would."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, url: str) -> None:
        self.page.goto(url)
        launcher = self.page.locator(".rw-launcher")
        launcher.wait_for(timeout=30_000)
        if not self.page.locator(".rw-conversation-container").count():
            launcher.click()
        self.page.locator(".rw-new-message").wait_for(timeout=10_000)

    def bot_messages(self) -> list[str]:
        return [text.strip() for text in self.page.locator(BOT_MESSAGE).all_text_contents()]

    def wait_for_reply(self, count_before: int, timeout: float = 30_000) -> list[str]:
        """Waits until the bot has said more than before and has gone quiet; returns the new."""
        self.page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length > n",
            arg=[BOT_MESSAGE, count_before],
            timeout=timeout,
        )
        settled, last = 0, -1
        # Replies arrive one by one, each after the widget's typing delay (up to 1.2 s, bot/static/
        # chat.js): wait until none came for 1.6 s.
        while settled < 8:
            self.page.wait_for_timeout(200)
            now = len(self.bot_messages())
            typing = self.page.locator(TYPING).count() > 0
            settled = settled + 1 if now == last and not typing else 0
            last = now
        return self.bot_messages()[count_before:]

    def say(self, text: str) -> list[str]:
        before = len(self.bot_messages())
        box = self.page.locator(".rw-new-message")
        box.fill(text)
        box.press("Enter")
        return self.wait_for_reply(before)

    def click_reply(self, title: str) -> list[str]:
        before = len(self.bot_messages())
        self.page.locator(".rw-replies .rw-reply", has_text=title).last.click()
        return self.wait_for_reply(before)
