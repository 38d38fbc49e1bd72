"""A reply that starts with a yes to the change the bot just proposed is that yes.

When the bot's last turn proposed a change and waits for a yes (the `pending` slot was set in
that turn: "Cancel 1 × GeForce RTX 4060 Ti on order 100270?", "Swap it to the RX 7800 XT?"),
the customer's "yes the graphics card only", "yes the 4090 please", "ok do it, cancel it",
"evet iptal edin" answers that question. The intent classifier reads the words after the yes
and may hear another request ("graphics card" -> damaged_item, "the 4090" -> subscribe): here
such a message becomes `affirm`, its entities kept, so the rules run the confirmation (and the
confirming action checks the named product against what was proposed: actions/cancel.py).

Not a yes to the proposal: a message that goes on with "but", "instead", "not", "wait", a
question, or another operation than the one proposed ("yes, cancel it" while a swap waits);
those keep their intent and the actions read them as before. Without a conversation (`rasa
test` NLU, `/model/parse`) nothing changes.
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
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

SLOT = "pending"
MAX_WORDS = 12  # "yes the graphics card only, keep the drives please" and no longer

_YES = re.compile(
    r"^\W*(?:yes|yeah|yea|yep|yup|ya|sure|ok|okay|okey|k|alright|all right|fine|go ahead|do it"
    r"|please do|confirm\w*|correct|right|evet|tamam\w*|olur|onayl\w*|peki"
    # "all three", "both of them", "hepsini": the units proposed (the action checks the count).
    r"|all (?:of them|three|two|four|five|\d+)|both(?: of them)?|hepsi\w*|ikisi\w* de"
    r"|[üu][çc][üu] de)\b",
    re.I,
)
# A yes said last, after what it answers: "the crucial 32gb so-dimm yes", "ssd olan, evet".
_TRAILING_YES = re.compile(
    r"\b(?:yes|yeah|yep|confirm\w*|evet|onayl\w*"
    # "the arc a770s, all three" to "cancel the 3 × Arc A770?": the units proposed.
    r"|all (?:of them|three|two|four|five|\d+)|both(?: of them)?|hepsi\w*)\W*$",
    re.I,
)
# Ways of saying go ahead, taken out before looking at what else the message says.
_GO_AHEAD = re.compile(r"\b(?:do it|go ahead|please do|do that|yap[ıi]n|edin)\b", re.I)
# The message goes on to something else than the yes: a "but", a change of mind, a question.
_NOT_A_PLAIN_YES = re.compile(
    r"\?|\b(?:but|instead|not|no|nope|don'?t|dont|wait|hold on|actually|rather|however|unless"
    r"|forget|never ?mind|nvm|scratch|leave it|skip|bo[şs]ver\w*"
    r"|when|what|how|why|which|where|who|can|could|would|will|is|are|do|does|did"
    r"|ama|fakat|yerine|değil|degil|hayır|hayir|bekle\w*|vazgeç\w*|vazgec\w*"
    r"|ne|neden|niye|nasıl|nasil|hangi\w*|kaç|kac|m[ıiuü]|m[ıiuü]s[ıiuü]n[ıiuü]z)\b",
    re.I,
)
# Another operation than the one proposed.
_OTHER_OPERATION = {
    "cancel": re.compile(
        r"\b(?:swap\w*|switch\w*|change\w*|replace\w*|exchange\w*|değiştir\w*|degistir\w*"
        r"|notify|notification\w*|alert\w*|updates?|sign me up|subscribe\w*|keep me posted"
        r"|haber ver\w*|bildir\w*)\b",
        re.I,
    ),
    "swap": re.compile(
        r"\b(?:cancel\w*|refund\w*|iptal\w*|iade\w*|notify|notification\w*|alert\w*"
        r"|updates?|sign me up|subscribe\w*|keep me posted|haber ver\w*|bildir\w*)\b",
        re.I,
    ),
}


def proposed_in_last_turn(tracker: DialogueStateTracker | None) -> str | None:
    """What the bot's last turn proposed ("cancel", "swap") and still waits for; None when that
    turn proposed nothing (a proposal made earlier is not what a yes now answers)."""
    if tracker is None or SLOT not in tracker.slots:
        return None
    pending = tracker.slots[SLOT].value
    if not pending:
        return None
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, SlotSet) and event.key == SLOT:
            return str(event.value) if event.value else None
    return None


def _waiting_proposal(tracker: DialogueStateTracker | None) -> str | None:
    """The change still waiting for a yes (the `pending` slot), whenever it was proposed."""
    if tracker is None or SLOT not in tracker.slots:
        return None
    value = tracker.slots[SLOT].value
    return str(value) if value else None


def is_a_yes_to(proposal: str, text: str) -> bool:
    """Whether a message is a plain yes to the proposal, whatever words follow the yes; or a
    plain yes as its first sentence and then a question that takes nothing back ("yes. and do
    I pay the difference somehow?", "Evet, onaylıyorum. 7900 XTX ayrı mı gelecek?")."""
    if _plain_yes(proposal, text):
        return True
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    other = _OTHER_OPERATION.get(proposal)
    return (
        len(parts) == 2
        and _plain_yes(proposal, parts[0])
        and _TAKES_IT_BACK.search(_NO_SALES.sub(" ", parts[1])) is None
        and (other is None or other.search(parts[1]) is None)
    )


# The operation proposed, asked for in so many words: "Please swap it.", "cancel them pls".
_DO_THE = {
    "swap": re.compile(
        r"^\W*(?:(?:please|pls|ok|okay|yes|then)\W+)*(?:swap|switch|change|exchange)"
        r"(?: (?:it|them))?\b(?:\W+(?:please|pls))?\W*$",
        re.I,
    ),
    "cancel": re.compile(
        r"^\W*(?:(?:please|pls|ok|okay|yes|then)\W+)*cancel(?: (?:it|them))?\b"
        r"(?:\W+(?:please|pls))?\W*$",
        re.I,
    ),
}


def _plain_yes(proposal: str, text: str) -> bool:
    do_the = _DO_THE.get(proposal)
    if do_the is not None and do_the.search(text):
        # "Please swap it." to "Swap it to the RX 7800 XT?" (set BM #40 listed the
        # alternatives again when a sentence followed).
        return True
    said_yes = _YES.search(text) or _TRAILING_YES.search(text)
    if not said_yes or _NOT_A_PLAIN_YES.search(_GO_AHEAD.sub(" ", text)):
        return False
    if len(text.split()) > MAX_WORDS:
        return False
    other = _OTHER_OPERATION.get(proposal)
    return other is None or other.search(text) is None


_SENTENCE_END = re.compile(r"(?<=[.!;])\s+")
# "yes. and dont try to sell me something else": a no to offers, not to the yes before it.
_NO_SALES = re.compile(
    r"\b(?:don'?t|dont|do not|no need to)\s+(?:try to\s+|bother\s+|even\s+)?"
    r"(?:sell|offer|suggest|recommend|push|upsell|show)\b[^.?!]*",
    re.I,
)
# What, after a first sentence of yes, takes it back: "yes. actually no, wait".
_TAKES_IT_BACK = re.compile(
    r"\b(?:but|no|nope|not|don'?t|dont|wait|instead|actually|rather|forget|never ?mind|nvm"
    r"|hay[ıi]r|de[ğg]il|vazge[çc]\w*|bekle\w*|yerine)\b",
    re.I,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ProposalReply(GraphComponent):
    """Makes "yes the graphics card only" an `affirm` when the bot just proposed a change."""

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
    ) -> ProposalReply:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        waiting = _waiting_proposal(tracker)
        proposal = proposed_in_last_turn(tracker)
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or waiting is None:
                continue
            heard = (message.get(INTENT) or {}).get("name")
            if _THINKING.search(text) and heard != "deny":
                # "let me think about it", now or a question or two after the proposal: not
                # now, so the order stays as it is.
                _set_intent(message, "deny")
            elif proposal is None:
                continue
            elif is_a_yes_to(proposal, text) and heard not in ("affirm", "deny"):
                _set_intent(message, "affirm")
            elif (
                heard not in ("affirm", "deny")
                and "utter_cancel_confirm_order" in _said_in_last_turn(tracker)
                and restates_everything(text)
            ):
                # "everything", "all of it, all three 990 Pro", "the zephyrus and the ssd,
                # everything" to "Cancel everything on order … that hasn't shipped?": that yes.
                _set_intent(message, "affirm")
            elif recasts_the_cancellation(proposal, text) and heard not in (
                "cancel_order",
                "affirm",
                "deny",
            ):
                # "no actually keep one laptop, cancel only one" heard as stopping notifications.
                _set_intent(message, "cancel_order")
            elif (
                proposal == "cancel"
                and heard == "deny"
                and _RECOUNT.search(text)
                and not _KEEP_ALL.search(text)
            ):
                # "no, just 2" to cancelling all three: two of them, not none.
                _set_intent(message, "cancel_order")
        return messages


def _said_in_last_turn(tracker: DialogueStateTracker | None) -> list[str]:
    """The responses (utter_ names) of the bot's last turn."""
    said: list[str] = []
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            said.append(str((event.metadata or {}).get("utter_action") or ""))
    return said


# The whole of it, said again: "everything", "all of it", "the whole thing", "hepsini".
_EVERYTHING = re.compile(
    r"\b(?:everything|all of it|all of them|the whole (?:thing|order|lot)|the lot"
    r"|all (?:the )?items|hepsi\w*|t[üu]m[üu]\w*|komple)\b",
    re.I,
)
# What, beside "everything", makes it not the same yes: a change of mind or a question.
_NOT_THE_SAME = re.compile(
    r"\?|\b(?:but|instead|not|no|nope|don'?t|dont|wait|hold on|actually|except|keep|only|just"
    r"|swap\w*|switch\w*|ama|hari[çc]|de[ğg]il|hay[ıi]r|vazge[çc]\w*|bekle\w*)\b",
    re.I,
)


def restates_everything(text: str) -> bool:
    """Whether a reply to "cancel everything that hasn't shipped?" says the same scope again:
    "everything", "all of it, all three 990 Pro 1TB. i found them somewhere else"."""
    return (
        _EVERYTHING.search(text) is not None
        and _NOT_THE_SAME.search(text) is None
        and len(text.split()) <= MAX_WORDS + 4
    )


def _set_intent(message: Message, name: str) -> None:
    intent = {"name": name, "confidence": 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)


_CANCEL = re.compile(r"\b(?:cancel\w*|iptal\w*)", re.I)
_THINKING = re.compile(
    r"^\W*(?:ok\W+|hmm+\W+)?(?:let me think|i(?:'ll| will| need to) think|need to think"
    r"|not sure yet|d[üu][şs][üu]neyim|d[üu][şs][üu]nmem laz[ıi]m|bir d[üu][şs][üu]neyim"
    # "let me talk to my husband first", "i need to check with my boss", "eşime sorayım"
    r"|(?:let me |i(?:'ll| will| need to| have to) )?(?:talk|speak|check|discuss|consult)\w*"
    r" (?:it |this )?(?:over )?(?:with|to) my\b"
    r"|(?:let me |i(?:'ll| will| need to) )ask my\b|e[şs]ime (?:bir )?sor\w*|e[şs]imle)",
    re.I,
)


# Another count of units than the one proposed: "only 2 of the 3 actually, keep one", "just 2",
# "keep one", "sadece 1 tanesini".
_RECOUNT = re.compile(
    r"\b(?:only|just|sadece|yaln[ıi]z\w*)\s+(?:\d+|one|two|three|four|five|bir|iki|[üu][çc])\b"
    r"|\bkeep (?:just |only )?(?:\d+|one|two|three|four|five)\b"
    r"|\b(?:\d+|one|two|three|four) of (?:them|those|the (?:\d+|two|three|four|five))\b"
    r"|\b(?:\d+|bir|iki|[üu][çc]) (?:tane|adet)\w*",
    re.I,
)


# A no that keeps everything: "no, don't cancel any, keep all 3".
_KEEP_ALL = re.compile(
    r"\b(?:don'?t|dont|do not|not|none|nothing|any|all|both|vazge[çc]\w*|hi[çc]biri\w*|hepsi\w*)\b",
    re.I,
)


def recasts_the_cancellation(proposal: str, text: str) -> bool:
    """Whether a reply to a proposed cancellation asks for a cancellation itself (another part,
    fewer units): it says cancel, or another count of units, and nothing about notifications or
    swapping."""
    return (
        proposal == "cancel"
        and (
            _CANCEL.search(text) is not None
            or _RECOUNT.search(text) is not None
            # "sadece ekran kartını, eset kalsın", "just the graphics card, keep the eset":
            # which part, narrowed (set BJ #8 heard it as a no).
            or (_ONLY_PART.search(text) is not None and "?" not in text)
        )
        and _OTHER_OPERATION["cancel"].search(text) is None
    )


_ONLY_PART = re.compile(r"^\W*(?:only|just|sadece|yaln[ıi]zca)\b", re.I)
