"""The gateway's side of a handoff, with a fake backend and a fake Rasa HTTP API: who answers a
conversation, the bot's silence, the way back to the bot, agent replies on the customer's
channel, and the console's sessions, CSRF checks and login."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.backend_client import BackendClient
from bot.console.desk import WAITING_ACK, HandoffDesk
from bot.console.login_limits import LoginLimiter
from bot.console.sessions import COOKIE, ConsoleSessions, SessionSigner
from bot.console.setup import install_console
from bot.console.state import MemoryState
from bot.rasa_client import RasaClient
from bot.replies import Reply
from bot.router import RESUMED, Router

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Fake:
    """The backend and Rasa as one recorder: (method, path) → answer."""

    def __init__(self) -> None:
        self.ticket: dict[str, Any] | None = None
        self.calls: list[tuple[str, str, Any]] = []
        self.intent = "faq"
        self.intents: dict[str, str] = {}  # a text's own intent, else `intent`
        self.paused = False  # Rasa holds the conversation paused: its webhook answers nothing
        self.silent = False  # the bot chose to say nothing this turn

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        path = request.url.path
        self.calls.append((request.method, path, body))
        if path == "/v1/handoffs/queue":
            return httpx.Response(200, json={"tickets": [], "stats": {}})
        if path == "/v1/handoffs/open":
            return httpx.Response(200, json=self.ticket) if self.ticket else httpx.Response(404)
        if path.startswith("/v1/handoffs/") and path.endswith("/messages"):
            return httpx.Response(
                201, json={"id": 1, "author": body["author"], "text": body["text"]}
            )
        if path.endswith(("/cancel", "/claim", "/resolve", "/release")):
            return httpx.Response(200, json={**(self.ticket or {}), "status": "changed"})
        if path.startswith("/v1/handoffs/"):
            return httpx.Response(200, json=self.ticket)
        if path == "/v1/agents/authenticate":
            if body["password"] in ("right", "once"):
                first = body["password"] == "once"
                return httpx.Response(
                    200, json={"id": 3, "name": body["name"], "must_change_password": first}
                )
            return httpx.Response(401, json={"code": "bad_credentials"})
        if path == "/v1/agents/password":
            return httpx.Response(200, json={"id": 3, "name": body["name"]})
        if path == "/model/parse":
            return httpx.Response(
                200,
                json={
                    "text": body["text"],
                    "intent": {
                        "name": self.intents.get(body["text"], self.intent),
                        "confidence": 0.9,
                    },
                },
            )
        if path.endswith("/execute"):
            return httpx.Response(200, json={"messages": [{"text": f"ran {body['name']}"}]})
        if path.endswith("/tracker/events"):
            if body[0]["event"] == "resume":
                self.paused = False
            return httpx.Response(200, json={})
        if path.endswith("/tracker"):
            return httpx.Response(200, json={"paused": self.paused, "events": None})
        if path == "/webhooks/rest/webhook":
            if self.paused or self.silent:
                return httpx.Response(200, json=[])
            return httpx.Response(200, json=[{"text": f"the bot answers {body['message']}"}])
        return httpx.Response(500)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.calls]


@pytest.fixture
def fake() -> Fake:
    return Fake()


@pytest.fixture
def desk(fake: Fake) -> HandoffDesk:
    transport = httpx.MockTransport(fake)
    backend = BackendClient("http://backend", lambda: "key", 2, transport=transport)
    rasa = RasaClient("http://rasa", 2, token=lambda: "tok", transport=transport)
    desk = HandoffDesk(backend, rasa)
    delivered: list[tuple[str, list[Reply]]] = []

    async def deliver(conversation: str, replies: list[Reply]) -> None:
        delivered.append((conversation, replies))

    desk.deliver_with(deliver)
    desk.delivered = delivered  # type: ignore[attr-defined]
    return desk


@pytest.fixture
def router(fake: Fake, desk: HandoffDesk) -> Router:
    rasa = RasaClient("http://rasa", 2, transport=httpx.MockTransport(fake))
    return Router(rasa, desk)


async def test_without_a_ticket_the_bot_answers(router: Router, fake: Fake) -> None:
    replies = await router.route("web:abcdefgh", "hello")
    assert replies[0]["text"] == "the bot answers hello"


async def test_a_message_with_nul_or_a_lone_surrogate_still_reaches_the_bot(
    router: Router, fake: Fake
) -> None:
    replies = await router.route("web:abcdefgh", "order\x00 100042 \ud800")
    assert replies[0]["text"] == "the bot answers order 100042 \ufffd"


async def test_a_message_with_nul_still_reaches_the_ticket(router: Router, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "tg:42"}
    await router.route("tg:42", "it\x00 is late \udc00")
    stored = next(b for m, p, b in fake.calls if p == "/v1/handoffs/5/messages")
    assert stored["text"] == "it is late \ufffd"


async def test_a_paused_conversation_without_a_ticket_resumes_the_bot(
    router: Router, fake: Fake
) -> None:
    fake.paused = True  # e.g. the ticket was resolved while Rasa was unreachable
    replies = await router.route("web:abcdefgh", "hello?")
    assert [r["text"] for r in replies] == [RESUMED, "the bot answers hello?"]
    events = [b for _, p, b in fake.calls if p.endswith("/tracker/events")]
    assert [e[0]["event"] for e in events] == ["resume", "action"]
    assert events[1][0]["name"] == "action_listen"
    assert fake.paths().count("/webhooks/rest/webhook") == 2
    # From then on the bot answers at once.
    assert [r["text"] for r in await router.route("web:abcdefgh", "hi")] == ["the bot answers hi"]


async def test_a_bot_that_chose_silence_is_left_alone(router: Router, fake: Fake) -> None:
    fake.silent = True
    assert await router.route("web:abcdefgh", "ok") == []
    assert not any(p.endswith("/tracker/events") for p in fake.paths())


async def test_while_an_agent_owns_it_the_bot_is_silent(router: Router, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "tg:42"}
    assert await router.route("tg:42", "my order is late") == []
    assert "/webhooks/rest/webhook" not in fake.paths()
    stored = next(b for m, p, b in fake.calls if p == "/v1/handoffs/5/messages")
    assert stored == {"author": "customer", "text": "my order is late", "agent_id": None}
    logged = next(b for m, p, b in fake.calls if p.endswith("/tracker/events"))
    assert logged[0]["event"] == "user" and logged[0]["text"] == "my order is late"
    assert any(p == "/conversations/tg:42/tracker/events" for p in fake.paths())


async def test_a_waiting_customer_is_acknowledged_with_a_way_back(
    router: Router, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "web:abcdefgh"}
    replies = await router.route("web:abcdefgh", "anyone there?")
    assert replies[0]["text"] == WAITING_ACK
    assert replies[0]["buttons"][0]["payload"] == "/back_to_bot"


@pytest.mark.parametrize(
    ("text", "intent"), [("/back_to_bot", "faq"), ("bot please", "back_to_bot")]
)
async def test_back_to_the_bot_cancels_and_resumes(
    router: Router, fake: Fake, text: str, intent: str
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "web:abcdefgh"}
    fake.intent = intent
    replies = await router.route("web:abcdefgh", text)
    assert replies[0]["text"] == "ran utter_back_to_bot"
    assert "/v1/handoffs/5/cancel" in fake.paths()
    events = [b for _, p, b in fake.calls if p.endswith("/tracker/events")]
    assert events[0][0]["event"] == "resume" and events[-1][0]["name"] == "action_listen"


async def test_back_to_the_bot_with_a_question_gets_the_bots_answer_too(
    router: Router, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "web:abcdefgh"}
    fake.intent = "product_availability"  # the whole message: the question outweighs the rest
    fake.intents = {"actually never mind, i can ask you.": "back_to_bot"}
    replies = await router.route(
        "web:abcdefgh", "actually never mind, i can ask you. is the 990 pro in stock?"
    )
    assert [r["text"] for r in replies] == [
        "ran utter_back_to_bot",
        "the bot answers is the 990 pro in stock?",
    ]
    assert "/v1/handoffs/5/cancel" in fake.paths()


async def test_a_question_to_the_agents_in_two_sentences_stays_with_them(
    router: Router, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "web:abcdefgh"}
    replies = await router.route("web:abcdefgh", "hello. my card was charged twice?")
    assert replies[0]["text"] == WAITING_ACK
    assert "/v1/handoffs/5/cancel" not in fake.paths()


async def test_agent_replies_reach_the_customers_channel(desk: HandoffDesk, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "tg:42"}
    await desk.reply(5, {"id": 3, "name": "Ayse"}, "Hello!")
    assert desk.delivered == [("tg:42", [{"text": "Ayse (support): Hello!", "buttons": []}])]  # type: ignore[attr-defined]
    logged = next(b for _, p, b in fake.calls if p.endswith("/tracker/events"))
    assert logged[0]["event"] == "bot" and logged[0]["metadata"]["agent"] == "Ayse"


async def test_resolving_resumes_the_bot_which_speaks_next(desk: HandoffDesk, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "web:abcdefgh"}
    await desk.resolve(5, {"id": 3, "name": "Ayse"})
    assert desk.delivered[-1][1][0]["text"] == "ran action_handoff_resolved"  # type: ignore[attr-defined]


def test_session_cookies_are_signed_and_expire() -> None:
    signer = SessionSigner(lambda: "secret", 60)
    cookie, session = signer.issue(3, "Ayse", now=1000)
    assert signer.read(cookie, now=1010) == session
    assert signer.read(cookie, now=1061) is None
    body, mac = cookie.split(".")
    assert signer.read(body[:-2] + "xx." + mac, now=1010) is None
    assert SessionSigner(lambda: "other", 60).read(cookie, now=1010) is None


@pytest.fixture
def console(desk: HandoffDesk) -> TestClient:
    state = MemoryState()
    sessions = ConsoleSessions(SessionSigner(lambda: "secret", 3600), state)
    app = FastAPI()
    install_console(app, desk, sessions, LoginLimiter(state), csrf_secret=lambda: "secret")
    return TestClient(app, base_url="http://gw.test")


def login(console: TestClient, password: str = "right") -> str:
    form = console.get("/agent/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    done = console.post(
        "/agent/login",
        data={"name": "Ayse", "password": password, "csrf": token},
        follow_redirects=False,
    )
    return done.headers["location"]


def test_the_console_needs_a_login(console: TestClient) -> None:
    assert console.get("/agent", follow_redirects=False).headers["location"] == "/agent/login"
    assert console.get("/agent/api/queue").status_code == 401
    assert login(console, "wrong") == "/agent/login?error=1"
    assert login(console) == "/agent"
    page = console.get("/agent").text
    assert "Ayse" in page and 'name="csrf-token"' in page
    cookie = console.cookies.get(COOKIE)
    assert cookie


def test_a_login_without_the_forms_token_is_refused(console: TestClient) -> None:
    done = console.post(
        "/agent/login",
        data={"name": "Ayse", "password": "right", "csrf": "forged"},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/agent/login?error=2"


def test_changes_need_the_csrf_token_and_the_same_origin(console: TestClient, fake: Fake) -> None:
    fake.ticket = {"id": 5, "status": "waiting", "conversation_id": "web:abcdefgh"}
    login(console)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', console.get("/agent").text).group(1)  # type: ignore[union-attr]
    assert console.post("/agent/api/tickets/5/claim").status_code == 403
    wrong_site = {"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    assert console.post("/agent/api/tickets/5/claim", headers=wrong_site).status_code == 403
    ok = console.post(
        "/agent/api/tickets/5/claim", headers={"X-CSRF-Token": csrf, "Origin": "http://gw.test"}
    )
    assert ok.status_code == 200
    claim = next(b for _, p, b in fake.calls if p == "/v1/handoffs/5/claim")
    assert claim == {"agent_id": 3}


def test_the_one_time_password_leads_to_choosing_a_new_one(console: TestClient) -> None:
    assert login(console, "once") == "/agent/password"
    assert console.get("/agent", follow_redirects=False).headers["location"] == "/agent/password"
    assert console.get("/agent/api/queue").status_code == 403
    form = console.get("/agent/password").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    new = {"password": "once", "new_password": "a good long one", "csrf": token}
    differ = console.post("/agent/password", data={**new, "repeat": "typo"}, follow_redirects=False)
    assert differ.headers["location"] == "/agent/password?error=2"
    done = console.post(
        "/agent/password", data={**new, "repeat": "a good long one"}, follow_redirects=False
    )
    assert done.headers["location"] == "/agent"
    assert console.get("/agent/api/queue").status_code == 200


async def test_a_transfer_back_to_the_queue_tells_the_customer(
    desk: HandoffDesk, fake: Fake
) -> None:
    fake.ticket = {"id": 5, "status": "assigned", "conversation_id": "web:abcdefgh"}
    await desk.release(5, {"id": 3, "name": "Ayse"})
    assert "/v1/handoffs/5/release" in fake.paths()
    said = desk.delivered[-1][1][0]["text"]  # type: ignore[attr-defined]
    assert "passed your chat back to the support queue" in said


def test_a_customer_refusing_the_bot_while_waiting_stays_in_the_queue() -> None:
    # Set AA: "no bot please. human." was heard as back_to_bot and withdrew the request.
    from bot.console.desk import wants_the_bot

    heard = {"intent": {"name": "back_to_bot", "confidence": 0.97}}
    assert not wants_the_bot("no bot please. human.", heard)
    assert not wants_the_bot("bot istemiyorum, temsilci lütfen", heard)
    assert wants_the_bot("never mind, back to the bot", heard)
