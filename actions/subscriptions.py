"""Updates: subscribe this conversation to an order or a product, list, unsubscribe."""

from __future__ import annotations

import contextlib
import copy
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    NotFound,
    OrderNotFound,
    ProductNotFound,
    Subscription,
)
from actions.cancel import CANCEL_WORD, ActionProposeCancel
from actions.choice import as_pressed, chosen_button, takes_it
from actions.common import (
    NEXT_EMAIL,
    NEXT_LISTEN,
    NEXT_VERIFY,
    ClientFactory,
    ReplyAction,
    channel_of,
    clear_pending,
    keeps_the_order,
    language,
    last_turn,
    latest_entity,
    latest_intent,
    never_raises,
    next_step,
    payload,
    previous_action,
    said_last_turn,
    say_verify_first,
    says_dont_change,
    settings_today,
    thinks_it_over,
    verified_credentials,
)
from actions.formatting import normalise_order_number, parse_email
from actions.lines import asks_to_send, holds_no_place, lines_named, verified_order
from actions.orders import (
    answer_named_lines,
    answer_when,
    answered_key_request,
    look_up_given_order,
    with_slots,
)
from actions.phrases import phrase
from actions.products import (
    ASKS_STOCK,
    guessed_product,
    product_query,
    product_words,
    remembered_product,
    reports_arrival_with_thanks,
    resolve_product,
)
from actions.resume import asks_in_words, resumable
from actions.swap import ActionProposeSwap
from actions.tone import sounds_upset
from actions.topics import answered_limit_followup, asked_topics, utter_topics

ALL = re.compile(
    r"\b(all|every|everything|heps[ıi]\w*|t[üu]m[üu]\w*|b[üu]t[üu]n\w*)\b", re.IGNORECASE
)
# Words of a question about notifications themselves.
_ABOUT_UPDATES = re.compile(
    r"\b(?:notif\w*|alert\w*|updates?|subscri\w*|messages?|bildirim\w*|abone\w*|haber\w*)",
    re.IGNORECASE,
)
# "and also the G7", "the 4070 too", "same for the samsung": one more product to follow.
ALSO = re.compile(r"\b(?:also|too|as well|same for|ayr[ıi]ca|bir de)\b", re.IGNORECASE)
# "notify me when my order changes", "updates on my purchase": an order not yet verified here.
ABOUT_AN_ORDER = re.compile(r"\b(?:orders?|purchase|package|parcel|delivery|sipari\w*)\b", re.I)


_ABOUT_NOTIFICATIONS = re.compile(
    r"\b(?:notif\w*|alerts?|updates?|messages?|subscri\w*|bildirim\w*|abonelik\w*"
    r"|haber\w*|mesaj\w*)\b",
    re.IGNORECASE,
)
_ABOUT_NOTIFICATIONS = re.compile(
    r"\b(?:notif\w*|alerts?|updates?|messages?|subscri\w*|bildirim\w*|abonelik\w*"
    r"|haber\w*|mesaj\w*)\b",
    re.IGNORECASE,
)
# "which notifications am I signed up for?", "what alerts do I have", "hangi bildirimlerim var".
_ASKS_WHICH = re.compile(
    r"\b(?:which|what|list|show)\b[^.?!]{0,25}\b(?:notifications?|alerts?|subscriptions?)\b"
    r"[^.?!]{0,25}\b(?:signed up|subscribed|have|active|on)\b"
    r"|\bhangi (?:bildirim|abonelik)\w*",
    re.IGNORECASE,
)
# "let me know by email", "e-mail me", "e-posta ile haber verin".
_BY_EMAIL = re.compile(
    r"\b(?:by|via|through|per|on) e-?mail\b|\be-?mail me\b|\be-?posta (?:ile|yoluyla)\b",
    re.IGNORECASE,
)


# "will you email me a confirmation?", "do I get a confirmation email": where the change shows.
_CONFIRMATION_ASKED = re.compile(
    r"\b(?:e-?mail|send|get)\b[^.?!]{0,25}\bconfirmation\b|\bconfirmation (?:e-?)?mail\b"
    r"|\bonay (?:e-?postas|mail)\w*",
    re.IGNORECASE,
)


