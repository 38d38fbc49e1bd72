"""The agent console's pages and JSON API at /agent (plain HTML + console.js, no build step)."""

from __future__ import annotations

import html
import json
import logging
import math
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, field_validator

from bot.backend_client import BackendUnavailable, BadLogin, TicketConflict
from bot.console.desk import HandoffDesk
from bot.console.login_limits import LoginLimiter, TooManyAttempts
from bot.console.sessions import (
    COOKIE,
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    AgentSession,
    ConsoleSessions,
    tokens_match,
)
from bot.origins import is_own, own_origins
from bot.text import clean_text, unprintable

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
SOCKET_IO_CLIENT = HERE.parents[1] / "node_modules/socket.io-client/dist/socket.io.min.js"
# The backend's rule for new passwords; checked here first so a short one costs no argon2 hash.
MIN_PASSWORD = 10


def _page(name: str, **values: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
    return text


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return request.url.scheme == "https" or forwarded == "https"


def _same_origin(request: Request) -> bool:
    """A browser sends Origin on POSTs; it must be the console's own (proxy-aware)."""
    headers = request.headers
    own = own_origins(
        request.url.scheme,
        headers.get("host", ""),
        headers.get("x-forwarded-host"),
        headers.get("x-forwarded-proto"),
    )
    return is_own(headers.get("origin"), own)


async def _form(request: Request) -> dict[str, str]:
    """A small urlencoded form (login, logout), read without a multipart parser (the gateway
    caps every request body; see bot/body_limit.py)."""
    body = (await request.body())[:10_000].decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body).items()}


