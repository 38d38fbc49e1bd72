"""Cancelling a line or a whole order of the verified order, always after a yes."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import (
    BackendClient,
    Conflict,
    InvalidLookup,
    Order,
    OrderLine,
    OrderNotFound,
)
from actions.common import (
    NEXT_LISTEN,
    NEXT_VERIFY,
    ClientFactory,
    ReplyAction,
    Today,
    backs_off,
    clear_pending,
    currency,
    does_it_elsewhere,
    is_musing,
    language,
    latest_entity,
    money,
    never_raises,
    next_step,
    payload,
    proposal_is_fresh,
    refuses_every_cancel,
    refuses_the_change,
    reports_a_cancellation,
    said_this_turn,
    say_cancel_still_pending,
    say_nothing_to_confirm,
    say_verify_first,
    says_dont_change,
    settings_today,
    verified_credentials,
    without_order_details,
)
from actions.handoff import ActionHandoff, asks_for_a_person
from actions.lines import lines_named, verified_order
from actions.orders import answer_lines, answer_named_lines, answer_rest_of_yes
from actions.phrases import phrase
from actions.refunds import OPEN, answered_if_cancelled, items_text, only_thinks_of_cancelling
from actions.resume import asks_in_words, resumable
from actions.topics import asked_topics, utter_topics

PROPOSE = "action_propose_cancel"
CONFIRM = "action_cancel_confirmed"
# "the whole order"; in Turkish "tamamını", "hepsini", "tümünü", "komple" (not "tamam", "ok");
# never when negated: "not all of it", "hepsini değil", "tamamını iptal etmeyin".
# ("cancel the Crucial P3 Plus completely" is that whole line: an adverb is the whole order only
# after "order", "cancel my order completely".)
WHOLE_ORDER = re.compile(
    r"(?<!\bnot )(?<!\bnot the )\b(whole|entire|everything|all|complete|full"
    # ("whatever, cancel the arc" is a sigh, not the whole order.)
    r"|whatever (?:you can|is left|'?s left|can be)|what(?:'s| is) left|what you can"
    r"|order\b[^.?!,]{0,20}\b(?:completely|entirely|fully)"
    r"|tamam[ıi]\w*|heps[ıi]\w*|t[üu]m[üu]\w*|t[üu]m sipari[şs]\w*|b[üu]t[üu]n\w*|komple)\b"
    r"(?!\s+(?:de[ğg]il|olmas[ıi]n|(?:iptal\s+)?etme(?:y[ie]n|yiniz|yelim)?\b))",
    re.IGNORECASE,
)
# Generic words customers use for a line, by catalogue category.
CATEGORY_WORDS = {
    "graphics_cards": ("graphics card", "gpu", "video card", "card", "ekran kart"),
    "cpus": ("cpu", "processor", "işlemci", "islemci"),
    "ssds": ("ssd", "nvme", "drive", "disk"),
    "memory": ("ram", "memory", "bellek"),
    "laptops": ("laptop", "notebook", "dizüstü", "dizustu"),
    "monitors": ("monitor", "screen", "display", "monitör", "ekran"),
    "software": ("licence", "license", "software", "lisans", "yazılım", "yazilim"),
}


# "just the graphics card, keep the eset", "sadece ekran kartını, eset kalsın": answering a
# proposed cancellation, the part to cancel (the NLU makes it `cancel_order`).
_ONLY_PART = re.compile(r"^\W*(?:only|just|sadece|yaln[ıi]zca)\b", re.I)
_VERB = "cancel "  # (Turkish: " iptal et" after the part)


def _with_the_verb(tracker: Tracker) -> Tracker:
    """The tracker whose message, a narrowing of a proposed cancellation said without a verb,
    says "cancel" first (its entities moved along), so it reads as the request it is."""
    text = tracker.latest_message.get("text") or ""
    if (
        tracker.get_slot("pending") != "cancel"
        or not _ONLY_PART.match(text)
        or asks_to_cancel(text)
        or "?" in text
    ):
        return tracker
    if re.match(r"^\W*(?:sadece|yaln[ıi]zca)\b", text, re.I):
        # Turkish says it after what it cancels: "sadece ekran kartını iptal et, eset kalsın".
        at = text.find(",") if "," in text else len(text)
        verb = " iptal et"
    else:
        at, verb = 0, _VERB
    moved = copy.copy(tracker)
    entities = [
        {**e, "start": e["start"] + len(verb), "end": e["end"] + len(verb)}
        if e.get("start") is not None and e.get("end") is not None and e["start"] >= at
        else e
        for e in tracker.latest_message.get("entities") or []
    ]
    moved.latest_message = {
        **tracker.latest_message,
        "text": text[:at] + verb + text[at:],
        "entities": entities,
    }
    return moved


class ActionProposeCancel(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return PROPOSE

    @resumable("cancel")
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        waiting = (
            tracker.get_slot("pending_detail") if tracker.get_slot("pending") == "cancel" else None
        )
        tracker = _with_the_verb(tracker)
        events = await self._propose(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        if "utter_fact_shipped_cant_cancel" in asked_topics(text) and not any(
            m.get("response") == "utter_fact_shipped_cant_cancel" for m in dispatcher.messages
        ):
            # "what do you mean the kingstons already shipped?? ok cancel the 4080 super then":
            # why they can't be, first.
            why = CollectingDispatcher()
            why.utter_message(response="utter_fact_shipped_cant_cancel")
            dispatcher.messages[:0] = why.messages
        proposed = next(
            (e.get("value") for e in reversed(events) if e.get("name") == "pending_detail"), None
        )
        if waiting and _same_cancellation(proposed, waiting) and _restates(tracker):
            # "cancel 2 of them please, keep 1" right after "Cancel 2 of the 3 …? ": the same
            # cancellation asked again is the answer to the question, not a reason to ask it
            # again.
            dispatcher.messages[:] = [
                m for m in dispatcher.messages if not str(m.get("response")).startswith(_ASKING)
            ]
            confirm = ActionCancelConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        from actions.second_change import (  # built on this module
            CANCEL,
            say_the_other_comes_next,
            then_the_waiting_swap,
        )

        say_the_other_comes_next(dispatcher, tracker, CANCEL, events)
        return then_the_waiting_swap(dispatcher, tracker, events)

    @never_raises
    async def _propose(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if _confirms_the_proposal(tracker):
            # "yes cancel everything, I found them elsewhere" answers the question just asked.
            confirm = ActionCancelConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        waiting = tracker.get_slot("pending_detail") or {}
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/") and not _CANCEL_ASKED.search(text) and does_it_elsewhere(text):
            # "ok I'll just order it" heard as a cancellation: the customer's own next step.
            dispatcher.utter_message(response="utter_you_are_welcome")
            return [next_step(NEXT_LISTEN)]
        if (
            not text.startswith("/")
            and not _CANCEL_ASKED.search(text)
            and asked_topics(text)
            and not only_thinks_of_cancelling(text)
        ):
            # "how long until the money for the cancelled laptop is back on my card": a
            # question about a cancellation, not one to make.
            utter_topics(dispatcher, text)
            return [next_step(NEXT_LISTEN)]
        if only_thinks_of_cancelling(text) and await answered_if_cancelled(
            self._client_factory(), dispatcher, tracker
        ):
            # "if i cancel the ssd, when do i get my money back?": what and when, nothing done.
            utter_topics(dispatcher, text)
            return [next_step(NEXT_LISTEN)]
        if tracker.get_slot("pending") == "cancel" and waiting and _IF_NOT.search(text):
            # "if not then cancel the whole line" while "cancel 1 of the 2?" waits: that one
            # can be done, so it is the question, not a bigger cancellation.
            say_cancel_still_pending(dispatcher, waiting)
            return [next_step(NEXT_LISTEN)]
        if (
            tracker.get_slot("pending") == "cancel"
            and waiting.get("scope") in ("line", "part")
            and says_dont_change(text)
            and await self._keeps_another_line(tracker, waiting, text)
        ):
            # "and dont even think about cancelling the graphics card" while "cancel 1 of the 2
            # Zephyrus?" waits: that card stays, and the question about the Zephyrus still stands.
            say_cancel_still_pending(dispatcher, waiting)
            return [next_step(NEXT_LISTEN)]
        if tracker.get_slot("pending") == "cancel" and refuses_the_change(text, "cancel"):
            # "hmm ok dont cancel then, i'll wait. can you message me when they're in stock":
            # the order kept, then the rest of the message.
            dispatcher.utter_message(response="utter_kept_order")
            if not asks_in_words(text, "subscribe"):
                return [*clear_pending(), next_step(NEXT_LISTEN)]
            from actions.subscriptions import ActionSubscribe  # built on this module

            kept = copy.deepcopy(tracker)
            kept.slots.update({"pending": None, "pending_detail": None})
            signed = await ActionSubscribe(self._client_factory).run(dispatcher, kept, domain)
            return [*clear_pending(), *signed]
        if not text.startswith("/") and refuses_every_cancel(text) and reports_a_cancellation(text):
            # "my order 100195 shows cancelled?? I didn't cancel anything": the order found (its
            # status says it can't see why, and offers a person), nothing to cancel (set BL #7
            # was told "There's nothing left to cancel").
            if verified_credentials(tracker) is None:
                say_verify_first(dispatcher, tracker)
                return [next_step(NEXT_VERIFY)]
            order = await verified_order(self._client_factory(), tracker)
            if order is not None and any(ln.status == "cancelled" for ln in order.lines):
                if "utter_sorry_cancelled_unknown" not in said_this_turn(tracker):
                    dispatcher.utter_message(
                        response="utter_sorry_cancelled_unknown", order_number=order.order_number
                    )
                return [*clear_pending(), next_step(NEXT_LISTEN)]
        if not text.startswith("/") and refuses_every_cancel(text):
            # "ok dont cancel, just wondering", "the 7900 xtx still ships normally right? i
            # didnt cancel that": nothing cancelled; the line asked about, if one is.
            answered = verified_credentials(tracker) is not None and await answer_named_lines(
                self._client_factory(), dispatcher, tracker, settings_today()
            )
            if not answered:
                dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        if tracker.get_slot("pending") == "cancel" and "?" in text and _WHEN.search(text):
            # "wait, before you cancel, when are the 4060s supposed to come back?": the date,
            # and the cancellation still waiting for its yes.
            client = self._client_factory()
            if await answer_named_lines(client, dispatcher, tracker, settings_today()):
                say_cancel_still_pending(dispatcher, waiting)
                return [next_step(NEXT_LISTEN)]
        credentials = verified_credentials(tracker)
        asked_number = latest_entity(tracker, "order_number")
        if credentials is None or (
            asked_number and asked_number.replace(" ", "") != credentials[0]
        ):
            say_verify_first(dispatcher, tracker)
            return [*clear_pending(), next_step(NEXT_VERIFY)]
        order_number, email, postal_code = credentials
        order = await self._client_factory().lookup_order(
            order_number, email=email, postal_code=postal_code
        )
        text = tracker.latest_message.get("text") or ""
        mention = _to_cancel(tracker, text)
        lang = language(tracker)
        # No product entity, yet a line named by its model number or kind ("just the 4070s",
        # "sadece 4070leri iptal edin", "işlemciyi iptal et"): that line.
        kept = [] if mention else kept_lines(order, text)
        # (Not a line named only in a clause that asks something else of it: "ikisini de iptal
        # edin, xtx yi de hemen gönderin" sends the XTX.)
        named = [] if mention else lines_named(order, _cancel_clauses(without_kept(text)))
        clause_lines = [
            ln for ln in lines_named(order, without_kept(_cancel_clause(text))) if ln.status in OPEN
        ]
        if (
            mention
            and len(clause_lines) == 1
            and clause_lines[0] not in matching_lines(order, mention)
        ):
            # "cancel one of the three WD Black 2TB, and is there any news on the 4060 Ti?": the
            # NLU marked only the 4060 Ti, the line the cancel's own clause names is the WD.
            named, mention = clause_lines, None
        talked_about = tracker.get_slot("product_sku")
        if not mention and not named and (_THAT_ONE.search(text) or says_several(text)):
            # "o zaman onu iptal edin", "then cancel it" about the line just talked about; "when
            # does the crucial 4tb come and can I just cancel that one": the line named before.
            named = [ln for ln in order.lines if ln.sku == talked_about and ln.status in OPEN]
            word = CANCEL_WORD.search(text)
            # (The verb's own sentence: "the T700 came, thanks. I don't need the Corsair 64GB
            # anymore, please cancel it" is the Corsair.)
            sentence = text.rfind(".", 0, word.start()) + 1 if word else 0
            before = without_kept(text[sentence : word.start()]) if word else ""
            earlier = [ln for ln in lines_named(order, before, by_kind=False) if ln.status in OPEN]
            if not named and _THAT_ONE.search(text) and len(earlier) == 1 and not kept:
                named = earlier
        everything = [ln for ln in order.lines if ln.status in OPEN]
        if (
            # (In the cancel's own clause: "tell me the status of everything and also cancel ONE
            # of the three 7800X3D" is one unit; set BB #9 cancelled the whole order.)
            _THE_WHOLE_ORDER.search(_verb_clause(text))
            and not re.search(r"back-?order\w*|waiting|bekle\w*|out of stock", text, re.I)
            and not kept
            and len(everything) > 1
        ):
            # "I want to cancel the entire order. Both zephyrus and the 4070 super": every line
            # (set AW #6 proposed, and cancelled, the laptops only).
            return self._propose_order(dispatcher, order, everything, lang)
        parts = _parts_named(order, without_kept(text), text)
        if mention and len(parts) == 1 and parts[0][0] not in matching_lines(order, mention):
            # "7800X3D yerine Ryzen 9 7900X olsun, bir de 3 ram kitinden 2'sini iptal edin": the
            # NLU marked the product of another clause (set BB #29 cancelled the 7800X3D).
            line, units = parts[0]
            if units < line.quantity:
                return self._propose_part(dispatcher, order, line, units, lang)
            named, mention = [line], None
        if len(parts) > 1 and not WHOLE_ORDER.search(_verb_clause(text)):
            # "cancel 2 of the 3 7800X3D and the Crucial P3 Plus": each clause its own line.
            return self._propose_parts(dispatcher, order, parts, lang)
        if len(parts) == 1 and (
            len(named) > 1 or (mention and len(matching_lines(order, mention)) > 1)
        ):
            # "cancel the crucial please, the wd is enough", "… çıktı mı gelmeyecekse crucialı
            # iptal edin" (the NLU marked only "ssd"): the line of the cancel's clause.
            named, mention = [parts[0][0]], None
        if len(kept) == 1 and kept[0].quantity > 1 and _KEEP_COUNT.search(text):
            # "only keep 1 zephyrus, cancel the other one" with 2 Zephyrus on the order: the
            # other Zephyrus, not another line (set AM #4 cancelled the RTX 4070 Ti).
            part = cancel_quantity(text, kept[0].quantity)
            if part and kept[0].status in OPEN:
                return self._propose_part(dispatcher, order, kept[0], part, lang)
        if kept and not mention and not named:
            # "keep the 4090, cancel the other two", "4090 kalsın, gerisini iptal edin": the open
            # lines other than the kept ones.
            rest = [ln for ln in order.lines if ln.status in OPEN and ln not in kept]
            if len(rest) > 1:
                return self._propose_lines(dispatcher, order, rest, lang)
            named = rest or kept
        if mention and WHOLE_ORDER.search(_verb_clause(text)) and not kept:
            # "i5 14600k ve rx 7600 için beklemek istemiyorum, hepsini iptal edin": all of them.
            everything = [ln for ln in order.lines if ln.status in OPEN]
            if len(everything) > 1:
                return self._propose_order(dispatcher, order, everything, lang)
        if mention or named:
            lines = matching_lines(order, mention) if mention else named
            if not lines:
                # "cancel the arc, I'll buy a 7700 XT instead" with only the 7700 XT marked: the
                # line the cancel's own clause names.
                lines = lines_named(order, _cancel_clause(text))
            if not lines:
                dispatcher.utter_message(
                    response="utter_cancel_product_not_on_order", order_number=order_number
                )
                return [next_step(NEXT_LISTEN)]
            open_lines = [ln for ln in lines if ln.status in OPEN]
            if not open_lines:
                return self._refuse(dispatcher, lines[0])
            if len(open_lines) > 1 and (kept or _SEVERAL.search(text) or kept_spans(text)):
                # "cancel the two graphics cards, keep the crucial drives": both cards.
                return self._propose_lines(dispatcher, order, open_lines, lang)
            if len(open_lines) == 1:
                part = cancel_quantity(text, open_lines[0].quantity)
                if part:
                    return self._propose_part(dispatcher, order, open_lines[0], part, lang)
                if _already_that_many(dispatcher, order, open_lines[0], text):
                    return [*clear_pending(), next_step(NEXT_LISTEN)]
                return self._propose_line(dispatcher, order, open_lines[0], lang)
            return self._ask_which(dispatcher, order, open_lines, lang)
        open_lines = [ln for ln in order.lines if ln.status in OPEN]
        if not open_lines:
            dispatcher.utter_message(
                response="utter_cancel_nothing_to_cancel", order_number=order_number
            )
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        several = [ln for ln in open_lines if ln.quantity > 1]
        part = cancel_quantity(text, several[0].quantity) if len(several) == 1 else None
        if part and not WHOLE_ORDER.search(_verb_clause(text)):
            # "cancel 1 of them, keep 2": the one line with several units.
            return self._propose_part(dispatcher, order, several[0], part, lang)
        if _PART_OF.search(text) and len(open_lines) > 1:
            # "I want to cancel part of my order 100319": which part, not all of it.
            return self._ask_which(dispatcher, order, open_lines, lang)
        if len(open_lines) == 1 and _already_that_many(dispatcher, order, open_lines[0], text):
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        if asked_number or WHOLE_ORDER.search(_verb_clause(text)) or len(open_lines) == 1:
            return self._propose_order(dispatcher, order, open_lines, lang)
        return self._ask_which(dispatcher, order, open_lines, lang)

    async def _keeps_another_line(
        self, tracker: Tracker, waiting: dict[str, Any], text: str
    ) -> bool:
        """Whether a "don't cancel" names only lines other than the one proposed."""
        order = await verified_order(self._client_factory(), tracker)
        named = lines_named(order, text) if order is not None else []
        return bool(named) and all(ln.line_no != waiting.get("line_no") for ln in named)

    async def propose_skus(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, skus: list[str]
    ) -> list[EventType]:
        """The cancellation of the verified order's open lines of these products together ("yes
        both" to "which item do you want to cancel?" with a button for each)."""
        order = await verified_order(self._client_factory(), tracker)
        lines = [ln for ln in order.lines if ln.sku in skus and ln.status in OPEN] if order else []
        if order is None or not lines:
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        return self._propose_lines(dispatcher, order, lines, language(tracker))

    @staticmethod
    def _refuse(dispatcher: CollectingDispatcher, line: OrderLine) -> list[EventType]:
        if line.status == "shipped":
            dispatcher.utter_message(response="utter_cancel_line_shipped", name=line.name)
        else:
            dispatcher.utter_message(response="utter_cancel_already_cancelled", name=line.name)
        return [*clear_pending(), next_step(NEXT_LISTEN)]

    @staticmethod
    def _propose_line(
        dispatcher: CollectingDispatcher, order: Order, line: OrderLine, lang: str
    ) -> list[EventType]:
        amount = _total([line])
        dispatcher.utter_message(
            response="utter_cancel_confirm_line",
            quantity=line.quantity,
            name=line.name,
            order_number=order.order_number,
            amount=money(amount, lang),
            currency=currency(line.currency, lang),
        )
        detail = {
            "scope": "line",
            "order_number": order.order_number,
            "line_no": line.line_no,
            "parts": [[line.line_no, line.quantity]],
            "name": line.name,
            "quantity": line.quantity,
            "amount": money(amount, lang),
            "currency": currency(line.currency, lang),
        }
        return [
            SlotSet("pending", "cancel"),
            SlotSet("pending_detail", detail),
            # The product talked about now: "notify me when they're back" after it is its line's.
            SlotSet("product_sku", line.sku),
            next_step("listen"),
        ]

    @staticmethod
    def _propose_part(
        dispatcher: CollectingDispatcher, order: Order, line: OrderLine, quantity: int, lang: str
    ) -> list[EventType]:
        """Some of a line's units: "cancel 1 of the 3 A770s"."""
        amount = (line.unit_price or Decimal(0)) * quantity
        detail = {
            "scope": "part",
            "order_number": order.order_number,
            "line_no": line.line_no,
            "parts": [[line.line_no, quantity]],
            "name": line.name,
            "quantity": quantity,
            "total": line.quantity,
            "kept": line.quantity - quantity,
            "kept_units": phrase(
                "unit" if line.quantity - quantity == 1 else "units",
                lang,
                n=line.quantity - quantity,
            ),
            "amount": money(amount, lang),
            "currency": currency(line.currency, lang),
        }
        dispatcher.utter_message(response="utter_cancel_confirm_part", **detail)
        return [
            SlotSet("pending", "cancel"),
            SlotSet("pending_detail", detail),
            # The product talked about now: "notify me when they're back" after it is its line's.
            SlotSet("product_sku", line.sku),
            next_step("listen"),
        ]

    @classmethod
    def _propose_lines(
        cls, dispatcher: CollectingDispatcher, order: Order, lines: list[OrderLine], lang: str
    ) -> list[EventType]:
        """Several whole lines, not the whole order: "cancel all but the 4090"."""
        return cls._propose_parts(dispatcher, order, [(ln, ln.quantity) for ln in lines], lang)

    @classmethod
    def _propose_parts(
        cls,
        dispatcher: CollectingDispatcher,
        order: Order,
        parts: list[tuple[OrderLine, int]],
        lang: str,
    ) -> list[EventType]:
        """Several lines, some of them in part: "cancel 2 of the 3 CPUs and the SSD"."""
        units = {line.line_no: quantity for line, quantity in parts}
        open_lines = [ln for ln in order.lines if ln.status in OPEN]
        left = {ln.line_no: ln.quantity - units.get(ln.line_no, 0) for ln in open_lines}
        kept = [ln for ln in open_lines if left[ln.line_no] > 0]
        lines = [line for line, _ in parts]
        if not kept:
            return cls._propose_order(dispatcher, order, open_lines, lang)
        amount = sum(
            ((ln.unit_price or Decimal(0)) * units[ln.line_no] for ln in lines), Decimal(0)
        )
        detail = {
            "scope": "lines",
            "order_number": order.order_number,
            "line_nos": [ln.line_no for ln in lines],
            "parts": [[ln.line_no, units[ln.line_no]] for ln in lines],
            # Units by line number, for the lines cancelled in part only.
            "units": {
                str(ln.line_no): units[ln.line_no]
                for ln in lines
                if units[ln.line_no] < ln.quantity
            },
            "items": items_text(lines, lang, units),
            "kept": items_text(kept, lang, left, of_all=False),
            "amount": money(amount, lang),
            "currency": currency(lines[0].currency, lang),
        }
        dispatcher.utter_message(response="utter_cancel_confirm_lines", **detail)
        return [
            SlotSet("pending", "cancel"),
            SlotSet("pending_detail", detail),
            # No one product talked about now: "notify me when they're back" is the order's.
            SlotSet("product_sku", None),
            next_step("listen"),
        ]

    @staticmethod
    def _propose_order(
        dispatcher: CollectingDispatcher, order: Order, lines: list[OrderLine], lang: str
    ) -> list[EventType]:
        amount = _total(lines)
        shown_currency = currency(lines[0].currency, lang)
        items = items_text(lines, lang)
        dispatcher.utter_message(
            response="utter_cancel_confirm_order",
            order_number=order.order_number,
            items=items,
            amount=money(amount, lang),
            currency=shown_currency,
        )
        detail = {
            "scope": "order",
            "order_number": order.order_number,
            "parts": [[ln.line_no, ln.quantity] for ln in lines],
            "items": items,
            "amount": money(amount, lang),
            "currency": shown_currency,
        }
        return [
            SlotSet("pending", "cancel"),
            SlotSet("pending_detail", detail),
            # No one product talked about now: "notify me when they're back" is the order's.
            SlotSet("product_sku", None),
            next_step("listen"),
        ]

    @staticmethod
    def _ask_which(
        dispatcher: CollectingDispatcher, order: Order, lines: list[OrderLine], lang: str
    ) -> list[EventType]:
        buttons = [
            {
                "title": f"{ln.quantity} × {ln.name}",
                "payload": payload("cancel_order", product=ln.sku),
            }
            for ln in lines
        ]
        buttons.append(
            {
                "title": phrase("whole_order", lang),
                "payload": payload("cancel_order", order_number=order.order_number),
            }
        )
        dispatcher.utter_message(
            response="utter_ask_which_line_to_cancel",
            order_number=order.order_number,
            buttons=buttons,
        )
        return [*clear_pending(), next_step(NEXT_LISTEN)]


class ActionCancelConfirmed(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return CONFIRM

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        detail: dict[str, Any] = tracker.get_slot("pending_detail") or {}
        credentials = verified_credentials(tracker)
        # The swap action proposes a cancellation too: "just the 7600s" while one waits.
        # A yes naming fewer lines asked again here ("yes the 4070 only"): its own proposal.
        fresh = proposal_is_fresh(tracker, (PROPOSE, "action_propose_swap", CONFIRM))
        if not fresh or not detail or credentials is None:
            say_nothing_to_confirm(dispatcher, tracker)
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        said = tracker.latest_message.get("text") or ""
        if is_musing(said):
            # "hm", "not sure" heard as a yes (set BA #29 opened a ticket that way; a "hm" to a
            # proposed cancellation cancelled): the question again, still waiting.
            say_cancel_still_pending(dispatcher, detail)
            return [SlotSet("pending", "cancel"), SlotSet("pending_detail", detail)]
        if detail.get("instead") and SWAP_VERB.search(said):
            # "yes please swap" to "cancel the RX 7700 XT (in stock) so you can order the 7800
            # XT?": no swap can be made; the cancellation is asked again (set BG #45 cancelled).
            dispatcher.utter_message(
                response="utter_in_stock_cancel_instead",
                old_name=detail.get("name"),
                new_name=detail["instead"],
            )
            say_cancel_still_pending(dispatcher, detail)
            return [SlotSet("pending", "cancel"), SlotSet("pending_detail", detail)]
        if backs_off(said) or refuses_every_cancel(said):
            # "ok forget it, sign me up for updates", "ok dont cancel, just wondering" heard as
            # a yes: nothing is cancelled.
            dispatcher.utter_message(response="utter_kept_order")
            return [*clear_pending(), next_step(NEXT_LISTEN)]
        _, email, postal_code = credentials
        client = self._client_factory()
        order_number = str(detail["order_number"])
        if detail.get("scope") in ("order", "lines") and _says_more_than_yes(
            tracker.latest_message.get("text") or ""
        ):
            # "yes the graphics card only" to "cancel all three?": only what the yes names,
            # proposed again, since that is not what the question asked.
            order = await client.lookup_order(order_number, email=email, postal_code=postal_code)
            narrower = _named_in_yes(order, tracker, detail)
            if narrower:
                propose = ActionProposeCancel(self._client_factory)
                text = tracker.latest_message.get("text") or ""
                fewer = cancel_quantity(text, narrower[0].quantity) if len(narrower) == 1 else 0
                if fewer and fewer < narrower[0].quantity:
                    # "yes cancel one dell" to "1 dell and the 7900 xtx?": one Dell.
                    return propose._propose_part(
                        dispatcher, order, narrower[0], fewer, language(tracker)
                    )
                if len(narrower) == 1:
                    return propose._propose_line(dispatcher, order, narrower[0], language(tracker))
                return propose._propose_lines(dispatcher, order, narrower, language(tracker))
        if detail.get("scope") in ("line", "part"):
            # "yes cancel one" to "cancel 2 × Arc A770?": that many, asked again.
            total = int(detail.get("total") or detail.get("quantity") or 0)
            asked = cancel_quantity(tracker.latest_message.get("text") or "", total)
            if starts_with_yes(said) and _says_count(said, int(detail.get("quantity") or 0)):
                # "evet, sadece bir tane" to "cancel 1 of the 3 and keep 2?": that one.
                asked = None
            elif asked is None and starts_with_yes(said):
                # "yes one" to "cancel 3 × WD Black?": one of them, asked again (set AT
                # cancelled all three).
                given = _first_count(said)
                asked = given if given is not None and 0 < given < total else None
            if detail.get("scope") == "part" and _ALL_UNITS.search(
                tracker.latest_message.get("text") or ""
            ):
                # "both" to "cancel 1 of the 2?": every unit, asked again.
                asked = total
            if asked and asked != int(detail.get("quantity") or 0):
                order = await client.lookup_order(
                    order_number, email=email, postal_code=postal_code
                )
                line = next(
                    (ln for ln in order.lines if ln.line_no == int(detail["line_no"])), None
                )
                if line is not None and line.status in OPEN:
                    propose = ActionProposeCancel(self._client_factory)
                    if asked >= line.quantity:
                        return propose._propose_line(dispatcher, order, line, language(tracker))
                    return propose._propose_part(dispatcher, order, line, asked, language(tracker))
        if detail.get("scope") in ("line", "part") and await self._names_another_line(
            client, tracker, detail
        ):
            # "ok then cancel the 4070 line" while "cancel the Samsung SSD?" waits: not a yes to
            # that question, the 4070's own.
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose._propose(dispatcher, tracker, domain))
        made = False
        try:
            if detail.get("scope") == "line":
                await client.cancel_line(order_number, int(detail["line_no"]), email, postal_code)
                dispatcher.utter_message(response="utter_cancel_done_line", **detail)
            elif detail.get("scope") == "part":
                await client.cancel_line(
                    order_number,
                    int(detail["line_no"]),
                    email,
                    postal_code,
                    quantity=int(detail["quantity"]),
                )
                dispatcher.utter_message(response="utter_cancel_done_part", **detail)
            elif detail.get("scope") == "lines":
                units = detail.get("units") or {}
                for line_no in detail["line_nos"]:
                    quantity = units.get(str(line_no))
                    await client.cancel_line(
                        order_number,
                        int(line_no),
                        email,
                        postal_code,
                        quantity=int(quantity) if quantity else None,
                    )
                dispatcher.utter_message(response="utter_cancel_done_lines", **detail)
            else:
                await client.cancel_order(order_number, email, postal_code)
                dispatcher.utter_message(response="utter_cancel_done_order", **detail)
            made = True
        except Conflict as conflict:
            name = detail.get("name", "")
            if conflict.code == "line_shipped":
                dispatcher.utter_message(response="utter_cancel_line_shipped", name=name)
            elif conflict.code == "already_cancelled":
                dispatcher.utter_message(response="utter_cancel_already_cancelled", name=name)
            else:
                dispatcher.utter_message(
                    response="utter_cancel_nothing_to_cancel", order_number=order_number
                )
        except (OrderNotFound, InvalidLookup):
            dispatcher.utter_message(response="utter_backend_down")
        # "yes cancel. is there a fee for cancelling?", "yes. and the ssd still ships tuesday
        # right?": the rest of the message.
        utter_topics(dispatcher, tracker.latest_message.get("text") or "")
        signs_up = await answer_rest_of_yes(client, dispatcher, tracker, settings_today())
        if signs_up is not None:
            # "yes cancel it, and tell me when the rest ships": the sign-up too.
            from actions.subscriptions import ActionSubscribe  # built on this module

            subscribe = ActionSubscribe(self._client_factory)
            return [*clear_pending(), *await subscribe.run(dispatcher, signs_up, domain)]
        if made and detail.get("instead"):
            # An in-stock line cancelled to get another product instead: where to get that one.
            dispatcher.utter_message(response="utter_order_the_one_wanted", name=detail["instead"])
        if made:
            # "swap the 4070 Super for the 4070 Ti. and cancel the RX 7600": the swap next.
            from actions.second_change import CANCEL, propose_the_other  # built on this module

            other = await propose_the_other(
                self._client_factory, dispatcher, tracker, domain, CANCEL
            )
            if other:
                return [*clear_pending(), *other]
        return [*clear_pending(), next_step(NEXT_LISTEN)]

    @staticmethod
    async def _names_another_line(
        client: BackendClient, tracker: Tracker, detail: dict[str, Any]
    ) -> bool:
        """Whether the yes asks to cancel a line of the order other than the proposed one."""
        text = tracker.latest_message.get("text") or ""
        if not CANCEL_WORD.search(text) or latest_entity(tracker, "product") is None:
            return False
        mention = _to_cancel(tracker, text)
        order = await verified_order(client, tracker)
        if not mention or order is None:
            return False
        named = {ln.line_no for ln in matching_lines(order, mention)}
        return bool(named) and int(detail.get("line_no") or 0) not in named


# A verb asking for a swap: "yes please swap", "ok change it", "7900X ile değiştirin", "yerine".
SWAP_VERB = re.compile(
    r"\b(?:swap|switch|exchange|change|replace|upgrade)\w*|\bde[ğg]i[şs]tir\w*|\byerine\b", re.I
)


# "no", "no thanks, keep it": nothing more to answer than the no.
MAX_PLAIN_NO_WORDS = 4


class ActionKeepOrder(ReplyAction):
    """The customer said no to a proposed cancellation or swap; a question about a line in the
    same message ("no dont cancel. when is the kingston expected?") is answered too."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_keep_order"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        detail = tracker.get_slot("pending_detail") or {}
        if (
            tracker.get_slot("pending") == "cancel"
            and starts_with_yes(text)
            and not says_dont_change(text)
            and not backs_off(text)
            and not _KEEP.search(text)
        ):
            # "yes. and don't expect me back" heard as a no: the yes it starts with.
            confirm = ActionCancelConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        total = int(detail.get("total") or detail.get("quantity") or 0)
        count = cancel_quantity(text, total) if tracker.get_slot("pending") == "cancel" else None
        if count is not None and detail.get("scope") == "part" and count == detail.get("quantity"):
            # "just one of them, keep the other" to "cancel 1 of the 2 and keep 1?": the yes.
            confirm = ActionCancelConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        if count is not None and total:
            # "wait no, only one of them. keep one" while "cancel 2 × Dell?" waits: fewer of
            # them, to confirm again.
            fewer = copy.deepcopy(tracker)
            fewer.latest_message = {
                **tracker.latest_message,
                "text": f"cancel {count} of the {detail.get('name')}",
                "entities": [],
            }
            propose = ActionProposeCancel(self._client_factory)
            return list(await propose.run(dispatcher, fewer, domain))
        if asks_for_a_person(text):
            # "then don't cancel. just get me a human": kept (the handoff says so), and the
            # person asked for.
            handoff = ActionHandoff(self._client_factory)
            return [*clear_pending(), *await handoff.run(dispatcher, tracker, domain)]
        dispatcher.utter_message(response="utter_kept_order")
        asked = _cancel_asked_after(text)
        if asked is not None:
            # "actually no, keep the zephyrus, I'll wait. but cancel the 4070 super": the swap
            # is off, and that cancellation is proposed.
            other = copy.deepcopy(tracker)
            other.slots.update({"pending": None, "pending_detail": None})
            other.latest_message = {**tracker.latest_message, "text": asked, "entities": []}
            propose = ActionProposeCancel(self._client_factory)
            return [*clear_pending(), *await propose.run(dispatcher, other, domain)]
        if len(text.split()) > MAX_PLAIN_NO_WORDS:
            client = self._client_factory()
            answered = await answer_named_lines(client, dispatcher, tracker, self._today())
            order = await verified_order(client, tracker) if not answered else None
            if order is not None and "?" in text:
                # "wait actually no, don't cancel. when is it expected?": the line talked
                # about (or every line still waiting) that stays.
                talked = [ln for ln in order.lines if ln.sku == tracker.get_slot("product_sku")]
                waiting = [ln for ln in order.lines if ln.status in ("ready", "backordered")]
                answer_lines(
                    dispatcher, order, talked or waiting, self._today(), language(tracker), text
                )
        return clear_pending()


def _cancel_asked_after(text: str) -> str | None:
    """The clause of a no that asks for a cancellation of its own ("no, keep the zephyrus. but
    cancel the 4070 super"); None when none does ("no, don't cancel")."""
    clauses = re.split(r"(?<=[.!?;])\s+|,?\s+\b(?:but|ama|fakat)\b\s*", text)
    for clause in clauses[1:]:
        if _CANCEL_ASKED.search(clause) and not says_dont_change(clause):
            return clause
        only = _ONLY_THAT.match(clause)
        if only and _CANCEL_ASKED.search(text) and not says_dont_change(clause):
            # "don't cancel the graphics card. only the ssds": those.
            return f"cancel {only.group('what')}"
    return None


# "only the ssds", "just the crucial", "sadece ssd'ler": what a no still asks to cancel.
_ONLY_THAT = re.compile(r"^\W*(?:only|just|sadece|yaln[ıi]zca)\s+(?P<what>\S.*)", re.I)


# The line just talked about: "cancel it", "then cancel that one", "onu iptal edin".
_THAT_ONE = re.compile(
    r"\b(?:it|that(?: one)?|this one|them|those|these|onu|bunu|şunu|sunu|onlar[ıi])\b",
    re.IGNORECASE,
)


# "if not, cancel the whole line", "otherwise cancel all": a fallback to the waiting question.
_IF_NOT = re.compile(
    r"\b(?:if not|if (?:you|that) can'?t|if (?:that'?s|it'?s) not possible|otherwise|else)\b",
    re.IGNORECASE,
)


# "yes", "yeah do it", "ok cancel", "evet": agreeing, at the start of the message.
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|go ahead|do it|perfect|great|confirm\w*|evet|tamam)\b",
    re.I,
)


def starts_with_yes(text: str) -> bool:
    """Whether the message opens with a yes ("perfect. the radeon card stays", "yes. and
    dont bother asking for a rating"), whatever follows it."""
    return _YES.search(text) is not None


# "cancel", "cancelled", "iptal": the word that asks for a cancellation (faq.py and
# subscriptions.py read it too).
CANCEL_WORD = re.compile(r"\bcancel\w*|\biptal\w*", re.I)
# A cancellation asked for ("cancel one of the zephyrus", "can you cancel 2 of them", "ssdyi
# iptal edin"), not one done ("the cancelled laptop"), refused or only thought of.
_CANCEL_ASKED = re.compile(
    r"\bcancel(?!led|lation|ing)\b"
    # "can you remove one?", "take one off": units off a line.
    r"|\b(?:remove|take off|take away|drop) (?:one|two|\d|it|them)\b"
    r"(?![^.?!]{0,30}\b(?:notification|alert|subscription|update|message|list)s?\b)"
    r"|\btake (?:one|\d) off\b"
    r"|\biptal (?:ed(?!il|ildi|ersem|ecek mi)\w*|etmek\b|et(?!me|sem)\w*)",
    re.I,
)
# "I ordered 2 by mistake", "yanlışlıkla 3 tane sipariş verdim".
_ORDERED_BY_MISTAKE = re.compile(
    r"\b(?:ordered|bought|order(?:ed)? (?:\d|one|two|three)|placed)\b[^.?!]{0,40}"
    r"\b(?:by mistake|by accident)\b|\baccidentally (?:ordered|bought|placed)\b"
    r"|\bby mistake\b[^.?!]{0,20}\b(?:ordered|bought)\b"
    r"|\byanl[ıi][şs]l[ıi]kla\b[^.?!]{0,40}\bsipari[şs]",
    re.I,
)
# The order itself, all of it: "the entire order", "everything", "tüm siparişi".
_THE_WHOLE_ORDER = re.compile(
    r"(?<!\bnot )(?<!\bnot the )"
    r"(?:\b(?:entire|whole|complete|full) order\b|\b(?:everything|all of it)\b)"
    r"|\bt[üu]m sipari[şs]\w*|\bsipari[şs]\w* (?:tamam[ıi]\w*|komple)",
    re.I,
)
# Words that ask for a swap, not a cancellation.
SWAP_ASKED = re.compile(
    r"\b(?:swap(?:ped|ping)?|switch(?:ed|ing)?|replac\w*|exchang\w*|instead|upgrade"
    r"|de[ğg]i[şs]tir\w*|yerine|takas)\b"
    # "could the remaining one become an i9-14900K?" (not "become available")
    r"|\b(?:could|can|would|should)\b[^.?!]{0,30}\bbecome (?:an? |the )?"
    r"(?!available|free|in stock)\w"
    # "can i change the 7700 xt (not shipped yet) to another 7800 xt nitro+?" (not the address,
    # the quantity or the delivery: set BK #48 got the lines' status).
    r"|\bchang\w*\s+(?!(?:the\s+|my\s+|that\s+|this\s+)?(?:address|adres|delivery|quantity"
    r"|amount|number|date|day|email|e-mail|name|payment|card|order|shipping))"
    r"[^.?!]{1,40}?\b(?:to|into|for)\s+(?:an?\s+|the\s+|another\s+)?"
    r"(?!express|standard|faster|next|my\b|our\b|just\b|only\b|one\b|two\b|three\b|four\b"
    r"|five\b|\d+\b)\w",
    re.I,
)


# "can I change the three 1tbs to three 2tbs?", "change it to the 7800 xt": a product (a model
# number or a size) after "change ... to", not a quantity or a date.
_CHANGE_TO_PRODUCT = re.compile(
    r"\bchange\b[^.?!]{0,40}?\b(?:to|for|into)\b[^.?!]{0,25}?"
    r"(?:\b\d{3,}\w*|\b\d+\s?(?:tb|gb)s?\b)",
    re.IGNORECASE,
)


def asks_to_swap(text: str) -> bool:
    """Whether the message asks to swap a line for another product ("swap the crucial for a
    second WD 2 TB", "change the three 1tbs to three 2tbs"), whatever the NLU heard."""
    # "change the delivery address for order 100120": an order number is no model number.
    no_orders = without_order_details(text)
    return (
        SWAP_ASKED.search(_COUNT_INSTEAD.sub(" ", _BUYS_ELSEWHERE.sub(" ", text))) is not None
        or _CHANGE_TO_PRODUCT.search(no_orders) is not None
    ) and not says_dont_change(text)


# A number of units instead of another, no product: "2 tane yerine 1 tane olsun", "1 instead of 2".
_COUNT_INSTEAD = re.compile(
    r"\b\d{1,2} ?(?:tane|adet)? yerine\b|\b\d{1,2} instead of \d{1,2}\b"
    r"|\binstead of (?:the )?\d{1,2}\b(?! ?(?:gb|tb|hz|inch|\"))"
    # A way of getting it, not another product: "can I pick it up from your store instead of
    # shipping?" (set BN #42 was told it can only swap waiting items).
    r"|\binstead of (?:shipping|delivery|delivering|sending|posting|the courier|cargo|kargo)\b"
    r"|\b(?:pick\w* (?:it |them )?up|collect)\b[^.?!]{0,60}\binstead\b"
    r"|\bkargo yerine\b",
    re.I,
)


# "i'll get a bigger one instead": the customer's own purchase, not a swap asked for.
_BUYS_ELSEWHERE = re.compile(
    r"\bi'?(?:ll| will) (?:just )?(?:get|buy|order|sell|give)\b[^.,;!?]{0,30}\binstead\b", re.I
)


def asks_to_cancel(text: str) -> bool:
    """Whether the message asks to cancel something (and not to swap it): "ok cancel one of
    the zephyrus, keep the other one" heard as a swap is a cancellation."""
    said = text
    text = _COUNT_INSTEAD.sub(" ", _BUYS_ELSEWHERE.sub(" ", text))
    return (
        (
            _CANCEL_ASKED.search(text) is not None
            # "I ordered 2 rx 7900 xtx by mistake. I only wanted one": fewer units, unasked.
            or _ORDERED_BY_MISTAKE.search(text) is not None
            # ("only 2 of the Dell P2425H instead of 3": the count "instead of" is its own.)
            or _REDUCE_TO.search(said) is not None
        )
        and not [
            m
            for m in SWAP_ASKED.finditer(text)
            # ("keep the laptops, cancel the 4070 super card instead": the cancel's own
            # "instead", no swap; set BM #19 asked which line to swap.)
            if not (m.group(0).lower() == "instead" and _CANCELLED_BEFORE.search(text[: m.start()]))
        ]
        and not only_thinks_of_cancelling(text)
        and not says_dont_change(text)
    )


# (The cancel verb in the clause "instead" ends, with no other request joined by "and": not
# "cancel the 4060 and give me the 7600 instead".)
_CANCELLED_BEFORE = re.compile(
    r"\b(?:cancel|iptal)\w*\b(?:(?!\b(?:and|give|get|want|ve)\b)[^.?!,;]){0,40}$", re.I
)


# "cancel only the cpu and keep the windows licence", "cancel the gpu but not the ram".
_KEEP = re.compile(r"\b(?:keep|but not|except|not the|leave|tut\w*|hari[çc])\b", re.I)


# "both", "the two", "ikisini de": every line the message names, not one of them.
_SEVERAL = re.compile(r"\b(?:both|the two|each of|ikisini|ikisi de|her ikisi)\b", re.I)


def says_several(text: str) -> bool:
    """Whether the message means several of what was offered ("both", "ikisini de")."""
    return _SEVERAL.search(text) is not None


# "cancel it", "cancel them", "iptal et onu": a line named before the verb.
_IT = re.compile(r"\w*\s+(?:it|them|that|those|this|onu|onlar[ıi])\b", re.I)


def _to_cancel(tracker: Tracker, text: str) -> str | None:
    """The product mention to cancel: the longest one outside what the message says to keep
    ("cancel the gpu but keep the ram", "4090 kalsın, diğerini iptal et")."""
    kept = kept_spans(text)
    found = [
        e
        for e in tracker.latest_message.get("entities", []) or []
        if e.get("entity") == "product"
        and e.get("value")
        and not any(start <= (e.get("start") or 0) < end for start, end in kept)
    ]
    verb = CANCEL_WORD.search(text)
    # The verb's own sentence: "cancel 2 of them? Also, when do the WD SSDs ship?" is not
    # about the WDs.
    end = _SENTENCE_END.search(text, verb.end()) if verb is not None else None
    stop = end.start() if end is not None else len(text)
    # ... and the verb's own clause: "cancel it please and tell me when the asus ships" is not
    # about the Asus.
    clause_end = _CLAUSE_BREAK.search(text, verb.end()) if verb is not None else None
    if clause_end is not None and clause_end.start() < stop:
        stop = clause_end.start()
    after = [e for e in found if verb is not None and verb.end() <= (e.get("start") or 0) < stop]
    if after:
        # "cancel the 4090 please, the 4070 super is enough": the one the verb is about; with
        # the mention right after it ("the laptop ram"), both words.
        first = min(after, key=lambda e: e.get("start") or 0)
        joined = [
            e
            for e in after
            if e is not first and not text[first.get("end") or 0 : e.get("start") or 0].strip()
        ]
        if joined and first.get("end") is not None and joined[0].get("end") is not None:
            return text[first["start"] : joined[0]["end"]]
        return str(first.get("value"))
    if verb is not None and _BOTH_AFTER.match(text, verb.end()):
        # "The Ryzen 7800X3D and the Crucial P3 Plus are back-ordered. Cancel both please": the
        # lines named before, not the longest mention alone.
        return None
    if verb is not None and verb.group(0).lower().startswith("iptal"):
        # Turkish puts the object before the verb: "ekran kartları geldi 3 tane sorun yok,
        # sadece ssd yi iptal edin" cancels the SSD, named in the verb's own clause.
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, verb.start())]
        start = max([text.rfind(".", 0, verb.start()) + 1, *breaks])
        own = [e for e in found if start <= (e.get("start") or 0) < verb.start()]
        if own:
            return str(max(own, key=lambda e: e.get("start") or 0).get("value"))
    if verb is not None and _IT.match(text, verb.end()):
        # "I dont need the crucial ram anymore, cancel it please": the one named before "it".
        start = text.rfind(".", 0, verb.start()) + 1
        before = [e for e in found if start <= (e.get("start") or 0) < verb.start()]
        if before:
            return str(max(before, key=lambda e: e.get("start") or 0).get("value"))
        # "cancel it then. the ssds I keep" right after the 4060 Ti, "the T700 came, thanks. I
        # don't need the Corsair 64GB anymore, please cancel it": the one talked about or named
        # in the verb's own sentence (the caller's "it"), not a product of another sentence.
        return None
    mentions = [str(e.get("value")) for e in found]
    if mentions:
        return max(mentions, key=len)
    return None if kept or _KEEP.search(text) else latest_entity(tracker, "product")


# "cancel both", "cancel them both", "cancel all of them": every line just named.
_BOTH_AFTER = re.compile(r"\s+(?:both|them both|all of them|them all|the two|each of them)\b", re.I)


def _verb_clause(text: str) -> str:
    """The clause around the cancel verb, from the break before it to the break after it
    ("i want everything cancelled", "cancel the entire order"); "" without the verb."""
    verb = CANCEL_WORD.search(text)
    if verb is None:
        return ""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, verb.start())]
    end = _CLAUSE_BREAK.search(text, verb.end())
    return text[starts[-1] if starts else 0 : end.start() if end is not None else len(text)]


def _cancel_clause(text: str) -> str:
    """The words from the cancel verb to the end of its clause ("cancel the arc" of "whatever,
    cancel the arc, I'll buy a 7700 XT instead"); "" without the verb."""
    verb = CANCEL_WORD.search(text)
    if verb is None:
        return ""
    end = _CLAUSE_BREAK.search(text, verb.end())
    return text[verb.start() : end.start() if end is not None else len(text)]


# What is kept, in "keep the 4090, cancel the rest", "everything except the ssd", "all but the
# monitor"; in Turkish before the verb: "4090 kalsın", "ssd hariç", "monitör dışında".
_KEPT_EN = re.compile(
    r"\b(?:keep|except(?: for)?|but not|all but|other than|apart from|leave)\s+"
    r"(?P<what>[^,.;!?]*?)(?=\s*(?:[,.;!?]|\bcancel\b|\band\b|\bbut\b|$))",
    re.I,
)
# "the ssds I keep", "the monitor we'll keep": what is kept, named before the verb.
# "cancel the intel arc a770 please, not the eset": what the "not" after a comma leaves.
_KEPT_NOT = re.compile(
    r"[,;]\s*(?:but\s+)?(?:please\s+)?not\s+(?:the\s+|my\s+)?"
    r"(?P<what>[^,.;!?]*?)(?=\s*(?:[,.;!?]|\bcancel\b|\band\b|\bbut\b|$))",
    re.I,
)
_KEPT_BEFORE = re.compile(
    r"(?:^|[.,;!?]\s*)(?:but |and )?(?:the |my )?(?P<what>[\w'’ -]{1,40}?)\s+"
    r"(?:(?:i|we)(?:'ll| will| want to| wanna| would like to)? keep\b"
    # "the Arc A770 stays", "the monitor can stay", "the WD can ship" (set BG #19 cancelled it)
    r"|(?:stays|remains|can stay|should stay|is staying|can (?:still )?(?:ship|go out|be sent)"
    r"|ships (?:as planned|normally)|should ship)\b)",
    re.I,
)
_KEPT_TR = re.compile(
    r"(?P<what>[\w'’ -]{1,40}?)\s+(?:kals[ıi]n|dursun|kalacak|hari[çc]|d[ıi][şs][ıi]nda|gelsin"
    r"|beklesin)\b",
    re.I,
)


# "cancel it but ship the Samsung SSD anyway", "and still send the monitor": what is sent, kept.
_KEPT_SENT = re.compile(
    r"\b(?:but|and|still)\s+(?:still\s+|please\s+)?(?:ship|send)\s+(?P<what>[^,.;!?]*?)"
    r"(?=\s*(?:\banyway\b|\bregardless\b|\bas planned\b|\bnormally\b|[,.;!?]|$))",
    re.I,
)


# "cancel the crucial so the samsungs can go", "so that the xtx ships": what should go, kept.
_KEPT_SO = re.compile(
    r"\bso(?: that)?\s+(?:the |my )?(?P<what>[^,.;!?]*?)\s+(?:can|could|will|would|ships?"
    r"|goes|go|leaves?|comes?|arrives?|gets? (?:sent|shipped))\b",
    re.I,
)


def kept_spans(text: str) -> list[tuple[int, int]]:
    """Where the message names what to keep (start, end of each): in Turkish the words before
    "kalsın" after the request's own verb ("işlemciyi iptal edin ssd kalsın": "ssd")."""
    spans = []
    for pattern in (_KEPT_EN, _KEPT_NOT, _KEPT_BEFORE, _KEPT_TR, _KEPT_SENT, _KEPT_SO):
        match = pattern.search(text)
        if match is None:
            continue
        start, end = match.span("what")
        verbs = list(_REQUEST_VERB.finditer(text, start, end))
        spans.append((verbs[-1].end() if verbs else start, end))
    return spans


# A request's verb inside what a Turkish "kalsın" seems to keep: what comes after it is kept.
_REQUEST_VERB = re.compile(r"\b(?:iptal|de[ğg]i[şs]tir)\w*(?:\s+\w*(?:in|iniz|et|edin))?", re.I)


def kept_lines(order: Order, text: str) -> list[OrderLine]:
    """The lines a message says to keep while cancelling others ("keep the 4090", "4090
    kalsın"); [] when it names none."""
    return [line for start, end in kept_spans(text) for line in lines_named(order, text[start:end])]


def without_kept(text: str) -> str:
    """The message without what it says to keep: "cancel the crucial 4tb, I'll keep the
    samsung ones" -> "cancel the crucial 4tb, I'll keep "."""
    for start, end in sorted(kept_spans(text), reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


# Counts in words, Turkish letters folded ("üçünü" is "ucunu").
_COUNT_WORDS = {
    **dict.fromkeys(("one", "bir", "biri", "birini"), 1),
    **dict.fromkeys(("two", "iki", "ikisi", "ikisini"), 2),
    **dict.fromkeys(("three", "uc", "ucunu"), 3),
    **dict.fromkeys(("four", "dort", "dordunu"), 4),
    **dict.fromkeys(("five",), 5),
    **dict.fromkeys(("six",), 6),
}
_FOLD = str.maketrans("çğıöşü", "cgiosu")
_COUNT = (
    r"(\d{1,3}|one|two|three|four|five|six|bir(?:ini|i)?|iki(?:sini|si)?"
    r"|[üu][çc](?:[üu]n[üu])?|d[öo]rd[üu]n[üu]|d[öo]rt)"
)
# "cancel 1 of them", "cancel only one", "cancel 2 of the three"; "keep 2", "keep one laptop";
# "birini iptal et", "2 tanesini iptal edin"; "biri kalsın", "ikisini tutun".
_CANCEL_COUNT = re.compile(
    rf"\b(?:cancel|remove|drop|take off|delete) ?(?:only |just )?{_COUNT}\b(?!\s?(?:tb|gb))"
    # ("2sini iptal eder misiniz", "2'sini iptal edin": the number with its ending.)
    rf"|\b{_COUNT}(?:'?(?:sini|s[ıi]n[ıi]|unu|[üu]n[üu]|ini|[ıi]n[ıi]))?(?: tane(?:si(?:ni)?)?)?"
    r" (?:tanesini )?iptal",
    re.I,
)
_KEEP_COUNT = re.compile(
    rf"\bkeep (?:only |just )?{_COUNT}\b(?!\s?(?:tb|gb))"
    rf"|\b{_COUNT}(?: tane(?:si(?:ni)?)?)? (?:kals[ıi]n|dursun|tutun|tutal[ıi]m)",
    re.I,
)


# "can you change it to 2?", "reduce the quantity to one", "I only need 2", "make it 2 instead
# of 3"; "2'ye düşürün", "sadece 2 tane yeter": the units to keep.
_REDUCE_TO = re.compile(
    rf"\bfrom (?:\d{{1,3}}|two|three|four|five|six) to {_COUNT}\b(?!\s?(?:tb|gb|tl|eur|euro|€|x))"
    rf"|(?:\b(?:change|reduce|lower|drop|cut|bring|decrease|update|set)\b[^.?!]{{0,30}}?\bto"
    rf"|\bmake (?:it|that|them|the order)) (?:just |only )?{_COUNT}\b"
    r"(?!\s?(?:tb|gb|tl|eur|euro|€|x)|\s+\d+\s?(?:tb|gb|inch|in[çc]))"
    rf"|\bonly (?:need|want|wanted|needed|ordered for) {_COUNT}\b(?!\s?(?:tb|gb))"
    # "i want only 2 arc a770 not 3"
    rf"|\b(?:need|want|wanted|needed) only {_COUNT}\b(?!\s?(?:tb|gb))"
    # "I dont need 3 just 2"
    r"|\b(?:don'?t|dont|do not) need (?:\d{1,3}|two|three|four|five|six),?"
    rf" (?:just|only) {_COUNT}\b"
    # "i need 2 dell p2425h not 3", "i want 2 ryzen 9 7950x not 3"
    rf"|\b(?:need|want|wanted|needed) {_COUNT}\b(?!\s?(?:tb|gb))[^.?!,]{{0,40}}?\bnot "
    r"(?:\d{1,3}|two|three|four|five|six)\b"
    rf"|\b{_COUNT}(?:'?[ey][ae])? (?:d[üu][şs][üu]r|indir)\w*"
    rf"|\b(?:sadece|yaln[ıi]zca) {_COUNT} tane"
    # "Corsair 64 GB'lardan 3 değil 2 tane istiyorum"
    rf"|\b(?:\d{{1,2}}|iki|[üu][çc]|d[öo]rt) de[ğg]il {_COUNT} (?:tane|adet)"
    # "I'd like only 2 of the Dell P2425H instead of 3", "only 2 monitors, not 3"
    rf"|\b(?:only|just) {_COUNT}\b(?!\s?(?:tb|gb))[^.?!]{{0,40}}?\b(?:instead of|not)"
    r" (?:\d{1,2}|two|three|four|five|six)\b"
    # "I accidentally ordered 3x Ryzen 9 7950X instead of 1"
    r"|\b(?:ordered|bought) (?:\d{1,2}|two|three|four|five|six) ?x?\b[^.?!]{0,40}?\binstead of"
    rf" {_COUNT}\b(?!\s?(?:tb|gb))",
    re.I,
)


def reduced_quantity(text: str) -> int | None:
    """The quantity a message asks to bring a line down to ("change it to 2"), or None."""
    matches = list(_REDUCE_TO.finditer(text))
    # ("actually make it 2, I only need one": the units needed say it, not "make it".)
    needed = [m for m in matches if re.match(r"only|just|need|want|don", m.group(0), re.I)]
    if not matches:
        return None
    return _count(next(g for g in (needed or matches)[0].groups() if g))


def _already_that_many(
    dispatcher: CollectingDispatcher, order: Order, line: OrderLine, text: str
) -> bool:
    """ "I only need 2" when the line has 2 (or fewer) units left: nothing to cancel, said so;
    never the whole line proposed instead. False when the message asks no such thing."""
    target = reduced_quantity(text)
    if target is None or line.quantity > target:
        return False
    dispatcher.utter_message(
        response="utter_cancel_already_that_many",
        order_number=order.order_number,
        quantity=line.quantity,
        name=line.name,
        target=target,
    )
    return True


def _first_count(text: str) -> int | None:
    """The first number the message gives, in digits or in words ("yes one": 1)."""
    for word in re.findall(r"\w+", text.lower().translate(_FOLD)):
        if word.isdigit() and len(word) <= 3:
            return int(word)
        if word in _COUNT_WORDS:
            return _COUNT_WORDS[word]
    return None


def _says_count(text: str, count: int) -> bool:
    """Whether the message gives this number, in digits or in words ("sadece bir tane": 1)."""
    words = re.findall(r"\w+", text.lower().translate(_FOLD))
    return any(word == str(count) or _COUNT_WORDS.get(word) == count for word in words)


def _count(word: str) -> int | None:
    word = word.lower().translate(_FOLD)
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word)


# "replace one of the Odyssey with the BenQ", "swap 1 of the 2", "birini 7900X ile değiştirin".
_SWAP_COUNT = re.compile(
    rf"\b(?:swap|replace|switch|exchange|change) (?:only |just )?{_COUNT} of\b"
    r"|\b(birini|ikisini|(?:\d{1,2}) tanesini)\b[^.?!,]{0,40}\bile de[ğg]i[şs]tir",
    re.I,
)


def swap_quantity(text: str, line_quantity: int) -> int | None:
    """How many of a line's units the message asks to swap, when fewer than all of them."""
    match = _SWAP_COUNT.search(text)
    wanted = _count(next(g for g in match.groups() if g)) if match is not None else None
    return wanted if wanted is not None and 0 < wanted < line_quantity else None


def cancel_quantity(text: str, line_quantity: int) -> int | None:
    """How many of a line's units the message asks to cancel, when it is some but not all of
    them ("cancel 1 of them, keep 2", "keep one, cancel the other", "birini iptal edin");
    None for the whole line or no number."""
    if line_quantity < 2:
        return None
    cancel = _CANCEL_COUNT.search(text)
    keep = _KEEP_COUNT.search(text)
    wanted = None
    if cancel is not None:
        wanted = _count(next(g for g in cancel.groups() if g))
    elif keep is not None:
        kept = _count(next(g for g in keep.groups() if g))
        wanted = line_quantity - kept if kept is not None else None
    elif (target := reduced_quantity(text)) is not None:
        wanted = line_quantity - target
    elif line_quantity == 2 and _KEEP_THE_OTHER.search(text):
        wanted = 1  # "just one of them, keep the other"
    elif _ONE_UNIT.search(text):
        wanted = 1  # "ok only 2 then and cancel the third" (set BF #50 cancelled all three)
    return wanted if wanted is not None and 0 < wanted < line_quantity else None


# One unit named by its place: "cancel the third", "drop the last one", "the extra one".
_ONE_UNIT = re.compile(
    r"\b(?:cancel|drop|remove)\s+the\s+(?:second|third|fourth|fifth|last|extra|spare)(?:\s+one)?\b",
    re.IGNORECASE,
)


# Of two units, one kept: "keep the other", "keep the other one", "diğeri kalsın".
_KEEP_THE_OTHER = re.compile(
    r"\bkeep the other(?: one)?\b|\b(?:di[ğg]eri|[öo]b[üu]r[üu])(?:ni)? (?:kals[ıi]n|dursun|tutun)",
    re.IGNORECASE,
)


# Every unit of a line: "both", "all of them", "all three", "hepsini", "ikisini de".
_ALL_UNITS = re.compile(
    r"\b(?:both|all of them|all (?:two|three|four|five|\d+)|hepsi\w*|ikisi\w* de"
    r"|[üu][çc][üu] de)\b",
    re.I,
)
# "cancel part of my order", "one of the items", "some of it", "siparişimin bir kısmını".
_PART_OF = re.compile(
    r"\b(?:part of|some of|one of|an item|one item|a line|one line|one thing|bir k[ıi]sm\w*"
    r"|baz[ıi]\w*|bir [üu]r[üu]n[üu]\w*)\b",
    re.IGNORECASE,
)


# Words of a yes that name nothing: "yes cancel them all please".
_PLAIN_YES_WORDS = re.compile(
    r"\b(?:yes|yeah|yep|yup|sure|ok|okay|go|ahead|do|it|please|cancel|them|all|everything|both"
    r"|ikisini|ikisi|de"
    r"|the|whole|order|thanks|thank|you|evet|tamam|iptal|edin|et|lütfen|hepsini|hepsi)\b|\W+",
    re.I,
)


def _says_more_than_yes(text: str) -> bool:
    """Whether a yes names something beyond itself (and not "everything")."""
    return not WHOLE_ORDER.search(text) and bool(_PLAIN_YES_WORDS.sub("", text).strip())


def _named_in_yes(order: Order, tracker: Tracker, detail: dict[str, Any]) -> list[OrderLine]:
    """The open lines a yes to a cancellation of several lines names, when they are fewer than
    (or other than) the proposed ones: "yes the 4090 only" to "cancel the whole order?"."""
    text = tracker.latest_message.get("text") or ""
    mention = latest_entity(tracker, "product")
    named = matching_lines(order, mention) if mention else lines_named(order, text)
    named = [ln for ln in named if ln.status in OPEN]
    if detail.get("scope") == "lines":
        proposed = {int(n) for n in detail.get("line_nos") or []}
    else:
        proposed = {ln.line_no for ln in order.lines if ln.status in OPEN}
    return named if named and {ln.line_no for ln in named} != proposed else []


# "ok cancel whatever you can", "cancel what's left then": everything that can still be cancelled.
_WHATEVER_CAN = re.compile(
    r"\b(?:whatever (?:you can|is left|'?s left|can be)|what you can|what(?:'s| is) left"
    r"|anything (?:that'?s )?left|iptal edilebilen\w*|ne varsa)\b",
    re.I,
)


# The question a cancellation proposal asks ("Cancel 1 × … ? ").
_ASKING = "utter_cancel_confirm"


def _restates(tracker: Tracker) -> bool:
    """Whether the message asks for the cancellation just proposed, as a statement ("cancel the
    whole thing, found it cheaper elsewhere"), not a question or a step back."""
    text = tracker.latest_message.get("text") or ""
    return (
        # (Only a proposal of an earlier turn: never one made for this very message by another
        # action of this turn.)
        not _acted_since_the_message(tracker)
        and proposal_is_fresh(tracker, (PROPOSE, CONFIRM))
        and "?" not in text
        and not text.startswith("/")
        and _CANCEL_ASKED.search(text) is not None
        and not backs_off(text)
        # ("sadece ekran kartını iptal et, eset kalsın": what stays, not the change refused.)
        and not refuses_the_change(text, "cancel")
    )


def _same_cancellation(proposed: Any, waiting: Any) -> bool:
    """Whether two proposals cancel the same units of the same order ("cancel the 4080 super
    then" after "cancel everything that hasn't shipped (1 × 4080 Super)?")."""
    if not isinstance(proposed, dict) or not isinstance(waiting, dict):
        return False
    if proposed == waiting:
        return True
    parts = proposed.get("parts") or []
    others = waiting.get("parts") or []
    return (
        bool(parts)
        and proposed.get("order_number") == waiting.get("order_number")
        and sorted(map(tuple, parts)) == sorted(map(tuple, others))
    )


