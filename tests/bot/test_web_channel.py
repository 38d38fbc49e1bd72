"""The web channel over a real socket: the protocol rasa-webchat speaks, against a fake Rasa."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bot.replies import APOLOGY
from tests.bot.conftest import FakeRasa, Gateway, texts, wait_for


def answer(*messages: dict[str, Any]):
    async def handler(body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(200, json=[{"recipient_id": body["sender"], **m} for m in messages])

    return handler


def test_session_request_gets_a_new_session_id(clients) -> None:
    c = clients()
    session_id = c.connect()
    assert len(session_id) == 32 and int(session_id, 16) >= 0


def test_session_request_keeps_the_given_session_id(clients) -> None:
    c = clients()
    assert c.connect("abc123def456") == "abc123def456"


def test_replies_arrive_in_order_as_bot_uttered(clients, rasa: FakeRasa) -> None:
    rasa.handler = answer({"text": "one"}, {"text": "two"}, {"text": "three"})
    c = clients()
    sid = c.connect("session0001")
    c.say("hello", sid)
    assert c.wait_for_replies(3) == [{"text": "one"}, {"text": "two"}, {"text": "three"}]
    assert rasa.received == [
        {
            "sender": "web:session0001",
            "message": "hello",
            "metadata": {"channel": "web", "language": "en"},  # the widget's customData
        }
    ]


def test_buttons_become_quick_replies_and_payloads_pass_through(clients, rasa: FakeRasa) -> None:
    rasa.handler = answer(
        {
            "text": "Shall I notify you?",
            "buttons": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        }
    )
    c = clients()
    sid = c.connect("session0002")
    c.say("notify me", sid)
    assert c.wait_for_replies(1)[0] == {
        "text": "Shall I notify you?",
        "quick_replies": [
            {"content_type": "text", "title": "Yes", "payload": "/affirm"},
            {"content_type": "text", "title": "No", "payload": "/deny"},
        ],
    }
    c.say("/affirm", sid)
    wait_for(lambda: len(rasa.received) == 2)
    assert rasa.received[1]["message"] == "/affirm"


def test_rasa_down_gets_an_apology_and_the_next_message_retries(clients, rasa, caplog) -> None:
    calls = 0

    async def flaky(body: dict[str, Any]) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ConnectError("connection refused")
        return httpx.Response(200, json=[{"text": "back again"}])

    rasa.handler = flaky
    c = clients()
    sid = c.connect("session0003")
    c.say("where is my order", sid)
    assert c.wait_for_replies(1) == [{"text": APOLOGY}]
    assert any("Rasa unavailable" in r.message for r in caplog.records)
    assert not any("where is my order" in r.getMessage() for r in caplog.records)
    c.say("hello?", sid)
    assert c.wait_for_replies(2)[1] == {"text": "back again"}


def test_rasa_error_status_gets_an_apology(clients, rasa: FakeRasa) -> None:
    async def broken(body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(500, text="Internal Server Error")

    rasa.handler = broken
    c = clients()
    sid = c.connect("session0004")
    c.say("hi", sid)
    assert c.wait_for_replies(1) == [{"text": APOLOGY}]


def test_slow_rasa_gets_an_apology_within_the_timeout(clients, rasa: FakeRasa) -> None:
    async def slow(body: dict[str, Any]) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200, json=[{"text": "too late"}])

    rasa.handler = slow
    c = clients()
    sid = c.connect("session0005")
    started = time.monotonic()
    c.say("hi", sid)
    # The test gateway waits 1 s for Rasa; production waits rasa_timeout, at most 9 s.
    assert c.wait_for_replies(1, timeout=5) == [{"text": APOLOGY}]
    assert time.monotonic() - started < 3


def test_concurrent_sessions_get_only_their_own_replies(clients, rasa: FakeRasa) -> None:
    async def echo(body: dict[str, Any]) -> httpx.Response:
        # The first session's answer is slower, so the replies cross in time.
        await asyncio.sleep(0.3 if body["sender"] == "web:alice00001" else 0.0)
        return httpx.Response(200, json=[{"text": f"{body['sender']} said {body['message']}"}])

    rasa.handler = echo
    alice, bob = clients(), clients()
    a, b = alice.connect("alice00001"), bob.connect("bob0000001")
    alice.say("A", a)
    bob.say("B", b)
    alice.wait_for_replies(1)
    bob.wait_for_replies(1)
    time.sleep(0.2)
    assert texts(alice.bot) == ["web:alice00001 said A"]
    assert texts(bob.bot) == ["web:bob0000001 said B"]


def test_one_sessions_messages_are_answered_in_order(clients, rasa: FakeRasa) -> None:
    async def slow_first(body: dict[str, Any]) -> httpx.Response:
        await asyncio.sleep(0.4 if body["message"] == "first" else 0.0)
        return httpx.Response(200, json=[{"text": body["message"]}])

    rasa.handler = slow_first
    c = clients()
    sid = c.connect("session0006")
    c.say("first", sid)
    c.say("second", sid)
    assert texts(c.wait_for_replies(2)) == ["first", "second"]


def test_every_tab_and_a_reconnect_of_a_session_get_the_replies(
    clients, rasa: FakeRasa, gateway: Gateway
) -> None:
    rasa.handler = answer({"text": "hi there"})
    first_tab, second_tab = clients(), clients()
    sid = first_tab.connect("shared00001")
    second_tab.connect(sid)
    first_tab.say("hello", sid)
    assert second_tab.wait_for_replies(1) == [{"text": "hi there"}]
    first_tab.close()
    reloaded = clients()
    assert reloaded.connect(sid) == sid
    second_tab.say("again", sid)
    assert reloaded.wait_for_replies(1) == [{"text": "hi there"}]


def test_a_message_without_text_is_ignored(clients, rasa: FakeRasa) -> None:
    c = clients()
    sid = c.connect("session0007")
    c.sio.emit("user_uttered", {"session_id": sid, "customData": {}})
    c.say("real one", sid)
    c.wait_for_replies(1)
    assert [b["message"] for b in rasa.received] == ["real one"]