def _address(request: Request) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For only behind a trusted proxy,
    FORWARDED_ALLOW_IPS, 127.0.0.1 by default)."""
    return request.client.host if request.client else "unknown"


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)

    @field_validator("text", mode="before")
    @classmethod
    def _storable(cls, value: object) -> object:
        # Before pydantic's own check, which refuses a lone surrogate; a stray NUL would make
        # the database refuse the reply.
        if not isinstance(value, str):
            return value
        value = clean_text(value)
        if not value.strip():
            raise ValueError("a reply needs some text")
        return value


async def agent_api(request: Request) -> AgentSession:
    """An API call: a live session, the session's CSRF token and the console's origin."""
    sessions: ConsoleSessions = request.app.state.agent_sessions
    session = await sessions.read(request.cookies.get(COOKIE))
    if session is None:
        raise HTTPException(401, "Log in first.")
    if session.must_change_password:
        raise HTTPException(403, "Choose a new password first (/agent/password).")
    if request.method != "GET" and (
        not _same_origin(request)
        or not tokens_match(session.csrf, request.headers.get(CSRF_HEADER))
    ):
        raise HTTPException(403, "Missing or wrong CSRF token.")
    return session


Agent = Annotated[AgentSession, Depends(agent_api)]
# Ticket ids are PostgreSQL integers: a larger one is refused here, not by the database.
TicketId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]


def console_router(
    desk: HandoffDesk, sessions: ConsoleSessions, limiter: LoginLimiter
) -> APIRouter:
    """The console's routes; the app must set `state.agent_sessions` to the same sessions."""
    router = APIRouter(prefix="/agent", include_in_schema=False)

    async def current(request: Request) -> AgentSession | None:
        return await sessions.read(request.cookies.get(COOKIE))

    def conflict(exc: TicketConflict) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "code": exc.code}, status_code=409)

    @router.get("", response_class=HTMLResponse, response_model=None)
    async def console(request: Request) -> Response:
        session = await current(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        if session.must_change_password:
            return RedirectResponse("/agent/password", status_code=303)
        page = _page("console.html", agent=session.name, csrf=session.csrf)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    def login_form(request: Request, message: str, status_code: int = 200) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = HTMLResponse(
            _page("login.html", csrf=token, error=message),
            status_code=status_code,
            headers={"Cache-Control": "no-store"},
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=_https(request),
            path="/agent",
        )
        return response

    @router.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, error: str = "") -> HTMLResponse:
        message = "Wrong name or password." if error == "1" else ""
        if error == "2":
            message = "The form expired; please try again."
        return login_form(request, message)

    @router.post("/login", response_model=None)
    async def login(request: Request) -> Response:
        form = await _form(request)
        name, password, csrf = (
            form.get("name", "")[:80],
            form.get("password", "")[:200],
            form.get("csrf", ""),
        )
        # Double-submit: the form's token must match the cookie set with the form.
        if not _same_origin(request) or not tokens_match(
            request.cookies.get(LOGIN_CSRF_COOKIE), csrf
        ):
            return RedirectResponse("/agent/login?error=2", status_code=303)
        if unprintable(name) or "\x00" in password:
            # No account has such a name: refused here, without a password check.
            return login_form(request, "Names and passwords cannot hold control characters.", 400)
        try:
            agent = await limiter.check(
                name, _address(request), lambda: desk.backend.authenticate(name, password)
            )
        except TooManyAttempts as exc:
            logger.warning("console login refused: too many attempts")
            return too_many(login_form(request, _wait_message(exc), 429), exc)
        except BadLogin:
            logger.info("failed console login")
            return RedirectResponse("/agent/login?error=1", status_code=303)
        must_change = bool(agent.get("must_change_password"))
        response = RedirectResponse("/agent/password" if must_change else "/agent", status_code=303)
        await _start_session(request, response, agent, must_change)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/agent")
        return response

    async def _start_session(
        request: Request, response: Response, agent: dict[str, Any], must_change: bool
    ) -> None:
        cookie, _ = await sessions.start(
            int(agent["id"]), str(agent["name"]), must_change_password=must_change
        )
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=int(sessions.lifetime),
            httponly=True,
            samesite="strict",
            secure=_https(request),
            path="/",
        )

    def password_form(session: AgentSession, message: str, status_code: int = 200) -> HTMLResponse:
        page = _page("password.html", agent=session.name, csrf=session.csrf, error=message)
        return HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})

    @router.get("/password", response_class=HTMLResponse, response_model=None)
    async def password_page(request: Request, error: str = "") -> Response:
        session = await current(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        message = {
            "1": "The current password is wrong, or the new one is too short (10 characters).",
            "2": "The two new passwords differ.",
        }.get(error, "")
        return password_form(session, message)

    @router.post("/password", response_model=None)
    async def change_password(request: Request) -> Response:
        session = await current(request)
        form = await _form(request)
        if (
            session is None
            or not _same_origin(request)
            or not tokens_match(session.csrf, form.get("csrf"))
        ):
            return RedirectResponse("/agent/login", status_code=303)
        old, new = form.get("password", "")[:200], form.get("new_password", "")[:200]
        if new != form.get("repeat", ""):
            return RedirectResponse("/agent/password?error=2", status_code=303)
        if len(new) < MIN_PASSWORD or "\x00" in old + new:
            return RedirectResponse("/agent/password?error=1", status_code=303)
        try:
            agent = await limiter.check(
                session.name,
                _address(request),
                lambda: desk.backend.change_password(session.name, old, new),
            )
        except TooManyAttempts as exc:
            return too_many(password_form(session, _wait_message(exc), 429), exc)
        except BadLogin:
            return RedirectResponse("/agent/password?error=1", status_code=303)
        # Whoever holds an older cookie of this agent (the one-time password's session, another
        # browser) is logged out.
        await sessions.end_all(session.agent_id)
        response = RedirectResponse("/agent", status_code=303)
        await _start_session(request, response, agent, False)
        return response

    @router.post("/logout", response_model=None)
    async def logout(request: Request) -> Response:
        csrf = (await _form(request)).get("csrf", "")
        session = await current(request)
        if session is not None and tokens_match(session.csrf, csrf) and _same_origin(request):
            await sessions.end(session)
            response = RedirectResponse("/agent/login", status_code=303)
            response.delete_cookie(COOKIE, path="/")
            return response
        return RedirectResponse("/agent", status_code=303)

    @router.get("/static/{name}", response_model=None)
    async def static(name: str) -> Response:
        if name == "socket.io.min.js":
            path = SOCKET_IO_CLIENT
        elif name in ("console.js", "console.css"):
            path = STATIC / name
        else:
            return Response(status_code=404)
        if not path.is_file():
            return Response(status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    @router.get("/api/queue")
    async def queue(agent: Agent) -> Any:
        return await desk.backend.queue()

    @router.get("/api/tickets/{ticket_id}")
    async def ticket(ticket_id: TicketId, agent: Agent) -> Any:
        found = await desk.backend.ticket(ticket_id)
        if found is None:
            raise HTTPException(404, "No such ticket.")
        return found

    @router.post("/api/tickets/{ticket_id}/claim", response_model=None)
    async def claim(ticket_id: TicketId, agent: Agent) -> Any:
        try:
            return await desk.claim(ticket_id, agent.agent())
        except TicketConflict as exc:
            return conflict(exc)

    @router.post("/api/tickets/{ticket_id}/reply", response_model=None)
    async def reply(ticket_id: TicketId, body: ReplyIn, agent: Agent) -> Any:
        try:
            return await desk.reply(ticket_id, agent.agent(), body.text)
        except TicketConflict as exc:
            return conflict(exc)

    @router.post("/api/tickets/{ticket_id}/release", response_model=None)
    async def release(ticket_id: TicketId, agent: Agent) -> Any:
        try:
            return await desk.release(ticket_id, agent.agent())
        except TicketConflict as exc:
            return conflict(exc)

    @router.post("/api/tickets/{ticket_id}/resolve", response_model=None)
    async def resolve(ticket_id: TicketId, agent: Agent) -> Any:
        try:
            return await desk.resolve(ticket_id, agent.agent())
        except TicketConflict as exc:
            return conflict(exc)

    return router


def _wait_message(exc: TooManyAttempts) -> str:
    minutes = math.ceil(exc.retry_after / 60)
    if minutes <= 1:
        return "Too many attempts; please try again in a minute."
    return f"Too many attempts; please try again in {minutes} minutes."


def too_many(response: Response, exc: TooManyAttempts) -> Response:
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def backend_down(_request: Request, exc: Exception) -> JSONResponse:
    logger.warning("console call failed, backend unavailable: %s", exc)
    return JSONResponse({"detail": "The store system is unavailable; try again."}, status_code=503)


async def invalid_request(_request: Request, exc: Exception) -> Response:
    """FastAPI's 422, without echoing the input: an echoed lone surrogate cannot be encoded and
    turned the 422 into a 500."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in errors]
    body = json.dumps({"detail": detail}, ensure_ascii=True, default=str)
    return Response(body, status_code=422, media_type="application/json")


async def state_down(_request: Request, exc: Exception) -> JSONResponse:
    logger.error("console call failed, sessions and login counts unavailable (Redis): %r", exc)
    return JSONResponse({"detail": "The console is unavailable; try again."}, status_code=503)


__all__ = ["BackendUnavailable", "backend_down", "console_router", "invalid_request", "state_down"]
