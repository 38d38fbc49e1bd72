"""How the console answers when something it depends on fails or the input is bad."""

from __future__ import annotations

import json
import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

logger = logging.getLogger(__name__)


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


async def refused(_request: Request, exc: Exception) -> JSONResponse:
    """What the backend refused (not your ticket, no such line, not possible now): 409 with its
    code and words, for the agent to read."""
    code = getattr(exc, "code", "conflict")
    detail = getattr(exc, "detail", str(exc))
    return JSONResponse({"detail": detail, "code": code}, status_code=409)


async def state_down(_request: Request, exc: Exception) -> JSONResponse:
    logger.error("console call failed, sessions and login counts unavailable (Redis): %r", exc)
    return JSONResponse({"detail": "The console is unavailable; try again."}, status_code=503)
