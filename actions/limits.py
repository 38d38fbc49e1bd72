"""What the bot can't do here, said plainly, and frustration met with an apology and the facts.

A request the bot has no operation for (changing the address, a tracking number, a discount code,
an invoice, a damaged item, a payment problem, a phone number) gets its own answer: that the bot
can't do it in the chat, what the customer can do, and a person offered. Never an unrelated FAQ.

An angry customer gets an apology that names the problem. When their order is verified in this
chat, the apology names its back-ordered items and their lines follow, fresh from the backend
(or, when nothing waits on a supplier, every line, so the customer sees it is on its way);
otherwise the bot offers to look the order up or to pass the chat to a person.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.backend_schemas import Order
from actions.browse import browse_request, show_in_stock
from actions.cancel import (
    CANCEL_WORD,
    OPEN,
    ActionProposeCancel,
    asks_to_cancel,
    asks_to_swap,
    cancel_quantity,
    reduced_quantity,
)
from actions.choice import takes_it
from actions.common import (
    NEXT_LISTEN,
    NEXT_VERIFY,
    ClientFactory,
    ReplyAction,
    Today,
    backs_off,
    clear_pending,
    does_it_elsewhere,
    language,
    latest_entity,
    latest_intent,
    leaves_the_lookup,
    limit_again,
    never_raises,
    next_step,
    previous_action,
    said_last_turn,
    said_lately,
    says_dont_change,
    settings_today,
    thinks_it_over,
    verified_credentials,
    will_wait,
)
from actions.conversation import A_MOMENT, ActionFallback, answer_choice
from actions.feedback import ActionStoreFeedback, gives_a_rating, is_sarcastic_rating
from actions.formatting import normalise_order_number
from actions.handoff import ActionHandoff, asks_for_a_person
from actions.lines import (
    SPLIT_SHIPMENT,
    asks_if_together,
    asks_to_send,
    asks_to_split,
    lines_named,
    lines_to_send,
    verified_order,
)
from actions.orders import (
    BY_EMAIL,
    DIDNT_CANCEL,
    answer_lines,
    answer_named_lines,
    answered_key_request,
    asks_after_lines,
    asks_what_it_is,
    describe_line,
    look_up_given_order,
    not_received,
    reports_not_received,
    say_split_policy,
    with_slots,
)
from actions.products import (
    ASKS_STOCK,
    MAX_PRODUCTS_AT_ONCE,
    answer_availability,
    answered_price_difference,
    named_products,
    pick_match,
    remembered_product,
    skus_said_last_turn,
    spec_in_the_name,
)
from actions.resume import asks_in_words
from actions.swap import ActionProposeSwap, answered_swap_difference, proposed_other_swap
from actions.swap_price import answered_offer_differences, answered_swap_price
from actions.tone import ANGER, PLEASED
from actions.topics import (
    DAMAGE,
    HYPOTHETICAL,
    answered_limit_followup,
    asked_topics,
    said_a_limit,
    utter_topics,
)
from backorder_common.wording import join_and

# A price asked in a word or two: "prices?", "and the price?", "fiyatları?".
_JUST_PRICES = re.compile(
    r"^\W*(?:and |so )?(?:the |their |your )?(?:prices?|costs?|how much|fiyat\w*|ka[çc] para)\W*$",
    re.I,
)
# What a question about reaching the shop another way names.
_CONTACT = re.compile(
    r"\b(?:phone|call|ring|number|whats ?app|telephone|tel|contact|reach|hotline"
    r"|e-?mail (?:you|address)|telefon\w*|ara\w*|numara\w*|ileti[şs]im)\b",
    re.IGNORECASE,
)

LIMIT_INTENTS = (
    "change_order",
    "tracking",
    "discount",
    "invoice",
    "damaged_item",
    "payment_problem",
    "contact_phone",
)


def limit_response(intent: str, text: str, verified: bool = False) -> str | None:
    """The response that explains a limit, for the message's intent; None for other intents."""
    if intent not in LIMIT_INTENTS:
        return None
    if BY_EMAIL.search(text or "") and not verified:
        # "I don't have the number, can't you look it up by email?" heard as calling us.
        return "utter_order_number_not_by_email"
    specific = [t for t in asked_topics(text or "") if t.startswith("utter_limit_")]
    if intent == "change_order" and specific:
        return specific[0]  # "can you add a windows licence to this order": that limit
    if intent == "damaged_item" and "utter_limit_missing_item" in specific:
        return "utter_limit_missing_item"  # "only one of the two was in the box"
    if intent == "discount" and "utter_limit_compensation" in specific:
        return "utter_limit_compensation"  # "can I at least get a discount for the waiting"
    if intent == "discount" and "utter_limit_bulk_order" in specific:
        return "utter_limit_bulk_order"  # "can you give us a discount for that quantity?"
    if intent == "change_order" and _REPLACEMENT.search(text or ""):
        return "utter_limit_damaged_item"  # "can you send a new one" for a dead drive
    if intent == "change_order" and SPLIT_SHIPMENT.search(text or ""):
        return "utter_limit_split_shipment"
    if intent == "contact_phone" and not verified and _A_MOMENT_TO_LOOK.search(text or ""):
        # "hmm hang on I need to find the email": time to look, not a lecture on privacy (set
        # BN #27).
        return "utter_take_your_time"
    if intent == "contact_phone" and not _CONTACT.search(text or ""):
        # "uh it's for work, i have to find the email": not a question about calling us; with
        # the order already found ("can you send it to my email or do I ask someone?") the
        # verification help is no answer: a person is.
        return "utter_limit_again" if verified else "utter_verification_help"
    return f"utter_limit_{intent}"


