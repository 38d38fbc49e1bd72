"""Conversation mechanics that belong to no topic: the two-stage fallback, a yes with nothing
waiting for it, and a button chosen by typing."""

from __future__ import annotations

import json
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendUnavailable
from actions.browse import asks_to_shop, browse_in_context, browse_request, show_in_stock
from actions.cancel import ActionProposeCancel, asks_to_cancel, reduced_quantity, says_several
from actions.choice import as_pressed, intent_of, offered_buttons, picked
from actions.common import (
    ClientFactory,
    ReplyAction,
    Today,
    backs_off,
    ends_the_lookup,
    found_it_elsewhere,
    is_musing,
    language,
    last_turn,
    latest_intent,
    leaves_the_lookup,
    never_raises,
    previous_action,
    said_last_turn,
    said_lately,
    say_cancel_still_pending,
    settings_today,
    thinks_it_over,
    verified_credentials,
)
from actions.handoff import ActionHandoff, asks_for_a_person
from actions.lines import only_kind_words, verified_order
from actions.orders import answer_lines, answer_named_lines, answer_when, phone_given_as_proof
from actions.products import (
    CLOSEST,
    INSTEAD_IN_STOCK,
    ActionCheckAvailability,
    ActionSuggestAlternatives,
    answer_availability,
    answered_price_difference,
    guessed_product,
    named_products,
    remembered_product,
    reports_arrival_with_thanks,
    suggest_alternatives,
    variant_of,
)
from actions.refunds import answered_refund_amount, answered_total
from actions.subscriptions import ActionSubscribe
from actions.swap import ActionProposeSwap
from actions.swap_price import repeat_proposal
from actions.topics import answered_limit_followup, asks_the_status, asks_who_can, utter_topics
from actions.variants import another_size, describes_the_product

FALLBACK_INTENT = "nlu_fallback"


# "but I don't want them anymore" after "it has shipped, so it can't be cancelled".
_STILL_UNWANTED = re.compile(
    r"\b(?:don'?t|dont|do not|no longer) (?:want|need)\b|\bistemiyorum\b|\bgerek yok\b", re.I
)
# Why the customer wants a change: "found it cheaper somewhere else", "I don't need it anymore".
_A_REASON = re.compile(
    r"\b(?:found|bought|got|ordered) (?:it|one|them)\b[^.?!]{0,30}\b(?:cheaper|elsewhere|somewhere"
    r"|else|another|other)\b|\b(?:don'?t|dont|no longer) need\b|\bchanged my mind\b"
    r"|\bba[şs]ka (?:yerden|yerde)\b|\bgerek (?:kalmad|yok)\w*",
    re.IGNORECASE,
)


