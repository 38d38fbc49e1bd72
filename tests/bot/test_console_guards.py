"""The console's CSRF middleware (asgi-csrf behind CsrfGuard), the origin check and the pages'
escaping: what a forged or mangled request gets, and what the cookies say."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from bot.backend_client import BackendClient
from bot.console.desk import HandoffDesk
from bot.console.guards import CSRF_COOKIE
from bot.console.login_limits import LoginLimiter
from bot.console.sessions import COOKIE, ConsoleSessions, SessionSigner
from bot.console.setup import install_console
from bot.console.state import MemoryState
from bot.rasa_client import RasaClient

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def backend(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/v1/agents/authenticate":
        return httpx.Response(200, json={"id": 3, "name": "<b>Ayse</b>"})
    if request.url.path == "/v1/handoffs/queue":
        return httpx.Response(200, json={"tickets": [], "stats": {}})
    return httpx.Response(404)


@pytest.fixture
def app() -> FastAPI:
    transport = httpx.MockTransport(backend)
    desk = HandoffDesk(
        BackendClient("http://backend", lambda: "key", 2, transport=transport),
        RasaClient("http://rasa", 2, token=lambda: "t", transport=transport),
    )
    state = MemoryState()
    app = FastAPI()
    sessions = ConsoleSessions(SessionSigner(lambda: "secret", 3600), state)
    install_console(app, desk, sessions, LoginLimiter(state), csrf_secret=lambda: "secret")
    return app


def client(app: FastAPI, base_url: str = "http://gw.test") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=base_url)


async def logged_in(http: httpx.AsyncClient) -> str:
    form = (await http.get("/agent/login")).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    done = await http.post("/agent/login", data={"name": "Ayse", "password": "x", "csrf": token})
    assert done.headers["location"] == "/agent"
    return token


async def test_the_csrf_cookie_is_strict_and_secure_over_https(app: FastAPI) -> None:
    async with client(app) as http:
        cookie = (await http.get("/agent/login")).headers["set-cookie"]
        assert cookie.startswith(f"{CSRF_COOKIE}=") and "Path=/agent" in cookie
        assert "SameSite=Strict" in cookie and "Secure" not in cookie
    async with client(app) as http:
        behind_proxy = await http.get("/agent/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in behind_proxy.headers["set-cookie"]
    async with client(app, "https://gw.test") as http:
        assert "Secure" in (await http.get("/agent/login")).headers["set-cookie"]


async def test_a_login_without_any_cookie_is_refused(app: FastAPI) -> None:
    async with client(app) as http:
        done = await http.post("/agent/login", data={"name": "Ayse", "password": "x", "csrf": "t"})
    assert done.status_code == 303 and done.headers["location"] == "/agent/login?error=2"
    assert COOKIE not in done.cookies


async def test_a_mangled_token_is_refused_not_a_server_error(app: FastAPI) -> None:
    async with client(app) as http:
        await logged_in(http)
        headers = {"X-CSRF-Token": "t\u00e9".encode("latin-1"), "Content-Type": b"text/plain"}
        answer = await http.post("/agent/api/tickets/5/claim", headers=headers)
        assert answer.status_code == 403 and answer.json()["detail"].startswith("Missing or wrong")
        form = b"csrf=%C3%A9&name=x"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        refused = await http.post("/agent/logout", content=form, headers=headers)
        assert refused.status_code == 303 and refused.headers["location"] == "/agent"
        broken = await http.post("/agent/login", content=b"csrf=\xff\xfe", headers=headers)
        assert broken.headers["location"] == "/agent/login?error=2"


async def test_a_change_from_another_origin_is_refused_even_with_the_token(app: FastAPI) -> None:
    async with client(app) as http:
        token = await logged_in(http)
        other = {"X-CSRF-Token": token, "Origin": "https://evil.example"}
        assert (await http.post("/agent/api/tickets/5/claim", headers=other)).status_code == 403
        logout = await http.post(
            "/agent/logout", data={"csrf": token}, headers={"Origin": "https://evil.example"}
        )
        assert logout.headers["location"] == "/agent"
        assert (await http.get("/agent/api/queue")).status_code == 200  # still logged in


async def test_pages_escape_what_they_show(app: FastAPI) -> None:
    async with client(app) as http:
        await logged_in(http)
        page = (await http.get("/agent")).text
    assert "<b>Ayse</b>" not in page and "&lt;b&gt;Ayse&lt;/b&gt;" in page
