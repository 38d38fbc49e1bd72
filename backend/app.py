"""The backend's ASGI application: `backend.app:app`, settings from the environment."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from backend.auth import CUSTOMER, OPERATOR, Keys
from backend.catalog.endpoints import router as catalog_router
from backend.db import make_engine, session_factory
from backend.errors import DomainError
from backend.feedback.endpoints import router as feedback_router
from backend.guard import RequestGuard, invalid_body, printable
from backend.handoffs.endpoints import agents_router
from backend.handoffs.endpoints import operations_router as handoff_operations_router
from backend.handoffs.endpoints import router as handoffs_router
from backend.handoffs.saved_replies import router as saved_replies_router
from backend.notifications.endpoints import router as subscriptions_router
from backend.notifications.outbox_endpoints import operations_router as outbox_operations_router
from backend.notifications.outbox_endpoints import router as outbox_router
from backend.openapi import install as install_openapi
from backend.orders.endpoints import operations_router as order_operations_router
from backend.orders.endpoints import router as orders_router
from backend.reports.endpoints import router as reports_router
from backend.supply.endpoints import router as supply_router
from backorder_common.settings import Settings, get_settings

log = logging.getLogger("backend")


def create_app(
    settings: Settings | None = None, sessionmaker: sessionmaker[Session] | None = None
) -> FastAPI:
    """Build the app; the engine is made on start-up, not at import. Tests pass a sessionmaker."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if sessionmaker is not None:
            app.state.sessionmaker = sessionmaker
            yield
            return
        engine = make_engine(app.state.settings.database_url)
        app.state.sessionmaker = session_factory(engine)
        yield
        engine.dispose()

    app = FastAPI(
        title="Back-order backend",
        version="0.1.0",
        description="Catalogue, stock, orders, supply and first-come-first-served allocation.",
        lifespan=lifespan,
    )
    app.state.settings = settings or get_settings()
    app.state.keys = Keys(app.state.settings)

    # Each route takes one key (backend.auth): customer-facing or operator.
    v1 = APIRouter(prefix="/v1")
    for router in (
        orders_router,
        catalog_router,
        subscriptions_router,
        outbox_router,
        feedback_router,
        handoffs_router,
    ):
        v1.include_router(router, dependencies=CUSTOMER)
    for router in (
        order_operations_router,
        outbox_operations_router,
        handoff_operations_router,
        supply_router,
        reports_router,
        agents_router,
        saved_replies_router,
    ):
        v1.include_router(router, dependencies=OPERATOR)
    app.include_router(v1)
    app.add_middleware(RequestGuard)
    install_openapi(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        headers = dict(exc.headers)
        if "retry_after_seconds" in exc.extra:
            headers["Retry-After"] = str(exc.extra["retry_after_seconds"])
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own body echoes the input, which may be huge or not encodable; this one
        # names the place and the problem only.
        problems = [
            (
                [printable(part) if isinstance(part, str) else part for part in error["loc"]],
                printable(str(error.get("msg", "invalid"))),
            )
            for error in exc.errors()
        ]
        body = invalid_body(problems)
        for item, error in zip(body["detail"], exc.errors(), strict=True):
            item["type"] = printable(str(error.get("type", "value_error")))
        return JSONResponse(body, status_code=422)

    return app


def __getattr__(name: str) -> FastAPI:
    # `backend.app:app` for uvicorn, built on first access so importing the module does no work.
    if name == "app":
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
