"""HTTP routes of the order API."""

from __future__ import annotations

from fastapi import APIRouter, Request

from backend.db import SessionDep
from backend.orders import service
from backend.orders.schemas import LookupRequest, OrderOut

router = APIRouter(prefix="/orders", tags=["orders"])


@router.post(
    "/lookup",
    response_model=OrderOut,
    responses={404: {"description": "No order matches that number and proof"}},
)
def lookup_order(body: LookupRequest, session: SessionDep, request: Request) -> OrderOut:
    """An order's lines and their back-order state, once the email or postal code matches."""
    return service.lookup_order(session, body, request.app.state.settings)
