"""Agent console sessions: an HMAC-signed, expiring cookie, and CSRF tokens bound to it.

The cookie is HttpOnly, SameSite=Strict and Secure whenever the console is reached over HTTPS
(directly or behind a proxy that says so); it carries the agent's id and name, its expiry and the
session's CSRF token. Every state-changing request must send that token back (a form field or
the X-CSRF-Token header) from the console's own origin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

COOKIE = "agent_session"
LOGIN_CSRF_COOKIE = "agent_login_csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class AgentSession:
    agent_id: int
    name: str
    csrf: str
    expires: float
    # Logged in with the one-time password: nothing but choosing a new one is allowed.
    must_change_password: bool = False

    def agent(self) -> dict[str, Any]:
        return {"id": self.agent_id, "name": self.name}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    def __init__(self, secret: Callable[[], str], lifetime_seconds: float) -> None:
        # The secret is read on first use: building the gateway app does no I/O.
        self._secret = secret
        self._key: bytes | None = None
        self.lifetime = lifetime_seconds

    def _mac(self, body: str) -> str:
        if self._key is None:
            self._key = hashlib.sha256(b"agent-console-session:" + self._secret().encode()).digest()
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def issue(
        self,
        agent_id: int,
        name: str,
        now: float | None = None,
        *,
        must_change_password: bool = False,
    ) -> tuple[str, AgentSession]:
        session = AgentSession(
            agent_id=agent_id,
            name=name,
            csrf=secrets.token_urlsafe(24),
            expires=(now or time.time()) + self.lifetime,
            must_change_password=must_change_password,
        )
        payload = {
            "a": agent_id,
            "n": name,
            "c": session.csrf,
            "e": session.expires,
            "p": must_change_password,
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}", session

    def read(self, cookie: str | None, now: float | None = None) -> AgentSession | None:
        if not cookie or cookie.count(".") != 1:
            return None
        body, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
            session = AgentSession(
                int(payload["a"]),
                str(payload["n"]),
                str(payload["c"]),
                float(payload["e"]),
                bool(payload.get("p", False)),
            )
        except (ValueError, KeyError, TypeError):
            return None
        if session.expires < (now or time.time()):
            return None
        return session


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected and given and hmac.compare_digest(expected, given))


def parse_cookie_header(header: str | None) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies
