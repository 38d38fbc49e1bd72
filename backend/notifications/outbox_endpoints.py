"""HTTP routes of the outbox: delivery workers claim and report; operators inspect and replay."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from backend.bounds import IdInPath
from backend.db import ReadSessionDep, SessionDep
from backend.notifications import outbox
from backend.openapi import errors

router = APIRouter(prefix="/outbox", tags=["notifications"])
operations_router = APIRouter(prefix="/outbox", tags=["operations"])


class ClaimIn(BaseModel):
    worker: str = Field(min_length=1, max_length=80, examples=["gateway-1"])
    limit: int = Field(default=50, ge=1, le=500)
    lease_seconds: int = Field(default=60, ge=5, le=3600)


class ClaimedOut(BaseModel):
    id: int
    channel: str
    address: str
    conversation_id: str
    text: str
    attempts: int
    subject: str = Field(description="an email's subject line, in the subscriber's language")
    language: str = Field(description="the subscriber's language (en, tr)")


class WorkerReport(BaseModel):
    worker: str = Field(min_length=1, max_length=80)
    error: str = Field(default="", max_length=2000)


class RetryIn(WorkerReport):
    after_seconds: float | None = Field(default=None, ge=0, le=86400)


class FailIn(WorkerReport):
    blocked: bool = Field(default=False, description="the customer blocked the bot")


class DeadOut(BaseModel):
    id: int
    channel: str
    conversation_id: str
    kind: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime


@router.post("/claim", response_model=list[ClaimedOut])
def claim(body: ClaimIn, session: SessionDep) -> list[ClaimedOut]:
    """Lease the oldest due messages to a worker; unreported leases come back when they expire."""
    return [
        ClaimedOut(**vars(c))
        for c in outbox.claim(
            session, body.worker, body.limit, dt.timedelta(seconds=body.lease_seconds)
        )
    ]


@router.post("/{notification_id}/sent", status_code=204, responses=errors(404, 409))
def sent(notification_id: IdInPath, body: WorkerReport, session: SessionDep) -> Response:
    outbox.mark_sent(session, notification_id, body.worker)
    return Response(status_code=204)


@router.post("/{notification_id}/retry", responses=errors(404, 409))
def retry(notification_id: IdInPath, body: RetryIn, session: SessionDep) -> dict[str, str]:
    """A passing failure (rate limit, network): try again later, or dead-letter after 8 tries."""
    return {
        "status": outbox.retry_later(
            session, notification_id, body.worker, body.error, body.after_seconds
        )
    }


@router.post("/{notification_id}/failed", responses=errors(404, 409))
def failed(notification_id: IdInPath, body: FailIn, session: SessionDep) -> dict[str, int]:
    """A failure for good: dead-lettered; when blocked, the customer's subscriptions end."""
    return {
        "subscriptions_ended": outbox.fail(
            session, notification_id, body.worker, body.error, body.blocked
        )
    }


@operations_router.get("/dead", response_model=list[DeadOut])
def dead(
    session: ReadSessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[DeadOut]:
    """Messages that failed for good, for operators to inspect and replay."""
    return [
        DeadOut(
            id=n.id,
            channel=n.channel,
            conversation_id=n.conversation_id,
            kind=n.kind,
            attempts=n.attempts,
            last_error=n.last_error,
            created_at=n.created_at,
        )
        for n in outbox.dead_letters(session, limit)
    ]


@operations_router.post("/{notification_id}/replay", status_code=204, responses=errors(404, 409))
def replay(notification_id: IdInPath, session: SessionDep) -> Response:
    outbox.replay(session, notification_id)
    return Response(status_code=204)


@operations_router.get("/stats")
def stats(session: ReadSessionDep) -> dict[str, int]:
    return outbox.counts(session)
