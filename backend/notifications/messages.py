"""The text of a notification, from the facts gathered in its outbox row, in the subscriber's
language (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backorder_common.wording import day, language_of

STOP_HINT = {
    "en": {
        "telegram": "To stop these updates, send /stop.",
        "web": 'To stop these updates, write "stop the updates" in the chat on our support page.',
    },
    "tr": {
        "telegram": "Bu bildirimleri artık almak istemezseniz /stop yazıp gönderebilirsiniz.",
        "web": "Bu bildirimleri artık almak istemezseniz destek sayfamızdaki sohbete"
        ' "bildirimleri durdur" yazabilirsiniz.',
    },
}
SUBJECTS = {
    "en": {"order_update": "An update on your order", "back_in_stock": "Back in stock"},
    "tr": {
        "order_update": "Siparişinizle ilgili güncelleme",
        "back_in_stock": "Ürün yeniden stokta",
    },
}


def merge_line_facts(facts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One fact per line: its latest news, a chain of date moves told as first -> last."""
    merged: dict[int, dict[str, Any]] = {}
    for fact in facts:
        previous = merged.get(fact["line_no"])
        if previous and previous["event"] == "restock_moved" and fact["event"] == "restock_moved":
            fact = {**fact, "old_date": previous["old_date"]}
        merged[fact["line_no"]] = fact
    return [
        merged[line_no]
        for line_no in sorted(merged)
        if not (
            merged[line_no]["event"] == "restock_moved"
            and merged[line_no]["old_date"] == merged[line_no]["new_date"]
        )
    ]


def line_sentence(fact: dict[str, Any], language: str = "en") -> str:
    if language_of(language) == "tr":
        return _line_sentence_tr(fact)
    name, event = fact["name"], fact["event"]
    old, new = fact.get("old_date"), fact.get("new_date")
    if event == "ready":
        return f"{name}: in stock now and set aside for you; it will ship shortly."
    if event == "shipped":
        return f"{name}: on its way, it has shipped."
    if event == "cancelled":
        return f"{name}: cancelled; you won't be charged for it."
    if old and new:
        direction = "earlier" if new < old else "later"
        return f"{name}: the restock date moved {direction}, from {day(old)} to {day(new)}."
    if new:
        return f"{name}: the supplier has confirmed a delivery; restock expected {day(new)}."
    return (
        f"{name}: the supplier's delivery date is no longer confirmed; we'll tell you as"
        " soon as there is a new one."
    )


def _line_sentence_tr(fact: dict[str, Any]) -> str:
    name, event = fact["name"], fact["event"]
    old, new = fact.get("old_date"), fact.get("new_date")
    if event == "ready":
        return f"{name}: stoğa girdi ve sizin için ayrıldı; kısa süre içinde kargoya verilecek."
    if event == "shipped":
        return f"{name}: kargoya verildi, size doğru yola çıktı."
    if event == "cancelled":
        return f"{name}: iptal edildi; bu ürün için sizden ücret alınmayacak."
    if old and new:
        moved = "öne alındı" if new < old else "ertelendi"
        return (
            f"{name}: stok tarihi {moved}; ürünün {day(old, 'tr')} yerine {day(new, 'tr')}"
            " günü stoğa girmesi bekleniyor."
        )
    if new:
        return (
            f"{name}: tedarikçi teslimatı onayladı; ürünün {day(new, 'tr')} günü stoğa"
            " girmesi bekleniyor."
        )
    return (
        f"{name}: tedarikçinin teslimat tarihi artık kesin değil; yeni tarih belli olur olmaz"
        " size haber vereceğiz."
    )


def order_update_text(
    order_number: str, facts: Sequence[dict[str, Any]], channel: str, language: str = "en"
) -> str:
    lang = language_of(language)
    lines = [line_sentence(fact, lang) for fact in merge_line_facts(facts)]
    if not lines:
        return ""
    body = "\n".join(f"• {line}" for line in lines)
    if lang == "tr":
        head = f"{order_number} numaralı siparişinizle ilgili güncelleme:"
    else:
        head = f"Update on your order {order_number}:"
    return f"{head}\n{body}\n{STOP_HINT[lang][channel]}"


def back_in_stock_text(name: str, available: int, language: str = "en") -> str:
    if language_of(language) == "tr":
        return (
            f"Güzel haber: {name} yeniden stokta (şu anda {available} adet mevcut)."
            " Stok, sipariş sırasına göre ayrılıyor; ürünü hâlâ istiyorsanız siparişinizi"
            " erken vermenizi öneririz. Bu ürün için size yalnızca bu bildirimi gönderiyoruz."
        )
    units = "1 unit" if available == 1 else f"{available} units"
    return (
        f"Good news: {name} is back in stock ({units} free right now). Stock goes first come,"
        " first served, so order soon if you still want it. This was a one-time alert for"
        " this product."
    )


def subject(kind: str, language: str = "en") -> str:
    """An email's subject line for a notification of `kind`."""
    return SUBJECTS[language_of(language)].get(
        kind, SUBJECTS[language_of(language)]["order_update"]
    )