# "hang on", "one sec", "let me look for it": the customer goes to find the details.
_A_MOMENT_TO_LOOK = re.compile(
    r"\b(?:hold on|hang on|one sec(?:ond)?|just a (?:sec(?:ond)?|moment|minute)|a moment"
    r"|wait a (?:sec(?:ond)?|moment|minute)|give me a (?:sec(?:ond)?|moment|minute)|brb"
    r"|let me (?:find|check|look)|bir (?:saniye|dakika)|bakay[ıi]m|bak[ıi]yorum)\b",
    re.IGNORECASE,
)


# Limits a swap request is heard as.
_SWAP_HEARD_AS = ("product_advice", "change_order", "discount")


_DISCOUNT_ASKED = re.compile(r"\bdiscount\w*|\bindirim\w*|\bcheaper for me\b", re.IGNORECASE)
# "price?", "and the price", "how much?", "fiyatı?": nothing but the price asked.
_JUST_THE_PRICE = re.compile(
    r"^\W*(?:and |ok |so )?(?:the |its |it'?s )?(?:price|cost|how much(?: is it)?|fiyat\w*"
    r"|ne kadar)\W*$",
    re.IGNORECASE,
)


# "keep everything", "leave it as it is", "her şey kalsın": the order stays.
_KEEP_ALL = re.compile(
    r"^\W*(?:ok(?:ay)?\W+|fine\W+|then\W+)?(?:keep (?:everything|it all|all of it|the order"
    r"|my order|them all)|leave (?:it|everything|the order) (?:as it is|as is|alone)"
    r"|her [şs]ey kals[ıi]n|hepsi kals[ıi]n)\b",
    re.I,
)
# A limit just said, taken: "ok no discount then", "fine, so no tracking number then".
_SETTLED = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|fine|alright|right|understood|got it|i see|hmm+)\W+)?(?:so\s+)?"
    r"no\s+[\w ]{1,25}?\s+(?:then|either)\b\W*",
    re.I,
)


