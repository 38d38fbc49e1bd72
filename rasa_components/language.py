"""Which language a customer's message is written in: Turkish ("tr"), English ("en"), or neither.

A pure function with no Rasa import, so the NLU component (`language_detector.py`, in Rasa's
Python 3.10) and the unit tests (in the app's venv) share it. It answers only when the message is
clearly one language: an order number, an email, "ok", "rtx 4070" or a button's payload say
nothing about the language, so the conversation keeps the one it has.

The evidence, word by word: letters only Turkish uses (ğ, ı, ş, İ; ç, ö, ü weigh less, other
languages have them), Turkish function words, question particles and common stems, also typed
without diacritics ("siparisim nerde", "iade nasil yapilir"), Turkish verb endings; against
English function words. Words with a digit or an @ (order numbers, emails, SKUs) are skipped.
The side with more evidence wins when it has at least `MIN_EVIDENCE` and leads by `MARGIN`.
"""

from __future__ import annotations

import re

TURKISH = "tr"
ENGLISH = "en"

MIN_EVIDENCE = 1.0
MARGIN = 1.0

# Letters only Turkish writes (among the shop's languages): a word with one is Turkish.
_STRONG_LETTERS = frozenset("ğış")
# Letters Turkish shares with German, French...: weaker evidence.
_WEAK_LETTERS = frozenset("çöü")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Whole words that are Turkish, with and without diacritics (stripped forms listed explicitly).
_TURKISH_WORDS = _words(
    """
    merhaba merhabalar selam selamlar slm mrb günaydın gunaydin iyi akşamlar aksamlar kolay gelsin
    teşekkür teşekkürler tesekkur tesekkurler teşekkürlar sağol sağolun sagol sagolun saol eyvallah
    evet hayır hayir yok var tamam tamamdır tamamdir peki olur olmaz lütfen lutfen rica ederim
    ve veya yada ile ama fakat ancak çünkü cunku için icin gibi kadar daha çok cok az hiç hic
    bu şu su bunu şunu sunu onu bunlar şunlar bana beni benim bende sana seni sizin size sizi siz
    biz bizim ben sen onlar hepsi hepsini tüm tum bütün butun şey sey bir iki üç uc
    ne neden niye nasıl nasil nerede nerde nereye nerden nereden hangi hangisi kaç kac kaçta kacta
    zaman ne zaman niçin nicin mı mi mu mü mısın misin musun müsün mısınız misiniz musunuz müsünüz
    miyim mıyım muyum müyüm değil degil değilim degilim
    şimdi simdi hemen bugün bugun yarın yarin dün dun hala hâlâ henüz henuz artık artik hala
    sipariş siparis siparişim siparisim siparişimi siparisimi siparişimin siparisimin
    ürün urun ürünü urunu ürünler urunler kargo kargom kargoya kargoda iade iptal ödeme odeme
    adet tane tedarik fatura faturam stok stokta stokda stoklar fiyat fiyatı fiyati indirim
    teslimat teslim
    müşteri musteri temsilci yetkili canlı canli destek yardım yardim yardımcı yardimci
    bildirim bildirimler haber güncelleme guncelleme numara numaram numarası numarasi
    posta kodu kodum
    ekran kartı karti işlemci islemci bellek bilgisayar dizüstü dizustu
    istiyorum istemiyorum isterim lazım lazim gerek gerekiyor bekliyorum bekleyeyim
    geldi gelmedi gelecek gelir gelmiyor ulaşmadı ulasmadi çıktı cikti gönderildi gonderildi
    nedir nelerdir midir mıdır mudur oldu olmadı olmadi olacak olabilir
    """
)
# Stems: a word starting with one is Turkish ("siparişlerim", "kargolandı", "iadesi").
_TURKISH_STEMS = (
    "sipari",
    "kargo",
    "iade",
    "iptal",
    "ödem",
    "odem",
    "ürün",
    "urun",
    "teslim",
    "teşekk",
    "tesekk",
    "yardım",
    "yardim",
    "müşter",
    "muster",
    "temsilc",
    "bildirim",
    "güncell",
    "guncell",
    "değiş",
    "degis",
    "gönder",
    "gonder",
    "ulaş",
    "ulas",
    "bekle",
    "öğren",
    "ogren",
    "fatura",
    "stokt",
    "yapıl",
    "yapil",
    "istiyor",
    "alabil",
    "yapabil",
    "öder",
    "oder",
)
# Verb endings and question particles glued to a word ("geliyor", "yapılır", "alabilir miyim").
_TURKISH_ENDING = re.compile(
    r"(?:[ıiuü]yor(?:um|uz|sun|sunuz|lar|du|muş|mus)?|m[ıiuü]s[ıiuü]n[ıiuü]z|[ıiuü]l[ıiuü]r"
    r"|[ıiuü]m[ıiuü]z|[ıiuü]n[ıiuü]z|mad[ıi]|med[ıi]|m[ae]d[ıi]m|ebilir|abilir|eceğim|acağım"
    r"|ecegim|acagim)$"
)
_ENGLISH_WORDS = _words(
    """
    the a an is are was were be been am i i'm im me my mine you your you're we our they their it
    it's its this that these those there here what where when why how who which whose
    do does did don't doesn't didn't can can't cannot could would will won't should shall
    have has had having not and or but if of to in on at for from with about by into than then
    please thanks thank thx hello hi hey bye goodbye yes yeah yep nope sure want need like
    order orders ordered my stock available shipped ship shipping delivery cancel refund return
    returns payment pay still yet already when's where's what's how's isn't aren't wasn't
    get got know tell let give send sent help person agent human someone anyone anything something
    just any some more much many one two all every again now today tomorrow soon long wait waiting
    back come came coming arrive arrived instead other similar swap change update updates notify
    sorry wrong number great good bad nice awesome perfect fine status check track talk bot stop
    cancelled canceled ready mistake address postcode hasn't haven't hasnt havent dont cant wont
    where's
    """
)
# Button payloads ("/greet", '/feedback{"rating": "5"}') are not words a customer wrote.
_PAYLOAD = re.compile(r"^\s*/\w")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NOT_WORDS = re.compile(r"[\d@/]")


