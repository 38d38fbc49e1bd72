"""The price side of a swap: the difference for the whole line, and the proposal said again
when the customer asks about it before saying yes."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient, BackendUnavailable, ProductNotFound
from actions.browse import asks_what_there_is
from actions.choice import as_pressed, button_product, chosen_button, intent_of, offered_buttons
from actions.common import (
    currency,
    keeps_the_order,
    language,
    last_turn,
    latest_entity,
    money,
)
from actions.lines import only_kind_words, verified_order
from actions.phrases import phrase

# "what's the price difference", "how much more is it", "fark ne kadar": about the swap's price.
ASKS_PRICE = re.compile(
    r"\b(?:price|cost|difference|how much|extra|pay more|charge|refund\w*|cheaper|dearer)\b"
    r"|\bget (?:that|it|this|the (?:difference|money|rest)) back\b|\bmoney back\b"
    r"|\bpay\b[^.?!]{0,15}\bmore\b|\bmore each\b"
    r"|\bfark\w*|\bne kadar\b|\bfiyat\w*|\b[üu]cret\w*",
    re.I,
)


def repeat_proposal(dispatcher: CollectingDispatcher, detail: dict[str, Any], lang: str) -> None:
    """The swap waiting for a yes, said again with its price difference."""
    code = str(detail.get("currency") or "EUR")
    dispatcher.utter_message(
        response="utter_swap_confirm",
        quantity=detail["quantity"],
        old_name=detail["old_name"],
        old_price=detail.get("old_price", "?"),
        new_name=detail["new_name"],
        new_price=detail.get("new_price", "?"),
        currency=currency(code, lang),
        order_number=detail["order_number"],
    )
    difference = detail.get("difference")
    utter_difference(
        dispatcher,
        Decimal(difference) if difference is not None else None,
        code,
        confirming=True,
        language=lang,
    )


def utter_difference(
    dispatcher: CollectingDispatcher,
    difference: Decimal | None,
    code: str,
    confirming: bool,
    language: str = "en",
) -> None:
    """The price difference for the whole line, as a question (with yes/no) or as a result."""
    stage = "confirm" if confirming else "done"
    if difference is None:
        response = f"utter_swap_{stage}_price_unknown"
    elif difference > 0:
        response = f"utter_swap_{stage}_costs_more"
    elif difference < 0:
        response = f"utter_swap_{stage}_refund"
    else:
        response = f"utter_swap_{stage}_same_price"
    amount = money(abs(difference), language) if difference is not None else "?"
    dispatcher.utter_message(response=response, amount=amount, currency=currency(code, language))


def answered_swap_price(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "What's the price difference?" while a swap waits for its yes, whatever the NLU made of
    it (a stock question, a discount, an FAQ): that swap said again; True when it was."""
    detail = tracker.get_slot("pending_detail") or {}
    text = tracker.latest_message.get("text") or ""
    done = _difference_just_said(tracker)
    if done and ASKS_PRICE.search(text) and latest_entity(tracker, "product") is None:
        # "how much extra do I pay" right after the swap was made: what the bot just said.
        dispatcher.utter_message(text=done)
        return True
    if (
        tracker.get_slot("pending") != "swap"
        or not detail.get("new_name")
        or not ASKS_PRICE.search(text)
        or not _about_the_swap(latest_entity(tracker, "product"), detail)
    ):
        return False
    if keeps_the_order(text):
        # "hmm 3 x 70 more is too much. never mind, keep the 1 TB ones": the swap is off (the
        # words that took it back keep a later yes from making it).
        dispatcher.utter_message(response="utter_kept_order")
        return True
    say_difference(dispatcher, detail, language(tracker))
    return True


def _about_the_swap(product: str | None, detail: dict[str, Any]) -> bool:
    """Whether a product the price question names is no other product than the swap's: none,
    a kind ("per cpu"), or one of the two products."""
    if product is None or only_kind_words(product):
        return True
    names = f"{detail.get('old_name', '')} {detail.get('new_name', '')}".lower()
    return all(word in names for word in product.lower().split())


