"""Personal data never stored or logged as typed: ID numbers, mobiles and bank cards are masked,
sender ids (openid, phone number) are replaced by a keyed hash.

The assistant never needs any of these to answer, so masking loses nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")

_process_key = secrets.token_bytes(32)


def is_id_number(value: str) -> bool:
    """A mainland resident ID number (GB 11643) with a correct check digit."""
    if not re.fullmatch(r"\d{17}[0-9Xx]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17].upper()


def _luhn(value: str) -> bool:
    digits = [int(d) for d in reversed(value)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def _keep_ends(value: str, head: int, tail: int) -> str:
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def mask_pii(text: str) -> str:
    """Mask valid ID numbers, mobile numbers and Luhn-valid bank card numbers in `text`."""
    text = _ID_NUMBER.sub(lambda m: _keep_ends(m[0], 6, 4) if is_id_number(m[0]) else m[0], text)
    text = _CARD.sub(lambda m: _keep_ends(m[0], 4, 4) if _luhn(m[0]) else m[0], text)
    return _MOBILE.sub(lambda m: _keep_ends(m[0], len(m[0]) - 8, 4), text)


def sender_ref(sender_id: str, key: bytes | None) -> str:
    """A stable pseudonym for logs and records; without a configured key it is stable per process."""
    digest = hmac.new(key or _process_key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"u-{digest[:16]}"
