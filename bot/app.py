"""The gateway's ASGI app: the store page with the chat widget, and the web channel's socket.io.

Served with `uvicorn bot.app:app --port $GATEWAY_PORT`. `create_app()` builds a fresh app so
tests can hand it their own settings and a fake Rasa; building it does no I/O.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import socketio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from redis.asyncio import Redis

from backorder_common.settings import Settings, get_settings
from bot.backend_client import BackendClient
from bot.body_limit import MAX_BODY_BYTES, BodyLimit
from bot.channels.outbound import Outbound
from bot.channels.telegram import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel
from bot.channels.web import WebChannel
from bot.console.customers import Customers
from bot.console.desk import HandoffDesk
from bot.console.live import AgentLive
from bot.console.login_limits import LoginLimiter
from bot.console.presence import Presence
from bot.console.sessions import ConsoleSessions, SessionSigner
from bot.console.setup import install_console
from bot.console.state import console_state
from bot.locks import conversation_locks
from bot.notify.setup import build_worker
from bot.origins import socketio_origins
from bot.rasa_client import RasaClient
from bot.router import Router
from bot.store_page import WEBCHAT_BUNDLE, check_webchat_bundle, install_store_page
from bot.telegram_budget import TelegramBudget

logger = logging.getLogger(__name__)

# A reply must reach the customer within 10 s, apology included.
MAX_RASA_WAIT = 9.0
# Telegram updates carry a message of up to 4,096 characters, maybe the one it replies to, and
# their entities, JSON-escaped: more than the other bodies, still small.
MAX_TELEGRAM_UPDATE_BYTES = 256 * 1024


def _rasa_client(settings: Settings) -> RasaClient:
    timeout = settings.rasa_timeout
    if timeout > MAX_RASA_WAIT:
        logger.warning(
            "RASA_TIMEOUT=%gs would keep customers waiting; using %gs", timeout, MAX_RASA_WAIT
        )
        timeout = MAX_RASA_WAIT
    return RasaClient(settings.rasa_url, timeout, token=settings.rasa_api_token)


def _socket_server(settings: Settings) -> socketio.AsyncServer:
    manager = None
    if settings.redis_url:
        # Several gateway processes then share rooms: a reply emitted by one reaches sockets on all.
        manager = socketio.AsyncRedisManager(settings.redis_url)
    return socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        cors_allowed_origins=socketio_origins(settings.allowed_origins),
        # Also bounds each websocket message (long-polling bodies are capped by BodyLimit).
        max_http_buffer_size=MAX_BODY_BYTES,
    )


def create_app(
    settings: Settings | None = None,
    rasa_client: RasaClient | None = None,
    *,
    webchat_bundle: Path = WEBCHAT_BUNDLE,
    backend: BackendClient | None = None,
) -> BodyLimit:
    settings = settings or get_settings()
    rasa = rasa_client or _rasa_client(settings)
    backend = backend or BackendClient.from_settings(settings)
    sio = _socket_server(settings)
    # With REDIS_URL, what every gateway instance must agree on lives there: per-conversation
    # ordering, Telegram button payloads, the token's sending budget. No connection until used.
    shared = Redis.from_url(settings.redis_url) if settings.redis_url else None
    budget = TelegramBudget(
        settings.telegram_messages_per_second,
        redis=shared,
        token=settings.telegram_bot_token or "",
    )
    # Who owns a conversation (bot or agent) is asked of the backend for every message.
    desk = HandoffDesk(backend, rasa)
    router = Router(rasa, desk)
    web = WebChannel(sio, router, conversation_locks(shared, "web"))
    # The Telegram channel runs inside this process when a token is set.
    telegram = (
        TelegramChannel(settings, router, backend, redis=shared, budget=budget)
        if settings.telegram_bot_token
        else None
    )
    signer = SessionSigner(settings.session_secret, settings.agent_session_hours * 3600)
    state = console_state(settings.redis_url)
    sessions = ConsoleSessions(signer, state)
    limiter = LoginLimiter(state)
    customers = Customers(state)
    if telegram is not None:
        telegram.seen = customers.remember  # the names on the console's queue cards
    presence = Presence(state, backend)
    live = AgentLive(sio, backend, sessions, customers, presence)
    desk.live = live

    outbound = Outbound(web, telegram)
    desk.deliver_with(outbound.deliver)
    delivery = (
        build_worker(settings, backend, push=outbound.show_in_widget, budget=budget)
        if settings.delivery_worker
        else None
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        check_webchat_bundle(webchat_bundle)
        if telegram is not None:
            await telegram.start()
        delivering = asyncio.create_task(delivery.run()) if delivery is not None else None
        polling = asyncio.create_task(live.run())
        try:
            yield
        finally:
            live.stop()
            await polling
            if delivery is not None and delivering is not None:
                delivery.stop()  # finishes what it is sending, hands back the rest
                await asyncio.wait_for(delivering, timeout=30)
            if telegram is not None:
                await telegram.stop()
            await backend.aclose()
            await rasa.aclose()
            await state.aclose()
            if shared is not None:
                await shared.aclose()

    http = FastAPI(title="Back-order gateway", lifespan=lifespan, docs_url=None, redoc_url=None)
    http.state.settings = settings
    http.state.router = router
    http.state.web = web
    http.state.sio = sio
    http.state.telegram = telegram

    if telegram is not None and telegram.webhook_url is not None:

        @http.post(WEBHOOK_PATH, include_in_schema=False)
        async def telegram_webhook(request: Request) -> Response:
            # Only Telegram knows the secret (sent with setWebhook): anything else is refused.
            if not telegram.secret_ok(request.headers.get(SECRET_HEADER)):
                logger.warning("Telegram webhook call without the right secret token; refused")
                return Response(status_code=403)
            try:
                data = await request.json()
            except ValueError:
                return Response(status_code=400)
            if not isinstance(data, dict) or not await telegram.process_webhook(data):
                return Response(status_code=400)
            return Response(status_code=200)

    @http.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    install_store_page(http, webchat_bundle)

    install_console(
        http,
        desk,
        sessions,
        limiter,
        csrf_secret=settings.session_secret,
        customers=customers,
        presence=presence,
    )

    app = BodyLimit(
        socketio.ASGIApp(sio, other_asgi_app=http, socketio_path="socket.io"),
        larger={WEBHOOK_PATH: MAX_TELEGRAM_UPDATE_BYTES},
    )
    # Tests and later wiring (agent console, notifications) reach the parts through the app.
    app.http = http  # type: ignore[attr-defined]
    return app


def configure_logging() -> None:
    """INFO for the gateway's own loggers. httpx logs every request at INFO, and the gateway
    asks the backend for notifications every second: its lines only from WARNING up."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


def __getattr__(name: str) -> BodyLimit:
    # `bot.app:app` for uvicorn, built on first access so importing the module does no work.
    if name == "app":
        configure_logging()
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
