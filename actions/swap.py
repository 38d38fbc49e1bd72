"""Swapping a back-ordered line for an in-stock alternative: propose with the price difference,
then do it once the customer confirms."""

from __future__ import annotations

import copy
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    Conflict,
    InvalidLookup,
    OrderLine,
    OrderNotFound,
    ProductNotFound,
)
from actions.backend_schemas import Order, ProductMatch
from actions.browse import browse_request
from actions.cancel import (
    SWAP_ASKED,
    SWAP_VERB,
    ActionProposeCancel,
    asks_to_cancel,
    asks_to_swap,
    kept_spans,
    swap_quantity,
    without_kept,
)
from actions.choice import (
    as_pressed,
    button_product,
    intent_of,
    offered_buttons,
    offered_swap_named,
    picked,
    takes_it,
)
from actions.common import (
    NEXT_LISTEN,
    NEXT_VERIFY,
    ClientFactory,
    ReplyAction,
    backs_off,
    clear_pending,
    currency,
    does_it_elsewhere,
    is_musing,
    keeps_the_order,
    language,
    latest_entity,
    latest_intent,
    money,
    never_raises,
    next_step,
    payload,
    previous_action,
    previous_message,
    proposal_is_fresh,
    said_last_turn,
    say_cancel_still_pending,
    say_nothing_to_confirm,
    say_verify_first,
    settings_today,
    verified_credentials,
)
from actions.lines import (
    asks_to_send,
    asks_to_split,
    lines_named,
    only_kind_words,
    verified_order,
)
from actions.orders import answer_named_lines, answer_rest_of_yes
from actions.products import (
    MAX_CHOICES,
    ActionCheckAvailability,
    answered_price_difference,
    ask_which,
    guessed_product,
    named_products,
    pick_match,
    product_query,
    product_words,
    remembered_product,
    suggest_alternatives,
    with_capacity,
)
from actions.refunds import answered_refund_amount
from actions.resume import resumable
from actions.swap_price import ASKS_PRICE, utter_difference
from actions.topics import answered_limit_followup, asked_topics, utter_topics
from actions.variants import another_size, swap_to_size

PROPOSE = "action_propose_swap"
# What asks for a swap rather than, say, naming the line of a cancellation to go ahead with.
SWAP_WORDS = re.compile(
    r"\b(swap|switch|replac|exchang|change|instead|rather|trade|upgrade|for an?\b|for the\b|"
    r"to an?\b|to the\b|değiştir|degistir|yerine|takas)",
    re.IGNORECASE,
)


# "7900X'e geçelim... yok pardon o fazla pahalı, 5600 olsun", "the 7900x, no wait, the 5600":
# what comes after the last of these words replaces what came before.
_CORRECTION = re.compile(
    r"\b(?:no wait|no sorry|sorry|actually|i mean|make it|scratch that|yok pardon|pardon|hayır)\b",
    re.IGNORECASE,
)


def corrected_product(text: str) -> str | None:
    """The words naming a product after a correction inside the message, if they name one
    (a model number in a few words); None when the message corrects nothing."""
    matches = list(_CORRECTION.finditer(text))
    if not matches:
        return None
    after = product_words(text[matches[-1].end() :]) or ""
    numbered = [word for word in after.split() if any(char.isdigit() for char in word)]
    return " ".join(numbered) if numbered else None


# "how much is the 4070 super difference for both", "how much more would I pay", "4070 super'a
# değiştirirsek fark ne kadar?": the price of a swap, answered by proposing it.
_DIFFERENCE = re.compile(
    r"\b(?:price )?difference\b(?! between)|\bhow much (?:more|less|cheaper|extra)\b"
    r"|\bpay (?:more|extra|the difference)\b|\bfark\w*",
    re.IGNORECASE,
)