def normalise(text: str) -> str:
    """Lower case the Turkish way for the dotted capital ("İADE" -> "iade"); the dotless capital
    I stays "i", since an English "I" is far more common in our chats than a capital "ı"."""
    return text.replace("İ", "i").replace("\u0307", "").lower()


def evidence(text: str) -> tuple[float, float]:
    """(Turkish, English) evidence in `text`."""
    turkish = english = 0.0
    words = (
        word
        for token in normalise(text).split()
        if not _NOT_WORDS.search(token)  # order numbers, emails, SKUs, links
        for word in _WORD.findall(token)
    )
    for word in words:
        letters = set(word)
        if letters & _STRONG_LETTERS:
            turkish += 2
        elif word in _TURKISH_WORDS or word.startswith(_TURKISH_STEMS):
            turkish += 1.5 if letters & _WEAK_LETTERS else 1
        elif word in _ENGLISH_WORDS:
            english += 1
        elif letters & _WEAK_LETTERS:
            turkish += 0.5
        elif len(word) > 4 and _TURKISH_ENDING.search(word):
            turkish += 1
    return turkish, english


def detect_language(text: str | None) -> str | None:
    """ "tr" or "en" when the message is clearly in that language, else None."""
    if not text or _PAYLOAD.match(text):
        return None
    turkish, english = evidence(text)
    if turkish >= MIN_EVIDENCE and turkish >= english + MARGIN:
        return TURKISH
    if english >= MIN_EVIDENCE and english >= turkish + MARGIN:
        return ENGLISH
    return None


# A customer asking for a language by name ("can we continue in English?", "türkçe yazabilir
# miyim", "speak turkish please"): that language, whatever the message is written in.
_ASKS_ENGLISH = re.compile(
    r"(?<!n't )(?<!not )\b(?:in|speak|speaking|continue|write|switch to|answer|reply|talk"
    r"|prefer)\s+(?:in\s+)?english\b"
    r"|\benglish,? (?:please|pls|plz)\b|\bdo you speak english\b|\benglish would be better\b"
    r"|\benglish\s*\?\s*$"
    r"|\bingilizce\s+(?:konu[şs]|yaz|devam|cevap|yan[ıi]t|olsun|l[üu]tfen|bilen|m[ıi]\b)",
    re.I,
)
_ASKS_TURKISH = re.compile(
    r"(?<!n't )(?<!not )\b(?:in|speak|speaking|continue|write|switch to|answer|reply|talk"
    r"|prefer)\s+(?:in\s+)?turkish\b"
    r"|\bturkish,? (?:please|pls|plz)\b|\bdo you speak turkish\b|\bturkish would be better\b"
    r"|\bturkish\s*\?\s*$"
    r"|\bt[üu]rk[çc]e\s+(?:konu[şs]|yaz|devam|cevap|yan[ıi]t|olsun|l[üu]tfen|bilen|m[ıi]\b|biliyor)",
    re.I,
)


def requested_language(text: str | None) -> str | None:
    """The language a message asks the bot to speak, by name; None when it names none."""
    if not text:
        return None
    english = _ASKS_ENGLISH.search(text) is not None
    turkish = _ASKS_TURKISH.search(text) is not None
    if english == turkish:
        return None
    return ENGLISH if english else TURKISH
