"""The wire format of handoff tickets, agents and the queue."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator

from backend.bounds import RowId
from backend.notifications.schemas import CONVERSATION_ID

Status = Literal["waiting", "assigned", "resolved", "cancelled"]


# What a ticket keeps of the transcript it is opened with: its latest entries, within these
# bounds; the entries left out are named in a note at the start. A long conversation still
# reaches an agent (a refusal would leave the customer with no one), and a ticket stays small.
TRANSCRIPT_ENTRIES = 200
TRANSCRIPT_CHARS = 40_000
ENTRY_CHARS = 4000
SUMMARY_BYTES = 16 * 1024


class TranscriptEntry(BaseModel):
    author: Literal["customer", "bot", "agent", "system"]
    text: str = Field(description=f"kept to its first {ENTRY_CHARS} characters")
    at: dt.datetime | None = None
    intent: str | None = Field(default=None, max_length=100)

    @field_validator("text")
    @classmethod
    def _cut(cls, value: str) -> str:
        return value if len(value) <= ENTRY_CHARS else value[: ENTRY_CHARS - 1] + "…"


def latest_part(entries: list[TranscriptEntry]) -> list[TranscriptEntry]:
    """The latest entries within TRANSCRIPT_ENTRIES and TRANSCRIPT_CHARS, after a note naming
    how many earlier ones were left out (none when all fit)."""
    kept: list[TranscriptEntry] = []
    chars = 0
    for entry in reversed(entries):
        if len(kept) == TRANSCRIPT_ENTRIES - 1 or chars + len(entry.text) > TRANSCRIPT_CHARS:
            break
        kept.append(entry)
        chars += len(entry.text)
    if len(kept) == len(entries):
        return entries
    left_out = len(entries) - len(kept)
    note = TranscriptEntry(
        author="system",
        text=f"({left_out} earlier message{'s' if left_out > 1 else ''} left out: a ticket keeps"
        " the latest part of a long conversation)",
    )
    return [note, *reversed(kept)]


Language = Literal["en", "tr"]


class HandoffIn(BaseModel):
    conversation_id: str = Field(pattern=CONVERSATION_ID)
    channel: Literal["web", "telegram"]
    language: Language | None = Field(
        default=None,
        description="the customer's language; when left out, the summary's `language` slot,"
        " else en. What the customer is told about the wait is in it.",
    )
    # asked, misunderstood, verification_failed, not_allowed, complaint, low_rating, backend_down
    reason: str = Field(min_length=1, max_length=40)
    # What the bot learned: verified order number, intents, slots.
    summary: dict[str, Any] = Field(
        default_factory=dict, description=f"at most {SUMMARY_BYTES // 1024} KB as JSON"
    )
    transcript: list[TranscriptEntry] = Field(
        default_factory=list,
        description=f"the ticket keeps the latest {TRANSCRIPT_ENTRIES} entries or"
        f" {TRANSCRIPT_CHARS} characters, after a note saying how many were left out",
    )

    @field_validator("summary")
    @classmethod
    def _small_summary(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value)) > SUMMARY_BYTES:
            raise ValueError(f"the summary is over {SUMMARY_BYTES // 1024} KB as JSON")
        return value

    @model_validator(mode="after")
    def _latest_transcript(self) -> Self:
        self.transcript = latest_part(self.transcript)
        return self


class Availability(BaseModel):
    """What to tell the customer about the queue: a wait in hours, else when agents are back."""

    in_hours: bool = Field(
        description="agents on duty now: within support hours and at least one available"
    )
    agents_available: int = Field(description="agents whose console says they are available")
    queue_position: int | None
    expected_wait_seconds: int | None
    expected_wait: str | None  # "about 4 minutes"
    # These three are in the ticket's language:
    support_hours: str  # "Mon–Fri 10:00–18:00 Istanbul time"
    # "tomorrow at 10:00 Istanbul time" out of hours; "as soon as an agent is available" in
    # support hours with every agent away.
    back_at: str | None


class TicketOut(BaseModel):
    id: int
    conversation_id: str
    channel: str
    reason: str
    status: Status
    language: Language = Field(description="the customer's language")
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
    agent_id: RowId | None = None


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
    agent_id: RowId


class AgentSwap(AgentAction):
    sku: str = Field(min_length=1, max_length=64)


class QueueStats(BaseModel):
    waiting: int
    assigned: int
    agents_available: int
    oldest_wait_seconds: int | None
    median_first_response_seconds: int | None


class QueueTicket(TicketOut):
    """A queue card: who is waiting, for what, what they said last, and for how long."""

    waited_seconds: int = Field(description="since the ticket was opened, by the backend's clock")
    order_number: str | None = Field(description="the order the bot verified, if any")
    email: str | None = Field(description="the email the customer verified with, if any")
    last_message: str | None = Field(description="the customer's latest words")
    last_message_at: dt.datetime | None


class PastTicket(TicketOut):
    """An earlier or a found ticket, in a line: when, why, what about, how it ended."""

    order_number: str | None
    email: str | None
    last_message: str | None


class Queue(BaseModel):
    tickets: list[QueueTicket]
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
