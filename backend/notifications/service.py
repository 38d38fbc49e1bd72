"""Subscriptions: who wants to hear about which order or product, and on which channel."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from backend.catalog.repository import get_product
from backend.db import rowcount
from backend.errors import NotFound
from backend.models import Order, Subscription, utcnow
from backend.notifications.schemas import SubscribeRequest, SubscriptionOut


def view(subscription: Subscription) -> SubscriptionOut:
    order, product = subscription.order, subscription.product
    return SubscriptionOut(
        id=subscription.id,
        target="order" if order else "product",
        order_number=order.order_number if order else None,
        sku=product.sku if product else None,
        name=product.name if product else None,
        channel=subscription.channel,
        address=subscription.address,
        language=subscription.language,
        created_at=subscription.created_at,
    )


def _active(conversation_id: str):  # noqa: ANN202
    return (
        select(Subscription)
        .where(Subscription.conversation_id == conversation_id, Subscription.status == "active")
        .options(selectinload(Subscription.order), selectinload(Subscription.product))
        .order_by(Subscription.created_at, Subscription.id)
    )


def subscribe(
    session: Session, request: SubscribeRequest, order: Order | None
) -> tuple[SubscriptionOut, bool]:
    """Subscribe, or return the conversation's existing subscription to the same target.

    `order` is the verified order for order subscriptions. Returns (subscription, created).
    """
    product_id = None
    if request.sku:
        product = get_product(session, request.sku.strip().upper())
        if product is None:
            raise NotFound(f"No product with SKU {request.sku!r}.")
        product_id = product.id
    order_id = order.id if order else None
    existing = session.execute(
        _active(request.conversation_id).where(
            Subscription.order_id == order_id if order_id else Subscription.product_id == product_id
        )
    ).scalar_one_or_none()
    if existing is not None:
        # Signing up again (from the same conversation) updates where and how to write.
        existing.address = request.address
        existing.language = request.language
        return view(existing), False
    subscription = Subscription(
        conversation_id=request.conversation_id,
        channel=request.channel,
        address=request.address,
        language=request.language,
        order_id=order_id,
        product_id=product_id,
    )
    session.add(subscription)
    session.flush()
    fresh = session.execute(
        _active(request.conversation_id).where(Subscription.id == subscription.id)
    ).scalar_one()
    return view(fresh), True


def active(session: Session, conversation_id: str) -> list[SubscriptionOut]:
    return [view(s) for s in session.execute(_active(conversation_id)).scalars()]


def end(session: Session, conversation_id: str, subscription_id: int | None = None) -> int:
    """End one subscription of the conversation, or all of them; returns how many ended."""
    query = update(Subscription).where(
        Subscription.conversation_id == conversation_id, Subscription.status == "active"
    )
    if subscription_id is not None:
        query = query.where(Subscription.id == subscription_id)
    ended = rowcount(session.execute(query.values(status="ended", ended_at=utcnow())))
    if subscription_id is not None and ended == 0:
        raise NotFound("This conversation has no active subscription with that id.")
    return ended
