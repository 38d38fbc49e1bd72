"""FAQ answers, with two exceptions about the order verified in this chat.

The FAQ response selector picks the answer ("utter_faq/why_backorder"). When the customer has
verified an order in this chat and the question names one of its products ("why is the 4090
taking so long", "is the monitor back ordered?"), the general answer would ignore what they
asked: that line's state is the answer (actions/lines.py). And "why haven't they shipped?" about
an order with nothing back-ordered is answered with when its lines ship, not with why products
go on back-order.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.browse import asks_what_there_is, browse_request, show_in_stock
from actions.cancel import CANCEL_WORD, ActionProposeCancel, asks_to_cancel
from actions.common import (
    ClientFactory,
    ReplyAction,
    Today,
    language,
    last_turn,
    previous_action,
    settings_today,
    verified_credentials,
)
from actions.handoff import ActionHandoff, asks_for_a_person
from actions.limits import ActionFrustration, answered_as_a_grievance
from actions.lines import (
    about_shipping,
    asks_to_split,
    holds_no_place,
    lines_named,
    verified_order,
)
from actions.orders import (
    PUT_BACK,
    WHY_CANCELLED,
    answer_lines,
    answer_named_lines,
    answer_when,
    lines_described_lately,
    look_up_given_order,
    proof_given_aside,
    with_slots,
)
from actions.products import (
    answer_availability,
    guessed_product,
    named_products,
    pick_match,
    variant_of,
)
from actions.refunds import (
    answered_if_cancelled,
    answered_refund_amount,
    only_thinks_of_cancelling,
)
from actions.resume import request_in_words
from actions.swap import ActionProposeSwap, answered_swap_difference
from actions.swap_price import answered_offer_differences, answered_swap_price
from actions.topics import answered_limit_followup, asked_topics, utter_topics

# FAQ answers that a line's own state answers better, for a product of the verified order
# ("am I charged for the 4090 now?" is still the charging policy).
ABOUT_A_LINE = {
    "utter_faq/why_backorder",
    "utter_faq/what_is_backorder",
    "utter_faq/shipping",
}


def selected_answer(tracker: Tracker) -> str | None:
    """The response the FAQ selector chose for the latest message ("utter_faq/returns")."""
    selector: dict[str, Any] = (tracker.latest_message or {}).get("response_selector") or {}
    response = (selector.get("faq") or {}).get("response") or {}
    answer = response.get("utter_action")
    return str(answer) if answer else None


# "how long until the refund shows up", "when do I get my money back", "para ne zaman yatar".
_REFUND = re.compile(
    r"\brefund\w*|\bmoney back\b|\bshow up on my (?:card|account)\b|\bpara\w*\b|\biade\w*",
    re.I,
)


# A question about the customer's own order, not the policy: "is it back-ordered? how long",
# "why are mine taking so long", "benimki ne zaman gelir".
# A bare "when?": "so when??", "and when", "peki ne zaman?".
_BARE_WHEN = re.compile(
    r"^\W*(?:(?:so|and|ok(?:ay)?|but|then|well|peki|e|ee+)\W+)?(?:when|ne zaman)\W*$", re.I
)
_ABOUT_MINE = re.compile(
    r"\b(?:is it|are they|is mine|are mine|my order|mine|benimki\w*|sipari[şs]im\w*)\b", re.I
)


# "can I get a refund instead of waiting?", "I'd rather have my money back", "beklemek yerine
# paramı iade edin": a cancellation asked for in other words.
_REFUND_INSTEAD = re.compile(
    r"\b(?:refund|money back)\b[^.?!]{0,30}\b(?:instead|rather than)\b"
    r"|\brather have (?:my|the) money\b|\bbeklemek yerine\b[^.?!]{0,30}\biade\w*",
    re.I,
)


# Topics that answer the whole question: "why do you need my email?" is not also a question
# about why products go on back-order.
_WHOLE_ANSWERS = ("utter_fact_why_proof", "utter_order_number_help")
# "can i cancel one of the three?", "2 of them", "birini iptal edebilir miyim": some units of
# the verified order, not the policy.
# "can i still cancel it?", "iptal edebilir miyim?": asking to cancel what is on the order, not
# how cancelling works ("can I cancel if ...", "after it ships").
_CAN_I_CANCEL = re.compile(
    r"\b(?:can|could) (?:i|we|you) (?:still |just |now )?cancel (?:it|this|that|them|the order"
    r"|my order|the rest|everything)\s*(?:now|then|please|pls)?\s*[?.!]*\s*$"
    r"|\biptal (?:edebilir|eder) mi(?:yim|siniz)\b\W*$",
    re.I,
)
# Cancelling once the item has left: "if I cancel after it ships", "kargoya verildikten sonra".
_AFTER_SHIPPING = re.compile(
    r"\b(?:after|once|when) (?:it|they|the \w+)? ?(?:has |have |is |are )?(?:ship\w*|sent|"
    r"dispatched|delivered|arriv\w*)|\bkargo\w* (?:verildikten|sonra)\b",
    re.I,
)
_SOME_OF = re.compile(
    r"\b(?:one|two|three|four|\d) of (?:the|them|those|these|my)\b|\bbir(?:ini|tanesini)\b"
    r"|\b(?:iki|[üu][çc])[üu]n[üu]\b",
    re.IGNORECASE,
)


# A stock question beside the policy ones: "is the lg ultrawide 34 in stock?".
_IN_STOCK_ASKED = re.compile(r"\bin stock\b|\bstokta\b|\bavailable\b", re.I)


def _last_sentence(tracker: Tracker) -> Tracker:
    """The tracker with only the message's sentence that asks about stock, for a search."""
    text = tracker.latest_message.get("text") or ""
    parts = [p for p in re.split(r"(?<=[?.!,])\s+|\band\b", text) if _IN_STOCK_ASKED.search(p)]
    if not parts:
        return tracker
    trimmed = copy.copy(tracker)
    trimmed.latest_message = {**tracker.latest_message, "text": parts[-1]}
    return trimmed


