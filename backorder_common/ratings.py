"""Ratings typed by a customer, 1-5: "4/5", "2 out of 5", "3 stars", "rating: 4", "beş", "10
üzerinden 8". Read by the action server (actions/feedback.py stores them) and by the NLU
(rasa_components/rating_guard.py: a message that gives one is feedback, whatever its words)."""

from __future__ import annotations

import re

# Ratings are 1-5. Typed, they come as a digit or a number word ("5", "four", "beş"), with a
# unit ("3 stars", "5 puan", "4 yıldız"), a label ("rating: 4", "puanım 4", "puan olarak 3"),
# or on a scale of 5 or 10 ("4/5", "2 out of 5", "8/10", Turkish "10 üzerinden 8" with the scale
# first), which is brought to 1-5 (8 of 10 is 4).
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "uc": 3,
    "üc": 3,
    "uç": 3,
    "dört": 4,
    "dort": 4,
    "beş": 5,
    "bes": 5,
}
_NUMBER = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# ("5⭐": the star typed as an emoji; set BJ #50 was asked the rating again.)
_UNIT = r"(?:stars?|points?|puan\w*|y[ıi]ld[ıi]z\w*|⭐+|★+)"
# ("also rate 5⭐", "I'd rate you 4", "rate the chat 3")
_LABEL = (
    r"(?:(?:my\s+)?rating|rate(?:\s+(?:you|it|this|the\s+(?:chat|bot|shop|service)))?"
    r"|puan[ıi]m|puan(?:[ıi]m)?\s+olarak|notum|oy(?:um)?)"
)
_SCALES = (5, 10)
# "4/5", "8 / 10", "2 out of 5", "8 over 10": the rating before its scale.
_ON_SCALE = re.compile(r"(?<![\d/.,])(\d{1,2})\s*(?:/|out of|over)\s*(\d{1,2})(?![\d/.,]\d)", re.I)
# Turkish: "10 üzerinden 8", "5 uzerinden 4": the scale first.
_SCALE_FIRST = re.compile(r"(?<![\d.,])(\d{1,2})\s*[üu]zerinden\s*" + _NUMBER + r"\b", re.I)
_WITH_UNIT = re.compile(rf"(?<![\w.,]){_NUMBER}\s*{_UNIT}", re.I)
_LABELLED = re.compile(rf"\b{_LABEL}\s*(?:is\s*|:\s*|=\s*)?{_NUMBER}(?![\w.,]\d)", re.I)
# "5 veriyorum", "4 veririm", "3 verdim": a number the customer gives.
_GIVEN = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s*(?:ver(?:iyorum|irim|dim|eyim|cem|ece[gğ]im))\b", re.I
)
# The whole message is a rating: "5", "4/5", "3 stars", "rating: 4", "beş", "5 puan".
RATING_ONLY = re.compile(
    rf"^\s*(?:{_LABEL}:?\s*(?:is\s*)?)?{_NUMBER}\s*(?:/\s*(?:5|10)|{_UNIT}|out of (?:5|10))?"
    r"\s*[.!]*\s*$",
    re.I,
)
# Right after the bot asked for a rating: "2, the bot is slow", "4 - quick answers", "3 meh",
# "beş, çok hızlı": a leading number (a number word only before a comma, dash or stop, since
# "bir" is also Turkish for "a").
RATING_FIRST = re.compile(
    rf"^\s*(?:{_LABEL}:?\s*(?:is\s*)?)?(?:([1-5])(?![\d.,]\d)|"
    + "("
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?=\s*(?:[,.!\-–]|$)))",
    re.I,
)


def value_of(number: str) -> int:
    """A rating's number, written as digits or as a word ("four", "beş")."""
    return _NUMBER_WORDS.get(number.lower()) or int(number)


def _on_scale(value: int, scale: int) -> int | None:
    """`value` out of `scale` (5 or 10) as 1-5, halves rounded up: 8/10 is 4, 7/10 is 4."""
    if scale not in _SCALES or not 0 < value <= scale:
        return None
    return max(1, min(5, int(value * 5 / scale + 0.5)))


# "this is not a 5 star experience": a number said to be not the rating.
# (The whole number: "Moda Cad. No 12" is an address, not "no 1" and a rating of 2.)
_NOT_THE_RATING = re.compile(r"\b(?:not|no|isn'?t|wasn'?t|hardly|değil)\b[^.?!\d]{0,8}\d+", re.I)


def rating_in(text: str) -> int | None:
    """The rating (1-5) the text gives, or None."""
    if not text:
        return None
    negated = _NOT_THE_RATING.search(text)
    if negated:
        # "4 üzerinden değil 5 üzerinden 4 veriyorum": the rating said after the number that
        # isn't it; "this is not a 5 star experience": none.
        return rating_in(text[negated.end() :].lstrip(" .,"))
    match = _ON_SCALE.search(text)
    if match:
        return _on_scale(int(match.group(1)), int(match.group(2)))
    match = _SCALE_FIRST.search(text)
    if match:
        return _on_scale(value_of(match.group(2)), int(match.group(1)))
    match = RATING_ONLY.match(text) or _WITH_UNIT.search(text) or _LABELLED.search(text)
    match = match or _GIVEN.search(text)
    if match is None:
        return None
    value = value_of(next(group for group in match.groups() if group))
    if 1 <= value <= 5:
        return value
    # "8 puan", "rating 9": more than 5 is read as out of 10.
    return _on_scale(value, 10)


def states_a_rating(text: str) -> bool:
    """Whether the text gives a rating in a way nothing else is said: on a scale ("2/5", "8 out
    of 10", "10 üzerinden 8"), with a unit ("3 stars", "4 yıldız") or a label ("rating: 4"); a
    bare number ("2") is a rating only as the answer to the rating question."""
    if not text or text.startswith("/"):
        return False
    stated = (
        _ON_SCALE.search(text)
        or _SCALE_FIRST.search(text)
        or _WITH_UNIT.search(text)
        or _LABELLED.search(text)
    )
    return stated is not None and rating_in(text) is not None


# Asking to leave feedback: "i want to leave feedback for order 100180", "can I rate you",
# "geri bildirim bırakmak istiyorum".
_LEAVES_FEEDBACK = re.compile(
    r"\b(?:leave|give|write|submit|send|share|post)\b[^.?!]{0,20}\b(?:feedback|a review|review"
    r"|a rating|rating)\b|\bi(?:'d| would)? (?:like|want|wanna) to rate\b|\bcan i rate\b"
    r"|\bgeri ?bildirim\w*|\bde[ğg]erlendirme\w* (?:yap|b[ıi]rak|yaz)\w*"
    r"|\bpuan (?:vermek|verebilir)\w*",
    re.IGNORECASE,
)


def asks_to_leave_feedback(text: str) -> bool:
    return _LEAVES_FEEDBACK.search(text or "") is not None
