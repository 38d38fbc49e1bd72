"""Which of the bot's choices a customer picks by its place: "the first one", "ilkiyle",
"ikincisi", "sonuncusu", "option 2", "2.si".

A pure function with no Rasa import, so the NLU component (`button_choice.py`, in Rasa's
Python 3.10) and the unit tests (in the app's venv) share it. Only a short message that is a
choice is read as one ("the 2nd one please", "tamam ilkiyle değiştirelim"); "ship the SSD
first", "ilk önce ssd'yi gönderin" ("first of all") or "my first order" are not.
"""

from __future__ import annotations

import re

LAST = -1
MAX_WORDS = 6

_ENGLISH = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": LAST,
}
_TURKISH = {
    "ilk": 1,
    "birinci": 1,
    "ikinci": 2,
    "üçüncü": 3,
    "ucuncu": 3,
    "dördüncü": 4,
    "dorduncu": 4,
    "beşinci": 5,
    "besinci": 5,
    "sonuncu": LAST,
    "son": LAST,
}
# "the first one", "first option", "the 2nd", "last one": an English ordinal needs "the" before
# it or a noun after it, so "ship the SSD first" is not a choice.
_ENGLISH_CHOICE = re.compile(
    r"(?:\bthe\s+(?P<a>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b"
    r"|\b(?P<b>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+"
    r"(?:one|option|choice|item|product|suggestion|alternative)s?\b)"
)
# Turkish endings on an ordinal: "ilki", "ilkini", "ilkiyle", "ikincisi", "ikinciyi",
# "ikinciyle", "üçüncüsünü", "sonuncusuyla", "sondaki", "birincisiyle".
_SUFFIX = r"(?:s?[ıiuü](?:n[ıiuü]|yl[ae])?|y[ıiuü]|yl[ae]|d[ae]ki(?:n[ıiuü]|yl[ae])?|ki)?"
_TURKISH_CHOICE = re.compile(
    r"(?<![\w.])(?P<t>sonuncu|son|ilk|birinci|ikinci|[üu][çc][üu]nc[üu]|d[öo]rd[üu]nc[üu]"
    r"|be[şs]inci)(?P<s>" + _SUFFIX + r")(?![\w])"
    # "ilk önce" / "ilk olarak" is "first of all"; "son bir şey" "one last thing".
    r"(?!\s+(?:[öo]nce|olarak|defa|kez|ba[şs]ta|kez|bir|sipari[şs]\w*|mesaj\w*))"
)
# "option 2", "number 2", "#2", "no 2", "seçenek 2", "2 numara", "2. olan", "2.si", "2.yi".
_NUMBERED = re.compile(
    r"(?:\b(?:option|choice|number|no\.?|se[çc]enek|numara)\s*#?|#)\s*(?P<n>[1-5])(?![\d.,])"
    r"|(?<![\w.,])(?P<m>[1-5])(?:\s*numara(?:l[ıi])?\b|\.\s*(?:olan\w*|s[ıiuü]\w*|y[ıiuü]\w*"
    r"|n[ıiuü]\b|ci\w*|cı\w*|nci\w*|$))"
)
_DIGITS = re.compile(r"\d")


def choice_index(text: str | None) -> int | None:
    """The 1-based place of the choice the message picks, `LAST` (-1) for the last one; None when
    the message is not a choice by place."""
    if not text or text.lstrip().startswith("/"):
        return None
    lowered = text.replace("İ", "i").replace("\u0307", "").lower().strip()
    if len(lowered.split()) > MAX_WORDS:
        return None
    numbered = _NUMBERED.search(lowered)
    if numbered:
        return int(numbered.group("n") or numbered.group("m"))
    if _DIGITS.search(lowered.replace("1st", "").replace("2nd", "").replace("3rd", "")):
        return None  # an order number, a model number: more than a place in a list
    english = _ENGLISH_CHOICE.search(lowered)
    if english:
        return _ENGLISH[english.group("a") or english.group("b")]
    turkish = _TURKISH_CHOICE.search(lowered)
    if turkish:
        word, suffix = turkish.group("t"), turkish.group("s")
        if word == "son" and not suffix:
            return None  # "son" alone is also "end", "latest"
        return _FOLDED_TURKISH.get(_fold(word))
    return None


_ASCII = str.maketrans("üçöşı", "ucosi")


def _fold(word: str) -> str:
    return word.translate(_ASCII)


_FOLDED_TURKISH = {_fold(word): place for word, place in _TURKISH.items()}
