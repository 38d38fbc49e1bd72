"""Order numbers, email addresses and postal codes in what customers write, wherever they are.

Customers give their details in every shape: "Order number: 100330 postcode 76018",
"#100330 my email is ada@example.com", "100 042 / 34710", "ZIP 06420, order no 104210",
"sipariş no 100042 posta kodum 34710". One pure function, `find_details`, finds them; the NLU
extractor (`rasa_components/details_extractor.py`) turns them into entities for every message and
the order form's validator (`actions/orders.py`) reads corrections with it. Standard library only:
it runs in Rasa's environment and in the action server's.

How a number is read:
- An email address is taken first and masked, so its digits are never read as a number.
- A number is labelled by the nearest label before it in the same clause: an order label
  ("order", "order no", "number", "#", "sipariş", "siparis no", "sip. no") or a postal one
  ("postcode", "postal code", "zip", "posta kodu", "posta kodum", "PK", "p.k."). Labelled
  numbers are what the label says: 4-6 digits (or a UK or Canadian code) for a postal code,
  6 digits (3+3 may be split by a space, dot or dash) for an order.
- Unlabelled, 6 digits are an order number and 5 digits, or a UK / Canadian code, a postal code.
  Four digits alone are a product ("RTX 4070"), and a number followed by a currency is a price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORDER_NUMBER = "order_number"
EMAIL = "email"
POSTAL_CODE = "postal_code"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_ORDER_LABEL = (
    r"(?:order|ordr|oder|odrer|orders?\s*(?:number|num|no|nr|id)|number|num|no|nr|n°|#"
    r"|s[iı]par[iı]?[sş]\w*|spar[iı][sş]\w*|sip|numara\w*)"
)
_POSTAL_LABEL = (
    r"(?:posta\s*kod\w*|post\s*code|postal\s*code|postcode|postal|post|zip\s*code|zipcode|zip"
    r"|pin\s*code|pk|p\.\s?k\.?)"
    # "postal code on the order is 40554", "zip for my order: 34710"
    r"(?:\s+(?:on|for|of|in|used\s+(?:for|on|in))\s+(?:the|my|this|that)\s+order)?"
)
_LETTER = "A-Za-zçğıöşüÇĞİÖŞÜ"
_LABEL = re.compile(
    rf"(?<![{_LETTER}])(?:(?P<postal>{_POSTAL_LABEL})|(?P<order>{_ORDER_LABEL}))(?![{_LETTER}])",
    re.I,
)
# What may stand between a label and its number: "order number: 100330", "zip is 34710",
# "postcode - 76018", "order no. is #100042", "sipariş numaram 100042".
_BETWEEN = re.compile(r"^[\s:#.,\-='’]*$")
_LABEL_REACH = 36  # characters a label reaches forward

# Digits glued to letters are model numbers ("14900k", "rtx4090"), never details; except the
# Turkish "is/was" endings typed without an apostrophe ("numaram 100042dir", "34710du").
_END = r"(?=(?:[dt][iıuü]r?)?(?!\w))"
_SIX = re.compile(rf"(?<![\w@])(\d{{3}})[ .\-]?(\d{{3}}){_END}")
_DIGITS = re.compile(rf"(?<![\w@.])\d{{4,6}}{_END}")
_ZIP4 = re.compile(r"(?<![\d])\d{5}-\d{4}(?![\d])")
# A number glued to its label, typed in a hurry: "order100235", "siparis100235", "no100235".
_GLUED = re.compile(rf"(?<![A-Za-z])(?:{_ORDER_LABEL})(\d{{6}}){_END}", re.I)
# "m2 2tb" is a drive, not a UK postcode: codes whose end is a unit are not codes.
_UNITS = {"tb", "gb", "mb", "kb", "hz", "kg", "pc", "pk", "th", "nd", "rd", "st"}
_UK = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})\b")
_CA = re.compile(r"\b([A-Za-z]\d[A-Za-z]) ?(\d[A-Za-z]\d)\b")
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:tl\b|try\b|lira\b|₺|\$|usd\b|eur\b|euro|€|gb\b|tb\b|mb\b|mhz|w\b)", re.I
)
_CURRENCY_BEFORE = re.compile(r"(?:₺|\$|€|tl|usd|eur)\s*$", re.I)
_CLAUSE_BREAK = re.compile(r"[;!?\n]|\band\b|\bve\b", re.I)


@dataclass(frozen=True)
class Detail:
    """One detail found in a message: its kind (an entity name), value, span and whether a label
    said what it is."""

    entity: str
    value: str
    start: int
    end: int
    labelled: bool = False


# An address to send something to, not the order's: "can you just email it to accounting@…",
# "send the invoice to …".
_SENT_TO = re.compile(
    r"\b(?:send|email|e-mail|mail|forward)\s+(?:it|them|that|this|the (?:invoice|receipt|bill"
    r"|keys?|licen[cs]es?|copy)|an? (?:invoice|copy|receipt))\b[^.?!@]{0,25}\bto\s*$",
    re.I,
)


def find_details(text: str) -> list[Detail]:
    """Every order number, email address and postal code in `text`, in order of appearance."""
    if not text:
        return []
    details: list[Detail] = []
    masked = text
    for match in _EMAIL.finditer(text):
        if not _SENT_TO.search(text[: match.start()]):
            details.append(Detail(EMAIL, match.group(0).lower(), match.start(), match.end(), True))
        masked = (
            masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
        )
    taken: list[tuple[int, int]] = []
    for candidate in _candidates(masked):
        if any(candidate.start < end and candidate.end > start for start, end in taken):
            continue
        order_before = any(d.entity == ORDER_NUMBER for d in details)
        detail = _read(masked, candidate, order_before)
        if detail is not None:
            details.append(detail)
            taken.append((candidate.start, candidate.end))
    return sorted(details, key=lambda detail: detail.start)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    digits: str  # the digits of a plain number; "" for a UK / Canadian / ZIP+4 code
    shape: str  # "number" or "code"


def _candidates(text: str) -> list[_Candidate]:
    """Numbers and codes that may be a detail; at one place the longest shape comes first."""
    found: list[_Candidate] = []
    for pattern in (_UK, _CA):
        for match in pattern.finditer(text):
            if match.group(2)[1:].lower() not in _UNITS:
                found.append(_Candidate(match.start(), match.end(), "", "code"))
    for match in _ZIP4.finditer(text):
        found.append(_Candidate(match.start(), match.end(), "", "code"))
    for match in _SIX.finditer(text):
        found.append(
            _Candidate(match.start(), match.end(), match.group(1) + match.group(2), "number")
        )
    for match in _DIGITS.finditer(text):
        found.append(_Candidate(match.start(), match.end(), match.group(0), "number"))
    for match in _GLUED.finditer(text):
        found.append(_Candidate(match.start(1), match.end(1), match.group(1), "number"))
    found.sort(key=lambda item: (item.start, -(item.end - item.start)))
    return found


def _read(text: str, candidate: _Candidate, order_before: bool = False) -> Detail | None:
    """What a candidate is, from its label, its shape and what follows it. With an order
    number before it, an order label before five digits is that number's ("100215 nolu
    sipariş 47176": the order numbered 100215, then its postal code)."""
    if _is_price(text, candidate.start, candidate.end):
        return None
    raw = text[candidate.start : candidate.end]
    label = _label_before(text, candidate.start)
    if label == POSTAL_CODE:
        return Detail(POSTAL_CODE, _compact(raw), candidate.start, candidate.end, True)
    if candidate.shape == "code":
        return Detail(POSTAL_CODE, _compact(raw), candidate.start, candidate.end, False)
    if len(candidate.digits) == 6:
        labelled = label == ORDER_NUMBER
        return Detail(ORDER_NUMBER, candidate.digits, candidate.start, candidate.end, labelled)
    if len(candidate.digits) == 5 and (label != ORDER_NUMBER or order_before):
        # "order 10045" is an order number with a digit missing, not a postal code.
        return Detail(POSTAL_CODE, candidate.digits, candidate.start, candidate.end, False)
    return None


