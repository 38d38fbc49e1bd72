import datetime as dt
import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.orders import ActionCheckOrderStatus
from tests.actions.factories import (
    client_with,
    line_json,
    load_domain,
    make_tracker,
    order_json,
    responding,
)

pytestmark = pytest.mark.anyio

VERIFIED = {
    "order_number": "100042",
    "verification": "jane@example.com",
    "email": "jane@example.com",
}


async def run_action(
    handler: Any, slots: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(handler), today=lambda: dt.date(2026, 11, 24)
    )
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots=VERIFIED if slots is None else slots)
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


async def test_found_order_is_told_line_by_line() -> None:
    body = order_json(
        lines=[
            line_json(line_no=1, status="ready", queue_position=None, ship_eta=None),
            line_json(line_no=2, allocated_quantity=1, overdue=True),
            line_json(line_no=3, restock_date=None, eta_estimated=True),
            line_json(line_no=4, status="shipped", ship_eta=None),
            line_json(line_no=5, status="cancelled", ship_eta=None),
        ]
    )
    events, messages = await run_action(responding(200, body))

    assert responses(messages) == [
        "utter_order_header",
        "utter_line_ready_no_eta",
        "utter_line_backordered_overdue_partly",
        "utter_line_backordered_estimated",
        "utter_line_shipped",
        "utter_line_cancelled",
        "utter_order_next_steps_backordered",
    ]
    assert messages[0]["order_number"] == "100042"
    assert messages[0]["placed_on"] == "Tue 3 Nov"
    assert "ship_window" not in messages[1]
    backordered = messages[2]
    assert backordered["queue_position"] == 3
    assert backordered["restock_date"] == "Wed 9 Dec"
    assert backordered["ship_window"] == "Thu 10 Dec – Mon 14 Dec"
    assert backordered["allocated_quantity"] == 1
    assert SlotSet("order_lookup_result", "found") in events
    assert SlotSet("verified_order_number", "100042") in events
    assert SlotSet("verification_failures", 0.0) in events


async def test_postal_code_is_sent_when_there_is_no_email() -> None:
    seen: list[httpx.Request] = []
    slots = {"order_number": "100042", "verification": "34710", "postal_code": "34710"}
    await run_action(responding(200, order_json(), seen), slots)
    assert b'"postal_code":"34710"' in seen[0].content.replace(b" ", b"")


async def test_not_found_keeps_the_number_and_asks_for_the_proof_again() -> None:
    events, messages = await run_action(responding(404))

    assert responses(messages) == ["utter_order_not_found"]
    assert messages[0]["order_number"] == "100042"
    assert SlotSet("order_number", None) not in events
    for slot in ("verification", "email", "postal_code"):
        assert SlotSet(slot, None) in events
    assert SlotSet("rejected_proof", VERIFIED["email"]) in events
    assert SlotSet("verification_failures", 1.0) in events
    assert SlotSet("order_lookup_result", "retry") in events


async def test_second_failure_offers_a_person_instead_of_another_try() -> None:
    events, messages = await run_action(responding(404), {**VERIFIED, "verification_failures": 1.0})
    assert responses(messages) == ["utter_order_not_found_again", "utter_verification_handoff"]
    assert SlotSet("verification_failures", 2.0) in events
    # The number stays for a proof of another kind ("ugh, my email is …"); only the proof goes.
    assert SlotSet("order_number", None) not in events
    assert SlotSet("email", None) in events
    assert SlotSet("order_lookup_result", "locked") in events


async def test_a_question_about_one_line_of_the_order_already_shown_answers_that_line() -> None:
    order = order_json(
        lines=[
            line_json(),
            line_json(line_no=2, sku="MON-DELL-27", name="Dell UltraSharp 27", status="shipped"),
        ]
    )
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(responding(200, order)),
        today=lambda: dt.date(2026, 11, 24),
    )
    dispatcher = CollectingDispatcher()
    slots = {**VERIFIED, "verified_order_number": "100042"}
    tracker = make_tracker(
        slots=slots, text="and the dell monitor, did it ship?", intent="order_status"
    )
    await action.run(dispatcher, tracker, load_domain())
    assert responses(dispatcher.messages) == ["utter_line_intro", "utter_line_shipped"]


async def test_too_many_attempts_says_try_later() -> None:
    events, messages = await run_action(responding(429))
    assert responses(messages) == ["utter_too_many_attempts"]
    assert SlotSet("order_lookup_result", "locked") in events
    assert SlotSet("verification_failures", 1.0) in events


@pytest.mark.parametrize("status", [500, 503, 401])
async def test_backend_errors_are_said_plainly_and_keep_the_details(status: int) -> None:
    events, messages = await run_action(responding(status))
    assert responses(messages) == ["utter_backend_unavailable"]
    assert events == [SlotSet("resume", None), SlotSet("order_lookup_result", "unavailable")]


async def test_backend_down_is_said_plainly() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    events, messages = await run_action(refuse)
    assert responses(messages) == ["utter_backend_unavailable"]
    assert events == [SlotSet("resume", None), SlotSet("order_lookup_result", "unavailable")]


async def test_an_unexpected_bug_does_not_raise_into_rasa() -> None:
    def broken_factory() -> Any:
        raise RuntimeError("boom")

    action = ActionCheckOrderStatus(client_factory=broken_factory)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(slots=VERIFIED), load_domain())
    assert responses(dispatcher.messages) == ["utter_backend_unavailable"]
    assert events == [SlotSet("resume", None), SlotSet("order_lookup_result", "unavailable")]


async def test_without_verified_details_it_asks_again_without_calling_the_backend() -> None:
    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError("backend called")

    events, messages = await run_action(must_not_be_called, {"order_number": "100042"})
    assert messages == []
    assert SlotSet("order_lookup_result", "retry") in events
    assert SlotSet("verification_failures", 1.0) not in events


def test_every_response_the_actions_use_exists_in_the_domain() -> None:
    names = set(load_domain()["responses"])
    used = {
        "utter_order_header",
        "utter_order_next_steps",
        "utter_order_not_found",
        "utter_verification_handoff",
        "utter_too_many_attempts",
        "utter_backend_unavailable",
        "utter_invalid_order_number",
        "utter_invalid_verification",
        "utter_order_number_help",
        "utter_verification_help",
        "utter_order_number_corrected",
        "utter_line_unknown",
    }
    used.add("utter_line_ready_no_eta")
    for status in ("ready", "shipped", "cancelled"):
        used.add(f"utter_line_{status}")
    for kind in (
        "backordered",
        "backordered_overdue",
        "backordered_estimated",
        "backordered_no_eta",
    ):
        used |= {f"utter_line_{kind}", f"utter_line_{kind}_partly"}
    assert used <= names


async def test_an_overdue_delivery_is_told_as_late_not_as_due() -> None:
    body = order_json(lines=[line_json(restock_date="2026-11-20", overdue=True)])
    _, messages = await run_action(responding(200, body))
    line = messages[1]
    assert line["response"] == "utter_line_backordered_overdue"
    assert line["restock_date"] == "Fri 20 Nov"
    assert line["ship_window"] == "Thu 10 Dec – Mon 14 Dec"
    text = load_domain()["responses"]["utter_line_backordered_overdue"][0]["text"]
    assert "was due on {restock_date} and is late" in text
    assert "confirmed" not in text


async def test_a_ready_line_with_a_ship_date_says_when() -> None:
    body = order_json(
        lines=[
            line_json(status="ready", ship_eta={"earliest": "2026-11-04", "latest": "2026-11-04"})
        ]
    )
    _, messages = await run_action(responding(200, body))
    assert messages[1]["response"] == "utter_line_ready"
    assert messages[1]["ship_window"] == "Wed 4 Nov"


async def test_a_ready_line_due_long_after_the_order_says_it_is_late_and_sorry() -> None:
    # Ordered Tue 3 Nov, in stock, due to leave Thu 26 Nov: weeks later than 1 business day.
    body = order_json(
        lines=[
            line_json(status="ready", ship_eta={"earliest": "2026-11-26", "latest": "2026-11-26"})
        ]
    )
    _, messages = await run_action(responding(200, body))
    assert messages[1]["response"] == "utter_line_ready_late"
    assert messages[1]["ship_window"] == "Thu 26 Nov"
    assert messages[1]["placed_on"] == "Tue 3 Nov"
    text = load_domain()["responses"]["utter_line_ready_late"][0]["text"]
    assert "later than it should be" in text and "sorry" in text


async def test_dates_in_another_year_show_the_year() -> None:
    body = order_json(
        lines=[
            line_json(
                restock_date="2027-01-04",
                ship_eta={"earliest": "2027-01-05", "latest": "2027-01-08"},
            )
        ]
    )
    _, messages = await run_action(responding(200, body))
    assert messages[1]["restock_date"] == "Mon 4 Jan 2027"
    assert messages[1]["ship_window"] == "Tue 5 Jan 2027 – Fri 8 Jan 2027"


async def test_the_lookup_names_the_conversation_so_only_its_failures_count_against_it() -> None:
    seen: list[httpx.Request] = []
    await run_action(responding(404, {"detail": "no", "code": "not_found"}, seen))
    (request,) = seen
    assert json.loads(request.content)["client_id"] == "web:test"


MIXED = order_json(
    lines=[
        line_json(),
        line_json(
            line_no=2,
            sku="CPU-I7-14700K",
            name="Intel Core i7-14700K",
            status="ready",
            queue_position=None,
            ship_eta={"earliest": "2026-11-26", "latest": "2026-11-26"},
        ),
    ]
)
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def status_action(order: dict[str, Any]) -> ActionCheckOrderStatus:
    return ActionCheckOrderStatus(
        client_factory=lambda: client_with(responding(200, order)),
        today=lambda: dt.date(2026, 11, 24),
        now=lambda: NOW,
    )


@pytest.mark.parametrize(
    ("minutes_ago", "expected"),
    [
        # "why is it still waiting??" right after the order: why lines wait, then the waiting
        # line with its queue place and dates.
        (3, ["utter_why_waiting", "utter_line_backordered"]),
        # Asked again a day later: the whole order, with what changed (after an apology: "??").
        (
            24 * 60,
            [
                "utter_sorry_before_status",
                "utter_order_header",
                "utter_line_backordered",
                "utter_line_unchanged",
            ],
        ),
    ],
)
async def test_asking_again_right_after_the_order_answers_the_waiting_lines(
    minutes_ago: int, expected: list[str]
) -> None:
    slots = {
        **VERIFIED,
        "verified_order_number": "100042",
        "order_checks": {"100042": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()},
    }
    tracker = make_tracker(slots=slots, text="why is it still waiting??", intent="order_status")
    dispatcher = CollectingDispatcher()
    await status_action(MIXED).run(dispatcher, tracker, load_domain())
    assert responses(dispatcher.messages)[: len(expected)] == expected


@pytest.mark.parametrize(
    ("text", "resume"),
    [
        (
            "order 100042 email jane@example.com. the 4070 is still not here, cancel just that one",
            "cancel",
        ),
        ("100042 jane@example.com can i swap the 4070 for something in stock", "swap"),
        ("#100042 jane@example.com notify me when it ships", "subscribe"),
        ("100042 jane@example.com sipariş iptal edilsin", "cancel"),
        ("order 100042 email jane@example.com where is it", None),
        # A question about the date, not a request to be told later.
        ("order 100042 jane@example.com could you tell me when it will ship", None),
    ],
)
async def test_a_request_in_the_message_with_the_details_goes_on_after_the_lookup(
    text: str, resume: str | None
) -> None:
    tracker = make_tracker(slots=VERIFIED, text=text, intent="order_status")
    tracker.latest_message["entities"] = [{"entity": "order_number", "value": "100042"}]
    dispatcher = CollectingDispatcher()
    events = await status_action(MIXED).run(dispatcher, tracker, load_domain())
    assert SlotSet("resume", resume) in events
    # With a request to go on, the order is shown without "what would you like to do?".
    asks_what_next = any(
        r.startswith("utter_order_next_steps") for r in responses(dispatcher.messages)
    )
    assert asks_what_next is (resume is None)


async def test_two_orders_in_one_message_are_both_answered_each_with_its_own_proof() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = json.loads(request.content)
        number = body["order_number"]
        if number == "100162" and body.get("email") != "deniz@example.net":
            return httpx.Response(404, json={"detail": "not found", "code": "order_not_found"})
        return httpx.Response(200, json={**MIXED, "order_number": number})

    text = "two orders: 100162 (deniz@example.net) and 100042 (jane@example.com), check both?"
    tracker = make_tracker(slots=VERIFIED, text=text, intent="order_status")
    dispatcher = CollectingDispatcher()
    await status_action_with(handler).run(dispatcher, tracker, load_domain())
    headers = [
        m["order_number"] for m in dispatcher.messages if m["response"] == "utter_order_header"
    ]
    assert headers == ["100042", "100162"]
    assert [json.loads(r.content).get("email") for r in seen] == [
        "jane@example.com",
        "deniz@example.net",
    ]


def status_action_with(handler: Any) -> ActionCheckOrderStatus:
    return ActionCheckOrderStatus(
        client_factory=lambda: client_with(handler),
        today=lambda: dt.date(2026, 11, 24),
        now=lambda: NOW,
    )
