"""The few words actions put together in code, in the conversation's language.

Responses live in domain.yml, one variation per language. What an action builds itself goes
here: button titles made from names ("Swap to RX 7800 XT"), the words it puts into a response's
variables ("order 100042", "this chat"), and the backend's English phrases (alternatives'
reasons, the support queue's wait and hours) said in Turkish. tests/actions/test_phrases.py
checks that every phrase has every language.
"""

from __future__ import annotations

import re

from backorder_common.wording import language_of

PHRASES: dict[str, dict[str, str]] = {
    "swap_to": {"en": "Swap to {name}", "tr": "{name} ile değiştir"},
    # A number of units: "1 unit", "7 units"; "1 adet", "7 adet".
    "unit": {"en": "{n} unit", "tr": "{n} adet"},
    "units": {"en": "{n} units", "tr": "{n} adet"},
    "keep_waiting": {"en": "No, I'll wait", "tr": "Hayır, beklerim"},
    "whole_order": {"en": "The whole order", "tr": "Siparişin tamamı"},
    "all_subscriptions": {"en": "All of them", "tr": "Hepsi"},
    "order": {"en": "order {order_number}", "tr": "{order_number} numaralı sipariş"},
    # Where updates go on Telegram, in "I'll message you {address}" / "{address} ileteceğim".
    "this_chat": {"en": "here in this chat", "tr": "bu sohbete"},
    # An email address as the place updates go ("ayse@example.com adresine").
    "email_address": {"en": "at {address}", "tr": "{address} adresine"},
    "in_stock_now": {"en": "in stock now", "tr": "şu an stokta"},
    "a_few_minutes": {"en": "a few minutes", "tr": "birkaç dakika"},
    "during_support_hours": {"en": "during support hours", "tr": "çalışma saatlerinde"},
    # What kind of product a line is, in "{name} is {kind}." / "{name} {kind}.".
    "kind_graphics_card": {"en": "a graphics card", "tr": "bir ekran kartıdır"},
    "kind_cpu": {"en": "a processor (CPU)", "tr": "bir işlemcidir (CPU)"},
    "kind_ssd": {
        "en": "an SSD, a drive that stores your files",
        "tr": "bir SSD, yani dosyalarınızı saklayan bir disktir",
    },
    "kind_memory": {"en": "memory (RAM) for a computer", "tr": "bilgisayar için bellektir (RAM)"},
    "kind_laptop": {"en": "a laptop", "tr": "bir dizüstü bilgisayardır"},
    "kind_monitor": {"en": "a monitor", "tr": "bir monitördür"},
    "kind_software": {
        "en": "a software licence, delivered as a key by email",
        "tr": "e-postayla anahtar olarak gelen bir yazılım lisansıdır",
    },
}


def phrase(key: str, language: str = "en", **values: object) -> str:
    """The phrase `key` in `language` (English when it has none), `{values}` filled in."""
    texts = PHRASES[key]
    return texts.get(language_of(language), texts["en"]).format(**values)


# --- the backend's English, said in Turkish ------------------------------------------------
# The backend writes alternatives' reasons and the support queue's times in English
# (backend/alternatives/ranking.py, backend/handoffs/). Each pattern below is one of its
# templates; a text that matches none (a new template, or one already in Turkish) is shown as
# it came.

# "a dedicated graphics card too": a laptop's kind of graphics.
_GRAPHICS_TOO = re.compile(r"^a (\w+) graphics card too$")
# Spec values that are words, not names: a laptop's "dedicated" graphics.
_SPEC_VALUES_TR = {"dedicated": "harici", "integrated": "dahili"}
_SPEC_LABELS_TR = {
    "chipset": "yonga seti",
    "GB VRAM": "GB VRAM",
    "GB capacity": "GB kapasite",
    "interface": "arayüz",
    "socket": "soket",
    "cores": "çekirdek",
    "memory type": "bellek tipi",
    "MHz": "MHz",
    "processor": "işlemci",
    "GB RAM": "GB RAM",
    "inch screen": "inç ekran",
    "inch size": "inç boyut",
    "resolution": "çözünürlük",
    "Hz": "Hz",
    "edition": "sürüm",
    "licence": "lisans",
    "graphics": "ekran kartı",
}
_SAME_NUMBER = re.compile(r"^same (\d+(?:\.\d+)?) (.+)$")
_SAME_LABELLED = re.compile(r"^same (.+) \((.+)\)$")
_PERCENT = re.compile(r"^(\d+)% (cheaper|dearer)$")
_WEEKDAYS_TR = {
    "Mon": "Pazartesi",
    "Tue": "Salı",
    "Wed": "Çarşamba",
    "Thu": "Perşembe",
    "Fri": "Cuma",
    "Sat": "Cumartesi",
    "Sun": "Pazar",
}
_LONG_WEEKDAYS_TR = {
    "Monday": "Pazartesi",
    "Tuesday": "Salı",
    "Wednesday": "Çarşamba",
    "Thursday": "Perşembe",
    "Friday": "Cuma",
    "Saturday": "Cumartesi",
    "Sunday": "Pazar",
}
_MONTHS_TR = {
    "January": "Ocak",
    "February": "Şubat",
    "March": "Mart",
    "April": "Nisan",
    "May": "Mayıs",
    "June": "Haziran",
    "July": "Temmuz",
    "August": "Ağustos",
    "September": "Eylül",
    "October": "Ekim",
    "November": "Kasım",
    "December": "Aralık",
}
_ZONES_TR = {"Istanbul": "İstanbul"}
_WAIT = re.compile(r"^about (?:(\d+) hours?)?\s*(?:(\d+) minutes?)?$")
_HOURS = re.compile(r"^(.+?) (\d\d:\d\d–\d\d:\d\d) (.+) time$")
_MOMENT = re.compile(r"^(today|tomorrow|(\w+) (\d+) (\w+)) at (\d\d:\d\d) (.+) time$")
_NOBODY = "as soon as an agent is available"


