"""The ticket as the agent reads it: prose from what the bot learned and the order as it stands."""

from __future__ import annotations

from bot.console.prose import display_name, human_date, reason_words, ticket_prose

ORDER = {
    "order_number": "860128",
    "status": "open",
    "lines": [
        {
            "line_no": 1,
            "name": "RTX 4070 Super 12 GB",
            "status": "backordered",
            "queue_position": 1,
            "restock_date": "2027-01-06",
        },
        {"line_no": 2, "name": "NVMe SSD 1 TB", "status": "ready"},
    ],
}


def ticket(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "reason": "asked",
        "summary": {
            "order_number": "860128",
            "verified": True,
            "intents": ["greet", "order_status", "human_handoff"],
            "slots": {"email": "ayse@example.com", "verified_order_number": "860128"},
        },
        "order": ORDER,
    }
    base.update(fields)
    return base


def test_the_issues_example_reads_as_written() -> None:
    assert ticket_prose(ticket()) == (
        "Verified order 860128 by email. Asked where the order is; one line back-ordered"
        " (RTX 4070 Super 12 GB), number 1 in the queue, restock Wed 6 Jan, one line ready to"
        " ship. Then asked for a person."
    )


def test_failed_verification_and_the_reason_in_words() -> None:
    summary = {
        "order_number": None,
        "intents": ["order_status"],
        "slots": {"order_number": "860128", "verification_failures": 3},
    }
    prose = ticket_prose(ticket(summary=summary, order=None, reason="verification_failed"))
    assert prose == (
        "Gave order 860128 but failed verification three times. Asked where the order is."
        " Could not verify the order, so the bot offered a person."
    )
    assert reason_words("verification_failed") == "failed verification"
    assert reason_words("backend_down") == "outage"


def test_several_back_ordered_lines_and_nothing_known() -> None:
    lines = [
        {
            "name": "A",
            "status": "backordered",
            "queue_position": 3,
            "restock_date": None,
            "ship_eta": {"earliest": "2027-01-10", "latest": "2027-01-14"},
        },
        {"name": "B", "status": "backordered", "queue_position": 1, "restock_date": "2027-01-06"},
    ]
    prose = ticket_prose(ticket(order={"status": "open", "lines": lines}))
    assert (
        "two lines back-ordered: A, number 3 in the queue, estimated to ship by Thu 14 Jan;"
        " B, number 1 in the queue, restock Wed 6 Jan." in prose
    )
    assert ticket_prose({"reason": "low_rating"}) == "No order verified. Rated the bot 1 or 2."


def test_names_and_dates() -> None:
    assert human_date("2027-01-06") == "Wed 6 Jan"
    assert human_date("2026-11-03T10:15:00+03:00") == "Tue 3 Nov"
    assert human_date("soon") is None
    assert display_name("tg:42", "Ayşe Kaya", "a@b.co") == "Ayşe Kaya"
    assert display_name("web:3f9c2a11", None, "a@b.co") == "a@b.co"
    assert display_name("web:3f9c2a11", None, None) == "Web visitor 3f9c2a"
    assert display_name("tg:42", None, None) == "Telegram chat 42"
