"""action_handoff: a ticket with the reason, summary and transcript, the customer told their
place and wait (or the support hours), the conversation paused; never a pause without a ticket."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff, ActionHandoffResolved, handoff_reason, transcript
from tests.actions.factories import (
    bot_event,
    client_with,
    down,
    load_domain,
    make_tracker,
    routing,
    user_event,
)

pytestmark = pytest.mark.anyio


EVENTS = [
    user_event("where is my order", "order_status"),
    bot_event("What's your order number?", "utter_ask_order_number"),
    user_event("100042", "inform"),
    bot_event("I still can't match those details", "utter_verification_handoff"),
    user_event("talk to a person", "human_handoff"),
]


def opened(**availability: Any) -> dict[str, Any]:
    free = {
        "in_hours": True,
        "queue_position": 2,
        "expected_wait": "about 8 minutes",
        "support_hours": "Mon–Fri 10:00–18:00 Istanbul time",
        "back_at": None,
    }
    free.update(availability)
    return {"id": 7, "status": "waiting", "availability": free}


async def run(handler: Any, **tracker: Any) -> tuple[CollectingDispatcher, list[Any]]:
    dispatcher = CollectingDispatcher()
    action = ActionHandoff(lambda: client_with(handler))
    events = await action.run(dispatcher, make_tracker(**tracker), load_domain())
    return dispatcher, events


async def test_a_ticket_opens_and_the_conversation_pauses() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/handoffs"): (201, opened())}, seen)
    dispatcher, events = await run(
        handler, events=EVENTS, slots={"verified_order_number": "100042", "email": "a@b.c"}
    )
    assert events == [ConversationPaused()]
    message = dispatcher.messages[0]
    assert message["response"] == "utter_handoff_queued"
    assert message["queue_position"] == 2 and message["expected_wait"] == "about 8 minutes"
    body = json.loads(seen[0].content)
    assert body["conversation_id"] == "web:test" and body["channel"] == "web"
    assert body["reason"] == "verification_failed"
    assert body["summary"]["order_number"] == "100042"
    assert body["summary"]["intents"] == ["order_status", "inform", "human_handoff"]
    assert body["summary"]["slots"]["email"] == "a@b.c"
    assert [e["author"] for e in body["transcript"]] == ["customer", "bot"] * 2 + ["customer"]


async def test_out_of_hours_the_hours_are_stated() -> None:
    answer = opened(
        in_hours=False,
        queue_position=1,
        expected_wait=None,
        back_at="Monday 30 November at 10:00 Istanbul time",
    )
    dispatcher, events = await run(
        routing({("POST", "/v1/handoffs"): (201, answer)}), events=EVENTS
    )
    assert events == [ConversationPaused()]
    message = dispatcher.messages[0]
    assert message["response"] == "utter_handoff_after_hours"
    assert message["back_at"] == "Monday 30 November at 10:00 Istanbul time"
    assert message["support_hours"] == "Mon–Fri 10:00–18:00 Istanbul time"


async def test_no_backend_no_pause() -> None:
    dispatcher, events = await run(down, events=EVENTS)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_handoff_failed"


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        ("utter_fallback_handoff", "misunderstood"),
        ("utter_cancel_line_shipped", "not_allowed"),
        ("utter_feedback_low", "low_rating"),
        ("utter_backend_down", "backend_down"),
        ("utter_greet", "asked"),
    ],
)
def test_the_reason_is_what_the_bot_said_last(response: str, reason: str) -> None:
    events = [bot_event("...", response), user_event("a person please", "human_handoff")]
    assert handoff_reason(events) == reason


def test_an_older_reason_does_not_count() -> None:
    events = [
        bot_event("...", "utter_fallback_handoff"),
        user_event("ok", "affirm"),
        bot_event("Okay!", "utter_affirm_without_context"),
        user_event("human", "human_handoff"),
    ]
    assert handoff_reason(events) == "asked"


def test_transcript_skips_what_is_not_said() -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        user_event("hi", "greet"),
        {"event": "bot", "text": None},
        {"event": "user", "text": "x" * 5000, "timestamp": 0},
    ]
    said = transcript(events)
    assert [e["author"] for e in said] == ["customer", "customer"]
    assert said[0]["intent"] == "greet" and len(said[1]["text"]) == 4000
    assert said[1]["at"] == "1970-01-01T00:00:00+00:00"


async def test_after_the_agent_the_bot_greets_and_asks_for_a_rating() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoffResolved().run(dispatcher, make_tracker(), load_domain())
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_handoff_resolved",
        "utter_ask_feedback",
    ]
    assert events == [SlotSet("feedback_asked", True)]
