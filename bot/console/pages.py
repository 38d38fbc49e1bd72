"""The console's HTML pages at /agent: logging in, choosing a password, logging out, the console
itself (Jinja2 templates in bot/console/templates/, autoescaped), and its static files."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bot.backend_client import BackendUnavailable, BadLogin
from bot.console.desk import HandoffDesk
from bot.console.guards import address, csrf_token, current_session, https, read_form
from bot.console.login_limits import LoginLimiter, TooManyAttempts
from bot.console.presence import Presence
from bot.console.prose import human_date
from bot.console.sessions import COOKIE, AgentSession, ConsoleSessions
from bot.text import unprintable

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
SOCKET_IO_CLIENT = HERE.parents[1] / "node_modules/socket.io-client/dist/socket.io.min.js"
STATIC_FILES = {
    "socket.io.min.js": SOCKET_IO_CLIENT,
    "console.js": STATIC / "console.js",
    "console.css": STATIC / "console.css",
}
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["human_date"] = human_date
# The backend's rule for new passwords; checked here first so a short one costs no argon2 hash.
MIN_PASSWORD = 10
NO_STORE = {"Cache-Control": "no-store"}
LOGIN_ERRORS = {"1": "Wrong name or password.", "2": "The form expired; please try again."}
PASSWORD_ERRORS = {
    "1": "The current password is wrong, or the new one is too short (10 characters).",
    "2": "The two new passwords differ.",
}


def wait_message(exc: TooManyAttempts) -> str:
    minutes = math.ceil(exc.retry_after / 60)
    if minutes <= 1:
        return "Too many attempts; please try again in a minute."
    return f"Too many attempts; please try again in {minutes} minutes."


def too_many(response: Response, exc: TooManyAttempts) -> Response:
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {"csrf": csrf_token(request), **context},
        status_code=status_code,
        headers=NO_STORE,
    )


def pages_router(
    desk: HandoffDesk, sessions: ConsoleSessions, limiter: LoginLimiter, presence: Presence
) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.include_router(_signing_in(desk, sessions, limiter, presence))
    router.include_router(_console(desk, presence))
    return router


def _signing_in(
    desk: HandoffDesk, sessions: ConsoleSessions, limiter: LoginLimiter, presence: Presence
) -> APIRouter:
    """Logging in (within the login limits), choosing a password, logging out."""
    router = APIRouter(prefix="/agent")

    async def start_session(
        request: Request, response: Response, agent: dict[str, Any], must_change: bool
    ) -> None:
        cookie, _ = await sessions.start(
            int(agent["id"]), str(agent["name"]), must_change_password=must_change
        )
        if not must_change:
            await presence.heartbeat([int(agent["id"])])
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=int(sessions.lifetime),
            httponly=True,
            samesite="strict",
            secure=https(request.scope),
            path="/",
        )

    @router.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, error: str = "") -> HTMLResponse:
        return _page(request, "login.html", error=LOGIN_ERRORS.get(error, ""))

    @router.post("/login", response_model=None)
    async def login(request: Request) -> Response:
        # The CSRF token and the origin were checked by CsrfGuard.
        form = await read_form(request)
        name, password = form.get("name", "")[:80], form.get("password", "")[:200]
        if unprintable(name) or "\x00" in password:
            # No account has such a name: refused here, without a password check.
            message = "Names and passwords cannot hold control characters."
            return _page(request, "login.html", 400, error=message)
        try:
            agent = await limiter.check(
                name, address(request), lambda: desk.backend.authenticate(name, password)
            )
        except TooManyAttempts as exc:
            logger.warning("console login refused: too many attempts")
            return too_many(_page(request, "login.html", 429, error=wait_message(exc)), exc)
        except BadLogin:
            logger.info("failed console login")
            return RedirectResponse("/agent/login?error=1", status_code=303)
        must_change = bool(agent.get("must_change_password"))
        response = RedirectResponse("/agent/password" if must_change else "/agent", status_code=303)
        await start_session(request, response, agent, must_change)
        return response

    def password_form(
        request: Request, session: AgentSession, message: str, status_code: int = 200
    ) -> HTMLResponse:
        return _page(request, "password.html", status_code, agent=session.name, error=message)

    @router.get("/password", response_class=HTMLResponse, response_model=None)
    async def password_page(request: Request, error: str = "") -> Response:
        session = await current_session(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        return password_form(request, session, PASSWORD_ERRORS.get(error, ""))

    @router.post("/password", response_model=None)
    async def change_password(request: Request) -> Response:
        session = await current_session(request)
        form = await read_form(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        old, new = form.get("password", "")[:200], form.get("new_password", "")[:200]
        if new != form.get("repeat", ""):
            return RedirectResponse("/agent/password?error=2", status_code=303)
        if len(new) < MIN_PASSWORD or "\x00" in old + new:
            return RedirectResponse("/agent/password?error=1", status_code=303)
        try:
            agent = await limiter.check(
                session.name,
                address(request),
                lambda: desk.backend.change_password(session.name, old, new),
            )
        except TooManyAttempts as exc:
            return too_many(password_form(request, session, wait_message(exc), 429), exc)
        except BadLogin:
            return RedirectResponse("/agent/password?error=1", status_code=303)
        # Whoever holds an older cookie of this agent (the one-time password's session, another
        # browser) is logged out.
        await sessions.end_all(session.agent_id)
        response = RedirectResponse("/agent", status_code=303)
        await start_session(request, response, agent, False)
        return response

    @router.post("/logout", response_model=None)
    async def logout(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        await sessions.end(session)
        try:  # another open console of the agent's renews it within its next heartbeat
            await desk.backend.set_presence(session.agent_id, False)
        except BackendUnavailable as exc:
            logger.warning("logout: could not mark the agent away: %s", exc)
        response = RedirectResponse("/agent/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    return router


def _console(desk: HandoffDesk, presence: Presence) -> APIRouter:
    """The console itself, the desk's figures and the static files."""
    router = APIRouter(prefix="/agent")

    @router.get("", response_class=HTMLResponse, response_model=None)
    async def console(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        if session.must_change_password:
            return RedirectResponse("/agent/password", status_code=303)
        available = await presence.available(session.agent_id)
        return _page(request, "console.html", agent=session.name, available=available)

    @router.get("/report", response_class=HTMLResponse, response_model=None)
    async def report(request: Request, days: int = 14) -> Response:
        """The supervisor's view: tickets per day, response and resolution times, ratings after
        handoffs, per agent (any agent may read it)."""
        session = await current_session(request)
        if session is None:
            return RedirectResponse("/agent/login", status_code=303)
        if session.must_change_password:
            return RedirectResponse("/agent/password", status_code=303)
        days = min(max(days, 1), 92)
        figures = await desk.backend.desk_report(days)
        return _page(request, "report.html", agent=session.name, report=figures, days=days)

    @router.get("/static/{name}", response_model=None)
    async def static(name: str) -> Response:
        path = STATIC_FILES.get(name)
        if path is None or not path.is_file():
            return Response(status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    return router