def say_difference(dispatcher: CollectingDispatcher, detail: dict[str, Any], lang: str) -> None:
    """ "How much more is it?", "fark ne kadar", "the price difference per cpu" while a swap
    waits: the difference each and for the whole line, then the question again (the proposal
    itself when its difference is unknown)."""
    difference = detail.get("difference")
    quantity = int(detail.get("quantity") or 0)
    if difference is None or quantity < 1:
        repeat_proposal(dispatcher, detail, lang)
        return
    total = Decimal(difference)
    code = str(detail.get("currency") or "EUR")
    way = "more" if total > 0 else "less" if total < 0 else "same"
    dispatcher.utter_message(
        response=f"utter_swap_difference_{way}",
        new_name=detail["new_name"],
        old_name=detail["old_name"],
        each=money(abs(total) / quantity, lang),
        total=money(abs(total), lang),
        units=phrase("unit" if quantity == 1 else "units", lang, n=quantity),
        currency=currency(code, lang),
    )


def _difference_just_said(tracker: Tracker) -> str | None:
    """The text of the price difference of a swap made in the bot's last turn, if it made one."""
    return next(
        (text for said, text in last_turn(tracker) if said.startswith("utter_swap_done_") and text),
        None,
    )


async def answered_offer_differences(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "What's the price difference in total?" right after swap buttons were offered for the
    one waiting line: each offered product's difference for the whole line, and the buttons
    again; "ok the benq then, both of them. how much more is it?" naming one of them: that swap
    proposed, with its difference. The events when it answered, None when not."""
    text = tracker.latest_message.get("text") or ""
    if not ASKS_PRICE.search(text) or asks_what_there_is(text):
        # ("is there anything cheaper in 4k?": another list, not the offers' prices.)
        return None
    products = {
        str(e.get("value")).lower()
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "product"
    }
    if len(products) > 1:
        # "how much is the 4070 ti gaming oc vs the 7700 xt" after the swap buttons (with the
        # 7700 XT): two prices asked, no swap proposed (set BK #4).
        return None
    named = chosen_button(tracker, ("swap_item",))
    if named is not None:
        # (Set BF #1 listed the one offer's difference and asked "which one?".)
        from actions.swap import ActionProposeSwap  # built on this module

        propose = ActionProposeSwap(lambda: client)
        return list(await propose.run(dispatcher, as_pressed(tracker, named), {}))
    if latest_entity(tracker, "product") is not None:
        return None
    offered = [b for b in offered_buttons(tracker) if intent_of(str(b["payload"])) == "swap_item"]
    if not offered:
        return None
    try:
        order = await verified_order(client, tracker)
        waiting = [ln for ln in order.lines if ln.status == "backordered"] if order else []
        if len(waiting) != 1 or waiting[0].unit_price is None:
            return None
        line = waiting[0]
        unit_price = waiting[0].unit_price
        lang = language(tracker)
        said: list[str] = []
        for button in offered:
            sku = button_product(button)
            if sku is None:
                return None
            product = await client.product_availability(sku)
            difference = (product.price - unit_price) * line.quantity
            said.append(_difference_phrase(product.name or sku, difference, line.currency, lang))
    except (BackendUnavailable, ProductNotFound):
        return None
    dispatcher.utter_message(
        response="utter_swap_offer_differences",
        quantity=line.quantity,
        name=line.name,
        price=money(unit_price, lang),
        currency=currency(line.currency, lang),
        differences="; ".join(said),
        buttons=offered,
    )
    return []


def _difference_phrase(name: str, difference: Decimal, code: str, lang: str) -> str:
    """ "WD Black SN850X 2 TB: 180.00 EUR more" ("… 180,00 € fazla")."""
    amount = f"{money(abs(difference), lang)} {currency(code, lang)}"
    if lang == "tr":
        word = "fazla" if difference > 0 else "az" if difference < 0 else "aynı fiyat"
        return f"{name}: {amount} {word}" if difference else f"{name}: {word}"
    word = "more" if difference > 0 else "less" if difference < 0 else "the same price"
    return f"{name}: {amount} {word}" if difference else f"{name}: {word}"