class ActionExplainLimit(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_explain_limit"

    async def _sku_on_order(self, tracker: Tracker) -> bool:
        """Whether the product talked about is a line of the order verified in this chat; True
        when no product is talked about (the queue's answer is then about the order's lines)."""
        sku = tracker.get_slot("product_sku")
        if not sku:
            return True
        order = await verified_order(self._client_factory(), tracker)
        # (Waiting on it: "one more 4070 windforce" beside the three that shipped holds no place.)
        return order is not None and any(
            line.sku == sku and line.status == "backordered" for line in order.lines
        )

    async def _waiting_line_talked_about(self, tracker: Tracker) -> bool:
        """Whether the verified order has a back-ordered line that is the product talked about,
        or (none talked about) its only back-ordered line."""
        if verified_credentials(tracker) is None:
            return False
        order = await verified_order(self._client_factory(), tracker)
        waiting = [ln for ln in order.lines if ln.status == "backordered"] if order else []
        text = tracker.latest_message.get("text") or ""
        if order is not None and any(
            ln in waiting for ln in lines_named(order, text, by_kind=False)
        ):
            # "can you reserve 2 of the G7 for me from the next delivery?" with the G7 waiting.
            return True
        if named_products(tracker):
            return False  # "can you reserve a Samsung 990 Pro 2TB for me": another product
        sku = tracker.get_slot("product_sku")
        return any(ln.sku == sku for ln in waiting) if sku else len(waiting) == 1

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # "i need the tracking number for order 100290, postal code 03739": the order first,
        # found with what the message gives, then what can't be done about it.
        found = await look_up_given_order(
            self._client_factory, self._today, dispatcher, tracker, domain
        )
        if found:
            return [*found, *await self._answer(dispatcher, with_slots(tracker, found), domain)]
        # "forget it, i'll call you" while the lookup asks for the email: answered, and the
        # lookup ends.
        return [*await self._answer(dispatcher, tracker, domain), *leaves_the_lookup(tracker)]

    async def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if _KEEP_ALL.search(text) and "?" not in text and said_a_limit(tracker, turns=2):
            # "keep everything. i'll ask the building to receive it" after the address limit:
            # the order stays as it is (set BK #38 got the limit again).
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending()]
        settled = _SETTLED.match(text)
        if settled and said_a_limit(tracker, turns=2):
            # "ok no discount then. can we pay by bank transfer": the limit taken, and the new
            # question answered (set BK #22 got the discount limit again).
            rest = text[settled.end() :]
            if not utter_topics(dispatcher, rest):
                dispatcher.utter_message(response="utter_anything_else")
            return []
        if asks_for_a_person(text):
            # "ok then please pass me to someone who can change the address": the person, not
            # the limit again with the offer of one (set BD #6).
            return list(await ActionHandoff(self._client_factory).run(dispatcher, tracker, domain))
        if "utter_limit_reservation" in asked_topics(
            text
        ) and await self._waiting_line_talked_about(tracker):
            # "can you reserve one for me from the next delivery" right after the back-ordered
            # Crucial of their order: it holds its place in the queue already.
            dispatcher.utter_message(response="utter_fact_queue_holds")
            return []
        if "utter_fact_queue_holds" in asked_topics(text) and not await self._sku_on_order(tracker):
            # "can you reserve one for me when it comes in? I'm a customer, order 100225" about
            # the 4090, which no order of theirs holds: nothing is reserved.
            dispatcher.utter_message(response="utter_limit_reservation")
            return []
        if await answered_key_request(self._client_factory(), dispatcher, tracker, self._today()):
            return []  # "can you just email me the key" heard as asking to call us
        if (
            latest_intent(tracker) == "product_advice"
            and asks_after_lines(text)
            and await answer_named_lines(self._client_factory(), dispatcher, tracker, self._today())
        ):
            # "the 4060 Ti's arrived for 100120 but the monitor and RAM havent, why" heard as
            # advice: where those lines stand, and why.
            return []
        if tracker.get_slot("pending") and says_dont_change(text):
            # "no keep the 7800x3d, dont swap" heard as advice while the swap waits: kept.
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending()]
        if gives_a_rating(tracker):
            # "rating 2/5. delivery of order 100150 took a week": feedback, with its comment.
            store = ActionStoreFeedback(self._client_factory)
            return await store.run(dispatcher, tracker, domain)
        current = tracker.get_slot("product_sku")
        if latest_intent(tracker) == "discount" and current and _JUST_THE_PRICE.match(text):
            # "price?" right after a product heard as a discount: its price.
            return await answer_availability(
                self._client_factory(), dispatcher, tracker, str(current), self._today()
            )
        if (
            tracker.get_slot("feedback_rating")
            and previous_action(tracker) == "action_store_feedback"
            and not _ASKS_SOMETHING.search(text)
        ):
            # "only thing: the box of one macbook was a bit dented. otherwise perfect" right
            # after the rating: a remark stored with it.
            store = ActionStoreFeedback(self._client_factory)
            return await store.run(dispatcher, tracker, domain)
        if (
            latest_intent(tracker) == "damaged_item"
            and _ARRIVED.search(text)
            and not _NOT_YET.search(text)
            and not DAMAGE.search(text)
            and not _ASKS_SOMETHING.search(text)
        ):
            # "order 100385, the corsair ram finally arrived": news that it came, no damage.
            dispatcher.utter_message(response="utter_glad_it_arrived")
            return []
        if PLEASED.search(text) and not _ASKS_SOMETHING.search(text):
            # "just wanted to say thanks, 100380 arrived quickly, the eset licences work fine":
            # no damage, no change; a pleased customer.
            dispatcher.utter_message(response="utter_glad_it_arrived")
            return []
        if _NO_DATE.search(text):
            # "no date at all? the client is waiting": the dates there are.
            order = await verified_order(self._client_factory(), tracker)
            waiting = [ln for ln in order.lines if ln.status == "backordered"] if order else []
            if order is not None and waiting:
                answer_lines(dispatcher, order, waiting, self._today(), language(tracker), text)
                return []
        if asks_if_together(text):
            # "Dell monitörler ve ekran kartı aynı kargoda mı gelecek?" heard as product advice:
            # whether the lines still to ship travel together.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and any(
                line.status in ("ready", "backordered") for line in order.lines
            ):
                answer_lines(dispatcher, order, order.lines, self._today(), language(tracker), text)
                return []
        if does_it_elsewhere(text):
            # "ok I'll place a new order then. thanks": not a request.
            dispatcher.utter_message(response="utter_you_are_welcome")
            return []
        if answered_swap_price(dispatcher, tracker):
            return []  # "what's the price difference?" heard as a discount question
        offers = await answered_offer_differences(self._client_factory(), dispatcher, tracker)
        if offers is not None:
            return offers  # "what's the price difference in total?" after swap buttons
        if A_MOMENT.search(text):
            dispatcher.utter_message(response="utter_take_your_time")
            return []  # "hold on let me find the email" heard as a question about contact
        if answered_limit_followup(dispatcher, tracker):
            return []  # "ok so who can change it then?"
        if latest_intent(tracker) in _SWAP_HEARD_AS and (takes_it(text) or asks_to_swap(text)):
            # "wait no, the 7900X is enough for me. make it the 7900X" heard as advice while
            # the swap to the 7950X waits: the 7900X proposed, never a yes to the 7950X.
            other = await proposed_other_swap(self._client_factory, dispatcher, tracker, domain)
            if other is not None:
                return other
        if (
            latest_intent(tracker) in _SWAP_HEARD_AS
            and _DISCOUNT_ASKED.search(text)
            and asks_to_swap(text)
            and verified_credentials(tracker) is not None
        ):
            # "7800 xt nitro sounds good. swap it. and can you give me a discount for the wait?":
            # no discount, and the swap to confirm.
            dispatcher.utter_message(response="utter_limit_discount")
            choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
            if choice is not None:
                return choice
            return list(
                await ActionProposeSwap(self._client_factory).run(dispatcher, tracker, domain)
            )
        if latest_intent(tracker) in _SWAP_HEARD_AS and not _DISCOUNT_ASKED.search(text):
            # (Not "the benq is way more expensive, can you give me a discount": the discount.)
            choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
            if choice is not None:
                return choice  # "the samsung 870 evo 1tb is fine" after the swap buttons
        if (
            latest_intent(tracker) in _SWAP_HEARD_AS
            and asks_to_swap(text)
            and reduced_quantity(text) is None
            # ("2 tane yerine 1 tane olsun, birini iptal eder misiniz": fewer, cancelled.)
            and not asks_to_cancel(text)
            and verified_credentials(tracker) is not None
        ):
            # "then swap the crucial for a second WD Black SN850X 2 TB" heard as advice, "can I
            # change the three 1tbs to three 2tbs?" as a change of quantities.
            return list(
                await ActionProposeSwap(self._client_factory).run(dispatcher, tracker, domain)
            )
        if (
            latest_intent(tracker) in _SWAP_HEARD_AS
            and asks_to_cancel(text)
            and verified_credentials(tracker) is not None
        ):
            # "can you cancel one of the three dell monitors? and is there a discount if i keep
            # the other two": the other question, then the cancellation to confirm.
            utter_topics(dispatcher, text)
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        swap = await answered_swap_difference(self._client_factory, dispatcher, tracker, domain)
        if swap is not None:
            return swap  # "how much is the 4070 super difference for both" heard as advice
        if _topics_answer_better(latest_intent(tracker), text):
            if latest_intent(tracker) == "product_advice":
                if utter_topics(dispatcher, text):
                    return []  # "do you have a store where I can pick it up?"
            elif latest_intent(tracker) == "damaged_item" and PLEASED.search(text):
                # "everything arrived, the proart monitors are gorgeous": no damage at all.
                dispatcher.utter_message(response="utter_glad_it_arrived")
                return []
            elif (
                latest_intent(tracker) == "damaged_item"
                and asked_topics(text)
                and all(r.startswith("utter_fact_") for r in asked_topics(text))
                and utter_topics(dispatcher, text)
            ):
                # "how do I actually get the licence, is it a box or an email with a key?": how
                # keys come, no damage at all.
                return []
            else:
                # "the crucial ram hasn't arrived, the rest did" heard as a damaged item, "has my
                # card been charged already?" as a payment problem, "do you have a store?" as
                # calling us: what the words name and ask, as the fallback reads them.
                fallback = ActionFallback(self._client_factory, self._today)
                answered = await fallback.answered_in_context(dispatcher, tracker, domain)
                if answered is not None:
                    return answered
        if latest_intent(tracker) == "change_order" and reduced_quantity(text) is not None:
            # "can you change it to 2?": fewer units is cancelling the rest, to confirm.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and _one_line_to_reduce(order, text):
                propose = ActionProposeCancel(self._client_factory)
                return list(await propose.run(dispatcher, tracker, domain))
        if (
            latest_intent(tracker) == "change_order"
            and asks_to_send(text)
            and not _RESEND.search(text)
            # ("can u ship it express": the express limit, not when it ships.)
            and "utter_limit_express" not in asked_topics(text)
        ):
            # "send the ram now", "send the windows licence though if you can": about lines of
            # the verified order, when they ship (in stock ones go on their own).
            order = await verified_order(self._client_factory(), tracker)
            talked_about = tracker.get_slot("product_sku")
            named = (
                lines_to_send(
                    order,
                    text,
                    # "can you ship them now and send the rest later?" after the WD drives.
                    lines_named(order, text)
                    or [ln for ln in order.lines if ln.sku == talked_about],
                )
                if order
                else []
            )
            if order is not None and named:
                say_split_policy(dispatcher, order, text, named)
                answer_lines(dispatcher, order, named, self._today(), language(tracker))
                return []
        if latest_intent(tracker) == "product_advice" and await spec_in_the_name(
            self._client_factory(), dispatcher, tracker
        ):
            return []  # "Is the 870 EVO NVMe or SATA?": its name says SATA
        if latest_intent(tracker) == "product_advice" and (
            asks_to_split(text)
            or asks_what_it_is(text)
            or _HOW_IT_GOES.search(text)
            or not _ADVICE.search(text)
        ):
            # "so the 4080 super ships alone first?", "what is a ryzen? is that what I wait
            # for?" about lines of the verified order: those lines, not advice.
            client = self._client_factory()
            if await answer_named_lines(client, dispatcher, tracker, self._today()):
                return []
        if latest_intent(tracker) == "product_advice" and await answered_price_difference(
            self._client_factory(), dispatcher, tracker
        ):
            return []  # "how much more is the RX 7700 XT compared to the 4060": the prices
        if latest_intent(tracker) == "product_advice":
            client = self._client_factory()
            # "is the 7900x good for gaming or should i get the 14700k": no advice, but the
            # facts of each product named.
            dispatcher.utter_message(response="utter_limit_product_advice")
            wanted = browse_request(text)
            if (
                wanted is not None
                and not named_products(tracker)
                and (wanted.max_price or wanted.words or wanted.without)
            ):
                # "any other laptop around 1400-1500 you'd recommend? not a mac": no advice,
                # but what there is of that kind within it.
                return await show_in_stock(client, dispatcher, tracker, wanted)
            events: list[EventType] = []
            for mention, _ in named_products(tracker)[:MAX_PRODUCTS_AT_ONCE]:
                chosen = pick_match(mention, await client.search_products(mention, limit=5))
                if chosen is not None:
                    events = await answer_availability(
                        client, dispatcher, tracker, chosen.sku, self._today()
                    )
            return events
        if _RESEND.search(text) and verified_credentials(tracker) is not None:
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and any(
                line.category == "software" and line.status == "shipped" for line in order.lines
            ):
                # "can you resend it to my email" about a licence that "shipped": the key.
                dispatcher.utter_message(response="utter_limit_licence_key_missing")
                return []
        said_skus = skus_said_last_turn(tracker)
        if _JUST_PRICES.match(text) and said_skus:
            # "prices?" right after two laptops' stock, heard as a discount: their prices.
            priced: list[EventType] = []
            for sku in said_skus[:MAX_PRODUCTS_AT_ONCE]:
                priced = await answer_availability(
                    self._client_factory(), dispatcher, tracker, sku, self._today()
                )
            return priced
        talked = tracker.get_slot("product_sku")
        if (
            talked
            and ASKS_STOCK.search(text)
            and not named_products(tracker)
            and said_a_limit(tracker, turns=2)
        ):
            # "so I need to place a new order? ok is it in stock" after "I can't add items to an
            # order": the stock of the product talked about (set BO #46 got the address limit).
            return await answer_availability(
                self._client_factory(), dispatcher, tracker, talked, self._today()
            )
        response = limit_response(
            latest_intent(tracker), text, verified=verified_credentials(tracker) is not None
        )
        if (
            previous_action(tracker) == self.name()
            and _previous_intent(tracker) == latest_intent(tracker)
            # (Or that limit said a few turns back: "no discount at all for a loyal
            # customer? seriously" after the order asked for was looked up; set BO #18 got
            # the same long refusal again.)
            or (
                response is not None
                and response.startswith("utter_limit_")
                and said_lately(tracker, 3, lambda said, _: said == response)
            )
        ) and "utter_fact_old_address" not in asked_topics(text):
            # "I want my money back NOW" right after being told: not the same text again.
            dispatcher.utter_message(response=limit_again(text))
            return []
        response = response or "utter_limit_contact_phone"
        said = {message.get("response") for message in dispatcher.messages}
        if response == "utter_limit_change_order" and asked_topics(text):
            # "3 proart monitors but I only need 2 actually. can i send one back?" heard as a
            # change of the order: a return, what the words ask.
            utter_topics(dispatcher, text)
        elif response not in said:
            # (Not when the order just looked up said it already, as the rest of the message.)
            dispatcher.utter_message(response=response)
        if response == "utter_order_number_not_by_email":
            # "I don't remember the order number. just give me a discount for the trouble": the
            # discount's answer too (set BL #50 said only where to find the number).
            for topic in asked_topics(text):
                if topic.startswith("utter_limit_") and topic not in said:
                    dispatcher.utter_message(response=topic)
        # "price match on the RTX 4070 Super?": "is it in stock at least?" next is about it.
        return await remembered_product(self._client_factory(), tracker)


