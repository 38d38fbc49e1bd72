"""The subscription API's wire format."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from backend.orders.schemas import Proof, clean_order_number

CONVERSATION_ID = r"^(web|tg):[A-Za-z0-9_-]{1,100}$"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SubscribeRequest(BaseModel):
    conversation_id: str = Field(pattern=CONVERSATION_ID, examples=["web:3f9c2a", "tg:123456"])
    channel: Literal["web", "telegram"]
    address: str = Field(
        min_length=1,
        max_length=320,
        description="an email for the web channel, the chat id for Telegram",
    )
    order_number: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=320, description="proof, for orders")
    postal_code: str | None = Field(default=None, max_length=20, description="proof, for orders")
    sku: str | None = Field(default=None, max_length=64)
    language: Literal["en", "tr"] = Field(
        default="en", description="the customer's language: the updates are written in it"
    )

    def proof(self) -> Proof:
        return Proof(email=self.email, postal_code=self.postal_code)

    @model_validator(mode="after")
    def _one_target_and_a_valid_address(self) -> Self:
        if bool(self.order_number) == bool(self.sku):
            raise ValueError("give either order_number (with email or postal_code) or sku")
        if self.order_number:
            self.order_number = clean_order_number(self.order_number)
            self.proof()  # an order needs its email or postal code, as for a lookup
        self.address = self.address.strip()
        if self.channel == "web" and not EMAIL.match(self.address):
            raise ValueError("on the web channel the address must be an email address")
        if self.channel == "telegram" and not re.fullmatch(r"-?\d{1,20}", self.address):
            raise ValueError("on Telegram the address must be the numeric chat id")
        return self


class SubscriptionOut(BaseModel):
    id: int
    target: Literal["order", "product"]
    order_number: str | None
    sku: str | None
    name: str | None = Field(description="the product's name, for product subscriptions")
    channel: str
    address: str
    language: str
    created_at: dt.datetime


class EndedOut(BaseModel):
    ended: int
