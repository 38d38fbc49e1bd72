"""The supervisor's figures of the handoff desk: tickets per day, first-response and resolution
times, and the customers' ratings after a handoff, per day and per agent.

A rating counts for a handoff when the customer gives it in the same conversation after the
ticket was resolved and before the conversation's next ticket (the bot asks for one as it takes
the chat back). Times are medians in seconds; days are the shop's (SUPPORT_HOURS' time zone).
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.handoffs import repository
from backend.models import Feedback, HandoffTicket


class Figures(BaseModel):
    opened: int = 0
    resolved: int = 0
    cancelled: int = 0
    median_first_response_seconds: int | None = None
    median_resolution_seconds: int | None = None
    ratings: int = 0
    average_rating: float | None = None


class DayFigures(Figures):
    day: dt.date


class AgentFigures(Figures):
    agent_id: int
    agent_name: str


class DeskReport(BaseModel):
    since: dt.date
    until: dt.date
    total: Figures
    days: list[DayFigures]
    agents: list[AgentFigures]


def _median(values: Sequence[float]) -> int | None:
    return round(statistics.median(values)) if values else None


def _figures(tickets: Iterable[HandoffTicket], ratings: dict[int, int]) -> Figures:
    tickets = list(tickets)
    firsts = [
        (t.first_response_at - t.created_at).total_seconds() for t in tickets if t.first_response_at
    ]
    resolutions = [
        (t.closed_at - t.created_at).total_seconds()
        for t in tickets
        if t.status == "resolved" and t.closed_at
    ]
    given = [ratings[t.id] for t in tickets if t.id in ratings]
    return Figures(
        opened=len(tickets),
        resolved=sum(t.status == "resolved" for t in tickets),
        cancelled=sum(t.status == "cancelled" for t in tickets),
        median_first_response_seconds=_median(firsts),
        median_resolution_seconds=_median(resolutions),
        ratings=len(given),
        average_rating=round(statistics.mean(given), 2) if given else None,
    )


def _ratings_after(session: Session, tickets: list[HandoffTicket]) -> dict[int, int]:
    """ticket id → the rating given after it was resolved, before the conversation's next."""
    by_conversation: dict[str, list[HandoffTicket]] = defaultdict(list)
    for ticket in sorted(tickets, key=lambda t: t.created_at):
        by_conversation[ticket.conversation_id].append(ticket)
    rows = session.execute(
        select(Feedback.conversation_id, Feedback.rating, Feedback.created_at)
        .where(Feedback.conversation_id.in_(by_conversation))
        .order_by(Feedback.created_at)
    ).all()
    ratings: dict[int, int] = {}
    for conversation, rating, at in rows:
        chain = by_conversation[conversation]
        index = bisect.bisect_right([t.created_at for t in chain], at) - 1
        if index < 0:
            continue
        ticket = chain[index]
        if ticket.status == "resolved" and ticket.closed_at and ticket.closed_at <= at:
            ratings.setdefault(ticket.id, rating)  # the first rating after it
    return ratings


def desk_report(session: Session, today: dt.date, days: int, tz: ZoneInfo) -> DeskReport:
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(), tz)
    tickets = list(
        session.scalars(
            select(HandoffTicket)
            .where(HandoffTicket.created_at >= start)
            .order_by(HandoffTicket.created_at)
        ).all()
    )
    ratings = _ratings_after(session, tickets)
    per_day: dict[dt.date, list[HandoffTicket]] = defaultdict(list)
    per_agent: dict[int, list[HandoffTicket]] = defaultdict(list)
    for ticket in tickets:
        per_day[ticket.created_at.astimezone(tz).date()].append(ticket)
        if ticket.agent_id is not None:
            per_agent[ticket.agent_id].append(ticket)
    names = repository.agent_names(session, set(per_agent))
    return DeskReport(
        since=since,
        until=today,
        total=_figures(tickets, ratings),
        days=[
            DayFigures(day=day, **_figures(per_day[day], ratings).model_dump())
            for day in (today - dt.timedelta(days=n) for n in range(days))
        ],
        agents=sorted(
            (
                AgentFigures(
                    agent_id=agent_id,
                    agent_name=names.get(agent_id, f"agent {agent_id}"),
                    **_figures(handled, ratings).model_dump(),
                )
                for agent_id, handled in per_agent.items()
            ),
            key=lambda a: a.agent_name.casefold(),
        ),
    )