# "keep it", "keep them": the change waiting for a yes is not wanted.
_KEEP_IT = re.compile(r"\bkeep (?:it|them|the order|my order)\b|\bkals[ıi]n\b", re.I)
# "when does it come? tell me when it's here": a date asked beside the sign-up.
# "just tell me when they ship", "can you tell me when it arrives": the date asked now...
_TELL_ME_WHEN = re.compile(
    r"\b(?:just|then|can you|could you|pls|please|so)\s+tell me when (?:they|it|the|my|those)\b",
    re.I,
)
# ...unless a message later is asked in so many words.
_A_MESSAGE_ASKED = re.compile(
    r"\b(?:let me know|notify|message|text me|ping|alert|inform|update|e-?mail|haber)\w*", re.I
)
_ASKS_WHEN = re.compile(r"\bwhen (?:does|will|do|is|are)\b|\bne zaman\b|\bany (?:date|eta)\b", re.I)


# "the 4070 super stays on the order", "I'll keep it": kept as it is.
_STAYS = re.compile(
    r"\b(?:stays?|remains?) (?:on|in) (?:the |my )?order\b|\bi'?ll keep (?:it|them|the \w+)\b",
    re.IGNORECASE,
)
# "is the 7900 xtx shipping soon", "will it arrive this week": a question, not a sign-up.
_ASKS_IF_IT_SHIPS = re.compile(
    r"\b(?:is|are|will|does|do|did|has|have)\b[^.?!]{0,40}\b(?:ship\w*|arriv\w*|com(?:e|ing)"
    r"|leav\w*|sent|dispatch\w*|go(?:ing)? out)\b",
    re.IGNORECASE,
)


# Words that ask to be told: "will you tell me when it ships" is a sign-up after all.
_TELL_ME = re.compile(
    r"\b(?:tell|message|text|ping|notify|alert|inform|update|email|e-mail) (?:me|us)\b"
    # ("let me guess, still on its way" asks for nothing.)
    r"|\blet (?:me|us) know\b"
    r"|\bsubscri\w*|\bsign (?:me |us )?up\b|\bnotif\w*|\bhaber\w*|\bbildir\w*",
    re.IGNORECASE,
)