# Answers about a product the customer has (returning it, its warranty): its stock is no answer.
_ABOUT_ONE_BOUGHT = frozenset(
    (
        "utter_limit_licence_return",
        "utter_fact_return_window",
        "utter_fact_return_cost",
        "utter_fact_warranty",
    )
)


# The support team's hours asked about: "when are you open", "working hours", "mesai".
_ABOUT_HOURS = re.compile(
    r"\b(?:open|opening|close|closing|hours?|support|agents?|team|staff|someone|person|human"
    r"|weekends?|saturday|sunday|holidays?|mesai|a[çc][ıi]k|kapal[ıi]|saat\w*|temsilci\w*)\b",
    re.I,
)


# "why do you need that", "why do u want it": asked of the question just put (the proof).
_WHY_THAT = re.compile(
    r"\bwhy (?:do|would|does|should) (?:you|u|ya) (?:need|want|ask for)"
    r" (?:that|this|it|them|those)\b"
    r"|\bneden (?:laz[ıi]m|gerekli|istiyorsunuz)\b",
    re.IGNORECASE,
)


# The parts of a message that each ask one thing.
_PARTS = re.compile(r"(?<=[?.!])\s+|\band (?=will|when|is|are|do|does|can)\b", re.IGNORECASE)
# When lines of the order ship: "when will it ship", "will the WD drives now ship right away".
_SHIPS_WHEN = re.compile(
    r"\bwhen (?:will|does|do|is|are|can)\b[^?.!]{0,40}\b(?:ship|arrive|come|leave|go out|sent)\w*"
    r"|\bwill (?:it|they|the [\w ]{2,30}?) (?:now |still |then )?(?:ship|go out|leave|be sent)\b"
    r"|\bne zaman\b[^?.!]{0,30}\b(?:kargo|gel|g[öo]nder|[çc][ıi]k)\w*",
    re.IGNORECASE,
)


