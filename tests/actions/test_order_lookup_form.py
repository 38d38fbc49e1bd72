from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.orders import ValidateOrderLookupForm
from tests.actions.factories import load_domain, make_tracker

pytestmark = pytest.mark.anyio


async def validate(slot: str, value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Run the validator the way Rasa does: the slot candidate is the last event."""
    tracker = make_tracker(
        slots={slot: value, "requested_slot": slot},
        events=[
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": str(value)},
            {"event": "slot", "name": slot, "value": value},
        ],
        active_loop="order_lookup_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateOrderLookupForm().run(dispatcher, tracker, load_domain())
    return events, [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize("value", ["100042", "#100042", "100 042", "order 100042", ["100042"]])
async def test_order_number_is_normalised(value: Any) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", "100042") in events
    assert said == []


@pytest.mark.parametrize("value", ["hello", "12345", "1234567", ""])
async def test_garbage_order_number_is_rejected_with_a_clear_response(value: Any) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", None) in events
    assert said == ["utter_invalid_order_number"]


async def test_an_email_goes_to_the_email_slot() -> None:
    events, said = await validate("verification", "Jane@Example.com")
    assert SlotSet("email", "jane@example.com") in events
    assert SlotSet("postal_code", None) in events
    assert SlotSet("verification", "jane@example.com") in events
    assert said == []


async def test_a_postal_code_goes_to_the_postal_code_slot() -> None:
    events, said = await validate("verification", "my postcode is sw1a 1aa")
    assert SlotSet("postal_code", "SW1A1AA") in events
    assert SlotSet("email", None) in events
    assert said == []


@pytest.mark.parametrize("value", ["I don't remember", "jane at example", ""])
async def test_anything_else_is_rejected(value: Any) -> None:
    events, said = await validate("verification", value)
    assert SlotSet("verification", None) in events
    assert said == ["utter_invalid_verification"]


@pytest.mark.parametrize("slot", ["order_number", "verification"])
async def test_a_cleared_slot_is_not_scolded(slot: str) -> None:
    # After a failed lookup the form restarts right after the SlotSet(None) events.
    events, said = await validate(slot, None)
    assert SlotSet(slot, None) in events
    assert said == []
