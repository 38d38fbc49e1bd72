"""HTTP routes of handoff tickets (/v1/handoffs) and agent accounts (/v1/agents)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, field_validator

from backend.bounds import IdInPath, LineNoInPath
from backend.db import SessionDep
from backend.errors import Invalid, NotFound
from backend.handoffs import order_changes, service
from backend.handoffs.clock import HandoffClock
from backend.handoffs.schemas import (
    AgentAction,
    AgentOut,
    AgentSwap,
    Credentials,
    HandoffIn,
    MessageIn,
    MessageOut,
    OpenedTicket,
    PasswordChange,
    PastTicket,
    Queue,
    TicketDetail,
    TicketOut,
)
from backend.notifications.schemas import CONVERSATION_ID, SubscriptionOut
from backend.openapi import errors
from backend.orders.schemas import OrderOut, SwapOut
from backorder_common.settings import Settings

router = APIRouter(prefix="/handoffs", tags=["handoffs"])
operations_router = APIRouter(prefix="/handoffs", tags=["operations"])
agents_router = APIRouter(prefix="/agents", tags=["agents"])


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _clock(request: Request) -> HandoffClock:
    """The app's test clock, shared by every backend process (backend/handoffs/clock.py)."""
    clock: HandoffClock | None = getattr(request.app.state, "handoff_clock", None)
    if clock is None:
        clock = request.app.state.handoff_clock = HandoffClock.from_settings(_settings(request))
    return clock


def _now(request: Request) -> dt.datetime:
    return _clock(request).now()


SettingsDep = Annotated[Settings, Depends(_settings)]
NowDep = Annotated[dt.datetime, Depends(_now)]


@router.post(
    "",
    response_model=OpenedTicket,
    status_code=201,
    responses={200: {"model": OpenedTicket, "description": "The conversation's open ticket"}},
)
def open_handoff(
    body: HandoffIn, session: SessionDep, settings: SettingsDep, now: NowDep, response: Response
) -> OpenedTicket:
    """Opens a ticket (201), or answers the conversation's open one (200)."""
    ticket, created = service.open_handoff(session, body, settings, now)
    if not created:
        response.status_code = 200
    return ticket


class ClockIn(BaseModel):
    now: dt.datetime

    @field_validator("now")
    @classmethod
    def _sane_year(cls, value: dt.datetime) -> dt.datetime:
        # support-hours arithmetic shifts time zones: year 1 or 9999 would overflow there
        if not 2000 <= value.year <= 2100:
            raise ValueError("must lie between the years 2000 and 2100")
        return value


@operations_router.put("/clock", response_model=ClockIn, responses=errors(404))
def move_the_frozen_clock(body: ClockIn, request: Request) -> ClockIn:
    """Tests and demos only: with BACKORDER_NOW set, moves the frozen "now" of support hours
    and waits (e.g. to a Saturday). Without BACKORDER_NOW there is no such clock: 404."""
    clock = _clock(request)
    if not clock.frozen:
        raise NotFound("The clock is not frozen (BACKORDER_NOW is unset).")
    if body.now.tzinfo is None:
        raise Invalid("Give the moment with its UTC offset.")
    clock.move(body.now)
    return body


@router.get("/queue", response_model=Queue)
def queue(session: SessionDep, now: NowDep) -> Queue:
    """Open tickets, oldest first, and the panel's numbers."""
    return service.queue(session, now)


@router.get("/open", response_model=TicketOut, responses=errors(404))
def open_ticket(
    session: SessionDep, conversation_id: Annotated[str, Query(pattern=CONVERSATION_ID)]
) -> TicketOut:
    """The conversation's waiting or assigned ticket; 404 when the bot owns it."""
    return service.open_ticket_of(session, conversation_id)


@router.get("/search", response_model=list[PastTicket])
def search(
    session: SessionDep, q: Annotated[str, Query(min_length=2, max_length=100)]
) -> list[PastTicket]:
    """Resolved and cancelled tickets whose order number is `q` or that mention it."""
    return service.search(session, q)


@router.get("/{ticket_id}/history", response_model=list[PastTicket], responses=errors(404))
def history(ticket_id: IdInPath, session: SessionDep) -> list[PastTicket]:
    """The same customer's other tickets (same chat or verified email), newest first."""
    return service.history(session, ticket_id)


