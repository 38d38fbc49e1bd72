"""What an agent does to the customer's order from the console, and what the customer reads.

Changes go to the backend as operations (the gateway's operator key) on the ticket the agent
owns, with the agent's id, so the order's history names them (`line_events.agent_id`); the
backend refuses a ticket that is not theirs or has no verified order. The customer reads each
change in their chat as a line from the support desk, which the ticket and Rasa's tracker keep.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.backend_client import TicketConflict
from bot.console.desk import HandoffDesk, language_of_ticket
from bot.console.prose import order_status_text, price_difference_text
from bot.words import WORDS, say


def _line(order: dict[str, Any], line_no: int) -> dict[str, Any]:
    return next((line for line in order["lines"] if line["line_no"] == line_no), {})


class OrderActions:
    def __init__(self, desk: HandoffDesk) -> None:
        self.desk = desk
        self.backend = desk.backend

    async def _ticket(self, ticket_id: int) -> dict[str, Any]:
        ticket = await self.backend.ticket(ticket_id)
        if ticket is None:
            raise TicketConflict("no_ticket", f"No handoff ticket {ticket_id}.")
        return ticket

    async def alternatives(self, ticket_id: int, line_no: int) -> list[dict[str, Any]]:
        """Products in stock that could replace a line, each with `price_difference` (new minus
        old price of the whole line, as the backend's swap computes it) and `currency`."""
        ticket = await self._ticket(ticket_id)
        line = _line(ticket.get("order") or {"lines": []}, line_no)
        if not line:
            raise TicketConflict("no_line", f"The ticket's order has no line {line_no}.")
        old = Decimal(str(line["unit_price"]))
        return [
            {
                **alternative,
                "price_difference": str(
                    (Decimal(str(alternative["price"])) - old) * line["quantity"]
                ),
                "currency": line["currency"],
            }
            for alternative in await self.backend.alternatives(line["sku"])
        ]

    async def cancel_line(
        self, ticket_id: int, agent: dict[str, Any], line_no: int
    ) -> dict[str, Any]:
        order = await self.backend.agent_cancel_line(ticket_id, agent["id"], line_no)
        line = _line(order, line_no)
        ticket = await self._ticket(ticket_id)
        said = say(
            "agent_cancelled",
            language_of_ticket(ticket),
            agent=agent["name"],
            line_no=str(line_no),
            order_number=order["order_number"],
            quantity=str(line.get("quantity")),
            name=str(line.get("name")),
        )
        await self.desk.tell(ticket, said)
        return order

    async def swap_line(
        self, ticket_id: int, agent: dict[str, Any], line_no: int, sku: str
    ) -> dict[str, Any]:
        swapped = await self.backend.agent_swap_line(ticket_id, agent["id"], line_no, sku)
        order, line = swapped["order"], _line(swapped["order"], line_no)
        ticket = await self._ticket(ticket_id)
        language = language_of_ticket(ticket)
        status = str(line.get("status"))
        state = say(f"state_{status}", language) if f"state_{status}" in WORDS["en"] else status
        difference = price_difference_text(
            swapped["price_difference"], swapped["currency"], language
        )
        said = say(
            "agent_swapped",
            language,
            agent=agent["name"],
            line_no=str(line_no),
            order_number=order["order_number"],
            name=str(line.get("name")),
            state=state,
            difference=difference,
        )
        await self.desk.tell(ticket, said)
        return swapped

    async def subscribe(self, ticket_id: int, agent: dict[str, Any]) -> dict[str, Any]:
        subscription = await self.backend.agent_subscribe(ticket_id, agent["id"])
        ticket = await self._ticket(ticket_id)
        language = language_of_ticket(ticket)
        if subscription["channel"] == "telegram":
            where = say("here", language)
        else:
            where = say("at_address", language, address=subscription["address"])
        said = say(
            "agent_subscribed",
            language,
            agent=agent["name"],
            order_number=subscription["order_number"],
            where=where,
        )
        await self.desk.tell(ticket, said)
        return subscription

    async def send_status(self, ticket_id: int, agent: dict[str, Any]) -> dict[str, Any]:
        """The order as it stands now, sent to the customer's chat."""
        ticket = await self._ticket(ticket_id)
        if ticket["status"] != "assigned" or ticket.get("agent_id") != agent["id"]:
            raise TicketConflict("not_your_ticket", f"Ticket {ticket_id} is not assigned to you.")
        if not ticket.get("order"):
            raise TicketConflict(
                "no_verified_order", "The customer has not verified an order in this conversation."
            )
        text = order_status_text(ticket["order"], language_of_ticket(ticket))
        await self.desk.tell(ticket, text)
        return {"text": text}
