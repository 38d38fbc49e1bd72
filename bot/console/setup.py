"""Puts the agent console into the gateway's app: its pages, its API, the CSRF guard and the
answers for a backend or session store that is down."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from redis.exceptions import RedisError

from bot.backend_client import BackendUnavailable, TicketConflict
from bot.console.api import api_router
from bot.console.customers import Customers
from bot.console.desk import HandoffDesk
from bot.console.errors import backend_down, invalid_request, refused, state_down
from bot.console.guards import CsrfGuard
from bot.console.login_limits import LoginLimiter
from bot.console.pages import pages_router
from bot.console.presence import Presence
from bot.console.sessions import ConsoleSessions


def install_console(
    app: FastAPI,
    desk: HandoffDesk,
    sessions: ConsoleSessions,
    limiter: LoginLimiter,
    csrf_secret: Callable[[], str],
    customers: Customers | None = None,
    presence: Presence | None = None,
) -> None:
    """Serves the console at /agent; `csrf_secret` signs the CSRF cookie (read on first use)."""
    app.state.agent_sessions = sessions
    app.state.desk = desk
    customers = customers or Customers(sessions.state)
    presence = presence or Presence(sessions.state, desk.backend)
    app.state.customers = customers
    app.include_router(pages_router(desk, sessions, limiter, presence))
    app.include_router(api_router(desk, customers, presence))
    app.add_middleware(CsrfGuard, secret=csrf_secret)
    app.add_exception_handler(BackendUnavailable, backend_down)
    app.add_exception_handler(TicketConflict, refused)
    app.add_exception_handler(RedisError, state_down)
    app.add_exception_handler(RequestValidationError, invalid_request)
