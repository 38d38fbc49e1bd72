"""The console's JSON API at /agent/api: the queue, a ticket, and what an agent does with it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, field_validator

from bot.console.customers import Customers
from bot.console.desk import HandoffDesk
from bot.console.guards import Agent
from bot.console.order_actions import OrderActions
from bot.console.presence import Presence
from bot.console.saved_replies import PLACEHOLDERS, facts, fill, unknown_placeholders
from bot.text import clean_text

# Ticket ids are PostgreSQL integers: a larger one is refused here, not by the database.
TicketId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
LineNo = Annotated[int, PathParam(ge=1, le=10_000)]


class SwapIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)

    @field_validator("text", mode="before")
    @classmethod
    def _storable(cls, value: object) -> object:
        # Before pydantic's own check, which refuses a lone surrogate; a stray NUL would make
        # the database refuse the reply.
        if not isinstance(value, str):
            return value
        value = clean_text(value)
        if not value.strip():
            raise ValueError("a reply needs some text")
        return value


class PresenceIn(BaseModel):
    available: bool


class SavedReplyIn(BaseModel):
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("title", "text", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value).strip() if isinstance(value, str) else value

    @field_validator("text")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        unknown = unknown_placeholders(value)
        if unknown:
            known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
            raise ValueError(f"unknown placeholder {{{unknown[0]}}}; known: {known}")
        return value


ReplyId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]


def api_router(desk: HandoffDesk, customers: Customers, presence: Presence) -> APIRouter:
    """The JSON API; a refusal (TicketConflict) is a 409 with the backend's words (errors.py)."""
    router = APIRouter(prefix="/agent/api", include_in_schema=False)
    router.include_router(_tickets(desk, customers))
    router.include_router(_orders(OrderActions(desk)))
    router.include_router(_desk(desk, customers, presence))
    return router


def _tickets(desk: HandoffDesk, customers: Customers) -> APIRouter:
    """The queue, a ticket, what an agent does with it, and earlier and past tickets."""
    router = APIRouter()

    @router.get("/queue")
    async def queue(agent: Agent) -> Any:
        return await customers.queue(await desk.backend.queue())

    @router.get("/tickets/{ticket_id}")
    async def ticket(ticket_id: TicketId, agent: Agent) -> Any:
        found = await desk.backend.ticket(ticket_id)
        if found is None:
            raise HTTPException(404, "No such ticket.")
        return await customers.ticket(found)

    @router.post("/tickets/{ticket_id}/claim")
    async def claim(ticket_id: TicketId, agent: Agent) -> Any:
        return await desk.claim(ticket_id, agent.agent())

    @router.post("/tickets/{ticket_id}/reply")
    async def reply(ticket_id: TicketId, body: ReplyIn, agent: Agent) -> Any:
        return await desk.reply(ticket_id, agent.agent(), body.text)

    @router.post("/tickets/{ticket_id}/release")
    async def release(ticket_id: TicketId, agent: Agent) -> Any:
        return await desk.release(ticket_id, agent.agent())

    @router.post("/tickets/{ticket_id}/resolve")
    async def resolve(ticket_id: TicketId, agent: Agent) -> Any:
        return await desk.resolve(ticket_id, agent.agent())

    @router.get("/tickets/{ticket_id}/history")
    async def history(ticket_id: TicketId, agent: Agent) -> Any:
        """The customer's earlier tickets (same chat or verified email), newest first."""
        return [await customers.card(t) for t in await desk.backend.history(ticket_id)]

    @router.get("/search")
    async def search(agent: Agent, q: Annotated[str, Query(min_length=2, max_length=100)]) -> Any:
        """Resolved tickets by order number or words said in them."""
        return [await customers.card(t) for t in await desk.backend.search_tickets(clean_text(q))]

    return router


def _orders(orders: OrderActions) -> APIRouter:
    """The agent acts on the ticket's verified order (bot/console/order_actions.py)."""
    router = APIRouter(prefix="/tickets/{ticket_id}")

    @router.get("/lines/{line_no}/alternatives")
    async def alternatives(ticket_id: TicketId, line_no: LineNo, agent: Agent) -> Any:
        """In-stock alternatives to a line, with the price difference for the whole line."""
        return await orders.alternatives(ticket_id, line_no)

    @router.post("/lines/{line_no}/cancel")
    async def cancel_line(ticket_id: TicketId, line_no: LineNo, agent: Agent) -> Any:
        return await orders.cancel_line(ticket_id, agent.agent(), line_no)

    @router.post("/lines/{line_no}/swap")
    async def swap_line(ticket_id: TicketId, line_no: LineNo, body: SwapIn, agent: Agent) -> Any:
        return await orders.swap_line(ticket_id, agent.agent(), line_no, body.sku)

    @router.post("/subscribe")
    async def subscribe(ticket_id: TicketId, agent: Agent) -> Any:
        return await orders.subscribe(ticket_id, agent.agent())

    @router.post("/send-status")
    async def send_status(ticket_id: TicketId, agent: Agent) -> Any:
        return await orders.send_status(ticket_id, agent.agent())

    return router


def _desk(desk: HandoffDesk, customers: Customers, presence: Presence) -> APIRouter:
    """The agent's own settings: presence, and the saved replies all agents share."""
    router = APIRouter()

    @router.put("/presence")
    async def choose_presence(body: PresenceIn, agent: Agent) -> Any:
        """Available (while the console is open) or away."""
        return {"available": await presence.choose(agent.agent_id, body.available)}

    @router.get("/replies")
    async def saved_replies(agent: Agent) -> Any:
        return {"replies": await desk.backend.saved_replies(), "placeholders": PLACEHOLDERS}

    @router.post("/replies")
    async def add_reply(body: SavedReplyIn, agent: Agent) -> Any:
        return await desk.backend.save_reply(None, body.title, body.text, agent.agent_id)

    @router.put("/replies/{reply_id}")
    async def change_reply(reply_id: ReplyId, body: SavedReplyIn, agent: Agent) -> Any:
        return await desk.backend.save_reply(reply_id, body.title, body.text, agent.agent_id)

    @router.delete("/replies/{reply_id}", status_code=204)
    async def remove_reply(reply_id: ReplyId, agent: Agent) -> None:
        await desk.backend.remove_reply(reply_id)

    @router.get("/tickets/{ticket_id}/replies")
    async def replies_for(ticket_id: TicketId, agent: Agent) -> Any:
        """The saved replies with this ticket's facts filled in."""
        found = await desk.backend.ticket(ticket_id)
        if found is None:
            raise HTTPException(404, "No such ticket.")
        known = facts(await customers.ticket(found), agent.name)
        return [
            {**reply, "filled": fill(reply["text"], known)}
            for reply in await desk.backend.saved_replies()
        ]

    return router
