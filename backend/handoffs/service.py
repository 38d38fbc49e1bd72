"""Handoff rules: opening a ticket, the queue and its waits, claiming, replying, closing; agents.

Status changes are guarded UPDATEs (see repository), so concurrent agents never both win.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.errors import Conflict, DomainError, NotFound
from backend.handoffs import hours, repository, waits
from backend.handoffs.schemas import (
    AgentOut,
    Availability,
    HandoffIn,
    MessageIn,
    MessageOut,
    OpenedTicket,
    PastTicket,
    Queue,
    QueueStats,
    QueueTicket,
    TicketDetail,
    TicketOut,
)
from backend.models import Agent, HandoffMessage, HandoffTicket
from backorder_common.settings import Settings
from backorder_common.wording import language_of

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password")


# Presence: how long one heartbeat of an open console keeps its agent available.
PRESENCE_SECONDS = 120
NOBODY_AVAILABLE = {
    "en": "as soon as an agent is available",
    "tr": "bir temsilcimiz müsait olur olmaz",
}


class BadCredentials(DomainError):
    status_code = 401
    code = "bad_credentials"


# --- opening a ticket and what the customer is told ---------------------------------------


def availability(
    session: Session, ticket: HandoffTicket, settings: Settings, now: dt.datetime
) -> Availability:
    support = hours.parse_hours(settings.support_hours)
    holidays = hours.parse_holidays(settings.support_holidays)
    in_hours = hours.is_open(support, holidays, now)
    available = repository.agents_available(session, now) if in_hours else 0
    position = repository.queue_position(session, ticket) if ticket.status == "waiting" else None
    language = ticket.language
    wait = None
    if available and position:
        wait = waits.expected_wait_seconds(
            position, repository.recent_handling_seconds(session), available
        )
    back_at = None
    if not in_hours:
        back_at = hours.describe_moment(
            hours.next_open(support, holidays, now), now, support.tz, language
        )
    elif not available:
        # Support hours, but every agent is away or has the console closed: the customer hears
        # the team is away rather than a wait nobody is there to keep.
        back_at = NOBODY_AVAILABLE[language_of(language)]
    return Availability(
        in_hours=bool(available),
        agents_available=available,
        queue_position=position,
        expected_wait_seconds=wait,
        expected_wait=waits.describe_wait(wait, language) if wait is not None else None,
        support_hours=support.describe(language),
        back_at=back_at,
    )


def open_handoff(
    session: Session, body: HandoffIn, settings: Settings, now: dt.datetime
) -> tuple[OpenedTicket, bool]:
    """Opens a ticket, or returns the conversation's open one; (ticket, created)."""
    existing = repository.open_ticket(session, body.conversation_id)
    created = existing is None
    if existing is None:
        support = hours.parse_hours(settings.support_hours)
        ticket = HandoffTicket(
            conversation_id=body.conversation_id,
            channel=body.channel,
            reason=body.reason,
            language=body.language or ticket_language(body.summary),
            summary=body.summary,
            transcript=[e.model_dump(mode="json") for e in body.transcript],
            in_hours=hours.is_open(support, hours.parse_holidays(settings.support_holidays), now),
            created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(ticket)
                session.flush()
        except IntegrityError:
            # Another request opened one for this conversation at the same moment.
            existing = repository.open_ticket(session, body.conversation_id)
            if existing is None:
                raise
            created = False
        else:
            existing = ticket
    names = repository.agent_names(session, {existing.agent_id} if existing.agent_id else set())
    out = OpenedTicket(
        **_ticket_out(existing, names).model_dump(),
        availability=availability(session, existing, settings, now),
    )
    return out, created


def ticket_language(summary: dict[str, Any]) -> str:
    """The language the bot's `language` slot holds in the summary; en when it has none."""
    slots = summary.get("slots")
    return language_of(slots.get("language") if isinstance(slots, dict) else None)


# --- reading ---------------------------------------------------------------------------------


def _ticket_out(ticket: HandoffTicket, names: dict[int, str]) -> TicketOut:
    return TicketOut(
        id=ticket.id,
        conversation_id=ticket.conversation_id,
        channel=ticket.channel,
        reason=ticket.reason,
        status=ticket.status,  # type: ignore[arg-type]
        language=language_of(ticket.language),  # type: ignore[arg-type]
        agent_id=ticket.agent_id,
        agent_name=names.get(ticket.agent_id) if ticket.agent_id else None,
        created_at=ticket.created_at,
        assigned_at=ticket.assigned_at,
        first_response_at=ticket.first_response_at,
        closed_at=ticket.closed_at,
    )


def _get(session: Session, ticket_id: int) -> HandoffTicket:
    ticket = repository.get_ticket(session, ticket_id)
    if ticket is None:
        raise NotFound(f"No handoff ticket {ticket_id}.")
    return ticket


def ticket_out(session: Session, ticket_id: int) -> TicketOut:
    ticket = _get(session, ticket_id)
    session.refresh(ticket)
    return _ticket_out(ticket, repository.agent_names(session, _agent_ids([ticket])))


def open_ticket_of(session: Session, conversation_id: str) -> TicketOut:
    ticket = repository.open_ticket(session, conversation_id)
    if ticket is None:
        raise NotFound(f"No open handoff for {conversation_id}.")
    return _ticket_out(ticket, repository.agent_names(session, _agent_ids([ticket])))


def _agent_ids(tickets: list[HandoffTicket]) -> set[int]:
    return {t.agent_id for t in tickets if t.agent_id is not None}


def _message_out(message: HandoffMessage, names: dict[int, str]) -> MessageOut:
    return MessageOut(
        id=message.id,
        ticket_id=message.ticket_id,
        author=message.author,
        agent_id=message.agent_id,
        agent_name=names.get(message.agent_id) if message.agent_id else None,
        text=message.text,
        created_at=message.created_at,
    )


def ticket_detail(session: Session, ticket_id: int, settings: Settings) -> TicketDetail:
    ticket = _get(session, ticket_id)
    messages = repository.messages(session, ticket_id)
    names = repository.agent_names(
        session, _agent_ids([ticket]) | {m.agent_id for m in messages if m.agent_id}
    )
    return TicketDetail(
        **_ticket_out(ticket, names).model_dump(),
        summary=ticket.summary,
        transcript=ticket.transcript,
        messages=[_message_out(m, names) for m in messages],
        order=_order_context(session, ticket.summary.get("order_number"), settings),
    )


def _order_context(
    session: Session, order_number: object, settings: Settings
) -> dict[str, Any] | None:
    """The verified order's lines as they stand now; the bot verified the customer already."""
    if not isinstance(order_number, str) or not order_number:
        return None
    from backend.orders.service import view_of

    view = view_of(session, order_number, settings)
    return None if view is None else view.model_dump(mode="json")


def queue(session: Session, now: dt.datetime) -> Queue:
    tickets = list(repository.open_tickets(session))
    names = repository.agent_names(session, _agent_ids(tickets))
    waiting = [t for t in tickets if t.status == "waiting"]
    oldest = min((t.created_at for t in waiting), default=None)
    first = waits.median_or_none(
        repository.recent_first_responses(session, now - dt.timedelta(days=1))
    )
    latest = repository.latest_customer_messages(session, [t.id for t in tickets])
    return Queue(
        tickets=[_queue_ticket(t, names, latest.get(t.id), now) for t in tickets],
        stats=QueueStats(
            waiting=len(waiting),
            assigned=len(tickets) - len(waiting),
            agents_available=repository.agents_available(session, now),
            oldest_wait_seconds=max(0, round((now - oldest).total_seconds())) if oldest else None,
            median_first_response_seconds=round(first) if first is not None else None,
        ),
    )


def _queue_ticket(
    ticket: HandoffTicket,
    names: dict[int, str],
    latest: HandoffMessage | None,
    now: dt.datetime,
) -> QueueTicket:
    summary: dict[str, Any] = ticket.summary if isinstance(ticket.summary, dict) else {}
    slots: dict[str, Any] = summary["slots"] if isinstance(summary.get("slots"), dict) else {}
    text, at = (latest.text, latest.created_at) if latest else _last_said(ticket.transcript)
    order_number = summary.get("order_number")
    return QueueTicket(
        **_ticket_out(ticket, names).model_dump(),
        waited_seconds=max(0, round((now - ticket.created_at).total_seconds())),
        order_number=str(order_number) if order_number else None,
        email=_text_or_none(slots.get("email")),
        last_message=text,
        last_message_at=at,
    )


def _last_said(transcript: list[dict[str, Any]]) -> tuple[str | None, dt.datetime | None]:
    """The customer's last words to the bot, from the transcript the ticket was opened with."""
    for entry in reversed(transcript or []):
        if isinstance(entry, dict) and entry.get("author") == "customer" and entry.get("text"):
            at = entry.get("at")
            try:
                moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
            except ValueError:
                moment = None
            return str(entry["text"]), moment
    return None, None


def _text_or_none(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value).strip() else None


def _past(tickets: Sequence[HandoffTicket], session: Session) -> list[PastTicket]:
    names = repository.agent_names(session, _agent_ids(list(tickets)))
    latest = repository.latest_customer_messages(session, [t.id for t in tickets])
    cards = []
    for ticket in tickets:
        card = _queue_ticket(ticket, names, latest.get(ticket.id), ticket.created_at)
        cards.append(
            PastTicket(
                **_ticket_out(ticket, names).model_dump(),
                order_number=card.order_number,
                email=card.email,
                last_message=card.last_message,
            )
        )
    return cards


def history(session: Session, ticket_id: int, limit: int = 20) -> list[PastTicket]:
    """The same customer's other tickets (same chat or verified email), newest first."""
    return _past(repository.earlier_tickets(session, _get(session, ticket_id), limit), session)


def search(session: Session, text: str, limit: int = 30) -> list[PastTicket]:
    """Resolved and cancelled tickets by order number or by words said in them."""
    return _past(repository.search_closed(session, text, limit), session)


# --- changes ---------------------------------------------------------------------------------


def add_message(session: Session, ticket_id: int, body: MessageIn, now: dt.datetime) -> MessageOut:
    ticket = _get(session, ticket_id)
    if ticket.status not in repository.OPEN:
        raise Conflict(f"Ticket {ticket_id} is {ticket.status}.", code="ticket_closed")
    if body.author == "agent":
        if body.agent_id is None or ticket.status != "assigned" or ticket.agent_id != body.agent_id:
            raise Conflict(f"Ticket {ticket_id} is not assigned to you.", code="not_your_ticket")
        if ticket.first_response_at is None:
            ticket.first_response_at = now
    message = HandoffMessage(
        ticket_id=ticket_id,
        author=body.author,
        agent_id=body.agent_id if body.author == "agent" else None,
        text=body.text,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return _message_out(message, repository.agent_names(session, _agent_ids([ticket])))


# Each change writes first and reads after: on SQLite a read before the write would make two
# concurrent transactions deadlock on the upgrade to a write lock instead of queueing.


def claim(session: Session, ticket_id: int, agent_id: int, now: dt.datetime) -> TicketOut:
    try:
        # a savepoint: on PostgreSQL a failed statement would spoil the whole transaction
        with session.begin_nested():
            claimed = repository.claim(session, ticket_id, agent_id, now)
    except IntegrityError:  # the agent's foreign key: no such agent
        raise NotFound(f"No agent {agent_id}.", code="unknown_agent") from None
    if not claimed:
        _get(session, ticket_id)
        raise Conflict(f"Ticket {ticket_id} is no longer waiting.", code="already_claimed")
    return ticket_out(session, ticket_id)


def release(session: Session, ticket_id: int, agent_id: int) -> TicketOut:
    """Back to the queue (transfer): another agent may claim it."""
    if not repository.transition(
        session, ticket_id, from_status="assigned", owner=agent_id, status="waiting", agent_id=None
    ):
        _get(session, ticket_id)
        raise Conflict(f"Ticket {ticket_id} is not assigned to you.", code="not_your_ticket")
    return ticket_out(session, ticket_id)


def resolve(session: Session, ticket_id: int, agent_id: int, now: dt.datetime) -> TicketOut:
    if not repository.transition(
        session, ticket_id, from_status="assigned", owner=agent_id, status="resolved", closed_at=now
    ):
        _get(session, ticket_id)
        raise Conflict(f"Ticket {ticket_id} is not assigned to you.", code="not_your_ticket")
    return ticket_out(session, ticket_id)


def cancel(session: Session, ticket_id: int, now: dt.datetime) -> TicketOut:
    """The customer goes back to the bot; only before an agent has taken the conversation."""
    if not repository.transition(
        session, ticket_id, from_status="waiting", status="cancelled", closed_at=now
    ):
        _get(session, ticket_id)
        raise Conflict(f"Ticket {ticket_id} is no longer waiting.", code="not_waiting")
    return ticket_out(session, ticket_id)


# --- agents ----------------------------------------------------------------------------------


def create_agent(session: Session, name: str) -> tuple[Agent, str]:
    """A new console account with a generated one-time password (shown once, stored hashed)."""
    name = name.strip()
    if not name:
        raise DomainError("An agent needs a name.")
    if repository.agent_by_name(session, name) is not None:
        raise Conflict(f"There is already an agent called {name!r}.", code="agent_exists")
    password = secrets.token_urlsafe(12)
    agent = Agent(name=name, password_hash=_hasher.hash(password))
    session.add(agent)
    session.flush()
    return agent, password


def authenticate(session: Session, name: str, password: str) -> AgentOut:
    agent = repository.agent_by_name(session, name.strip())
    try:
        _hasher.verify(agent.password_hash if agent else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        agent = None
    if agent is None or not agent.active:
        raise BadCredentials("Wrong name or password.")
    if _hasher.check_needs_rehash(agent.password_hash):
        agent.password_hash = _hasher.hash(password)
    return AgentOut(id=agent.id, name=agent.name, must_change_password=agent.must_change_password)


def set_presence(session: Session, agent_id: int, available: bool, now: dt.datetime) -> bool:
    """Available for the next PRESENCE_SECONDS (the console repeats it while open), or away."""
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"No agent {agent_id}.", code="unknown_agent")
    agent.available_until = now + dt.timedelta(seconds=PRESENCE_SECONDS) if available else None
    session.flush()
    return available


def change_password(session: Session, name: str, password: str, new_password: str) -> AgentOut:
    """The current password proves it is the agent; the one-time password cannot be kept."""
    authenticate(session, name, password)
    if new_password == password:
        raise DomainError("Choose a password different from the old one.", code="same_password")
    agent = repository.agent_by_name(session, name.strip())
    assert agent is not None  # authenticated just now
    agent.password_hash = _hasher.hash(new_password)
    agent.must_change_password = False
    session.flush()
    return AgentOut(id=agent.id, name=agent.name)
