"""The wire format of handoff tickets, agents and the queue."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from backend.notifications.schemas import CONVERSATION_ID

Status = Literal["waiting", "assigned", "resolved", "cancelled"]


class TranscriptEntry(BaseModel):
    author: Literal["customer", "bot", "agent", "system"]
    text: str = Field(max_length=4000)
    at: dt.datetime | None = None
    intent: str | None = None


class HandoffIn(BaseModel):
    conversation_id: str = Field(pattern=CONVERSATION_ID)
    channel: Literal["web", "telegram"]
    # asked, misunderstood, verification_failed, not_allowed, complaint, low_rating, backend_down
    reason: str = Field(min_length=1, max_length=40)
    # What the bot learned: verified order number, intents, slots.
    summary: dict[str, Any] = Field(default_factory=dict)
    transcript: list[TranscriptEntry] = Field(default_factory=list, max_length=2000)


class Availability(BaseModel):
    """What to tell the customer about the queue: a wait in hours, else when agents are back."""

    in_hours: bool
    queue_position: int | None
    expected_wait_seconds: int | None
    expected_wait: str | None  # "about 4 minutes"
    support_hours: str  # "Mon–Fri 10:00–18:00 Istanbul time"
    back_at: str | None  # "tomorrow at 10:00 Istanbul time", when out of hours


class TicketOut(BaseModel):
    id: int
    conversation_id: str
    channel: str
    reason: str
    status: Status
    agent_id: int | None
    agent_name: str | None
    created_at: dt.datetime
    assigned_at: dt.datetime | None
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None


class OpenedTicket(TicketOut):
    availability: Availability


class MessageIn(BaseModel):
    author: Literal["customer", "agent", "system"]
    text: str = Field(min_length=1, max_length=4000)
    agent_id: int | None = None


class MessageOut(BaseModel):
    id: int
    ticket_id: int
    author: str
    agent_id: int | None
    agent_name: str | None = None
    text: str
    created_at: dt.datetime


class TicketDetail(TicketOut):
    summary: dict[str, Any]
    transcript: list[dict[str, Any]]
    messages: list[MessageOut]
    # The verified order as the backend sees it now (lines with their back-order state).
    order: dict[str, Any] | None


class AgentAction(BaseModel):
    agent_id: int


class QueueStats(BaseModel):
    waiting: int
    assigned: int
    oldest_wait_seconds: int | None
    median_first_response_seconds: int | None


class Queue(BaseModel):
    tickets: list[TicketOut]
    stats: QueueStats


class Credentials(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class AgentOut(BaseModel):
    id: int
    name: str
    must_change_password: bool = False


class PasswordChange(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=10, max_length=200)