# It came: "the corsair ram finally arrived", "got it today", "nihayet geldi".
_ARRIVED = re.compile(
    r"\b(?:arrived|came|got here|received|delivered|geldi|ula[şs]t[ıi])\b", re.IGNORECASE
)


# Something still missing: "the 4070 came, the 990 pro hasnt arrived".
_NOT_YET = re.compile(
    r"\b(?:not|never|hasn'?t|haven'?t|didn'?t|isn'?t|yet|still|gelmedi|h[aâ]l[aâ]"
    r"|g[öo]nderilmedi|[çc][ıi]kmad[ıi]|kargolanmad[ıi])\b",
    re.I,
)


# A replacement asked for: "can you send a new one", "replace it", "yenisini gönderin".
_REPLACEMENT = re.compile(
    r"\b(?:send (?:me )?(?:a )?new one|new one|replace(?:ment)?\w*|swap it for a working"
    r"|yenisi\w*|de[ğg]i[şs]im)\b",
    re.IGNORECASE,
)


# Pleased with what came: "gorgeous", "works great", "love it", "mükemmel".
# A pleased message that still asks for something: "love it, but can you send the invoice?".
_ASKS_SOMETHING = re.compile(
    r"\?|\b(?:but|however|except|missing|broken|damaged|wrong|cancel|iptal|change|send|can you"
    r"|could you|ama|fakat|eksik|k[ıi]r[ıi]k|hasar\w*"
    # "great! can I get an invoice without VAT": a request beside the praise.
    r"|can i|could i|may i|i need|i want|i'?d like|invoice|fatura\w*|how|when|where|why|who"
    # "ram'ler neden hala gönderilmedi", "what's the point of you then"
    r"|neden|niye|niçin|nerede|ne zaman|point|tracking)\b",
    re.IGNORECASE,
)
# "no date at all?", "when exactly", "any eta?": the dates, not a change of the date.
_NO_DATE = re.compile(
    r"\bno (?:date|eta)\b|\bwhen exactly\b|\bany (?:date|eta)\b|\bwhat date\b|\bhi[çc] tarih\b",
    re.IGNORECASE,
)


