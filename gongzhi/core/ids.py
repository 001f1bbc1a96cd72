"""Identifiers shown to people: short, unambiguous, unguessable."""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

# Crockford's base32 without I, L, O, U: nothing to misread over the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SHANGHAI = ZoneInfo("Asia/Shanghai")


def tracking_code(now: datetime, *, prefix: str = "GZ") -> str:
    """``GZ261129-7KQ3M``: the local date for people, five random symbols (32⁵ ≈ 33 M a day)."""
    day = now.astimezone(_SHANGHAI).strftime("%y%m%d")
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(5))
    return f"{prefix}{day}-{tail}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_is_valid(value: str) -> bool:
    """GB 11643-1999 citizen identity number: 17 digits and an ISO 7064 MOD 11-2 check character."""
    value = value.strip().upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def resident_id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def phone_is_valid(value: str) -> bool:
    """A mainland mobile (11 digits from 1) or a fixed line with area code (0xxx-xxxxxxx)."""
    digits = value.replace("-", "").replace(" ", "")
    if not digits.isdigit():
        return False
    if len(digits) == 11 and digits.startswith("1"):
        return True
    return digits.startswith("0") and 10 <= len(digits) <= 12
