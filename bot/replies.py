"""What the gateway says, independent of the channel that renders it.

Rasa's REST channel answers dicts; the router, the handoff desk and the channels pass `Reply`s.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from bot.words import WORDS, say

APOLOGY = WORDS["en"]["apology"]


class Button(TypedDict):
    title: str
    payload: str


class Reply(TypedDict):
    """One bot message, independent of the channel that renders it."""

    text: str | None
    buttons: list[Button]
    image: NotRequired[str]
    attachment: NotRequired[Any]
    elements: NotRequired[list[Any]]
    custom: NotRequired[dict[str, Any]]


def text_reply(text: str, buttons: list[Button] | None = None) -> Reply:
    return {"text": text, "buttons": list(buttons or [])}


def apology(language: str | None = None) -> list[Reply]:
    return [text_reply(say("apology", language))]


def from_rasa(message: dict[str, Any]) -> Reply:
    """Translate one message of Rasa's REST channel into a `Reply`."""
    text = message.get("text")
    buttons: list[Button] = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    reply: Reply = {"text": text if isinstance(text, str) else None, "buttons": buttons}
    if isinstance(message.get("image"), str):
        reply["image"] = message["image"]
    if message.get("attachment") is not None:
        reply["attachment"] = message["attachment"]
    if isinstance(message.get("elements"), list):
        reply["elements"] = message["elements"]
    if isinstance(message.get("custom"), dict):
        reply["custom"] = message["custom"]
    return reply