# What a payment problem is described with ("charged twice", "declined", "iki kez çekildi").
_PAYMENT_TROUBLE = re.compile(
    r"\b(?:twice|double\w*|two times|declin\w*|fail\w*|error\w*|wrong\w*|overcharg\w*|too much"
    r"|more than|missing|fraud\w*|stolen|problem\w*|issue\w*|not (?:refunded|received|gone)"
    r"|never (?:got|received)|still (?:not|no)|iki (?:kez|kere|defa)|hata\w*|reddedil\w*"
    r"|sorun\w*|fazla)\b",
    re.IGNORECASE,
)


# What makes a question one of advice: "is it good", "worth it", "4080 or 7900 xtx", "will it fit".
_ADVICE = re.compile(
    r"\b(?:better|best|good|worth|recommend\w*|suggest\w*|should i|vs|versus|or|compar\w*"
    r"|compatible|fit|fits|enough|suit\w*|need|which|faster|quiet|loud|gaming|editing"
    r"|iyi|de[ğg]er|[öo]ner\w*|hangisi|uyumlu|yeter\w*|m[ıi]|mu|mü)\b",
    re.IGNORECASE,
)


# "is the 4070 super still coming, or is it also stuck?": how a line of the order goes, not a
# choice between products.
_HOW_IT_GOES = re.compile(
    r"\b(?:still (?:coming|on (?:the|its) way|happening|waiting|on order)|stuck|delayed"
    r"|any news|on (?:the|its) way|h[âa]l[âa] bekl\w*|gelecek mi|geliyor mu)\b",
    re.IGNORECASE,
)


