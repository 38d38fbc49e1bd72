"""`back_to_bot` only when the message is about the bot or a person.

`back_to_bot` ("never mind the agent, I'll stay with the bot") is learnt from messages about
waiting for a person; "cancel the crucial 4tb, not waiting anymore" shares their words (cancel,
not waiting) and was heard as it with 0.94, so the customer was told "you're talking to me"
instead of being offered the cancellation. In a conversation (a tracker: the bot owns the chat,
no handoff is waiting), a `back_to_bot` whose words name neither the bot nor a person becomes the
next intent of the ranking. The handoff desk parses without a conversation (`/model/parse`: Rasa
hands the graph an empty tracker, as it does in `rasa test nlu`), so what a customer says while
waiting for an agent is read as before ("botla devam", "get me out of the queue").

The same holds for `change_language`: "ok and do they come with a turkish keyboard?" was heard as
asking to speak English; in a conversation it needs a language asked for by name
(`language.requested_language`), else the next intent of the ranking.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_components.language import requested_language

INTENT_NAME = "back_to_bot"
LANGUAGE_INTENT = "change_language"
# The bot, a person or the handoff itself, in English and Turkish (with its suffixes: "botla",
# "bota", "asistana", "sıradan"): what a real `back_to_bot` talks about.
_BOT_OR_PERSON = re.compile(
    r"\b(?:(?:chat)?bot(?:la|a|u|un|tan|ta|lar\w*)?|chatbot\w*|robot|you|assistant|agent|agents"
    r"|human|humans|person|people|someone|somebody|operator|representative|rep|support|staff"
    r"|handoff|hand-off|hand\s+me\s+over|team|colleague|queue|transfer\w*|connect\w*"
    r"|temsilci\w*|insan\w*|ki[şs]i\w*|canl[ıi]\w*|operat[öo]r\w*|yetkili\w*|sen\w*|siz\w*"
    r"|asistan\w*|otomatik|s[ıi]ra(?:dan|m|y[ıi]|s[ıi]n[ıi])\b|kuyru[kğg]\w*|aktar\w*|ba[ğg]la\w*"
    r"|g[öo]r[üu][şs]me\w*|destek\w*)\b",
    re.I,
)


# "forget it, i'll call you", "sizi arayacağım": about calling the shop, not the bot.
_CALLING = re.compile(
    r"\b(?:call|calling|phone|ring)\b|\bara(?:yaca[gğk]\w*|r[ıi]m|y[ıi]n\w*)\b|\btelefon\w*", re.I
)


# "of course you can't. fine cancel one of the two drives": a cancellation asked, the "you" is
# only the bot being blamed (set BI #17 got "you're talking to me"); not the handoff cancelled.
_CANCEL = re.compile(r"\b(?:cancel\w*|iptal)\b", re.I)
_HANDOFF_WORDS = re.compile(
    r"\b(?:agent|human|person|handoff|transfer\w*|queue|operator|representative|temsilci\w*"
    r"|aktar\w*|kuyru\w*|s[ıi]ra\w*)\b",
    re.I,
)


def cancels_a_line(text: str) -> bool:
    return _CANCEL.search(text) is not None and _HANDOFF_WORDS.search(text) is None


def names_the_bot_or_a_person(text: str) -> bool:
    return _BOT_OR_PERSON.search(text) is not None and not _CALLING.search(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BackToBotGuard(GraphComponent):
    """Turns a `back_to_bot` that names neither the bot nor a person into the next intent."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BackToBotGuard:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        if tracker is None or not tracker.events:
            return messages  # no conversation: the handoff desk's /model/parse, `rasa test nlu`
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            name = intent.get("name")
            if name not in (INTENT_NAME, LANGUAGE_INTENT) or not isinstance(text, str):
                continue
            if text.startswith("/"):
                continue
            if name == INTENT_NAME and names_the_bot_or_a_person(text) and not cancels_a_line(text):
                continue
            if name == LANGUAGE_INTENT and requested_language(text) is not None:
                continue
            ranking = [
                ranked
                for ranked in message.get(INTENT_RANKING_KEY) or []
                if ranked.get("name") not in (name, "nlu_fallback")
            ]
            if _CALLING.search(text):
                # Calling the shop: the answer about phone support, when the NLU heard it at all.
                ranking.sort(key=lambda ranked: ranked.get("name") != "contact_phone")
            if ranking:
                message.set(INTENT, dict(ranking[0]), add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
