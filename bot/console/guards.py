"""What every console request passes: the CSRF check and the origin check for changes, and the
live session for the API.

CSRF is asgi-csrf's double-submit token: a signed random token in the cookie `agent_csrf`
(SameSite=Strict, path /agent, Secure over HTTPS) that every POST under /agent must send back, as
the form field `csrf` (login, password, logout) or the `X-CSRF-Token` header (the JSON API). The
pages carry it in their forms and in `<meta name="csrf-token">`. On top of it, a POST must come
from the console's own origin (proxy-aware, bot/origins.py). A refused form goes back to its page
with "the form expired"; a refused API call gets 403 JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qs

from asgi_csrf import asgi_csrf_decorator
from fastapi import Depends, HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.console.sessions import COOKIE, AgentSession, ConsoleSessions
from bot.origins import is_own, own_origins

CSRF_COOKIE = "agent_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
PREFIX = "/agent/"
LOGIN = "/agent/login"
# Where a refused form goes back to (the login page says the form expired).
BACK_TO = {
    LOGIN: "/agent/login?error=2",
    "/agent/password": "/agent/password",
    "/agent/logout": "/agent",
}
CHANGES = {"POST", "PUT", "PATCH", "DELETE"}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def https(scope: Scope) -> bool:
    forwarded = (_header(scope, b"x-forwarded-proto") or "").split(",")[0].strip()
    return scope.get("scheme") == "https" or forwarded == "https"


def same_origin(scope: Scope) -> bool:
    """A browser sends Origin on POSTs; it must be the console's own (proxy-aware)."""
    own = own_origins(
        str(scope.get("scheme", "http")),
        _header(scope, b"host") or "",
        _header(scope, b"x-forwarded-host"),
        _header(scope, b"x-forwarded-proto"),
    )
    return is_own(_header(scope, b"origin"), own)


async def _refuse(scope: Scope, send: Send, *_: Any) -> None:
    path = scope["path"]
    if path in BACK_TO:
        headers = [(b"location", BACK_TO[path].encode()), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body = json.dumps({"detail": "Missing or wrong CSRF token."}).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class CsrfGuard:
    """asgi-csrf for the console's paths, and the origin check; everything else passes through
    (the web chat's socket.io, the Telegram webhook, the store page)."""

    def __init__(self, app: ASGIApp, secret: Callable[[], str]) -> None:
        self.app = app
        self._secret = secret  # read on the first request: building the app does no I/O
        self._guarded: dict[bool, ASGIApp] = {}

    def _guard(self, secure: bool) -> ASGIApp:
        if secure not in self._guarded:
            wrap = asgi_csrf_decorator(
                cookie_name=CSRF_COOKIE,
                http_header=CSRF_HEADER,
                form_input=CSRF_FIELD,
                signing_secret=self._secret(),
                signing_namespace="agent-console-csrf",
                # A login form posted without any cookie is still checked.
                always_protect={LOGIN},
                cookie_path="/agent",
                cookie_samesite="Strict",
                cookie_secure=secure,
                send_csrf_failed=_refuse,
            )
            self._guarded[secure] = wrap(_marking(self.app))
        return self._guarded[secure]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (
            scope["path"].startswith(PREFIX) or scope["path"] == "/agent"
        ):
            await self.app(scope, receive, send)
            return
        if scope["method"] in CHANGES and not same_origin(scope):
            await _refuse(scope, send)
            return
        passed: list[bool] = []  # shared with the scope copies asgi-csrf makes
        try:
            await self._guard(https(scope))({**scope, "console.csrf_passed": passed}, receive, send)
        except (UnicodeDecodeError, TypeError):
            # asgi-csrf decodes a form as UTF-8 and compares tokens with compare_digest, which
            # refuses non-ASCII text: a mangled token is a wrong token, not a server error. An
            # error of the console itself (after the check) is raised as it is.
            if passed:
                raise
            await _refuse(scope, send)


def _marking(app: ASGIApp) -> ASGIApp:
    async def checked(scope: Scope, receive: Receive, send: Send) -> None:
        scope["console.csrf_passed"].append(True)
        await app(scope, receive, send)

    return checked


def csrf_token(request: Request) -> str:
    """The page's CSRF token (sets the cookie when the browser has none yet)."""
    return str(request.scope["csrftoken"]())


async def read_form(request: Request) -> dict[str, str]:
    """A small urlencoded form (login, password, logout), read without a multipart parser (the
    gateway caps every request body; see bot/body_limit.py)."""
    body = (await request.body())[:10_000].decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body).items()}


def address(request: Request) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For only behind a trusted proxy,
    FORWARDED_ALLOW_IPS, 127.0.0.1 by default)."""
    return request.client.host if request.client else "unknown"


async def current_session(request: Request) -> AgentSession | None:
    sessions: ConsoleSessions = request.app.state.agent_sessions
    return await sessions.read(request.cookies.get(COOKIE))


async def agent_api(request: Request) -> AgentSession:
    """An API call: a live session that may see the queue (CSRF and origin: CsrfGuard)."""
    session = await current_session(request)
    if session is None:
        raise HTTPException(401, "Log in first.")
    if session.must_change_password:
        raise HTTPException(403, "Choose a new password first (/agent/password).")
    return session


Agent = Annotated[AgentSession, Depends(agent_api)]