# Specifications a product's name carries: "NVMe or SATA?", "is the dell 4k?", "ddr5?".
def _topics_answer_better(intent: str, text: str) -> bool:
    """Whether what the message's words ask about (actions/topics.py) should be answered instead
    of the intent's limit: the intents the NLU falls into for questions it has no name for."""
    if intent == "contact_phone":
        return not _CONTACT.search(text)
    if intent == "damaged_item":
        if "utter_limit_missing_item" in asked_topics(text):
            return False  # "there was only ONE in the box": the missing item's limit
        if re.search(r"\bpolic(?:y|ies)\b", text, re.I) and asked_topics(text):
            return True  # "what is your policy on defective monitors": the policy asked
        # "whats the return period if the gpu is dead on arrival": a question, not a report.
        return not DAMAGE.search(text) or bool(HYPOTHETICAL.search(text) and asked_topics(text))
    if intent == "payment_problem":
        # "has my card been charged for it already?": when payment is taken, not a problem.
        return not _PAYMENT_TROUBLE.search(text)
    if intent == "discount":
        # "so when will I get it, I have a deadline on friday": no discount asked at all.
        return not _ANY_DISCOUNT.search(text)
    return intent == "product_advice"


# What a discount question names: a discount, a code, a price match, a cheaper price.
_ANY_DISCOUNT = re.compile(
    r"\b(?:discount\w*|coupon\w*|promo\w*|voucher\w*|code|cheaper|price ?match\w*|deal\w*"
    r"|sale|compensat\w*|money off|off the price|free|refund\w*|difference|price\w*|cost\w*"
    r"|pay\w*|euro|eur|tl|indirim\w*|kupon\w*|kod\w*|ucuz\w*|fiyat\w*|bedava|[üu]cretsiz)",
    re.IGNORECASE,
)


def _one_line_to_reduce(order: Order, text: str) -> bool:
    """Whether "change it to 2" points at one open line with more units than that: the line
    it names, else the order's only open line with several units."""
    open_lines = [line for line in order.lines if line.status in OPEN]
    named = [line for line in lines_named(order, text) if line in open_lines]
    candidates = named or [line for line in open_lines if line.quantity > 1]
    return len(candidates) == 1 and cancel_quantity(text, candidates[0].quantity) is not None


