"""The agent console under attack: login attempts limited per name and per address before the
backend hashes anything, sessions that end server-side (logout, password change) for the HTTP API
and for socket.io, and input that the database could not store."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import socketio
import uvicorn
from fastapi import FastAPI

from backorder_common.settings import Settings
from bot.app import create_app
from bot.backend_client import BackendClient
from bot.console.desk import HandoffDesk
from bot.console.guards import CSRF_COOKIE
from bot.console.login_limits import PER_ADDRESS, PER_NAME, LoginLimiter
from bot.console.sessions import COOKIE, ConsoleSessions, SessionSigner
from bot.console.setup import install_console
from bot.console.state import PREFIX, ConsoleState, MemoryState, RedisState
from bot.rasa_client import RasaClient
from tests.bot.conftest import free_port, wait_for

pytestmark = pytest.mark.anyio


class Backend:
    """The backend's agent and handoff API: "right" is the password, "once" a one-time one."""

    def __init__(self) -> None:
        self.checks = 0  # password checks asked for: each one an argon2 hash in the backend
        self.in_flight = 0
        self.most_at_once = 0
        self.delay = 0.0
        self.stored: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content) if request.content else None
        if path in ("/v1/agents/authenticate", "/v1/agents/password"):
            self.checks += 1
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
            try:
                await asyncio.sleep(self.delay)
            finally:
                self.in_flight -= 1
            if body["password"] not in ("right", "once"):
                return httpx.Response(401, json={"code": "bad_credentials"})
            first = path.endswith("authenticate") and body["password"] == "once"
            return httpx.Response(
                200, json={"id": 3, "name": body["name"], "must_change_password": first}
            )
        if path == "/v1/handoffs/queue":
            return httpx.Response(200, json={"tickets": [], "stats": {"waiting": 0}})
        if path == "/v1/handoffs/5/messages":
            self.stored.append(body["text"])
            return httpx.Response(201, json={"id": 1, "author": "agent", "text": body["text"]})
        if path == "/v1/handoffs/5":
            ticket = {"id": 5, "status": "assigned", "conversation_id": "web:abcdefgh"}
            return httpx.Response(200, json=ticket)
        if path.endswith("/tracker/events"):
            return httpx.Response(200, json={})
        return httpx.Response(404)


def handoff_backend(backend: Backend) -> BackendClient:
    return BackendClient("http://backend", lambda: "key", 5, transport=httpx.MockTransport(backend))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["memory", "redis"])
async def state(request: pytest.FixtureRequest) -> AsyncIterator[ConsoleState]:
    if request.param == "memory":
        yield MemoryState()
        return
    redis = RedisState(request.getfixturevalue("redis_url"))
    yield redis
    await redis.aclose()


@pytest.fixture
def backend() -> Backend:
    return Backend()


@pytest.fixture
def app(backend: Backend, state: ConsoleState) -> FastAPI:
    desk = HandoffDesk(
        handoff_backend(backend),
        RasaClient("http://rasa", 5, token=lambda: "t", transport=httpx.MockTransport(backend)),
    )

    async def deliver(conversation: str, replies: Any) -> None:
        return None

    desk.deliver_with(deliver)
    sessions = ConsoleSessions(SessionSigner(lambda: "secret", 3600), state)
    app = FastAPI()
    install_console(app, desk, sessions, LoginLimiter(state), csrf_secret=lambda: "secret")
    return app


def browser(app: FastAPI, address: str = "10.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://gw.test")


async def log_in(http: httpx.AsyncClient, password: str = "right", name: str = "Ayse") -> Any:
    form = (await http.get("/agent/login")).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    return await http.post("/agent/login", data={"name": name, "password": password, "csrf": token})


async def csrf_of(http: httpx.AsyncClient) -> str:
    page = (await http.get("/agent")).text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]


# --- login limits --------------------------------------------------------------------------


async def test_guesses_at_one_name_stop_before_the_backend_hashes_them(
    app: FastAPI, backend: Backend
) -> None:
    async with browser(app) as attacker, browser(app, "10.0.0.2") as elsewhere:
        for _ in range(PER_NAME):
            assert (await log_in(attacker, "guess")).headers["location"] == "/agent/login?error=1"
        refused = await log_in(attacker, "right")  # even the right one, until the window ends
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
        assert "Too many attempts" in refused.text
        assert (await log_in(elsewhere, "right")).status_code == 429  # per name, any address
        assert backend.checks == PER_NAME
        # Another agent at the first address is not held back.
        assert (await log_in(attacker, "right", name="Selin")).headers["location"] == "/agent"


async def test_guesses_from_one_address_stop_across_names(app: FastAPI, backend: Backend) -> None:
    async with browser(app) as attacker, browser(app, "10.0.0.2") as agent:
        for n in range(PER_ADDRESS):
            assert (await log_in(attacker, "guess", name=f"agent{n}")).status_code == 303
        assert (await log_in(attacker, "guess", name="someone new")).status_code == 429
        assert backend.checks == PER_ADDRESS
        assert (await log_in(agent, "right", name="someone new")).headers["location"] == "/agent"


