"""The gateway's own words, in each language the shop answers in (en, tr).

The bot's replies are Rasa's responses (domain.yml); these are the few lines the gateway says
itself: an apology when Rasa fails, Telegram's /stop, and the lines around a handoff (waiting,
an agent joined or left, the way back to the bot). Every key has a text in every language; a
test holds them to it.
"""

from __future__ import annotations

from backorder_common.wording import language_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "apology": "Sorry, I'm having trouble right now. Please try again in a minute.",
        "resumed": "Your request for an agent is no longer open, so I'm answering again.",
        "choose": "Please choose:",
        "stopped": (
            "Done: you won't get any more updates about your orders from me. "
            "Ask me again any time, or send /start to begin."
        ),
        "stop_failed": (
            "Sorry, I couldn't stop your updates just now. Please send /stop again in a minute."
        ),
        "waiting_ack": (
            "Thanks, your message is with our support team; an agent will answer here."
        ),
        "agent_joined": "{agent} from our support team has joined the chat.",
        "agent_left": (
            "{agent} has passed your chat back to the support queue; the next agent free will"
            " answer here."
        ),
        "agent_says": "{agent} (support): {text}",
        "back_to_bot": "Back to the bot",
        # What the customer reads when an agent changes their order from the console.
        "agent_cancelled": (
            "{agent} cancelled line {line_no} of your order {order_number} ({quantity} × {name})."
        ),
        "agent_swapped": (
            "{agent} changed line {line_no} of your order {order_number} to {name} ({state});"
            " {difference}."
        ),
        "agent_subscribed": (
            "{agent} signed you up for updates on order {order_number}: you will hear {where}"
            " when its dates move or it ships."
        ),
        "here": "here",
        "at_address": "at {address}",
        "state_ready": "ready to ship",
        "state_backordered": "back-ordered",
        "state_shipped": "shipped",
    },
    "tr": {
        "apology": "Üzgünüm, şu anda bir sorun yaşıyorum. Lütfen bir dakika sonra tekrar deneyin.",
        "resumed": (
            "Temsilci talebiniz artık açık olmadığı için sorularınızı yeniden ben yanıtlıyorum."
        ),
        "choose": "Lütfen bir seçenek belirleyin:",
        "stopped": (
            "Tamamdır, siparişlerinizle ilgili artık benden bildirim almayacaksınız. "
            "İstediğiniz zaman yeniden sorabilir ya da baştan başlamak için /start"
            " gönderebilirsiniz."
        ),
        "stop_failed": (
            "Üzgünüm, bildirimlerinizi şu anda durduramadım. Lütfen bir dakika sonra /stop"
            " komutunu yeniden gönderin."
        ),
        "waiting_ack": (
            "Teşekkürler, mesajınız destek ekibimize iletildi; bir temsilcimiz size buradan"
            " yanıt verecek."
        ),
        "agent_joined": "Destek ekibimizden {agent} sohbete katıldı.",
        "agent_left": (
            "{agent} sohbetinizi destek kuyruğuna geri aktardı; ilk müsait temsilcimiz size"
            " buradan yanıt verecek."
        ),
        "agent_says": "{agent} (destek): {text}",
        "back_to_bot": "Bota geri dön",  # as on the bot's own buttons
        "agent_cancelled": (
            "{agent}, {order_number} numaralı siparişinizdeki {line_no}. ürünü ({quantity} ×"
            " {name}) iptal etti."
        ),
        "agent_swapped": (
            "{agent}, {order_number} numaralı siparişinizdeki {line_no}. ürünü {name} ile"
            " değiştirdi ({state}); {difference}."
        ),
        "agent_subscribed": (
            "{agent}, {order_number} numaralı siparişinizle ilgili bildirimler için kaydınızı"
            " yaptı: tarihler değiştiğinde ya da siparişiniz kargoya verildiğinde {where} haber"
            " alacaksınız."
        ),
        "here": "buradan",
        "at_address": "{address} adresinden",
        "state_ready": "kargoya hazır",
        "state_backordered": "tedarik bekleniyor",
        "state_shipped": "kargoda",
    },
}


def say(key: str, language: object = None, **values: str) -> str:
    """The gateway's line `key` in `language` ('tr', 'tr-TR'; anything else: English)."""
    text = WORDS[language_of(language)][key]
    return text.format(**values) if values else text
