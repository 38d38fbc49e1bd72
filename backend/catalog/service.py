"""Availability of a product and its in-stock alternatives."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from backend.alternatives.ranking import Candidate, rank_alternatives
from backend.catalog import repository
from backend.catalog.schemas import (
    AlternativeOut,
    AvailabilityOut,
    NextRestock,
    ProductMatch,
    StockedProduct,
)
from backend.catalog.search import Searchable, browse
from backend.catalog.search import search as search_products
from backend.errors import Invalid, NotFound
from backend.models import Product
from backorder_common.settings import Settings


def _product(session: Session, sku: str) -> Product:
    product = repository.get_product(session, sku.strip().upper())
    if product is None:
        raise NotFound(f"No product with SKU {sku!r}.")
    return product


def availability(session: Session, sku: str, settings: Settings) -> AvailabilityOut:
    product = _product(session, sku)
    po = repository.next_open_purchase_order(session, product.id)
    return AvailabilityOut(
        sku=product.sku,
        name=product.name,
        price=product.price,
        currency=product.currency,
        available=max(0, product.on_hand - product.allocated_units),
        backordered_quantity=product.backordered_units,
        next_restock=NextRestock(
            date=po.expected_date,
            quantity=po.quantity,
            overdue=po.expected_date < settings.today(),
        )
        if po
        else None,
    )


def alternatives(session: Session, sku: str, limit: int = 5) -> list[AlternativeOut]:
    product = _product(session, sku)
    others = repository.products_in_category(session, product.category, product.id)
    candidates = [
        Candidate(p.sku, p.name, p.price, p.on_hand - p.allocated_units, p.attributes)
        for p in others
    ]
    ranked = rank_alternatives(
        product.category, product.attributes, product.price, candidates, limit
    )
    return [
        AlternativeOut(
            sku=alt.sku,
            name=alt.name,
            price=alt.price,
            currency=product.currency,
            available=alt.available,
            reasons=alt.reasons,
        )
        for alt in ranked
    ]


def search(session: Session, query: str, limit: int) -> list[ProductMatch]:
    products = {p.sku: p for p in repository.all_products(session)}
    matches = search_products(
        query, (Searchable(p.sku, p.name, p.category) for p in products.values()), limit
    )
    return [
        ProductMatch(
            sku=m.sku,
            name=products[m.sku].name,
            category=products[m.sku].category,
            price=products[m.sku].price,
            currency=products[m.sku].currency,
            score=m.score,
        )
        for m in matches
    ]


def in_stock(
    session: Session, query: str, max_price: Decimal | None, limit: int
) -> list[StockedProduct]:
    """Products of the kind `query` names that can ship now, within `max_price`, cheapest first."""
    products = {p.sku: p for p in repository.all_products(session)}
    skus = browse(
        query,
        (Searchable(p.sku, p.name, p.category, _details(p)) for p in products.values()),
    )
    if skus is None:
        raise Invalid(
            f"{query!r} names no kind of product: say which, like 'ssd', 'laptop' or 'gpu'."
        )
    found = [
        StockedProduct(
            sku=p.sku,
            name=p.name,
            category=p.category,
            price=p.price,
            currency=p.currency,
            available=p.on_hand - p.allocated_units,
        )
        for p in (products[sku] for sku in skus)
        if p.on_hand - p.allocated_units > 0 and (max_price is None or p.price <= max_price)
    ]
    found.sort(key=lambda p: (p.price, p.sku))
    return found[:limit]


def _details(product: Product) -> str:
    """The catalogue's words for a product beside its name: its text attributes."""
    return " ".join(str(v) for v in (product.attributes or {}).values() if isinstance(v, str))
