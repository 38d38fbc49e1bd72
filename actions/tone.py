"""How a message sounds: angry, sarcastic or pleased. An answer starts by acknowledging it (an
apology, a thank-you) before the facts, whatever the message asks."""

from __future__ import annotations

import re

from actions.backend_schemas import Order

# Words of anger: with them, the apology comes first whatever else is asked.
ANGER = re.compile(
    r"\b(?:ridiculous|unacceptable|worst|terrible|awful|joke|scam|angry|furious|fed up|sick of"
    r"|never again|disgrac\w*|pathetic|useless|rezalet\w*|sa[çc]mal\w*|berbat\w*)\b",
    re.IGNORECASE,
)
# Emphasis: angry unless the message is pleased ("Hello!! ... everything is perfect 😍", "any
# idea when it ships?? super excited 😄" are no complaints).
EMPHASIS = re.compile(r"!!|\?\?")
# Praise said of an order that waits: "Wow, two Crucial back-ordered. Great job guys 👏👏",
# "let me guess, no date either", "thanks for nothing".
SARCASM = re.compile(
    r"\b(?:great|good|nice) (?:job|work|going)|\bwell done\b|\bbravo\b|\bthanks for nothing\b"
    r"|\blet me guess\b|\bas usual\b|\bwhat a (?:surprise|shock)\b|\bof course (?:it|they)\b"
    r"|\bfor ages\b|\bforever\b|\bhelal olsun\b|\btebrikler\b|\bçok (?:güzel|iyi) ya\b"
    r"|\U0001F44F|\U0001F644|\U0001F621|\U0001F620|\U0001F624|\U0001F92C",
    re.IGNORECASE,
)
# Disappointment said plainly: "arrived but 2 weeks later than promised", "not happy".
DISAPPOINTED = re.compile(
    r"\blater than (?:promised|expected|you said)\b|\btook (?:ages|forever|too long|\w+ weeks)\b"
    r"|\bdisappoint\w*|\bnot (?:happy|impressed|ok(?:ay)?)\b|\bunhappy\b|\bfrustrat\w*"
    r"|\bhayal k[ıi]r[ıi]kl\w*|\bmemnun de[ğg]il\w*",
    re.IGNORECASE,
)
PLEASED = re.compile(
    r"\b(?:gorgeous|great|love|loving|perfect|amazing|awesome|excellent|beautiful|happy"
    r"|works? (?:fine|great|perfectly)|arrived (?:quickly|fast|early|safely|in time|on time)"
    r"|all (?:fine|good|great|perfect)|super fast|excited|can'?t wait|thrilled"
    r"|m[üu]kemmel|harika|süper|bayıld\w*|çok g[üu]zel|heyecan\w*)\b"
    r"|\U0001F60D|\U0001F604|\U0001F60A|\U0001F970|\U0001F642|\u2764",
    re.IGNORECASE,
)


# Mockery that no praise beside it undoes: "you told me that last time too. amazing service 👏".
MOCKING = re.compile(
    r"🙄|😒|🤦|\bthanks for nothing\b|\byeah,? great\b|"
    r"\byou (?:told|said|promised) (?:me )?(?:that|this|the same)\b|\blast time too\b"
    r"|\byeah right\b|\bsame (?:old )?(?:story|excuse|answer)\b|\bwhat a joke\b"
    # "wow great. just great. 👏", "oh wonderful", "love that for me".
    r"|\bjust (?:great|perfect|wonderful|brilliant|fantastic|lovely)\b"
    r"|\boh (?:great|wonderful|perfect|brilliant|joy|fantastic)\b|\blove that for me\b"
    r"|\b(?:ayn[ıi] [şs]eyi|ge[çc]en sefer de) s[öo]yle\w*"
    # "amazing. great business model, selling stuff you don't have" (set BM #19 asked a rating)
    r"|\b(?:great|brilliant|nice|amazing) business model\b"
    r"|\bsell(?:ing)? (?:stuff|things|products|what) you (?:don'?t|do not|dont) have\b",
    re.IGNORECASE,
)


def sounds_upset(text: str, order: Order | None = None) -> bool:
    """Angry, or praise that can only be sarcasm because something on the order waits."""
    if ANGER.search(text) or DISAPPOINTED.search(text) or MOCKING.search(text):
        return True
    if EMPHASIS.search(text) and not PLEASED.search(text):
        return True
    waits = order is not None and any(line.status == "backordered" for line in order.lines)
    return bool(SARCASM.search(text)) and (waits or not PLEASED.search(text))


# A question praise never asks: "where is it", "why", "neden", "nerede".
_ASKS_WHERE = re.compile(
    r"\b(?:where|why|how come|what'?s the point|neden|niye|nerede)\b", re.IGNORECASE
)


def sounds_pleased(text: str, order: Order | None = None) -> bool:
    """Thanks or praise for an order that is all delivered (nothing waits, nothing cancelled)."""
    if not PLEASED.search(text) or sounds_upset(text, order) or _ASKS_WHERE.search(text):
        # ("says shipped. great. where is it": a question, not praise; set BG #28.)
        return False
    return order is None or all(line.status == "shipped" for line in order.lines)
