"""The agent console in headless Chromium against a real backend (demo data) and gateway: the
queue cards, the ticket as prose, the transcript and the order, at a laptop's 1366 x 768 and at
1024 x 768. Screenshots go to test-output/console/ (look at them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.db import make_engine
from backend.models import Agent, LineEvent
from tests.bot.console_stack import PASSWORD, SCREENSHOTS, ConsoleStack, serve_console, verified
from tests.e2e.browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium to drive"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleStack]:
    yield from serve_console(tmp_path_factory.mktemp("console"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from tests.e2e.browser import chromium

    with chromium() as browser:
        yield browser


def log_in(page: object, url: str, name: str = "Selin") -> None:
    page.goto(url + "/agent/login")  # type: ignore[attr-defined]
    page.fill("input[name=name]", name)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(url + "/agent")  # type: ignore[attr-defined]


def fits(page: object) -> bool:
    return bool(
        page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
    )


def shot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


def test_an_agent_sees_who_waits_for_what_and_for_how_long(
    stack: ConsoleStack, browser: object
) -> None:
    ayse = stack.open_ticket(
        "tg:424242", "asked", verified("100042", "ada.lovelace@example.com", "tr")
    )
    stack.name_customer("tg:424242", "Ayşe Kaya")
    stack.open_ticket(
        "web:visitor77",
        "verification_failed",
        {
            "order_number": None,
            "intents": ["order_status"],
            "slots": {"order_number": "100044", "verification_failures": 3},
        },
    )
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url)
        cards = page.locator("#tickets .card")
        sync_api.expect(cards).to_have_count(2)
        first = cards.nth(0)  # the longest wait first
        sync_api.expect(first.locator(".name")).to_have_text("Ayşe Kaya")
        sync_api.expect(first).to_contain_text("Telegram")
        sync_api.expect(first).to_contain_text("order 100042 · TR")
        sync_api.expect(first.locator(".why")).to_have_text("Asked for a person")
        sync_api.expect(first.locator(".last")).to_have_text("“can I talk to a person please”")
        sync_api.expect(first.locator(".wait")).to_have_text(
            __import__("re").compile(r"^\d+:\d\d$")
        )
        second = cards.nth(1)
        sync_api.expect(second.locator(".name")).to_have_text("Web visitor visito")
        sync_api.expect(second.locator(".why")).to_have_text("Failed verification")
        sync_api.expect(page).to_have_title("(2) Agent console")
        assert fits(page)
        shot(page, "queue-1366.png")

        first.click()
        sync_api.expect(page.locator("#prose")).to_contain_text(
            "Verified order 100042 by email. Asked where the order is; one line back-ordered"
        )
        sync_api.expect(page.locator("#messages li.customer").first).to_contain_text("hi")
        sync_api.expect(page.locator("#messages li time").first).to_have_text(
            __import__("re").compile(r"^\d\d:\d\d$")
        )
        lines = page.locator("#order .line")
        sync_api.expect(lines).to_have_count(2)
        sync_api.expect(lines.nth(0)).to_contain_text("Back-ordered")
        sync_api.expect(lines.nth(0)).to_contain_text("restock ")
        sync_api.expect(page.locator("#order .placed")).to_contain_text("Placed ")
        page.click("#claim")
        sync_api.expect(page.locator("#ticket-title")).to_contain_text("with Selin")
        sync_api.expect(page.locator("#reply")).to_be_enabled()
        page.fill("#reply", "Merhaba Ayşe, I'm looking at your order now.")
        page.click("#send")
        sync_api.expect(page.locator("#messages li.agent").last).to_contain_text(
            "looking at your order"
        )
        assert stack.delivered[-1][0] == "tg:424242"
        assert fits(page)
        shot(page, "ticket-1366.png")

        page.set_viewport_size({"width": 1024, "height": 768})
        page.click("#filters button[data-filter=mine]")
        sync_api.expect(page.locator("#tickets .card")).to_have_count(1)
        assert fits(page)
        order_box = page.locator("#context").bounding_box()
        assert order_box and order_box["x"] + order_box["width"] <= 1024
        shot(page, "ticket-1024.png")
        assert ayse
    finally:
        page.close()


# Stand-ins for the browser's notifications and sound, recording what the console asks of them.
RECORDERS = """
window.notified = []; window.chimes = 0;
window.Notification = class { constructor(title, options) { window.notified.push(title); }
  static requestPermission() { return Promise.resolve("granted"); } };