# "new address is kadikoy, moda cad. no 12, 34710": a postal code that belongs to an address
# the customer is giving (to change the delivery), not a proof of an order.
_ADDRESS = re.compile(
    r"\b(?:address|adres\w*|street|st\.|avenue|ave\.|road|rd\.|cad(?:de)?\w*\.?|sok(?:ak)?\w*\.?"
    r"|mah(?:alle)?\w*\.?|apt\.?|apartment|daire|deliver(?:y)? to|ship (?:it )?to)",
    re.IGNORECASE,
)


_EMAIL_ADDRESS = re.compile(r"\b(?:e-?mail|mail|e-?posta)\s+(?:address|adres\w*)", re.I)


def mentions_an_address(text: str) -> bool:
    """Whether the message gives or talks about a street address (an email address isn't one)."""
    return _ADDRESS.search(_EMAIL_ADDRESS.sub(" ", text)) is not None


def first(details: list[Detail], entity: str, labelled: bool | None = None) -> str | None:
    """The value of the first detail of a kind (only labelled ones when `labelled` is true)."""
    for detail in details:
        if detail.entity == entity and (labelled is None or detail.labelled == labelled):
            return detail.value
    return None


def _label_before(text: str, start: int) -> str | None:
    """The kind the nearest label before `start` names, if only spacing and "is" stand between."""
    window_start = max(0, start - _LABEL_REACH)
    window = text[window_start:start]
    best: re.Match[str] | None = None
    for match in _LABEL.finditer(window):
        best = match
    if best is None:
        return None
    between = window[best.end() :]
    if _CLAUSE_BREAK.search(between) or not _BETWEEN.match(_strip_fillers(between)):
        return None
    return POSTAL_CODE if best.group("postal") else ORDER_NUMBER


