"""Pinyin initials for searching Chinese names with a Latin keyboard (城乡建设 → "cxjs")."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_initials(text: str) -> str:
    """The lowercase initial of each character's pinyin; Latin letters and digits kept, the rest dropped.

    Phrases are read as phrases, so polyphonic characters take their reading in context
    (银行 → "yh", 行政 → "xz").
    """
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER)  # non-Chinese text is kept as it is
    return "".join(ch for ch in "".join(letters).lower() if ch.isascii() and ch.isalnum())