class ActionSubscribe(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_subscribe"

    @resumable("subscribe")
    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("pending") and (says_dont_change(text) or _KEEP_IT.search(text)):
            # "hmm no wait, keep it. just tell me when it ships" while a cancellation waits:
            # kept, then the sign-up.
            dispatcher.utter_message(response="utter_kept_order")
            tracker = copy.deepcopy(tracker)
            tracker.slots.update({"pending": None, "pending_detail": None})
            signed = await self.run(dispatcher, tracker, domain)
            return [*clear_pending(), *signed]
        if await answered_key_request(
            self._client_factory(), dispatcher, tracker, settings_today()
        ):
            # "just send me the licence key by email now" heard as a sign-up.
            return [next_step(NEXT_LISTEN)]
        if _CONFIRMATION_ASKED.search(text) and not asks_in_words(text, "subscribe"):
            # "thanks. will you email me a confirmation?" after a cancellation heard as a
            # sign-up (set BE #49 signed up for an order cancelled in full): where it shows.
            dispatcher.utter_message(response="utter_change_confirmation")
            return [next_step(NEXT_LISTEN)]
        if (
            sounds_upset(text)
            and not asks_in_words(text, "subscribe")
            and not _TELL_ME.search(text)
        ):
            # "let me guess, the 4060 ti is still 'on its way' 😂" heard as a sign-up: an
            # apology with the facts, nobody asked for messages.
            from actions.limits import ActionFrustration  # built on this module

            return list(
                await ActionFrustration(self._client_factory).run(dispatcher, tracker, domain)
            )
        if reports_arrival_with_thanks(tracker) and not _TELL_ME.search(text):
            # "the 990 pro already arrived btw, thanks" heard as a sign-up: glad to hear it.
            dispatcher.utter_message(response="utter_glad_it_arrived")
            return [next_step(NEXT_LISTEN)]
        if _STAYS.search(text) and not asks_in_words(text, "subscribe"):
            # "the 4070 super stays on the order": kept, nobody asked for messages.
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        if (
            _ASKS_IF_IT_SHIPS.search(text)
            and not asks_in_words(text, "subscribe")
            and not _TELL_ME.search(text)
            and verified_credentials(tracker) is not None
            and await answer_named_lines(
                self._client_factory(), dispatcher, tracker, settings_today()
            )
        ):
            # "ok, also is the 7900 xtx shipping soon" heard as a sign-up: when it ships.
            return [next_step(NEXT_LISTEN)]
        if (
            thinks_it_over(text)
            and not asks_in_words(text, "subscribe")
            and not _TELL_ME.search(text)
        ):
            # "ok let me think about it" after "want me to tell you when it's back?": no. (But
            # "onu düşüneceğim, kingston gelince bana haber verir misiniz" asks for it.)
            dispatcher.utter_message(response="utter_take_your_time")
            return [next_step(NEXT_LISTEN)]
        limits = [r for r in asked_topics(text) if r.startswith("utter_limit_")]
        if limits and not asks_in_words(text, "subscribe"):
            # "can someone help me install the ESET thing on my laptops when it arrives?": the
            # installation, not a message when the order changes. ("can you reserve a Samsung
            # 990 Pro 2TB for me": "what's the price of it" next is about it.)
            utter_topics(dispatcher, text)
            remembered = await remembered_product(self._client_factory(), tracker)
            return [next_step(NEXT_LISTEN), *remembered]
        if (
            asks_to_send(text)
            and not asks_in_words(text, "subscribe")
            and verified_credentials(tracker) is not None
            and await answer_named_lines(
                self._client_factory(), dispatcher, tracker, settings_today()
            )
        ):
            # "and ship the samsung ones asap pls" heard as a sign-up: when they go, not a
            # message when the order changes.
            return [next_step(NEXT_LISTEN)]
        if "utter_limit_reservation" in asked_topics(text) and not _ABOUT_NOTIFICATIONS.search(
            text
        ):
            # "can you keep one rtx 4080 super for me until friday?" heard as a sign-up: nothing
            # is held, and nobody asked for a message.
            dispatcher.utter_message(response="utter_limit_reservation")
            return [next_step(NEXT_LISTEN)]
        if "utter_fact_queue_holds" in asked_topics(text) and verified_credentials(tracker) is None:
            # "bana bir tane ayırabilir misiniz, gelince alırım" from a shopper with no order:
            # nothing is held without one.
            dispatcher.utter_message(response="utter_limit_reservation")
            return [next_step(NEXT_LISTEN)]
        if "utter_fact_queue_holds" in asked_topics(text):
            # "4060 ti'lar gelince bana ayırır mısınız": the queue holds them already; the
            # customer asked for no message. (Not for a product no line of theirs waits on:
            # "can you reserve one for me when they come back" about one more 4070.)
            if await holds_no_place(self._client_factory(), tracker):
                dispatcher.utter_message(response="utter_limit_reservation")
            else:
                utter_topics(dispatcher, text)
            return [next_step(NEXT_LISTEN)]
        if (
            _TELL_ME_WHEN.search(text)
            and not _A_MESSAGE_ASKED.search(text)
            and verified_credentials(tracker) is not None
            and await answer_when(self._client_factory(), dispatcher, tracker, settings_today())
        ):
            # "ok. then just tell me when they ship": the date now, not a message later (set
            # BJ #25 signed up instead).
            return [next_step(NEXT_LISTEN)]
        if _ASKS_WHEN.search(text) and verified_credentials(tracker) is not None:
            # "ekran kartı ne zaman gelir peki? gelince haber verebilir misiniz": the date too.
            await answer_named_lines(self._client_factory(), dispatcher, tracker, settings_today())
        swap = chosen_button(tracker, ("swap_item",))
        if swap is not None and takes_it(text):
            # "give me the 7800 xt nitro+ then" after the swap buttons: that swap.
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, as_pressed(tracker, swap), domain))
        if _ASKS_WHICH.search(text):
            # "which notifications am I signed up for?" heard as a sign-up: the list.
            listing = ActionListSubscriptions(self._client_factory)
            return [*await listing.run(dispatcher, tracker, domain), next_step(NEXT_LISTEN)]
        client = self._client_factory()
        verified = verified_credentials(tracker)
        asked_number = normalise_order_number(latest_entity(tracker, "order_number"))
        query = (
            None
            if _named_beside_the_request(tracker)
            else _named_in_the_request(tracker) or product_query(tracker)
        )
        target: dict[str, str] | None = None
        # ("ok keep the 4080 super, but tell me when the 4090 is available": the 4090, which
        # no line is, is followed; set BG #44 followed the order.)
        if verified is not None and query and await _names_a_line(client, tracker, query):
            # "tell me if anything changes with the cpu": a line of the verified order is
            # followed with its order, which hears of every change to it.
            query = None
            asked_number = verified[0]
        guessed = (
            await guessed_product(client, tracker)
            if not (query or asked_number) and _may_name_another_product(tracker)
            else None
        )
        earlier = (
            await _earlier_product_named(client, tracker)
            if not (query or asked_number or guessed)
            else None
        )
        if query:
            resolved = await resolve_product(client, dispatcher, query, "subscribe_updates")
            if resolved.sku is None:
                return [next_step(NEXT_LISTEN)]
            target = {"sku": resolved.sku, "name": resolved.name or resolved.sku}
        elif guessed is not None and not await _names_a_line(client, tracker):
            # "and also the G7": a product the NLU doesn't know, found in the live catalogue.
            target = {"sku": guessed.sku, "name": guessed.name}
        elif earlier is not None:
            # "ok just the notification for the oled please" after the Dell's stock: the OLED
            # talked about before it (set BK #13 answered about the Dell).
            target = {"sku": earlier[0], "name": earlier[1]}
        elif asked_number:
            if verified is None or verified[0] != asked_number:
                say_verify_first(dispatcher, tracker)
                return [next_step(NEXT_VERIFY)]
            target = {"order_number": asked_number}
        elif tracker.get_slot("subscription_target"):
            target = dict(tracker.get_slot("subscription_target"))
        elif tracker.get_slot("product_sku") and (
            ASKS_STOCK.search(tracker.latest_message.get("text") or "")
            or previous_action(tracker) == "action_subscribe"
            # "let me know when it is please" right after "the i5-14600K is out of stock"
            or any(
                said.startswith(("utter_availability_out", "utter_restock_"))
                for said, _ in last_turn(tracker)
            )
        ):
            # "tell me when it is in stock again" after talking about a product: that product,
            # even with an order verified here; a line of that order is followed with its order
            # ("notify me when they're back" after cancelling one of its three 990 Pros).
            target = {"sku": str(tracker.get_slot("product_sku"))}
            # ("I'll keep waiting for the G14s. let me know when they're in" after the RTX 4060
            # card: the order's laptops, named, not the card.)
            mine = await verified_order(client, tracker) if verified is not None else None
            if mine is not None and (
                any(ln.sku == target["sku"] and ln.status == "backordered" for ln in mine.lines)
                # ("send me a message when the card is available" after the Samsung SSD: the
                # order's waiting card.)
                or any(ln.status == "backordered" for ln in lines_named(mine, text))
            ):
                target = {"order_number": mine.order_number}
        elif verified is not None:
            target = {"order_number": verified[0]}
        elif ABOUT_AN_ORDER.search(tracker.latest_message.get("text") or ""):
            # Verified first; then this request goes on (actions/resume.py).
            say_verify_first(dispatcher, tracker)
            return [next_step(NEXT_VERIFY)]
        elif tracker.get_slot("product_sku"):
            sku = str(tracker.get_slot("product_sku"))
            target = {"sku": sku}  # named by the backend's subscription (describe)
        if target is None:
            dispatcher.utter_message(response="utter_ask_subscription_target")
            return [next_step(NEXT_LISTEN)]

        if (
            "sku" in target
            and target["sku"] == tracker.get_slot("product_sku")
            and said_last_turn(tracker, "utter_availability_in_stock")
        ):
            # "can i get a message when it's back in stock" right after the Zephyrus was said to
            # have 1 left: it is in stock now (a message would only come after it sold out).
            dispatcher.utter_message(response="utter_subscribe_in_stock_now")
            return [next_step(NEXT_LISTEN)]
        channel, address = channel_of(tracker)
        if channel == "web":
            address = tracker.get_slot("subscription_email") or (
                tracker.get_slot("email") if "order_number" in target else None
            )
            if not address:
                return [SlotSet("subscription_target", target), next_step(NEXT_EMAIL)]
        assert address is not None
        if channel != "web" and _BY_EMAIL.search(text):
            # "could you let me know by email when it is sent?" on Telegram: here, not by email.
            dispatcher.utter_message(response="utter_subscribe_in_chat_not_email")
        lang = language(tracker)
        events: list[EventType] = [SlotSet("subscription_target", None), next_step(NEXT_LISTEN)]
        if "sku" in target:
            # The product talked about now: "yes notify me" next is about it (already done).
            events.append(SlotSet("product_sku", target["sku"]))
        try:
            if "sku" in target:
                subscription, created = await client.subscribe(
                    tracker.sender_id, channel, address, sku=target["sku"], language=lang
                )
            else:
                if verified is None:
                    say_verify_first(dispatcher, tracker)
                    return [next_step(NEXT_VERIFY)]
                _, email, postal_code = verified
                order = await verified_order(client, tracker)
                if order is not None and not any(
                    ln.status in ("backordered", "ready") for ln in order.lines
                ):
                    # Everything shipped or cancelled: no change is left to tell about.
                    dispatcher.utter_message(
                        response="utter_subscribe_nothing_open", order_number=order.order_number
                    )
                    return events
                subscription, created = await client.subscribe(
                    tracker.sender_id,
                    channel,
                    address,
                    order_number=target["order_number"],
                    email=email,
                    postal_code=postal_code,
                    language=lang,
                )
        except OrderNotFound:
            say_verify_first(dispatcher, tracker)
            return [SlotSet("verified_order_number", None), next_step(NEXT_VERIFY)]
        except ProductNotFound:
            dispatcher.utter_message(response="utter_product_not_found", query=target["sku"])
            return events
        shown_address = (
            phrase("this_chat", lang)
            if channel == "telegram"
            else phrase("email_address", lang, address=subscription.address)
        )
        if not created:
            dispatcher.utter_message(
                response="utter_already_subscribed",
                target=describe(subscription, target.get("name"), lang),
                address=shown_address,
            )
        elif "sku" in target:
            dispatcher.utter_message(
                response="utter_subscribed_product",
                name=describe(subscription, target.get("name"), lang),
                address=shown_address,
            )
        else:
            dispatcher.utter_message(
                response="utter_subscribed_order",
                order_number=target["order_number"],
                address=shown_address,
            )
        return events


class ValidateSubscriptionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_subscription_form"

    def validate_subscription_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if isinstance(slot_value, list):
            slot_value = slot_value[-1] if slot_value else None
        email = parse_email(slot_value)
        if email is None and slot_value is not None:
            dispatcher.utter_message(response="utter_invalid_subscription_email")
        return {"subscription_email": email}


class ActionListSubscriptions(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_list_subscriptions"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        client = self._client_factory()
        text = tracker.latest_message.get("text") or ""
        if not _ABOUT_UPDATES.search(text) and answered_limit_followup(dispatcher, tracker, True):
            return []  # "I've checked spam already" after the missing key's answer: a person
        # "the licence i got already, the ryzen is what i'm waiting for": about the order (one
        # lookup, in answer_named_lines).
        if not _ABOUT_UPDATES.search(text) and await answer_named_lines(
            client, dispatcher, tracker, settings_today()
        ):
            return []
        subscriptions = await client.subscriptions(tracker.sender_id)
        if (
            not subscriptions
            and not _ABOUT_UPDATES.search(text)
            and not verified_credentials(tracker)
        ):
            # "my monitors" heard as a question about notifications: an order to look up.
            dispatcher.utter_message(response="utter_ask_order_number")
        elif not subscriptions:
            dispatcher.utter_message(response="utter_subscriptions_none")
        else:
            dispatcher.utter_message(
                response="utter_subscriptions_list",
                targets="; ".join(describe(s, language=language(tracker)) for s in subscriptions),
            )
        return []


class ActionUnsubscribe(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_unsubscribe"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        client = self._client_factory()
        conversation = tracker.sender_id
        chosen = latest_entity(tracker, "subscription_id")
        text = tracker.latest_message.get("text") or ""
        if chosen is None and "utter_limit_marketing_emails" in asked_topics(text):
            # "and don't send me marketing emails either": newsletters, not this chat's updates.
            dispatcher.utter_message(response="utter_limit_marketing_emails")
            return [next_step(NEXT_LISTEN)]
        if (
            chosen is None
            and tracker.get_slot("pending")
            and keeps_the_order(text)
            and not _ABOUT_NOTIFICATIONS.search(text)
        ):
            # "hmm thats a lot more. forget it i'll wait for the samsung" while a swap waits for
            # a yes: the change is off and the order stays, no notification stopped.
            dispatcher.utter_message(response="utter_kept_order")
            return clear_pending()
        if chosen is None and CANCEL_WORD.search(text) and not _ABOUT_NOTIFICATIONS.search(text):
            # "ok then cancel one of them" about the verified order, "100160 29530 please cancel
            # one of the three arc a770s", heard as stopping the notifications: the order (when
            # the message gives it), then that cancellation, to confirm.
            found = await look_up_given_order(
                self._client_factory, settings_today, dispatcher, tracker, domain
            )
            given = with_slots(tracker, found) if found else tracker
            if verified_credentials(given) is not None:
                propose = ActionProposeCancel(self._client_factory)
                return [*found, *await propose.run(dispatcher, given, domain)]
        if chosen == "all" or (chosen is None and ALL.search(text)):
            ended = await client.unsubscribe_all(conversation)
            if ended == 1:
                dispatcher.utter_message(response="utter_unsubscribed_the_only")
            elif ended:
                dispatcher.utter_message(response="utter_unsubscribed_all", count=ended)
            else:
                dispatcher.utter_message(response="utter_subscriptions_none")
            return []
        subscriptions = await client.subscriptions(conversation)
        lang = language(tracker)
        if chosen is not None:
            subscriptions = [s for s in subscriptions if str(s.id) == chosen]
        else:
            subscriptions = _matching(subscriptions, tracker) or subscriptions
        if not subscriptions:
            dispatcher.utter_message(response="utter_subscriptions_none")
            return []
        if len(subscriptions) > 1:
            buttons = [
                {
                    "title": describe(s, language=lang),
                    "payload": payload("unsubscribe_updates", subscription_id=str(s.id)),
                }
                for s in subscriptions
            ]
            buttons.append(
                {
                    "title": phrase("all_subscriptions", lang),
                    "payload": payload("unsubscribe_updates", subscription_id="all"),
                }
            )
            dispatcher.utter_message(response="utter_ask_which_subscription", buttons=buttons)
            return []
        subscription = subscriptions[0]
        # Already gone is fine: the customer's wish holds either way.
        with contextlib.suppress(NotFound):
            await client.unsubscribe(subscription.id, conversation)
        dispatcher.utter_message(
            response="utter_unsubscribed_one", target=describe(subscription, language=lang)
        )
        return []


def describe(subscription: Subscription, name: str | None = None, language: str = "en") -> str:
    """ "order 100042" ("100042 numaralı sipariş"), or the product's name ("RTX 4090 24 GB");
    the SKU only without a name."""
    if subscription.target == "order" or subscription.order_number:
        return phrase("order", language, order_number=subscription.order_number)
    return name or subscription.name or str(subscription.sku)


def _matching(subscriptions: list[Subscription], tracker: Tracker) -> list[Subscription]:
    number = normalise_order_number(latest_entity(tracker, "order_number"))
    if number:
        return [s for s in subscriptions if s.order_number == number]
    mention = latest_entity(tracker, "product")
    if mention:
        wanted = _squeezed(mention)
        return [
            s
            for s in subscriptions
            if any(wanted in _squeezed(label) for label in (s.sku, s.name) if label)
        ]
    # "remove the radeon one": a word of one subscription's product name, and of no other's.
    words = set(re.findall(r"[a-z0-9]+", (tracker.latest_message.get("text") or "").lower()))
    words -= _NOT_A_NAME
    named = [
        s for s in subscriptions if s.name and words & set(re.findall(r"[a-z0-9]+", s.name.lower()))
    ]
    return named if len(named) == 1 else []


# Words of a request to stop that are in product names too ("1", "tb", "the").
_NOT_A_NAME = {"the", "one", "a", "of", "for", "1", "2", "tb", "gb", "pro", "and", "i", "it"}


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _products_and_request(
    tracker: Tracker, parts: str
) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """The product mentions of the latest message, and the spans of its parts (cut by the
    characters of `parts`) that ask for messages."""
    text = tracker.latest_message.get("text") or ""
    products = [
        e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "product"
    ]
    asking = [
        m.span() for m in re.finditer(rf"[^{parts}]+[{parts}]*", text) if _TELL_ME.search(m.group())
    ]
    return products, asking


def _named_in_the_request(tracker: Tracker) -> str | None:
    """The one product named in the clause that asks for messages, when others are named
    elsewhere: "ok not interested in the 4080, just tell me when the 4090 is back" is the 4090
    (set BB #8 signed up for the 4080)."""
    products, asking = _products_and_request(tracker, ",;.!?")
    if len(products) < 2:
        return None
    inside = [
        str(e.get("value"))
        for e in products
        if any(s <= int(e.get("start") or 0) < t for s, t in asking)
    ]
    return inside[0] if len(inside) == 1 else None


def _named_beside_the_request(tracker: Tracker) -> bool:
    """Whether every product the message names is in a sentence other than the one asking for
    messages: "message me when it actually moves. the monitor and ssds came fine at least" is
    about the order, not the monitor."""
    products, asking = _products_and_request(tracker, ".!?")
    spans = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in products]
    return bool(spans and asking) and not any(
        start < end_s and end > start_s for start, end in spans for start_s, end_s in asking
    )


async def _names_a_line(client: BackendClient, tracker: Tracker, said: str | None = None) -> bool:
    """Whether the message (or `said`, the product asked to follow) names an open line of the
    verified order."""
    order = await verified_order(client, tracker)
    text = said if said is not None else tracker.latest_message.get("text") or ""
    # A line that has shipped or was cancelled has nothing left to follow on the order:
    # "notify me when the kc3000 is back" is about the product. Nor does one set aside from
    # stock wait for a restock: "notify me when the 870 evo 2tb is back in stock" beside the
    # two 870 EVO waiting only to ship is the shop's stock (set BM #33 followed the order).
    message = tracker.latest_message.get("text") or ""
    open_states = ("backordered",) if _BACK_IN_STOCK.search(message) else ("ready", "backordered")
    return order is not None and any(
        line.status in open_states for line in lines_named(order, text)
    )


_BACK_IN_STOCK = re.compile(
    r"\b(?:back in stock|in stock again|restock\w*|available again|tekrar stoğa|stoğa gir\w*)\b",
    re.I,
)


def _may_name_another_product(tracker: Tracker) -> bool:
    """Whether the message may name a product the NLU doesn't know, worth a catalogue search:
    "and also the G7", or a request for updates with a model number in it ("notify me about
    the 990pro")."""
    text = tracker.latest_message.get("text") or ""
    words = product_words(text) or ""
    if ALSO.search(text):
        return bool(words)
    return latest_intent(tracker) == "subscribe_updates" and bool(re.search(r"\d", words))


# Words that name no product: what a request for a message is made of.
_REQUEST_WORDS = frozenset(
    [
        "ok",
        "okay",
        "just",
        "only",
        "the",
        "a",
        "an",
        "for",
        "please",
        "pls",
        "notification",
        "notifications",
        "notify",
        "message",
        "me",
        "about",
        "of",
        "one",
        "it",
        "that",
        "this",
        "then",
        "and",
        "also",
        "yes",
        "yeah",
        "tell",
        "when",
        "its",
        "it's",
        "back",
        "in",
        "stock",
        "let",
        "know",
        "alert",
        "update",
        "updates",
        "want",
        "i",
        "need",
    ]
)
MAX_EARLIER_PRODUCTS = 4  # products talked about before, looked at for a word of their name


async def _earlier_product_named(client: BackendClient, tracker: Tracker) -> tuple[str, str] | None:
    """The product talked about earlier in the chat (not the latest) that the message names by
    a word of its name ("the oled"): its SKU and name; None when none or several."""
    text = tracker.latest_message.get("text") or ""
    words = set(re.findall(r"[a-z0-9]+", text.lower())) - _REQUEST_WORDS
    current = tracker.get_slot("product_sku")
    if not words or not current:
        return None
    earlier: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "product_sku":
            sku = event.get("value")
            if sku and sku != current and sku not in earlier:
                earlier.append(str(sku))
        if len(earlier) >= MAX_EARLIER_PRODUCTS:
            break
    if not earlier:
        return None
    named: list[tuple[str, str]] = []
    for sku in [str(current), *earlier]:
        try:
            product = await client.product_availability(sku)
        except BackendUnavailable:
            return None
        name = product.name or sku
        if words & set(re.findall(r"[a-z0-9]+", name.lower())):
            named.append((sku, name))
    # (Not when the latest product is named too: "notify me about the dell" is the Dell.)
    return named[0] if len(named) == 1 and named[0][0] != current else None
