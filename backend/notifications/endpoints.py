"""HTTP routes of subscriptions: sign up for updates, list them, stop them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from backend.bounds import IdInPath
from backend.db import ReadSessionDep, SessionDep
from backend.notifications import service
from backend.notifications.schemas import (
    CONVERSATION_ID,
    EndedOut,
    SubscribeRequest,
    SubscriptionOut,
)
from backend.openapi import errors
from backend.orders.endpoints import NOT_FOUND, refused
from backend.orders.service import verified_order

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])
ConversationId = Annotated[str, Query(pattern=CONVERSATION_ID)]


@router.post(
    "",
    response_model=SubscriptionOut,
    status_code=201,
    responses={**NOT_FOUND, 200: {"model": SubscriptionOut, "description": "Already subscribed"}},
)
def subscribe(body: SubscribeRequest, session: SessionDep):  # noqa: ANN201
    """Updates on an order (verified like a lookup) or on a product; 200 if already subscribed."""
    order = None
    if body.order_number:
        # the conversation is the client the lock-out counts failures against
        verdict = verified_order(session, body.order_number, body.proof(), body.conversation_id)
        order = verdict.order
        if order is None:
            return refused(verdict)
    subscription, created = service.subscribe(session, body, order)
    return JSONResponse(
        jsonable_encoder(subscription),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@router.get("", response_model=list[SubscriptionOut])
def list_active(conversation_id: ConversationId, session: ReadSessionDep) -> list[SubscriptionOut]:
    return service.active(session, conversation_id)


@router.delete("/{subscription_id}", status_code=204, responses=errors(404))
def end_one(
    subscription_id: IdInPath, conversation_id: ConversationId, session: SessionDep
) -> Response:
    service.end(session, conversation_id, subscription_id)
    return Response(status_code=204)


@router.delete("", response_model=EndedOut)
def end_all(conversation_id: ConversationId, session: SessionDep) -> EndedOut:
    """Stop every update this conversation signed up for (/stop, "stop the updates")."""
    return EndedOut(ended=service.end(session, conversation_id))
