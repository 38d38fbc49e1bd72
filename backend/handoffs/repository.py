"""Every query of the handoff tickets, their messages and the agents."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, exists, func, or_, select, update
from sqlalchemy.orm import Session

from backend.models import Agent, HandoffMessage, HandoffTicket

OPEN = ("waiting", "assigned")


def open_ticket(session: Session, conversation_id: str) -> HandoffTicket | None:
    return session.scalars(
        select(HandoffTicket).where(
            HandoffTicket.conversation_id == conversation_id, HandoffTicket.status.in_(OPEN)
        )
    ).first()


def get_ticket(session: Session, ticket_id: int) -> HandoffTicket | None:
    return session.get(HandoffTicket, ticket_id)


def queue_position(session: Session, ticket: HandoffTicket) -> int:
    """1-based rank among waiting tickets, oldest first."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(HandoffTicket)
            .where(HandoffTicket.status == "waiting", HandoffTicket.id <= ticket.id)
        )
        or 0
    )


def open_tickets(session: Session) -> Sequence[HandoffTicket]:
    return session.scalars(
        select(HandoffTicket)
        .where(HandoffTicket.status.in_(OPEN))
        .order_by(HandoffTicket.created_at, HandoffTicket.id)
    ).all()


def recent_handling_seconds(session: Session, limit: int = 20) -> list[float]:
    """Claim to close of the latest resolved tickets."""
    rows = session.execute(
        select(HandoffTicket.assigned_at, HandoffTicket.closed_at)
        .where(HandoffTicket.status == "resolved", HandoffTicket.assigned_at.is_not(None))
        .order_by(HandoffTicket.closed_at.desc())
        .limit(limit)
    ).all()
    return [(closed - assigned).total_seconds() for assigned, closed in rows if closed and assigned]


def recent_first_responses(session: Session, since: dt.datetime) -> list[float]:
    """Ticket opened to the agent's first reply, for tickets answered since `since`."""
    rows = session.execute(
        select(HandoffTicket.created_at, HandoffTicket.first_response_at).where(
            HandoffTicket.first_response_at >= since
        )
    ).all()
    return [(answered - opened).total_seconds() for opened, answered in rows if answered]


def agents_available(session: Session, now: dt.datetime) -> int:
    """Agents whose console says they are available now (presence)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Agent)
            .where(Agent.active.is_(True), Agent.available_until > now)
        )
        or 0
    )


def claim(session: Session, ticket_id: int, agent_id: int, now: dt.datetime) -> bool:
    """Atomic: only a waiting ticket is claimed, so of two agents racing exactly one wins."""
    result = session.execute(
        update(HandoffTicket)
        .where(HandoffTicket.id == ticket_id, HandoffTicket.status == "waiting")
        .values(
            status="assigned",
            agent_id=agent_id,
            assigned_at=func.coalesce(HandoffTicket.assigned_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def transition(
    session: Session,
    ticket_id: int,
    *,
    from_status: str,
    owner: int | None = None,
    **values: object,
) -> bool:
    """A guarded status change: UPDATE ... WHERE status = from_status [AND agent_id = owner]."""
    statement = update(HandoffTicket).where(
        HandoffTicket.id == ticket_id, HandoffTicket.status == from_status
    )
    if owner is not None:
        statement = statement.where(HandoffTicket.agent_id == owner)
    result = session.execute(
        statement.values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def messages(session: Session, ticket_id: int) -> Sequence[HandoffMessage]:
    return session.scalars(
        select(HandoffMessage)
        .where(HandoffMessage.ticket_id == ticket_id)
        .order_by(HandoffMessage.id)
    ).all()


def latest_customer_messages(session: Session, ticket_ids: list[int]) -> dict[int, HandoffMessage]:
    """Each ticket's latest message from the customer, for those that have one."""
    if not ticket_ids:
        return {}
    latest = (
        select(func.max(HandoffMessage.id))
        .where(HandoffMessage.ticket_id.in_(ticket_ids), HandoffMessage.author == "customer")
        .group_by(HandoffMessage.ticket_id)
    )
    rows = session.scalars(select(HandoffMessage).where(HandoffMessage.id.in_(latest))).all()
    return {m.ticket_id: m for m in rows}


def agent_by_name(session: Session, name: str) -> Agent | None:
    return session.scalars(select(Agent).where(Agent.name == name)).first()


def agent_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Agent.id, Agent.name).where(Agent.id.in_(ids))).all())  # type: ignore[arg-type]


CLOSED = ("resolved", "cancelled")


def _email_of() -> Any:
    return func.lower(func.trim(HandoffTicket.summary[("slots", "email")].as_string()))


def earlier_tickets(session: Session, ticket: HandoffTicket, limit: int) -> Sequence[HandoffTicket]:
    """The customer's other tickets, newest first: the same chat, or the same verified email."""
    email = (ticket.summary or {}).get("slots", {}).get("email")
    same = HandoffTicket.conversation_id == ticket.conversation_id
    if isinstance(email, str) and email.strip():
        same = or_(same, _email_of() == email.strip().lower())
    return session.scalars(
        select(HandoffTicket)
        .where(same, HandoffTicket.id != ticket.id)
        .order_by(HandoffTicket.created_at.desc(), HandoffTicket.id.desc())
        .limit(limit)
    ).all()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_closed(session: Session, text: str, limit: int) -> Sequence[HandoffTicket]:
    """Closed tickets whose order number is `text`, or whose transcript or messages hold it
    (case-insensitive), newest first."""
    pattern = _like(text.strip())
    said = exists().where(
        HandoffMessage.ticket_id == HandoffTicket.id,
        HandoffMessage.text.ilike(pattern, escape="\\"),
    )
    # The transcript is stored as JSON text, where "ş" is written "\u015f".
    as_json = _like(json.dumps(text.strip())[1:-1])
    transcript = cast(HandoffTicket.transcript, String)
    return session.scalars(
        select(HandoffTicket)
        .where(
            HandoffTicket.status.in_(CLOSED),
            or_(
                HandoffTicket.summary["order_number"].as_string() == text.strip().lstrip("#"),
                transcript.ilike(pattern, escape="\\"),
                transcript.ilike(as_json, escape="\\"),
                said,
            ),
        )
        .order_by(HandoffTicket.closed_at.desc(), HandoffTicket.id.desc())
        .limit(limit)
    ).all()
