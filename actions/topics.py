"""What a message asks about, by its words: one fact of a policy, or a request with no operation.

The FAQ answers are whole policies (returns, payment, shipping...). A customer who asks one
thing ("do I pay for the return shipping?", "can I pay in instalments?") should get that thing,
not the paragraph, and one who asks three things in one message ("do you ship to Germany, do I
pay customs, and can I pay in instalments?") should get three answers. Each `Topic` here is one
such thing: the response that answers it (a sentence of a policy, `utter_fact_*`, or an honest
limit, `utter_limit_*`: "I can't reserve a product", with what the customer can do) and the words
that ask about it, in English and Turkish.

`asked_topics` gives the responses a message asks for, in the order it asks; the FAQ answer, the
out-of-scope answer and the fallback use them (actions/faq.py, actions/conversation.py) before
their own general answer, and the order status adds them after the order ("where is my order,
and can I pay in instalments?"). Nothing here is a fact of an order or a product: those come
from the backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import said_last_turn, said_lately


@dataclass(frozen=True)
class Topic:
    response: str
    words: re.Pattern[str]
    # Words the whole message must also have ("is it free?" is about shipping only beside it).
    context: re.Pattern[str] | None = None


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Policies, one fact each (the sentences of the FAQ answers in domain.yml, on their own).
FACTS = (
    Topic(
        # "what do you mean the kingstons already shipped?" after "cancel everything that hasn't
        # shipped?": those left already; returned, not cancelled.
        "utter_fact_shipped_cant_cancel",
        _words(
            r"\bwhat do (?:you|u) mean\b[^.?!]{0,50}\b(?:shipped|sent|left|gone)\b",
            r"\bne demek\b[^.?!]{0,40}\bkargo\w*",
            r"\bkargo\w*\b[^.?!]{0,40}\bne demek\b",
        ),
    ),
    Topic(
        # "will the ram still go to the old address?", "monitör eski adrese mi gidecek": yes,
        # unless the team changes it before it ships.
        "utter_fact_old_address",
        _words(
            r"\b(?:old|previous|former|current) address\b",
            r"\beski adres\w*",
        ),
    ),
    Topic(
        # "4060 ti'lar gelince bana ayırır mısınız", "can you hold them for me when they arrive":
        # the queue already does (first come, first served), no reservation needed.
        "utter_fact_queue_holds",
        _words(
            r"\b(?:reserve|hold|keep|save|set aside|put aside|ay[ıi]r\w*)\b[^.?!]{0,40}"
            r"\b(?:when (?:they|it|the \w+(?: \w+)?) (?:arrives?|comes? in|gets? here|come)"
            r"|gelince|geldi[ğg]inde)\b",
            r"\b(?:when (?:they|it|the \w+(?: \w+)?) (?:arrives?|comes? in|gets? here|come)"
            r"|gelince|geldi[ğg]inde)\b[^.?!]{0,40}\b(?:reserve|hold|keep|save|set aside"
            r"|put aside|ay[ıi]r\w*)",
            r"\bba[şs]kas[ıi]na sat[ıi]lmas[ıi]n\b",
            r"\bdon'?t (?:sell|give) (?:it|them|mine) to (?:anyone|someone|somebody) else\b",
        ),
    ),
    Topic(
        # "do you ship on weekends", "cumartesi kargo çıkıyor mu": business days only.
        "utter_fact_weekend",
        _words(
            r"\b(?:ship|send|deliver|dispatch)\w*\b[^.?!]{0,25}\b(?:on |at |over )?(?:the )?"
            r"(?:weekends?|saturdays?|sundays?)\b",
            r"\b(?:weekends?|saturdays?|sundays?)\b[^.?!]{0,20}\b(?:shipping|deliver\w*|dispatch)",
            r"\b(?:hafta ?sonu|cumartesi|pazar)\w*\b[^.?!]{0,20}\b(?:kargo\w*|teslim\w*"
            r"|g[öo]nder\w*)",
        ),
    ),
    Topic(
        # "how do i order then", "where can I buy it", "nasıl sipariş veririm": on the website.
        "utter_fact_how_to_order",
        _words(
            r"\bhow (?:do|can|would|should) (?:i|we) (?:order|buy|purchase) (?:it|one|them"
            r"|that|this|then)\b",
            r"\bhow (?:do|can) (?:i|we) (?:place an? |make an? )?order\b(?! (?:number|status))",
            r"\bwhere (?:do|can) (?:i|we) (?:order|buy|purchase)\b",
            r"\bnas[ıi]l (?:sipari[şs] (?:ver|verebilir|veririm)|sat[ıi]n al)\w*",
        ),
    ),
    Topic(
        "utter_fact_instalments",
        _words(r"\binstal+ments?\b", r"\btaksit\w*", r"\bpay (?:it )?(?:in|over) (?:parts|months)"),
    ),
    Topic(
        # "is my payment received? i paid by bank transfer yesterday", "did you get my money":
        # a payment the bot can't see (set BF #42 and BI got the payment methods).
        "utter_limit_payment_problem",
        _words(
            r"\b(?:transfer|havale|eft)\b[^.?!]{0,25}\b(?:received|arrived"
            r"|gone through|went through|come through|come in|reached you)\b",
            r"\bis my (?:payment|money) (?:received|arrived|through)\b",
            # (A bank transfer: "did you receive the payment?" alone is when cards are charged.)
            r"\b(?:paid|sent|pay|send)\b[^.?!]{0,10}\b(?:bank )?transfer\b[^?]{0,40}\b(?:receiv"
            r"|get|got|arriv)\w*",
            r"\bdid you (?:get|receive) (?:my |the )?transfer\b",
            r"\b[öo]deme\w* (?:ula[şs]t[ıi]|ge[çc]ti|al[ıi]nd[ıi])\w*",
        ),
    ),
    Topic(
        "utter_fact_cash_or_crypto",
        _words(
            r"\bcash on delivery\b",
            r"\bpay (?:in |with )?cash\b",
            # (Not "mining crypto with my two 7900 XTX?": a paying word goes with it.)
            r"\b(?:pay\w*|accept\w*|take|with|in|by|via)\b[^.?!]{0,20}\b(?:crypto|bitcoin)\w*"
            r"(?<!mining crypto)",
            r"\b(?:crypto|bitcoin)\w*[^.?!]{0,20}\b(?:pay\w*|accept\w*|ok|possible)\b",
            r"\bkap[ıi]da [öo]deme\w*",
            r"\bnakit\b",
        ),
    ),
    Topic("utter_fact_no_paypal", _words(r"\bpay ?pal\b")),
    Topic(
        # "do i need to do anything for the refund": nothing, it comes back by itself.
        "utter_fact_refund_automatic",
        _words(
            r"\b(?:do|should|must|will) i (?:need to |have to )?do anything\b[^.?!]{0,30}"
            r"\b(?:refund\w*|money)",
            r"\b(?:is|will) the refund (?:be )?automatic\w*",
            r"\biade\w*\b[^.?!]{0,30}\bbir [şs]ey yapmam\w*",
        ),
    ),
    Topic(
        "utter_fact_refund_time",
        _words(
            # (Not "how many days do I have and do you refund the full price?": the days to
            # return it, set BQ #38.)
            r"\bhow (?:long|many days|soon)\b(?![^.?!]{0,10}\bdo i have\b)[^.?!]{0,40}"
            r"\b(?:refund\w*|money (?:is |be )?back)\b",
            r"\bhow (?:long|soon)\b[^.?!]{0,20}\bmoney\b[^.?!]{0,40}\bback\b",
            r"\bwhen (?:do|will|would) i (?:get|see|receive) (?:my |the )?(?:money|refund)\b",
            r"\bwhen (?:will|does|would|do) (?:the |my |that |it |they )?[\w.,€]{0,12} ?"
            r"(?:be |get )?refund\w*",  # "when will the 999 be refunded"
            r"\b(?:to|on|back (?:to|on)) (?:the |my )?(?:same|original) (?:card|account|payment)\b",
            r"\b(?:same|original) (?:card|account|payment method)\b\W*$",  # "to the same card?"
            r"\bayn[ıi] kart\w*",
            r"\bstore credit\b|\bvoucher\b|\bgift card\b",
            # "did i get refunded?", "have you refunded me yet"
            r"\b(?:did|have|has) (?:i|you|it|my money)\b[^.?!]{0,15}\brefund\w*",
            r"\brefunded (?:yet|already)\b",
            r"\b(?:get|have) (?:my |the |our )?money back (?:to|on|in)\b",
            r"\brefund\w*\b[^.?!]{0,20}\b(?:take|takes|arrive|show up|how long|how many days)\b",
            # ("iade etmek istersem kaç gün içinde" asks the return window, not the refund.)
            r"\biade(?!\s+s[üu]re)(?!\s+etmek ister)(?!\s+edebilir)\w*\b[^.?!]{0,25}"
            r"\b(?:ne zaman|ka[çc] g[üu]n|ne kadar s[üu]re)\w*(?! i[çc]inde)",
            r"\bpara\w*\b[^.?!]{0,25}\b(?:ne zaman|ka[çc] g[üu]n)\w*",
            r"\bne zaman\b[^.?!]{0,20}\biade\w*",
        ),
    ),
    Topic(
        "utter_fact_payment_methods",
        _words(
            r"\b(?:visa|mastercard|amex|american express)\b",
            r"\bbank transfer\b",
            r"\b(?:which|what) (?:payment|cards?)\b",
            r"\bpayment (?:methods?|options?)\b",
            r"\b(?:do you )?(?:accept|take) (?:credit |debit )?cards?\b",
            r"\bhavale\b",
            r"\beft\b",
            r"\b[öo]deme (?:y[öo]ntem|se[çc]enek)\w*",
        ),
    ),
    Topic(
        "utter_fact_vat",
        _words(r"\bvat\b", r"\bkdv\b", r"\b(?:tax|taxes) included\b", r"\bincluding tax\b"),
    ),
    Topic(
        "utter_fact_charged_now",
        _words(
            r"\b(?:charg|bill|debit)\w*\b[^.?!]{0,40}\b(?:now|already|right away|immediately"
            r"|up ?front|before (?:it )?ships?|at once|full amount|when (?:it )?ships?)\b",
            r"\b(?:take|took|taken)\b[^.?!]{0,15}\bmoney\b[^.?!]{0,25}\b(?:now|already|right away"
            r"|immediately|up ?front|before)\b",
            r"\b(?:was|is|has) (?:the )?(?:full |whole )?(?:amount|money|payment)\b[^.?!]{0,20}"
            r"\b(?:taken|charged|deducted|gone)\b",
            r"\bwhen (?:am i|will i be|do you|does it get) (?:charg|bill)\w*",
            # "Did you receive the payment?", "did my payment go through?"
            r"\b(?:did|have) you (?:receive|get|got)\b[^.?!]{0,15}\b(?:payment|money|transfer)\b",
            r"\bdid my (?:payment|transfer|card payment) go through\b",
            r"\b(?:has|have) (?:my card|i) been charged\b",
            r"\balready (?:been )?(?:charg|bill|debit)\w*",
            r"\bpay (?:now|already|up ?front) (?:or|for)\b",
            r"\bpara\w*\b[^.?!]{0,25}\b(?:[çc]ekil\w*|al[ıi]nd[ıi]|tahsil\w*)",
            r"\b[çc]ekim\w* (?:ne zaman|yap[ıi]ld[ıi])",
        ),
    ),
    Topic(
        "utter_fact_price_lock",
        _words(
            r"\bprice\w*\b[^.?!]{0,20}\b(?:drops?|goes? (?:down|up)|chang\w*|increas\w*|rises?"
            r"|lower\w*|higher)\b",
            r"\bprice protection\b",
            r"\bfiyat\w*\b[^.?!]{0,20}\b(?:d[üu][şs]\w*|de[ğg]i[şs]\w*|art\w*|y[üu]ksel\w*)",
        ),
    ),
    Topic(
        "utter_fact_cancel_refund",
        _words(
            r"\bcancel\w*\b[^.?!]{0,40}\b(?:money back|refund\w*|get (?:my |the )?money)\b",
            r"\biptal\w*\b[^.?!]{0,40}\b(?:para\w*|iade\w*)",
        ),
    ),
    Topic(
        # Before the return window: a licence key's return is the support team's call.
        "utter_limit_licence_return",
        _words(
            # (Not "if i cancel the licence, when is the refund": that refund is a fact.)
            # ("refunds on software if I don't activate it?", "I bought 2x ESET ... can I return
            # one of them?")
            r"^(?!.*\b(?:cancel|iptal))(?=.*\b(?:licen[cs]e|key|lisans|anahtar|software"
            r"|yaz[ıi]l[ıi]m|eset|windows 1\d|office|adobe|creative cloud|jetbrains"
            r"|microsoft 365)\w*)"
            r"(?=.*\b(?:return|iade|refund|send (?:it |them )?back|take (?:\w+ )?back)\w*)",
        ),
    ),
    Topic(
        # "can you start the return for me", "iadeyi siz başlatır mısınız": done on the website.
        "utter_limit_start_return",
        _words(
            r"\b(?:can|could|would|will) (?:you|u) (?:please |pls |just )?(?:start|open|begin"
            r"|process|arrange|initiate|do|file|make|handle) (?:the|a|my|this) return\b",
            r"\b(?:start|open|begin|process|arrange|initiate|file|make) (?:the|a|my|this) return"
            r" (?:for me|on my behalf)\b",
            r"\biade\w* (?:siz )?(?:ba[şs]lat|a[çc]|olu[şs]tur)\w* m[ıi]s[ıi]n[ıi]z\b",
        ),
    ),
    Topic(
        # "it's opened but not used. still ok?", "açılmış kutu iade edilebilir mi".
        "utter_fact_return_opened",
        _words(
            r"\bopen(?:ed)?\b[^.?!]{0,30}\b(?:not used|unused|never used|used once|still ok"
            r"|return\w*|send (?:it |them )?back)\b",
            r"\b(?:return|send (?:it |them )?back)\w*\b[^.?!]{0,30}\b(?:opened|open box"
            r"|if i open\w*)\b",
            # "if i open an ssd and it's not what i wanted can i still return it?"
            r"\bif (?:i|we) open\w*\b[^.?!]{0,60}\b(?:return|send (?:it |them )?back)\w*",
            # "does it have to be unopened? I already opened both boxes"
            r"\b(?:have|need|has|needs) to be (?:unopened|sealed|in the sealed)\b",
            r"\b(?:i|we) (?:already |just )?opened (?:it|them|the box\w*|both|the package)\b",
            # "what if the product is opened" after the return period (set BJ #9).
            r"\bwhat if (?:it|they|the (?:product|item|box|package|thing)s?|i|we)"
            r"(?:'s| is| are| was| were| have| has)?(?: been| already)? open(?:ed)?\b",
            r"\ba[çc][ıi]lm[ıi][şs] (?:kutu\w*|[üu]r[üu]n\w*)\b[^.?!]{0,30}\biade\w*",
            r"\bkutu\w* a[çc][ıi]ld[ıi]\w*",
        ),
    ),
    Topic(
        # "do you pick it up or do I send it": returns go by post, with the free label.
        "utter_fact_return_how",
        _words(
            r"\b(?:pick|collect)\w* (?:it|them) up\b[^.?!]{0,30}\b(?:send|post|ship)\w*",
            r"\b(?:send|post|ship)\w* (?:it|them)\b[^.?!]{0,30}\b(?:pick|collect)\w*"
            r" (?:it|them) up\b",
            r"\b(?:courier|you) (?:pick|collect)\w*\b[^.?!]{0,30}\breturn\w*",
        ),
    ),
    Topic(
        "utter_fact_return_window",
        _words(
            r"\bhow (?:long|many days) do i have\b(?! to (?:wait|pay|cancel))",
            # "how much time do I have and is there a restocking fee"
            r"\bhow much time do i have\b(?! to (?:wait|pay|cancel))",
            r"\b(?:want|like|need|going) to return\b",
            r"\biade etmek istiyorum\b",
            r"\bhow (?:long|many days)\b[^.?!]{0,30}\b(?:return|send (?:it |them )?back)\b",
            r"\breturn (?:window|period)\b",
            # "does it have to be in the original box? I threw one away"
            r"\b(?:original|orijinal) (?:box|packaging|kutu\w*|ambalaj\w*)",
            r"\bdays? (?:do i have )?to return\b",
            r"\b(?:can|could) i (?:still )?return\b",
            r"\bunopened\b",
            r"\bstill (?:sealed|in (?:the|its) box)\b",
            r"\biade s[üu]re\w*",
            r"\bhow (?:do|can|would|should) i (?:return|send (?:it|them|\w+(?: \w+)?) back)\b",
            r"\bhow (?:do|can|would|should) i send back\b",
            # "what do i do now? do i send it back?"
            r"\b(?:do|should|shall|must) (?:i|we) (?:just )?send (?:it|them|this) back\b",
            # "can i send it back? how does the return work"
            r"\b(?:can|could) (?:i|we) send (?:it|them|one|(?:the |my |those )?\w+)(?: too)?"
            r" back\b",
            r"\bhow (?:does|do|will) (?:the |a )?returns? (?:work|process)\w*",
            r"\breturn process\b",
            r"\biade edebilir miyim\b",
            r"\b(?:start|begin|open|make) (?:a|the|my) return\b",
            r"\bka[çc] g[üu]n i[çc]inde iade\b",
            r"\biade (?:etmek ister|edebil)\w*\b[^.?!]{0,30}\bka[çc] g[üu]n\w*",
            r"\ba[çc][ıi]lmam[ıi][şs]\w*",
        ),
    ),
    Topic(
        # "do you refund the full price?", "tam para iadesi mi": all of it comes back.
        "utter_fact_refund_full",
        _words(
            r"\b(?:full|whole|entire) (?:refund|price|amount)\b",
            r"\brefund\w* (?:me )?(?:the |my )?(?:full|whole|entire)\b",
            r"\b(?:all|everything) (?:of )?(?:my|the) money back\b",
            r"\btam (?:iade|para|[üu]cret)\w*|\bparan[ıi]n tamam[ıi]\w*|\btamam[ıi] iade\w*",
        ),
    ),
    Topic(
        "utter_fact_return_cost",
        _words(
            r"\b(?:who|do i|will i|would i|must i|have to|need to)\b(?:(?!\band\b)[^.?!]){0,15}"
            r"\bpay\w*"
            r"[^.?!]{0,30}\b(?:return\w*|send\w* (?:it |them )?back|ship\w* (?:it |them )?back)\b",
            r"\breturn (?:shipping|postage|label|costs?|fees?)\b",
            # "is there a restocking fee"
            r"\brestocking (?:fee|charge|cost)s?\b",
            # "do you pay the shipping back?"
            r"\b(?:pay|cover|refund)\w*\b[^.?!]{0,20}\b(?:shipping|postage)\b[^.?!]{0,10}\bback\b",
            r"\bfree returns?\b",
            r"\biade kargo\w*",
            r"\biade\w*\b[^.?!]{0,25}\b(?:[üu]cret\w*|paras[ıi]|masraf\w*)",
            # "kargo ücretini kim ödüyor iadede"
            r"\b(?:kargo\w*|[üu]cret\w*|masraf\w*)\b[^.?!]{0,30}\biade\w*",
        ),
    ),
    Topic(
        # "it's unopened. how many days do i have and who pays shipping": a return's postage.
        "utter_fact_return_cost",
        _words(r"\bwho (?:pays?|covers?) (?:for )?(?:the )?(?:shipping|postage|courier)\b"),
        context=_words(r"\breturn\w*|\bunopened\b|\bsend (?:it |them )?back\b|\biade\w*"),
    ),
    Topic(
        # "how does the return work, do I pay shipping?": the return's postage.
        "utter_fact_return_cost",
        _words(
            r"\b(?:do|will|would|must) (?:i|we) (?:have to )?pay (?:for )?(?:the )?"
            r"(?:shipping|postage)\b",
            r"\bwho pays\b[^.?!]{0,20}\b(?:shipping|postage|kargo\w*)",
            # "is shipping free for returns?", "free postage?", "what does shipping cost"
            r"\b(?:shipping|postage|kargo)\b[^.?!]{0,12}\b(?:free|cost\w*|fee\w*|[üu]cret\w*)",
            r"\bfree (?:shipping|postage)\b",
        ),
        context=_words(r"\breturn\w*", r"\biade\w*", r"\bsend (?:it|them|\w+) back\b"),
    ),
    Topic(
        "utter_fact_warranty",
        _words(
            r"\bwarrant\w*",
            # "what is your policy on defective monitors"
            r"\b(?:policy|policies|rules?)\b[^.?!]{0,20}\b(?:defective|faulty|broken|dead pixels?"
            r"|dead|doa)\b",
            r"\bgaranti\w*",
            r"\bif (?:it|one|they) (?:breaks?|dies|fails?|stops? working)\b",
            r"\bbozulursa\b",
        ),
    ),
    Topic(
        "utter_fact_split_free",
        _words(
            r"\b(?:pay|charg\w*|cost\w*)\b[^.?!]{0,30}\b(?:twice|two times|again|second time"
            r"|extra|more)\b[^.?!]{0,30}\b(?:ship\w*|deliver\w*|split|parcel\w*)",
            r"\b(?:ship\w*|deliver\w*) (?:fee |cost )?twice\b",
            # "do i pay shipping again", "is shipping charged twice"
            r"\b(?:pay|charg\w*)\b[^.?!]{0,10}\b(?:ship\w*|deliver\w*|postage)\b[^.?!]{0,10}"
            r"\b(?:again|twice|extra)\b",
            r"\b(?:ship\w*|deliver\w*|postage)\b[^.?!]{0,10}\bcharg\w* (?:again|twice)\b",
            r"\biki (?:kez|kere|defa) kargo\w*",
        ),
    ),
    Topic(
        "utter_fact_shipping_cost",
        _words(
            r"\b(?:shipping|delivery|postage|cargo|kargo) (?:costs?|fees?|price|charges?"
            r"|[üu]cret\w*|paras[ıi]|bedava\w*)\b",
            r"\bfree (?:shipping|delivery)\b",
            r"\bis (?:shipping|delivery) free\b",
            # "is shipping to ankara free?"
            r"\bis (?:the )?(?:shipping|delivery)\b[^.?!]{1,25}\bfree\b",
            r"\bhow much (?:is|for|does) (?:the )?(?:shipping|delivery)\b",
            r"\b[üu]cretsiz kargo\b",
        ),
    ),
    Topic(
        "utter_fact_shipping_cost",
        _words(r"\b(?:and |, ?)?is (?:it|that|delivery|shipping) free\b(?!\s+(?:to|of))"),
        context=_words(r"\bshipping\b", r"\bdeliver\w*", r"\bkargo\w*", r"\bship to\b"),
    ),
    Topic(
        # "do you ship to Ankara and how much": the delivery, and its cost.
        "utter_fact_shipping_cost",
        _words(r"(?<=and )how much\b(?=\s*(?:[,.?!]|$))", r"(?<=, )how much\b(?=\s*(?:[,.?!]|$))"),
        context=_words(
            r"\bship\w*\b[^.?!,]{0,25}\b(?:and|,) how much\b",
            # "do you ship to ankara? how long does it take and how much"
            r"\bship\w*\b[^.]{0,40}\bhow long\b[^.?!]{0,30}\band how much\b",
        ),
    ),
    Topic(
        "utter_fact_delivery_time",
        _words(
            r"\bhow long (?:does|will|would) (?:it|the delivery|delivery|shipping|the shipping)"
            r" take\b",
            r"\bdelivery (?:time|takes?)\b",
            r"\bhow long\b[^.?!]{0,30}\b(?:shipping|delivery)\b[^.?!]{0,20}\btake\b",
            r"\b(?:ship|deliver)\w* to (?:izmir|ankara|antalya|bursa|adana|istanbul|trabzon"
            r"|konya|eski[şs]ehir|kayseri|[çc]anakkale|my city|all of turkey)\b",
            r"\bteslimat s[üu]re\w*",
            # "do you ship outside Istanbul?", "Ankara'ya gönderiyor musunuz": all of Turkey.
            r"\b(?:ship|deliver|send)\w* (?:outside|beyond|out of) (?:of )?(?:istanbul|the city)\b",
            r"\b(?:ship|deliver|send)\w* (?:all over|across|anywhere in|everywhere in) turkey\b",
            r"\bistanbul d[ıi][şs][ıi]na\b",
            r"\bka[çc] g[üu]nde (?:gelir|teslim|elime)\w*",
            r"\b(?:ship|deliver|send)\w*\b[^.?!]{0,25}\b(?:abroad|internationally|overseas"
            r"|outside (?:of )?turkey|to (?:germany|europe|the eu|eu|france|the netherlands"
            r"|holland|austria|italy|spain|belgium|poland|greece|bulgaria|cyprus|munich"
            r"|berlin|amsterdam|paris|vienna))\b",
            r"\b(?:international|eu|europe\w*) (?:shipping|delivery)\b",
            r"\byurt ?d[ıi][şs][ıi]\w*",
            r"\bavrupa\w*",
            r"\balmanya\w*",
        ),
    ),
    Topic(
        # "what's your normal dispatch time", "when do you usually ship".
        "utter_fact_dispatch_time",
        _words(
            r"\b(?:dispatch|handling|processing) (?:time|times|period)\b",
            r"\bwhen do you (?:usually |normally )?(?:ship|dispatch|send (?:out|orders))\b",
            r"\bhow (?:long|soon|quickly) (?:do|does) (?:you|it) (?:usually |normally )?take to"
            r" (?:ship|dispatch)\b",
            r"\bkargoya (?:verme|verilme) s[üu]re\w*",
            r"\bka[çc] g[üu]n(?:de|[üu]n i[çc]inde) kargoya\b",
        ),
    ),
    Topic(
        "utter_fact_licence_delivery",
        _words(
            r"\b(?:licen[cs]e|key|software|windows|office|eset|jetbrains|microsoft 365|adobe"
            r"|creative cloud|lisans)\w*"
            r"\b[^.?!]{0,40}\b(?:download\w*|physical|box(?:ed)?|dvd|by e-?mail|digital\w*"
            r"|sent|deliver\w*|ship\w*|e-?posta\w*|kutu\w*)\b",
            r"\b(?:e-?mail|by mail) or (?:a |in a )?(?:box|parcel|post)\b",
            r"\bsend (?:me )?the (?:licen[cs]e )?(?:key|code) (?:here|in (?:the )?chat)\b",
            r"\b(?:download\w*|physical|box(?:ed)?|digital)\b[^.?!]{0,30}"
            r"\b(?:licen[cs]e|key|copy|version|lisans)\w*",
            r"\bhow (?:do|will) i (?:actually |even )?(?:get|receive) (?:the |my )?"
            r"(?:keys?|licen[cs]es?)\b",
            r"\b(?:get|receive)\b[^.?!]{0,10}\b(?:the |my )?(?:licen[cs]e |product )?key\b",
        ),
    ),
    Topic(
        "utter_fact_stop_notifications",
        _words(
            r"\b(?:turn|switch|shut) (?:it|that|them|this|those) off\b",
            r"\b(?:turn|switch) off (?:the |my )?(?:notifications|alerts|updates|messages)\b",
            r"\bhow (?:do|can|would) i (?:stop|unsubscribe|cancel) (?:the |them|it|those|these)?"
            r" ?(?:notifications|alerts|updates|messages)?\b[^.?!]{0,15}\blater\b",
            r"\bbildirim\w* (?:nas[ıi]l )?(?:kapat|durdur|iptal)\w*",
        ),
    ),
    Topic(
        "utter_fact_cancel_fee",
        _words(
            r"\bcancel\w*\b[^.?!]{0,20}\b(?:fees?|charges?|costs?|penalt\w*|free of charge)\b",
            r"\b(?:fees?|charges?|penalt\w*|cost) (?:to|for) cancel\w*",
            r"\b(?:cancel\w*) (?:for )?free\b",
            r"\bfree to cancel\b",
            # "if something is back-ordered can I cancel it later?": yes, free, before it ships.
            r"\b(?:can|could) i (?:still )?cancel (?:it|them|that|the order|an item)? ?later\b",
            r"\b(?:back-?ordered|waiting)\b[^.?!]{0,30}\bcan i (?:still )?cancel\b",
            r"\bsonra(?:dan)? iptal ed(?:ebilir|ilebilir)\w*",
            r"\biptal\w*\b[^.?!]{0,20}\b(?:[üu]cret\w*|bedel\w*|masraf\w*|kesinti\w*)",
        ),
    ),
    Topic(
        "utter_fact_cancel_queue",
        _words(
            r"\b(?:lose|keep|give up)\b[^.?!]{0,15}\b(?:place|spot|position)\b[^.?!]{0,30}"
            r"\bcancel\w*",
            r"\bcancel\w*\b[^.?!]{0,40}\b(?:lose|keep|give up)\b[^.?!]{0,15}"
            r"\b(?:place|spot|position)\b",
            r"\biptal\w*\b[^.?!]{0,30}\bs[ıi]ra\w*",
        ),
    ),
)

# What a damaged item is described with ("arrived broken", "not detected", "kırık geldi").
# "if the gpu is dead on arrival", "what if it breaks": asked about, not happened.
HYPOTHETICAL = re.compile(r"\bif (?:the|a|my|it|one|they)\b|\bwhat if\b", re.I)
DAMAGE = re.compile(
    r"\b(?:broken|damag\w*|crack\w*|faulty|defect\w*|dead|doa|scratch\w*|bent|dent\w*|smash\w*"
    r"|crush\w*|(?:doesn'?t|does not|won'?t|not) (?:show(?:ing)? up|recogni[sz]\w*|detect\w*)"
    r"|coil whine|artifact\w*|overheat\w*|crash\w*|freez\w*|black screen"
    r"|makes? (?:a |an )?(?:weird|strange|loud|odd|buzzing|clicking|grinding) (?:noise|sound)"
    r"|ses (?:yap[ıi]yor|[çc][ıi]kar[ıi]yor)"
    r"|not (?:work|detect|turn|boot|start|post)\w*|doesn'?t work|won'?t (?:work|boot|start|turn)"
    r"|(?:doesn'?t|doesnt|does not|won'?t|wont) (?:even )?(?:post|boot|power on|turn on|start)"
    r"|k[ıi]r[ıi]k|hasar\w*|bozuk|ar[ıi]zal[ıi]|[çc]al[ıi][şs]m[ıi]yor|[çc]izik)\b",
    re.IGNORECASE,
)


def describes_damage(text: str) -> bool:
    """Whether the message says an item arrived damaged or doesn't work ("has coil whine and
    crashes"), not asks what would happen if it did."""
    return DAMAGE.search(text) is not None and HYPOTHETICAL.search(text) is None


