"""HTTP routes for operations: purchase orders and their receipts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from backend.db import SessionDep
from backend.openapi import errors
from backend.supply import service
from backend.supply.schemas import PurchaseOrderChange, PurchaseOrderIn, PurchaseOrderOut, Receipt

router = APIRouter(prefix="/purchase-orders", tags=["operations"])
PoNumber = Annotated[str, Path(min_length=1, max_length=40)]
Sku = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", response_model=PurchaseOrderOut, status_code=201, responses=errors(404, 409))
def create(body: PurchaseOrderIn, session: SessionDep, request: Request) -> PurchaseOrderOut:
    """A new purchase order line for one SKU; its units serve the waiting queue at once.

    `expected_date` lies within 5 years of today (422 `date_out_of_range`)."""
    return service.create(session, body, request.app.state.settings.today())


@router.patch("/{po_number}/{sku}", response_model=PurchaseOrderOut, responses=errors(404, 409))
def change(
    po_number: PoNumber, sku: Sku, body: PurchaseOrderChange, session: SessionDep, request: Request
) -> PurchaseOrderOut:
    """Re-date, resize or cancel an open purchase order; restock dates move with it."""
    return service.change(session, po_number, sku, body, request.app.state.settings.today())


@router.post(
    "/{po_number}/{sku}/receive", response_model=PurchaseOrderOut, responses=errors(404, 409)
)
def receive(
    po_number: PoNumber, sku: Sku, body: Receipt, session: SessionDep, request: Request
) -> PurchaseOrderOut:
    """Record a delivery: stock in, the order becomes history, allocation re-runs."""
    return service.receive(session, po_number, sku, body, request.app.state.settings.today())