class ActionFallback(ReplyAction):
    """A message the NLU is unsure of that names a product of the verified order is about that
    line ("how long for the ram then"); one that adds a word to the product just talked about is
    about that product's variant ("and the ti version?" after the RTX 4070 Super); one that names
    a product of the catalogue is about its stock. Otherwise,
    the first miss asks to rephrase and a second miss in a row offers an agent."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_fallback"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if (tracker.active_loop or {}).get("name") == "order_lookup_form" and latest_intent(
            tracker
        ) in ("affirm", "greet"):
            # "ok", "hi", "hold on" while the lookup waits for a detail: the form asks again.
            if A_MOMENT.search(text):
                dispatcher.utter_message(response="utter_take_your_time")
            return []
        waiting = tracker.get_slot("pending")
        detail = tracker.get_slot("pending_detail") or {}
        if waiting in ("cancel", "swap") and detail and "?" not in text and _A_REASON.search(text):
            # "found it cheaper somewhere else sorry 😅" while "cancel the RX 7700 XT?" waits: a
            # reason, not a riddle; the question stands (set BG #27 lost it).
            if waiting == "swap":
                repeat_proposal(dispatcher, detail, language(tracker))
            else:
                say_cancel_still_pending(dispatcher, detail)
            return [SlotSet("pending", waiting), SlotSet("pending_detail", detail)]
        answered = await self.answered_in_context(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        if dispatcher.messages:
            # Something was answered already ("you really can't change it? it hasn't even
            # shipped": who can, and the offer of a person): no "Sorry, I didn't understand"
            # beside it (set BQ #9).
            return []
        if _NOTHING_ELSE.search(text) and "?" not in text:
            # "no i dont need anything else, just wanted you to know": a goodbye, not a riddle.
            dispatcher.utter_message(response="utter_goodbye")
            return []
        self.ask_to_rephrase(dispatcher, tracker)
        return []

    @staticmethod
    def ask_to_rephrase(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """The first miss asks to rephrase; a second miss in a row offers an agent."""
        if previous_intent(tracker) == FALLBACK_INTENT or previous_action(tracker) == (
            CORE_FALLBACK
        ):
            dispatcher.utter_message(response="utter_fallback_handoff")
        else:
            dispatcher.utter_message(response="utter_default")

    async def answered_in_context(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """Answers the message from what it names and what was just talked about (a button, a
        line of the verified order, a policy fact, a product); None when nothing fits. Also used
        for a limit the NLU fell into whose words are missing ("the ram hasn't arrived, the rest
        did" heard as a damaged item)."""
        text = tracker.latest_message.get("text") or ""
        if agreed_where(dispatcher, tracker) or said_email_incomplete(dispatcher, tracker):
            return []
        if takes_the_offered_person(tracker):
            # "ok, how do I start that?" right after "shall I pass this chat on?": the person.
            handoff = ActionHandoff(self._client_factory, agreed=True)
            return list(await handoff.run(dispatcher, tracker, domain))
        mine = _MY_THING.match(text)
        if mine and only_kind_words(mine.group("what")) and verified_credentials(tracker) is None:
            # "my ssd", "where's my laptop": about an order, so its number first.
            dispatcher.utter_message(response="utter_ask_order_number")
            return []
        if (asks_who_can(text) or _STILL_UNWANTED.search(text)) and any(
            said_last_turn(tracker, shipped)
            for shipped in ("utter_cancel_line_shipped", "utter_cancel_nothing_to_cancel")
        ):
            # "it was a gift and they already have one. what can I do" after "it has shipped, so
            # it can't be cancelled": the return, and a person (set BO #24 got "Sorry, I didn't
            # understand that").
            dispatcher.utter_message(response="utter_shipped_return_instead")
            return []
        if answered_limit_followup(dispatcher, tracker):
            return []  # "so how do I change it then?" right after a limit
        if verified_credentials(tracker) is not None and (
            asks_to_cancel(text)
            # "i want only 2 arc a770 not 3": fewer units, a cancellation of the rest.
            or reduced_quantity(text) is not None
            # "wait no. just the two dell monitors. keep the 7900 xtx" while "cancel everything?"
            # waits: the cancellation narrowed to what the message names.
            or (tracker.get_slot("pending") == "cancel" and _NARROWS.search(text))
            # "the adobe one" answering "cancel everything?": that line, asked again.
            or (
                tracker.get_slot("pending") == "cancel"
                and "?" not in text
                and len(text.split()) <= SHORT_ANSWER_WORDS
            )
        ):
            # "birini iptal edip birini bekleyebilir miyim": the cancellation, to confirm.
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if len(named_products(tracker)) > 1:
            # "framework 13 vs thinkpad x1 carbon price?" heard as `inform` after a list with the
            # Framework (set BJ #38): each product, not the one button it names.
            stock = ActionCheckAvailability(self._client_factory)
            return list(await stock.run(dispatcher, tracker, domain))
        choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
        if choice is not None:
            return choice
        client = self._client_factory()
        if await answered_refund_amount(client, dispatcher, tracker):
            return []  # "so what do i get back, 329?"
        if await answered_total(client, dispatcher, tracker):
            return []  # "whats my total now?"
        if await answered_price_difference(client, dispatcher, tracker):
            return []  # "which one is cheaper" after two products
        if (
            INSTEAD_IN_STOCK.search(text)
            and not named_products(tracker)
            and verified_credentials(tracker) is not None
        ):
            # "do you have anything that's actually on a shelf" about the waiting line: what is
            # in stock instead (set BL #6 got "Sorry, I didn't understand that").
            return await suggest_alternatives(client, dispatcher, tracker)
        if _CHECKS_THE_STATE.match(text) and verified_credentials(tracker) is not None:
            # "cool both shipped?" right after the order: yes, its lines again in short (set BL
            # #37 got "Sorry, I didn't understand that").
            order = await verified_order(client, tracker)
            shown = [ln for ln in order.lines if ln.status != "cancelled"] if order else []
            if order is not None and shown:
                answer_lines(
                    dispatcher, order, shown, self._today(), language(tracker), text, brief=True
                )
                return []
        if reports_arrival_with_thanks(tracker):
            # "the samsung 990 pro already arrived btw so thats fine": glad, nothing to look up.
            dispatcher.utter_message(response="utter_glad_it_arrived")
            return []
        if await answer_named_lines(client, dispatcher, tracker, self._today()):
            return []
        if await answer_when(client, dispatcher, tracker, self._today()):
            return []
        current = tracker.get_slot("product_sku")
        if phone_given_as_proof(tracker):
            dispatcher.utter_message(response="utter_phone_is_not_proof")
            return []
        if A_MOMENT.search(text):
            dispatcher.utter_message(response="utter_take_your_time")
            return []  # "hold on", "one sec, looking for the email"
        if _ONLY_A_NOD.match(text):
            dispatcher.utter_message(response="utter_affirm_without_context")
            return []  # "👍"
        if acknowledges(text):
            dispatcher.utter_message(response="utter_glad_its_clear")
            return []  # "ok good both shipped then"
        if backs_off(text) and not tracker.get_slot("pending"):
            dispatcher.utter_message(response="utter_deny_without_context")
            return []  # "nvm I just found the confirmation email, sorry"
        if utter_topics(dispatcher, text):
            return []  # "so how am i supposed to follow the package", "gümrük öder miyim"
        wanted = browse_request(text) if asks_to_shop(text) else None
        if wanted is not None:
            # "öğrenci için laptop bakıyorum, 700 euro civarı": that kind in stock, in budget.
            return await show_in_stock(client, dispatcher, tracker, wanted)
        named = named_products(tracker)
        if named and _PRICE_OR_STOCK.search(text):
            # "framework 13 vs thinkpad x1 carbon price?" heard as `inform` with no question
            # waiting (set BJ #38 answered one of them): each product's price and stock.
            stock = ActionCheckAvailability(self._client_factory)
            return list(await stock.run(dispatcher, tracker, domain))
        try:
            product = await variant_of(client, current, text) if current else None
            if product is None:
                # "do u have the ironwolf pro 12tb?": a product the NLU has never seen, found in
                # the live catalogue (an imported one too) by the words that aren't the question.
                product = await guessed_product(client, tracker)
        except BackendUnavailable:
            product = None  # a guess only: without the catalogue, ask to rephrase
        if product is not None:
            return await answer_availability(
                client, dispatcher, tracker, product.sku, self._today()
            )
        if current and await describes_the_product(client, str(current), text):
            # "16 GB 512 olan" after the MacBook Air 13 M3, 16 GB, 512 GB: that one.
            return await answer_availability(client, dispatcher, tracker, current, self._today())
        return None


# The state just shown, checked: "cool both shipped?", "so they're all in stock?".
_CHECKS_THE_STATE = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|cool|so|great|nice|wait|hm+)\W+)*(?:so\s+)?(?:both|all|everything"
    r"|it|they|both of them|all of them)(?:'s|'re| is| are| were| was| have| has)?(?: been| all)?"
    r"\s+(?:shipped|sent|delivered|in stock|cancell?ed|on (?:the|its|their) way)\s*\?+\s*$",
    re.I,
)
# Where a message should come, agreed: "telegram is fine", "here is ok", "bu sohbet olur".
_HERE_IS_FINE = re.compile(
    r"^\W*(?:ok\W+|yes\W+|sure\W+)?(?:telegram|here|this chat|in (?:the |this )?chat|chat"
    r"|buras[ıi]|buraya|bu sohbet|telegramdan?)\b[\w\s]{0,12}\b(?:is |would be |works?\b|olur|yeter"
    r"|fine|ok(?:ay)?|good|great|perfect)",
    re.I,
)


