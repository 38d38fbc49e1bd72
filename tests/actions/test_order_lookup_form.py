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


@pytest.mark.parametrize("value", ["12345", "1234567", "10004", "order 1000423"])
async def test_a_wrong_number_is_called_wrong(value: Any) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", None) in events
    assert said == ["utter_invalid_order_number"]


@pytest.mark.parametrize("value", ["hello", "I don't have it", "where do I find it?", ""])
async def test_words_without_a_number_get_help_not_a_scolding(value: Any) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", None) in events
    assert said == ["utter_order_number_help"]


@pytest.mark.parametrize(
    "value",
    [
        "can you find it by my email?",
        "i don't have the order number",
        "can't you look it up without the number",
        "mailimle bulamaz mısınız",
        "numaram yok",
        "I don't have the order number, can you find it by my email? mia.217@example.org",
    ],
)
async def test_asking_to_find_it_without_the_number_is_told_why_not(value: str) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", None) in events
    assert said == ["utter_order_number_not_by_email"]


async def test_an_email_given_when_asked_for_the_number_is_not_scolded() -> None:
    events, said = await validate("order_number", "it's ada@example.com")
    assert SlotSet("order_number", None) in events
    assert said == []


@pytest.mark.parametrize(
    "value",
    ["Order number: 100330 postcode 76018", "#100330 my email is a@b.co", "order no 100 330"],
)
async def test_the_number_is_read_from_a_message_with_other_details(value: str) -> None:
    events, said = await validate("order_number", value)
    assert SlotSet("order_number", "100330") in events
    assert said == []


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


@pytest.mark.parametrize("value", ["jane@example", "12", "my zip is 1"])
async def test_a_wrong_email_or_code_is_called_wrong(value: Any) -> None:
    events, said = await validate("verification", value)
    assert SlotSet("verification", None) in events
    assert said == ["utter_invalid_verification"]


@pytest.mark.parametrize(
    "value",
    ["I don't remember", "jane at example", "", "so the laptop and the 2 gpus are all waiting?"],
)
async def test_words_without_a_proof_get_help(value: Any) -> None:
    events, said = await validate("verification", value)
    assert SlotSet("verification", None) in events
    assert said == ["utter_verification_help"]


async def test_a_postal_code_is_read_from_a_labelled_message() -> None:
    events, said = await validate("verification", "order 100042, postcode 76018")
    assert SlotSet("postal_code", "76018") in events
    assert said == []


async def test_the_proof_that_just_failed_is_not_taken_again_when_the_form_restarts() -> None:
    tracker = make_tracker(
        slots={"verification": "ada@example.com", "order_number": "100042"},
        events=[
            {"event": "user", "text": "ada@example.com"},
            {"event": "action", "name": "action_check_order_status"},
            {"event": "slot", "name": "verification", "value": "ada@example.com"},
        ],
        text="ada@example.com",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateOrderLookupForm().run(dispatcher, tracker, load_domain())
    assert SlotSet("verification", None) in events
    assert dispatcher.messages == []


async def correct(
    text: str, order_number: str = "100042", rejected_proof: str | None = None
) -> tuple[list[Any], list[Any]]:
    """The customer writes `text` while the form asks for the email or postal code (the form's
    free-text mapping has put it in `verification`, as Rasa does); `rejected_proof` is the proof
    of a failed check."""
    tracker = make_tracker(
        slots={
            "order_number": order_number,
            "requested_slot": "verification",
            "verification": text,
            "rejected_proof": rejected_proof,
        },
        events=[
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text},
            {"event": "slot", "name": "verification", "value": text},
        ],
        text=text,
        active_loop="order_lookup_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateOrderLookupForm().run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


@pytest.mark.parametrize(
    "text",
    [
        "sorry, the order number is 100331",
        "wrong number, it's 100331",
        "order #100331",
        "sorry 100331 i mixed up the numbers",
        "hmm ok maybe its 100331",
        "pardon yanlış yazdım 100331",
        "hayır numara şu 100331",
        "düzeltme: 100331",
        "ay numaraları karıştırdım, 100331 olacak",
        "aslinda 100331",
        "PARDON YANLIŞ YAZMIŞIM 100331",
    ],
)
async def test_a_labelled_number_corrects_the_order_number(text: str) -> None:
    events, messages = await correct(text)
    assert SlotSet("order_number", "100331") in events
    assert [m["response"] for m in messages] == ["utter_order_number_corrected"]


@pytest.mark.parametrize(
    "text",
    [
        "oh wait, the order number was wrong",
        "dur sipariş numarası yanlış",
        "yanlış numara yazmışım",
        "numarayı hatalı girdim galiba",
    ],
)
async def test_saying_the_number_was_wrong_asks_for_it_again(text: str) -> None:
    events, messages = await correct(text)
    assert SlotSet("order_number", None) in events
    assert messages == []


async def test_a_turkish_email_correction_is_not_a_wrong_number() -> None:
    events, _ = await correct("pardon yanlış yazdım, mehmet.45@example.org olacak")
    assert SlotSet("order_number", None) not in events


async def test_saying_the_number_was_wrong_is_not_a_wrong_proof() -> None:
    # The form's free-text mapping hands the same message to the proof's validator.
    events, said = await validate("verification", "oh wait the order number was wrong")
    assert SlotSet("verification", None) in events
    assert said == []


async def test_five_digits_typed_for_the_order_number_are_not_kept_as_a_postal_code() -> None:
    tracker = make_tracker(
        slots={"verification": "10004", "order_number": "10004", "requested_slot": "order_number"},
        events=[
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "10004"},
            {"event": "slot", "name": "order_number", "value": "10004"},
            {"event": "slot", "name": "verification", "value": "10004"},
        ],
        text="10004",
        active_loop="order_lookup_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateOrderLookupForm().run(dispatcher, tracker, load_domain())
    assert SlotSet("verification", None) in events
    assert SlotSet("postal_code", "10004") not in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_invalid_order_number"]


async def test_a_labelled_postal_code_given_with_the_number_is_kept() -> None:
    text = "order 100044 postcode 35220"
    tracker = make_tracker(
        slots={"verification": "35220", "order_number": "100044", "requested_slot": "order_number"},
        events=[
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text},
            {"event": "slot", "name": "order_number", "value": "100044"},
            {"event": "slot", "name": "verification", "value": "35220"},
        ],
        text=text,
        active_loop="order_lookup_form",
    )
    events = await ValidateOrderLookupForm().run(CollectingDispatcher(), tracker, load_domain())
    assert SlotSet("postal_code", "35220") in events