# Requests the bot has no operation for, said plainly, with what the customer can do.
LIMITS = (
    Topic(
        # "what now? can you send me a replacement?": a faulty item's replacement.
        "utter_limit_damaged_item",
        _words(
            r"\b(?:send|ship|get) (?:me |us )?(?:a )?(?:replacement|new one)\b",
            r"\b(?:a|the) replacement\b",
            r"\byenisini (?:g[öo]nder|yolla)\w*",
        ),
    ),
    Topic(
        # "how do I get the keys? nothing in my email": a key that hasn't come, for a person.
        "utter_limit_licence_key_missing",
        _words(
            r"\bnothing in my (?:e-?mail|inbox|mail)\b",
            r"\b(?:key|code|licen[cs]e|lisans|anahtar)\w*\b[^.?!]{0,40}\b(?:not (?:in|received"
            r"|arrived|come)|never (?:got|received|came|arrived)"
            r"|didn'?t (?:get|receive|come|arrive)|haven'?t (?:got|received|come|arrived)"
            r"|missing|gelmedi|ula[şs]mad[ıi])\b",
            r"\b(?:never (?:got|received)|didn'?t (?:get|receive)|haven'?t (?:got|received))\b"
            r"[^.?!]{0,20}\b(?:the |my |any )?(?:licen[cs]e |product )?(?:key|code)s?\b",
            # "where are the keys??", "resend the keys"
            # ("where are my adobe creative cloud keys? it says shipped": set BK #47)
            r"\bwhere(?:'s| is| are)? (?:the |my )?(?:[a-z0-9-]+ ){0,3}(?:licen[cs]e )?"
            r"(?:keys?|codes?)\b",
            r"\bre-?send\w*|\bsend (?:them|it|the keys?|the codes?) again\b|\btekrar g[öo]nder\w*",
        ),
        context=re.compile(r"\b(?:key|code|licen[cs]e|lisans|anahtar)\w*", re.I),
    ),
    Topic(
        # "can you just put it back through", "can I get the oled back on order", "iptali geri
        # alın": a cancelled order or item restored, for a person.
        "utter_limit_reinstate",
        _words(
            r"\bput (?:it|them|the order|my order|that|this|the \w+(?: \w+)?) back"
            r"(?! in(?:to)? (?:the |its |a )?(?:box|package|bag))\b",
            r"\breinstat\w*|\buncancel\w*|\bun-cancel\w*",
            r"\b(?:restore|reactivate|reopen|revive) (?:it|them|the order|my order|the \w+)\b",
            r"\bundo (?:the |that |this |my )?cancel\w*",
            r"\bback on (?:the |my )?order\b",
            r"\biptal\w* geri al\w*",
        ),
    ),
    Topic(
        # "it says 2 shipped but there was only ONE in the box", "1100 euro missing", "kutudan
        # bir tane eksik çıktı": less in the parcel than the order says, for a person.
        "utter_limit_missing_item",
        _words(
            r"\bonly (?:one|1|two|2|three|3|half)\b[^.?!]{0,30}\b(?:in the (?:box|package"
            r"|parcel)|arrived|came|was there|were there|inside|delivered)",
            r"\b(?:one|an item|a card|something|part of (?:it|the order)|one of them|\d+ (?:euro"
            r"|eur|€|tl))\b[^.?!]{0,15}\b(?:is|was|are|were)?\s*missing\b",
            r"\bmissing (?:from|in) (?:the|my) (?:box|package|parcel|delivery|order)\b",
            r"\b(?:box|package|parcel) (?:was|is) (?:missing|short)\b",
            # "i got a box with the macbook air 15 and the ssds but NO 13 inch macbook"
            # (Not "the graphics cards arrived but not the ssd": a line still to ship, set BF #37.)
            r"\b(?:box|parcel|package)\b[^.?!]{0,60}\bbut (?:no|without the|there was no"
            r"|there'?s no)\b",
            r"\beksik\b",
            r"\bsadece (?:bir|1|iki|2) (?:tane|adet)?\s*(?:geldi|[çc][ıi]kt[ıi]|vard[ıi])\b",
        ),
    ),
    Topic(
        # "the key doesn't activate", "it says the key is already in use": a person checks it.
        "utter_limit_licence_key_invalid",
        _words(
            # (Not "if I didn't activate it": an unused key.)
            r"(?<!\bi )(?<!\bwe )"
            r"\b(?:doesn'?t|does not|won'?t|will not|didn'?t|did not|not|cannot|can'?t|don'?t"
            r"|dont|do not|aren'?t|are not|isn'?t|is not)"
            r" (?:work\w*|activat\w*|accept\w*|valid\w*|be activated|be used|redeem\w*)",
            r"\b(?:invalid|already (?:in use|used|activated|redeemed|been used))\b",
            r"\b(?:ge[çc]ersiz|[çc]al[ıi][şs]m[ıi]yor|etkinle[şs]mi?yor|aktif olmuyor"
            r"|kullan[ıi]mda)\w*",
        ),
        context=re.compile(r"\b(?:key|licen[cs]e|lisans|anahtar|activat)\w*", re.I),
    ),
    Topic(
        # "can I cancel after ordering?" among other policy questions: the cancellation policy.
        "utter_faq/cancellation",
        _words(
            r"\bcan (?:i|you|we) (?:still )?cancel (?:after|once|when|if)\b",
            r"\bcancel(?:lation)? polic\w*",
            r"\bsipari[şs] verdikten sonra iptal\w*",
        ),
    ),
    Topic(
        # "i dont know the number, it was a graphics card", "sipariş numaramı bulamıyorum".
        "utter_order_number_help",
        _words(
            r"\b(?:don'?t|dont|do not|didn'?t|can'?t|cannot|cant) (?:know|remember|have|find|see"
            r"|recall|get)\b[^.?!]{0,25}\b(?:order )?(?:number|no\b|#)",
            r"\b(?:lost|forgot|deleted|no idea (?:of|what)(?: is)?)\b[^.?!]{0,15}\b(?:order )?"
            r"(?:number|no\b)",
            r"\bwhere (?:do i|can i|would i) find (?:the |my )?(?:order )?number\b",
            r"\b(?:sipari[şs] )?numara\w*\b[^.?!]{0,20}\b(?:bilmiyorum|hat[ıi]rlam[ıi]yorum"
            r"|bulam[ıi]yorum|yok)\b",
        ),
    ),
    Topic(
        # "why do you need my email", "neden posta kodumu istiyorsunuz".
        "utter_fact_why_proof",
        _words(
            r"\bwhy (?:do|would|should|does) (?:you|u|it|the bot) (?:need|want|ask)\w*\b"
            r"[^.?!]{0,25}\b(?:e-?mail|postal|post ?code|zip|address|details?)\b",
            r"\bwhy (?:the |my )?(?:e-?mail|postal code|post ?code|zip)\b",
            r"\bneden\b[^.?!]{0,20}\b(?:e-?posta\w*|posta kod\w*)",
            r"\b(?:e-?posta\w*|posta kod\w*)\b[^.?!]{0,20}\bneden\b",
        ),
    ),
    Topic(
        # "is there express shipping? can I pay extra", "İstanbul içi aynı gün teslimat var mı".
        "utter_limit_express",
        _words(
            r"\bexpress (?:shipping|delivery|option)\b",
            r"\b(?:ship|send|deliver)\w* (?:it |them )?express\b",
            r"\b(?:same|next)[- ]day\b",
            r"\bovernight\b",
            r"\b(?:expedited|priority|faster|quicker) (?:shipping|delivery)\b",
            # (Not "will the ssds ship faster now or were they waiting for the gpu": sooner,
            # now that the card is gone; set BK #2.)
            r"\b(?:ship|send|deliver)\w* (?:it |them )?(?:faster|quicker)\b(?!\s+now\b)",
            r"\blike express\b|\bexpress\?",
            r"\bpay (?:extra|more) (?:for|to get)\b[^.?!]{0,25}\b(?:faster|sooner|quicker"
            r"|shipping|delivery)\b",
            r"\bayn[ıi] g[üu]n\b",
            r"\b(?:h[ıi]zl[ıi]|ekspres) (?:kargo|teslimat|g[öo]nderi)\w*",
        ),
    ),
    Topic(
        # "does it come with windows?", "is it 144hz too?", "does it have wifi".
        "utter_limit_specs",
        _words(
            r"\b(?:does|do|will) (?:it|they|the \w+(?: \w+)?) (?:come|ship) with\b",
            r"\b(?:does|do) (?:it|they) (?:have|support|include)\b"
            r"(?![^.?!]{0,30}\b(?:original )?box\b)",
            r"\bis (?:it|that one|this one) \d+ ?hz\b",
            r"\b(?:comes?|preinstalled|pre-installed) with windows\b",
            r"\bwindows (?:included|preinstalled|pre-installed)\b",
            r"\bwindows (?:y[üu]kl[üu]|kurulu) m[ıi]\b",
        ),
    ),
    Topic(
        # "is the t700 compatible with my b550 motherboard?", "does it fit the same socket".
        "utter_limit_compatibility",
        _words(
            r"\b(?:compatib\w*|uyumlu\w*|uyar m[ıi])",
            r"\b(?:work|fit|run)s? (?:with|in|on) (?:my|a|an|the) \w+",
            # "will my LGA1700 motherboards work with it?"
            r"\b(?:will|would|does|do) (?:my|the) [\w -]{1,30}? (?:work|fit) (?:with|in|on) "
            r"(?:it|this|that|them)\b",
            r"\b(?:fit|go)s? (?:in(?:to)?|on) (?:the )?(?:same|my)"
            r" (?:socket|board|motherboard|mobo)",
            # "is the T700 ok with my b650 board?"
            r"\b(?:ok|okay|fine|good)\s+(?:with|for|in|on)\s+(?:my|a|an|the)\s+[\w-]+\s+"
            r"(?:board|motherboard|mobo|mainboard|case|psu|socket|slot)\b",
        ),
    ),
    Topic(
        "utter_limit_reservation",
        _words(
            r"\breserv(?:e|ation|ing)\b",
            r"\b(?:hold|save|set aside|put aside|keep)\b (?:it|one|\d+|two|a unit|one unit|them"
            r"|the \w+"
            r"|a \w+)(?: \w+){0,3} (?:for me|aside|until|till|on hold)\b",
            r"\b(?:can'?t|cannot|can|could) (?:you |u |i |we )?hold (?:it|one|a unit|them)\b"
            r"(?! back)",
            r"\brezerv\w*",
            r"\b(?:put|set)\b[^.?!]{1,40}\baside\b",
            r"\b(?:bana )?ay[ıi]r(?:[ıi]r m[ıi]s[ıi]n[ıi]z|abilir\w*|[ıi]n)\b",
            r"\bay[ıi]rtabilir\w*|\bay[ıi]rt[ıi]r\w* m[ıi]\w*",
        ),
    ),
    Topic(
        "utter_limit_installation",
        _words(
            r"\binstal+(?:ation|ing|l)?\b[^.?!]{0,30}\b(?:for me|service|in(?:to)? (?:my|the|a)"
            r" (?:pcs?|computers?|case|build|rig|desktop))\b",
            r"\b(?:help|support)\b[^.?!]{0,20}\bdrivers?\b",
            r"\b(?:can|could|will|would) (?:you|your (?:team|technician)s?|someone) instal+\b",
            r"\b(?:do|does|offer|provide) (?:you |u )?(?:guys |also )?(?:do |offer )?"
            r"(?:\w+ ){0,2}instal+ation\b",
            # "do you set up windows and office on it before delivery?"
            r"\bset ?up\b(?= (?:windows|office|the os|the software|software)\b)",
            r"\bassembl\w*",
            # "Can someone come and mount them on my wall?"
            r"\b(?:come and|come to)\b[^.?!]{0,20}\b(?:mount|install|set up|setup|fit)\b",
            r"\bmount (?:it|them|the \w+) on (?:my|the) wall\b",
            r"\bbuild (?:my|the|a) (?:pc|computer|rig)\b",
            r"\bbios\b",
            r"\btech(?:nical)? support\b",
            r"\bkurulum\w*",
            r"\bmontaj\w*",
            r"\b(?:windows|office|i[şs]letim sistemi)\w*'?\w* kur(?:up|ar|abilir|ulu)\w*",
            r"\bkurar m[ıi]s[ıi]n[ıi]z\b",
            r"\bpre-?install\w*",
            r"\bset (?:it|them) up (?:for me|before)\b",
            # "can someone help me install the ESET thing on my laptops"
            r"\bhelp (?:me |us )?(?:to )?instal+\w*",
            # "do you install windows and move my data from my old laptop"
            r"\b(?:do|can|could|will|would) (?:you|u) (?:also )?instal+\w*",
            r"\b(?:move|transfer|migrat\w*|copy) (?:over )?(?:my |the |all )?(?:old )?"
            r"(?:data|files)\b",
            r"\bdata (?:transfer|migration)\b|\bveri\w* (?:ta[şs][ıi]|aktar)\w*",
            r"\b(?:can|could|will|would) (?:someone|somebody|anyone) (?:help (?:me |us )?)?instal+",
        ),
    ),
    Topic(
        # "can you send a courier to pick it up" about a return.
        "utter_limit_return_pickup",
        _words(
            r"\b(?:send|book|arrange|organi[sz]e|call)\b[^.?!]{0,20}\bcourier\b[^.?!]{0,30}"
            r"\b(?:pick|collect)\w*",
            r"\bcourier (?:pick-?up|collection)\b",
            r"\bkurye\w*\b[^.?!]{0,30}\b(?:al(?:s[ıi]n|abilir|[ıi]r)|gel(?:sin|ebilir|ir))\w*",
        ),
    ),
    Topic(
        # "fiyatı euro mu? TL fiyatı nedir", "how much is that in lira": prices are in euros.
        "utter_limit_currency",
        _words(
            r"\b(?:in|to) (?:turkish )?(?:lira|tl|try)\b",
            r"\b(?:tl|lira|try) (?:price|fiyat\w*|olarak)\b",
            r"\b(?:tl|lira) (?:ka[çc]|ne kadar)\b|\bka[çc] (?:tl|lira)\b",
            r"\beuro mu\b|\b(?:tl|lira)(?:'?(?:ye|ya|de|da))? [çc]evir\w*",
        ),
    ),
    Topic(
        "utter_limit_pickup",
        _words(
            r"\bpick(?:ing)? ?(?:it |them |my order |the order )?up\b",
            r"\bcollect (?:it|them|my order|the order|in person)\b",
            r"\b(?:physical|retail|real) (?:store|shop)\b",
            r"\bshowroom\b",
            r"\b(?:a|your) (?:store|shop)\b[^.?!]{0,20}\b(?:in|near|at|around)\b",
            r"\b(?:come|go) (?:to|by) (?:the|your) (?:store|shop|warehouse|office)\b",
            r"\bvisit (?:your|the) (?:store|shop|warehouse)\b",
            # "is your shop open on sundays? I'm nearby in Kadıköy"
            r"\b(?:store|shop)\b[^.?!]{0,15}\bopen\b",
            r"\bopen(?:ing)? (?:on|at) (?:sundays?|saturdays?|(?:the )?weekends?)\b",
            r"\b(?:opening|store|shop) hours\b",
            r"\bma[ğg]aza\w*",
            r"\belden teslim\w*",
            r"\bgelip al\w*",
        ),
    ),
    Topic(
        "utter_limit_customs",
        _words(
            r"\bcustoms?\b",
            r"\bimport (?:tax\w*|dut\w*|fees?|charges?)\b",
            r"\bg[üu]mr[üu]k\w*",
        ),
    ),
    Topic(
        "utter_limit_auto_cancel",
        _words(
            r"\b(?:automatic\w*|auto)[ -]?cancel\w*",
            r"\bcancel\w*\b[^.?!]{0,20}\bautomatically\b(?:[^.?!]{0,5}\bif\b[^.?!]{0,25})?",
            r"\botomatik\w* (?:olarak )?iptal\w*",
        ),
    ),
    Topic(
        "utter_limit_add_item",
        _words(
            # (A dot inside a name is no sentence's end: "add a G.Skill trident z5 to that order".)
            r"\b(?:add|include|put)\b(?:[^.?!]|\.(?=\w)){0,40}\b(?:to|in|into|on)"
            r" (?:my|the|this|that) (?:same |existing |current |old |previous |last )?order\b",
            # "so can I add one more 990 pro 1tb or not", "can I add a Windows 11 Pro licence?"
            r"\b(?:can|could) (?:i|we|you) (?:just )?add (?:one more|another|a|an|one|\d+)\b",
            # "i bought eset home security with order 100380, want 2 more for my parents"
            r"\bwith (?:my )?order\b[^.?!]{0,40}\b(?:want|need) (?:\d|one|two|three) more\b",
            r"\b(?:sipari[şs]\w*)\b[^.?!]{0,30}\bekle(?:yebilir|yin|r misiniz|mek|nebilir)\w*",
            r"\bekle(?:yebilir|yin|nebilir)\w*\b[^.?!]{0,30}\bsipari[şs]\w*",
        ),
    ),
    Topic(
        "utter_limit_place_order",
        _words(
            r"\b(?:place|make|put in|submit) (?:an |the |a new )?order for me\b",
            r"\b(?:add|put) (?:it|this|them|one) (?:to|in|into) (?:my |the )?(?:cart|basket)\b",
            r"\bcan you (?:order|buy) (?:it|this|one|them) for me\b",
            r"\bhow (?:do|can) i (?:order|buy|purchase) (?:it|this|one|them)\b",
            r"\bsepete? ekle\w*",
            r"\bbenim i[çc]in sipari[şs] (?:ver|olu[şs]tur)\w*",
        ),
    ),
    Topic(
        # Before discounts: "can you give us a discount for that quantity?", "company deal".
        "utter_limit_bulk_order",
        _words(
            r"\b(?:bulk|wholesale|reseller|volume|corporate|company|business) (?:price|pricing"
            r"|discount|order|rate|deal|offer)s?\b",
            r"\bdiscount\w*\b[^.?!]{0,30}\b(?:quantity|bulk|\d{2,} (?:more|units|pieces))\b",
            r"\b(?:for|on) (?:that|this|the|such a) quantity\b",
            r"\btoplu (?:al[ıi]m|sipari[şs])\w*",
            r"\bbayi\w*",
            r"\bkurumsal (?:fiyat|indirim|teklif)\w*",
        ),
    ),
    Topic(
        # "can I at least get a discount for the waiting": something for the delay, not a code.
        "utter_limit_compensation",
        _words(
            r"\b(?:discount|voucher|something|anything|credit|refund)\b[^.?!]{0,30}\bfor "
            r"(?:the |this |all the |my )?(?:wait\w*|delay\w*|trouble|inconvenience|hassle)\b",
            r"\bcompensat\w*|\bgoodwill\b|\btelafi\w*",
            r"\bbekle(?:me|di[ğg]im)\w* (?:i[çc]in|kar[şs][ıi]l[ıi][ğg][ıi]nda) indirim\w*",
        ),
    ),
    Topic(
        "utter_limit_discount",
        _words(
            r"\bprice[ -]?match\w*",
            r"\bmatch (?:the |their |that |a |[\w.]+'s )?(?:price|offer)\b",
            r"\bbeat (?:the|their|that) price\b",
            r"\b(?:can|could|will|would) you match\b",
            # "Any loyalty discount?", "a coupon code", "indirim var mı" beside the order.
            r"\b(?:loyalty|student|any|a|some|get a|give (?:me|us) a) discount\w*",
            r"\bdiscount (?:code|coupon|voucher)s?\b",
            r"\b(?:coupon|voucher|promo(?:tion(?:al)?)? code)s?\b",
            r"\bindirim\w*",
            r"\bkupon\w*",
        ),
    ),
    Topic(
        "utter_limit_gift_wrap",
        _words(
            r"\bgift[ -]?wrap\w*",
            r"\bwrap\b[^.?!]{0,30}\bas a (?:gift|present)\b",
            r"\bgift (?:note|message|card|box)\b",
            r"\bhediye (?:paket\w*|notu?)\b",
        ),
    ),
    Topic(
        "utter_limit_invoice",
        _words(
            r"\b(?:corporate|company|business|tax|copy of (?:the|my)"
            r"|send (?:me )?(?:the |an |my )?) ?invoice\b",
            r"\binvoice\b[^.?!]{0,30}\b(?:tax (?:number|id|no)|company name|vat number)\b",
            # "I need the invoices for both MacBooks, can you email them?"
            r"\b(?:need|want|get|email|send|where(?:'s| is| are)?)\b[^.?!]{0,20}\binvoices?\b",
            r"\b(?:kurumsal )?fatura\w*",
        ),
    ),
    Topic(
        "utter_limit_extended_warranty",
        _words(
            r"\bapple ?care\b",
            r"\b(?:extended|extra|longer|additional) warrant\w*",
            r"\bwarranty (?:extension|upgrade|plan)s?\b",
            r"\bextend (?:the |my )?warrant\w*",
            r"\bgaranti\w* uzat\w*|\bek garanti\w*",
        ),
    ),
    Topic(
        # "and don't send me marketing emails either": not the chat's messages; newsletters.
        "utter_limit_marketing_emails",
        _words(
            r"\b(?:marketing|promotional|promo|advertising)\s+(?:e-?mails?|mails?|messages?|sms"
            r"|texts?)\b",
            r"\bnewsletters?\b",
            r"\bspam(?:ming)? me\b",
            r"\breklam\w*|\bb[üu]lten\w*|\bkampanya (?:e-?posta|mail|mesaj)\w*",
        ),
    ),
    Topic(
        "utter_limit_change_order",
        _words(
            r"\bchange (?:the |my )?(?:delivery |shipping )?address\b",
            r"\b(?:ship|send|deliver)\w* (?:it |them )?to (?:my |the )?(?:office|work"
            r"|another address|a different address|my new address)\b",
            r"\badres\w* de[ğg]i[şs]\w*",
        ),
    ),
    Topic(
        # "can the courier come after 6pm? we both work", "kurye akşam gelebilir mi".
        "utter_limit_delivery_time",
        _words(
            r"\bcourier\b[^.?!]{0,30}\b(?:come|deliver|arrive|ring|call)\w*\b[^.?!]{0,20}"
            r"\b(?:after|before|at|in the (?:evening|morning)"
            r"|on (?:saturday|sunday|the weekend))\b",
            r"\bdeliver\w* (?:after|before|between) \d",
            r"\b(?:delivery|time) (?:slot|window|time)\b",
            r"\bkurye\w*\b[^.?!]{0,30}\b(?:ak[şs]am|sabah|saat|hafta ?sonu)\w*",
        ),
    ),
    Topic(
        # "if im not home when it comes?", "evde olmayacağım": the courier's business.
        "utter_limit_not_home",
        _words(
            r"\b(?:i'?m|im|i am|i'?ll be|we'?re|we are|nobody'?s|nobody is|no one is|noone is"
            r"|not)\s+(?:not\s+)?(?:at\s+)?home\b",
            r"\bnobody (?:is )?(?:there|home)\b",
            r"\bevde (?:yok\w*|olmayaca\w*|de[ğg]il\w*|kimse)\b|\bevde olmazsam\b",
        ),
    ),
    Topic(
        "utter_limit_tracking",
        _words(
            r"\btracking\b",
            r"\b(?:track|follow) (?:the|my) (?:package|parcel|shipment|delivery|courier)\b",
            r"\bkargo takip\w*",
            r"\btakip (?:no|numara\w*|kodu?)\b",
        ),
    ),
    # A fact, but last: "cancel it automatically if it's late?" is the auto-cancel limit, whose
    # answer says the same.
    Topic(
        "utter_fact_if_late",
        _words(
            r"\b(?:and )?(?:what )?if\b[^.?!]{0,30}\b(?:doesn'?t|does not|doesnt|don'?t|dont"
            r"|never|won'?t|isn'?t|not)\b[^.?!]{0,15}\b(?:come|arrive|show|ship|here|back)",
            r"\bif (?:it|that|the date|they)(?:'s| is| are|'re)? (?:late|delayed|slips?|moves?"
            r"|pushed)\b",
            r"\bwhat happens if\b[^.?!]{0,30}\b(?:late|delay\w*|slip\w*|moves?)\b",
            r"\b(?:gelmezse|gecikirse|yeti[şs]mezse|ertelenirse)\b",
        ),
    ),
)