def said_email_incomplete(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "burak.90@example" (while the lookup asks for the proof, say): an email with its ending
    missing, said so (set BJ #44 got "Sorry, I can't help with that"); True when it was."""
    if not _PARTIAL_EMAIL.match(tracker.latest_message.get("text") or ""):
        return False
    dispatcher.utter_message(response="utter_email_incomplete")
    return True


def agreed_where(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "telegram is fine" right after a sign-up: the message comes here, said so (set BJ #31
    got "Sorry, I can't help with that"); True when that was the answer."""
    text = tracker.latest_message.get("text") or ""
    if not _HERE_IS_FINE.search(text) or not said_lately(
        tracker,
        2,
        lambda response, _: response.startswith(("utter_subscribed_", "utter_already_subscribed")),
    ):
        return False
    dispatcher.utter_message(response="utter_subscribed_where_agreed")
    return True


# An email typed without its ending: "burak.90@example", "ayse@", "ola@mail".
_PARTIAL_EMAIL = re.compile(
    r"^\s*(?:it'?s\s+|my email is\s+)?[\w.+-]+@(?:[\w-]+)?\s*[.!]?\s*$", re.I
)
# Two products weighed against each other: "X vs Y", "X or Y, which is cheaper".
_COMPARED = re.compile(r"\bvs\.?\b|\bversus\b|\bcompared (?:to|with)\b|\byoksa\b", re.I)
CORE_FALLBACK = "action_core_fallback"


class ActionCoreFallback(ActionFallback):
    """Rasa's core fallback (config.yml `core_fallback_action_name`): the NLU was sure of the
    intent but no rule answers it here ("the adobe one", heard as `inform` without a product,
    answering "cancel everything?"). Answered from what was just talked about, as a message the
    NLU was unsure of; otherwise asked to rephrase. The customer's message stays on the tracker
    (Rasa's own fallback takes it back); a rule listens after this action."""

    def name(self) -> str:
        return CORE_FALLBACK

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = await self.answered_in_context(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        text = tracker.latest_message.get("text") or ""
        if _NOTHING_ELSE.search(text) and "?" not in text:
            # "no i dont need anything else, just wanted you to know": a goodbye, not a riddle.
            dispatcher.utter_message(response="utter_goodbye")
            return []
        self.ask_to_rephrase(dispatcher, tracker)
        return []


# A short answer to a waiting question ("the adobe one"), at most this many words.
SHORT_ANSWER_WORDS = 4
# "hold on", "one sec", "wait a moment, let me find it", "bir saniye", "bekleyin bakıyorum".
A_MOMENT = re.compile(
    r"^\W*(?:ok\W+)?(?:hold on|hang on|one sec(?:ond)?|just a (?:sec(?:ond)?|moment|minute)"
    r"|wait a (?:sec(?:ond)?|moment|minute)|a moment|give me a (?:sec(?:ond)?|moment|minute)"
    r"|brb|be right back|back in a (?:sec(?:ond)?|moment|minute|bit)|gimme a (?:sec|min)\w*"
    r"|bir (?:saniye|dakika)|bekle(?:yin)?|hemen d[öo]n[üu]yorum|birazdan d[öo]ner\w*)\b",
    re.IGNORECASE,
)
# "just the two dell monitors", "only the ssd", "keep the 7900 xtx", "sadece monitörler".
_NARROWS = re.compile(r"\b(?:just|only|keep|except|sadece|yaln[ıi]zca|hari[çc]|kals[ıi]n)\b", re.I)
# "no i dont need anything else", "nothing else", "that's all", "başka bir şey yok".
_NOTHING_ELSE = re.compile(
    r"\b(?:(?:don'?t|dont|do not) need anything(?: else| more)?|nothing else|that'?s all"
    r"|that is all|ba[şs]ka (?:bir )?[şs]ey yok)\b",
    re.I,
)
# A thumbs up or a nod and nothing else: "👍", "👌🙏".
_ONLY_A_NOD = re.compile(
    r"^\s*(?:[\U0001F44D\U0001F44C\U0001F64F\u2705\u263A\U0001F642\U0001F60A]\S*\s*)+$"
)


# "ok good both shipped then", "got it", "tamam anladım": the answer taken, nothing asked.
_ACKNOWLEDGES = re.compile(
    r"^\W*(?:ok(?:ay)?|good|great|alright|all right|fine|cool|perfect|got it|i see|understood"
    r"|makes sense|tamam\w*|anlad[ıi]m|peki|s[üu]per)\b[^?]*$",
    re.IGNORECASE,
)
ACK_WORDS = 7


def acknowledges(text: str) -> bool:
    """Whether a short message only takes the answer in ("ok good both shipped then")."""
    return _ACKNOWLEDGES.match(text) is not None and len(text.split()) <= ACK_WORDS


def previous_intent(tracker: Tracker) -> str | None:
    """The intent of the customer's message before the latest one."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")


# "what's the closest thing you have", "next best?", "en yakını ne": something like it.
# "nvm found the package at my door", "it just arrived", "kargo geldi, buldum": it came.
_FOUND_IT = re.compile(
    r"\b(?:found|got) (?:it|them|the (?:package|parcel|box)|my (?:package|parcel|order|box))\b"
    r"|\b(?:at|on|by) my (?:front )?door(?:step)?\b|\b(?:it|they)(?:'s| is| are|'re| has| have)?"
    r" (?:just )?(?:arrived|here|came)\b|\bjust (?:arrived|came)\b|\b(?:geldi|buldum)\b",
    re.IGNORECASE,
)


# The bot's answers that end by offering a person: a yes to them is a yes to the person.
# "ok", "ok 👍", "alright", "tamam": a message only taking note.
_JUST_NOTED = re.compile(
    r"^\W*(?:ok(?:ay)?|k|alright|got it|noted|i see|tamam(?:d[ıi]r)?|anlad[ıi]m)\W*$", re.I
)
_OFFERS_A_PERSON = (
    "utter_limit_again",
    "utter_limit_again_question",
    "utter_limit_contact_phone",
    "utter_sorry_offer_person",
    "utter_sorry_not_good_enough",
    "utter_limit_replacement",
    "utter_limit_bulk_order",
    "utter_limit_licence_return",
    "utter_limit_gift_wrap",
    "utter_sorry_cancelled_unknown",
    "utter_cancelled_unknown_believed",
    "utter_shipped_return_instead",
    "utter_limit_who_can",
    "utter_why_ready_late",
    "utter_change_cannot_undo",
    "utter_feedback_low",
    "utter_limit_licence_key_missing",
    "utter_limit_licence_key_invalid",
    "utter_limit_missing_item",
    "utter_limit_reinstate",
    "utter_limit_not_home",
    "utter_limit_start_return",
    "utter_limit_installation",
)


# "my ssd", "where is my laptop??", "benim ekran kartım": an order's item, nothing more.
_MY_THING = re.compile(
    r"^\W*(?:(?:where(?:'s| is)?|and|what about|status of) )?my (?P<what>[\w ]{2,30}?)\W*$",
    re.IGNORECASE,
)
# "ok, how do I start that?", "so how do I do it", "how then?": asking to go ahead.
_HOW_THEN = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|yes|sure|fine|alright|right)\W+)?(?:so |then )?how (?:(?:do|can|would)"
    r" (?:i|we) )?(?:start|do|begin|go about|get)? ?(?:that|it|this|them)?(?: then)?\W*$"
    r"|^\W*how then\W*$|^\W*nas[ıi]l (?:yapar[ıi]m|ba[şs]lar[ıi]m)\W*$",
    re.IGNORECASE,
)


def takes_the_offered_person(tracker: Tracker) -> bool:
    """Whether a short "ok, how do I start that?" answers a reply that ended by offering a
    person ("… shall I pass this chat on to them?"): a yes to the person."""
    text = tracker.latest_message.get("text") or ""
    return _HOW_THEN.match(text) is not None and any(
        said_last_turn(tracker, offer) for offer in (*_OFFERS_A_PERSON, "utter_limit_again")
    )


class ActionAffirm(ReplyAction):
    """A yes with nothing waiting for it: a pick of the buttons just offered ("ok the first
    one"), a "when?" about the verified order ("ok so it ships when exactly?"), or else an
    offer of what to do next."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_affirm"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if thinks_it_over(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_take_your_time")
            return []  # "ok let me think about it": not a yes to anything
        if is_musing(tracker.latest_message.get("text") or ""):
            # "hm" after a person was offered in passing: no yes to anything (set BA #29).
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if answered_limit_followup(dispatcher, tracker, whole=True):
            return []  # "seriously? ok then how do i do it" right after a limit
        offered = [
            json.loads("{" + b["payload"].split("{", 1)[1])
            for b in offered_buttons(tracker)
            if intent_of(b["payload"]) == "cancel_order"
        ]
        skus = [str(o["product"]) for o in offered if "product" in o]
        if len(skus) > 1 and says_several(tracker.latest_message.get("text") or ""):
            # "yes both" to "which item do you want to cancel?": every line offered.
            propose = ActionProposeCancel(self._client_factory)
            return await propose.propose_skus(dispatcher, tracker, skus)
        choice = await answer_choice(dispatcher, tracker, domain, self._client_factory, agreed=True)
        if choice is not None:
            return choice
        if await answer_when(self._client_factory(), dispatcher, tracker, self._today()):
            return []
        just_said = {said for said, _ in last_turn(tracker)}
        just_changed = previous_action(tracker) in (
            "action_swap_confirmed",
            "action_cancel_confirmed",
        ) or any(said.startswith(("utter_swap_done", "utter_cancel_done")) for said in just_said)
        just_subscribed = any(said.startswith("utter_subscribed") for said in just_said)
        said_text = tracker.latest_message.get("text") or ""
        if not asks_for_a_person(said_text) and not just_changed and not just_subscribed:
            for verb, intent in _YES_TO_DO:
                if verb.search(said_text):
                    # "yes swap it", "ok cancel it", "yes notify me": that request, also right
                    # after a person was offered in passing (set AV #34 opened a ticket).
                    action = _action_for(intent, self._client_factory)
                    return list(await action.run(dispatcher, tracker, domain))
        if (
            not asks_for_a_person(said_text)
            # (Not once the cancellation it led to is made: "confirm" then is to that, set BO
            # #47 was offered to cancel what it had just cancelled.)
            and not just_changed
            and said_lately(
                tracker, 2, lambda response, _: response == "utter_swap_nothing_backordered"
            )
        ):
            # "ok go ahead" after "I can only swap items that wait; you can cancel it, or a
            # person can change it": which of the two.
            dispatcher.utter_message(response="utter_swap_which_way")
            return []
        if (
            _JUST_NOTED.match(said_text)
            and said_last_turn(tracker, "utter_sorry_offer_person")
            and not any(
                said_last_turn(tracker, offer)
                for offer in _OFFERS_A_PERSON
                if offer != "utter_sorry_offer_person"
            )
        ):
            # "ok 👍" after the dates and "if you'd like a person …, I can pass this chat on":
            # noted, not a yes to a person (set AN #48 opened a ticket).
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if asks_for_a_person(said_text) or any(
            said_last_turn(tracker, offer) for offer in _OFFERS_A_PERSON
        ):
            # "yes please" to "a person from our support team can change it for you", "shall I
            # pass this chat on?"; "yes please hand me over": the person.
            handoff = ActionHandoff(self._client_factory)
            return list(await handoff.run(dispatcher, tracker, domain))
        if just_changed:
            # "yes confirm" once the swap is made: it is, not "what would you like to do?".
            dispatcher.utter_message(response="utter_change_already_made")
            return []
        if just_subscribed:
            # "yes please, message me here on telegram" right after the sign-up: it's set.
            dispatcher.utter_message(response="utter_subscription_already_set")
            return []
        dispatcher.utter_message(response="utter_affirm_without_context")
        return []


# A yes that says what to do.
_YES_TO_DO = (
    (re.compile(r"\b(?:swap|switch|exchange|replace|değiştir\w*|degistir\w*)", re.I), "swap_item"),
    (re.compile(r"\b(?:cancel|iptal|remove|drop)", re.I), "cancel_order"),
    (
        re.compile(
            r"\b(?:notify|let me know|tell me when|sign me up|subscribe|keep me posted"
            r"|haber ver\w*|bildir\w*)",
            re.I,
        ),
        "subscribe_updates",
    ),
)
# What a typed choice can stand for: the buttons whose intent an action here answers.
CHOOSABLE = (
    "swap_item",
    "product_availability",
    "ask_alternatives",
    "subscribe_updates",
    "cancel_order",
)


async def answer_choice(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    client_factory: ClientFactory,
    agreed: bool = False,
) -> list[EventType] | None:
    """When the message picks one of the buttons just offered, what that button does (the
    events of its action); when it says "that one" (or, `agreed`, yes) to several, the buttons
    again; else None."""
    text = tracker.latest_message.get("text") or ""
    if _COMPARED.search(text) and len(named_products(tracker)) > 1:
        # "how much is the 4070 ti gaming oc vs the 7700 xt" after buttons with the 7700 XT: two
        # products compared, no choice of one (set BK #4 was proposed the swap to the 7700 XT).
        return None
    button, ask = picked(tracker, CHOOSABLE, agreed)
    if ask:
        dispatcher.utter_message(response="utter_which_one", buttons=ask)
        return []
    if button is None:
        return None
    action = _action_for(intent_of(button["payload"]), client_factory)
    return list(await action.run(dispatcher, as_pressed(tracker, button), domain))


def _action_for(intent: str, client_factory: ClientFactory) -> Action:
    actions: dict[str, Action] = {
        "swap_item": ActionProposeSwap(client_factory),
        "product_availability": ActionCheckAvailability(client_factory),
        "ask_alternatives": ActionSuggestAlternatives(client_factory),
        "subscribe_updates": ActionSubscribe(client_factory),
        "cancel_order": ActionProposeCancel(client_factory),
    }
    return actions[intent]


class ActionHelp(ReplyAction):
    """What the bot can do; with back-ordered items on the order verified in this chat ("what
    are my options?"), what can be done about them, with a button for each."""

    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_help"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if await answered_refund_amount(self._client_factory(), dispatcher, tracker):
            return []  # "so what do i get back, 329?" heard as asking what the bot does
        if takes_the_offered_person(tracker):
            # "ok, how do I start that?" right after "shall I pass this chat on?": the person.
            handoff = ActionHandoff(self._client_factory, agreed=True)
            return list(await handoff.run(dispatcher, tracker, domain))
        if answered_limit_followup(dispatcher, tracker, whole=True):
            return []  # "You can't?? then what do I do" right after a limit: who can
        if utter_topics(dispatcher, tracker.latest_message.get("text") or ""):
            # "what now? can you send me a replacement?", "how do i start the return?"; "can you
            # put one more Dell P2425H aside for me": "how much is it" next is about it.
            return await remembered_product(self._client_factory(), tracker)
        order = (
            await verified_order(self._client_factory(), tracker)
            if verified_credentials(tracker)
            else None
        )
        waiting = [ln for ln in order.lines if ln.status == "backordered"] if order else []
        if order is None or not waiting:
            dispatcher.utter_message(response="utter_help")
            return []
        dispatcher.utter_message(
            response="utter_help_backordered",
            order_number=order.order_number,
            items=", ".join(f"{ln.quantity} × {ln.name}" for ln in waiting),
        )
        return []


# Buying words beside a kind of product ("thinking of buying a laptop", "my daughter needs a
# laptop, budget 700", "oyun için laptop arıyorum"): a shopper, not a question out of scope.
# A price or stock question: "how much is it", "fiyatı ne", "stokta var mı", "kaç euro".
_PRICE_OR_STOCK = re.compile(
    r"\b(?:price|cost\w*|how much|in stock|available|fiyat\w*|ka[çc] (?:euro|para|tl|lira)"
    r"|ne kadar|stok\w*)\b",
    re.IGNORECASE,
)


class ActionOutOfScope(ReplyAction):
    """Out of scope, said so with what the bot does; but a shopper who names a kind of product
    the NLU took for small talk ("I am thinking of buying a laptop for my grandson") is shown
    what is in stock of it."""

    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_out_of_scope"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if agreed_where(dispatcher, tracker):
            return []
        text = tracker.latest_message.get("text") or ""
        if said_email_incomplete(dispatcher, tracker):
            return []
        choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
        if choice is not None:
            return choice  # "the wd 2tb is fine" after the swap buttons
        if _ONLY_A_NOD.match(text) or acknowledges(text):
            dispatcher.utter_message(response="utter_glad_its_clear")
            return []  # a closing "👍", "ok good both shipped then"
        if found_it_elsewhere(text):
            # "nvm found it in my email" while the bot asks for the order's details: what they
            # wanted is found, and the lookup ends.
            dispatcher.utter_message(response="utter_glad_you_found_it")
            return leaves_the_lookup(tracker)
        if _FOUND_IT.search(text) and "?" not in text:
            dispatcher.utter_message(response="utter_glad_it_arrived")
            # "nvm found the package at my door 😅", also while the lookup asks for the proof:
            # nothing left to look up.
            return ends_the_lookup(tracker)
        if tracker.get_slot("product_sku") and CLOSEST.search(text):
            # "ugh. what's the closest thing you have" right after the 4090 is out of stock.
            alternatives = ActionSuggestAlternatives(self._client_factory)
            return list(await alternatives.run(dispatcher, tracker, domain))
        sized = await another_size(self._client_factory(), tracker)
        if sized is not None:
            # "13 inç olan kaç euro" after the MacBook Air 15: the 13-inch one.
            return await answer_availability(
                self._client_factory(), dispatcher, tracker, sized.sku, settings_today()
            )
        if named_products(tracker) and _PRICE_OR_STOCK.search(text):
            # "wd black 2tb fiyatı ne" heard as out of scope: its price and stock.
            stock = ActionCheckAvailability(self._client_factory)
            return list(await stock.run(dispatcher, tracker, domain))
        if _PRICE_OR_STOCK.search(text) and tracker.get_slot("product_sku"):
            # "how much" right after a product's stock: that product's price.
            stock = ActionCheckAvailability(self._client_factory)
            return list(await stock.run(dispatcher, tracker, domain))
        if _PRICE_OR_STOCK.search(text):
            # "BenQ olan kaç para" after a list: a product the NLU didn't mark.
            try:
                guess = await guessed_product(self._client_factory(), tracker)
            except BackendUnavailable:
                guess = None
            if guess is not None:
                return await answer_availability(
                    self._client_factory(), dispatcher, tracker, guess.sku, settings_today()
                )
        if phone_given_as_proof(tracker):
            dispatcher.utter_message(response="utter_phone_is_not_proof")
            return []
        if answered_limit_followup(dispatcher, tracker, whole=True):
            # "seriously? then what do I do, it's going to my old flat" after the address limit.
            return []
        if utter_topics(dispatcher, text):
            # "can you reserve a 4090 until friday?": the 4090 is the product talked about.
            return await remembered_product(self._client_factory(), tracker)
        wanted = browse_request(text) if asks_to_shop(text) else None
        # "BenQ is expensive.. anything else 4K?" after the monitors: that kind again.
        wanted = wanted or browse_in_context(text, _kind_talked_about(tracker))
        if wanted is not None:
            return await show_in_stock(self._client_factory(), dispatcher, tracker, wanted)
        if A_MOMENT.search(text):
            dispatcher.utter_message(response="utter_take_your_time")
            return []  # "brb"
        if await answer_when(self._client_factory(), dispatcher, tracker, settings_today()):
            return []  # "so? give me a date" about the order verified here
        mine = (
            await verified_order(self._client_factory(), tracker) if asks_the_status(text) else None
        )
        if mine is not None:
            # "what's the status of everything" right after the order: each line, as it stands.
            answer_lines(dispatcher, mine, mine.lines, settings_today(), language(tracker))
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


def _kind_talked_about(tracker: Tracker) -> str | None:
    """The kind of product last talked about: a list's kind, else the product's ("MON-…")."""
    kind = tracker.get_slot("product_kind")
    sku = tracker.get_slot("product_sku")
    return str(kind) if kind else str(sku).split("-")[0].upper() if sku else None
