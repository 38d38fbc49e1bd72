"""Handoff tickets over the API: opening, the queue and its waits, claiming (one agent wins a
race), replies, transfer, resolve and cancel, and agent logins. Both databases."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from backend.errors import Conflict
from backend.handoffs import service
from backend.handoffs.schemas import HandoffIn
from backend.models import Agent, Feedback, HandoffMessage, HandoffTicket
from backorder_common.settings import Settings
from tests.backend import factories
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY

IN_HOURS = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))  # Tue
SATURDAY = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))


@pytest.fixture
def settings() -> Settings:
    return Settings(
        database_url="sqlite://",
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        rasa_token="test-rasa-token",
        backorder_today=TODAY,
        backorder_now=IN_HOURS,
    )


def handoff(conversation: str = "web:abc12345", **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "conversation_id": conversation,
        "channel": "web" if conversation.startswith("web:") else "telegram",
        "reason": "asked",
        "summary": {"order_number": None, "intents": ["greet", "human_handoff"], "slots": {}},
        "transcript": [
            {"author": "customer", "text": "hi", "intent": "greet"},
            {"author": "bot", "text": "Hi! I'm the store's order assistant."},
            {"author": "customer", "text": "talk to a person", "intent": "human_handoff"},
        ],
    }
    body.update(fields)
    return body


def agent(session: Session, name: str = "Ayse") -> int:
    created, _password = service.create_agent(session, name)
    session.flush()
    return created.id


def available(client: TestClient, agent_id: int, yes: bool = True) -> None:
    operator = TestClient(client.app, headers={"Authorization": f"Bearer {OPERATOR_KEY}"})
    answer = operator.put(f"/v1/agents/{agent_id}/presence", json={"available": yes})
    assert answer.status_code == 200, answer.text


def test_a_handoff_opens_a_ticket_with_queue_place_and_wait(
    client: TestClient, session: Session
) -> None:
    ayse = agent(session)
    session.commit()
    available(client, ayse)
    first = client.post("/v1/handoffs", json=handoff("web:first0001"))
    second = client.post("/v1/handoffs", json=handoff("tg:4242"))
    assert first.status_code == 201 and second.status_code == 201
    body = second.json()
    assert body["status"] == "waiting"
    assert body["availability"]["in_hours"] is True
    assert body["availability"]["queue_position"] == 2
    # No handled tickets yet: 5 minutes a conversation, one agent, 1.5 rounds.
    assert body["availability"]["expected_wait"] == "about 8 minutes"
    assert body["availability"]["support_hours"] == "Mon–Fri 10:00–18:00 Istanbul time"


def test_the_wait_is_shared_among_the_agents_available_now(
    client: TestClient, session: Session, settings: Settings
) -> None:
    ayse, selin = agent(session, "Ayse"), agent(session, "Selin")
    session.commit()
    client.post("/v1/handoffs", json=handoff("web:first0001"))
    # In support hours with nobody available: the customer hears the team is away.
    alone = client.post("/v1/handoffs", json=handoff("tg:4242")).json()["availability"]
    assert alone["in_hours"] is False and alone["agents_available"] == 0
    assert alone["back_at"] == "as soon as an agent is available"
    assert alone["expected_wait"] is None and alone["queue_position"] == 2
    available(client, ayse)
    available(client, selin)
    both = client.post("/v1/handoffs", json=handoff("tg:4242")).json()["availability"]
    assert both["in_hours"] is True and both["agents_available"] == 2
    assert both["expected_wait"] == "about 3 minutes"  # position 2, two agents: half a round
    assert client.get("/v1/handoffs/queue").json()["stats"]["agents_available"] == 2
    available(client, selin, False)  # away
    one = client.post("/v1/handoffs", json=handoff("tg:4242")).json()["availability"]
    assert one["agents_available"] == 1 and one["expected_wait"] == "about 8 minutes"
    # A console that stops saying so (closed, offline) lapses after two minutes.
    settings.backorder_now = IN_HOURS + dt.timedelta(seconds=121)
    gone = client.post("/v1/handoffs", json=handoff("tg:4242")).json()["availability"]
    assert gone["agents_available"] == 0 and gone["in_hours"] is False
    operator = TestClient(client.app, headers={"Authorization": f"Bearer {OPERATOR_KEY}"})
    assert operator.put("/v1/agents/999/presence", json={"available": True}).status_code == 404


def test_asking_twice_joins_the_open_ticket(client: TestClient) -> None:
    first = client.post("/v1/handoffs", json=handoff())
    again = client.post("/v1/handoffs", json=handoff(reason="misunderstood"))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]


def test_out_of_hours_the_customer_is_told_when_agents_are_back(
    client: TestClient, settings: Settings
) -> None:
    settings.backorder_now = SATURDAY
    body = client.post("/v1/handoffs", json=handoff()).json()
    assert body["status"] == "waiting"  # the message is taken all the same
    assert body["availability"]["in_hours"] is False
    assert body["availability"]["back_at"] == "Monday 30 November at 10:00 Istanbul time"
    assert body["availability"]["expected_wait"] is None


def test_holidays_move_the_return(client: TestClient, settings: Settings) -> None:
    settings.backorder_now = SATURDAY
    settings.support_holidays = "2026-11-30"
    body = client.post("/v1/handoffs", json=handoff()).json()
    assert body["availability"]["back_at"] == "Tuesday 1 December at 10:00 Istanbul time"


def test_the_whole_life_of_a_ticket(client: TestClient, session: Session) -> None:
    ayse = agent(session)
    ticket = client.post("/v1/handoffs", json=handoff()).json()
    tid = ticket["id"]
    assert (
        client.get("/v1/handoffs/open", params={"conversation_id": "web:abc12345"}).json()["id"]
        == tid
    )
    assert (
        client.post(
            f"/v1/handoffs/{tid}/messages", json={"author": "customer", "text": "hello?"}
        ).status_code
        == 201
    )
    # Only the owner may answer.
    refused = client.post(
        f"/v1/handoffs/{tid}/messages", json={"author": "agent", "text": "hi", "agent_id": ayse}
    )
    assert refused.status_code == 409
    claimed = client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": ayse}).json()
    assert claimed["status"] == "assigned" and claimed["agent_name"] == "Ayse"
    reply = client.post(
        f"/v1/handoffs/{tid}/messages",
        json={"author": "agent", "text": "How can I help?", "agent_id": ayse},
    )
    assert reply.status_code == 201 and reply.json()["agent_name"] == "Ayse"
    queue = client.get("/v1/handoffs/queue").json()
    assert queue["stats"]["waiting"] == 0 and queue["stats"]["assigned"] == 1
    assert queue["stats"]["median_first_response_seconds"] == 0  # frozen clock
    released = client.post(f"/v1/handoffs/{tid}/release", json={"agent_id": ayse}).json()
    assert released["status"] == "waiting" and released["agent_id"] is None
    client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": ayse})
    resolved = client.post(f"/v1/handoffs/{tid}/resolve", json={"agent_id": ayse}).json()
    assert resolved["status"] == "resolved" and resolved["closed_at"]
    assert (
        client.get("/v1/handoffs/open", params={"conversation_id": "web:abc12345"}).status_code
        == 404
    )
    detail = client.get(f"/v1/handoffs/{tid}").json()
    assert [m["author"] for m in detail["messages"]] == ["customer", "agent"]
    assert detail["transcript"][2]["intent"] == "human_handoff"
    # A closed ticket takes no more messages; a new handoff opens a new ticket.
    assert (
        client.post(
            f"/v1/handoffs/{tid}/messages", json={"author": "customer", "text": "x"}
        ).status_code
        == 409
    )
    assert client.post("/v1/handoffs", json=handoff()).json()["id"] != tid


def test_a_second_claim_is_refused(client: TestClient, session: Session) -> None:
    first, second = agent(session, "A"), agent(session, "B")
    tid = client.post("/v1/handoffs", json=handoff()).json()["id"]
    assert client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": first}).status_code == 200
    lost = client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": second})
    assert lost.status_code == 409 and lost.json()["code"] == "already_claimed"
    # Nor may the loser resolve or transfer it.
    assert client.post(f"/v1/handoffs/{tid}/resolve", json={"agent_id": second}).status_code == 409


def test_the_customer_may_go_back_to_the_bot_only_before_an_agent_answers(
    client: TestClient, session: Session
) -> None:
    tid = client.post("/v1/handoffs", json=handoff()).json()["id"]
    assert client.post(f"/v1/handoffs/{tid}/cancel").json()["status"] == "cancelled"
    tid = client.post("/v1/handoffs", json=handoff()).json()["id"]
    client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": agent(session)})
    assert client.post(f"/v1/handoffs/{tid}/cancel").status_code == 409


def test_the_order_context_is_the_verified_orders_lines(
    client: TestClient, session: Session
) -> None:
    gpu = factories.product(session, on_hand=0)
    order = factories.order(session, lines=[(gpu, 1)])
    session.flush()
    body = handoff(summary={"order_number": order.order_number, "verified": True})
    tid = client.post("/v1/handoffs", json=body).json()["id"]
    detail = client.get(f"/v1/handoffs/{tid}").json()
    assert detail["order"]["order_number"] == order.order_number
    assert detail["order"]["lines"][0]["sku"] == gpu.sku


def test_agents_log_in_with_their_password_only(
    operator: TestClient, client: TestClient, session: Session
) -> None:
    created, password = service.create_agent(session, "Deniz")
    session.flush()
    assert created.password_hash.startswith("$argon2")
    ok = operator.post("/v1/agents/authenticate", json={"name": "Deniz", "password": password})
    assert ok.json() == {"id": created.id, "name": "Deniz", "must_change_password": True}
    # The printed password is for one login: the agent chooses their own.
    same = {"name": "Deniz", "password": password, "new_password": password}
    assert operator.post("/v1/agents/password", json=same).status_code == 400
    mine = {"name": "Deniz", "password": password, "new_password": "correct horse battery"}
    assert operator.post("/v1/agents/password", json=mine).status_code == 200
    old = operator.post("/v1/agents/authenticate", json={"name": "Deniz", "password": password})
    assert old.status_code == 401
    new = {"name": "Deniz", "password": "correct horse battery"}
    assert (
        operator.post("/v1/agents/authenticate", json=new).json()["must_change_password"] is False
    )
    password = "correct horse battery"
    for name, secret in (("Deniz", "wrong"), ("Nobody", password)):
        refused = operator.post("/v1/agents/authenticate", json={"name": name, "password": secret})
        assert refused.status_code == 401 and refused.json()["code"] == "bad_credentials"
    with pytest.raises(Conflict):
        service.create_agent(session, "Deniz")


def test_the_api_needs_the_key(client: TestClient) -> None:
    assert (
        client.get("/v1/handoffs/queue", headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )


@pytest.fixture
def committed(engine: Engine) -> Iterator[Engine]:
    """For the race: rows really committed, so two connections see them; removed afterwards."""
    yield engine
    with Session(engine) as session, session.begin():
        session.execute(delete(HandoffMessage))
        session.execute(delete(HandoffTicket))
        session.execute(delete(Agent).where(Agent.name.in_(("racer-1", "racer-2"))))


@pytest.mark.parametrize("_round", range(3))
def test_two_agents_racing_to_claim_one_ticket_one_wins(committed: Engine, _round: int) -> None:
    settings = Settings(database_url="sqlite://", backorder_now=IN_HOURS)
    with Session(committed, expire_on_commit=False) as session, session.begin():
        racers = [service.create_agent(session, f"racer-{i}")[0].id for i in (1, 2)]
        ticket, _ = service.open_handoff(
            session,
            HandoffIn(**handoff(f"web:race{_round:05d}")),
            settings,
            IN_HOURS,  # type: ignore[arg-type]
        )
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def claim(agent_id: int) -> None:
        with Session(committed) as session:
            barrier.wait()
            try:
                with session.begin():
                    service.claim(session, ticket.id, agent_id, IN_HOURS)
                results[agent_id] = "won"
            except Conflict:
                results[agent_id] = "lost"

    threads = [threading.Thread(target=claim, args=(a,)) for a in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == ["lost", "won"]
    with Session(committed) as session:
        stored = session.get(HandoffTicket, ticket.id)
        assert stored is not None and stored.status == "assigned"
        assert results[stored.agent_id] == "won"  # type: ignore[index]


def test_the_frozen_clock_can_be_moved_for_tests(
    operator: TestClient, client: TestClient, settings: Settings
) -> None:
    saturday = {"now": SATURDAY.isoformat()}
    assert operator.put("/v1/handoffs/clock", json=saturday).status_code == 200
    body = client.post("/v1/handoffs", json=handoff()).json()
    assert body["availability"]["in_hours"] is False
    settings.backorder_now = None  # a real clock cannot be moved
    assert operator.put("/v1/handoffs/clock", json=saturday).status_code == 404


def test_a_queue_card_says_who_why_what_they_said_last_and_how_long(client: TestClient) -> None:
    summary = {
        "order_number": "860128",
        "verified": True,
        "intents": ["order_status", "human_handoff"],
        "slots": {"email": "ayse@example.com", "language": "tr", "verified_order_number": "860128"},
    }
    transcript = [
        {"author": "customer", "text": "where is my order", "at": "2026-11-24T07:58:00+00:00"},
        {"author": "bot", "text": "Line 1 is back-ordered."},
    ]
    verified = client.post(
        "/v1/handoffs",
        json=handoff("tg:42", summary=summary, transcript=transcript, reason="misunderstood"),
    ).json()
    plain = client.post("/v1/handoffs", json=handoff()).json()
    cards = {t["id"]: t for t in client.get("/v1/handoffs/queue").json()["tickets"]}
    card = cards[verified["id"]]
    assert card["order_number"] == "860128" and card["email"] == "ayse@example.com"
    assert card["language"] == "tr" and card["reason"] == "misunderstood"
    assert card["last_message"] == "where is my order"  # from the transcript, until they write
    assert card["last_message_at"].startswith("2026-11-24T07:58")
    assert card["waited_seconds"] == 0  # the frozen clock opened it just now
    client.post(
        f"/v1/handoffs/{verified['id']}/messages", json={"author": "customer", "text": "hello?"}
    )
    card = next(
        t for t in client.get("/v1/handoffs/queue").json()["tickets"] if t["id"] == verified["id"]
    )
    assert card["last_message"] == "hello?"
    other = cards[plain["id"]]
    assert other["order_number"] is None and other["language"] == "en"  # no slot: English
    assert other["last_message"] == "talk to a person"


def test_history_finds_the_same_chat_or_the_same_verified_email(
    client: TestClient, session: Session
) -> None:
    ayse = agent(session)
    session.commit()
    email = {"order_number": "100042", "slots": {"email": "Ada@Example.com"}}

    def closed(conversation: str, summary: dict[str, object], said: str) -> int:
        tid = client.post("/v1/handoffs", json=handoff(conversation, summary=summary)).json()["id"]
        client.post(f"/v1/handoffs/{tid}/messages", json={"author": "customer", "text": said})
        client.post(f"/v1/handoffs/{tid}/claim", json={"agent_id": ayse})
        client.post(f"/v1/handoffs/{tid}/resolve", json={"agent_id": ayse})
        return int(tid)

    same_chat = closed("tg:42", {}, "my SSD is 100% late_ly")
    same_email = closed("web:other123", {**email, "slots": {"email": "ada@example.com "}}, "hi")
    stranger = closed("tg:43", {"order_number": "100099"}, "where is my laptop")
    now = client.post("/v1/handoffs", json=handoff("tg:42", summary=email)).json()["id"]
    found = client.get(f"/v1/handoffs/{now}/history").json()
    assert {t["id"] for t in found} == {same_chat, same_email}
    assert all(t["status"] == "resolved" and t["agent_name"] == "Ayse" for t in found)
    assert client.get("/v1/handoffs/999999/history").status_code == 404

    def search(q: str) -> set[int]:
        return {t["id"] for t in client.get("/v1/handoffs/search", params={"q": q}).json()}

    assert search("100099") == {stranger}  # the order number
    assert search("LAPTOP") == {stranger}  # words in the messages, any case
    assert search("100%") == {same_chat}  # % and _ are plain characters
    assert search("late_ly") == {same_chat} and search("lately") == set()
    assert search("talk to a person") == {same_chat, same_email, stranger}  # the transcript
    assert now not in search("talk to a person")  # open tickets are the queue's
    assert client.get("/v1/handoffs/search", params={"q": "x"}).status_code == 422
    turkish = [{"author": "customer", "text": "Siparişim nerede?"}]
    tid = client.post("/v1/handoffs", json=handoff("tg:44", transcript=turkish)).json()["id"]
    client.post(f"/v1/handoffs/{tid}/cancel")
    assert search("siparişim") == {tid}  # the transcript's JSON writes ş as \u015f


def test_the_supervisors_report_per_day_and_per_agent(client: TestClient, session: Session) -> None:
    ayse, selin = agent(session, "Ayse"), agent(session, "Selin")
    minutes = dt.timedelta(minutes=1)

    def ticket(
        conversation: str, opened: dt.datetime, agent_id: int | None, **done: object
    ) -> None:
        session.add(
            HandoffTicket(
                conversation_id=conversation,
                channel="telegram",
                reason="asked",
                summary={},
                transcript=[],
                created_at=opened,
                agent_id=agent_id,
                **done,
            )
        )

    today, yesterday = IN_HOURS - 60 * minutes, IN_HOURS - dt.timedelta(days=1)
    ticket(
        "tg:1",
        today,
        ayse,
        status="resolved",
        first_response_at=today + 2 * minutes,
        closed_at=today + 10 * minutes,
    )
    ticket(
        "tg:2",
        today,
        selin,
        status="resolved",
        first_response_at=today + 4 * minutes,
        closed_at=today + 20 * minutes,
    )
    ticket("tg:3", yesterday, None, status="cancelled", closed_at=yesterday + minutes)
    ticket("tg:4", IN_HOURS - dt.timedelta(days=30), ayse, status="resolved")  # too old
    session.flush()
    session.add_all(
        [
            Feedback(
                conversation_id="tg:1",
                channel="telegram",
                rating=5,
                created_at=today + 11 * minutes,
            ),
            Feedback(
                conversation_id="tg:1",
                channel="telegram",
                rating=1,
                created_at=today + 12 * minutes,
            ),  # only the first counts
            Feedback(
                conversation_id="tg:2", channel="telegram", rating=2, created_at=today - minutes
            ),  # before the handoff: not about it
        ]
    )
    session.commit()
    operator = TestClient(client.app, headers={"Authorization": f"Bearer {OPERATOR_KEY}"})
    report = operator.get("/v1/reports/handoffs", params={"days": 7}).json()
    assert (report["since"], report["until"]) == ("2026-11-18", "2026-11-24")
    assert report["total"]["opened"] == 3 and report["total"]["cancelled"] == 1
    assert report["total"]["median_first_response_seconds"] == 180
    assert report["total"]["median_resolution_seconds"] == 900
    assert report["total"]["ratings"] == 1 and report["total"]["average_rating"] == 5
    days = {d["day"]: d for d in report["days"]}
    assert len(days) == 7 and days["2026-11-24"]["resolved"] == 2
    assert days["2026-11-23"]["cancelled"] == 1 and days["2026-11-22"]["opened"] == 0
    agents = {a["agent_name"]: a for a in report["agents"]}
    assert agents["Ayse"]["resolved"] == 1 and agents["Ayse"]["average_rating"] == 5
    assert agents["Selin"]["median_resolution_seconds"] == 1200
    assert agents["Selin"]["ratings"] == 0 and agents["Selin"]["average_rating"] is None
    assert client.get("/v1/reports/handoffs").status_code == 403  # an operation
