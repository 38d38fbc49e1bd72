"""Changes an agent makes to the customer's order from the console, for the customer.

The bot verified the order before the handoff (the ticket's summary names it); the agent who owns
the ticket may then cancel a line, swap one to a product in stock, or subscribe the customer to
the order's updates, without the customer's proof. Each change is an operation (operator key)
and names the agent in the order's history (`line_events.agent_id`); the customer hears of it from
the gateway in their chat, and subscribers by the usual notifications.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.errors import Conflict
from backend.handoffs import repository
from backend.handoffs.schemas import AgentSwap
from backend.models import HandoffTicket, Order
from backend.notifications import service as subscriptions
from backend.notifications.schemas import SubscribeRequest, SubscriptionOut
from backend.orders import service as orders
from backend.orders.schemas import OrderOut, SwapOut
from backorder_common.settings import Settings
from backorder_common.wording import language_of


def _owned(session: Session, ticket_id: int, agent_id: int) -> tuple[HandoffTicket, Order]:
    """The ticket, which the agent must own, and its verified order, locked for the change."""
    ticket = repository.get_ticket(session, ticket_id)
    if ticket is None or ticket.status != "assigned" or ticket.agent_id != agent_id:
        raise Conflict(f"Ticket {ticket_id} is not assigned to you.", code="not_your_ticket")
    number = (ticket.summary or {}).get("order_number")
    if not isinstance(number, str) or not number:
        raise Conflict(
            "The customer has not verified an order in this conversation.",
            code="no_verified_order",
        )
    return ticket, orders.get_order(session, number)


def cancel_line(
    session: Session, ticket_id: int, agent_id: int, line_no: int, settings: Settings
) -> OrderOut:
    _, order = _owned(session, ticket_id, agent_id)
    orders.cancel_line(session, order, line_no, agent_id=agent_id)
    return orders.fresh_view(session, order.order_number, settings)


def swap_line(
    session: Session, ticket_id: int, body: AgentSwap, line_no: int, settings: Settings
) -> SwapOut:
    _, order = _owned(session, ticket_id, body.agent_id)
    swapped = orders.swap_line(session, order, line_no, body.sku, agent_id=body.agent_id)
    return orders.swap_view(session, order.order_number, swapped, settings)


def subscribe(session: Session, ticket_id: int, agent_id: int) -> SubscriptionOut:
    """Updates on the order, on the channel of the conversation: the Telegram chat, or for a web
    customer the order's email (the widget keeps no address of its own); in the ticket's
    language."""
    ticket, order = _owned(session, ticket_id, agent_id)
    channel, _, chat = ticket.conversation_id.partition(":")
    request = SubscribeRequest(
        conversation_id=ticket.conversation_id,
        channel=ticket.channel,  # type: ignore[arg-type]
        address=chat if channel == "tg" else order.email,
        order_number=order.order_number,
        email=order.email,
        language=language_of(ticket.language),  # type: ignore[arg-type]
    )
    subscription, _ = subscriptions.subscribe(session, request, order)
    return subscription