@router.get("/{ticket_id}", response_model=TicketDetail, responses=errors(404))
def ticket(ticket_id: IdInPath, session: SessionDep, settings: SettingsDep) -> TicketDetail:
    return service.ticket_detail(session, ticket_id, settings)


@router.post(
    "/{ticket_id}/messages", response_model=MessageOut, status_code=201, responses=errors(404, 409)
)
def add_message(
    ticket_id: IdInPath, body: MessageIn, session: SessionDep, now: NowDep
) -> MessageOut:
    return service.add_message(session, ticket_id, body, now)


@router.post("/{ticket_id}/claim", response_model=TicketOut, responses=errors(404, 409))
def claim(ticket_id: IdInPath, body: AgentAction, session: SessionDep, now: NowDep) -> TicketOut:
    """409 `already_claimed` unless the ticket was waiting: one agent wins a race."""
    return service.claim(session, ticket_id, body.agent_id, now)


@router.post("/{ticket_id}/release", response_model=TicketOut, responses=errors(404, 409))
def release(ticket_id: IdInPath, body: AgentAction, session: SessionDep) -> TicketOut:
    return service.release(session, ticket_id, body.agent_id)


@router.post("/{ticket_id}/resolve", response_model=TicketOut, responses=errors(404, 409))
def resolve(ticket_id: IdInPath, body: AgentAction, session: SessionDep, now: NowDep) -> TicketOut:
    return service.resolve(session, ticket_id, body.agent_id, now)


@router.post("/{ticket_id}/cancel", response_model=TicketOut, responses=errors(404, 409))
def cancel(ticket_id: IdInPath, session: SessionDep, now: NowDep) -> TicketOut:
    return service.cancel(session, ticket_id, now)


# --- the agent acts on the ticket's verified order (operations: the operator key) -----------

AGENT_CHANGE = errors(404, 409, 422, _409="Not your ticket, no verified order, or not possible")


@operations_router.post(
    "/{ticket_id}/order/lines/{line_no}/cancel", response_model=OrderOut, responses=AGENT_CHANGE
)
def agent_cancels_a_line(
    ticket_id: IdInPath,
    line_no: LineNoInPath,
    body: AgentAction,
    session: SessionDep,
    settings: SettingsDep,
) -> OrderOut:
    """The ticket's agent cancels a line of the verified order for the customer."""
    return order_changes.cancel_line(session, ticket_id, body.agent_id, line_no, settings)


@operations_router.post(
    "/{ticket_id}/order/lines/{line_no}/swap", response_model=SwapOut, responses=AGENT_CHANGE
)
def agent_swaps_a_line(
    ticket_id: IdInPath,
    line_no: LineNoInPath,
    body: AgentSwap,
    session: SessionDep,
    settings: SettingsDep,
) -> SwapOut:
    """The ticket's agent moves a back-ordered line to a product in stock."""
    return order_changes.swap_line(session, ticket_id, body, line_no, settings)


@operations_router.post(
    "/{ticket_id}/order/subscribe", response_model=SubscriptionOut, responses=AGENT_CHANGE
)
def agent_subscribes_the_customer(
    ticket_id: IdInPath, body: AgentAction, session: SessionDep
) -> SubscriptionOut:
    """Updates on the verified order, on the conversation's channel."""
    return order_changes.subscribe(session, ticket_id, body.agent_id)


class PresenceIn(BaseModel):
    available: bool


@agents_router.put("/{agent_id}/presence", response_model=PresenceIn, responses=errors(404))
def presence(agent_id: IdInPath, body: PresenceIn, session: SessionDep, now: NowDep) -> PresenceIn:
    """The console says the agent is available (for the next two minutes: it repeats this
    while open) or away. The wait estimate shares the queue among the available agents."""
    return PresenceIn(available=service.set_presence(session, agent_id, body.available, now))


@agents_router.post("/authenticate", response_model=AgentOut, responses=errors(401))
def authenticate(body: Credentials, session: SessionDep) -> AgentOut:
    """The console's login check; 401 `bad_credentials` for any wrong name or password."""
    return service.authenticate(session, body.name, body.password)


@agents_router.post("/password", response_model=AgentOut, responses=errors(400, 401))
def change_password(body: PasswordChange, session: SessionDep) -> AgentOut:
    """Replaces the agent's password (the one-time one after `agent add`); 401 if wrong."""
    return service.change_password(session, body.name, body.password, body.new_password)
