"""Personal data never stored or logged as typed: ID numbers, mobiles and bank cards are masked,
sender ids (openid, phone number) are replaced by a keyed hash.

The assistant never needs any of these to answer, so masking loses nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")

_LOCAL_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "sender.key"


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


@lru_cache(maxsize=1)
def local_key(path: Path = _LOCAL_KEY_FILE) -> bytes:
    """Without ONETRIP_SECRET_KEY: a random key made once per installation (var/, not in git),
    so the Rasa server and the action server give a citizen the same pseudonym."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(secrets.token_bytes(32))
    except FileExistsError:
        pass
    return path.read_bytes()


def sender_ref(sender_id: str, key: bytes | None) -> str:
    """A stable pseudonym for logs and records: a keyed hash, so it cannot be reversed by hashing
    every openid or phone number."""
    digest = hmac.new(key or local_key(), sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"u-{digest[:16]}"