def reasons(items: list[str], language: str = "en") -> str:
    """Why an alternative fits, joined: 'same chipset (RTX 4070); 3% cheaper'."""
    if language_of(language) != "tr":
        return "; ".join(items) or phrase("in_stock_now")
    return "; ".join(_reason_tr(item) for item in items) or phrase("in_stock_now", "tr")


def _reason_tr(reason: str) -> str:
    if reason == "same price":
        return "aynı fiyat"
    if reason == "in stock now":
        return phrase("in_stock_now", "tr")
    if match := _GRAPHICS_TOO.match(reason):
        return f"onda da {_SPEC_VALUES_TR.get(match[1], match[1])} ekran kartı var"
    if match := _PERCENT.match(reason):
        return f"%{match[1]} {'daha ucuz' if match[2] == 'cheaper' else 'daha pahalı'}"
    if match := _SAME_LABELLED.match(reason):
        value = _SPEC_VALUES_TR.get(match[2], match[2])
        return f"aynı {_SPEC_LABELS_TR.get(match[1], match[1])} ({value})"
    if match := _SAME_NUMBER.match(reason):
        return f"aynı {match[1]} {_SPEC_LABELS_TR.get(match[2], match[2])}"
    if reason.startswith("same "):
        return f"aynı {reason[5:]}"
    return reason


def wait(text: str | None, language: str = "en") -> str:
    """The expected wait ('about 4 minutes' -> 'yaklaşık 4 dakika')."""
    if not text:
        return phrase("a_few_minutes", language)
    if language_of(language) != "tr" or not (match := _WAIT.match(text.strip())):
        return text
    hours, minutes = match[1], match[2]
    parts = ([f"{hours} saat"] if hours else []) + ([f"{minutes} dakika"] if minutes else [])
    return "yaklaşık " + " ".join(parts) if parts else text


def support_hours(text: str, language: str = "en") -> str:
    """'Mon–Fri 10:00–18:00 Istanbul time' -> 'Pazartesi–Cuma 10:00–18:00 (İstanbul saati)'."""
    if language_of(language) != "tr" or not (match := _HOURS.match(text.strip())):
        return text
    days = re.sub(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", lambda m: _WEEKDAYS_TR[m[1]], match[1])
    return f"{days} {match[2]} ({_ZONES_TR.get(match[3], match[3])} saati)"


def nobody_free(text: str | None) -> bool:
    """Whether the backend's "back at" says support hours with every agent away (in English or
    in Turkish), not a time the team comes back."""
    return (text or "").strip() in (_NOBODY, "bir temsilcimiz müsait olur olmaz")


def back_at(text: str | None, language: str = "en") -> str:
    """When agents are back: 'tomorrow at 10:00 Istanbul time' -> 'yarın saat 10:00 (İstanbul
    saati)'; 'Monday 30 November at 10:00 …' -> '30 Kasım Pazartesi saat 10:00 (…)'."""
    if not text:
        return phrase("during_support_hours", language)
    if language_of(language) != "tr":
        return text
    if text.strip() == _NOBODY:
        return "bir temsilci müsait olur olmaz"
    match = _MOMENT.match(text.strip())
    if not match:
        return text
    if match[1] in ("today", "tomorrow"):
        day = "bugün" if match[1] == "today" else "yarın"
    else:
        weekday = _LONG_WEEKDAYS_TR.get(match[2], match[2])
        day = f"{match[3]} {_MONTHS_TR.get(match[4], match[4])} {weekday}"
    return f"{day} saat {match[5]} ({_ZONES_TR.get(match[6], match[6])} saati)"
