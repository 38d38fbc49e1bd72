"""One line at a time: "when will the SSD ship", "how long for the ram then", "and the 4090?".

Once an order is verified in the chat, a question that names a product on it is about that line,
not about the product in general: the answer is the line's own state (its place in the queue,
the restock date and whether the supplier confirmed it, the ship window), fresh from the
backend (`actions.orders.answer_lines` says it). A product is named by words of its name
("990 pro", "windforce"), its SKU, or its kind ("the ssd", "graphics card", "the licence"),
which the catalogue's SKU prefixes give.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from rasa_sdk import Tracker

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    Order,
    OrderLine,
    OrderNotFound,
)
from actions.common import verified_credentials
from rasa_components.language import normalise

logger = logging.getLogger(__name__)

# What customers call each kind of product, by the catalogue's SKU prefix.
KINDS = {
    "GPU": ("gpu", "graphics card", "graphic card", "video card", "card", "cards"),
    "SSD": ("ssd", "ssds", "drive", "drives", "nvme", "m.2", "m2", "disk"),
    "CPU": ("cpu", "cpus", "processor", "processors"),
    "RAM": ("ram", "memory", "ddr5", "ddr4", "dimm", "sticks"),
    "LAP": ("laptop", "laptops", "notebook", "macbook"),
    "MON": ("monitor", "monitors", "screen", "display"),
    "SW": ("licence", "license", "licences", "licenses", "software", "key", "subscription"),
}
# "can you ship the SSD first", "send them separately", "hold it until everything is in":
# a question about how the order is split into parcels, answered by the shop's policy. In
# Turkish: "ayrı ayrı gönderin", "önce ssd'yi gönderin", "hazır olanı yollayın", "parça parça",
# "hepsi birlikte gelsin", "tek kargoda", "kalanını sonra", "stokta olanları şimdi".
SPLIT_SHIPMENT = re.compile(
    r"\b(?:first|separate(?:ly)?|split|partial(?:ly)?|together|at once|in one (?:box|parcel|go)"
    r"|what(?:'s| is) (?:in stock|available)|the rest later|wait for (?:everything|all)"
    r"|before|ahead of|right away|asap|as soon as (?:possible|you can)"
    r"|(?:ready|available|in stock) ones"
    r"|without waiting|(?:do not|don'?t|no need to) wait"
    r"|in (?:two|2|several|multiple|separate) (?:parts|parcels|packages|shipments|boxes)"
    r"|ayr[ıi] ?ayr[ıi]|ayr[ıi] (?:kargo|paket|koli|g[öo]nder|yolla)\w*|[öo]nce(?:likle)?"
    r"|[öo]nden|beklemeden|beklemesin"
    r"|par[çc]a par[çc]a|par[çc]al[ıi]|b[öo]l(?:[üu]n|erek|ebil|[üu]p)\w*"
    r"|haz[ıi]r ol\w*|stokta (?:ol|bul|mevcut)\w*|mevcut ol\w*"
    r"|birlikte|beraber|toplu(?:ca)?|tek (?:seferde|kargo\w*|paket\w*|koli\w*)"
    r"|kalan\w*|geri kalan\w*|hepsi gel\w*|gelmeden|beklemeden)\b"
    r"|\b(?:ship|send|sent|dispatch|e-?mail)\w*\b[^.?!]{0,40}\bnow\b"
    # "the wd one sent now and the crucial later"
    r"|\b(?:the \w+(?: \w+)?|it|them|the others?|the other one) later\b",
    re.I,
)
# A request to send something (not "when does it ship?"): with SPLIT_SHIPMENT, a request to
# split the order's parcels ("can you send the WD black first").
_SHIP_REQUEST = re.compile(
    # ("when will the T700 ship?" asks when, not to send it.)
    r"\b(?:can|could|would|(?<!when )will|pls|please|just)\b[^.?!]{0,30}\b(?:ship|send|sent"
    r"|dispatch|go out)"
    r"|\b(?:ship|send|sent|dispatch)\b[^.?!]{0,40}\b(?:please|pls|first|now|separately|right away"
    r"|ahead|before|though|anyway|already|if you can)\b"
    r"|\b(?:can|could|would|will|pls|please|just)\b[^.?!]{0,30}\be-?mail\b[^.?!]{0,20}"
    r"\b(?:key|licen[cs]e|code)"  # "can you just email me the key now"
    # Turkish verbs carry the request: "gönderin", "gönderebilir misiniz", "yollayın", not
    # "gönderilmedi mi" or "ne zaman kargolanır", which ask.
    r"|\b(?:g[öo]nder|yolla|kargola)(?:in|[ıi]n|iniz|[ie]r m[ıi]\w*|[ae]bil\w*|se\w*|sa\w*"
    r"|sin\w*|s[ıi]n\w*|ey\w*|ay\w*|il(?:ebil|sin)\w*|n(?:abil|s[ıi]n)\w*|y[ıi]n\w*"
    r"|y[ae]bil\w*|r m[ıi]\w*)\b|\bgelsin\b",
    re.I,
)
# "send the ready ones", "ship whatever is in stock", "hazır olanları gönderin": the order's
# lines in stock, whichever they are.
_READY_ONES = re.compile(
    r"\b(?:(?:ready|available|in[- ]stock) ones|(?:what(?:ever)?|everything|the (?:items|ones"
    r"|things|stuff)) (?:is |are |that(?:'s| is| are) )?(?:ready|available|in stock)"
    r"|haz[ıi]r ol(?:an|anlar)\w*|stokta ol(?:an|anlar)\w*|mevcut ol(?:an|anlar)\w*)\b",
    re.I,
)
# "don't wait for the crucial", "without waiting for the 4090", "crucial'ı beklemeden": the
# lines to send are the others.
_WITHOUT_WAITING = re.compile(
    r"\b(?:without waiting|(?:do not|don'?t|no need to|not) wait(?:ing)?) (?:for|on)"
    r" (?P<en>[^.?!,]+)"
    r"|(?P<tr>[^.?!,]+?)\s+(?:beklemeden|beklemesin|beklemeyin)\b",
    re.I,
)
# "when does the 4090 ship, first week of jan?": a question about a date, not a request.
_WHEN_SHIPS = re.compile(r"\bwhen\b[^.?!]{0,30}\b(?:ship|send|dispatch|go out|come)", re.I)


def lines_to_send(order: Order, text: str, named: list[OrderLine]) -> list[OrderLine]:
    """The lines a request to send names ("the ssd is coming but the cpu isnt? can you send the
    ssd first": the SSD), else `named`."""
    if _READY_ONES.search(text):
        ready = [line for line in order.lines if line.status == "ready"]
        if ready:
            return ready
    without = _WITHOUT_WAITING.search(text)
    if without:
        waited = lines_named(order, without.group("en") or without.group("tr"))
        others = [line for line in order.lines if line not in waited]
        if waited and others:
            return others
    request = _SHIP_REQUEST.search(text)
    asked = lines_named(order, text[request.start() :]) if request else []
    return asked or named


# "ship everything together", "in one parcel", "wait for the rest", "hepsi birlikte gelsin".
_HOLD = re.compile(
    r"\b(?:together|at once|in one (?:box|parcel|package|go|shipment)|one (?:parcel|package"
    r"|shipment)|wait for (?:everything|all|the rest)|hold\w*|birlikte|beraber|toplu(?:ca)?"
    r"|tek (?:seferde|kargo\w*|paket\w*|koli\w*)|hepsi gel\w*)\b",
    re.I,
)


# "is the ram coming in the same box", "will the SSDs ship together with it?", "aynı kargoda mı
# gelecek?": whether lines travel together, asked about (not "please send it all together").
_TOGETHER = re.compile(
    r"\b(?:together|same (?:box|parcel|package|shipment|delivery|day|time)|at the same time"
    r"|in (?:one|a single) (?:box|parcel|package|shipment)|with (?:it|them|the rest|the others?)"
    r"|separately|separate(?: (?:box|parcel|package|shipment)s?)?|apart"
    r"|ayn[ıi] (?:kargo|paket|koli|g[öo]nderi|g[üu]n|anda)\w*|birlikte|beraber"
    # "is the 4070 holding everything up?", "are the samsungs waiting for the crucial?",
    # "7900 xtx de onları mı bekliyor?": whether one line waits for another.
    r"|hold(?:s|ing)? (?:\w+ )?up|wait(?:s|ing)? (?:for|on) (?:it|them|the|that|this)"
    r"|bekli\w* m[ıiuü]\w*|m[ıiuü] bekli\w*)\b",
    re.I,
)
_ASKING = re.compile(
    r"\?|^\s*(?:and |so |also |ok |)(?:will|would|is|are|do|does|did)\b|\b(?:m[ıiuü])\b"
    r"|\b(?:m[ıiuü])(?:y[ıi]m|s[ıi]n|d[ıi]r|y[ıi]z|s[ıi]n[ıi]z)\b",
    re.I,
)
_ASKED_OF_US = re.compile(
    r"\b(?:can|could|would) you\b|\b(?:please|pls|plz)\b|\bl[üu]tfen\b|\bi (?:want|need|'?d like)\b"
    r"|\b(?:g[öo]nderin|yollay[ıi]n|g[öo]nderebilir misiniz|g[öo]nderir misiniz)\b",
    re.I,
)


# "are all of them waiting??", "is everything back-ordered", "hepsi mi bekliyor", "hiçbiri yok",
# "3 ürün de bekliyor mu": whether all are waiting, not whether they wait for each other.
ALL_ASKED = re.compile(
    r"\b(?:(?:are|is) (?:all|everything|every item|both)|all (?:of them|three|3|two|2)"
    r"|none of (?:them|it)|nothing (?:has|came|shipped)|hepsi\w*|hi[çc]bir\w*"
    r"|t[üu]m[üu]\w* m[üu]|\d+ [üu]r[üu]n(?:[üu]n)? de)\b",
    re.IGNORECASE,
)


def asks_if_together(text: str) -> bool:
    """Whether a sentence of the message asks if items travel together (not asks for it)."""
    for part in re.split(r"(?<=[?.!])\s+|\n", text):
        found = _TOGETHER.search(part)
        if not found or not _ASKING.search(part) or _ASKED_OF_US.search(part):
            continue
        if "bekl" in found.group(0).lower() and ALL_ASKED.search(text):
            continue  # "hepsi mi bekliyor??": are all of them waiting, not for each other
        return True
    return False


def asks_to_hold(text: str) -> bool:
    """Whether the message asks to keep items back so the order ships in one go."""
    return _HOLD.search(text) is not None


# A question about a line's shipping: "are you sending the samsung now or is it waiting too?",
# "samsung ssd'yi şimdi gönderiyor musunuz yoksa o da mı bekliyor".
_ABOUT_SHIPPING = re.compile(
    r"\b(?:ship\w*|send\w*|sent|dispatch\w*|wait\w*|arriv\w*|deliver\w*|g[öo]nder\w*"
    r"|yolla\w*|bekl\w*|kargo\w*|gel(?:ir|ecek|medi|di)\w*)\b",
    re.I,
)


def about_shipping(text: str) -> bool:
    return _ABOUT_SHIPPING.search(text) is not None


def asks_to_send(text: str) -> bool:
    """Whether the message asks to send something ("send the ram now", "can you ship the ssd");
    not a return ("can i send one back?") nor a document ("can you send the invoice to me")."""
    return _SHIP_REQUEST.search(text) is not None and _NOT_GOODS.search(text) is None


# Sending that is no shipment of the order's goods: a return, an invoice, to an email address.
_NOT_GOODS = re.compile(
    r"\bsen[dt]\w*\b[^.?!]{0,20}\bback\b|\b(?:invoice|receipt|fatura)\w*|\bsen[dt]\b[^.?!]{0,40}@"
    # "can you send a courier to pick it up": someone to collect a return.
    r"|\bcourier\b[^.?!]{0,30}\b(?:pick|collect)\w*|\bkurye\w*",
    re.I,
)


# "so the 4080 super ships alone first?", "samsung comes first? or both together", "are you
# waiting for the crucial to send them together?": asking whether they go apart, not a request.
_SPLIT_QUESTION = re.compile(
    r"\b(?:ship|send|come|go|arrive|leave)s?\b[^.?!]{0,25}\b(?:alone|first(?! week| day| of)"
    r"|separately|together|on (?:its|their) own)\b"
    r"|\bboth together\b|\bwait(?:ing)? for\b[^.?!]{0,40}\bto (?:send|ship)\b"
    r"|\b(?:are|is) (?:you|it|they) (?:still )?waiting for (?:the|my)\b"
    r"|\b(?:ship\w*|go\w*|leav\w*|sen[dt]\w*)\b[^.?!]{0,20}\bnow\b[^.?!]{0,10}\bor\b[^.?!]{0,25}"
    r"\bwait\w*"
    # "are you holding the ssds until the card arrives?", "xtx de bekliyor o yüzden mi
    # gönderilmedi"
    r"|\b(?:hold(?:ing)?|keep(?:ing)?)\b[^.?!]{0,30}\buntil\b[^.?!]{0,30}\b(?:arriv\w*|comes?"
    r"|is in|gets? in)\b"
    r"|\b(?:o y[üu]zden mi|y[üu]z[üu]nden mi)\b",
    re.I,
)


def asks_whether_split(text: str) -> bool:
    """Whether the message asks if the order goes in parts (not asking to split it)."""
    return _SPLIT_QUESTION.search(text) is not None and _SHIP_REQUEST.search(text) is None


def asks_to_split(text: str) -> bool:
    """Whether the message asks to ship part of the order apart from the rest, or whether it
    will be."""
    if _SPLIT_QUESTION.search(text):
        return True
    request = _SHIP_REQUEST.search(text)
    if not (SPLIT_SHIPMENT.search(text) and request):
        return False
    when = _WHEN_SHIPS.search(text)
    return when is None or when.start() > request.start()


# Every word of those kinds: a mention made only of them ("laptop", "graphics cards") names a
# kind of product, not a product.
KIND_WORDS = frozenset(word for kinds in KINDS.values() for kind in kinds for word in kind.split())
# Words that say a kind or a connection, not a model: "laptop", "nvme", "sata".
_SPEC_WORDS = frozenset(("nvme", "sata", "pcie", "m.2", "m2", "ddr4", "ddr5", "usb", "4k", "oled"))


def only_kind_words(mention: str) -> bool:
    """Whether a product mention is only kinds or specs ("laptop", "nvme ssd"), no model."""
    words = re.findall(r"[\w.]+", mention.lower())
    return bool(words) and all(
        word in KIND_WORDS or word.rstrip("s") in KIND_WORDS or word in _SPEC_WORDS
        for word in words
    )


# The Turkish words, as stems: Turkish glues its endings on ("ekran kartım", "işlemciler",
# "ssd'yi", "ramleri", "monitörün", "lisansı"), with or without an apostrophe. "ekran" alone is
# a monitor, "ekran kartı" a graphics card.
TURKISH_KINDS = {
    "GPU": (r"ekran ?kart", r"grafik ?kart", r"gpu", r"kart[ıi](?:n[ıi])?(?![a-zçğıöşü])"),
    "SSD": (r"ssd", r"nvme", r"disk", r"depolama"),
    "CPU": (r"i[şs]lemci", r"cpu"),
    "RAM": (r"ram", r"belle[kğ]", r"haf[ıi]za", r"ddr[45]"),
    "LAP": (r"diz[üu]st[üu]", r"laptop", r"notebook", r"macbook"),
    "MON": (r"monit[öo]r", r"ekran(?! ?kart)"),
    "SW": (r"lisans", r"yaz[ıi]l[ıi]m", r"anahtar"),
}
_TURKISH_KIND = {
    prefix: re.compile(r"(?<![\w.])(?:" + "|".join(stems) + r")(?:'?[^\W\d_]*)?(?![\w])", re.I)
    for prefix, stems in TURKISH_KINDS.items()
}
_WORD = re.compile(r"[a-z0-9çğıöşü.]+")
_NUMBER_AND_ENDING = re.compile(r"^(\d{3,})(?:[ıiuü]|[yn][ıiuü]|[ld][ae]r\w*|[dt][ae]\w*|[ıiuü]n)$")
# A Turkish ending glued to a brand or model name: "crucialı", "samsungu", "evolar", "radeonları".
# (Also a short model name with a digit: "p3u iptal edin" is the P3.)
_NAME_AND_ENDING = re.compile(r"^([a-z][a-z0-9]{2,}?|[a-z]\d)(?:[ld][ae]r[ıi]?|'?[yn]?[ıiuü])$")
# Words too common in product names and questions to pick a line by themselves.
_COMMON = {"the", "my", "and", "for", "gb", "tb", "of", "a", "1", "2", "pro", "x", "with"}
# Specs many products share ("what 4k monitor do you have" names no line of the order).
_COMMON |= {"4k", "qhd", "fhd", "uhd", "oled", "ips", "ddr4", "ddr5", "nvme", "sata", "hz", "pcie"}
# Words that narrow a kind: brands and memory generations. Sizes are read apart ("1tb", "32 gb").
BRANDS = frozenset(
    [
        "amd",
        "intel",
        "nvidia",
        "geforce",
        "radeon",
        "rtx",
        "rx",
        "arc",
        "ryzen",
        "core",
        "samsung",
        "crucial",
        "wd",
        "western",
        "kingston",
        "corsair",
        "lenovo",
        "thinkpad",
        "ideapad",
        "legion",
        "acer",
        "asus",
        "dell",
        "apple",
        "macbook",
        "msi",
        "hp",
        "lg",
        "gigabyte",
        "ddr4",
        "ddr5",
        "microsoft",
        "windows",
        "office",
        "adobe",
        "jetbrains",
        "eset",
    ]
)
# A size in a message or a product name: "1tb", "1 TB", "32gb".
_SIZE_IN_TEXT = re.compile(r"(?<![\w.])(\d{1,4})\s?(tb|gb)\b", re.I)
# A model number: "7800", "4070", "7800x3d", "14900k".
_MODEL_NUMBER = re.compile(r"\d{3,}[a-z0-9]*")
# Series words many models share: with another model number beside them they name no line.
_SERIES = {
    "xt",
    "xtx",
    "ti",
    "super",
    "rtx",
    "rx",
    "gtx",
    "radeon",
    "geforce",
    "ryzen",
    "core",
    "intel",
    "amd",
    "nvidia",
    "arc",
    "nitro",
    "evo",
    "black",
}
# A size ("1tb", "32gb") is shared by too many products to name a line by itself.
_SIZE = re.compile(r"^\d+(?:tb|gb|mb)$")


# "the monitor and the ssds arrived but where is the graphics card??": what is asked comes after.
_CONTRAST = re.compile(r"\b(?:but|however|ama|fakat)\b", re.I)


# A clause asking after a line rather than reporting it: "where is the 7700 xt", "the samsung
# didn't", "hasn't arrived", "still waiting", "gelmedi", "nerede".
_MISSING = re.compile(
    r"\b(?:where(?:'s| is| are)?|wheres|didn'?t|didnt|hasn'?t|hasnt|haven'?t|havent|not|never"
    r"|still|yet|missing|gelmedi\w*|nerede\w*|hala|hâlâ|yok)\b",
    re.I,
)
# A clause reporting a line that came: "the 4070s came last week", "got the kingstons".
_ARRIVED = re.compile(
    r"\b(?:arrived|came|got|received|delivered|here|did|geldi\w*|ula[şs]t[ıi]\w*|ald[ıi]m)\b",
    re.I,
)
# Where a message's clauses part: "the 7800 xt arrived, where is the 7700 xt".
_CLAUSE = re.compile(r"[,;.!?]+|\b(?:and|but|however|though|ama|fakat|ve)\b", re.I)


def asked_lines(order: Order, text: str) -> list[OrderLine]:
    """The lines a question names: after its last "but" when that part names some ("the ssds
    arrived but where is the graphics card?" is about the card); else, when some clauses report
    lines and others ask after them ("the 4070s came last week, the samsung didn't"), those asked
    after; else `lines_named`."""
    parts = _CONTRAST.split(text)
    # (Not a part after "but" that says its lines came: "the monitor and ram still waiting to
    # ship, but the 4060 tis arrived. is there a problem?" asks after the monitor and the RAM;
    # set BO #34 got the cards' "shipped".)
    if len(parts) > 1 and not (_ARRIVED.search(parts[-1]) and not _MISSING.search(parts[-1])):
        after = lines_named(order, parts[-1])
        if after:
            return after
    named = lines_named(order, text)
    clauses = _CLAUSE.split(text)
    reports = any(_ARRIVED.search(c) and not _MISSING.search(c) for c in clauses)
    if len(named) > 1 and reports:
        # ("ok so the monitor and ram are still waiting? the graphics cards came already": the
        # whole sentence that asks after them, both lines.)
        sentences = re.split(r"(?<=[.!?])\s+", text)
        asked = (
            [
                line
                for sentence in sentences
                if _MISSING.search(sentence) and not _ARRIVED.search(sentence)
                for line in lines_named(order, sentence)
            ]
            or [
                # ("the monitor and ram still waiting to ship, but the 4060 tis arrived": the part
                # before the "but", both its lines.)
                line
                for part in re.split(r"[,;]|\bbut\b|\bwhile\b|\bwhereas\b", text)
                if _MISSING.search(part) and not _ARRIVED.search(part)
                for line in lines_named(order, part)
            ]
            or [
                line
                for clause in clauses
                if _MISSING.search(clause)
                for line in lines_named(order, clause)
            ]
        )
        asked = [line for line in named if line in asked]
        if asked and len(asked) < len(named):
            return asked
    return named


def lines_named_apart(order: Order, text: str) -> list[OrderLine]:
    """The lines a message names each in a clause of its own ("when are the crucial 4tb and the
    rtx 4070 expected?"): [] unless two or more are, each clause naming one line."""
    apart: list[OrderLine] = []
    for clause in _CLAUSE.split(text):
        named = lines_named(order, clause)
        if len(named) == 1 and named[0] not in apart:
            apart.append(named[0])
    return apart if len(apart) > 1 else []


def lines_named(order: Order, text: str, by_kind: bool = True) -> list[OrderLine]:
    """The lines of `order` the message names, by name words, SKU or (with `by_kind`) kind;
    [] if none."""
    lowered = normalise(text)
    # "samsungs." at the end of a sentence is "samsungs" ("m.2" keeps its dot).
    words = {word.strip(".") for word in _WORD.findall(lowered)} - {""}
    words |= {word[:-1] for word in words if word.endswith("s") and len(word) > 3}  # "radeons"
    # A Turkish ending glued to a model number: "4070leri", "4090ı" ("4090'ı" splits already).
    words |= {m.group(1) for word in words if (m := _NUMBER_AND_ENDING.match(word))}
    words |= {m.group(1) for word in words if (m := _NAME_AND_ENDING.match(word))}
    if not words:
        return []
    hits = {line.line_no: _name_hits(line, words) for line in order.lines}
    # (Not an order number or a postal code: five digits or more alone.)
    numbers = {
        word
        for word in words
        if _MODEL_NUMBER.fullmatch(word) and not re.fullmatch(r"\d{5,}", word)
    }
    on_the_order = {word for line in order.lines for word in _name_hits(line, numbers)}
    for line in order.lines:
        # "how much is the 7800 XT Nitro+" names another model than the 7700 XT line, whatever
        # series word ("xt") or brand ("samsung 990 pro" beside the 870 EVO) they share.
        named_by = hits[line.line_no]
        if numbers and named_by and named_by <= _SERIES and not numbers & named_by:
            hits[line.line_no] = set()
        elif named_by and named_by <= BRANDS and numbers and not numbers & on_the_order:
            # (A brand beside a model number no line has: another model of that brand.)
            hits[line.line_no] = set()
    by_name = [line for line in order.lines if hits[line.line_no]]
    # "where is the 7700 xt": the line only it names, not every "XT" of the order as well.
    counts = Counter(word for line in by_name for word in hits[line.line_no])
    unique = [line for line in by_name if any(counts[w] == 1 for w in hits[line.line_no])]
    by_name = unique or by_name
    if by_name and by_kind:
        # "where is my 4070?? the ssd isnt shipped either": the SSD, a kind none of the lines
        # named by model is, too.
        named_kinds = {_prefix(line) for line in by_name}
        by_name += [
            line
            for line in order.lines
            if line not in by_name
            and _prefix(line) not in named_kinds
            and _names_kind(_prefix(line), lowered)
        ]
    if not by_name:
        # "cancel the 1tb ones" on an order where only one line is 1 TB: that line; "2TB geldi,
        # 1TB ne zaman kargoya verilecek": each size that only one line has, that line.
        # (Not a size beside a brand or model number the line lacks: "the samsung 870 evo 1tb,
        # is that nvme?" with a Kingston 1 TB on the order, "the wd black 2tb" with a Samsung
        # 2 TB, are other products.)
        sized: list[OrderLine] = []
        other = (words & BRANDS) | numbers
        for size in {m.group(1) + m.group(2).lower() for m in _SIZE_IN_TEXT.finditer(lowered)}:
            having = [
                line
                for line in order.lines
                if size in _sizes(line.name.lower()) and not other - _words(line.name)
            ]
            if len(having) == 1 and having[0] not in sized:
                sized.append(having[0])
        if sized:
            return sorted(sized, key=lambda line: line.line_no)
    if by_name or not by_kind:
        return by_name
    return [line for line in order.lines if _names_kind(line.sku.split("-")[0].upper(), lowered)]


def _sizes(lowered: str) -> set[str]:
    """The sizes a (lower-cased) text gives: "1tb", "27inch" as `_SIZE_IN_TEXT` writes them."""
    return {m.group(1) + m.group(2).lower() for m in _SIZE_IN_TEXT.finditer(lowered)}


def _prefix(line: OrderLine) -> str:
    return line.sku.split("-")[0].upper()


def _names_kind(prefix: str, lowered: str) -> bool:
    """Whether the (lower-cased) message calls a product of this SKU prefix by its kind."""
    if any(
        re.search(rf"(?<![\w.]){re.escape(kind)}s?(?![\w])", lowered)
        for kind in KINDS.get(prefix, ())
    ):
        return True
    turkish = _TURKISH_KIND.get(prefix)
    return turkish is not None and turkish.search(lowered) is not None


# "and the other one?", "what about the rest": the lines other than the one just talked about.
_OTHER = re.compile(
    r"\b(?:the )?(?:other(?: one| item| line| product)?s?|rest|others|remaining(?: \w+)?"
    r"|di[ğg]er\w*|[öo]b[üu]r\w*|geri kalan\w*)\b",
    re.I,
)


# "and the other one? the graphics card": the other line of the order, not another product.
_THE_OTHER_LINE = re.compile(
    r"\b(?:and|what about|how about) (?:the )?other(?: one| item| line)?\b|\bthe other one\b", re.I
)


def asks_the_other_line(text: str) -> bool:
    return _THE_OTHER_LINE.search(text) is not None


def lines_besides(order: Order, text: str) -> list[OrderLine]:
    """ "ok that's the nitro+. and the other one?": the order's other lines than those named
    before "the other one" (none named after it); [] when the message asks no such thing."""
    asked = _THE_OTHER_LINE.search(text)
    if asked is None or lines_named(order, text[asked.end() :]):
        return []
    before = lines_named(order, text[: asked.start()])
    if not before:
        return []
    return [ln for ln in order.lines if ln not in before and ln.status != "cancelled"]


def other_lines(order: Order, text: str, current_sku: str | None) -> list[OrderLine]:
    """The order's lines other than `current_sku`'s when the message asks about "the other
    one"; [] when it doesn't, or nothing else is on the order."""
    if not current_sku or not _OTHER.search(text):
        return []
    same = [line for line in order.lines if line.sku == current_sku]
    if not same:
        return []
    kept = [line for line in same if line.status in ("ready", "backordered")]
    if kept and any(line.status == "cancelled" for line in same):
        # "and the other one is still back-ordered?" right after cancelling 1 of the 2: the
        # unit kept, not another line.
        return kept
    return [line for line in order.lines if line.sku != current_sku]


def _words(name: str) -> set[str]:
    return set(_WORD.findall(name.lower()))


def _name_hits(line: OrderLine, words: set[str]) -> set[str]:
    """The message's words that name this line: a model number ("4090", "990", "7800x3d") or a
    brand/series word ("windforce") is enough."""
    name_words = set(_WORD.findall(line.name.lower())) | {line.sku.lower()}
    # The SKU's words but its kind prefix ("ssd" in SSD-CRUCIAL-P3P-4TB): "the wd ssd" names the
    # WD, not every drive (a kind alone is matched by `_names_kind`).
    name_words |= set(line.sku.lower().split("-")[1:])
    return {w for w in words & name_words if w not in _COMMON and len(w) > 1 and not _SIZE.match(w)}


async def holds_no_place(client: BackendClient, tracker: Tracker) -> bool:
    """Whether a product is talked about that no waiting line of the verified order is: "can
    you reserve one for me when they come back" about one more 4070 holds no place in a queue."""
    talked = tracker.get_slot("product_sku")
    if talked and verified_credentials(tracker) is None:
        # A shopper with no order here ("can you reserve one for me when it comes in? i'll pay
        # now" about the 4090): no place is held for them (set BO #10 was told "your order
        # already holds its place").
        return True
    mine = await verified_order(client, tracker) if talked else None
    return mine is not None and not any(
        line.sku == talked and line.status == "backordered" for line in mine.lines
    )


async def verified_order(client: BackendClient, tracker: Tracker) -> Order | None:
    """The order verified in this chat, fresh from the backend; None if none or it can't be read."""
    credentials = verified_credentials(tracker)
    if credentials is None:
        return None
    order_number, email, postal_code = credentials
    try:
        return await client.lookup_order(
            order_number, email=email, postal_code=postal_code, client_id=tracker.sender_id
        )
    except (OrderNotFound, BackendUnavailable):
        return None
    except Exception:
        logger.exception("looking up verified order %s failed", order_number)
        return None