class ActionAnswerFaq(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        proof = proof_given_aside(tracker)
        if proof and _WHY_THAT.search(tracker.latest_message.get("text") or ""):
            # "why do you need that. ok postal 44267" when asked for the proof: why, then the order.
            dispatcher.utter_message(response="utter_fact_why_proof")
            return proof
        found = await look_up_given_order(
            self._client_factory, self._today, dispatcher, tracker, domain
        )
        if found:
            # "order 100295 burak@… i want to cancel the 2 dell monitors, also how long does
            # shipping take": the order first, then the answer (set BC #10 answered the
            # questions and never looked the order up).
            tracker = with_slots(tracker, found)
            answered = await self._answer(dispatcher, tracker, domain)
            await self._when_asked_beside(dispatcher, tracker)
            request = request_in_words(tracker.latest_message.get("text") or "")
            if request in ("cancel", "swap"):
                # "... also can you drop one of the 3 wd black 1tb i only need 2 and do you take
                # paypal": the change too, to confirm (set BE #33 never proposed it).
                propose = (
                    ActionProposeCancel(self._client_factory)
                    if request == "cancel"
                    else ActionProposeSwap(self._client_factory)
                )
                tracker = with_slots(tracker, answered)
                return [*found, *answered, *await propose.run(dispatcher, tracker, domain)]
            return [*found, *answered]
        answered = await self._answer(dispatcher, tracker, domain)
        await self._when_asked_beside(dispatcher, tracker)
        return [*answered, *proof]

    async def _when_asked_beside(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """A question of when the order's lines ship asked in another part of the message ("how
        do I pay the difference? and will the WD drives now ship right away?", "when will it
        ship? and do you do installments"): answered too, once, about the verified order."""
        text = tracker.latest_message.get("text") or ""
        if verified_credentials(tracker) is None or any(
            str(m.get("response") or "").startswith(("utter_line", "utter_order_header"))
            for m in dispatcher.messages
        ):
            return
        parts = [part for part in _PARTS.split(text) if part and part.strip()]
        asked = [part for part in parts if _SHIPS_WHEN.search(part)]
        if len(parts) < 2 or not asked:
            return
        part = copy.copy(tracker)
        part.latest_message = {**tracker.latest_message, "text": asked[0]}
        client = self._client_factory()
        if not await answer_named_lines(client, dispatcher, part, self._today()):
            await answer_when(client, dispatcher, part, self._today())

    async def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answer = selected_answer(tracker)
        text = tracker.latest_message.get("text") or ""
        if asks_for_a_person(text):
            # "can I talk to someone anyway, I have a question about warranty": the person.
            return list(await ActionHandoff(self._client_factory).run(dispatcher, tracker, domain))
        if answered_swap_price(dispatcher, tracker):
            return []  # "how much more would I pay?" while a swap waits for its yes
        if WHY_CANCELLED.search(text) and verified_credentials(tracker) is not None:
            # "who cancelled it and why" about the order verified here (set BL #7 got the
            # cancellation policy): the bot can't see why; a person can find out.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and any(ln.status == "cancelled" for ln in order.lines):
                dispatcher.utter_message(
                    response="utter_sorry_cancelled_unknown", order_number=order.order_number
                )
                return []
        shops = browse_request(text) if answer == "utter_faq/payment" else None
        if shops is not None and asks_what_there_is(text) and not _PAYING.search(text):
            # "what cards do you actually HAVE", heard as the cards we accept: graphics cards.
            return await show_in_stock(self._client_factory(), dispatcher, tracker, shops)
        if PUT_BACK.search(text) and await answer_named_lines(
            self._client_factory(), dispatcher, tracker, self._today()
        ):
            return []  # "can you just put it back" about a cancelled line, heard as returns
        offers = await answered_offer_differences(self._client_factory(), dispatcher, tracker)
        if offers is not None:
            return offers  # "what's the price difference in total?" after swap buttons
        if answered_limit_followup(dispatcher, tracker):
            return []  # "how do I get one then?" right after a limit
        if (
            answer == "utter_faq/support_hours"
            and not _ABOUT_HOURS.search(text)
            and await answer_when(self._client_factory(), dispatcher, tracker, self._today())
        ):
            # "ok and when are they supposed to come in", "ok when does it leave" about the
            # order verified here: its dates, not the support team's hours.
            return []
        swap = await answered_swap_difference(self._client_factory, dispatcher, tracker, domain)
        if swap is not None:
            return swap
        if await answered_refund_amount(self._client_factory(), dispatcher, tracker):
            return []  # "how much refund for the crucial?": its price, not the policy
        if _BARE_WHEN.search(text) and verified_credentials(tracker) is not None:
            # "so when??" after the order: when what is still to ship goes out (set BN #28 got
            # the payment methods).
            order = await verified_order(self._client_factory(), tracker)
            still = (
                [ln for ln in order.lines if ln.status in ("ready", "backordered")] if order else []
            )
            if order is not None and still:
                answer_lines(
                    dispatcher,
                    order,
                    still,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return []
        if _STATUS_ASKED.search(text) and verified_credentials(tracker) is not None:
            # "can you confirm it is cancelled? status please": the order as it stands now.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None:
                answer_lines(dispatcher, order, order.lines, self._today(), language(tracker))
                return []
        if (
            asks_to_split(text) or (about_shipping(text) and not asked_topics(text))
        ) and await answer_named_lines(self._client_factory(), dispatcher, tracker, self._today()):
            # "windows lisansını önden gönderebilir misiniz monitörleri beklemeden", whatever
            # FAQ it sounded like: about those lines of the verified order.
            return []
        if answer == "utter_faq/cancellation":
            # "I didn't cancel anything, why is it cancelled?" is not about the policy.
            frustration = ActionFrustration(self._client_factory, self._today)
            grievance = await answered_as_a_grievance(frustration, dispatcher, tracker, domain)
            if grievance is not None:
                return grievance
        just_cancelled = previous_action(tracker) == "action_cancel_confirmed" or any(
            said.startswith("utter_cancel_done") for said, _ in last_turn(tracker)
        )
        if just_cancelled and _REFUND.search(text) and not asked_topics(text):
            # "how will i get the money back, I paid by card" right after a cancellation: that
            # refund (to the card paid with, within 5 business days), not a whole policy.
            dispatcher.utter_message(response="utter_fact_refund_time")
            return []
        if (
            only_thinks_of_cancelling(text)
            # ("if I cancel after it ships what happens?": it can't be, the policy says why.)
            and not _AFTER_SHIPPING.search(text)
            and await answered_if_cancelled(self._client_factory(), dispatcher, tracker)
        ):
            # "if i cancel the ssd, when do i get my money back?": what and when, nothing done.
            utter_topics(dispatcher, text)
            return []
        if (
            answer == "utter_faq/cancellation"
            and CANCEL_WORD.search(text)
            and (
                (_SOME_OF.search(text) and verified_credentials(tracker) is not None)
                # "can i still cancel it?", "aslında vazgeçtim, iptal edebilir miyim?" about
                # the order verified here: the cancellation, to confirm.
                or (_CAN_I_CANCEL.search(text) and verified_credentials(tracker) is not None)
                or await _names_an_open_line(self._client_factory(), tracker, text)
            )
        ):
            # "4090'ı iptal edebilir miyim?", "can I cancel just the crucial?" with the order
            # verified: that cancellation, to confirm, not the policy.
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if (
            answer not in (None, "utter_faq/cancellation")
            and asks_to_cancel(text)
            and await _names_an_open_line(self._client_factory(), tracker, text)
        ):
            # "ok then how do returns work, and can you at least cancel the 7900 XTX?": the
            # policy asked (each fact asked, when the words say which), then that cancellation
            # to confirm.
            facts = asked_topics(text)
            if facts and not set(facts) <= _POLICY_FACTS.get(answer, set()):
                # ("… how long does shipping take and can i pay by bank transfer": two
                # policies, each fact asked.)
                utter_topics(dispatcher, text)
            else:
                dispatcher.utter_message(response=answer)
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if _REFUND_INSTEAD.search(text) and verified_credentials(tracker) is not None:
            # "can I get a refund instead of waiting?": the cancellation that gives it, to confirm.
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and any(ln.status == "backordered" for ln in order.lines):
                propose = ActionProposeCancel(self._client_factory)
                return list(await propose.run(dispatcher, tracker, domain))
        client = self._client_factory()
        if answer in ABOUT_A_LINE and await answer_named_lines(
            client, dispatcher, tracker, self._today()
        ):
            return []
        if (
            answer in ABOUT_A_LINE
            and verified_credentials(tracker) is not None
            and _ABOUT_MINE.search(text)
        ):
            # "is it back-ordered? how long" about the verified order: its waiting lines.
            order = await verified_order(client, tracker)
            waiting = [ln for ln in order.lines if ln.status == "backordered"] if order else []
            if order is not None and waiting:
                # "why is it back ordered?" gets why, then the lines.
                answer_lines(
                    dispatcher,
                    order,
                    waiting,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return []
        if answer == "utter_faq/why_backorder" and verified_credentials(tracker) is not None:
            order = await verified_order(client, tracker)
            if order is not None and not any(ln.status == "backordered" for ln in order.lines):
                # "they're in stock, so why haven't they shipped?": nothing on the order waits
                # for a supplier, so why products go on back-order is not the answer; when each
                # line ships is.
                waiting = [ln for ln in order.lines if ln.status == "ready"] or order.lines
                answer_lines(
                    dispatcher,
                    order,
                    waiting,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return []
        asked = asked_topics(text)
        if (
            not asked
            and answer not in (None, "utter_faq/support_hours")
            and _WHEN_MINE.search(text)
            and await answer_when(client, dispatcher, tracker, self._today())
        ):
            # "ne zaman kargoya verilir?" with the order verified: its dates, whatever policy
            # the question sounded like.
            return []
        if asked and _WHEN_MINE.search(text) and verified_credentials(tracker) is not None:
            # "Samsung 870 EVO'lar ne zaman kargoya verilir? bir de iade süreniz kaç gün?": the
            # line's date, then what else is asked.
            order = await verified_order(client, tracker)
            named = lines_named(order, text) if order is not None else []
            named = [ln for ln in named if ln.status != "cancelled"]
            if order is not None and named:
                answer_lines(
                    dispatcher,
                    order,
                    named,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                utter_topics(dispatcher, text)
                return []
        if asked:
            # "do I pay for the return shipping? and can I pay in instalments?": each thing
            # asked, in a sentence, not the policies they belong to, word for word. A sentence
            # that asks something none of them is (a what-is question) still gets the answer
            # the selector chose, first.
            if (
                answer
                and not _POLICY_FACTS.get(answer, set()) & set(asked)
                and not any(
                    response.startswith("utter_limit_") or response in _WHOLE_ANSWERS
                    for response in asked
                )
                and _asks_more(text)
            ):
                dispatcher.utter_message(response=answer)
            if "utter_fact_queue_holds" in asked and await holds_no_place(
                self._client_factory(), tracker
            ):
                # "can you reserve one for me when they come back" about one more of a product
                # that shipped: nothing holds a place for it.
                asked = [
                    "utter_limit_reservation" if r == "utter_fact_queue_holds" else r for r in asked
                ]
            for response in asked:
                dispatcher.utter_message(response=response)
            if set(asked) & _ABOUT_ONE_BOUGHT:
                # "windows 11 home lisansını iade edebilir miyim?": about the one bought, not
                # the shop's stock of it.
                return []
            current = tracker.get_slot("product_sku")
            if current and _PRICE_OF_IT.search(text) and not named_products(tracker):
                # "fiyatı ne kadar? taksit yapıyor musunuz" right after a product: its price too.
                return await answer_availability(
                    client, dispatcher, tracker, str(current), self._today()
                )
            # "... do you ship abroad? is the lg ultrawide 34 in stock?": the product too.
            return await self._product_named_too(client, dispatcher, tracker)
        current = tracker.get_slot("product_sku")
        if (
            current
            and _PRICE_OF_IT.search(text)
            and not _POLICY_WORDS.search(text)
            and not named_products(tracker)
        ):
            # "fiyati ne kadar" right after a product, heard as a policy question: its price
            # ("peki pro ne kadar?" after Windows 11 Home: the Pro's; set BJ #27 got the Home's).
            sibling = await variant_of(client, str(current), text)
            sku = sibling.sku if sibling is not None else current
            return await answer_availability(client, dispatcher, tracker, sku, self._today())
        dispatcher.utter_message(response=answer or "utter_default")
        return []

    async def _product_named_too(
        self, client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        """The stock and price of the first product the message names, if it names one."""
        for mention, _ in named_products(tracker)[:1]:
            chosen = pick_match(mention, await client.search_products(mention, limit=5))
            if chosen is not None:
                return await answer_availability(
                    client, dispatcher, tracker, chosen.sku, self._today()
                )
        text = tracker.latest_message.get("text") or ""
        if _IN_STOCK_ASKED.search(text):
            # "... and is the lg ultrawide 34 in stock?": a product the NLU didn't mark.
            guess = await guessed_product(client, _last_sentence(tracker))
            if guess is not None:
                return await answer_availability(
                    client, dispatcher, tracker, guess.sku, self._today()
                )
        return []


# Words of paying: "which cards do you accept", "can I pay with a card".
_PAYING = re.compile(
    r"\b(?:accept\w*|pay\w*|take|credit|debit|visa|master\w*|kredi|[öo]deme)\b", re.I
)
# "how much is it", "price?", "fiyatı ne kadar", "kaç para": the price of the product talked about.
_PRICE_OF_IT = re.compile(
    r"\b(?:how much|price|cost|fiyat\w*|ka[çc] para|ne kadar)\b", re.IGNORECASE
)


# Words of a policy's own price ("how much is shipping", "kargo ne kadar"): not the product's.
_POLICY_WORDS = re.compile(
    r"kargo|shipping|delivery|teslimat|iade|return|refund|cancel|iptal|instal", re.IGNORECASE
)


# "when will it ship?", "ne zaman kargoya verilir?", "kaç günde gelir": the order's dates.
# "status please", "can you confirm it is cancelled?", "is my order really cancelled?".
_STATUS_ASKED = re.compile(
    r"\bstatus (?:please|pls|now|update)\b|^\W*status\W*$"
    r"|\bconfirm (?:it|that|the order|my order)?\s*(?:is|was|has been|got) cancel\w*"
    r"|\bis (?:it|my order|the order) (?:really |actually )?cancel\w*",
    re.I,
)
_WHEN_MINE = re.compile(
    # "when does the remaining one arrive?", "when is anything arriving at all?"
    r"\bwhen (?:exactly )?(?:will|does|do|is|are|can|would) (?:it|they|mine|my \w+|each(?: one)?"
    r"|the (?:remaining|rest|other|others|last)|everything|anything|all of (?:it|them))\b"
    r"|\bne zaman\b"
    r"|\bwhen exactly\b",
    re.I,
)


async def _names_an_open_line(client: BackendClient, tracker: Tracker, text: str) -> bool:
    """Whether the message names a line of the order verified in this chat that can still be
    cancelled."""
    if verified_credentials(tracker) is None:
        return False
    order = await verified_order(client, tracker)
    return order is not None and any(
        line.status in ("ready", "backordered") for line in lines_named(order, text)
    )


# A question of its own: "what does back-ordered even mean?", "why is it late".
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:what|why|how|when|where|which|who|is|are|do|does|did|can|could|will|would"
    r"|should|ne|neden|niye|nasıl|nasil|hangi)\b|\bm[ıiuü](?:s[ıiuü]n[ıiuü]z)?\b",
    re.I,
)


def _asks_more(text: str) -> bool:
    """Whether the message has a question none of the topics answers (the sentences are told
    apart by their end: "do I pay customs? what does back-ordered mean?")."""
    sentences = [part for part in re.split(r"(?<=[.?!])\s+|\n+", text) if part.strip()]
    return any(
        len(sentence.split()) >= 3 and _QUESTION.search(sentence) and not asked_topics(sentence)
        for sentence in sentences
    )


# The facts each policy answer holds (actions/topics.py): a message whose facts are all of the
# chosen policy is answered by those facts alone.
_POLICY_FACTS = {
    "utter_faq/returns": {
        "utter_fact_return_cost",
        "utter_fact_return_window",
        "utter_fact_warranty",
        "utter_fact_refund_time",
    },
    "utter_faq/payment": {
        "utter_fact_instalments",
        "utter_fact_cash_or_crypto",
        "utter_fact_payment_methods",
        "utter_fact_vat",
    },
    "utter_faq/shipping": {
        "utter_fact_shipping_cost",
        "utter_fact_delivery_time",
        "utter_fact_licence_delivery",
    },
    "utter_faq/backorder_charge": {
        "utter_fact_charged_now",
        "utter_fact_price_lock",
        "utter_fact_refund_time",
    },
    "utter_faq/cancellation": {
        "utter_fact_cancel_fee",
        "utter_fact_cancel_queue",
        "utter_fact_cancel_refund",
        "utter_fact_refund_time",
    },
}