async def answered_swap_difference(
    client_factory: ClientFactory,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[EventType] | None:
    """The price difference of a swap asked before any swap was proposed, with the order
    verified, whatever the NLU made of it: the swap proposed (its difference for the whole
    line, or why it can't be and what is in stock); None when the message asks no such thing."""
    text = tracker.latest_message.get("text") or ""
    if (
        not _DIFFERENCE.search(text)
        or tracker.get_slot("pending") == "swap"
        or verified_credentials(tracker) is None
    ):
        return None
    return list(await ActionProposeSwap(client_factory).run(dispatcher, tracker, domain))


# "swap it for something else", "başka bir şeyle değiştir": not the swap waiting for a yes.
_SOMETHING_ELSE = re.compile(
    r"\b(?:else|other|another|different|alternativ\w*|ba[şs]ka\w*|farkl[ıi]\w*)\b", re.I
)


# "my order", "my graphics card", "100135", "siparişim": the customer's own order.
_OWN_ORDER = re.compile(r"\b(?:my|our|mine|orders?|sipari\w*|\d{6})\b", re.IGNORECASE)
# "I want a second one for my brother", "one more", "bir tane daha": buying more, not a swap.
_ANOTHER_ONE = re.compile(
    r"\b(?:a second|another|one more|two more|\d more|buy (?:more|again|another))\b"
    r"|\bbir tane daha\b|\bbir daha\b",
    re.IGNORECASE,
)


# "Is the Samsung 990 Pro 2TB in stock?", "do you have it", "stokta var mı".
# "i want to buy one more for my brother", "I'd like to order another": more of it, bought.
_BUYS_ANOTHER = re.compile(
    r"\b(?:buy|get|order|purchase|want|need)\b[^.?!]{0,20}\b(?:one more|another(?: one)?"
    r"|a second(?: one)?|\d more|two more)\b|\bbir tane daha al\w*",
    re.IGNORECASE,
)
_ASKS_IN_STOCK = re.compile(
    r"\bin stock\b|\bavailable\b|\bdo you (?:still )?have\b|\bstokta\b|\bvar m[ıi]\b",
    re.IGNORECASE,
)
# "rx 7700 xt fiyatı ne kadar", "benq pd3220u how much?": its price asked, not a difference.
_PRICE_WORDS = re.compile(
    r"\bhow much\b|\bprice\b|\bcosts?\b|\bfiyat\w*|\bne kadar\b|\bka[çc] (?:para|euro)\b",
    re.IGNORECASE,
)
_INSTEAD_OF = re.compile(r"\binstead of\b|\brather than\b", re.IGNORECASE)


def wanted_instead(tracker: Tracker, text: str) -> str | None:
    """The product wanted in "X instead of Y": the mention before "instead of", or the words
    there when the NLU found none; None without an "instead of"."""
    found = _INSTEAD_OF.search(text)
    if found is None:
        return None
    before = [
        entity
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "product" and (entity.get("end") or 0) <= found.start()
    ]
    if before:
        return str(before[-1].get("value"))
    words = product_words(text[: found.start()]) or ""
    return words if any(char.isdigit() for char in words) else None


# "swap the crucial for the wd black 2tb", "switch it to the 990 pro": the words after "for".
_SWAP_FOR = re.compile(
    r"\b(?:swap|switch|change|exchange|replace|trade)\b[^.?!]{1,40}?\b(?:for|to|with|into)\s+"
    r"(?P<target>[^.,;!?]{2,40}?)\s*(?:[.,;!?]|$|\b(?:please|pls|then|instead)\b)",
    re.IGNORECASE,
)


def swap_for_target(text: str) -> str | None:
    """The product words after "swap X for" when they name a model (a digit or several words);
    None otherwise."""
    found = _SWAP_FOR.search(text)
    if found is None:
        return None
    words = product_words(found.group("target"))
    # ("to the 2TB version" is the waiting line's model in another size: not a model.)
    model = re.sub(
        r"\b\d+\s?(?:tb|gb)\b|\b(?:version|one|model|size)\b", " ", words or "", flags=re.I
    )
    if not model.strip():
        return None
    return words if words and (any(c.isdigit() for c in words) or " " in words) else None


def _waiting_target_named(tracker: Tracker, text: str) -> str | None:
    """The product of the swap waiting for a yes, when the message names it by a word of its
    name after "for"/"to" ("swap just one of the two G7 for the BenQ" while the swap to the BenQ
    PD3220U waits; set BL #23 listed the alternatives again)."""
    detail = tracker.get_slot("pending_detail")
    if tracker.get_slot("pending") != "swap" or not isinstance(detail, dict):
        return None
    name = str(detail.get("new_name") or "")
    found = _SWAP_FOR.search(text)
    if not name or found is None:
        return None
    words = set(re.findall(r"[a-z0-9]{3,}", found.group("target").lower())) - {"the", "one"}
    return name if words & set(re.findall(r"[a-z0-9]+", name.lower())) else None


# "for something in stock, like the wd black 2tb", "... e.g. the 990 pro 2tb": the example
# given is the product wanted (sets BJ #11 and BK #41 got the list of alternatives first).
_AN_EXAMPLE = re.compile(
    r"\b(?:something|anything|one)\b[^.?!]{0,40}[.?!,]?\s*(?:like|such as|e\.?g\.?|for example"
    r"|say|maybe|ideally|preferably)\s+(?:the\s+|a\s+|an\s+)?(?P<what>[^.?!,]+)",
    re.I,
)


def given_as_example(text: str) -> str | None:
    """The model a request for "something in stock, like X" gives as its example; None when it
    gives none (or only a kind: "like a 2tb one")."""
    found = _AN_EXAMPLE.search(text)
    if found is None:
        return None
    words = product_words(found.group("what"))
    model = re.sub(
        r"\b\d+\s?(?:tb|gb)\b|\b(?:version|one|model|size)\b", " ", words or "", flags=re.I
    )
    if not model.strip():
        return None
    return words if words and (any(c.isdigit() for c in words) or " " in words) else None


# "swap the 4060 for it", "switch to that": the product named before, not after.
_PRONOUN = re.compile(r"(?:it|that(?: one)?|this(?: one)?|them|those)", re.IGNORECASE)


def swap_for_it(tracker: Tracker, text: str) -> str | None:
    """The product "it" stands for in "rx 7700 xt is ok. swap the 4060 for it": the one named
    before the swap verb; None otherwise (a size alone, "the 2tb version … switch to that", is
    the waiting line's model in that size, found elsewhere)."""
    found = _SWAP_FOR.search(text)
    if found is None or not _PRONOUN.fullmatch(found.group("target").strip()):
        return None
    before = [
        entity
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "product" and (entity.get("end") or 0) <= found.start()
    ]
    if before:
        # ("Do you have the 990 Pro 2TB in stock? Could I swap to that": with the size said
        # after it, set BD #41.)
        return with_capacity(str(before[-1].get("value")), text[: found.start()])
    return swap_for_target(f"swap for {text[: found.start()]}")


# "forget the swap", "no swap then", "cancel the swap": the swap itself taken back.
_NO_SWAP = re.compile(
    r"\b(?:forget|never ?mind|scratch|don'?t|dont|cancel|skip) (?:the |that |this |my )?swap\b"
    # (Not "actually no swap it to the 7800 xt": a no to waiting, then the swap.)
    r"|\bno (?:the |that |this |my )?swap\b(?!\s+(?:it|them|both|the \w+|my \w+|to|for|into)\b)",
    re.IGNORECASE,
)
_COMPARES = re.compile(
    r"\b(?:better|faster|worse|slower|quieter|stronger) than\b|\bcompared? (?:to|with)\b"
    r"|\bdaha iyi\b|\bdaha h[ıi]zl[ıi]\b",
    re.I,
)
_DISCOUNT = re.compile(r"\b(?:discount\w*|coupon|promo\w*|voucher|indirim\w*|kupon\w*)\b", re.I)
# The delivery asked to change, not a product: "can I change the address", "adresi değiştirin".
_DELIVERY_CHANGE = re.compile(
    r"\b(?:address|adres\w*|delivery (?:date|day|time)|teslimat (?:tarih|adres)\w*)\b"
    # "I need the monitor and RAM delivered to my office instead of home"
    r"|\bdeliver\w* to (?:my|the|our|a|another) (?:office|work|home|new|different)\b",
    re.I,
)


# No product to swap to, only a kind of one: "to something in stock", "for anything similar".
_TO_SOMETHING = re.compile(
    r"\b(?:something|anything|one|whatever)\b[^.?!]{0,30}\b(?:in stock|available|similar|else"
    r"|around|same price|cheaper|better|comparable)\b|\bstokta olan\w*|\bbenzer\w*",
    re.I,
)


class ActionProposeSwap(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return PROPOSE

    @resumable("swap")
    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await self._propose(dispatcher, tracker, domain)
        from actions.second_change import SWAP, say_the_other_comes_next  # built on this module

        say_the_other_comes_next(dispatcher, tracker, SWAP, events)
        return events

    async def _propose(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        credentials = verified_credentials(tracker)
        text = tracker.latest_message.get("text") or ""
        if (
            not asks_to_swap(text)
            and (
                (
                    (_ASKS_IN_STOCK.search(text) or _BUYS_ANOTHER.search(text))
                    and latest_entity(tracker, "product") is not None
                )
                # "and a cpu to go with the 7800 xt" from a shopper: that kind, in stock (not
                # "i want to change the graphics card on my order").
                or (
                    credentials is None
                    and not _OWN_ORDER.search(text)
                    and browse_request(text) is not None
                )
            )
            and (credentials is None or _ANOTHER_ONE.search(text))
        ):
            # "my i7-14700K arrived, works great. I want a second one for my brother, do you
            # have it": the shop's stock of it, no swap and no order to look up for that.
            in_stock = ActionCheckAvailability(self._client_factory)
            return [*await in_stock.run(dispatcher, tracker, domain), next_step(NEXT_LISTEN)]
        if (
            credentials is None
            and not text.startswith("/")
            and not asks_to_swap(text)
            and asked_topics(text)
            and utter_topics(dispatcher, text)
        ):
            # "btw do you guys do installation? I want someone to put the 990 pros in my
            # desktop" heard as a swap: what it asks, no order to look up (set BM #17).
            return [next_step(NEXT_LISTEN)]
        if credentials is None:
            say_verify_first(dispatcher, tracker)
            return [next_step(NEXT_VERIFY)]
        order_number, email, postal_code = credentials
        if (
            tracker.get_slot("pending") == "cancel"
            and asks_to_swap(text)
            and not asks_to_cancel(text)
        ):
            # "actually no, just swap the crucial for the wd black 2tb" while "cancel both?"
            # waits: the cancellation is off, whatever the swap comes to.
            dispatcher.utter_message(response="utter_kept_order_swap_instead")
            instead = copy.deepcopy(tracker)
            instead.slots.update({"pending": None, "pending_detail": None})
            return [*clear_pending(), *await self.run(dispatcher, instead, domain)]
        if answered_limit_followup(dispatcher, tracker, whole=True):
            # "Can I exchange only that one monitor?" right after the damage answer: the team
            # arranges a replacement; no swap of a line that has shipped.
            return [next_step(NEXT_LISTEN)]
        if _DISCOUNT.search(text) and utter_topics(dispatcher, text):
            # "can I get a discount to upgrade since I already paid for Home?": the discount.
            return [next_step(NEXT_LISTEN)]
        asked = list(SWAP_ASKED.finditer(text))
        after = text[asked[-1].end() :] if asked else text
        if keeps_the_order(after) or _NO_SWAP.search(text):
            # "7900x ile değiştir... aslında hayır vazgeçtim, bekleyeceğim": taken back before
            # the end of the message; the order stays as it is.
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        if _COMPARES.search(text) and not SWAP_ASKED.search(text):
            if await answered_price_difference(self._client_factory(), dispatcher, tracker):
                # "how much more is the RX 7700 XT compared to the 4060": the prices.
                return [next_step(NEXT_LISTEN)]
            # "is the 7700 xt better than the 4060": advice asked, no swap.
            dispatcher.utter_message(response="utter_limit_product_advice")
            return [next_step(NEXT_LISTEN)]
        if (
            (asks_to_send(text) or asks_to_split(text))
            and not SWAP_ASKED.search(text)
            and await answer_named_lines(
                self._client_factory(), dispatcher, tracker, settings_today()
            )
        ):
            # "radeon'u ayrı gönderebilir misiniz beklemeden": when the lines go, no swap.
            return [next_step(NEXT_LISTEN)]
        if _DELIVERY_CHANGE.search(text):
            # "adresi değiştirebilir miyim": the delivery, not a product, to change.
            dispatcher.utter_message(response="utter_limit_change_order")
            return [next_step(NEXT_LISTEN)]
        if not text.startswith("/") and not asks_to_swap(text):
            if does_it_elsewhere(text) and not asks_to_cancel(text):
                # "fine, I'll order it separately": the customer's own next step.
                dispatcher.utter_message(response="utter_you_are_welcome")
                return [next_step(NEXT_LISTEN)]
            if asked_topics(text) and utter_topics(dispatcher, text):
                # "is there express shipping? can I pay extra" heard as a change of the order;
                # "can I add one more WD Black SN850X 1TB?": "how much is it" next is about it.
                remembered = await remembered_product(self._client_factory(), tracker)
                return [next_step(NEXT_LISTEN), *remembered]
        if asks_to_cancel(text):
            # "ok cancel one of the zephyrus, keep the other one and the 4070 super".
            return list(
                await ActionProposeCancel(self._client_factory).run(dispatcher, tracker, domain)
            )
        client = self._client_factory()
        order = await client.lookup_order(order_number, email=email, postal_code=postal_code)
        if (
            not SWAP_WORDS.search(text)
            and not ASKS_PRICE.search(text)
            and not tracker.get_slot("pending")
            and _all_mentions_on_the_order(order, tracker)
            and await answer_named_lines(client, dispatcher, tracker, settings_today())
        ):
            # "the 7800 xt arrived but where's the 7700 xt" heard as a swap: those lines.
            return [next_step(NEXT_LISTEN)]
        backordered = [ln for ln in order.lines if ln.status == "backordered"]
        if not backordered:
            return await self._decline_in_stock(client, dispatcher, tracker, order)

        if not SWAP_WORDS.search(text) and tracker.get_slot("pending") == "cancel":
            # "just the 7600s, keep the 7800 xt" while a cancellation waits for a yes: about the
            # cancellation, never a swap to the product the customer wants to keep.
            waiting_cancel = tracker.get_slot("pending_detail") or {}
            say_cancel_still_pending(dispatcher, waiting_cancel, order_number)
            return [next_step(NEXT_LISTEN)]
        # "rx 7700 xt ile değiştirelim. eset lisansı aynen kalsın": what is kept is neither
        # the product to swap to nor the line to swap.
        tracker = _without_kept(tracker)
        text = tracker.latest_message.get("text") or ""
        # "swap my graphics card for the rx 7800 xt": the product to swap to is named last;
        # "2x rx 7800 xt instead of the 4060 tis": before "instead of".
        query = (
            # "actually no, just swap the crucial for the wd black 2tb": the model after "for";
            # "rx 7700 xt is ok. swap the 4060 for it": the one named before.
            swap_for_target(text)
            or _waiting_target_named(tracker, text)
            or given_as_example(text)
            or swap_for_it(tracker, text)
            or corrected_product(text)
            or wanted_instead(tracker, text)
            or product_query(tracker, last=True)
        )
        if query is None:
            # "ok swap it for that one pls" right after swap buttons: that button, or with
            # several, "which one?" with them again (not the whole list once more).
            button, ask = picked(tracker, ("swap_item",))
            if ask:
                dispatcher.utter_message(response="utter_which_one", buttons=ask)
                return [next_step(NEXT_LISTEN)]
            if button is not None:
                query = product_query(as_pressed(tracker, button))
        if query is None:
            # "can you change to Samsung Odyssey G7 both of them": a product the NLU doesn't
            # know, found in the live catalogue.
            try:
                guess = await guessed_product(client, tracker)
            except BackendUnavailable:
                guess = None  # a guess only: without the search, the alternatives
            query = guess.name if guess is not None else None
        if query is None:
            # "can you switch my 3x 1TB to 3x 2TB": the waiting line's model in that size.
            waiting_names = [
                ln.name for ln in lines_named(order, text) if ln.status == "backordered"
            ]
            sized = await swap_to_size(
                client, text, waiting_names or [ln.name for ln in backordered]
            )
            if sized is None:
                # "is the 2tb version in stock? can I switch to that instead": the waiting
                # line's model in that size.
                sized = await another_size(client, tracker)
            query = sized.name if sized is not None else None
        talked_about = tracker.get_slot("product_sku")
        if (
            query is None
            and talked_about
            and talked_about not in {ln.sku for ln in order.lines}
            and previous_action(tracker) == "action_check_availability"
        ):
            # "yes swap them" right after "is the 2tb version in stock?": that product.
            try:
                query = (await client.product_availability(str(talked_about))).name
            except ProductNotFound:
                query = None
        named_before = None
        if query is None or only_kind_words(query):
            # "Is the 870 EVO NVMe or SATA?", then "ok fine, swap it": the product named in
            # the message before, when it is not a line of the order.
            named_before = _named_before(tracker, order)
            query = named_before or query
        if (
            query is None
            and tracker.get_slot("pending") == "swap"
            and "?" not in text
            and not _SOMETHING_ELSE.search(text)
        ):
            # "tamam değiştirin" while a swap waits for a yes, no other product named: the yes.
            confirm = ActionSwapConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        waiting_named = [ln for ln in lines_named(order, text) if ln.status == "backordered"]
        if query is None and (len(backordered) == 1 or len(waiting_named) == 1):
            # "swap it for something available", "the 4TB Crucial: can I swap it for something
            # in stock?": the in-stock alternatives of that line, with swap buttons.
            only = backordered[0] if len(backordered) == 1 else waiting_named[0]
            shown = await suggest_alternatives(client, dispatcher, tracker, only.sku)
            return [*shown, next_step(NEXT_LISTEN)]
        if query is None:
            # "swap it" without a product: show the alternatives, which carry swap buttons.
            return _ask_which_waiting_line(dispatcher, backordered)
        # The lines the message names besides the product to swap to ("how much is the 4070
        # super difference for both": "super" is the new product's, not the 4080 Super line's).
        named = lines_named(order, re.sub(re.escape(query), " ", text, flags=re.IGNORECASE))
        matches = await client.search_products(query, limit=MAX_CHOICES)
        if (
            named
            and not any(ln.status == "backordered" for ln in named)
            and not SWAP_VERB.search(_clause_of(text, order, named))
            and len({ln.line_no for ln in backordered if _kind_of(matches, ln)}) == 1
        ):
            # "7900X ile değiştirin lütfen, samsung ssd ile birlikte gönderilsin": the SSD is
            # named to go with it, not to be swapped; the waiting CPU is (set BD #19).
            named = []
        if named and not any(ln.status == "backordered" for ln in named):
            # "swap the corsair kits for …" when the kits are not back-ordered: say so, never
            # swap another line instead.
            dispatcher.utter_message(response="utter_swap_line_not_backordered", name=named[0].name)
            return [next_step(NEXT_LISTEN)]
        kinds = {ln.category for ln in backordered if ln.category}
        if any(m.category in kinds for m in matches):
            # "5600" for a waiting CPU is the Ryzen 5 5600, not DDR5-5600 memory.
            matches = [m for m in matches if m.category in kinds]
        chosen = pick_match(query, matches)
        waiting = [ln for ln in named if ln.status == "backordered"] or backordered
        if chosen is None and len(waiting) == 1:
            # "samsung 870 evo ile değiştirin" for a 1 TB drive: the 870 EVO of that size.
            same_size = [
                m for m in matches if _size(m.name) and _size(m.name) == _size(waiting[0].name)
            ]
            chosen = same_size[0] if len(same_size) == 1 else None
        if len(waiting) == 1 and (chosen is None or chosen.sku == waiting[0].sku):
            # "switch my three Samsung 990 Pro 1TB to the 2TB version": the line named, and the
            # size it should become.
            sized = await swap_to_size(client, text, [waiting[0].name])
            if sized is not None and sized.sku != waiting[0].sku:
                chosen = sized
        if (
            len(waiting) == 1
            and (chosen is None or chosen.sku == waiting[0].sku)
            and _FOR_IT.search(text)
        ):
            # "swap the 4060 ti for it" right after "how much is the 4070 ti gaming oc": the
            # product just talked about, when it isn't on the order.
            earlier = await _talked_about(client, tracker, order)
            if earlier is not None and earlier.category in (None, waiting[0].category):
                chosen = earlier
        if len(waiting) == 1 and (chosen is None or chosen.sku == waiting[0].sku):
            # "another 1tb ssd", "a 4070", or only the product it already is: what's in stock
            # instead of that line, with swap buttons, rather than a list of every product.
            shown = await suggest_alternatives(client, dispatcher, tracker, waiting[0].sku)
            return [*shown, next_step(NEXT_LISTEN)]
        if chosen is None:
            if matches:
                ask_which(dispatcher, query, matches, "swap_item")
            else:
                dispatcher.utter_message(response="utter_product_not_found", query=query)
            return [next_step(NEXT_LISTEN)]
        target = chosen
        # "rx 7600 yerine rtx 4060 koyabilir misiniz": the one waiting line the message names
        # besides the product to swap to.
        named_waiting = [ln for ln in named if ln.status == "backordered" and ln.sku != target.sku]
        same_kind = [ln for ln in named_waiting if target.category in (None, ln.category)]
        if same_kind:
            # "cancel one of the 7800x3d, swap the p3 plus for the WD black 2TB": an SSD takes
            # the SSD's place, never the processor's (set BE #48 swapped the CPUs).
            named_waiting = same_kind
        if len(named_waiting) > 1:
            # "rtx" names the RTX 4090 too; the model number says which.
            numbers = set(re.findall(r"\d{3,}", text))
            named_waiting = [
                ln for ln in named_waiting if numbers & set(re.findall(r"\d{3,}", ln.name))
            ]
        line = (
            named_waiting[0]
            if len(named_waiting) == 1
            else _line_to_swap(backordered, tracker.get_slot("product_sku"), target.category)
        )
        if line is None and named_before is not None and len(backordered) == 1:
            # The message before named a product of another kind than the one waiting line
            # ("swap it" after a laptop was mentioned): that line's alternatives.
            shown = await suggest_alternatives(client, dispatcher, tracker, backordered[0].sku)
            return [*shown, next_step(NEXT_LISTEN)]
        if line is None or (target.category and line.category not in (None, target.category)):
            # (A graphics card is never swapped for memory: which waiting line, then.)
            return _ask_which_waiting_line(dispatcher, backordered)
        if line.sku == target.sku:
            if _TO_SOMETHING.search(text):
                # "can I switch the 4070 to something in stock?": the 4070 is what is swapped;
                # what is in stock like it, to pick from (sets AW #37, AX #16).
                shown = await suggest_alternatives(client, dispatcher, tracker, line.sku)
                return [*shown, next_step(NEXT_LISTEN)]
            dispatcher.utter_message(response="utter_swap_same_product")
            return [next_step(NEXT_LISTEN)]
        try:
            stock = await client.product_availability(target.sku)
        except ProductNotFound:
            stock = None
        if stock is not None and stock.available < line.quantity:
            # Never propose a swap the backend will refuse: say the product is short too (with
            # its price, the question often asked), and show what is in stock instead.
            lang = language(tracker)
            if line.unit_price is not None:
                dispatcher.utter_message(
                    response="utter_swap_target_short_priced",
                    new_name=target.name,
                    new_price=money(stock.price, lang),
                    old_name=line.name,
                    old_price=money(line.unit_price, lang),
                    currency=currency(stock.currency, lang),
                    available=stock.available,
                    quantity=line.quantity,
                )
            else:
                dispatcher.utter_message(
                    response="utter_swap_target_short",
                    new_name=target.name,
                    available=stock.available,
                    quantity=line.quantity,
                )
            offered = [
                button
                for button in offered_buttons(tracker)
                if intent_of(str(button["payload"])) == "swap_item"
            ]
            if offered:
                # The in-stock ones were just listed: their buttons again, not the whole list.
                dispatcher.utter_message(response="utter_swap_pick_in_stock", buttons=offered)
                return [next_step(NEXT_LISTEN)]
            shown = await suggest_alternatives(client, dispatcher, tracker, line.sku)
            return [*shown, next_step(NEXT_LISTEN)]

        part = swap_quantity(text, line.quantity)
        if part is not None:
            # "replace one of the Odyssey with the BenQ and cancel the other": a swap moves a
            # whole line, so the other units are cancelled first (to confirm), then the units
            # left can be swapped; never all of them swapped.
            lang = language(tracker)
            dispatcher.utter_message(
                response="utter_swap_whole_line_only",
                quantity=line.quantity,
                old_name=line.name,
                new_name=target.name,
                part=part,
            )
            events = ActionProposeCancel._propose_part(
                dispatcher, order, line, line.quantity - part, lang
            )
            return [*events, next_step(NEXT_LISTEN)]
        waiting_swap = tracker.get_slot("pending_detail") or {}
        if (
            tracker.get_slot("pending") == "swap"
            and waiting_swap.get("sku") == target.sku
            and str(waiting_swap.get("line_no")) == str(line.line_no)
            and latest_intent(tracker) == "swap_item"
            and "?" not in text
            and not ASKS_PRICE.search(text)
        ):
            # "swap both 4060s for the 7700 xt" while that very swap waits for a yes: the yes.
            confirm = ActionSwapConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        code = line.currency or target.currency
        lang = language(tracker)
        typed = str(tracker.latest_message.get("typed") or text)  # (a button the words chose)
        if (
            not SWAP_ASKED.search(typed)
            and not takes_it(typed)
            and (
                _ASKS_IN_STOCK.search(typed)
                or (_PRICE_WORDS.search(typed) and not _DIFFERENCE.search(typed))
            )
        ):
            # "Is the Samsung 990 Pro 2TB in stock? How much more is it than the Kingston?":
            # asked, not yet wanted: that it's in stock, then the swap it would be.
            stock = await client.product_availability(target.sku)
            if stock.available > 0:
                dispatcher.utter_message(
                    response="utter_swap_target_in_stock",
                    name=target.name,
                    available=stock.available,
                    price=money(stock.price, lang),
                    currency=currency(stock.currency, lang),
                )
        if "utter_limit_specs" in asked_topics(typed):
            # "benq pd3220u how much? is it 144hz too?": what the bot can't tell, said before
            # the question that waits for a yes.
            dispatcher.utter_message(response="utter_limit_specs")
        dispatcher.utter_message(
            response="utter_swap_confirm",
            quantity=line.quantity,
            old_name=line.name,
            old_price=money(line.unit_price, lang),
            new_name=target.name,
            new_price=money(target.price, lang),
            currency=currency(code, lang),
            order_number=order_number,
        )
        difference = None
        if line.unit_price is not None and target.price is not None:
            difference = (target.price - line.unit_price) * line.quantity
        utter_difference(dispatcher, difference, code, confirming=True, language=lang)
        detail: dict[str, Any] = {
            "order_number": order_number,
            "line_no": line.line_no,
            "sku": target.sku,
            "category": target.category,
            "old_name": line.name,
            "new_name": target.name,
            "quantity": line.quantity,
            # To say it again when asked ("what's the price difference?").
            "old_price": money(line.unit_price, lang),
            "new_price": money(target.price, lang),
            "currency": code,
            "difference": None if difference is None else str(difference),
        }
        return [
            SlotSet("pending", "swap"),
            SlotSet("pending_detail", detail),
            next_step(NEXT_LISTEN),
        ]

    @staticmethod
    async def _decline_in_stock(
        client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, order: Order
    ) -> list[EventType]:
        """Nothing waits, so nothing can be swapped here: said once, with what the product
        wanted costs against the line (asked again, "do I pay the difference?", only that)."""
        declined_before = said_last_turn(tracker, "utter_swap_nothing_backordered")
        # "how much extra do i pay? 😅" right after the line was cancelled to order the other one
        # (set BK #48 got "everything has shipped"): the comparison, with the line cancelled.
        after_cancel = said_last_turn(tracker, "utter_order_the_one_wanted")
        wanted = await _in_stock_target(client, tracker, order, cancelled_too=after_cancel)
        priced = None
        if wanted is not None and wanted[1].price is not None:
            line, target = wanted
            if line.unit_price is not None:
                priced = (line, target, (wanted[1].price - line.unit_price) * line.quantity)
        if await answered_refund_amount(client, dispatcher, tracker):
            # "is there a refund for the difference?" once the line was cancelled here.
            return [next_step(NEXT_LISTEN)]
        all_shipped = not any(ln.status in ("ready", "backordered") for ln in order.lines)
        if after_cancel and priced is not None:
            pass  # only the comparison: the line is cancelled, the other one to order
        elif all_shipped:
            # "windows 11 home aldım, pro olacaktı, değiştirebilir misiniz" about a licence that
            # shipped: nothing can be cancelled before it ships any more (sets AL #28, AM #2).
            dispatcher.utter_message(
                response="utter_swap_all_shipped", order_number=order.order_number
            )
        elif not declined_before or priced is None:
            dispatcher.utter_message(
                response="utter_swap_nothing_backordered", order_number=order.order_number
            )
        if priced is not None:
            line, target, difference = priced
            lang = language(tracker)
            response = (
                "utter_swap_in_stock_costs_more"
                if difference > 0
                else "utter_swap_in_stock_costs_less"
                if difference < 0
                else "utter_swap_in_stock_same_price"
            )
            dispatcher.utter_message(
                response=response,
                new_name=target.name,
                new_price=money(target.price, lang),
                old_name=line.name,
                old_price=money(line.unit_price, lang),
                quantity=line.quantity,
                amount=money(abs(difference), lang),
                currency=currency(line.currency, lang),
            )
            if (
                not all_shipped
                and line.status == "ready"
                and asks_to_swap(tracker.latest_message.get("text") or "")
            ):
                # What the bot can do towards it: cancel that line here, to confirm, and the
                # customer orders the one wanted (sets BE #30 and #34 looped on the refusal).
                dispatcher.utter_message(
                    response="utter_in_stock_cancel_instead",
                    old_name=line.name,
                    new_name=target.name,
                )
                events = ActionProposeCancel._propose_line(dispatcher, order, line, lang)
                # (Once cancelled, where to get the one wanted: actions/cancel.py.)
                return [
                    SlotSet("pending_detail", {**e["value"], "instead": target.name})
                    if e.get("name") == "pending_detail"
                    else e
                    for e in events
                ]
        return [next_step(NEXT_LISTEN)]


async def proposed_other_swap(
    client_factory: ClientFactory,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[EventType] | None:
    """While a swap waits for a yes, a message naming another product ("legion 5 then, both of
    them", "wait no, make it the 7900X"): that swap proposed instead, to confirm, so that a
    later yes never confirms the one turned down. None when no other product is named."""
    waiting_swap = tracker.get_slot("pending_detail") or {}
    if tracker.get_slot("pending") != "swap" or not waiting_swap.get("sku"):
        return None
    mentioned = named_products(tracker)
    text = tracker.latest_message.get("text") or ""
    if not mentioned or (len(mentioned) > 1 and not asks_to_swap(text)):
        # (Two products named without a swap asked: "wait how much is the 2tb 990 pro and the
        # wd black sn850x 2tb" asks their prices.)
        return None
    client = client_factory()
    query = mentioned[-1][0]
    matches = await client.search_products(query, limit=MAX_CHOICES)
    kind = waiting_swap.get("category")
    if kind and any(m.category == kind for m in matches):
        # "7900X" for a CPU swap is the Ryzen 9 7900X, not the Radeon RX 7900 XTX.
        matches = [m for m in matches if m.category == kind]
    chosen = pick_match(query, matches)
    if (
        chosen is None
        or chosen.sku == waiting_swap.get("sku")
        or chosen.name == waiting_swap.get("old_name")
    ):
        return None
    return list(await ActionProposeSwap(client_factory).run(dispatcher, tracker, domain))


class ActionSwapConfirmed(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_swap_confirmed"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        detail = tracker.get_slot("pending_detail") or {}
        credentials = verified_credentials(tracker)
        # A yes to a list of swaps just shown (not to a proposal made before it): the one it
        # names, the only one, or the question which. When the list came with the swap the
        # customer had named, proposed after it ("can I get a 4070 ti instead?"), the yes is to
        # that proposal.
        # (A button already pressed for it is the choice made: never picked again.)
        proposed_after_list = bool(detail.get("sku")) and said_last_turn(
            tracker, "utter_swap_confirm"
        )
        pressed = str(tracker.latest_message.get("text") or "").startswith("/")
        chosen, ask = (
            (None, [])
            if proposed_after_list or pressed
            else picked(tracker, ("swap_item",), agreed=True)
        )
        if chosen is not None:
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, as_pressed(tracker, chosen), domain))
        if ask:
            dispatcher.utter_message(response="utter_which_one", buttons=ask)
            return clear_pending()
        if not proposal_is_fresh(tracker, (PROPOSE,)) or not detail or credentials is None:
            say_nothing_to_confirm(dispatcher, tracker)
            return clear_pending()
        if is_musing(tracker.latest_message.get("text") or ""):
            # "hm", "not sure" heard as a yes: the question again, still waiting.
            dispatcher.utter_message(
                response="utter_swap_still_pending",
                quantity=detail.get("quantity"),
                old_name=detail.get("old_name"),
                new_name=detail.get("new_name"),
                order_number=detail.get("order_number"),
            )
            return [SlotSet("pending", "swap"), SlotSet("pending_detail", detail)]
        if backs_off(tracker.latest_message.get("text") or ""):
            # "ok never mind" heard as a yes: nothing is swapped.
            dispatcher.utter_message(response="utter_kept_order")
            return clear_pending()
        _, email, postal_code = credentials
        client = self._client_factory()
        if await _names_another_product(client, tracker, detail):
            # "ok swap it to the 7700 xt" when the 7800 XT was proposed: that swap, to confirm.
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        other = offered_swap_named(tracker)
        if other is not None and button_product(other) not in (None, detail.get("sku")):
            # "ok o zaman wd black 2 tb ile değiştirelim" while the swap to the 870 EVO waits,
            # with no product the NLU marked: the WD of the list, to confirm (set BP #25 swapped
            # to the 870 EVO).
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, as_pressed(tracker, other), domain))
        try:
            result = await client.swap_line(
                detail["order_number"], int(detail["line_no"]), detail["sku"], email, postal_code
            )
        except Conflict as conflict:
            if conflict.code == "not_enough_stock":
                dispatcher.utter_message(
                    response="utter_swap_not_enough_stock", new_name=detail.get("new_name")
                )
            elif conflict.code == "not_backordered":
                dispatcher.utter_message(response="utter_swap_not_backordered")
            else:
                dispatcher.utter_message(response="utter_swap_failed")
            return clear_pending()
        except (ProductNotFound, OrderNotFound, InvalidLookup):
            dispatcher.utter_message(response="utter_swap_failed")
            return clear_pending()
        dispatcher.utter_message(
            response="utter_swap_done",
            order_number=result.order.order_number,
            quantity=detail.get("quantity"),
            new_name=detail.get("new_name"),
            old_name=detail.get("old_name"),
        )
        utter_difference(
            dispatcher,
            result.price_difference,
            result.currency,
            confirming=False,
            language=language(tracker),
        )
        utter_topics(dispatcher, tracker.latest_message.get("text") or "")  # "yes. ships when?"
        # "yes. and the 3 sn850x are still coming right": those lines too.
        signs_up = await answer_rest_of_yes(client, dispatcher, tracker, settings_today())
        events: list[EventType] = [*clear_pending(), SlotSet("product_sku", result.new_sku)]
        if signs_up is not None:
            # "yes do it. and send me a message when the 4070 super changes": that too.
            from actions.subscriptions import ActionSubscribe  # built on this module

            subscribe = ActionSubscribe(self._client_factory)
            events += await subscribe.run(dispatcher, signs_up, domain)
            return events
        # "cancel one of the 7800x3d, swap the p3 plus for the WD black 2TB": the cancellation
        # next, to confirm.
        from actions.second_change import SWAP, propose_the_other  # built on this module

        return events + await propose_the_other(
            self._client_factory, dispatcher, tracker, domain, SWAP
        )


_CLAUSE_BREAK = re.compile(r"[,;.!?\n]|\b(?:and|but|ve|ama)\b", re.I)


def _clause_of(text: str, order: Order, lines: list[OrderLine]) -> str:
    """The clauses of the message that name any of these lines of the order."""
    return " ".join(
        clause
        for clause in _CLAUSE_BREAK.split(text)
        if clause and any(line in lines for line in lines_named(order, clause))
    )


def _kind_of(matches: list[ProductMatch], line: OrderLine) -> bool:
    """Whether the product searched for is of the line's kind (its best match is)."""
    return bool(matches) and line.category is not None and matches[0].category == line.category


def _ask_which_waiting_line(
    dispatcher: CollectingDispatcher, backordered: list[OrderLine]
) -> list[EventType]:
    """Which back-ordered line, with a button for each (its alternatives carry swap buttons)."""
    dispatcher.utter_message(
        response="utter_ask_which_backordered_line",
        buttons=[
            {"title": ln.name, "payload": payload("ask_alternatives", product=ln.sku)}
            for ln in backordered
        ],
    )
    return [next_step(NEXT_LISTEN)]


def _line_to_swap(
    backordered: list[OrderLine], last_sku: Any, category: str | None
) -> OrderLine | None:
    for line in backordered:
        if line.sku == last_sku and (not category or line.category == category):
            return line
    # Only for a product of the same kind: a graphics card is never swapped for memory.
    same_category = [ln for ln in backordered if category and ln.category == category]
    if not category:
        same_category = backordered
    return same_category[0] if len(same_category) == 1 else None


# A model number (never an order number or postal code) and up to two words after it.
_MODEL_WITH_WORDS = re.compile(r"(?<![\d.])(\d{3,5}[a-z]{0,3})(?!\d)(?:\s+(?![\d])[a-z+]+){0,2}")


async def _in_stock_target(
    client: BackendClient, tracker: Tracker, order: Order, cancelled_too: bool = False
) -> tuple[OrderLine, ProductMatch] | None:
    """The line in stock a message (or one of the two before it) wants another product for, and
    that product: "I want the 7800 XT Nitro instead of the RX 7700 XT"; None when unclear."""
    texts = [tracker.latest_message.get("text") or ""]
    texts += [
        str(e.get("text") or "") for e in reversed(tracker.events) if e.get("event") == "user"
    ][1:3]
    # ("another 7800 XT Nitro+" like the one that shipped is a product to want again.)
    on_order = " ".join(
        line.name.lower() for line in order.lines if line.status in ("ready", "backordered")
    )
    for text in texts:
        # ("ok swap it to the samsung 990 pro 2tb": the product after "to", set BE #34.)
        queries = [swap_for_target(text), corrected_product(text), wanted_instead(tracker, text)]
        # "I want the 7800 XT Nitro instead": a model number not on the order, with the words
        # after it.
        queries += [
            match.group(0)
            for match in _MODEL_WITH_WORDS.finditer(text.lower())
            if match.group(1) not in on_order
        ]
        target = None
        for query in (q for q in queries if q):
            try:
                found = await client.search_products(query, limit=MAX_CHOICES)
            except BackendUnavailable:
                return None
            target = pick_match(query, found)
            if target is not None:
                break
        if target is None:
            continue
        lines = [
            ln
            for ln in order.lines
            if (ln.status == "ready" or (cancelled_too and ln.status == "cancelled"))
            and ln.category == target.category
            and ln.sku != target.sku
        ]
        if len(lines) == 1:
            return lines[0], target
    return None


def _without_kept(tracker: Tracker) -> Tracker:
    """The tracker with what the latest message says to keep blanked out, entities included."""
    text = tracker.latest_message.get("text") or ""
    spans = kept_spans(text)
    if not spans:
        return tracker
    kept = copy.copy(tracker)
    kept.latest_message = {
        **tracker.latest_message,
        "text": without_kept(text),
        "entities": [
            e
            for e in tracker.latest_message.get("entities") or []
            if not any(start <= (e.get("start") or 0) < end for start, end in spans)
        ],
    }
    return kept


async def _names_another_product(
    client: BackendClient, tracker: Tracker, detail: dict[str, Any]
) -> bool:
    """Whether a yes to a proposed swap names a product other than the two it is about."""
    text = tracker.latest_message.get("text") or ""
    query = (
        corrected_product(text)
        or wanted_instead(tracker, text)
        or product_query(tracker, last=True)
    )
    if query is None:
        return False
    try:
        chosen = pick_match(query, await client.search_products(query, limit=5))
    except BackendUnavailable:
        return False
    if chosen is None or chosen.sku == detail.get("sku") or chosen.name == detail.get("old_name"):
        return False
    # "Evet, onaylıyorum. 7900 XTX ayrı mı gelecek?": a product already on the order is asked
    # about, not swapped to.
    order = await verified_order(client, tracker)
    return order is None or all(line.sku != chosen.sku for line in order.lines)


_SIZE = re.compile(r"\b(\d+)\s?(tb|gb)\b", re.IGNORECASE)


def _size(name: str) -> str | None:
    """The first capacity in a product's name ("1tb" for "Samsung 870 EVO 1 TB SATA")."""
    found = _SIZE.search(name)
    return f"{found[1]}{found[2].lower()}" if found else None


def _all_mentions_on_the_order(order: Order, tracker: Tracker) -> bool:
    """Whether every product the message mentions is a line of the order (by name)."""
    mentions = [
        str(entity.get("value"))
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "product"
    ]
    return bool(mentions) and all(
        lines_named(order, mention, by_kind=False) for mention in mentions
    )


def _named_before(tracker: Tracker, order: Order) -> str | None:
    """The product the customer's previous message named, unless it names a line of `order`."""
    before = previous_message(tracker).get("parse_data") or {}
    mentions = [
        str(entity.get("value"))
        for entity in before.get("entities") or []
        if entity.get("entity") == "product" and entity.get("value")
    ]
    # "Is the 870 EVO NVMe or SATA?": the model, not the kinds or specs beside it.
    models = [m for m in mentions if not only_kind_words(m) and re.search(r"\d", m)]
    models = models or [m for m in mentions if not only_kind_words(m)]
    if not models or lines_named(order, models[-1]):
        return None
    return models[-1]


# "for it", "with that one", "to this": the product just talked about.
_FOR_IT = re.compile(r"\b(?:for|to|with|into) (?:it|that(?: one)?|this(?: one)?|them)\b", re.I)


async def _talked_about(
    client: BackendClient, tracker: Tracker, order: Order
) -> ProductMatch | None:
    """The product talked about just before (the one asked about, else the one the previous
    message named), when it is not a line of the order."""
    sku = tracker.get_slot("product_sku")
    on_order = {line.sku for line in order.lines}
    try:
        if sku and sku not in on_order:
            name = (await client.product_availability(str(sku))).name or str(sku)
            found = await client.search_products(name, limit=MAX_CHOICES)
            same = [match for match in found if match.sku == sku]
            if same:
                return same[0]
    except (ProductNotFound, BackendUnavailable):
        pass
    before = _named_before(tracker, order)
    if before is None:
        return None
    try:
        return pick_match(before, await client.search_products(before, limit=MAX_CHOICES))
    except BackendUnavailable:
        return None