# Words that may stand between a label and its number: "order number is", "zip code: ",
# "number, it's", "sipariş numaram".
_FILLERS = re.compile(
    r"(?<!\w)(?:number|num|no|nr|code|is|was|my|the|it's|its|it is|this is|should be|="
    # Turkish: "sipariş no'su", "siparişimin nosu", "numaram şu:", "posta kodum ise"
    r"|no['’]?(?:su|m|muz)|['’][a-zçğıöşü]{1,3}|numara(?:m|mız|miz|sı|si)?|kod(?:u|um|umuz)?"
    r"|şu|su|ise|olarak)(?!\w)",
    re.I,
)


def _strip_fillers(between: str) -> str:
    return _FILLERS.sub(" ", between)


def _is_price(text: str, start: int, end: int) -> bool:
    return bool(_CURRENCY_AFTER.match(text[end:]) or _CURRENCY_BEFORE.search(text[:start]))


def _compact(code: str) -> str:
    return code.replace(" ", "").upper()


def follows_its_number(text: str, details: list[Detail], index: int) -> bool:
    """Whether details[index] comes right after an order number, with only a separator between
    them ("100120 / 70588"): that order's own postal code, whatever else the message says."""
    if index == 0 or details[index - 1].entity != ORDER_NUMBER:
        return False
    between = text[details[index - 1].end : details[index].start]
    return re.fullmatch(r"\s*[/,;|-]?\s*", between) is not None


# An email's domain alone, to correct one that failed: "it is .com, not .org", "oh its
# example.net sorry", "@gmail.com". Not after "not" (the wrong one), never a whole address.
_TLDS = r"(?:com|net|org|edu|gov|io|co|tr|de|uk|nl|fr|info|biz|me|example)"
_DOMAIN = re.compile(
    rf"(?<![\w.@-])@?((?:[a-z0-9-]+\.)+{_TLDS}(?:\.[a-z]{{2}})?)(?![\w.-]*@)\b", re.I
)
_BARE_TLD = re.compile(rf"(?<![\w.])\.({_TLDS}(?:\.[a-z]{{2}})?)\b", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|instead of|yerine|değil)\W*$", re.I)


def gives_an_email_domain(text: str) -> bool:
    """Whether the message gives an email's domain (or its ending) and no whole address."""
    if _EMAIL.search(text):
        return False
    return bool(_domains(text, _DOMAIN) or _domains(text, _BARE_TLD))


def corrected_email(text: str, rejected: str | None) -> str | None:
    """The email that failed with the domain (or ending) the message gives instead: "it is
    .com, not .org" after ada.lovelace@example.org is ada.lovelace@example.com."""
    if not rejected or "@" not in rejected or _EMAIL.search(text):
        return None
    local, domain = rejected.rsplit("@", 1)
    whole = [d for d in _domains(text, _DOMAIN) if d != domain.lower()]
    if whole:
        return f"{local}@{whole[0]}"
    stem, _, ending = domain.rpartition(".")
    endings = [t for t in _domains(text, _BARE_TLD) if t != ending.lower()]
    if endings and stem:
        return f"{local}@{stem}.{endings[0]}"
    return None


def _domains(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [
        match.group(1).lower()
        for match in pattern.finditer(text)
        if not _NOT_BEFORE.search(text[: match.start()])
    ]