async def test_a_six_digit_postal_code_is_not_taken_for_a_correction() -> None:
    events, _ = await correct("110001")
    assert SlotSet("order_number", "110001") not in events


@pytest.mark.parametrize("slot", ["order_number", "verification"])
async def test_a_cleared_slot_is_not_scolded(slot: str) -> None:
    # After a failed lookup the form restarts right after the SlotSet(None) events.
    events, said = await validate(slot, None)
    assert SlotSet(slot, None) in events
    assert said == []


@pytest.mark.parametrize(
    ("rejected", "slots"),
    [
        ("burak.100@example.com", {"email": "burak.100@example.com", "postal_code": None}),
        ("34710", {"email": None, "postal_code": "34710"}),
    ],
)
async def test_a_corrected_number_is_checked_with_the_proof_that_failed(
    rejected: str, slots: dict[str, Any]
) -> None:
    events, messages = await correct(
        "hmm weird, maybe its 100200", order_number="100999", rejected_proof=rejected
    )
    assert SlotSet("order_number", "100200") in events
    assert SlotSet("verification", rejected) in events
    for name, value in slots.items():
        assert SlotSet(name, value) in events
    assert [m["response"] for m in messages] == ["utter_order_number_corrected_retry"]


async def test_a_corrected_number_with_a_new_email_takes_the_new_email() -> None:
    events, messages = await correct(
        "sorry its order 100200, email burak.b@example.com",
        order_number="100999",
        rejected_proof="burak.100@example.com",
    )
    assert SlotSet("order_number", "100200") in events
    assert SlotSet("email", "burak.b@example.com") in events
    assert SlotSet("verification", "burak.b@example.com") in events


@pytest.mark.parametrize("text", ["yes 100200, same email", "same email", "aynı mail"])
async def test_same_email_means_the_proof_given_before(text: str) -> None:
    events, _ = await correct(text, order_number="100200", rejected_proof="burak.100@example.com")
    assert SlotSet("verification", "burak.100@example.com") in events
    assert SlotSet("email", "burak.100@example.com") in events


async def test_same_without_a_proof_before_is_not_a_proof() -> None:
    events, _ = await correct("same email", order_number="100200")
    assert SlotSet("verification", None) in events


async def test_an_unlabelled_number_given_with_the_email_is_the_order_s() -> None:
    # "I have two orders, 100298 and 100202" took the last; the email is for the first.
    events, _ = await correct(
        "for 100298 the email is mehmet.198@example.org", order_number="100202"
    )
    assert SlotSet("order_number", "100298") in events
    assert SlotSet("email", "mehmet.198@example.org") in events


@pytest.mark.parametrize(
    ("text", "rejected", "email"),
    [
        ("Apologies, it is .com, not .org", "ada.lovelace@example.org", "ada.lovelace@example.com"),
        ("oh its example.net sorry", "mia.40@example.com", "mia.40@example.net"),
        ("it was @mail.example", "lukas.65@example.com", "lukas.65@mail.example"),
    ],
)
async def test_a_corrected_domain_goes_on_the_email_that_failed(
    text: str, rejected: str, email: str
) -> None:
    # Sets BE #31 and #36: the domain alone was "Okay, I won't look up the order", then the
    # email was asked for at every turn.
    events, messages = await correct(text, rejected_proof=rejected)
    assert SlotSet("email", email) in events and SlotSet("verification", email) in events
    assert messages == []