async def test_a_right_password_clears_the_names_count(app: FastAPI, backend: Backend) -> None:
    async with browser(app) as http:
        for _ in range(2):
            for _ in range(PER_NAME - 1):
                assert (await log_in(http, "typo")).status_code == 303
            assert (await log_in(http, "right")).headers["location"] == "/agent"


async def test_concurrent_guesses_cannot_pass_the_limit(app: FastAPI, backend: Backend) -> None:
    backend.delay = 0.05
    async with browser(app) as attacker:
        answers = await asyncio.gather(*(log_in(attacker, "guess") for _ in range(40)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) == {303, 429}
    # Never more than the limit; with Redis a few fewer, as the address's count (also over its
    # limit by the end) may pass 20 between one attempt's two counts.
    assert 0 < statuses.count(303) == backend.checks <= PER_NAME
    assert backend.most_at_once <= 2  # the backend's CPU: at most two hashes at a time


async def test_a_name_with_nul_gets_a_clean_400(app: FastAPI, backend: Backend) -> None:
    async with browser(app) as http:
        answer = await log_in(http, "right", name="Ay\x00se")
    assert answer.status_code == 400
    assert "control characters" in answer.text
    assert backend.checks == 0


# --- sessions ------------------------------------------------------------------------------


async def test_logout_ends_the_session_for_the_api(app: FastAPI) -> None:
    async with browser(app) as http:
        await log_in(http)
        cookie, csrf = http.cookies[COOKIE], await csrf_of(http)
        csrf_cookie = http.cookies[CSRF_COOKIE]
        assert (await http.post("/agent/logout", data={"csrf": csrf})).status_code == 303
    async with browser(app) as stolen:  # with every cookie the agent's browser had
        stolen.cookies.set(COOKIE, cookie)
        stolen.cookies.set(CSRF_COOKIE, csrf_cookie)
        assert (await stolen.get("/agent/api/queue")).status_code == 401
        reply = await stolen.post(
            "/agent/api/tickets/5/reply", json={"text": "hi"}, headers={"X-CSRF-Token": csrf}
        )
        assert reply.status_code == 401
        assert (await stolen.get("/agent", follow_redirects=False)).status_code == 303


async def test_a_password_change_ends_every_older_session(app: FastAPI) -> None:
    async with browser(app) as first, browser(app, "10.0.0.2") as second:
        assert (await log_in(first, "once")).headers["location"] == "/agent/password"
        assert (await log_in(second, "right")).headers["location"] == "/agent"
        one_time, other = first.cookies[COOKIE], second.cookies[COOKIE]
        assert (await second.get("/agent/api/queue")).status_code == 200
        form = (await first.get("/agent/password")).text
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        new = "a good long one"
        changed = await first.post(
            "/agent/password",
            data={"password": "once", "new_password": new, "repeat": new, "csrf": token},
        )
        assert changed.headers["location"] == "/agent"
        assert first.cookies[COOKIE] != one_time
        assert (await first.get("/agent/api/queue")).status_code == 200
        assert (await second.get("/agent/api/queue")).status_code == 401
    async with browser(app) as stolen:
        stolen.cookies.set(COOKIE, one_time)
        assert (await stolen.get("/agent/password", follow_redirects=False)).status_code == 303
        assert other != one_time


async def test_an_agents_reply_with_nul_reaches_the_ticket(app: FastAPI, backend: Backend) -> None:
    async with browser(app) as http:
        await log_in(http)
        headers = {"X-CSRF-Token": await csrf_of(http)}
        sent = await http.post(
            "/agent/api/tickets/5/reply", json={"text": "on its\x00 way"}, headers=headers
        )
        assert sent.status_code == 200
        assert backend.stored == ["on its way"]
        empty = await http.post(
            "/agent/api/tickets/5/reply", json={"text": "\x00"}, headers=headers
        )
        assert empty.status_code == 422


async def test_state_counts_atomically_and_forgets(state: ConsoleState) -> None:
    counts = await asyncio.gather(*(state.count("k", 60) for _ in range(50)))
    assert sorted(c for c, _ in counts) == list(range(1, 51))
    assert all(0 < left <= 60 for _, left in counts)
    await state.uncount("k")
    assert (await state.count("k", 60))[0] == 50
    await state.forget("k")
    await state.uncount("k")  # a missing counter stays missing, not -1
    assert (await state.count("k", 60))[0] == 1
    await state.put("v", "3", 60)
    await state.add_member("s", "a", 60)
    await state.add_member("s", "b", 60)
    assert await state.get("v") == "3" and await state.members("s") == {"a", "b"}
    await state.forget("v", "s")
    assert await state.get("v") is None and await state.members("s") == set()


async def test_memory_state_expires() -> None:
    now = [0.0]
    state = MemoryState(clock=lambda: now[0])
    assert await state.count("k", 10) == (1, 10)
    now[0] = 9.0
    assert await state.count("k", 10) == (2, 1)
    now[0] = 10.0
    assert await state.count("k", 10) == (1, 10)
    await state.put("v", "x", 5)
    now[0] = 15.0
    assert await state.get("v") is None
    assert PREFIX.endswith(":")


async def test_without_redis_the_console_answers_503_not_500(backend: Backend) -> None:
    dead = RedisState(f"redis://127.0.0.1:{free_port()}/0")
    desk = HandoffDesk(handoff_backend(backend), RasaClient("http://rasa", 5, token=lambda: "t"))
    sessions = ConsoleSessions(SessionSigner(lambda: "secret", 3600), dead)
    app = FastAPI()
    install_console(app, desk, sessions, LoginLimiter(dead), csrf_secret=lambda: "secret")
    cookie, _ = sessions.signer.issue(3, "Ayse")
    async with browser(app) as http:
        assert (await log_in(http)).status_code == 503
        http.cookies.set(COOKIE, cookie)
        assert (await http.get("/agent/api/queue")).status_code == 503
    assert backend.checks == 0
    await dead.aclose()


# --- socket.io -----------------------------------------------------------------------------


@pytest.fixture
def live_gateway(backend: Backend) -> Iterator[str]:
    settings = Settings(
        rasa_url="http://rasa.test",
        telegram_bot_token=None,
        delivery_worker=False,
        agent_session_secret="secret",
    )
    rasa = RasaClient("http://rasa.test", 1.0, transport=httpx.MockTransport(backend))
    app = create_app(settings, rasa, backend=handoff_backend(backend))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = server.force_exit = True
    thread.join(10)


def sync_log_in(url: str, password: str) -> httpx.Client:
    http = httpx.Client(base_url=url)
    form = http.get("/agent/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    http.post("/agent/login", data={"name": "Ayse", "password": password, "csrf": token})
    return http


class Watcher:
    """A console browser's socket on /agent, connecting without waiting, so that a refusal is
    seen as it arrives (a refused polling client would otherwise linger in its long poll)."""

    def __init__(self, url: str, cookie: str) -> None:
        self.client = socketio.Client(reconnection=False)
        self.queues: list[Any] = []
        self.refused: list[Any] = []
        self.client.on("queue", self.queues.append, namespace="/agent")
        self.client.on("connect_error", self.refused.append, namespace="/agent")
        self.client.connect(
            url,
            headers={"Cookie": f"{COOKIE}={cookie}"},
            namespaces=["/agent"],
            socketio_path="/socket.io/",
            transports=["polling"],
            wait=False,
        )

    def connected(self) -> bool:
        return "/agent" in self.client.namespaces

    def close(self) -> None:
        if self.client.eio.state == "connected":
            self.client.eio.disconnect(abort=True)


def test_socketio_needs_the_same_session_state_as_the_api(live_gateway: str) -> None:
    one_time = sync_log_in(live_gateway, "once")
    refused = Watcher(live_gateway, one_time.cookies[COOKIE])  # must choose a password first
    one_time.close()
    http = sync_log_in(live_gateway, "right")
    cookie = http.cookies[COOKIE]
    watcher = Watcher(live_gateway, cookie)
    try:
        wait_for(lambda: refused.refused)
        assert not refused.queues
        # The server's connect handler sends the queue before its CONNECT answer reaches the
        # client's reader thread, so the two are awaited together.
        wait_for(lambda: watcher.queues and watcher.connected())
        page = http.get("/agent").text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        assert http.post("/agent/logout", data={"csrf": csrf}).status_code == 303
        wait_for(lambda: not watcher.connected(), 5)  # the open socket is closed within a poll
        again = Watcher(live_gateway, cookie)
        wait_for(lambda: again.refused)
        again.close()
    finally:
        for w in (refused, watcher):
            w.close()
        http.close()


def test_bad_input_to_the_console_api_gets_a_422_not_a_500(
    live_gateway: str, backend: Backend
) -> None:
    http = sync_log_in(live_gateway, "right")
    page = http.get("/agent").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
    try:
        for body in ('{"text": ["\\ud800"]}', '{"text": 5}', "{", '{"text": "\\u0000"}'):
            answer = http.post("/agent/api/tickets/5/reply", content=body, headers=headers)
            assert answer.status_code == 422, (body, answer.text)
            assert "input" not in answer.json()["detail"][0]
        # A lone surrogate in a reply is replaced, and the reply goes out.
        sent = http.post(
            "/agent/api/tickets/5/reply", content='{"text": "hi \\ud800"}', headers=headers
        )
        assert sent.status_code == 200 and backend.stored == ["hi \ufffd"]
        assert http.get("/agent/api/tickets/99999999999999999999").status_code == 422
        assert http.post("/agent/api/tickets/2147483648/claim", headers=headers).status_code == 422
    finally:
        http.close()
