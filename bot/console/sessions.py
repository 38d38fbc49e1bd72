"""Agent console sessions: a signed, expiring cookie that counts only while its server-side record
lives.

The cookie is signed with itsdangerous (HMAC-SHA256, key derived from AGENT_SESSION_SECRET), is
HttpOnly, SameSite=Strict and Secure whenever the console is reached over HTTPS (directly or
behind a proxy that says so); it carries the session's id, the agent's id and name and its expiry.
A cookie counts only while its session's record lives in the console state (`ConsoleSessions`):
logging out deletes the record, changing the password deletes every record of the agent, so an
old cookie stops working at once everywhere (HTTP API and socket.io). CSRF is the console's
middleware's job (bot/console/guards.py), not the session's.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, Signer
from itsdangerous.encoding import base64_decode, base64_encode

from bot.console.state import ConsoleState

COOKIE = "agent_session"
SALT = "agent-console-session"


@dataclass(frozen=True)
class AgentSession:
    agent_id: int
    name: str
    expires: float
    # Logged in with the one-time password: nothing but choosing a new one is allowed.
    must_change_password: bool = False
    # The server-side record's key.
    session_id: str = ""

    def agent(self) -> dict[str, Any]:
        return {"id": self.agent_id, "name": self.name}


class SessionSigner:
    def __init__(self, secret: Callable[[], str], lifetime_seconds: float) -> None:
        # The secret is read on first use: building the gateway app does no I/O.
        self._secret = secret
        self._signer: Signer | None = None
        self.lifetime = lifetime_seconds

    def _sign(self) -> Signer:
        if self._signer is None:
            self._signer = Signer(
                self._secret(), salt=SALT, key_derivation="hmac", digest_method=hashlib.sha256
            )
        return self._signer

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
            expires=(now or time.time()) + self.lifetime,
            must_change_password=must_change_password,
            session_id=secrets.token_urlsafe(18),
        )
        payload = {
            "s": session.session_id,
            "a": agent_id,
            "n": name,
            "e": session.expires,
            "p": must_change_password,
        }
        body = base64_encode(json.dumps(payload, separators=(",", ":")))
        return self._sign().sign(body).decode(), session

    def read(self, cookie: str | None, now: float | None = None) -> AgentSession | None:
        if not cookie:
            return None
        try:
            payload = json.loads(base64_decode(self._sign().unsign(cookie)))
            session = AgentSession(
                int(payload["a"]),
                str(payload["n"]),
                float(payload["e"]),
                bool(payload.get("p", False)),
                str(payload["s"]),
            )
        except (BadData, ValueError, KeyError, TypeError):
            return None
        if session.expires < (now or time.time()):
            return None
        return session


class ConsoleSessions:
    """Signed cookies that count only while their server-side record lives."""

    def __init__(self, signer: SessionSigner, state: ConsoleState) -> None:
        self.signer = signer
        self.state = state

    @property
    def lifetime(self) -> float:
        return self.signer.lifetime

    @staticmethod
    def _key(session_id: str) -> str:
        return f"session:{session_id}"

    @staticmethod
    def _agent_key(agent_id: int) -> str:
        return f"agent-sessions:{agent_id}"

    async def start(
        self, agent_id: int, name: str, *, must_change_password: bool = False
    ) -> tuple[str, AgentSession]:
        cookie, session = self.signer.issue(
            agent_id, name, must_change_password=must_change_password
        )
        await self.state.put(self._key(session.session_id), str(agent_id), self.lifetime)
        await self.state.add_member(self._agent_key(agent_id), session.session_id, self.lifetime)
        return cookie, session

    async def read(self, cookie: str | None) -> AgentSession | None:
        """The cookie's session if it is signed, unexpired and not ended."""
        session = self.signer.read(cookie)
        if session is None or not await self.alive(session):
            return None
        return session

    async def alive(self, session: AgentSession) -> bool:
        if not session.session_id or session.expires < time.time():
            return False
        owner = await self.state.get(self._key(session.session_id))
        return owner == str(session.agent_id)

    async def end(self, session: AgentSession) -> None:
        """Logout: this session's cookie stops working."""
        if session.session_id:
            await self.state.forget(self._key(session.session_id))

    async def end_all(self, agent_id: int) -> None:
        """Password change: every session of the agent ends, in every browser."""
        ids = await self.state.members(self._agent_key(agent_id))
        await self.state.forget(*(self._key(i) for i in ids), self._agent_key(agent_id))


def parse_cookie_header(header: str | None) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies
