"""Order status: the verification form's validator and the lookup that answers line by line."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    InvalidLookup,
    Order,
    OrderLine,
    OrderNotFound,
    TooManyAttempts,
)
from actions.browse import asks_what_there_is, browse_in_context, show_in_stock
from actions.common import (
    ClientFactory,
    Now,
    ReplyAction,
    Today,
    found_it_elsewhere,
    gives_details,
    language,
    last_turn,
    latest_entity,
    previous_action,
    said_last_turn,
    said_lately,
    settings_today,
    utc_now,
    verified_credentials,
    without_order_details,
)
from actions.formatting import (
    format_day,
    format_window,
    normalise_order_number,
    parse_email,
    parse_postal_code,
)
from actions.lines import (
    ALL_ASKED,
    asked_lines,
    asks_if_together,
    asks_to_hold,
    asks_to_send,
    asks_to_split,
    asks_whether_split,
    lines_named,
    lines_to_send,
    other_lines,
    verified_order,
)
from actions.phrases import phrase
from actions.resume import asks_fewer, asks_in_words, request_in_words, request_to_resume
from actions.tone import sounds_pleased, sounds_upset
from actions.topics import (
    answered_limit_followup,
    asked_topics,
    asks_the_status,
    describes_damage,
    utter_topics,
)
from backorder_common.wording import join_and
from rasa_components.order_details import (
    EMAIL,
    ORDER_NUMBER,
    POSTAL_CODE,
    Detail,
    corrected_email,
    find_details,
    first,
)

logger = logging.getLogger(__name__)

# After two failed tries a person is offered (the backend's lockout allows more).
MAX_VERIFICATION_FAILURES = 2

# Values of the featurised slot `order_lookup_result`; the rules branch on them.
RESULT_FOUND = "found"
RESULT_RETRY = "retry"
RESULT_LOCKED = "locked"
RESULT_UNAVAILABLE = "unavailable"
RESULT_DROPPED = "dropped"  # the customer no longer wants it looked up
# What ends the form when the customer drops the lookup: the check action then says so.
_DROPPED: dict[str, Any] = {"verification": None, "requested_slot": None}


# "i haven't ordered yet, just some questions", "before I order", "henüz sipariş vermedim":
# no order to look up.
NO_ORDER_YET = re.compile(
    r"\b(?:haven'?t|have not|didn'?t|did not|not) (?:yet )?(?:ordered|placed an order|bought)"
    r"(?: anything| it)?(?: yet)?\b|\bno order yet\b|\bbefore (?:i|I) (?:order|buy)\b"
    r"|\b(?:don'?t|do not) have an order\b"
    r"|\bhen[üu]z sipari[şs] ver(?:medim|mem)\w*|\bsipari[şs] vermeden [öo]nce\b",
    re.IGNORECASE,
)
# "can you find it by my email?", "e-postamla bulamaz mısınız": asking to look it up without
# the number.
BY_EMAIL = re.compile(
    r"\b(?:by|with|from|using|via|through)\s+(?:my\s+)?(?:e-?mail|name|phone)\b"
    r"|\bwithout (?:the |an? )?(?:order )?number\b"
    r"|\b(?:don'?t|dont|do not|can'?t|cant|cannot) (?:have|remember|find|recall|know)"
    r" (?:the |an? |my )?(?:order )?(?:number|no)\b"
    r"|\b(?:lost|forgot) (?:the |my )?(?:order )?number\b"
    r"|\blook (?:it|them|my order|the order) up by\b"
    r"|\b(?:e-?posta|mail|isim|telefon)\w*\s+(?:ile|la|le)\b"
    r"|\b(?:e-?posta|mail)(?:im|imle|imla|le|la)\b"
    r"|\bnumaras[ıi]z\b|\bnumaram yok\b",
    re.I,
)


# "I didn't cancel it", "i never asked for that", "ben iptal etmedim": a cancelled order the
# customer didn't expect is a grievance, not a no or a question about the policy.
DIDNT_CANCEL = re.compile(
    r"\b(?:didn'?t|did not|never|haven'?t|have not)\b[^.?!]{0,20}\b(?:cancel\w*|ask\w*)"
    r"|iptal etme(?:di|mi)\w*",
    re.IGNORECASE,
)
# "why was my order cancelled??", "neden iptal edildi": asked about, not asked for.
# "why was it cancelled", "who cancelled it and why", "neden iptal".
WHY_CANCELLED = re.compile(
    r"\bwhy\b[^.?!]{0,40}\bcancel\w*|\bwho (?:has |had )?cancell?ed\b|\bneden iptal\b"
    r"|\bkim iptal\b",
    re.IGNORECASE,
)


class ValidateOrderLookupForm(FormValidationAction):
    """Takes the order number and the proof from whatever the customer wrote, keeps the number
    after a failed lookup, takes corrections, and only calls a number wrong when it was one."""

    def name(self) -> str:
        return "validate_order_lookup_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """None when the customer says there is no order yet ("i haven't ordered yet, just some
        questions"): the form ends at once, and the check action says no order is needed."""
        text = _latest_text(tracker)
        if NO_ORDER_YET.search(text) and first(find_details(text), ORDER_NUMBER) is None:
            return []
        return domain_slots

    async def extract_order_number(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A correction while the form asks for the proof: "sorry, the order is 100331" (a
        labelled number, not a 6-digit postal code) or "the order number was wrong"."""
        if tracker.get_slot("requested_slot") != "verification":
            return {}
        text = _latest_text(tracker)
        details = find_details(text)
        corrected = first(details, ORDER_NUMBER, labelled=True)
        current = tracker.get_slot("order_number")
        if corrected is None and (_CORRECTION.search(text) or first(details, EMAIL)):
            # "sorry 100383 i mixed up the numbers", "hmm maybe its 100145": unlabelled, but a
            # correction, not a 6-digit postal code; "for 100298 the email is ...": the proof is
            # the email, so the number is the order's.
            corrected = first(details, ORDER_NUMBER)
        if corrected and corrected != current:
            proof = _offered_proof(details) or tracker.get_slot("rejected_proof")
            if proof:
                # "maybe its 100200" after a failed check: the proof given before goes with the
                # corrected number (a human would not ask for the same email twice).
                dispatcher.utter_message(
                    response="utter_order_number_corrected_retry", order_number=corrected
                )
                # Only the form's own slots: validate_verification sets email or postal_code.
                return {"order_number": corrected, "verification": proof}
            dispatcher.utter_message(
                response="utter_order_number_corrected", order_number=corrected
            )
            return {"order_number": corrected}
        if _WRONG_NUMBER.search(text) and not first(details, EMAIL) and not corrected:
            return {"order_number": None}
        return {}

    def validate_order_number(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        text = _as_text(slot_value)
        if text is None:
            # Not something the customer typed: a slot cleared after a failed lookup is the last
            # event when the form restarts, and rasa-sdk hands it to us as a candidate.
            return {"order_number": None}
        order_number = first(find_details(text), ORDER_NUMBER) or normalise_order_number(text)
        if order_number is not None:
            return {"order_number": order_number}
        if found_it_elsewhere(text):
            return _DROPPED  # "never mind, found it in my inbox"
        if BY_EMAIL.search(text) and not said_last_turn(tracker, "utter_order_number_not_by_email"):
            # "I don't have the number, can you find it by my email? mia@...", "i dont remember
            # the number. ravi@...": why not (the email is kept for later by the verification
            # slot).
            dispatcher.utter_message(response="utter_order_number_not_by_email")
            return {"order_number": None}
        details = find_details(text)
        if first(details, POSTAL_CODE, labelled=True) or first(details, EMAIL):
            # "postcode 35220" before the number: kept for later (the verification slot took
            # it), and not a wrong order number; the form asks for the number again.
            return {"order_number": None}
        if parse_email(text) or not any(character.isdigit() for character in text):
            # An email given first is kept for later (the verification slot took it); words
            # without a number are not a wrong order number: say what's needed and how to get help.
            if not parse_email(text):
                dispatcher.utter_message(response="utter_order_number_help")
            return {"order_number": None}
        dispatcher.utter_message(response="utter_invalid_order_number")
        return {"order_number": None}

    def validate_verification(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        text = _as_text(slot_value)
        if text is None or _restarting_after_failure(tracker):
            # After a failed lookup the form restarts on the same message: its proof failed.
            return {"verification": None}
        details = find_details(text)
        email = first(details, EMAIL) or parse_email(text)
        if email:
            return {"verification": email, "email": email, "postal_code": None}
        if found_it_elsewhere(text) and not details:
            return _DROPPED  # "nvm found it in my email": no lookup wanted any more
        rejected = tracker.get_slot("rejected_proof")
        corrected = corrected_email(text, rejected)
        if corrected:
            # "oh its example.net sorry" after mia.40@example.com failed: that email with the
            # domain given (sets BE #31 and #36 asked for the whole email again, forever).
            return _proof_slots(corrected)
        if rejected and _SAME_PROOF.search(text):
            # "same email" after correcting the number: the proof of the failed try again.
            return _proof_slots(str(rejected))
        postal_code = first(details, POSTAL_CODE)
        if postal_code is None and first(details, ORDER_NUMBER) is None:
            postal_code = parse_postal_code(text)
        message = find_details(_latest_text(tracker))
        if (
            tracker.get_slot("requested_slot") == "order_number"
            and postal_code
            and first(message, POSTAL_CODE, labelled=True) is None
            and first(message, ORDER_NUMBER) is None
        ):
            # Five digits alone, without a label, when asked for the order number: a mistyped
            # number (the order number's validator says so), not a postal code to keep.
            return {"verification": None, "email": None, "postal_code": None}
        if postal_code and postal_code != tracker.get_slot("order_number"):
            return {"verification": postal_code, "email": None, "postal_code": postal_code}
        if first(details, ORDER_NUMBER) or postal_code:
            # The order number again, not a proof: ask for the proof (the form does).
            return {"verification": None, "email": None, "postal_code": None}
        if _WRONG_NUMBER.search(text):
            return {"verification": None}  # the order number is asked again (extract_order_number)
        if is_a_phone_number(text):
            dispatcher.utter_message(response="utter_phone_is_not_proof")
            return {"verification": None, "email": None, "postal_code": None}
        # A try at a proof: an @, a run of digits, or a short answer with a digit ("3471O").
        has_attempt = (
            "@" in text
            or re.search(r"\d{3,}", text) is not None
            or (len(text.split()) <= 4 and any(character.isdigit() for character in text))
        )
        if not has_attempt and _A_MOMENT.search(text):
            # "hold on let me find the email": time to look, no help needed.
            dispatcher.utter_message(response="utter_take_your_time")
            return {"verification": None, "email": None, "postal_code": None}
        response = "utter_invalid_verification" if has_attempt else "utter_verification_help"
        dispatcher.utter_message(response=response)
        return {"verification": None, "email": None, "postal_code": None}


# "hold on let me find the email", "one sec", "wait i'll check", "bir dakika bakıyorum".
_A_MOMENT = re.compile(
    r"\b(?:hold on|one sec\w*|a sec\w*|just a (?:sec\w*|moment|minute)|one moment|wait"
    r"|let me (?:find|check|look)|i'?ll (?:find|check|look)|looking for it|bir (?:dakika|saniye)"
    r"|bekle\w*|bak[ıi]yorum|bakay[ıi]m)\b",
    re.IGNORECASE,
)


# Words that make a 6-digit number typed while the form asks for the proof a new order number;
# in Turkish "pardon yanlış yazdım", "hayır numara şu", "düzeltme", "aslında", "doğrusu",
# "100331 olacak" ("yanlış" and "hatalı" take their endings: "yanlışlıkla", "hatalıymış").
_CORRECTION = re.compile(
    r"\b(?:sorry|wrong|mixed|typo|meant|actually|maybe|oops|mistake|mistyped|correct|try|its|it's"
    r"|it is|pardon|özür|ozur|kusura|yanl[ıi][sş]\w*|hatal[ıi]\w*|d[üu]zelt\w*|asl[ıi]nda"
    r"|do[ğg]rusu|kar[ıi][sş]t[ıi]r\w*|olacak(?:t[ıi]r)?|olmal[ıi]|hay[ıi]r)\b",
    re.I,
)
# "the order number was wrong", "wrong number", "not that order", "I mistyped the order";
# "sipariş numarası yanlış", "yanlış numara yazdım", "numarayı hatalı girdim".
_WRONG_NUMBER = re.compile(
    r"\b(?:wrong|incorrect|mistyped|typo|mistake|not that|not my)\b.{0,20}\b(?:order|number|no)\b"
    r"|\b(?:order|number)\b.{0,20}\b(?:wrong|incorrect|mistyped|typo)\b"
    r"|\b(?:yanl[ıi][sş]|hatal[ıi])\b.{0,20}\b(?:numara\w*|sipari[sş]\w*|no)\b"
    r"|\b(?:numara\w*|sipari[sş]\w*)\b.{0,20}\b(?:yanl[ıi][sş]\w*|hatal[ıi]\w*)",
    re.I,
)


# "0532 555 12 34", "+90 532 555 1234", "(0212) 555-12-34": ten or more digits in a phone's
# groups, starting as phone numbers do (0, +, a bracket), not an order number and a postal code.
_PHONE = re.compile(r"(?<![\w@])(?:\+|\(|0)[\d\s().-]{8,}\d(?![\w@])")


def is_a_phone_number(text: str) -> bool:
    return any(
        sum(character.isdigit() for character in match.group()) >= 10
        for match in _PHONE.finditer(text)
    )


def phone_given_as_proof(tracker: Tracker) -> bool:
    """Whether the customer answered the order form's question for a proof with a phone number
    (whatever the NLU made of it)."""
    return (tracker.active_loop or {}).get("name") == "order_lookup_form" and is_a_phone_number(
        _latest_text(tracker)
    )


# "same email", "the same postcode", "aynı mail": the proof given before, with a new number.
_SAME_PROOF = re.compile(r"\b(?:same|aynı|ayni)\b", re.I)


def _offered_proof(details: list[Detail]) -> str | None:
    """An email or a labelled postal code in the message that corrects the number."""
    return first(details, EMAIL) or first(details, POSTAL_CODE, labelled=True)


def _proof_slots(proof: str) -> dict[str, Any]:
    if "@" in proof:
        return {"verification": proof, "email": proof, "postal_code": None}
    return {"verification": proof, "email": None, "postal_code": proof}


def proof_given_aside(tracker: Tracker) -> list[EventType]:
    """The email or labelled postal code in a message the order form lets by (a question it
    ignores: "why do you need that. ok postal 44267", "how long is shipping? zip 44267") while
    it asks for the proof: taken, so the lookup runs once the question is answered."""
    if (tracker.active_loop or {}).get("name") != "order_lookup_form":
        return []
    if tracker.get_slot("requested_slot") != "verification":
        return []
    details = find_details(_latest_text(tracker))
    proof = _offered_proof(details)
    if proof is None or proof == tracker.get_slot("rejected_proof"):
        return []
    return [SlotSet(name, value) for name, value in _proof_slots(proof).items()]


def _latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def _said_lately(tracker: Tracker, turns: int) -> set[str]:
    """The responses the bot said in its last `turns` turns."""
    said: set[str] = set()

    def note(response: str, _: str) -> bool:
        said.add(response)
        return False

    said_lately(tracker, turns, note)
    return said


def _lookup_request(tracker: Tracker) -> str:
    """What the customer asked the lookup for: the latest message, and when it only gives or
    corrects details ("sorry ayse.160@example.net"), the message that began the lookup too
    ("why has 100260 not shipped yet it says in stock")."""
    latest = _latest_text(tracker)
    if re.search(r"[^\W\d_]{4,}", _DETAIL_LABELS.sub(" ", without_order_details(latest))):
        return latest
    texts: list[str] = []
    began = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            texts.append(str(event.get("text") or ""))
            if began or len(texts) > MAX_LOOKUP_TURNS:
                break
        elif event.get("event") == "active_loop" and event.get("name") == "order_lookup_form":
            began = True
    return " ".join(reversed(texts)) if began else latest


# The words around details given ("posta kodum 63687", "my postcode is", "sorry, email:").
_DETAIL_LABELS = re.compile(
    r"\b(?:sorry|post(?:al)? ?codes?|zip(?: ?code)?|e-?mails?|e-?posta\w*|mail\w*|posta"
    r"|kod\w*|adres\w*|address|pardon)\b",
    re.I,
)
# How many messages back the request that began a lookup is looked for.
MAX_LOOKUP_TURNS = 4


def _restarting_after_failure(tracker: Tracker) -> bool:
    """True when no customer message came since the last failed lookup: the form is restarting
    and the latest message holds the proof that just failed."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_check_order_status":
            return True
    return False


# An order shown this recently is not shown whole again when asked about: its waiting lines are.
RECENTLY_SHOWN = dt.timedelta(minutes=30)


async def look_up_given_order(
    client_factory: ClientFactory,
    today: Today,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[EventType]:
    """The lookup of an order whose number and proof the message gives ("i need the tracking
    number for order 100290, postal code 03739"), when it isn't the order verified already,
    whatever the message asks besides; [] when the message gives no such order."""
    number = normalise_order_number(latest_entity(tracker, "order_number"))
    email = latest_entity(tracker, "email")
    postal_code = latest_entity(tracker, "postal_code")
    if not number or not (email or postal_code):
        return []
    if tracker.get_slot("verified_order_number") == number:
        return []
    given = copy.deepcopy(tracker)
    given.slots.update({"order_number": number, "email": email, "postal_code": postal_code})
    events = await ActionCheckOrderStatus(client_factory, today).run(dispatcher, given, domain)
    # A request found in the message is the caller's to answer, not one to take up again.
    return [
        SlotSet("email", email),
        SlotSet("postal_code", postal_code),
        *(event for event in events if event.get("name") != "resume"),
    ]


def with_slots(tracker: Tracker, events: list[EventType]) -> Tracker:
    """A copy of the tracker with the slots these events set."""
    updated = copy.deepcopy(tracker)
    updated.slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return updated


class ActionCheckOrderStatus(ReplyAction):
    """Looks the verified order up and tells the state of each line."""

    def __init__(
        self,
        client_factory: ClientFactory | None = None,
        today: Today | None = None,
        now: Now | None = None,
    ) -> None:
        # Injected in tests; shared by every conversation, so it must hold no conversation state.
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today
        self._now = now or utc_now

    def name(self) -> str:
        return "action_check_order_status"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        number = normalise_order_number(_as_text(tracker.get_slot("order_number")))
        if (
            number is not None
            and number == tracker.get_slot("verified_order_number")
            and not latest_entity(tracker, "order_number")
            and answered_limit_followup(dispatcher, tracker, whole=True)
        ):
            # "so how am i supposed to know where it is" right after the tracking limit: who
            # can help, not the order shown again.
            return [SlotSet("resume", None)]
        if answered_shipped_pushback(dispatcher, tracker):
            return [SlotSet("resume", None)]
        if (
            number is not None
            and number == tracker.get_slot("verified_order_number")
            and not latest_entity(tracker, "order_number")
            and found_it_elsewhere(_latest_text(tracker))
        ):
            # "nvm found the email, it already shipped" right after the order: nothing to show
            # again (set BB #40 repeated the whole order).
            dispatcher.utter_message(response="utter_glad_you_found_it")
            return [SlotSet("resume", None)]
        events = await self._look_up(dispatcher, tracker)
        if not any(event.get("name") == "resume" for event in events):
            # Only a found order takes a request up again; the rules expect `resume: null` else.
            events.insert(0, SlotSet("resume", None))
        return events

    async def _look_up(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        order_number = normalise_order_number(_as_text(tracker.get_slot("order_number")))
        email = tracker.get_slot("email")
        postal_code = tracker.get_slot("postal_code")
        if not order_number or not (email or postal_code):
            if NO_ORDER_YET.search(_latest_text(tracker)):
                dispatcher.utter_message(response="utter_no_order_needed")
                return [*_clear_verification(), SlotSet("order_lookup_result", RESULT_DROPPED)]
            if found_it_elsewhere(_latest_text(tracker)):
                # The form ended on "never mind, found it in my email": nothing to look up.
                dispatcher.utter_message(response="utter_glad_you_found_it")
                return [*_clear_verification(), SlotSet("order_lookup_result", RESULT_DROPPED)]
            # Reached without a completed form (a mispredicted step): ask again, count nothing.
            return [*_clear_verification(), SlotSet("order_lookup_result", RESULT_RETRY)]

        try:
            client = self._client_factory()
            order = await client.lookup_order(
                order_number, email=email, postal_code=postal_code, client_id=tracker.sender_id
            )
        except (OrderNotFound, InvalidLookup):
            return self._failed_verification(dispatcher, tracker)
        except TooManyAttempts:
            dispatcher.utter_message(response="utter_too_many_attempts")
            return [
                *_clear_verification(),
                SlotSet("verification_failures", _failures(tracker) + 1),
                SlotSet("order_lookup_result", RESULT_LOCKED),
            ]
        except BackendUnavailable:
            dispatcher.utter_message(response="utter_backend_unavailable")
            return [SlotSet("order_lookup_result", RESULT_UNAVAILABLE)]
        except Exception:
            # Never let a bug end the conversation silently; say so like an outage and log it.
            logger.exception("order lookup failed unexpectedly for %s", order_number)
            dispatcher.utter_message(response="utter_backend_unavailable")
            return [SlotSet("order_lookup_result", RESULT_UNAVAILABLE)]

        checks = dict(tracker.get_slot("order_checks") or {})
        last_seen = _parse_time(checks.get(order.order_number))
        # A cancel, swap or subscribe request that needed this lookup goes on (a rule runs it):
        # its question follows the order, instead of the usual "what would you like to do?".
        resume = request_to_resume(tracker)
        already_verified = tracker.get_slot("verified_order_number") == order.order_number
        if (
            resume is None
            and not already_verified
            and gives_details(tracker, ("order_number", "email", "postal_code"))
        ):
            # "order 100187, email ... cancel just the 7800X3D": the order, then the request.
            resume = request_in_words(_latest_text(tracker))
        if resume is None and already_verified and asks_fewer(_latest_text(tracker)):
            # "i want 2 ryzen 9 7950x not 3" about the order shown: one fewer, to confirm.
            resume = "cancel"
        named = asked_lines(order, _latest_text(tracker)) if already_verified else []
        lang = language(tracker)
        waiting = [line for line in order.lines if line.status == "backordered"]
        just_shown = last_seen is not None and self._now() - last_seen < RECENTLY_SHOWN
        ready = [line for line in order.lines if line.status == "ready"]
        if (
            already_verified
            and not named
            and resume is None
            and _WHATS_LEFT.search(_latest_text(tracker))
        ):
            # "when do you expect the rest of the order?": every line still to ship.
            named = [line for line in order.lines if line.status in ("ready", "backordered")]
        if (
            already_verified
            and not named
            and resume is None
            and asks_the_status(_latest_text(tracker))
        ):
            # "then what's the status, did anything ship yet": every line, as it stands.
            named = list(order.lines)
        if already_verified and not named and resume is None and just_shown and waiting:
            # "why is it still waiting??", "eta?" right after the order was shown: the waiting
            # lines, each with its queue place and dates, not the whole order again.
            named = waiting
        elif already_verified and not named and resume is None and just_shown and ready:
            # "exact date pls not 'soon'", "why not shipped yet" with nothing waiting: the lines
            # still to ship (answered with why they wait for nothing).
            # ("it says in stock though. ship it!": why it hasn't left, too.)
            text = _latest_text(tracker)
            asks = _ASKS_DATE.search(text) or _WHY.search(text) or _SAID_IN_STOCK.search(text)
            named = ready if asks else []
        shipped = [line for line in order.lines if line.status == "shipped"]
        if (
            already_verified
            and not named
            and resume is None
            and just_shown
            and not waiting
            and not ready
            and shipped
            and _ASKS_DATE.search(_latest_text(tracker))
        ):
            # "ok when will it arrive exactly?" right after the order showed it shipped: that
            # line and how long delivery takes, not the whole order again.
            named = shipped
        if (
            already_verified
            and not named
            and resume is None
            and just_shown
            and not waiting
            and not ready
            and shipped
            and (
                _NOT_RECEIVED.search(_latest_text(tracker)) or _WHERE.search(_latest_text(tracker))
            )
        ):
            # "it says shipped but where?? it's a digital product" right after the order was
            # shown: what to do about a shipment not received, not the same order again.
            if any(line.category == "software" for line in shipped):
                dispatcher.utter_message(response="utter_limit_licence_key_missing")
            else:
                dispatcher.utter_message(response="utter_shipped_not_received")
        elif named and resume is None:
            # "did the macbook ship?" about the order already shown: that line, not all again.
            answer_lines(
                dispatcher,
                order,
                named,
                self._today(),
                lang,
                _latest_text(tracker),
                brief=lines_described_lately(tracker),
            )
        else:
            # "Wow, two Crucial back-ordered. Great job guys 👏", "arrived quickly, all fine":
            # the tone acknowledged before the facts.
            text = _latest_text(tracker)
            cancelled = all(line.status == "cancelled" for line in order.lines)
            # (Asked before the proof too: "why is my order 100195 cancelled?? i didnt cancel
            # anything", then the postcode; set BJ #13 got the lines and "anything else?".)
            asked = _lookup_request(tracker)
            asks_why_cancelled = cancelled and bool(
                DIDNT_CANCEL.search(asked) or WHY_CANCELLED.search(asked)
            )
            if asks_why_cancelled:
                pass  # "why was my order cancelled??": the one apology below says why not
            elif sounds_upset(text, order):
                dispatcher.utter_message(response="utter_sorry_before_status")
            elif sounds_pleased(text, order):
                dispatcher.utter_message(response="utter_thanks_for_the_praise")
            utter_order(
                dispatcher,
                order,
                today=self._today(),
                last_seen=last_seen,
                # (Not "anything else?" before the answer to why it was cancelled.)
                next_steps=resume is None and not asks_why_cancelled,
                language=lang,
            )
            if describes_damage(text) and any(line.status == "shipped" for line in order.lines):
                # "My RX 7600 from order 100225 has coil whine and crashes": what can be done
                # (which says the return and the warranty too).
                dispatcher.utter_message(response="utter_limit_damaged_item")
            # "is my t700 shipped yet and when will it arrive": how long delivery takes.
            say_delivery_time(
                dispatcher, [ln for ln in order.lines if ln.status != "cancelled"], text
            )
            # "where's 100151 and can I pay in instalments?": the other question too (also when
            # it came before the proof: "taksit yapıyor musunuz? bir de 100260 ne durumda",
            # then "posta kodum 63687").
            request = _lookup_request(tracker)
            if request == _latest_text(tracker):
                utter_topics(dispatcher, request)
            else:
                said_before = _said_lately(tracker, MAX_LOOKUP_TURNS)
                for topic in asked_topics(request):
                    # (Not how to find the order number, now that the order is found: set BK #43.)
                    if topic not in said_before and topic != "utter_order_number_help":
                        dispatcher.utter_message(response=topic)
            named = lines_named(order, text)
            if asks_if_together(text):
                # "2) is the ram coming in the same box": yes or no, about the lines just shown.
                say_together(dispatcher, order, self._today(), lang)
            elif (asks_to_send(text) or asks_whether_split(text) or asks_to_split(text)) and any(
                line.status == "backordered" for line in order.lines
            ):
                # "when do they come, and can you send the wd ssds first?": that too, about
                # the lines of the clause that asks it. (With nothing waiting, the order just
                # shown says when each goes.)
                clause = _clause_asking(text)
                say_split_policy(dispatcher, order, clause, lines_named(order, clause))
            said = {message.get("response") for message in dispatcher.messages}
            if _RETURN_POLICY.search(text) and "utter_limit_damaged_item" not in said:
                dispatcher.utter_message(response="utter_faq/returns")
            if asks_why_cancelled:
                # "why was my order cancelled?? I never asked for that": why isn't something
                # the bot can see; a person is offered.
                dispatcher.utter_message(
                    response="utter_sorry_cancelled_unknown", order_number=order.order_number
                )
            said = {message.get("response") for message in dispatcher.messages}
            asked = _lookup_request(tracker)
            missed = _asked_after(order, asked)
            if (
                not missed
                and (_WHY.search(asked) or _NOT_SHIPPED.search(asked))
                and not lines_named(order, asked)
            ):
                # "why has 100260 not shipped yet it says in stock": every line still to ship.
                missed = [line for line in order.lines if line.status in ("ready", "backordered")]
            if missed and all(line.status == "ready" for line in missed):
                # "laptop and ssd came but the ryzen 9 7900x didn't. why?", "The Samsung SSD
                # hasnt come though": why the line in stock, just shown, hasn't left.
                if _why_ready(dispatcher, order, missed, self._today(), lang, shown=True):
                    dispatcher.utter_message(response="utter_sorry_offer_person")
            elif (
                _NOT_RECEIVED.search(_latest_text(tracker))
                # "the Ryzen is still not here" about a waiting line is not a lost parcel.
                and any(line.status == "shipped" for line in (named or missed or order.lines))
                # (A missing licence key, just answered, says what to do already.)
                and "utter_limit_licence_key_missing" not in said
            ):
                dispatcher.utter_message(
                    response=not_received(
                        [ln for ln in (named or missed or order.lines) if ln.status == "shipped"]
                    )
                )
        browsed: list[EventType] = []
        text = _latest_text(tracker)
        again = [ln for ln in lines_named(order, text) if ln.status in ("shipped", "cancelled")]
        if _MORE_IN_STOCK.search(text) and len(again) == 1 and resume is None:
            # "did my 2 samsung 870 evo ship yet … do you have the 870 evo 2tb in stock i want 2
            # more": the shop's stock of that product too.
            from actions.products import answer_availability  # built on this module

            browsed = await answer_availability(
                client, dispatcher, tracker, again[0].sku, self._today()
            )
        waiting_kinds = {line.sku.split("-")[0] for line in waiting}
        wanted = browse_in_context(
            _latest_text(tracker),
            waiting_kinds.pop() if len(waiting_kinds) == 1 else None,
            own=" ".join(line.name for line in order.lines),
        )
        if wanted is not None and resume is None:
            # "my Kingston KC3000 (order 100315, …) is taking forever. What do you have in
            # stock around 100 euros, 1TB?": the order, then that list.
            browsed = await show_in_stock(client, dispatcher, tracker, wanted)
        elif resume is None and not already_verified and _SIMILAR_IN_STOCK.search(text):
            # "the RTX 4070 is still back-ordered … What do you have in stock that's similar?"
            # with the order: the order, then what is like the waiting line (with swap buttons).
            mentioned = lines_named(order, text)
            like = [ln for ln in mentioned if ln in waiting]
            like = like or (waiting if len(waiting) == 1 and not mentioned else [])
            if len(like) == 1:
                from actions.products import suggest_alternatives  # built on this module

                verified = with_slots(
                    tracker, [SlotSet("verified_order_number", order.order_number)]
                )
                browsed = await suggest_alternatives(client, dispatcher, verified, like[0].sku)
        # "I have two orders: 100162 (deniz@...) and 100202 (deniz2@...)": the other one too.
        for other, proof in other_orders(_latest_text(tracker), order.order_number):
            await _answer_other_order(client, dispatcher, tracker, other, proof, self._today())
        checks[order.order_number] = self._now().isoformat()
        asked_about = named or lines_named(order, _latest_text(tracker))
        talked_about = (
            # "why is the RTX 4070 late?" with the order: that line is the one talked about, so
            # "and the other one?" next is the rest.
            [SlotSet("product_sku", asked_about[0].sku)] if len(asked_about) == 1 else []
        )
        return [
            *browsed,
            *talked_about,
            SlotSet("resume", resume),
            SlotSet("order_checks", checks),
            SlotSet("order_number", order.order_number),
            SlotSet("verified_order_number", order.order_number),
            SlotSet("verification_failures", 0.0),
            SlotSet("rejected_proof", None),
            SlotSet("order_lookup_result", RESULT_FOUND),
        ]

    @staticmethod
    def _failed_verification(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        failures = _failures(tracker) + 1
        order_number = normalise_order_number(_as_text(tracker.get_slot("order_number")))
        rejected = tracker.get_slot("email") or tracker.get_slot("postal_code")
        last = failures >= MAX_VERIFICATION_FAILURES
        # (The last try offers a person, not "just type the right one" beside it.)
        dispatcher.utter_message(
            response="utter_order_not_found_again" if last else "utter_order_not_found",
            order_number=order_number,
        )
        if last:
            dispatcher.utter_message(response="utter_verification_handoff")
            # The number stays: "ugh I dont remember, my email is …" next tries the email with
            # it (the backend's own lock-out still limits guessing).
            return [
                *_clear_proof(),
                SlotSet("verification_failures", float(failures)),
                SlotSet("order_lookup_result", RESULT_LOCKED),
            ]
        # Either the number or the proof was wrong and we must not say which: keep the number
        # and ask for the proof again; the customer may correct the number instead.
        return [
            *_clear_proof(),
            SlotSet("rejected_proof", rejected),
            SlotSet("verification_failures", float(failures)),
            SlotSet("order_lookup_result", RESULT_RETRY),
        ]


def other_orders(text: str, shown: str) -> list[tuple[str, str]]:
    """The other orders a message names, each with the email or postal code written after it
    (before the next order number): (order number, proof) pairs, the shown order left out."""
    details = sorted(find_details(text), key=lambda detail: detail.start)
    pairs: list[tuple[str, str]] = []
    number: str | None = None
    for detail in details:
        if detail.entity == ORDER_NUMBER:
            number = detail.value
        elif detail.entity in (EMAIL, POSTAL_CODE) and number is not None:
            if number != shown and all(number != known for known, _ in pairs):
                pairs.append((number, detail.value))
            number = None
    return pairs


async def _answer_other_order(
    client: BackendClient,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    order_number: str,
    proof: str,
    today: dt.date,
) -> None:
    email, postal_code = (proof, None) if "@" in proof else (None, proof)
    try:
        order = await client.lookup_order(
            order_number, email=email, postal_code=postal_code, client_id=tracker.sender_id
        )
    except (OrderNotFound, InvalidLookup):
        dispatcher.utter_message(response="utter_order_not_found", order_number=order_number)
        return
    except (TooManyAttempts, BackendUnavailable):
        return  # the first order is answered; this one can be asked again
    utter_order(dispatcher, order, today=today, next_steps=False, language=language(tracker))


def utter_order(
    dispatcher: CollectingDispatcher,
    order: Order,
    today: dt.date | None = None,
    last_seen: dt.datetime | None = None,
    next_steps: bool = True,
    language: str = "en",
) -> None:
    """One message for the order, one per line (with what changed since `last_seen`), then the
    next steps (unless `next_steps` is false); years only when not today's; dates in
    `language`."""
    dispatcher.utter_message(
        response="utter_order_header",
        order_number=order.order_number,
        placed_on=format_day(order.placed_at.date(), today, language),
        line_count=len(order.lines),
    )
    for line in order.lines:
        response, variables = describe_line(line, today, language, order.placed_at.date())
        dispatcher.utter_message(response=response, **variables)
        if line.status == "backordered":
            change = describe_change(line, last_seen, today, language)
            if change is not None:
                dispatcher.utter_message(response=change[0], **change[1])
    if not next_steps:
        return
    if all(line.status == "cancelled" for line in order.lines):
        # Nothing left to follow on a cancelled order: no "notify me of changes".
        dispatcher.utter_message(response="utter_anything_else")
    elif any(line.status == "backordered" for line in order.lines):
        dispatcher.utter_message(response="utter_order_next_steps_backordered")
    else:
        dispatcher.utter_message(response="utter_order_next_steps")


def describe_change(
    line: OrderLine,
    last_seen: dt.datetime | None,
    today: dt.date | None = None,
    language: str = "en",
) -> tuple[str, dict[str, Any]] | None:
    """What moved in the line's restock date: since `last_seen` when the customer asked before
    in this conversation, else the latest move on record."""
    history = line.restock_history
    variables: dict[str, Any] = {"name": line.name}
    if last_seen is None:
        latest = history[-1] if history else None
        if latest is None or latest.from_date is None or latest.to_date is None:
            return None
        variables.update(
            old_date=format_day(latest.from_date, today, language),
            new_date=format_day(latest.to_date, today, language),
            changed_on=format_day(latest.changed_at.date(), today, language),
        )
        return "utter_line_changed_first", variables
    since = [c for c in history if _aware(c.changed_at) > _aware(last_seen)]
    if not since:
        return "utter_line_unchanged", variables
    old, new = since[0].from_date, since[-1].to_date
    if old == new:
        return "utter_line_unchanged", variables
    if old is None and new is not None:
        return "utter_line_confirmed_since", {
            **variables,
            "new_date": format_day(new, today, language),
        }
    if new is None and old is not None:
        return "utter_line_unconfirmed_since", {
            **variables,
            "old_date": format_day(old, today, language),
        }
    assert old is not None and new is not None
    variables.update(
        old_date=format_day(old, today, language), new_date=format_day(new, today, language)
    )
    return "utter_line_changed", variables


def describe_line(
    line: OrderLine,
    today: dt.date | None = None,
    language: str = "en",
    placed: dt.date | None = None,
) -> tuple[str, dict[str, Any]]:
    """The response name and its variables for one order line, dates in `language`. With the
    day the order was `placed`, a line in stock that should have left by now says so, sorry."""
    variables: dict[str, Any] = {
        "line_no": line.line_no,
        "sku": line.sku,
        "name": line.name,
        "quantity": line.quantity,
        "allocated_quantity": line.allocated_quantity,
    }
    if line.status == "ready":
        if line.ship_eta is None:
            return "utter_line_ready_no_eta", variables
        variables["ship_window"] = format_window(
            line.ship_eta.earliest, line.ship_eta.latest, today, language
        )
        # A licence is a key sent by email, not a parcel that ships.
        response = "utter_line_ready_licence" if line.category == "software" else "utter_line_ready"
        if placed is not None and ready_late(placed, line):
            # An order of 7 Nov whose card "ships Tue 8 Dec" is late: the line says so.
            variables["placed_on"] = format_day(placed, today, language)
            response += "_late"
        return response, variables
    if line.status in ("shipped", "cancelled"):
        return f"utter_line_{line.status}", variables
    if line.status != "backordered":
        logger.warning("unknown line status %r on line %s", line.status, line.line_no)
        return "utter_line_unknown", variables

    variables["queue_position"] = line.queue_position if line.queue_position else "?"
    variables["ship_window"] = (
        format_window(line.ship_eta.earliest, line.ship_eta.latest, today, language)
        if line.ship_eta
        else None
    )
    partly = 0 < line.allocated_quantity < line.quantity
    suffix = "_partly" if partly else ""
    if line.ship_eta is None:
        return f"utter_line_backordered_no_eta{suffix}", variables
    if line.restock_date is not None and not line.eta_estimated:
        variables["restock_date"] = format_day(line.restock_date, today, language)
        # An overdue delivery's date is in the past: say it was due and is late, not "is due".
        kind = "_overdue" if line.overdue else ""
        return f"utter_line_backordered{kind}{suffix}", variables
    return f"utter_line_backordered_estimated{suffix}", variables


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _as_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[-1] if value else None
    if value is None:
        return None
    return str(value)


def _failures(tracker: Tracker) -> float:
    value = tracker.get_slot("verification_failures")
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _clear_verification() -> list[EventType]:
    return [SlotSet("order_number", None), *_clear_proof()]


def _clear_proof() -> list[EventType]:
    return [
        SlotSet("verification", None),
        SlotSet("email", None),
        SlotSet("postal_code", None),
        SlotSet("verified_order_number", None),
    ]


# More of a product asked for: "do you have the 870 evo 2tb in stock i want 2 more".
_MORE_IN_STOCK = re.compile(
    r"\b(?:in stock|available)\b[^.?!]{0,40}\b(?:more|another|again)\b"
    r"|\b(?:want|need|order|buy) (?:\d+|two|a few|some) more\b|\bstokta (?:var m[ıi]|m[ıi])\b",
    re.IGNORECASE,
)
# "are mine actually reserved?", "is it set aside for me", "benim için ayrıldı mı".
_RESERVED_ASKED = re.compile(
    r"\b(?:is|are|was|were)\b[^.?!]{0,25}\b(?:reserved|set aside|held|allocated)\b"
    r"|\bayr[ıi]l(?:d[ıi]|m[ıi][şs])\w* m[ıi]\b|\brezerve\w* m[ıi]\b",
    re.IGNORECASE,
)


def answer_lines(
    dispatcher: CollectingDispatcher,
    order: Order,
    lines: list[OrderLine],
    today: dt.date,
    language: str = "en",
    text: str = "",
    brief: bool = False,
) -> None:
    """Says where each named line of the order stands; first the shop's split-shipment policy
    when the message asks to send some of them apart ("can you send the WD black first?"), or
    why they wait when it asks why ("why is it taking so long?"). With `brief` (the lines were
    just described), a waiting line is its expected ship dates alone, not its whole story again."""
    if not lines:
        utter_topics(dispatcher, text)  # (no "On your order:" with nothing under it)
        return
    if _SOLD_OUT.search(text) and any(line.status == "ready" for line in lines):
        # "your site shows arc a770 is sold out? will i get all 3": the units are set aside.
        dispatcher.utter_message(response="utter_ready_set_aside_sold_out")
    if asks_if_together(text):
        # "and the 3 WD SSDs will ship together with it?": yes or no first, then every line
        # still to ship, so the customer sees what travels with what.
        lines = say_together(dispatcher, order, today, language) or lines
    elif asks_to_split(text):
        say_split_policy(dispatcher, order, text, lines)
        if not _WHEN.search(text):
            # "send the ready ones", "don't wait for the crucial": the lines asked to go (with
            # a "when does the crucial arrive?" beside it, every line named).
            lines = lines_to_send(order, text, lines)
    if asks_what_it_is(text):
        # "What is a Ryzen? Is that the part I am waiting for?": what kind of product it is.
        for line in lines:
            if line.category in KIND_NAMES:
                dispatcher.utter_message(
                    response="utter_line_kind",
                    name=line.name,
                    kind=phrase(KIND_NAMES[line.category], language),
                )
    ready = [line for line in lines if line.status == "ready"]
    if _RESERVED_ASKED.search(text) and ready:
        # "your site says 870 EVO 2TB out of stock, so are mine actually reserved or not?"
        dispatcher.utter_message(
            response="utter_yes_set_aside",
            items=join_and([f"{line.quantity} × {line.name}" for line in ready], language),
        )
    why = next((part for part in re.split(r"(?<=[?.!])\s+", text) if _WHY.search(part)), "")
    late = False
    # Why something hasn't left is about the lines still to ship: "why are the crucial ram
    # sticks not shipped yet when the cpu already went out" asks about the RAM alone.
    asked_why = [
        line
        for line in (lines_named(order, why) if why else [])
        if line in lines and line.status in ("ready", "backordered")
    ]
    if _SAID_IN_STOCK.search(why) and any(line.status == "ready" for line in asked_why):
        # "ekran kartı stoktaymış neden kargoya verilmedi" with two cards on the order: the
        # one in stock.
        asked_why = [line for line in asked_why if line.status == "ready"]
    still_to_ship = [line for line in lines if line.status in ("ready", "backordered")]
    if asked_why and all(line.status == "ready" for line in asked_why):
        # "why are the wd drives not sent if they're in stock? are you waiting for the graphics
        # card?": they wait for nothing, and they don't wait for the card either.
        said = {message.get("response") for message in dispatcher.messages}
        if (
            asks_whether_split(text)
            and any(line.status == "backordered" for line in lines)
            and "utter_split_ready_ships_alone" not in said
        ):
            dispatcher.utter_message(response="utter_split_ready_ships_alone")
        late = _why_ready(dispatcher, order, asked_why, today, language)
        # "so the kingston ssds are shipped and the 4080 super not yet? why": the dates of what
        # is still to ship, not the shipped line again.
        lines = [line for line in lines if line.status in ("ready", "backordered")] or lines
    elif _WHY.search(text) and any(line.status == "backordered" for line in lines):
        # The reason, then each line's queue place and supplier date: the facts behind it.
        dispatcher.utter_message(response="utter_why_waiting")
    elif (
        _WHY.search(text)
        and still_to_ship
        and all(line.status == "ready" for line in still_to_ship)
    ):
        # "why is the BenQ not shipped yet?" about a line in stock: it waits for nothing.
        late = _why_ready(dispatcher, order, still_to_ship, today, language)
    elif (
        ALL_ASKED.search(text)
        and len(lines) > 1
        and all(line.status == "backordered" for line in lines)
    ):
        # "hepsi mi bekliyor?? 3 ürünün hiçbiri yok yani": yes, all of them, then each.
        dispatcher.utter_message(response="utter_yes_all_waiting", count=len(lines))
    else:
        dispatcher.utter_message(response="utter_line_intro", order_number=order.order_number)
    # (A why is answered with each line's queue place and dates: never brief.)
    brief = (
        brief
        and not _WHY.search(text)
        # ("is there a problem?" about lines in stock that are late: why, not just the dates.)
        and not _A_PROBLEM.search(text)
        and not asks_if_together(text)
    )
    # "when EXACTLY will the crucial be here", "net bir tarih istiyorum": the whole story, with
    # the supplier's date, then why no day is surer than that.
    exact = _EXACT.search(text) is not None and any(ln.status == "backordered" for ln in lines)
    brief = brief and not exact
    # (A lateness just explained by the why isn't said again on the line.)
    placed = None if late else order.placed_at.date()
    for line in lines:
        response, variables = describe_line(line, today, language, placed)
        if brief and line.status == "backordered" and variables.get("ship_window"):
            # "ok so when is the 4070 windforce expected then" right after the order: the dates.
            response = "utter_line_backordered_brief"
        elif brief and line.status == "ready" and variables.get("ship_window"):
            # "ok just tell me when it ships" after its lateness was said twice: the date (set
            # BN #36 got the whole apology a third time).
            response = "utter_line_ready_brief"
        dispatcher.utter_message(response=response, **variables)
    # A line in stock that should have left already: nothing here says what held it up, so a
    # person is offered ("it says in stock though. ship it!", "ESET ne zaman gönderilir?").
    # (Said again right after, both come short: common.ReplyAction.)
    late = late or (
        not brief
        and any(
            placed is not None and line.status == "ready" and ready_late(placed, line)
            for line in lines
        )
    )
    if late:
        dispatcher.utter_message(response="utter_sorry_offer_person")
    if exact:
        dispatcher.utter_message(response="utter_no_exact_day")
    if _NOT_RECEIVED.search(text) and any(line.status == "shipped" for line in lines):
        # "it says shipped but i never got the windows key": what can be done about it.
        shipped = [line for line in lines if line.status == "shipped"]
        dispatcher.utter_message(response=not_received(shipped))
    else:
        say_delivery_time(dispatcher, lines, text)
    # "the legion is ready, can I pick it up from your store today?": the rest of the question.
    utter_topics(dispatcher, text)


def reports_not_received(text: str) -> bool:
    """Whether the message says something shipped has not come ("it says shipped but I don't
    have it")."""
    return _NOT_RECEIVED.search(text) is not None


def not_received(shipped: list[OrderLine]) -> str:
    """What to do about shipped lines that haven't come: a licence key that never came by email
    (no parcel to trace) when they are all software, else a parcel."""
    if shipped and all(line.category == "software" for line in shipped):
        return "utter_limit_licence_key_missing"
    return "utter_shipped_not_received"


def say_delivery_time(dispatcher: CollectingDispatcher, lines: list[OrderLine], text: str) -> None:
    """ "when should they arrive, kadıköy istanbul" about parcels on their way or about to
    leave, "will the t700 come before the weekend?": how long delivery takes (unless the rest
    of the message asks it anyway)."""
    if (
        lines
        # (A licence comes by email: no parcel, no delivery time.)
        and not all(line.category == "software" for line in lines)
        and (_WHEN_ARRIVES.search(text) or _BY_A_DAY.search(text))
        and all(line.status in ("shipped", "ready") for line in lines)
        and "utter_fact_delivery_time" not in asked_topics(text)
    ):
        dispatcher.utter_message(response="utter_fact_delivery_time")


def _asked_after(order: Order, text: str) -> list[OrderLine]:
    """The lines a message says haven't come ("The Samsung SSD hasnt come though"), or asks why
    of, leaving out those it says came ("laptop and ssd came but the ryzen 9 7900x didn't.
    why?": the Ryzen)."""
    missed = _lines_of_sentences(order, text, _NOT_RECEIVED)
    if missed or not _WHY.search(text):
        return missed
    came = _lines_of_sentences(order, text, _CAME)
    asked = _lines_of_sentences(order, text, _WHY) or lines_named(order, text)
    return [line for line in asked if line not in came]


# A sentence that says something came: "the ram and ssd came", "laptop arrived", "geldi".
_CAME = re.compile(r"\b(?:came|arrived|got|received|delivered|geldi|ula[şs]t[ıi])\b", re.I)


def _lines_of_sentences(order: Order, text: str, pattern: re.Pattern[str]) -> list[OrderLine]:
    """The lines named in the sentences of the message that `pattern` finds ("the ram and
    ssd came. the cpu didn't": the CPU, for what wasn't received)."""
    sentences = [s for s in re.split(r"(?<=[.!?,])\s+|\bbut\b", text) if pattern.search(s)]
    return [line for s in sentences for line in lines_named(order, s)]


def _why_ready(
    dispatcher: CollectingDispatcher,
    order: Order,
    lines: list[OrderLine],
    today: dt.date,
    language: str,
    shown: bool = False,
) -> bool:
    """Why lines in stock haven't left: they wait for no supplier. When the order is older than
    the day they are due to leave allows (in-stock items leave within 1 business day), the bot
    can't see what holds them: it says so, sorry, and the caller offers a person. True then.
    A day's grace: an order of Friday evening due on Tuesday is on time. `shown`: the lines'
    dates were just shown, so the answer doesn't lead into them again."""
    # ("isn't it digital?": a licence is a key by email, not a parcel.)
    licence = "_licence" if all(line.category == "software" for line in lines) else ""
    if any(ready_late(order.placed_at.date(), line) for line in lines):
        dispatcher.utter_message(
            response="utter_why_ready_late_shown" if shown else f"utter_why_ready{licence}_late",
            placed_on=format_day(order.placed_at.date(), today, language),
        )
        return True
    dispatcher.utter_message(
        response="utter_why_ready_shown" if shown else f"utter_why_ready{licence}"
    )
    return False


def ready_late(placed: dt.date, line: OrderLine) -> bool:
    """Whether a line in stock is due to leave later than it should after an order `placed`
    that day (within 1 business day, and a day's grace: an order of Friday evening due on
    Tuesday is on time)."""
    return line.ship_eta is not None and _business_days_after(placed, 2) < line.ship_eta.earliest


def _business_days_after(day: dt.date, days: int) -> dt.date:
    """`days` working days (Mon-Fri) after `day` (one day's grace past the 1 business day an
    in-stock item takes to leave)."""
    for _ in range(days):
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return day


def _clause_asking(text: str) -> str:
    """The part of a message that asks to send or split ("can you send the wd ssds first"),
    else the whole message."""
    for part in re.split(r"[.?!;,]|\band\b|\balso\b", text):
        if asks_to_send(part) or asks_whether_split(part) or asks_to_split(part):
            return part
    return text


# "also whats your return policy for cpus" beside the order: the returns policy too.
_RETURN_POLICY = re.compile(r"\breturn polic\w*|\biade (?:politika|ko[şs]ul)\w*", re.I)
# "I never got it", "hasn't arrived", "didn't receive the key", "elime ulaşmadı", "gelmedi".
_NOT_RECEIVED = re.compile(
    r"\b(?:never (?:got|received|came|arrived)|did(?:n'?t| not) (?:get|receive|come|arrive)"
    r"|didnt (?:get|receive|come|arrive)|ha(?:sn'?t|ven'?t|snt|vent|s not|ve not) (?:got(?:ten)?"
    r"|received|come|arrived|reached)|not (?:received|arrived|here yet)|still not here"
    r"|ula[şs]mad[ıi]|gelmedi|almad[ıi]m"
    # "it says shipped but nothing arrived, its been 10 days!!" (set BN #44)
    r"|nothing (?:has )?(?:arrived|came|come|showed up|turned up)"
    r"|(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never) (?:shown|showed|turned) up"
    r"|no (?:parcel|package|delivery) (?:has )?(?:arrived|came|come|yet)"
    # "it says shipped but I don't have it 😡😡"
    r"|shipped but (?:i )?(?:don'?t|dont|do not) have (?:it|them)"
    r"|only (?:got|received|one|1) (?:one |1 )?(?:box|parcel|package|of them|arrived|came)"
    r"|only (?:one|1) (?:arrived|came)"
    # "the ssd came but the ram didnt": the verb said once, for both.
    r"|did(?:n'?t|nt| not)(?=\s*(?:$|[.,;!?]))|ha(?:sn'?t|snt)(?=\s*(?:$|[.,;!?])))\b",
    re.IGNORECASE,
)
# "when EXACTLY", "a firm date", "net bir tarih", "kesin tarih".
_EXACT = re.compile(
    r"\bexact\w*|\bprecise\w*|\b(?:specific|firm|real|actual|concrete) (?:date|day)\b"
    # "thats not an answer. a date. give me a date"
    r"|\bgive me (?:a|the|one) (?:date|day)\b|\bnot an answer\b"
    r"|\bnet (?:bir )?(?:tarih|g[üu]n)\w*|\bkesin (?:bir )?(?:tarih|g[üu]n)\w*",
    re.IGNORECASE,
)
# "the site shows it sold out", "out of stock on your website", "sitede tükendi yazıyor".
_SOLD_OUT = re.compile(
    r"\bsold out\b|\bout of stock\b|\bnone (?:left|available)\b|\b0 (?:left|available)\b"
    r"|\bt[üu]kendi\w*|\bstokta yok\w*",
    re.IGNORECASE,
)
# "not shipped yet", "hala kargoya verilmedi": a line that hasn't left (not a lost parcel).
_NOT_SHIPPED = re.compile(
    r"\b(?:not (?:been )?(?:shipped|sent|dispatched)|(?:hasn'?t|hasnt) (?:been )?(?:shipped"
    r"|sent)|g[öo]nderilmedi|kargoya verilmedi)\b",
    re.IGNORECASE,
)


def say_together(
    dispatcher: CollectingDispatcher, order: Order, today: dt.date, language: str
) -> list[OrderLine]:
    """Whether the lines still to ship leave together, said plainly; returns those lines."""
    open_lines = [line for line in order.lines if line.status in ("ready", "backordered")]
    if not open_lines:
        return []
    if len(open_lines) == 1 and open_lines[0].status == "ready":
        # "will the WD drives ship now or were they waiting for the GPU?" once the GPU is
        # cancelled: nothing waits for a supplier.
        dispatcher.utter_message(response="utter_split_nothing_waits")
        return open_lines
    if len(open_lines) == 1:
        dispatcher.utter_message(response="utter_together_one_left")
        return open_lines
    days = {line.ship_eta.earliest for line in open_lines if line.ship_eta is not None}
    waiting = any(line.status == "backordered" for line in open_lines)
    if not waiting and len(days) == 1:
        dispatcher.utter_message(
            response="utter_together_same_day", day=format_day(days.pop(), today, language)
        )
    elif waiting and any(line.status == "ready" for line in open_lines):
        dispatcher.utter_message(response="utter_split_ready_ships_alone")
    else:
        dispatcher.utter_message(response="utter_together_apart")
    return open_lines


def say_split_policy(
    dispatcher: CollectingDispatcher, order: Order, text: str, lines: list[OrderLine]
) -> None:
    """Whether the lines asked to go apart can: "can the 4080 ship now without waiting for the
    rest" does, in stock ones go on their own; sending a waiting item first, or holding one
    back, needs a person."""
    if not any(line.status == "backordered" for line in order.lines):
        # "and ship everything together" once nothing waits: nothing to split or hold back.
        dispatcher.utter_message(response="utter_split_nothing_waits")
        return
    to_send = lines_to_send(order, text, lines)
    open_lines = [line for line in order.lines if line.status in ("ready", "backordered")]
    some_ready = any(line.status == "ready" for line in order.lines)
    ready = (
        all(line.status == "ready" for line in to_send)
        # "are you waiting for the crucial to send them together?": no, the rest goes now.
        or (asks_whether_split(text) and some_ready)
        # "ayrı ayrı gönderebilir misiniz", "can you split it": no line singled out, so what
        # is in stock goes now; holding parcels back to send them together is another matter.
        or (some_ready and all(line in to_send for line in open_lines) and not asks_to_hold(text))
    )
    dispatcher.utter_message(
        response="utter_split_ready_ships_alone" if ready else "utter_limit_split_shipment"
    )


# "what is a ryzen?", "what's a kc3000", "ryzen ne demek", "ryzen nedir".
_WHAT_IS = re.compile(
    r"\bwhat(?:'s| is| are)\b(?! (?:the )?(?:status|eta|date|problem|going on|happening|wrong"
    r"|taking|up|still|left|missing|remaining|not|coming|outstanding|your|policy|the policy"
    r"|the return|the warranty))|\bne demek\b|\b\w+ nedir\b",
    re.IGNORECASE,
)


def asks_what_it_is(text: str) -> bool:
    return _WHAT_IS.search(text) is not None


# The kind of product each catalogue category is, in a customer's words (actions/phrases.py).
KIND_NAMES = {
    "graphics_cards": "kind_graphics_card",
    "cpus": "kind_cpu",
    "ssds": "kind_ssd",
    "memory": "kind_memory",
    "laptops": "kind_laptop",
    "monitors": "kind_monitor",
    "software": "kind_software",
}


# "when should they arrive", "when will it get here", "ne zaman elimde olur".
_WHEN_ARRIVES = re.compile(
    r"\bwhen\b[^.?!]{0,30}\b(?:arrive|get here|be here|reach|deliver\w*|come)\b"
    r"|\bne zaman\b[^.?!]{0,20}\b(?:gelir|gelecek|ula[şs]\w*|elimde)",
    re.I,
)
# "what do you have in stock that's similar?", "anything similar in stock", "benzer ne var".
_SIMILAR_IN_STOCK = re.compile(
    r"\b(?:similar|alternatives?|instead|something else|anything else)\b[^.?!]{0,40}"
    r"\b(?:in stock|available|have)\b|\b(?:what|anything)\b[^.?!]{0,30}\bin stock\b[^.?!]{0,20}"
    r"\bsimilar\b|\bbenzer\w*\b[^.?!]{0,30}\b(?:var m[ıi]|stokta)",
    re.I,
)
# Arriving by a day: "will it come before the weekend?", "by friday?", "hafta sonundan önce".
_BY_A_DAY = re.compile(
    r"\b(?:before|by|until) (?:the )?(?:weekend|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|tomorrow|next week|end of (?:the )?week)\b|\bhafta ?sonu\w*",
    re.I,
)
# "if it's in stock", "stoktaymış": the line asked about is the one in stock.
_SAID_IN_STOCK = re.compile(r"\bin stock\b|\bstokta\w*|\bavailable\b", re.I)
# Pushing back on "it has shipped, nothing to cancel": "what do you mean already shipped, i
# changed my mind", "but I ordered it 2 days ago", "nasıl yani kargoya verildi mi".
_PUSHBACK = re.compile(
    r"\bwhat do you mean\b|\bhow (?:can|could) (?:it|they|that)\b|\bchanged my mind\b"
    r"|\bbut i (?:only )?(?:ordered|bought|just)\b|\balready (?:shipped|sent|left)\?"
    r"|\bnas[ıi]l yani\b|\bvazge[çc]tim\b|\bfikrimi de[ğg]i[şs]tirdim\b",
    re.I,
)
_CANCEL_REFUSED = ("utter_cancel_nothing_to_cancel", "utter_cancel_line_shipped")


def answered_shipped_pushback(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "What do you mean already shipped, i changed my mind" right after the bot said nothing
    can be cancelled because it shipped: why not, and what can be done instead (return it), not
    the order again; True when said."""
    text = _latest_text(tracker)
    if not _PUSHBACK.search(text) or not any(
        said_last_turn(tracker, response) for response in _CANCEL_REFUSED
    ):
        return False
    dispatcher.utter_message(response="utter_shipped_return_instead")
    return True


# "it says shipped but where??", "nerede bu kargo": where a shipped item is.
_WHERE = re.compile(r"\bwhere\b|\bnerede\w*", re.I)
# "why is it taking so long", "any idea why so long?", "how come it's late", "neden gecikti".
_WHY = re.compile(r"\b(?:why|how come|reason|ni[çc]in|neden|niye)\b", re.IGNORECASE)


# "idk the number, its a ryzen cpu", "numarayı hatırlamıyorum": no order number to look up.
NO_ORDER_NUMBER = re.compile(
    r"\b(?:idk|i ?dunno|(?:do ?n[o']?t|dont) (?:know|remember|have)|forgot|lost|can'?t find)"
    r" (?:the |my )?(?:order )?(?:number|no\b|#)"
    r"|\bnumara(?:y[ıi]|m[ıi])? (?:bilmiyorum|hat[ıi]rlam[ıi]yorum|yok|bulam[ıi]yorum)",
    re.IGNORECASE,
)


# "can you just email me the key", "anahtarı mail atabilir misiniz": the licence key now.
_SEND_KEY = re.compile(
    r"\b(?:e-?mail|send|give)\b[^.?!]{0,15}\b(?:the |my |a )?(?:licen[cs]e )?(?:keys?|codes?)\b"
    r"|\b(?:keys?|codes?)\b[^.?!]{0,15}\b(?:by|via|to my|over) e-?mail\b"
    r"|\banahtar\w*\b[^.?!]{0,20}\b(?:mail|e-?posta|g[öo]nder)\w*",
    re.IGNORECASE,
)

# "how do I actually get the licence, is it a box or an email with a key?": how keys come, not
# a request to send one now.
_HOW_A_KEY_COMES = re.compile(
    r"\bhow (?:do|will|would|can) (?:i|we) (?:actually |even )?(?:get|receive)\b"
    r"|\b(?:a |in a )?(?:box|parcel|physical)\b",
    re.I,
)


async def answered_key_request(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, today: dt.date
) -> bool:
    """ "can you just email me the key" about a licence of the verified order: a key in stock
    goes out by email on its date, not from the chat; one sent already that never came, a
    person resends. False (saying nothing) when the message asks no key or the order has none."""
    text = _latest_text(tracker)
    if (
        not _SEND_KEY.search(text)
        or _HOW_A_KEY_COMES.search(text)
        or verified_credentials(tracker) is None
    ):
        return False
    order = await verified_order(client, tracker)
    licences = [ln for ln in order.lines if ln.category == "software"] if order else []
    waiting = [ln for ln in licences if ln.status == "ready" and ln.ship_eta is not None]
    if waiting and waiting[0].ship_eta is not None:
        dispatcher.utter_message(
            response="utter_limit_send_key_now",
            ship_window=format_window(
                waiting[0].ship_eta.earliest, waiting[0].ship_eta.latest, today, language(tracker)
            ),
        )
        return True
    if any(ln.status == "shipped" for ln in licences):
        dispatcher.utter_message(response="utter_limit_licence_key_missing")
        return True
    return False


def asks_after_lines(text: str) -> bool:
    """Whether the message asks why something hasn't come or left ("the monitor and RAM havent,
    why", "the ssd never arrived")."""
    return any(pattern.search(text) for pattern in (_WHY, _NOT_RECEIVED, _NOT_SHIPPED))


# Where a yes ends and what else the message says begins: "yes. and the 3 sn850x are still
# coming right", "evet, 7900 xtx ayrı mı gelecek".
_AFTER_THE_YES = re.compile(r"(?<=[.!?;,])\s+|\s+(?:and|also|ve|bir de)\s+", re.IGNORECASE)
_YES_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|ok|okay|sure|go ahead|do it|confirm\w*|evet|tamam\w*|onayl\w*)\b",
    re.IGNORECASE,
)
# The rest asks after something: a question mark, "right", "still", "when".
_ASKS_AFTER = re.compile(r"\?|\b(?:right|still|when|too|mı|mi|mu|mü|ne zaman)\b", re.I)


async def answer_rest_of_yes(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, today: dt.date
) -> Tracker | None:
    """After a change a yes confirmed, a question asked in the same message about other lines
    of the order ("yes. and the 3 sn850x are still coming right") answered from the order as
    it is now. A sign-up asked there ("yes do it. and send me a message when the 4070 super
    changes") is left to the caller: the tracker with that part as its message, else None."""
    text = _latest_text(tracker)
    parts = _AFTER_THE_YES.split(text, maxsplit=1)
    if not _YES_FIRST.match(text) or len(parts) < 2:
        return None
    rest = copy.copy(tracker)
    rest.latest_message = {**tracker.latest_message, "text": parts[1], "entities": []}
    if asks_in_words(parts[1], "subscribe"):
        return rest
    if _ASKS_AFTER.search(parts[1]):
        # ("what? the 3 4070s already left?? ok cancel whatever you can": asked before)
        await answer_named_lines(client, dispatcher, rest, today)
    return None


def _names_the_rest(order: Order, named: list[OrderLine], text: str) -> bool:
    """Whether "the rest" is said of lines the message names itself ("the rest of the order,
    the i9 and the samsung ssds, are those on the way?"): two or more, or one that has
    shipped (what is left to ship would never be it)."""
    return len(named) > 1 or any(line.status == "shipped" for line in named)


async def answer_named_lines(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, today: dt.date
) -> bool:
    """When the message names products of the order verified in this chat, says where those
    lines stand and returns True; otherwise says nothing and returns False."""
    if verified_credentials(tracker) is None:
        return False
    text = _latest_text(tracker)
    if previous_action(tracker) in CHANGES_MADE and _UNDO.search(text):
        # "actually no, keep the 4070" right after the swap: it's made; a person can undo it.
        dispatcher.utter_message(response="utter_change_cannot_undo")
        return True
    order = await verified_order(client, tracker)
    named = asked_lines(order, text) if order is not None else []
    if order is not None and len(named) > 1:
        # "2TB geldi, 1TB ne zaman kargoya verilecek": the line asked about, not the one that came.
        came = _lines_of_sentences(order, text, _CAME)
        named = [line for line in named if line not in came] or named
    if order is not None:
        named = with_the_one_kept(order, named, text, tracker.get_slot("product_sku"))
    if order is not None and not named:
        # "1 TB olan neden hala gönderilmedi, 2 TB olan çoktan geldi": the line asked why of,
        # not the one that came.
        named = _asked_after(order, text)
    if order is not None and _WHATS_LEFT.search(text) and not _names_the_rest(order, named, text):
        # "so what's left on the order now?": the lines still to ship; "whats the order look
        # like now": every line it still has. (But "the rest of the order, the i9 and the
        # samsung ssds": those lines, set BD #9.)
        still = (
            ("ready", "backordered", "shipped")
            if _LOOKS_LIKE.search(text)
            else ("ready", "backordered")
        )
        # (Nothing still to ship: what the order still has, shipped lines too; set BO #48 got
        # other CPUs for "is there anything else left on the order?".)
        named = [line for line in order.lines if line.status in still] or [
            line for line in order.lines if line.status != "cancelled"
        ]
    if (
        order is not None
        and asks_what_there_is(text)
        and not _WHATS_LEFT.search(text)
        and not lines_named(order, text, False)
    ):
        # "what 4k monitor do you have in stock right now": shopping for that kind, not the
        # order's monitor (answered by the stock question's browsing).
        return False
    if order is not None and not named:
        named = other_lines(order, text, tracker.get_slot("product_sku"))
    if order is not None and not named and asks_to_split(text):
        # "send the ready ones now", "ship everything together": the lines still to ship.
        named = lines_to_send(order, text, []) or [
            line for line in order.lines if line.status in ("ready", "backordered")
        ]
    if order is not None and not named and PUT_BACK.search(text):
        # "can you just put it back" about the cancelled line talked about (or the only one).
        cancelled = [line for line in order.lines if line.status == "cancelled"]
        talked = [line for line in cancelled if line.sku == tracker.get_slot("product_sku")]
        users = [e for e in tracker.events if e.get("event") == "user"]
        before = str(users[-2].get("text") or "") if len(users) > 1 else ""
        # (Or named in the message before: "I wanted that OLED monitor", then "put it back".)
        talked = talked or [line for line in lines_named(order, before) if line in cancelled]
        named = talked or (cancelled if len(cancelled) == 1 else [])
    if order is None or not named:
        return False
    if all(line.status == "cancelled" for line in named) and DIDNT_CANCEL.search(text):
        # "I did NOT cancel anything. I wanted that OLED monitor": believed, and who can help.
        again = any(
            said in ("utter_sorry_cancelled_unknown", "utter_cancelled_unknown_believed")
            for said, _ in last_turn(tracker)
        )
        dispatcher.utter_message(
            response="utter_cancelled_unknown_believed"
            if again
            else "utter_sorry_cancelled_unknown",
            order_number=order.order_number,
        )
        return True
    if sounds_upset(text, order):
        # "wow three out of three back-ordered, impressive 👏 when is anything arriving?"
        dispatcher.utter_message(response="utter_sorry_before_status")
    if all(line.status == "cancelled" for line in named) and (
        BACK_OR_AGAIN.search(text) or PUT_BACK.search(text)
    ):
        # "can I re-order them", "when will the LG UltraGear be back" about cancelled lines:
        # they can't come back onto the order; the product's own stock and restock can.
        from actions.products import answer_availability  # built on this module

        dispatcher.utter_message(response="utter_cancelled_order_again")
        for line in named[:2]:
            await answer_availability(client, dispatcher, tracker, line.sku, today)
        return True
    answer_lines(
        dispatcher,
        order,
        named,
        today,
        language(tracker),
        _latest_text(tracker),
        brief=lines_described_lately(tracker),
    )
    return True


_A_PROBLEM = re.compile(
    r"\b(?:a |any )?(?:problem|issue)s?\b|\bsomething wrong\b|\bsorun\w*", re.IGNORECASE
)


def lines_described_lately(tracker: Tracker, turns: int = 2) -> bool:
    """Whether one of the bot's last `turns` turns described a line still to ship in full (a
    waiting line, or one in stock that is late)."""
    return said_lately(
        tracker,
        turns,
        lambda response, _: (
            (
                response.startswith(("utter_line_backordered", "utter_line_ready_late"))
                or response in ("utter_line_ready_licence_late", "utter_line_ready_licence")
            )
            and not response.endswith("_brief")
        ),
    )


# "can you just put it back", "restore my order", "geri alın": a cancellation undone.
PUT_BACK = re.compile(
    r"\bput (?:it|them|that|the \w+(?: \w+)?) back\b|\brestore\w*|\breinstate\w*|\bun-?cancel\w*"
    r"|\bgeri (?:al|koy|getir)\w*",
    re.IGNORECASE,
)
# "can I re-order them", "when will it be back", "tekrar sipariş verebilir miyim".
BACK_OR_AGAIN = re.compile(
    r"\b(?:re-?order\w*|order (?:it|them|one|those) again|buy (?:it|them) again|be back"
    r"|back in stock|in stock again|available again|restock\w*|tekrar\b|yeniden\b|stoğa gir\w*"
    r"|get (?:it|them|one|the [\w ]{1,30}?) again|back on (?:the |my )?order)",
    re.I,
)

# The actions that change an order, and a customer taking the change back right after.
CHANGES_MADE = ("action_swap_confirmed", "action_cancel_confirmed")
_UNDO = re.compile(
    r"\b(?:actually no|no wait|undo|revert|go back|put (?:it|them) back|changed my mind"
    r"|keep the (?:old|original|\w+ instead)|vazge[çc]tim|geri al\w*)\b|^\W*(?:actually )?no\b"
    r"[^.?!]{0,15}\bkeep\b",
    re.IGNORECASE,
)
# "what's left on the order now?", "the rest of my order", "neler kaldı".
_WHATS_LEFT = re.compile(
    r"\bwhat(?:'s| is| are) (?:left|still (?:on|open|coming)|remaining)\b"
    # "and is there anything else left on the order?" (set BO #48 got other CPUs)
    r"|\bany(?:thing| items?)(?: else)? (?:still )?(?:left|remaining) (?:on|in)\b"
    r"|\bwhat else is (?:still )?(?:on|in) (?:the|my) order\b"
    r"|\b(?:rest|remainder) of (?:the|my) order\b|\bneler kald[ıi]\b"
    # "so now its 2 left right?", "what does the order look like now", "whats the order now"
    r"|\b(?:\d|one|two|three) (?:are |is )?left\b"
    r"|\b(?:what does|how does) (?:the|my) order look\b"
    r"|\bwhat(?:'s| is)? (?:the|my) order (?:now|look)|\bthe order look like now\b",
    re.IGNORECASE,
)


# Asking for a date: "exact date pls", "eta?", "which day", "kesin tarih".
_ASKS_DATE = re.compile(
    r"\b(?:date|exact\w*|eta|when|which day|what day|how long|tarih\w*|ne zaman|hangi g[üu]n"
    r"|ka[çc] g[üu]n)\b",
    re.I,
)


# "ok when then?", "so when does it ship exactly? tomorrow?", "ne zaman peki": about the order.
_WHEN = re.compile(
    r"\b(?:when|how long|what date|which day|tomorrow|eta|no date|any date|ne zaman|kaç gün"
    r"|kac gun|hangi gün|hi[çc] tarih|(?:a|the|real|exact|actual) date)\b",
    re.IGNORECASE,
)


async def answer_when(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, today: dt.date
) -> bool:
    """A "when?" that names no product, with an order verified in this chat: says when its
    back-ordered lines (or, with none, its lines still to ship) are expected; True if it did."""
    if verified_credentials(tracker) is None or not _WHEN.search(_latest_text(tracker)):
        return False
    order = await verified_order(client, tracker)
    if order is None:
        return False
    waiting = [line for line in order.lines if line.status == "backordered"]
    to_ship = waiting or [line for line in order.lines if line.status == "ready"]
    # (With the words: "a date. give me a date" gets why no day is surer than that.)
    text = _latest_text(tracker)
    answer_lines(
        dispatcher,
        order,
        to_ship or order.lines,
        today,
        language(tracker),
        text,
        brief=lines_described_lately(tracker),
    )
    return True


def when_asked(text: str) -> str:
    """The sentence of the message that asks when ("when will the kingston come?"), or ""."""
    sentences = re.split(r"(?<=[?.!])\s+", text)
    return next((sentence for sentence in sentences if _WHEN.search(sentence)), "")


def with_the_one_kept(
    order: Order, named: list[OrderLine], text: str, current: str | None
) -> list[OrderLine]:
    """The lines named, and before them the units kept of the line talked about (`current`)
    when the message asks after "the remaining one" beside them: "and when is the remaining one
    expected? also the crucial 4tb" right after cancelling 2 of the 3 7800X3D (set BK #5
    answered only the Crucial)."""
    if not named or not current or not _THE_ONE_KEPT.search(text):
        return named
    kept = [
        line
        for line in order.lines
        if line.sku == current and line.status in ("ready", "backordered") and line not in named
    ]
    return kept + named


# "the remaining one", "the one left", "the one I kept": the units kept of the line talked about.
_THE_ONE_KEPT = re.compile(
    r"\b(?:the )?remaining (?:one|ones|unit|units|two|2)\b|\bthe (?:one|ones|two|2) (?:left|i kept"
    r"|i'?m keeping)\b|\bkalan\w*",
    re.I,
)
_LOOKS_LIKE = re.compile(r"\blook like\b|\border look\b", re.I)


def asks_whats_left(text: str) -> bool:
    return _WHATS_LEFT.search(text) is not None