def _acted_since_the_message(tracker: Tracker) -> bool:
    """Whether an action already ran for the latest message (this action runs after it, in the
    same turn)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return True
    return False


def _confirms_the_proposal(tracker: Tracker) -> bool:
    """A cancel request that starts with a yes, right after the bot proposed a cancellation,
    naming nothing new: the customer confirms it. So does "ok cancel whatever you can" after
    "cancel everything that hasn't shipped?", whatever shipped line it mentions."""
    text = tracker.latest_message.get("text") or ""
    if (
        tracker.get_slot("pending") != "cancel"
        or _acted_since_the_message(tracker)
        or not proposal_is_fresh(tracker, (PROPOSE, CONFIRM))
    ):
        return False
    detail = tracker.get_slot("pending_detail") or {}
    if detail.get("scope") == "order" and _CANCEL_ASKED.search(text) and _WHATEVER_CAN.search(text):
        return True
    return (
        _YES.search(text) is not None
        and latest_entity(tracker, "product") is None
        and latest_entity(tracker, "order_number") is None
    )


# A question about when: "when are the 4060s supposed to come back?", "ne zaman gelir".
_WHEN = re.compile(r"\bwhen\b|\bne zaman\b|\beta\b", re.I)
# Where one request in a message ends and the next begins: "2 of the 3 7800X3D and the
# Crucial", "the 4070, the ssd", "RX 7600'ü ve SSD'yi".
# (In Turkish, also a question's "mı" and a condition: "kargoya çıktı mı gelmeyecekse crucialı
# iptal edin" is three clauses.)
# (A numbered list too: "1) cancel the Crucial P3 Plus 2) I only need 1 of the 3 Ryzen".)
_CLAUSE_BREAK = re.compile(
    # (A sentence's end too: "Is everything in it back-ordered?? I want to cancel the Radeon RX
    # 7600" is the Radeon alone; set BM #2 proposed the whole order.)
    r"[,;&+]|[.?!]+(?=\s|$)|(?:^|\s)\(?\d\)\s|\b(?:and|also|plus the|ve|ile|bir de|m[ıiuü]|e[ğg]er"
    r"|\w+(?:ecekse|acaksa|mezse|mazsa|[yk]se|[yk]sa))\b",
    re.I,
)


# A clause beside a cancellation that says something else of its line: kept, enough, needed.
_NOT_A_CANCEL = re.compile(
    r"\b(?:is|are|'s|enough|keep|need|want|stays?|works?|fine|ok|good|ship\w*|arriv\w*|when"
    # ("and add a second wd black 2tb": another unit wanted, not cancelled; "xtx yi de hemen
    # gönderin": sent, not cancelled.)
    r"|add|another|second|extra|more|buy|ekle\w*|send\w*|sent|whether|g[öo]nder\w*|yolla\w*|kargola\w*"
    # ("and whats your return policy if the 7900 xtx has coil whine": a question beside it.)
    r"|what'?s?|how|policy|return\w*|warranty|if"
    # ("and sign me up for updates on the SSD": a sign-up for that line, set BN #19 proposed
    # cancelling it too.)
    r"|sign\w* me up|updates?|notify|let me know|message me|haber\w*"
    r"|kals[ıi]n|yeter|gelsin|dursun|laz[ıi]m)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.?!\n]+(?:\s|$)")


def _cancel_clauses(text: str) -> str:
    """The message without the clauses of its cancelling sentences that ask something else
    ("cancel the crucial and add a second wd black" -> "cancel the crucial ")."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?\n])\s+", text):
        if not CANCEL_WORD.search(sentence):
            kept.append(sentence)
            continue
        kept += [
            clause for clause in _CLAUSE_BREAK.split(sentence) if not _asks_something_else(clause)
        ]
    return " ".join(kept)


def _asks_something_else(clause: str) -> bool:
    """Whether a clause beside a cancellation says something else of a line ("the rx 7600 is
    enough", "and add a second wd black", "xtx yi de hemen gönderin"): it names none to cancel."""
    return (
        not CANCEL_WORD.search(clause)
        and not _FEWER_WANTED.search(clause)
        and not _NO_LONGER_NEEDED.search(clause)
        # ("7800X3D yerine Ryzen 9 7900X olsun, bir de 3 ram kitinden 2'sini iptal edin": the
        # first clause asks a swap; set BB #29 cancelled the 7800X3D.)
        and (_NOT_A_CANCEL.search(clause) is not None or SWAP_ASKED.search(clause) is not None)
    )


# "I don't need the Corsair 64GB anymore": the reason to cancel it, not something else asked.
_NO_LONGER_NEEDED = re.compile(
    r"\b(?:don'?t|dont|do not|no longer|won'?t) (?:really )?(?:need|want)\b"
    r"|\bgerek (?:yok|kalmad[ıi])|\bihtiyac[ıi]m (?:yok|kalmad[ıi])",
    re.I,
)


# "I only need 1 of the 3 Ryzen", "sadece 1 tane lazım": fewer units, a cancellation.
_FEWER_WANTED = re.compile(
    r"\bonly (?:need|want)\s+(?:\d+|one|two|three|four)\b"
    r"|\bsadece (?:\d+|bir|iki|üç) (?:tane|adet)",
    re.I,
)


# "drop the 4060 Ti", "get rid of the monitor": a cancellation without the word.
_DROPS = re.compile(r"\b(?:drop|get rid of)\b", re.I)


def _parts_named(order: Order, text: str, whole: str = "") -> list[tuple[OrderLine, int]]:
    """The open lines the sentences of a message that say "cancel" name one clause at a time,
    each with the units its clause asks for ("2 of the 3 7800X3D and the Crucial" ->
    [(7800X3D, 2), (Crucial, 1)]); [] when fewer than two clauses name a line of their own.
    `text` is the message without what it keeps; `whole`, the message itself, adds the clauses
    that keep fewer units of a line than it has ("cancel the 7900 xtx, and keep only 1 of the 3
    wd black ssds": 2 of the WD too; set BN #49 cancelled the XTX alone)."""
    parts: list[tuple[OrderLine, int]] = []
    # (A sentence that only asks for fewer units is one too: "I want to drop the 4060 Ti. And
    # of the three WD Black 2TB I only need two now".)
    sentences = [
        s
        for s in _SENTENCE_END.split(text)
        if CANCEL_WORD.search(s)
        or _DROPS.search(s)
        or _REDUCE_TO.search(s)
        or _FEWER_WANTED.search(s)
        or _KEEP_COUNT.search(s)
    ]
    for sentence in sentences:
        found = len(parts)
        for clause in _CLAUSE_BREAK.split(sentence):
            if _asks_something_else(clause) and not _REDUCE_TO.search(clause):
                # "cancel the 4090, the rx 7600 is enough" (but "and also make it 2 ssds instead
                # of 3" is a cancellation of one SSD; set BN #39 heard it of the 4060 Ti).
                continue
            named = [ln for ln in lines_named(order, clause) if ln.status in OPEN]
            if len(named) != 1 or any(named[0] is line for line, _ in parts):
                continue
            line = named[0]
            parts.append((line, cancel_quantity(clause, line.quantity) or line.quantity))
        named = [ln for ln in lines_named(order, sentence) if ln.status in OPEN]
        if len(parts) == found and len(named) == 1 and not any(named[0] is ln for ln, _ in parts):
            # "I only need 2 of the 3 Ryzen 7 7800X3D, please cancel one.": the sentence's one
            # line, with the units the sentence asks for.
            line = named[0]
            parts.append((line, cancel_quantity(sentence, line.quantity) or line.quantity))
    return parts + [p for p in _kept_fewer(order, whole) if not any(p[0] is ln for ln, _ in parts)]


def _kept_fewer(order: Order, text: str) -> list[tuple[OrderLine, int]]:
    """Of the clauses of a message that cancels, those keeping some units of one open line
    ("keep only 1 of the 3 wd black ssds"): that line, with the units not kept."""
    if not CANCEL_WORD.search(text):
        return []
    parts: list[tuple[OrderLine, int]] = []
    for clause in _CLAUSE_BREAK.split(text):
        if not clause or CANCEL_WORD.search(clause) or not _KEEP_COUNT.search(clause):
            continue
        named = [ln for ln in lines_named(order, clause) if ln.status in OPEN]
        if len(named) == 1 and (units := cancel_quantity(clause, named[0].quantity)):
            parts.append((named[0], units))
    return parts


def matching_lines(order: Order, mention: str) -> list[OrderLine]:
    """The order's lines a product mention points at: SKU, words of the name, or category."""
    wanted = _compact(mention)
    if _LAPTOP_MEMORY.search(mention):
        # "the laptop ram": the SO-DIMM (laptop memory), whatever else the order holds.
        sodimm = [ln for ln in order.lines if "sodimm" in _compact(ln.name)]
        if sodimm:
            return sodimm
    by_name = [
        ln for ln in order.lines if wanted in _compact(ln.sku) or wanted in _compact(ln.name)
    ]
    if by_name:
        return by_name
    named = lines_named(order, mention, by_kind=False)
    if named:
        return named  # "crucial ram": the Crucial line, by its brand
    mention_lower = mention.lower()
    return [
        ln
        for ln in order.lines
        if any(word in mention_lower for word in CATEGORY_WORDS.get(ln.category or "", ()))
    ]


# Memory for laptops, as customers call it and as catalogues name it.
_LAPTOP_MEMORY = re.compile(
    r"\b(?:laptop|notebook|diz[üu]st[üu]) (?:ram|memory|bellek)\w*|\bso-?dimm\b", re.I
)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _total(lines: list[OrderLine]) -> Decimal | None:
    if any(ln.unit_price is None for ln in lines):
        return None
    return sum((ln.unit_price * ln.quantity for ln in lines if ln.unit_price), Decimal(0))
