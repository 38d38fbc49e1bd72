"""The agent console shows the customer's language (card and ticket page), and what the desk
tells a Turkish customer is in Turkish. Headless Chromium against a real backend and gateway;
the screenshot goes to test-output/console/ticket-turkish.png (look at it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.words import WORDS
from tests.bot.conftest import wait_for
from tests.bot.console_stack import ConsoleStack, serve_console, verified
from tests.bot.test_console_browser import fits, log_in, shot
from tests.e2e.browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium to drive"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleStack]:
    yield from serve_console(tmp_path_factory.mktemp("console-language"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from tests.e2e.browser import chromium

    with chromium() as browser:
        yield browser


def test_an_agent_sees_the_language_and_the_customer_hears_turkish(
    stack: ConsoleStack, browser: object
) -> None:
    stack.open_ticket("tg:5151", "asked", verified("100042", "ayse@example.com", "tr"))
    stack.name_customer("tg:5151", "Ayşe Kaya")
    stack.open_ticket("web:english01", "asked", verified("100044", "ada@example.com", "en"))
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url)
        cards = page.locator("#tickets .card")
        sync_api.expect(cards).to_have_count(2)
        sync_api.expect(cards.nth(0)).to_contain_text("order 100042 · TR")
        sync_api.expect(cards.nth(1)).to_contain_text("order 100044 · EN")

        cards.nth(0).click()
        language = page.locator("#ticket-language")
        sync_api.expect(language).to_have_text("Writes in Turkish")
        page.click("#claim")
        sync_api.expect(page.locator("#reply")).to_have_attribute(
            "placeholder", "Reply to the customer in Turkish"
        )
        wait_for(lambda: stack.delivered, 5)  # the claim's answer may come first
        conversation, replies = stack.delivered[-1]
        assert conversation == "tg:5151"
        assert replies[0]["text"] == WORDS["tr"]["agent_joined"].format(agent="Selin")
        page.fill("#reply", "Merhaba Ayşe Hanım, siparişinize hemen bakıyorum.")
        page.click("#send")
        sync_api.expect(page.locator("#messages li.agent").last).to_contain_text("hemen bakıyorum")
        wait_for(lambda: len(stack.delivered) == 2, 5)
        assert stack.delivered[-1][1][0]["text"].startswith("Selin (destek): Merhaba Ayşe Hanım")
        assert fits(page)
        shot(page, "ticket-turkish.png")

        cards.filter(has_text="100044").click()
        sync_api.expect(language).to_have_text("Writes in English")
        sync_api.expect(page.locator("#reply")).to_have_attribute(
            "placeholder", "Reply to the customer"
        )
    finally:
        page.close()