def _previous_intent(tracker: Tracker) -> str | None:
    """The intent of the customer's message before the latest one."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")


# "can you resend it", "send it again", "tekrar gönderin": something sent once, again.
_RESEND = re.compile(
    r"\bre-?send\w*|\bsend (?:it|them|the keys?|me the keys?) again\b|\btekrar g[öo]nder\w*"
    # "can you just send them to my email", "e-posta ile gönderin"
    r"|\bsend (?:it|them|the keys?|the codes?|me the keys?) (?:to|by|via) (?:my )?e-?mail\b"
    r"|\be-?posta(?:ma|yla| ile)\b[^.?!]{0,15}\bg[öo]nder\w*",
    re.I,
)
# "i found them cheaper elsewhere", "başka yerde daha ucuz": a reason for cancelling.
_CHEAPER_ELSEWHERE = re.compile(
    r"\b(?:cheaper|better price|lower price|less) (?:elsewhere|somewhere else|at another"
    r"|on another|in another)|\bfound (?:it|them|one) (?:for )?cheaper\b"
    r"|ba[şs]ka (?:yerde|sitede|ma[ğg]azada) (?:daha )?ucuz",
    re.I,
)


# "why is the ESET not sent yet??", "neden hâlâ gönderilmedi": why a line hasn't left.
_WHY_NOT_YET = re.compile(
    r"\b(?:why|neden|niye)\b[^.?!]{0,60}\b(?:not|n'?t|yet|still|h[âa]l[âa]|hen[üu]z|-?m[ae]d[ıi])\b"
    r"|\b(?:why|neden|niye)\b[^.?!]{0,40}\b(?:g[öo]nderilmedi|kargolanmad[ıi]|gelmedi)",
    re.I,
)


class ActionFrustration(ReplyAction):
    """An apology that names the problem; the order's facts when it is verified here."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_frustration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # The rules branch on next_step: "verify" starts the order lookup, "listen" waits.
        events = await self._answer(dispatcher, tracker, domain)
        if not any(event.get("name") == "next_step" for event in events):
            events.append(next_step(NEXT_LISTEN))
        return events

    async def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if gives_a_rating(tracker) and not is_sarcastic_rating(tracker):
            # "1. never buying here again" answers the rating question: it is a rating.
            store = ActionStoreFeedback(self._client_factory)
            return await store.run(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        if backs_off(text) and not ANGER.search(text) and not verified_credentials(tracker):
            # "çok pahalı, vazgeçtim" from a shopper: no grievance, just a no.
            dispatcher.utter_message(response="utter_deny_without_context")
            return []
        if will_wait(text) and not ANGER.search(text):
            # "hmm the BenQ is too expensive. I'll wait for the Samsung": a no to the offer.
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending()]
        if thinks_it_over(text) and not ANGER.search(text):
            # "999 each is too much lol. I'll think about it": nothing changes, no grievance.
            dispatcher.utter_message(response="utter_take_your_time")
            return []
        if (
            _CHEAPER_ELSEWHERE.search(text)
            and verified_credentials(tracker) is not None
            and said_lately(tracker, 1, lambda response, _: response.startswith("utter_cancel"))
        ):
            # "both of them. i found them cheaper elsewhere" right after the cancellation was
            # talked about: a reason to cancel, no grievance.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and not any(ln.status in OPEN for ln in order.lines):
                # Everything has shipped: how to send it back instead.
                dispatcher.utter_message(response="utter_shipped_return_instead")
                return []
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if (
            asks_to_cancel(text)
            and not DIDNT_CANCEL.search(text)
            and verified_credentials(tracker) is not None
        ):
            # "this is ridiculous. cancel the whole order": the cancellation, to confirm.
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if (
            _WHY_NOT_YET.search(text)
            and verified_credentials(tracker) is not None
            and await answer_named_lines(self._client_factory(), dispatcher, tracker, self._today())
        ):
            # "why is the ESET not sent yet?? its literally just a key": why that line hasn't
            # left, with its date (set BN #24 got only that keys come by email).
            return []
        if not ANGER.search(text) and utter_topics(dispatcher, text):
            # "i want to return the acer, don't like the screen": how to return it, not an apology.
            return []
        order = await verified_order(self._client_factory(), tracker)
        number = normalise_order_number(latest_entity(tracker, "order_number"))
        if order is None and number and tracker.active_loop_name is None:
            # "this is ridiculous, 100309 has been waiting a month": that order is looked up
            # (a rule starts the form, which asks for its email or postal code).
            dispatcher.utter_message(response="utter_sorry_checking_order", order_number=number)
            return [SlotSet("order_number", number), next_step(NEXT_VERIFY)]
        if order is None:
            again = previous_action(tracker) == self.name()
            dispatcher.utter_message(
                response="utter_sorry_again" if again else "utter_sorry_general"
            )
            return []
        waiting = [line for line in order.lines if line.status == "backordered"]
        lang = language(tracker)
        cancelled_here = any(
            str((e.get("metadata") or {}).get("utter_action") or "").startswith("utter_cancel_done")
            for e in tracker.events
            if e.get("event") == "bot"
        )
        if all(line.status == "cancelled" for line in order.lines) and not cancelled_here:
            # "i didn't cancel anything. why?": why isn't something the bot can see; said once,
            # then "I didnt cancel anything" is believed, not answered with the same words.
            again = said_last_turn(tracker, "utter_sorry_cancelled_unknown")
            dispatcher.utter_message(
                response="utter_cancelled_unknown_believed"
                if again
                else "utter_sorry_cancelled_unknown",
                order_number=order.order_number,
            )
            return []
        if all(line.status in ("shipped", "cancelled") for line in order.lines):
            # (Also "and i want to file a complaint with a manager" once the customer has
            # cancelled it here: set BN #28 was told the bot can't see why it was cancelled.)
            # "Everything seems to work but this is not acceptable" about a delivered order:
            # the lines again say nothing new; the apology and a person do.
            dispatcher.utter_message(response="utter_sorry_not_good_enough")
            return []
        if waiting:
            dispatcher.utter_message(
                response="utter_sorry_order_delay", items=_names(waiting, lang)
            )
        else:
            # Nothing waits on a supplier: say so, with each line, rather than guess the grief.
            dispatcher.utter_message(
                response="utter_sorry_order_known", order_number=order.order_number
            )
        today = self._today()
        for line in waiting or order.lines:
            response, variables = describe_line(line, today, lang, order.placed_at.date())
            dispatcher.utter_message(response=response, **variables)
        dispatcher.utter_message(response="utter_sorry_offer_person")
        return []


