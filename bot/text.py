"""What the gateway does to text from outside before it goes on to the backend or Rasa.

PostgreSQL cannot store NUL in a text column, and a lone UTF-16 surrogate (which JSON's `\\ud800`
escape can carry) cannot be encoded as UTF-8 at all: either would make the backend refuse a
customer's message, and the message would be lost. Both are dropped or replaced here, and the
rest of the message goes on as written.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def clean_text(text: str) -> str:
    """`text` without NUL, its lone surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def unprintable(text: str) -> bool:
    """True for text that holds control characters or lone surrogates: no name does."""
    return bool(_CONTROL.search(text) or _SURROGATE.search(text))
