"""HTTP routes of the catalogue API."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from backend.catalog import service
from backend.catalog.schemas import AlternativeOut, AvailabilityOut, ProductMatch, StockedProduct
from backend.db import ReadSessionDep
from backend.openapi import errors

router = APIRouter(prefix="/products", tags=["catalogue"])
Sku = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/search", response_model=list[ProductMatch])
def search(
    session: ReadSessionDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="what the customer typed")],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[ProductMatch]:
    """Products matching a customer's words (SKU, name, category words; typos tolerated)."""
    return service.search(session, q, limit)


@router.get("/in-stock", response_model=list[StockedProduct], responses=errors(422))
def in_stock(
    session: ReadSessionDep,
    q: Annotated[
        str,
        Query(
            min_length=1, max_length=200, description="a kind of product and its details: '1tb ssd'"
        ),
    ],
    max_price: Annotated[Decimal | None, Query(gt=0, description="in the shop's currency")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[StockedProduct]:
    """What the shop has in stock of a kind of product ("ssd", "amd cpu"), cheapest first."""
    return service.in_stock(session, q, max_price, limit)


@router.get("/{sku}/availability", response_model=AvailabilityOut, responses=errors(404))
def availability(sku: Sku, session: ReadSessionDep, request: Request) -> AvailabilityOut:
    """Stock free to sell now, units owed to back-orders, and the next purchase order due."""
    return service.availability(session, sku, request.app.state.settings)


@router.get("/{sku}/alternatives", response_model=list[AlternativeOut], responses=errors(404))
def alternatives(
    sku: Sku, session: ReadSessionDep, limit: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[AlternativeOut]:
    """In-stock products of the same category, closest specs and price first."""
    return service.alternatives(session, sku, limit)