window.Notification.permission = "granted";
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createOscillator() {
    return { frequency: {}, connect: (n) => n, start: () => { window.chimes += 1; }, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n };
  }
};
"""


def test_a_new_customer_is_announced_unless_muted(stack: ConsoleStack, browser: object) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    context.add_init_script(RECORDERS)
    page = context.new_page()
    try:
        log_in(page, stack.url, "Mehmet")
        waiting = page.locator("#stat-waiting")
        before = int(waiting.inner_text())
        stack.name_customer("tg:777001", "Alan T.")
        stack.open_ticket("tg:777001", "low_rating", verified("100043", "alan.turing@example.com"))
        sync_api.expect(page).to_have_title(f"({before + 1}) Agent console")
        page.wait_for_function("window.notified.length === 1")
        assert page.evaluate("window.notified") == ["New customer waiting: Alan T."]
        assert page.evaluate("window.chimes") == 1
        page.check("#mute")
        stack.open_ticket("tg:777002", "asked", verified("100045", "linus.t@example.com"))
        sync_api.expect(page).to_have_title(f"({before + 2}) Agent console")
        page.wait_for_timeout(1500)
        assert page.evaluate("window.notified.length") == 1 and page.evaluate("window.chimes") == 1
        page.reload()
        assert page.is_checked("#mute")  # the setting is kept in the browser
    finally:
        context.close()


def delivered_texts(stack: ConsoleStack, conversation: str) -> list[str]:
    return [r["text"] for c, replies in stack.delivered if c == conversation for r in replies]


def test_an_agent_acts_on_the_order_and_the_customer_reads_it(
    stack: ConsoleStack, browser: object
) -> None:
    conversation = "tg:515151"
    stack.name_customer(conversation, "Ada L.")
    ticket = stack.open_ticket(
        conversation, "asked", verified("100042", "ada.lovelace@example.com")
    )
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        log_in(page, stack.url)
        page.click(f"#tickets .card[data-ticket='{ticket}']")
        sync_api.expect(page.locator("#order .line-tools")).to_have_count(0)  # not claimed yet
        page.click("#claim")
        sync_api.expect(page.locator("#order .line-tools")).to_have_count(2)

        page.click("text=Send status")
        sync_api.expect(page.locator("#messages li.system").last).to_contain_text("Order 100042")
        assert any("• 1 × GeForce RTX 4070" in t for t in delivered_texts(stack, conversation))

        page.click("#order .order-tools >> text=Subscribe")
        sync_api.expect(page.locator("#messages li.system").last).to_contain_text(
            "signed you up for updates on order 100042"
        )
        with stack.backend.client() as backend:
            subscribed = backend.get("/v1/subscriptions", params={"conversation_id": conversation})
        assert [s["order_number"] for s in subscribed.json()] == ["100042"]

        first = page.locator("#order .line").nth(0)
        first.locator("text=Swap…").click()
        choices = first.locator(".alternatives li button")
        sync_api.expect(choices.first).to_be_visible()
        assert fits(page)
        shot(page, "order-actions-1366.png")
        page.set_viewport_size({"width": 1024, "height": 768})
        assert fits(page)
        shot(page, "order-actions-1024.png")
        page.set_viewport_size({"width": 1366, "height": 768})
        alternative = first.locator(".alternatives .alt-name").first.inner_text()
        choices.first.click()
        sync_api.expect(page.locator("#order .line").nth(0)).to_contain_text(alternative)
        sync_api.expect(page.locator("#messages li.system").last).to_contain_text(
            f"changed line 1 of your order 100042 to {alternative}"
        )

        page.locator("#order .line").nth(1).locator("text=Cancel line").click()
        sync_api.expect(page.locator("#order .line").nth(1)).to_contain_text("Cancelled")
        said = delivered_texts(stack, conversation)
        assert any(t.startswith("Selin cancelled line 2 of your order 100042") for t in said)
        assert "Selin cancelled line 2" in page.locator("#messages").inner_text()
    finally:
        page.close()
    # The order's history names the agent for each change.
    engine = make_engine(stack.backend.settings.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(LineEvent.kind, Agent.name)
            .join(Agent, LineEvent.agent_id == Agent.id)
            .order_by(LineEvent.id)
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("swapped", "Selin"), ("cancelled", "Selin")]


def test_a_saved_reply_fills_in_the_orders_facts(stack: ConsoleStack, browser: object) -> None:
    conversation = "tg:616161"
    stack.name_customer(conversation, "Grace H.")
    ticket = stack.open_ticket(
        conversation, "asked", verified("100044", "grace.hopper@example.com")
    )
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url, "Mehmet")
        page.click(f"#tickets .card[data-ticket='{ticket}']")
        page.click("#claim")
        sync_api.expect(page.locator("#saved")).to_be_enabled()
        page.click("#manage")
        page.fill("#reply-title", "Where it stands")
        page.fill("#reply-text", "Hi {customer_name}, about {order}")
        page.click("#reply-editor button[type=submit]")
        sync_api.expect(page.locator("#reply-error")).to_contain_text("unknown placeholder {order}")
        page.fill(
            "#reply-text",
            "Hi {customer_name}, order {order_number}: {item} ships {ship_window}. {agent_name}",
        )
        page.click("#reply-editor button[type=submit]")
        sync_api.expect(page.locator("#replies-list li")).to_have_count(1)
        shot(page, "saved-replies-1366.png")
        page.click("#replies-close")
        page.select_option("#saved", label="Where it stands")
        text = page.input_value("#reply")
        assert text.startswith("Hi Grace H., order 100044: GeForce RTX 4090")
        assert text.endswith(". Mehmet") and "{" not in text
        page.click("#send")
        sync_api.expect(page.locator("#messages li.agent").last).to_contain_text("order 100044")
    finally:
        page.close()


def test_earlier_conversations_and_a_search_of_past_tickets(
    stack: ConsoleStack, browser: object
) -> None:
    linus = verified("100045", "linus.t@example.com")
    first = stack.open_ticket("tg:818181", "asked", linus)
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url)
        page.click(f"#tickets .card[data-ticket='{first}']")
        page.click("#claim")
        sync_api.expect(page.locator("#reply")).to_be_enabled()
        page.fill("#reply", "The Ryzen 9 purchase order is overdue; I'll chase the supplier.")
        page.click("#send")
        sync_api.expect(page.locator("#messages li.agent").last).to_contain_text("chase")
        page.click("#resolve")
        sync_api.expect(page.locator("#ticket-title")).to_contain_text("resolved")
        # The same customer comes back on the web, verified with the same email.
        again = stack.open_ticket("web:linus2026", "misunderstood", linus)
        page.click(f"#tickets .card[data-ticket='{again}']")
        # Newest first: the ticket just resolved, then any the customer opened before it.
        earlier = page.locator("#history li").first
        sync_api.expect(earlier).to_have_attribute("data-ticket", str(first))
        sync_api.expect(earlier).to_contain_text("order 100045")
        sync_api.expect(earlier).to_contain_text("resolved by Selin")
        page.fill("#search", "chase the supplier")
        page.press("#search", "Enter")
        found = page.locator("#found li")
        sync_api.expect(found).to_have_count(1)
        assert fits(page)
        shot(page, "history-search-1366.png")
        found.first.click()
        sync_api.expect(page.locator("#messages li.agent").last).to_contain_text("chase")
        sync_api.expect(page.locator("#claim")).to_be_disabled()
        page.fill("#search", "no such words anywhere")
        page.press("#search", "Enter")
        sync_api.expect(page.locator("#found li")).to_have_text(
            ["No past ticket mentions “no such words anywhere”."]
        )
    finally:
        page.close()


def available_until(stack: ConsoleStack, name: str) -> object:
    engine = make_engine(stack.backend.settings.database_url)
    with engine.connect() as connection:
        until = connection.execute(
            select(Agent.available_until).where(Agent.name == name)
        ).scalar_one()
    engine.dispose()
    return until


def test_an_agent_goes_away_and_comes_back(stack: ConsoleStack, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url, "Mehmet")
        sync_api.expect(page.locator("#presence")).to_have_value("available")
        assert available_until(stack, "Mehmet") is not None  # the login said so
        sync_api.expect(page.locator("#stat-agents")).not_to_have_text("0")
        page.select_option("#presence", "away")
        sync_api.expect(page.locator("#presence")).to_have_class("away")
        deadline = 50
        while available_until(stack, "Mehmet") is not None and deadline:
            page.wait_for_timeout(100)
            deadline -= 1
        assert available_until(stack, "Mehmet") is None
        page.reload()  # the choice is kept: the console's heartbeat leaves an away agent away
        sync_api.expect(page.locator("#presence")).to_have_value("away")
        page.wait_for_timeout(1500)
        assert available_until(stack, "Mehmet") is None
        shot(page, "away-1366.png")
        page.select_option("#presence", "available")
        sync_api.expect(page.locator("#presence")).to_have_class("available")
        assert available_until(stack, "Mehmet") is not None
    finally:
        page.close()


def test_the_supervisors_figures(stack: ConsoleStack, browser: object) -> None:
    conversation = "tg:919191"
    ticket = stack.open_ticket(conversation, "asked", verified("100043", "alan.turing@example.com"))
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    try:
        log_in(page, stack.url, "Mehmet")
        page.click(f"#tickets .card[data-ticket='{ticket}']")
        page.click("#claim")
        page.fill("#reply", "Your monitor ships tomorrow.")
        page.click("#send")
        sync_api.expect(page.locator("#messages li.agent")).to_have_count(1)
        page.click("#resolve")
        sync_api.expect(page.locator("#ticket-title")).to_contain_text("resolved")
        with stack.backend.client() as backend:  # the rating the bot asks for afterwards
            rated = backend.post(
                "/v1/feedback",
                json={"conversation_id": conversation, "channel": "telegram", "rating": 4},
            )
            assert rated.status_code == 201, rated.text
        page.goto(stack.url + "/agent/report?days=7")
        row = page.locator("#per-agent tr", has_text="Mehmet")
        sync_api.expect(row).to_contain_text("4.0 (1)")
        sync_api.expect(page.locator("#per-day tr")).to_have_count(8)  # a header and 7 days
        assert fits(page)
        shot(page, "figures-1366.png")
        page.set_viewport_size({"width": 1024, "height": 768})
        assert fits(page)
        shot(page, "figures-1024.png")
    finally:
        page.close()
