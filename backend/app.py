"""The backend's ASGI application: `backend.app:app`, settings from the environment."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from backend.auth import require_api_key
from backend.catalog.endpoints import router as catalog_router
from backend.db import make_engine, session_factory
from backend.errors import DomainError
from backend.feedback.endpoints import router as feedback_router
from backend.handoffs.endpoints import agents_router
from backend.handoffs.endpoints import router as handoffs_router
from backend.notifications.endpoints import router as subscriptions_router
from backend.notifications.outbox_endpoints import router as outbox_router
from backend.orders.endpoints import router as orders_router
from backend.reports.endpoints import router as reports_router
from backend.settings import Settings, get_settings
from backend.supply.endpoints import router as supply_router

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
    app.state.api_key = app.state.settings.api_key()

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key)])
    v1.include_router(orders_router)
    v1.include_router(catalog_router)
    v1.include_router(subscriptions_router)
    v1.include_router(outbox_router)
    v1.include_router(feedback_router)
    v1.include_router(supply_router)
    v1.include_router(reports_router)
    v1.include_router(handoffs_router)
    v1.include_router(agents_router)
    app.include_router(v1)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        headers = {}
        if "retry_after_seconds" in exc.extra:
            headers["Retry-After"] = str(exc.extra["retry_after_seconds"])
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=headers)

    return app


def __getattr__(name: str) -> FastAPI:
    # `backend.app:app` for uvicorn, built on first access so importing the module does no work.
    if name == "app":
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