def _names(lines: list, lang: str) -> str:
    return join_and([line.name for line in lines], lang)


async def answered_as_a_grievance(
    frustration: ActionFrustration,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[EventType] | None:
    """The apology with the order's lines, when the message says the customer didn't cancel
    what the order shows cancelled; None when it doesn't say so. (Without the frustration
    rules' next_step: the rules of the intents that come here don't branch on it.)"""
    text = tracker.latest_message.get("text") or ""
    if DIDNT_CANCEL.search(text) is None or verified_credentials(tracker) is None:
        return None
    events = await frustration.run(dispatcher, tracker, domain)
    return [event for event in events if event.get("name") != "next_step"]


# "nope that's all", "no that's it", "nothing else", "başka bir şey yok".
_THATS_ALL = re.compile(
    r"\b(?:that'?s (?:all|it|everything)|thats (?:all|it)|nothing (?:else|more)|all good"
    r"|i'?m (?:good|done|fine)|ba[şs]ka (?:bir )?[şs]ey yok|bu kadar"
    # "no i don't need anything else"
    r"|(?:do ?n[o']?t|dont) need anything(?: else| more)?)\b",
    re.I,
)


# Letting it go, at the end of the message: "forget it", "never mind", "boşver".
_LETS_IT_GO = re.compile(
    r"\b(?:forget (?:it|about it)|never ?mind|nvm|not interested|skip it"
    r"|bo[şs]ver\w*|vazge[çc]tim|istemiyorum)(?:,? (?:then|thanks|thx))?\W*$",
    re.I,
)


class ActionDeny(ReplyAction):
    """A no with nothing waiting for it: "I didn't cancel it" about the order just shown is a
    grievance (an apology with the facts and a person offered); otherwise "no problem"."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today
        self._frustration = ActionFrustration(client_factory, today)

    def name(self) -> str:
        return "action_deny"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = await answered_as_a_grievance(self._frustration, dispatcher, tracker, domain)
        if answered is not None:
            return answered
        text = tracker.latest_message.get("text") or ""
        if reports_not_received(text) and verified_credentials(tracker) is not None:
            # "it says shipped but I don't have it 😡😡" heard as a no (set BI #50 got "No
            # problem"): what can be done about a parcel not received.
            order = await verified_order(self._client_factory(), tracker)
            shipped = [ln for ln in order.lines if ln.status == "shipped"] if order else []
            if shipped:
                dispatcher.utter_message(response="utter_sorry_not_here")
                dispatcher.utter_message(response=not_received(shipped))
                return []
        if (
            CANCEL_WORD.search(text)
            and not says_dont_change(text)
            and verified_credentials(tracker) is not None
        ):
            # "nope then cancel it" after the alternatives: no to them, yes to cancelling.
            propose = ActionProposeCancel(self._client_factory)
            return [
                event
                for event in await propose.run(dispatcher, tracker, domain)
                if event.get("name") not in ("next_step", "resume")
            ]
        if asks_in_words(text, "subscribe"):
            # "no forget it, ill wait. message me when they're in": no to the alternatives, yes
            # to the message.
            from actions.subscriptions import ActionSubscribe  # built on this module

            return list(
                await ActionSubscribe(self._client_factory).run(dispatcher, tracker, domain)
            )
        if _THATS_ALL.search(text):
            # "nope that's all", "no that's it thanks": the end of the chat, not "anything else?".
            dispatcher.utter_message(response="utter_goodbye")
            return []
        if _LETS_IT_GO.search(text) and "?" not in text:
            # "nah the benq is way too expensive. forget it": turned down, nothing to look up.
            dispatcher.utter_message(response="utter_deny_without_context")
            return []
        if len(text.split()) > 2:
            # "thats not an answer. when exactly" heard as a no: what it asks.
            fallback = ActionFallback(self._client_factory, self._today)
            answered = await fallback.answered_in_context(dispatcher, tracker, domain)
            if answered is not None:
                return answered
        dispatcher.utter_message(response="utter_deny_without_context")
        return []