# A licence key that hasn't come or doesn't work wins its words over how keys come ("it says
# the windows 11 home licence shipped but I never got any key": set BN #47 got only that keys
# come by email).
_KEY_TROUBLE = ("utter_limit_licence_key_missing", "utter_limit_licence_key_invalid")
TOPICS = tuple(t for t in LIMITS if t.response in _KEY_TROUBLE) + tuple(
    t for t in FACTS + LIMITS if t.response not in _KEY_TROUBLE
)


def asked_topics(text: str) -> list[str]:
    """The responses for what the message asks about, in the order it asks; [] if none.

    One response per topic; where two topics' words overlap ("return shipping" is about
    shipping too) the first in FACTS/LIMITS order that matches a span wins it.
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for topic in TOPICS:
        if topic.context is not None and not topic.context.search(text or ""):
            continue
        if topic.response in (response for _, response in found):
            continue
        for match in topic.words.finditer(text or ""):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            found.append((span[0], topic.response))
            break
    asked = [response for _, response in sorted(found)]
    if (
        "utter_fact_return_window" in asked
        and "utter_fact_warranty" not in asked
        and DAMAGE.search(text)
    ):
        # "if the monitor has dead pixels can I return it?": the warranty covers a fault too.
        asked.append("utter_fact_warranty")
    covered = {other for response in asked for other in _COVERS.get(response, ())}
    if "utter_limit_licence_return" in asked and _DAYS_ASKED.search(text or ""):
        # "İade süresi kaç gün? açılmış yazılım lisansı iade olur mu": the days asked on their
        # own as well (set BF #12 answered only the licence).
        covered.discard("utter_fact_return_window")
    return [response for response in asked if response not in covered]


# How long there is to return something: "how many days", "iade süresi kaç gün".
_DAYS_ASKED = re.compile(r"\bhow many days\b|\bka[çc] g[üu]n\b", re.IGNORECASE)


# Answers that say what another one says, and more: the other is not said beside them.
_COVERS = {
    # "do you accept crypto btw? or bank transfer": the methods once, after the "no".
    "utter_fact_cash_or_crypto": ("utter_fact_payment_methods",),
    "utter_fact_no_paypal": ("utter_fact_payment_methods",),
    # "I paid by bank transfer, did you receive the payment?": not which methods there are.
    "utter_limit_payment_problem": ("utter_fact_payment_methods", "utter_fact_charged_now"),
    # "whats your cancellation policy? … can I cancel anytime?": the policy says it all.
    "utter_faq/cancellation": (
        "utter_fact_cancel_fee",
        "utter_fact_cancel_queue",
        "utter_fact_cancel_refund",
    ),
    "utter_limit_licence_key_missing": (
        "utter_fact_licence_delivery",
        "utter_shipped_not_received",
        "utter_limit_missing_item",
    ),
    "utter_limit_licence_key_invalid": (
        "utter_fact_licence_delivery",
        "utter_shipped_not_received",
        "utter_limit_licence_key_missing",
    ),
    "utter_limit_bulk_order": ("utter_limit_discount",),
    "utter_limit_compensation": ("utter_limit_discount",),
    "utter_limit_return_pickup": ("utter_limit_pickup",),
    # "do you set up windows and office on it before delivery?": setting up, not how keys come.
    "utter_limit_installation": ("utter_fact_licence_delivery",),
    # "can I get the oled back on order" answered with that line: ordering it again.
    "utter_cancelled_order_again": ("utter_limit_reinstate",),
    # "kargo ücretini kim ödüyor iadede": the return's postage, not the parcel's.
    "utter_fact_return_cost": ("utter_fact_shipping_cost",),
    "utter_line_ready_licence": ("utter_fact_licence_delivery",),
    "utter_line_ready_licence_late": ("utter_fact_licence_delivery",),
    # A fault's answer says the 14 days and the warranty already.
    "utter_limit_damaged_item": ("utter_fact_return_window", "utter_fact_warranty"),
    # "can i return a software licence": not the 14 days of a parcel.
    "utter_limit_licence_return": ("utter_fact_return_window", "utter_fact_return_cost"),
}


def utter_topics(dispatcher: CollectingDispatcher, text: str) -> bool:
    """Answers what the message asks about (`asked_topics`); False when it asks none of them.
    An answer already said this turn, or covered by one said ("it says shipped but i never got
    the windows key" after what to do about a parcel not received), is not said again."""
    asked = asked_topics(text)
    said = {message.get("response") for message in dispatcher.messages}
    # (What was said this turn covers too: a licence line says its key comes by email.)
    covered = {other for response in [*asked, *said] for other in _COVERS.get(str(response), ())}
    for response in asked:
        if response in covered or response in said or said & set(_COVERS.get(response, ())):
            continue
        dispatcher.utter_message(response=response)
    return bool(asked)


# Pushing back on a limit just said: "so how do I change it then?", "ok then who can?", "why
# can't you change it?", "peki kim yapabilir".
_WHO_CAN = re.compile(
    r"\b(?:how (?:do|can|should|would|else can) i|how am i supposed to"
    r"|what am i supposed to(?: do)?|how (?:would|will) i know"
    r"|who (?:can|could|do i|should i|does|will)"
    r"|what (?:can|do|should) i do|then what(?: am i supposed to(?: do)?)?|so what now"
    r"|why (?:can'?t|cant|not|won'?t|wont)"
    r"|where (?:do|can|should) i|is there (?:a|any|another) way|any other way"
    r"|can'?t you (?:just|even|at least)|cant you (?:just|even|at least)|couldn'?t you (?:just)?"
    # "can you just email it to accounting@… then", "come on, other shops give 5%"
    r"|(?:can|could) (?:you|u) (?:just|at least|not just)\b|\bcome on\b"
    # "can you send it to this email or not" right after the invoice's limit (set BK #16)
    r"|\bor not\W*$"
    r"|you can'?t even|not even (?:a|an|the)\b"
    # "you really can't change it? it hasn't even shipped" (set BQ #9 got "Sorry, I didn't
    # understand that")
    r"|you (?:really |seriously |actually )?(?:can'?t|cannot|cant)\b"
    # "I've checked spam already", "already did that": what the limit said to try, tried.
    r"|already (?:checked|tried|looked|did)|(?:checked|tried|looked in) (?:the |my )?spam\b"
    r"|(?:i )?did that already|zaten (?:bakt[ıi]m|denedim)"
    r"|nas[ıi]l (?:yapar|yapabilir|de[ğg]i[şs]tir)\w*|kim yapabilir|kime (?:yaz|sor)\w*"
    r"|ne yapmam\w*|neden yapam\w*|ne yapaca[ğg][ıi]m|ne yapal[ıi]m|o zaman ne"
    # "can you resend them" after the licence keys' limit; "o zaman nereden öğrenirim"
    r"|re-?send\w*|send (?:them|it) again|nereden (?:[öo][ğg]ren|bak|bul)\w*"
    r"|yapam[ıi]yor mu\w*|yapamaz m[ıi]\w*)\b",
    re.IGNORECASE,
)


def asks_who_can(text: str) -> bool:
    """Whether the message pushes back on what it was just told ("then what can I do")."""
    return _WHO_CAN.search(text) is not None


_WHAT_YOU_DO = re.compile(r"\bwhat (?:can|do|could) (?:you|u) (?:even |actually |then )?do\b", re.I)
_INDIGNANT = re.compile(
    r"\bseriously\b|\breally\?|\bare you (?:kidding|serious)\b|\bciddi mi", re.I
)
# "I want a replacement, not a refund", "yenisini istiyorum": after the damage answer, what
# the support team arranges.
_REPLACEMENT = re.compile(
    r"\b(?:replacement|replace (?:it|them|the \w+)|(?:get|have) (?:it|them|\w+) replaced|new one"
    r"|swap it for a new|exchang\w*"
    r"|de[ğg]i[şs]im|yenisi\w*|yenisiyle)\b",
    re.IGNORECASE,
)


def said_a_limit(tracker: Tracker, turns: int = 3, prefix: str = "utter_limit_") -> bool:
    """Whether one of the bot's last `turns` turns said a limit (an `utter_limit_*` response;
    with `prefix`, a response whose name starts with it)."""
    return said_lately(tracker, turns, lambda response, _: response.startswith(prefix))


# An operation the bot does: "how do I cancel it?" after a limit is not pushing back on it.
_OPERATION = re.compile(r"\b(?:cancel\w*|swap\w*|notif\w*|subscri\w*|iptal\w*)", re.I)


def answered_limit_followup(
    dispatcher: CollectingDispatcher, tracker: Tracker, whole: bool = False
) -> bool:
    """ "So how do I change it then?" soon after a limit: who can, and the offer of a person,
    not another answer about the order. True when that was the whole message; False (having
    said it) when the message goes on to ask something else ("ok then who can. and when are
    the 2 crucial drives coming"), for the caller to answer too; with `whole`, True whenever
    it said it (a caller with nothing else to add)."""
    text = tracker.latest_message.get("text") or ""
    if _REPLACEMENT.search(text) and said_a_limit(tracker, prefix="utter_limit_damaged_item"):
        # "What do I do now? I want a replacement, not a refund": yes, the team arranges it.
        dispatcher.utter_message(response="utter_limit_replacement")
        return True
    asked = _WHO_CAN.search(text)
    # (A parcel that never came is one too: "what am I supposed to do, where is it" after what
    # to do about it; set BN #44 got the list of what the bot does.)
    limit = said_a_limit(tracker) or said_a_limit(tracker, prefix="utter_shipped_not_received")
    if not asked or _OPERATION.search(text) or not limit:
        return False
    if _WHAT_YOU_DO.search(text):
        return False  # "then what CAN you do": what the bot does (set BL #41 got the limit again)
    if _STATUS_ASKED.search(text):
        return False  # "ugh ok. then what's the status, did anything ship yet": the order
    if any(not response.startswith("utter_limit_") for response in asked_topics(text)):
        return False  # "ok how do I start the return": a fact answers it, not a person
    if any(not said_a_limit(tracker, prefix=response) for response in asked_topics(text)):
        # "ok and can you at least send me the invoice" after the licence key's limit: the
        # invoice's own answer, not "I really can't do that" about the key.
        return False
    said = [message.get("response") for message in dispatcher.messages]
    if "utter_limit_again" not in said and "utter_limit_who_can" not in said:
        # "who can then" right after "I really can't do that from here": who, not that again.
        again = said_last_turn(tracker, "utter_limit_again")
        if (
            said_last_turn(tracker, "utter_limit_tracking")
            and _WHERE_TO_FIND.search(text)
            # ("seriously? how am i supposed to know where it is then": not the same line again,
            # set BJ #7.)
            and not _INDIGNANT.search(text)
        ):
            # "takip numarası veremiyor musunuz? o zaman nereden öğrenirim": where, in short.
            dispatcher.utter_message(response="utter_tracking_where")
        else:
            dispatcher.utter_message(
                response="utter_limit_who_can" if again else "utter_limit_again"
            )
    # (After the last of the push-back's words: "then what am I supposed to do" asks nothing
    # more; set BN #6 got "Sorry, I didn't understand" beside the answer.)
    rest = text[list(_WHO_CAN.finditer(text))[-1].end() :]
    # ("o zaman ne yapacağım, paket eski adrese mi gidecek": still the address, no new question.)
    return (
        whole
        or len(rest.split()) < MORE_WORDS
        or _LIMIT_SUBJECT.search(rest) is not None
        # ("so what can I do then? it hasnt shipped yet": why it should be possible, nothing
        # more asked; set BP #8 got the shipping policy beside it.)
        or _NOT_SHIPPED_YET.search(rest) is not None
    )


_NOT_SHIPPED_YET = re.compile(
    # (Of "it", not of a product named: "the 4090 has not shipped yet" is for the caller to
    # answer with the line.)
    r"\b(?:it|they|this|that|the order|my order|it'?s|its)\s+(?:has ?n'?t|has not|hasnt|did ?n'?t"
    r"|not|is ?n'?t|is not|are ?n'?t) (?:even |yet )?(?:shipped|left|gone out|been sent)"
    r"|\bhen[üu]z (?:kargoya )?(?:verilmedi|g[öo]nderilmedi|[çc][ıi]kmad[ıi])",
    re.IGNORECASE,
)


# The order's status asked beside the push-back words ("then what's the status").
_STATUS_ASKED = re.compile(
    r"\b(?:what'?s|what is|whats) the status\b|\bdid (?:anything|it|they|the \w+) (?:ship|arrive)"
    r"|\bwhere(?:'s| is) (?:my|the) order\b",
    re.IGNORECASE,
)


def asks_the_status(text: str) -> bool:
    """Whether the message asks where the order stands ("what's the status of everything")."""
    return _STATUS_ASKED.search(text) is not None


# "so how am I supposed to know where the package is", "nereden öğrenirim": where to look.
_WHERE_TO_FIND = re.compile(
    r"\bwhere\b|\bhow (?:am i supposed to|do i|can i|will i) (?:know|find|see|track|follow)\b"
    r"|\bnereden\b|\bnas[ıi]l (?:[öo][ğg]ren|takip)\w*",
    re.IGNORECASE,
)
# What the limits are about: more words on it are the same push-back, not another question.
_LIMIT_SUBJECT = re.compile(
    r"\b(?:address|adres\w*|invoices?|fatura\w*|tracking|takip\w*)\b", re.IGNORECASE
)


# Words after the push-back that make it a second question: "who can? and when is the ssd due".
MORE_WORDS = 5
