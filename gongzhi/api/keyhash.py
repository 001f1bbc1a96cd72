"""How a key is stored: the SHA-256 of the whole key (256 random bits need no slow hash)."""

from __future__ import annotations

import hashlib


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
